/**
 * Approvals kept as work items ("QT Approval" records): how each approval maps to a work item's fields, and how
 * the records' revisions, as Azure DevOps stamped them, become the approvals the verdict counts.
 *
 * One record per approval. What a record says (its content) is its QT fields, its state, its area and its note.
 * A record counts only when Azure DevOps vouches for it (record-evidence.ts): the revision that made its content was
 * stamped with an identity the settings list as an assurer of the record's body (any assurer for a submission; an
 * entry record without a body is the participant's own claim, and anyone's stamp stands for it). A revoked record
 * is a record whose state an assurer set to Revoked. Records that do not count are returned as problems, each
 * saying which record and why, so an approval that stops counting never does so silently.
 */
import {
  Approvals,
  EntryItemRecord,
  SIGN_OFF_DECISIONS,
  SignOffDecision,
  MitigationAgreement,
  ReportSubmission,
  ResultRef,
  ScopeBaseline,
  ScopePoint,
  Revocation,
  SignOff,
  Waiver,
  emptyApprovals,
} from "./approvals";
import { UserRef } from "./audit";
import { Evidence, RecordRevision, StampedIdentity, evidenceOf, identityOf } from "./record-evidence";
import { Settings } from "./settings";
import { SETTINGS_KIND } from "./settings-record";

export const RECORD_FIELDS = {
  kind: "Custom.QTRecordKind",
  participantRole: "Custom.QTParticipantRole",
  window: "Custom.QTWindow",
  body: "Custom.QTBody",
  subject: "Custom.QTSubject",
  terms: "Custom.QTTerms",
  note: "System.Description",
  state: "System.State",
  area: "System.AreaPath",
  /** True once the record is in the recycle bin: deleting a record changes what it says, like any other edit. */
  deleted: "System.IsDeleted",
} as const;

export const APPROVED = "Approved";
export const REVOKED = "Revoked";

export type RecordKind = "waiver" | "descope" | "mitigation" | "entry" | "signoff" | "submission" | "scope";
const KINDS: readonly RecordKind[] = ["waiver", "descope", "mitigation", "entry", "signoff", "submission", "scope"];

/** One work item's revisions, as the reporting revisions API gave them (identities as references). */
export interface RecordHistory {
  id: number;
  revisions: { rev: number; fields: Readonly<Record<string, unknown>> }[];
}

/** A record that does not count, and why. */
export interface RecordProblem {
  id: number;
  participantRole?: string;
  evidence: Evidence["status"] | "unreadable" | "deleted";
  message: string;
}

export interface RecordedApprovals {
  /** The approvals the records vouched for, per participant-role, in the order they were approved. */
  byParticipantRole: Map<string, Approvals>;
  problems: RecordProblem[];
  /** The work item behind each counted approval (to revoke it). */
  recordOf: WeakMap<object, number>;
}

const text = (value: unknown) =>
  typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);

const isDeleted = (fields: Readonly<Record<string, unknown>>) =>
  fields[RECORD_FIELDS.deleted] === true || text(fields[RECORD_FIELDS.deleted]).toLowerCase() === "true";

const who = (identity: StampedIdentity) => identity.displayName ?? identity.uniqueName ?? identity.id;

const userRef = (identity: StampedIdentity): UserRef => ({
  id: identity.id,
  displayName: identity.displayName ?? identity.uniqueName ?? identity.id,
  ...(identity.uniqueName ? { uniqueName: identity.uniqueName } : {}),
});

function contentOf(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.values(RECORD_FIELDS).map((name) => [
      name,
      name === RECORD_FIELDS.deleted ? (isDeleted(fields) ? "true" : "") : text(fields[name]),
    ]),
  );
}

/** Whether the identity is an assurer of `body` in the settings (by unique name or id); any assurer when no body. */
export function isAssurer(settings: Settings, identity: StampedIdentity, body: string | undefined): boolean {
  const names = [identity.id, identity.uniqueName].filter((n): n is string => Boolean(n)).map((n) => n.toLowerCase());
  return settings.assurers.some(
    (a) => (body === undefined || a.body === body) && names.includes(a.user.trim().toLowerCase()),
  );
}

function mayVouchFor(settings: Settings) {
  return (identity: StampedIdentity, content: Readonly<Record<string, unknown>>) => {
    const kind = content[RECORD_FIELDS.kind];
    const body = text(content[RECORD_FIELDS.body]);
    if (kind === "entry" && body === "") return true;
    return isAssurer(settings, identity, kind === "submission" ? undefined : body);
  };
}

/** A result reference kept in a record's terms; undefined unless it is one. */
function resultOf(value: unknown): ResultRef | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const id = (x: unknown) => (x === null ? null : Number.isSafeInteger(x) ? (x as number) : undefined);
  const runId = id(v.runId);
  const resultId = id(v.resultId);
  return runId === undefined || resultId === undefined ? undefined : { runId, resultId };
}

/** A scope point kept in a record's terms; undefined unless it is one. */
function scopePointOf(value: unknown): ScopePoint | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const ids = [v.pointId, v.testCaseId, v.planId, v.suiteId];
  if (!ids.every((x) => Number.isSafeInteger(x) && (x as number) > 0)) return undefined;
  return {
    pointId: v.pointId as number,
    testCaseId: v.testCaseId as number,
    planId: v.planId as number,
    suiteId: v.suiteId as number,
    ...(typeof v.title === "string" ? { title: v.title } : {}),
    ...(typeof v.configurationName === "string" ? { configurationName: v.configurationName } : {}),
  };
}

function parseTerms(value: unknown): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text(value) || "{}");
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    throw new Error("its terms are not JSON");
  }
}

interface Counted {
  kind: RecordKind;
  participantRole: string;
  at: string;
  add: (approvals: Approvals) => object;
}

/** Turns one vouched record into the approval it stands for. */
function countedRecord(history: RecordHistory, evidence: Extract<Evidence, { status: "vouched" }>): Counted {
  const first = history.revisions[0];
  const last = history.revisions[history.revisions.length - 1].fields;
  const kind = text(last[RECORD_FIELDS.kind]) as RecordKind;
  if (!KINDS.includes(kind))
    throw new Error(`its kind "${text(last[RECORD_FIELDS.kind])}" is not one of ${KINDS.join(", ")}`);
  const participantRole = text(last[RECORD_FIELDS.participantRole]).toUpperCase();
  if (participantRole === "") throw new Error("it names no participant-role");
  const window = text(last[RECORD_FIELDS.window]);
  const body = text(last[RECORD_FIELDS.body]);
  const subject = text(last[RECORD_FIELDS.subject]);
  const note = text(last[RECORD_FIELDS.note]);
  const terms = parseTerms(last[RECORD_FIELDS.terms]);
  const state = text(last[RECORD_FIELDS.state]);
  // Who approved: whoever first wrote the record as it was approved; for a record still approved, the vouched maker.
  const creator = identityOf(first.fields["System.CreatedBy"]) ?? identityOf(first.fields["System.ChangedBy"]);
  const approvedBy = state === REVOKED ? (creator ?? evidence.by) : evidence.by;
  const approvedAt = state === REVOKED ? text(first.fields["System.CreatedDate"]) || evidence.at : evidence.at;
  const revoked: Revocation | undefined =
    state === REVOKED ? { by: userRef(evidence.by), at: evidence.at, reason: text(terms.revocationReason) } : undefined;
  const number = (what: string) => {
    const n = Number(subject);
    if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`its subject "${subject}" is not a ${what} id`);
    return n;
  };
  const by = userRef(approvedBy);
  const base = { participantRole, at: approvedAt };
  switch (kind) {
    case "waiver":
    case "descope": {
      const waiver: Waiver = {
        participantRole,
        window,
        pointId: number("test point"),
        testCaseId: Number(terms.testCaseId),
        kind,
        outcomeAtApproval: text(terms.outcomeAtApproval),
        ...(resultOf(terms.resultAtApproval) ? { resultAtApproval: resultOf(terms.resultAtApproval) } : {}),
        reason: note,
        body,
        approvedBy: by,
        approvedAt,
        ...(revoked ? { revoked } : {}),
      };
      return { ...base, kind, add: (a) => (a.waivers.push(waiver), waiver) };
    }
    case "mitigation": {
      const agreed = (terms.agreed ?? {}) as Record<string, unknown>;
      const agreement: MitigationAgreement = {
        participantRole,
        defectId: number("defect"),
        agreed: { severity: text(agreed.severity), impact: text(agreed.impact), mitigation: text(agreed.mitigation) },
        ...(note ? { note } : {}),
        body,
        agreedBy: by,
        agreedAt: approvedAt,
        ...(revoked ? { revoked } : {}),
      };
      return { ...base, kind, add: (a) => (a.mitigationAgreements.push(agreement), agreement) };
    }
    case "entry": {
      const status = text(terms.status) as EntryItemRecord["status"];
      // A decision is a Code Body's: it must name the body, so that only that body's assurer can vouch for it.
      if ((status === "accepted" || status === "rejected") && body === "")
        throw new Error(`it ${status} an entry item without naming the Code Body that decided`);
      const record: EntryItemRecord = {
        participantRole,
        ...(body !== "" ? { body } : {}),
        ...(window !== "" || terms.perWindow === true ? { window } : {}),
        itemId: subject,
        status,
        ...(terms.evidenceUrl ? { evidenceUrl: text(terms.evidenceUrl) } : {}),
        ...(note ? { note } : {}),
        by,
        at: approvedAt,
      };
      return { ...base, kind, add: (a) => (a.entryItems.push(record), record) };
    }
    case "signoff": {
      const decision = text(terms.decision) as SignOffDecision;
      if (!SIGN_OFF_DECISIONS.includes(decision))
        throw new Error(`its decision "${decision}" is not one of ${SIGN_OFF_DECISIONS.join(", ")}`);
      const reportSha256 = text(terms.reportSha256);
      if (reportSha256 !== "" && !/^[0-9a-f]{64}$/.test(reportSha256))
        throw new Error("the report it decides on is not named by a SHA-256");
      const signOff: SignOff = {
        participantRole,
        window,
        body,
        decision,
        ...(reportSha256 ? { reportSha256 } : {}),
        ...(note ? { note } : {}),
        by,
        at: approvedAt,
        ...(revoked ? { revoked } : {}),
      };
      return { ...base, kind, add: (a) => (a.signOffs.push(signOff), signOff) };
    }
    case "scope": {
      const points = Array.isArray(terms.points) ? terms.points.map(scopePointOf) : undefined;
      if (!points || points.some((p) => p === undefined) || points.length === 0)
        throw new Error("its terms do not list the test points in scope");
      const baseline: ScopeBaseline = {
        participantRole,
        window,
        body,
        points: points as ScopePoint[],
        ...(note ? { note } : {}),
        by,
        at: approvedAt,
        ...(revoked ? { revoked } : {}),
      };
      return { ...base, kind, add: (a) => ((a.scopes ??= []).push(baseline), baseline) };
    }
    case "submission": {
      if (!/^[0-9a-f]{64}$/.test(subject)) throw new Error("its subject is not a report's SHA-256");
      const submission: ReportSubmission = {
        participantRole,
        window,
        sha256: subject,
        verdictAtSubmission: text(terms.verdictAtSubmission),
        submittedBy: by,
        submittedAt: approvedAt,
      };
      return { ...base, kind, add: (a) => (a.submissions.push(submission), submission) };
    }
  }
}

/** Every record's histories → the approvals Azure DevOps vouches for, and the records that do not count. */
export function approvalsFromRecords(histories: readonly RecordHistory[], settings: Settings): RecordedApprovals {
  const mayVouch = mayVouchFor(settings);
  const problems: RecordProblem[] = [];
  const counted: { id: number; record: Counted }[] = [];
  for (const history of histories) {
    if (history.revisions.length === 0) continue;
    // The settings' own record (core/settings-record.ts); a record that was ever anything else is judged here.
    if (history.revisions.every((r) => r.fields[RECORD_FIELDS.kind] === SETTINGS_KIND)) continue;
    const ordered = [...history.revisions].sort((a, b) => a.rev - b.rev);
    const last = ordered[ordered.length - 1].fields;
    const participantRole = text(last[RECORD_FIELDS.participantRole]).toUpperCase() || undefined;
    const revisions: RecordRevision[] = ordered.map((r) => ({
      rev: r.rev,
      changedBy: identityOf(r.fields["System.ChangedBy"]),
      authorizedAs: identityOf(r.fields["System.AuthorizedAs"]),
      changedDate: text(r.fields["System.ChangedDate"]),
      content: contentOf(r.fields),
    }));
    const evidence = evidenceOf(revisions, mayVouch);
    if (evidence.status === "vouched" && isDeleted(last)) {
      problems.push({
        id: history.id,
        participantRole,
        evidence: "deleted",
        message: `Record #${history.id} does not count: ${who(evidence.by)} deleted it on ${evidence.at.slice(0, 10)}.`,
      });
      continue;
    }
    if (evidence.status !== "vouched") {
      const deletedBy =
        isDeleted(last) && evidence.by ? `${who(evidence.by)} deleted it (revision ${evidence.rev}); ` : "";
      problems.push({
        id: history.id,
        participantRole,
        evidence: evidence.status,
        message: `Record #${history.id} does not count: ${deletedBy}${evidence.reason}`,
      });
      continue;
    }
    try {
      counted.push({ id: history.id, record: countedRecord({ id: history.id, revisions: ordered }, evidence) });
    } catch (error) {
      problems.push({
        id: history.id,
        participantRole,
        evidence: "unreadable",
        message: `Record #${history.id} does not count: ${error instanceof Error ? error.message : String(error)}.`,
      });
    }
  }
  // In the order approved, as the document kept them: the latest record for a subject is the one that stands.
  counted.sort((a, b) => a.record.at.localeCompare(b.record.at) || a.id - b.id);
  const byParticipantRole = new Map<string, Approvals>();
  const recordOf = new WeakMap<object, number>();
  for (const { id, record } of counted) {
    const approvals = byParticipantRole.get(record.participantRole) ?? emptyApprovals();
    byParticipantRole.set(record.participantRole, approvals);
    recordOf.set(record.add(approvals), id);
  }
  return { byParticipantRole, problems, recordOf };
}

/** The fields of the record that keeps an approval (waiver, agreement, entry decision, sign-off or submission). */
export function recordFields(
  kind: RecordKind,
  approval: Waiver | MitigationAgreement | EntryItemRecord | SignOff | ReportSubmission | ScopeBaseline,
): Record<string, string> {
  const a = approval as unknown as Record<string, unknown>;
  const terms =
    kind === "waiver" || kind === "descope"
      ? {
          testCaseId: a.testCaseId,
          outcomeAtApproval: a.outcomeAtApproval,
          ...(a.resultAtApproval ? { resultAtApproval: a.resultAtApproval } : {}),
        }
      : kind === "mitigation"
        ? { agreed: a.agreed }
        : kind === "entry"
          ? {
              status: a.status,
              ...(a.evidenceUrl ? { evidenceUrl: a.evidenceUrl } : {}),
              // A SIT-route entry is for the window "": said outright, as an empty field also means "made before
              // entry was per window".
              ...(a.window !== undefined ? { perWindow: true } : {}),
            }
          : kind === "signoff"
            ? { decision: a.decision, ...(a.reportSha256 ? { reportSha256: a.reportSha256 } : {}) }
            : kind === "scope"
              ? { points: a.points }
              : { verdictAtSubmission: a.verdictAtSubmission };
  const subject =
    kind === "waiver" || kind === "descope"
      ? a.pointId
      : kind === "mitigation"
        ? a.defectId
        : kind === "entry"
          ? a.itemId
          : kind === "submission"
            ? a.sha256
            : "";
  return {
    "System.Title": `QT ${kind}: ${text(a.participantRole)}${subject !== "" ? ` ${text(subject)}` : ""}`,
    [RECORD_FIELDS.kind]: kind,
    [RECORD_FIELDS.participantRole]: text(a.participantRole),
    [RECORD_FIELDS.window]: text(a.window),
    [RECORD_FIELDS.body]: text(a.body),
    [RECORD_FIELDS.subject]: text(subject),
    [RECORD_FIELDS.terms]: JSON.stringify(terms),
    [RECORD_FIELDS.note]: text(a.reason ?? a.note),
    [RECORD_FIELDS.state]: APPROVED,
  };
}
