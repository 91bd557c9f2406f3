import { AuditEntry, UserRef, appendAudit } from "./audit";
import { EntryItemStatus } from "./entry-criteria";
import { ParticipantRoleKey } from "./participant-role";
import { Result, fail, ok } from "./result";
import { GoverningBody } from "./roles";
import { Settings } from "./settings";

export const APPROVALS_SCHEMA_VERSION = 1;

export interface Revocation {
  by: UserRef;
  at: string;
  reason: string;
}

/** Code Body approval for a test point that will not pass: failed/blocked accepted, or not run/descoped. */
export interface Waiver {
  participantRole: ParticipantRoleKey;
  window: string;
  pointId: number;
  testCaseId: number;
  kind: "waiver" | "descope";
  /** The outcome the approval was given for; if the point's outcome later changes, the waiver is stale. */
  outcomeAtApproval: string;
  /**
   * The result the approval was given for (null: the point had none); any other result later, even with the same
   * outcome, makes the waiver stale. Absent on waivers recorded before results were bound: the outcome alone decides.
   */
  resultAtApproval?: ResultRef;
  reason: string;
  body: GoverningBody;
  approvedBy: UserRef;
  approvedAt: string;
  revoked?: Revocation;
}

/** A test point's latest result, as Azure DevOps numbers it: the run and the result in it (null when never run). */
export interface ResultRef {
  runId: number | null;
  resultId: number | null;
}

/** What was agreed for a Sev3/Sev4 defect: if any of it changes afterwards, the agreement is stale. */
export interface AgreedContent {
  severity: string;
  impact: string;
  mitigation: string;
}

export interface MitigationAgreement {
  participantRole: ParticipantRoleKey;
  defectId: number;
  agreed: AgreedContent;
  note?: string;
  body: GoverningBody;
  agreedBy: UserRef;
  agreedAt: string;
  revoked?: Revocation;
}

/** One status change of an entry-criteria item; the latest record per item and window is its state. */
export interface EntryItemRecord {
  participantRole: ParticipantRoleKey;
  /**
   * The window the entry is for: a re-entry follows every entry criterion again (QA&P §11.3.3, scenarios 3 and 5).
   * Absent on records made before entry was per window; they count only for a participant-role's first window.
   */
  window?: string;
  itemId: string;
  status: EntryItemStatus;
  /**
   * The Code Body that decided (accepted or rejected); a decision counts only from an assurer of that body, as
   * Azure DevOps stamps it. Absent on a participant's own claim (submitted, not started).
   */
  body?: GoverningBody;
  evidenceUrl?: string;
  note?: string;
  by: UserRef;
  at: string;
}

/**
 * A Code Body's word on a participant-role's window (QA&P §11.3.3, §15): its review of the submitted report
 * (accepted, or returned with findings) and its sign-off (approved or rejected).
 */
export type SignOffDecision = "accepted" | "returned" | "approved" | "rejected";
export const SIGN_OFF_DECISIONS: readonly SignOffDecision[] = ["accepted", "returned", "approved", "rejected"];

export interface SignOff {
  participantRole: ParticipantRoleKey;
  window: string;
  body: GoverningBody;
  decision: SignOffDecision;
  /**
   * The submitted QT Completion Report the decision is about (its SHA-256): on the QT route a decision counts only
   * for that report, and a new submission needs deciding again. Absent on the SIT route, which has no such report.
   */
  reportSha256?: string;
  note?: string;
  by: UserRef;
  at: string;
  revoked?: Revocation;
}

/** A test point as the scope baseline names it. */
export interface ScopePoint {
  pointId: number;
  testCaseId: number;
  planId: number;
  suiteId: number;
  title?: string;
  configurationName?: string;
}

/**
 * The scope a Code Body approved at entry (QA&P §11.3.3: "test cases are approved and loaded"): the test points in
 * scope for the window. A point of the baseline that leaves the plans, or is deactivated, stays in scope until the
 * Code Body approves its descope; points added later are in scope too. The latest unrevoked baseline stands.
 */
export interface ScopeBaseline {
  participantRole: ParticipantRoleKey;
  window: string;
  body: GoverningBody;
  points: ScopePoint[];
  note?: string;
  by: UserRef;
  at: string;
  revoked?: Revocation;
}

/** A submitted completion report: the snapshot itself is stored (immutably) by its hash. */
export interface ReportSubmission {
  participantRole: ParticipantRoleKey;
  window: string;
  sha256: string;
  /** The verdict the report showed: only a report showing E1–E4 met satisfies E5. */
  verdictAtSubmission: string;
  submittedBy: UserRef;
  submittedAt: string;
}

export interface Approvals {
  schemaVersion: typeof APPROVALS_SCHEMA_VERSION;
  waivers: Waiver[];
  mitigationAgreements: MitigationAgreement[];
  entryItems: EntryItemRecord[];
  signOffs: SignOff[];
  submissions: ReportSubmission[];
  /** Absent in documents written before scope baselines existed: none recorded. */
  scopes?: ScopeBaseline[];
  audit: AuditEntry[];
}

export function emptyApprovals(): Approvals {
  return {
    schemaVersion: APPROVALS_SCHEMA_VERSION,
    waivers: [],
    mitigationAgreements: [],
    entryItems: [],
    signOffs: [],
    submissions: [],
    scopes: [],
    audit: [],
  };
}

/** Text fields compare without regard to surrounding or repeated white space (editors add and drop it). */
export function normaliseText(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? value : String(value);
  // Most values are plain text with single spaces: skip the regular expressions for them.
  if (!/[<&]|\s\s|[\t\n\r\f\v\u00a0]/.test(text)) return text.trim();
  return text
    .replace(/<[^>]*>/g, " ") // ADO HTML fields: compare the words, not the markup
    .replace(/&nbsp;/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Whether the user may record approvals for the body. Extension data cannot enforce this server-side. */
export function isAssurerFor(settings: Settings, user: UserRef, body: GoverningBody): boolean {
  const ids = [user.id, user.uniqueName].filter((x): x is string => !!x).map((x) => x.toLowerCase());
  return settings.assurers.some((a) => a.body === body && ids.includes(a.user.toLowerCase()));
}

function requireAssurer(settings: Settings, user: UserRef, body: GoverningBody): string | undefined {
  return isAssurerFor(settings, user, body)
    ? undefined
    : `${user.displayName} is not listed as a ${body} assurer in settings, so cannot record ${body} approvals.`;
}

function requireText(label: string, value: string | undefined): string | undefined {
  return value && value.trim().length > 0 ? undefined : `${label} is required.`;
}

const withAudit = (
  approvals: Approvals,
  change: Partial<Approvals>,
  by: UserRef,
  action: string,
  subject: string,
  detail: string,
  now: Date,
): Approvals => ({
  ...approvals,
  ...change,
  audit: appendAudit(approvals.audit, { by, action, subject, detail }, now),
});

export interface WaiverInput {
  participantRole: ParticipantRoleKey;
  window: string;
  pointId: number;
  testCaseId: number;
  outcome: string;
  /** The point's latest result when the assurer saw it; binds the waiver to it. */
  result?: ResultRef;
  kind: Waiver["kind"];
  reason: string;
  body: GoverningBody;
}

export function recordWaiver(
  approvals: Approvals,
  settings: Settings,
  input: WaiverInput,
  by: UserRef,
  now: Date,
): Result<Approvals> {
  const problem = requireAssurer(settings, by, input.body) ?? requireText("A reason", input.reason);
  if (problem) return fail(problem);
  const waiver: Waiver = {
    participantRole: input.participantRole,
    window: input.window,
    pointId: input.pointId,
    testCaseId: input.testCaseId,
    kind: input.kind,
    outcomeAtApproval: input.outcome,
    ...(input.result ? { resultAtApproval: { runId: input.result.runId, resultId: input.result.resultId } } : {}),
    reason: input.reason.trim(),
    body: input.body,
    approvedBy: by,
    approvedAt: now.toISOString(),
  };
  return ok(
    withAudit(
      approvals,
      { waivers: [...approvals.waivers, waiver] },
      by,
      input.kind === "descope" ? "descope.recorded" : "waiver.recorded",
      `${input.participantRole} point ${input.pointId}`,
      `${input.body}: ${input.outcome} accepted (test case ${input.testCaseId}): ${waiver.reason}`,
      now,
    ),
  );
}

/**
 * Revokes the point's current waiver for that window, which must be the one the assurer saw (`approvedAt`): a
 * change re-applied after a write conflict must not revoke a waiver someone else recorded in between.
 */
export function revokeWaiver(
  approvals: Approvals,
  settings: Settings,
  target: {
    participantRole: ParticipantRoleKey;
    window: string;
    pointId: number;
    approvedAt: string;
    reason: string;
    /** Whose waiver: each governing body's stands on its own. Absent: the latest of a body the user assures. */
    body?: GoverningBody;
  },
  by: UserRef,
  now: Date,
): Result<Approvals> {
  const index = findLastIndex(
    approvals.waivers,
    (w) =>
      w.participantRole === target.participantRole &&
      w.window === target.window &&
      w.pointId === target.pointId &&
      (target.body ? w.body === target.body : isAssurerFor(settings, by, w.body)),
  );
  if (index < 0 || approvals.waivers[index].revoked) {
    return fail(`Point ${target.pointId} of ${target.participantRole} has no current waiver to revoke.`);
  }
  const current = approvals.waivers[index];
  if (current.approvedAt !== target.approvedAt)
    return fail(
      `The waiver of point ${target.pointId} was replaced by ${current.approvedBy.displayName} at ${current.approvedAt} ` +
        "since you looked at it: nothing was revoked. Look at the new one before revoking it.",
    );
  const problem = requireAssurer(settings, by, current.body) ?? requireText("A reason", target.reason);
  if (problem) return fail(problem);
  const waivers = approvals.waivers.slice();
  waivers[index] = { ...current, revoked: { by, at: now.toISOString(), reason: target.reason.trim() } };
  return ok(
    withAudit(
      approvals,
      { waivers },
      by,
      "waiver.revoked",
      `${target.participantRole} point ${target.pointId}`,
      target.reason.trim(),
      now,
    ),
  );
}

export interface AgreementInput {
  participantRole: ParticipantRoleKey;
  defectId: number;
  /** The defect's current severity, impact and mitigation, exactly as read. */
  severity: unknown;
  impact: unknown;
  mitigation: unknown;
  body: GoverningBody;
  note?: string;
}

export function recordMitigationAgreement(
  approvals: Approvals,
  settings: Settings,
  input: AgreementInput,
  by: UserRef,
  now: Date,
): Result<Approvals> {
  const agreed: AgreedContent = {
    severity: normaliseText(input.severity),
    impact: normaliseText(input.impact),
    mitigation: normaliseText(input.mitigation),
  };
  const problem =
    requireAssurer(settings, by, input.body) ??
    (agreed.impact === "" ? "The defect has no impact assessment yet: there is nothing to agree." : undefined) ??
    (agreed.mitigation === "" ? "The defect has no mitigation plan yet: there is nothing to agree." : undefined);
  if (problem) return fail(problem);
  const agreement: MitigationAgreement = {
    participantRole: input.participantRole,
    defectId: input.defectId,
    agreed,
    note: input.note?.trim() || undefined,
    body: input.body,
    agreedBy: by,
    agreedAt: now.toISOString(),
  };
  return ok(
    withAudit(
      approvals,
      { mitigationAgreements: [...approvals.mitigationAgreements, agreement] },
      by,
      "mitigation.agreed",
      `${input.participantRole} defect ${input.defectId}`,
      `${input.body} agreed the mitigation of a ${agreed.severity || "unrated"} defect`,
      now,
    ),
  );
}

/**
 * Withdraws the defect's current agreement (e.g. agreed in error), which must be the one the assurer saw
 * (`agreedAt`); the defect needs agreeing again.
 */
export function revokeMitigationAgreement(
  approvals: Approvals,
  settings: Settings,
  target: {
    participantRole: ParticipantRoleKey;
    defectId: number;
    agreedAt: string;
    reason: string;
    /** Whose agreement: each governing body's stands on its own. Absent: the latest of a body the user assures. */
    body?: GoverningBody;
  },
  by: UserRef,
  now: Date,
): Result<Approvals> {
  const index = findLastIndex(
    approvals.mitigationAgreements,
    (a) =>
      a.participantRole === target.participantRole &&
      a.defectId === target.defectId &&
      (target.body ? a.body === target.body : isAssurerFor(settings, by, a.body)),
  );
  if (index < 0 || approvals.mitigationAgreements[index].revoked) {
    return fail(`Defect ${target.defectId} of ${target.participantRole} has no current agreement to revoke.`);
  }
  const current = approvals.mitigationAgreements[index];
  if (current.agreedAt !== target.agreedAt)
    return fail(
      `The mitigation agreement of defect ${target.defectId} was replaced by ${current.agreedBy.displayName} at ` +
        `${current.agreedAt} since you looked at it: nothing was revoked. Look at the new one before revoking it.`,
    );
  const problem = requireAssurer(settings, by, current.body) ?? requireText("A reason", target.reason);
  if (problem) return fail(problem);
  const mitigationAgreements = approvals.mitigationAgreements.slice();
  mitigationAgreements[index] = { ...current, revoked: { by, at: now.toISOString(), reason: target.reason.trim() } };
  return ok(
    withAudit(
      approvals,
      { mitigationAgreements },
      by,
      "mitigation.revoked",
      `${target.participantRole} defect ${target.defectId}`,
      target.reason.trim(),
      now,
    ),
  );
}

export interface EntryItemInput {
  participantRole: ParticipantRoleKey;
  /** The window the entry is for (a SIT-route participant-role has none: ""). */
  window?: string;
  itemId: string;
  status: EntryItemStatus;
  evidenceUrl?: string;
  note?: string;
}

/** Participants submit evidence; accepting or rejecting it is a Code Body decision. */
export function recordEntryItem(
  approvals: Approvals,
  settings: Settings,
  input: EntryItemInput,
  body: GoverningBody | undefined,
  by: UserRef,
  now: Date,
): Result<Approvals> {
  if (input.status === "accepted" || input.status === "rejected") {
    if (!body) return fail(`Only a Code Body assurer can mark an entry item ${input.status}.`);
    const problem = requireAssurer(settings, by, body);
    if (problem) return fail(problem);
  }
  if (input.evidenceUrl !== undefined && input.evidenceUrl !== "" && !/^https?:\/\//i.test(input.evidenceUrl)) {
    return fail(`The evidence link must be an http(s) address; "${input.evidenceUrl}" is not.`);
  }
  const record: EntryItemRecord = {
    participantRole: input.participantRole,
    ...(input.window !== undefined ? { window: input.window } : {}),
    itemId: input.itemId,
    status: input.status,
    ...((input.status === "accepted" || input.status === "rejected") && body ? { body } : {}),
    evidenceUrl: input.evidenceUrl || undefined,
    note: input.note?.trim() || undefined,
    by,
    at: now.toISOString(),
  };
  return ok(
    withAudit(
      approvals,
      { entryItems: [...approvals.entryItems, record] },
      by,
      "entry.updated",
      `${input.participantRole} ${input.itemId}`,
      `status ${input.status}${record.evidenceUrl ? ` (evidence ${record.evidenceUrl})` : ""}`,
      now,
    ),
  );
}

export function recordSignOff(
  approvals: Approvals,
  settings: Settings,
  input: Omit<SignOff, "by" | "at" | "revoked">,
  by: UserRef,
  now: Date,
): Result<Approvals> {
  const problem =
    requireAssurer(settings, by, input.body) ??
    (!SIGN_OFF_DECISIONS.includes(input.decision) ? `"${String(input.decision)}" is not a decision.` : undefined) ??
    (input.reportSha256 !== undefined && !/^[0-9a-f]{64}$/.test(input.reportSha256)
      ? "A decision on a report needs the report's SHA-256 (64 hex digits)."
      : undefined) ??
    (input.decision === "returned" || input.decision === "rejected"
      ? requireText(input.decision === "returned" ? "The findings" : "A reason", input.note)
      : undefined);
  if (problem) return fail(problem);
  const signOff: SignOff = { ...input, note: input.note?.trim() || undefined, by, at: now.toISOString() };
  if (signOff.reportSha256 === undefined) delete signOff.reportSha256;
  return ok(
    withAudit(
      approvals,
      { signOffs: [...approvals.signOffs, signOff] },
      by,
      `signoff.${input.decision}`,
      `${input.participantRole} ${input.window}`,
      `${input.body} ${input.decision}${input.reportSha256 ? ` report ${input.reportSha256.slice(0, 12)}` : ""}${signOff.note ? `: ${signOff.note}` : ""}`,
      now,
    ),
  );
}

export function recordScopeBaseline(
  approvals: Approvals,
  settings: Settings,
  input: Omit<ScopeBaseline, "by" | "at" | "revoked">,
  by: UserRef,
  now: Date,
): Result<Approvals> {
  const problem =
    requireAssurer(settings, by, input.body) ??
    (input.points.length === 0 ? "A scope baseline needs the test points in scope: there are none." : undefined);
  if (problem) return fail(problem);
  const baseline: ScopeBaseline = {
    ...input,
    points: input.points.map((p) => ({ ...p })),
    note: input.note?.trim() || undefined,
    by,
    at: now.toISOString(),
  };
  if (baseline.note === undefined) delete baseline.note;
  return ok(
    withAudit(
      approvals,
      { scopes: [...(approvals.scopes ?? []), baseline] },
      by,
      "scope.recorded",
      `${input.participantRole} ${input.window}`,
      `${input.body} approved a scope of ${input.points.length} test points`,
      now,
    ),
  );
}

export function recordSubmission(
  approvals: Approvals,
  input: Omit<ReportSubmission, "submittedBy" | "submittedAt">,
  by: UserRef,
  now: Date,
): Result<Approvals> {
  if (!/^[0-9a-f]{64}$/.test(input.sha256)) return fail("A submission needs the report's SHA-256 (64 hex digits).");
  const submission: ReportSubmission = { ...input, submittedBy: by, submittedAt: now.toISOString() };
  return ok(
    withAudit(
      approvals,
      { submissions: [...approvals.submissions, submission] },
      by,
      "report.submitted",
      `${input.participantRole} ${input.window}`,
      `completion report ${input.sha256} (verdict ${input.verdictAtSubmission})`,
      now,
    ),
  );
}

export function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i])) return i;
  return -1;
}
