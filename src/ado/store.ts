import { Approvals, recordSubmission } from "../core/approvals";
import { AuditEntry, UserRef, appendAudit } from "../core/audit";
import { ParticipantRoleKey } from "../core/participant-role";
import { CompletionReport } from "../core/report";
import { Settings } from "../core/settings";
import { validateSettings } from "../core/validate-settings";
import { withoutTeamAssurers } from "../core/assurer-teams";
import { StampedIdentity } from "../core/record-evidence";
import {
  ProtectedSettings,
  RECORD_TYPE,
  SETTINGS_KIND,
  SETTINGS_TEAM,
  SETTINGS_TYPE,
  SettingsVersion,
  protectedSettingsOf,
  settingsRecordFields,
  settingsUpdateFields,
  settingsVersions,
} from "../core/settings-record";
import { AdoPort, DocumentAddress, StoredDocument } from "./port";
import { createRecordLog } from "./record-log";
import { AdoRequestError } from "./errors";
import { RecordHistory } from "../core/approval-records";
import { readTeamMembers, resolveAssurerTeams, sameIdentity } from "./teams";
import { checkChain, decodeApprovals, decodeAuditLog } from "./store-codec";
import { Mutation, readCollection, readDocument, updateDocument, writeIfUnchanged } from "./store-documents";
import { getSnapshot, listSnapshots, storeSnapshot, windowOfReport } from "./store-snapshots";
import {
  AppendAuditResult,
  ApprovalChange,
  LoadAuditResult,
  LoadApprovalsResult,
  LoadSettingsResult,
  QtStore,
  RecordResult,
  SaveSettingsResult,
  SettingsAudit,
  SubmitResult,
} from "./store-types";

/**
 * The product's durable state in extension data (Default scope: shared by the whole organisation's users of the
 * extension). Collections and documents (`<prefix>` is `options.collectionPrefix`, default `qt`):
 *
 * | collection            | document id            | holds                                                        |
 * | --------------------- | ---------------------- | ------------------------------------------------------------ |
 * | `<prefix>-settings`   | `settings`             | `{ settings: Settings }`, validated with validateSettings     |
 * | `<prefix>-approvals`  | the key, e.g. `ABCD-X` | `{ approvals: Approvals }` (its `audit` is the role's chain)  |
 * | `<prefix>-audit`      | `log`                  | `{ entries: AuditEntry[] }`: store-wide events (settings)     |
 * | `<prefix>-snapshots`  | the report's SHA-256   | `{ sha256, participantRole, window, report }`, immutable       |
 *
 * Concurrency. Every write carries the `__etag` that was read. Approvals are one document per participant-role:
 * writers on different participant-roles never meet, and two writers on the same one conflict only when their
 * writes overlap; then the loser re-reads and re-applies its change (the core record* function) to the winner's
 * document, which commutes (each adds a record and a chained audit entry). One document per record would avoid
 * conflicts altogether, but the audit hash chain needs a single order, reading one participant-role would mean
 * listing every record of every participant-role, and the engine wants the Approvals object whole. Settings are
 * not re-applied: a save names the version it was based on and a newer one is reported as a conflict, so one
 * person's edit never silently overwrites another's.
 *
 * Failures other than "not found" and etag conflicts (network, permissions, throttling) are thrown as
 * AdoRequestError: retrying those is the resilience layer's job, not the store's.
 */

export interface StoreOptions {
  /**
   * The project whose settings record (a "QT Approval" work item of kind settings) holds the settings when it
   * exists; without it the settings are read from the extension's data only.
   */
  project?: string;
  /** Prefix of the collection names (e.g. to keep two projects' data apart). Default `qt`. */
  collectionPrefix?: string;
  /** Writes tried for one commuting change before it is reported as a conflict. Default 12. */
  maxAttempts?: number;
  /** Waits between attempts; default a random 0–(5 × attempt) ms, so colliding writers spread out. */
  pause?: (attempt: number) => Promise<void>;
}

export const SETTINGS_DOCUMENT_ID = "settings";
export const AUDIT_LOG_DOCUMENT_ID = "log";

export function storeCollections(prefix = "qt"): Record<"settings" | "approvals" | "audit" | "snapshots", string> {
  return {
    settings: `${prefix}-settings`,
    approvals: `${prefix}-approvals`,
    audit: `${prefix}-audit`,
    snapshots: `${prefix}-snapshots`,
  };
}

const jitter = (attempt: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));

export function createStore(port: AdoPort, options: StoreOptions = {}): QtStore {
  const names = storeCollections(options.collectionPrefix);
  const at = (collection: string): DocumentAddress => ({ scopeType: "Default", collection });
  const update = { maxAttempts: options.maxAttempts ?? 12, pause: options.pause ?? jitter };

  // The settings records' revisions, and the approval records' (shared by every approvals store over this one).
  const settingsLog = options.project ? createRecordLog(port, options.project, SETTINGS_TYPE) : undefined;
  const records = options.project ? createRecordLog(port, options.project, RECORD_TYPE) : undefined;
  const project = options.project ?? "";

  /** Who may make the settings: the settings team's members (undefined: the project has no such team). */
  async function administrators(): Promise<StampedIdentity[] | undefined> {
    return readTeamMembers(port, project, SETTINGS_TEAM);
  }

  /**
   * The settings records' histories. A project that was never set up has no settings type, and the service may
   * refuse a filter by a type it does not know: only when the project's types confirm it has none is that "no
   * settings record"; any other failure fails the read.
   */
  async function settingsHistories(fresh: boolean): Promise<RecordHistory[]> {
    try {
      return await (fresh ? settingsLog!.refresh() : settingsLog!.histories());
    } catch (error) {
      if (!(error instanceof AdoRequestError) || (error.kind !== "bad-request" && error.kind !== "not-found"))
        throw error;
      const types = await port.listWorkItemTypes(project);
      if (types.some((t) => t.name.toLowerCase() === SETTINGS_TYPE.toLowerCase())) throw error;
      return [];
    }
  }

  async function protectedSettings(fresh: boolean): Promise<ProtectedSettings> {
    const histories = await settingsHistories(fresh);
    if (!histories.some((h) => h.revisions.some((r) => r.fields["Custom.QTRecordKind"] === SETTINGS_KIND)))
      return { kind: "none", ignored: [] };
    const admins = await administrators();
    if (!admins) {
      const id = Math.min(...histories.map((h) => h.id));
      return {
        kind: "untrusted",
        id,
        rev: 0,
        reason: `The settings are kept in records, but the project ${project} has no "${SETTINGS_TEAM}" team to say who may make them.`,
        deleted: false,
        ignored: [],
      };
    }
    return protectedSettingsOf(histories, (identity) => admins.some((a) => sameIdentity(a, identity)));
  }

  /** Settings read from the record: parsed, validated, approvals kept as records, assurer teams resolved. */
  async function fromRecord(found: Extract<ProtectedSettings, { kind: "ok" }>): Promise<LoadSettingsResult> {
    const origin = { kind: "record" as const, id: found.id, rev: found.rev, by: found.by, at: found.at };
    const base = { etag: found.rev, origin, ignored: found.ignored };
    let parsed: unknown;
    try {
      parsed = JSON.parse(found.text);
    } catch (error) {
      const message = `Settings record #${found.id} does not hold JSON: ${error instanceof Error ? error.message : String(error)}`;
      return {
        kind: "invalid",
        errors: [{ path: "$", message, fix: "Save the settings again in the settings hub." }],
        ...base,
      };
    }
    const validation = validateSettings(parsed);
    if (!validation.valid) return { kind: "invalid", errors: validation.errors, ...base };
    // Settings kept in a record keep approvals as records too: a forgeable approval would undo what the record guards.
    const settings = {
      ...validation.settings,
      approvalRecords: validation.settings.approvalRecords ?? { workItemType: RECORD_TYPE },
    };
    const resolved = await resolveAssurerTeams(port, project, settings);
    return resolved.ok
      ? { kind: "ok", settings: resolved.settings, ...base }
      : { kind: "invalid", errors: resolved.errors, ...base };
  }

  async function loadSettings(): Promise<LoadSettingsResult> {
    if (records) {
      const found = await protectedSettings(true);
      if (found.kind === "ok") return fromRecord(found);
      if (found.kind === "untrusted")
        return {
          kind: "invalid",
          errors: [
            {
              path: "$",
              message: found.reason,
              fix: `A member of the ${SETTINGS_TEAM} team must review the settings and save them again.`,
            },
          ],
          etag: found.rev,
          ignored: found.ignored,
          untrusted: true,
        };
    }
    const doc = await readDocument(port, at(names.settings), SETTINGS_DOCUMENT_ID);
    if (!doc) return { kind: "missing" };
    const etag = doc.__etag ?? 0;
    const origin = { kind: "extension-data" as const };
    const validation = validateSettings(doc.settings);
    if (!validation.valid) return { kind: "invalid", errors: validation.errors, etag, origin };
    if (!records) return { kind: "ok", settings: validation.settings, etag, origin };
    const resolved = await resolveAssurerTeams(port, project, validation.settings);
    return resolved.ok
      ? { kind: "ok", settings: resolved.settings, etag, origin }
      : { kind: "invalid", errors: resolved.errors, etag, origin };
  }

  /** A save by someone outside the settings team would make the record untrusted: refused before it is written. */
  async function notAnAdministrator(): Promise<SaveSettingsResult | undefined> {
    const [admins, me] = await Promise.all([administrators(), port.authenticatedUser()]);
    if (admins?.some((a) => sameIdentity(a, me))) return undefined;
    return {
      kind: "invalid",
      errors: [
        {
          path: "$",
          message: `${me.displayName} is not in the project's "${SETTINGS_TEAM}" team, so settings they save would not count.`,
          fix: `Ask a member of the ${SETTINGS_TEAM} team to save them, or to add you to the team.`,
        },
      ],
    };
  }

  async function saveSettingsRecord(
    current: Extract<ProtectedSettings, { kind: "ok" | "untrusted" }>,
    settings: Settings,
    baseEtag: number | undefined,
  ): Promise<SaveSettingsResult> {
    if (baseEtag !== current.rev)
      return {
        kind: "conflict",
        currentEtag: current.rev,
        message:
          "Someone else changed the settings after you opened them, so yours were not saved. Reload the settings and apply your changes again.",
      };
    const refused = await notAnAdministrator();
    if (refused) return refused;
    // A record someone deleted cannot be written to: the settings go into a new one, which is then the latest.
    const written =
      current.kind === "untrusted" && current.deleted
        ? await port.createWorkItem(project, SETTINGS_TYPE, settingsRecordFields(withoutTeamAssurers(settings)))
        : await port.updateWorkItem(project, current.id, settingsUpdateFields(withoutTeamAssurers(settings)));
    await settingsLog!.refresh();
    return { kind: "saved", etag: written.rev ?? current.rev + 1 };
  }

  async function saveSettings(
    settings: Settings,
    baseEtag: number | undefined,
    audit?: SettingsAudit,
  ): Promise<SaveSettingsResult> {
    if (baseEtag !== undefined && !(Number.isInteger(baseEtag) && baseEtag >= 0)) {
      throw new RangeError(`saveSettings: baseEtag ${baseEtag} is not a version read from the store.`);
    }
    const validation = validateSettings(withoutTeamAssurers(settings));
    if (!validation.valid) return { kind: "invalid", errors: validation.errors };
    if (records) {
      const current = await protectedSettings(true);
      if (current.kind !== "none") return saveSettingsRecord(current, validation.settings, baseEtag);
    }
    const address = at(names.settings);
    const body = { settings: validation.settings };
    const written = await writeIfUnchanged(port, address, SETTINGS_DOCUMENT_ID, body, baseEtag);
    if (written !== "conflict") {
      const etag = written.etag ?? 0;
      if (!audit) return { kind: "saved", etag };
      // A second write: the settings are saved whatever it answers, so its outcome is reported beside them.
      const entry = {
        by: audit.by,
        action: "settings.saved",
        subject: "settings",
        detail: audit.detail ?? `settings version ${etag}`,
      };
      return { kind: "saved", etag, audit: await appendAuditLog(entry, audit.now) };
    }
    const current = await readDocument(port, address, SETTINGS_DOCUMENT_ID);
    return {
      kind: "conflict",
      currentEtag: current?.__etag,
      message:
        "Someone else changed the settings after you opened them, so yours were not saved. Reload the settings and apply your changes again.",
    };
  }

  function approvalsResult(doc: StoredDocument | undefined): LoadApprovalsResult {
    const decoded = decodeApprovals(doc);
    if (!decoded.ok) return { kind: "invalid", errors: decoded.errors, etag: doc?.__etag };
    return { kind: "ok", approvals: decoded.value, etag: doc?.__etag, audit: checkChain(decoded.value.audit) };
  }

  async function loadApprovals(key: ParticipantRoleKey): Promise<LoadApprovalsResult> {
    return approvalsResult(await readDocument(port, at(names.approvals), key));
  }

  /** Every participant-role's approvals in one request (a portfolio needs them all). */
  async function loadAllApprovals(): Promise<Map<ParticipantRoleKey, LoadApprovalsResult>> {
    const docs = await readCollection(port, at(names.approvals));
    return new Map(docs.map((doc) => [doc.id.toUpperCase(), approvalsResult(doc)]));
  }

  /** A commuting approvals change, as a mutation of the latest document; `stop` may end it without writing. */
  const approvalsMutation =
    <R>(change: ApprovalChange, stop?: (a: Approvals) => R | undefined) =>
    (doc: StoredDocument | undefined): Mutation<R | RecordResult> => {
      const decoded = decodeApprovals(doc);
      if (!decoded.ok) return { stop: { kind: "invalid", errors: decoded.errors } };
      const chain = checkChain(decoded.value.audit);
      if (chain !== "intact") {
        return { stop: { kind: "invalid", errors: [`The audit log is broken (${chain.problem}): not appending.`] } };
      }
      const early = stop?.(decoded.value);
      if (early !== undefined) return { stop: early };
      const changed = change(decoded.value);
      if (!changed.ok) return { stop: { kind: "rejected", errors: changed.errors } };
      const recorded: RecordResult = { kind: "recorded", approvals: changed.value, etag: undefined, attempts: 0 };
      return { write: { approvals: changed.value }, result: recorded };
    };

  async function recordApproval(key: ParticipantRoleKey, change: ApprovalChange): Promise<RecordResult> {
    const outcome = await updateDocument(port, at(names.approvals), key, approvalsMutation<never>(change), update);
    if (outcome.kind === "conflict") return outcome;
    const result = outcome.result;
    return result.kind === "recorded" ? { ...result, etag: outcome.etag, attempts: outcome.attempts } : result;
  }

  async function submitReport(report: CompletionReport, by: UserRef, now: Date): Promise<SubmitResult> {
    const stored = await storeSnapshot(port, at(names.snapshots), report);
    if (stored.kind === "mismatch") return stored;
    const sha256 = stored.sha256;
    const window = windowOfReport(report);
    const key = report.scope.participantRole;
    const already = (a: Approvals): SubmitResult | undefined =>
      a.submissions.some((s) => s.sha256 === sha256 && s.participantRole === key && s.window === window)
        ? { kind: "already-submitted", sha256, approvals: a }
        : undefined;
    const change: ApprovalChange = (a) =>
      recordSubmission(a, { participantRole: key, window, sha256, verdictAtSubmission: report.verdict.code }, by, now);
    const outcome = await updateDocument(port, at(names.approvals), key, approvalsMutation(change, already), update);
    if (outcome.kind === "conflict") return outcome;
    const result = outcome.result;
    if (result.kind !== "recorded") return result;
    return { kind: "submitted", sha256, approvals: result.approvals, etag: outcome.etag };
  }

  async function loadAuditLog(): Promise<LoadAuditResult> {
    const doc = await readDocument(port, at(names.audit), AUDIT_LOG_DOCUMENT_ID);
    const decoded = decodeAuditLog(doc);
    if (!decoded.ok) return { kind: "invalid", errors: decoded.errors };
    return { kind: "ok", entries: decoded.value, etag: doc?.__etag, audit: checkChain(decoded.value) };
  }

  async function appendAuditLog(
    entry: Pick<AuditEntry, "by" | "action" | "subject" | "detail">,
    now: Date,
  ): Promise<AppendAuditResult> {
    const append = (doc: StoredDocument | undefined): Mutation<AppendAuditResult> => {
      const decoded = decodeAuditLog(doc);
      if (!decoded.ok) return { stop: { kind: "invalid", errors: decoded.errors } };
      const chain = checkChain(decoded.value);
      if (chain !== "intact") {
        return { stop: { kind: "invalid", errors: [`The audit log is broken (${chain.problem}): not appending.`] } };
      }
      const entries = appendAudit(decoded.value, entry, now);
      return { write: { entries }, result: { kind: "appended", entries, etag: undefined } };
    };
    const outcome = await updateDocument(port, at(names.audit), AUDIT_LOG_DOCUMENT_ID, append, update);
    if (outcome.kind === "conflict") return outcome;
    return outcome.result.kind === "appended" ? { ...outcome.result, etag: outcome.etag } : outcome.result;
  }

  async function protectSettings(settings: Settings): Promise<SaveSettingsResult> {
    if (!records) throw new Error("protectSettings: the store was opened without a project.");
    const validation = validateSettings(withoutTeamAssurers(settings));
    if (!validation.valid) return { kind: "invalid", errors: validation.errors };
    const current = await protectedSettings(true);
    if (current.kind !== "none")
      return {
        kind: "conflict",
        currentEtag: current.rev,
        message: `The settings are already kept in record #${current.id}: save them there instead.`,
      };
    const refused = await notAnAdministrator();
    if (refused) return refused;
    // Kept in a record, approvals are kept as records too: said in the first version, not added by a later save.
    const kept = {
      ...validation.settings,
      approvalRecords: validation.settings.approvalRecords ?? { workItemType: RECORD_TYPE },
    };
    const created = await port.createWorkItem(project, SETTINGS_TYPE, settingsRecordFields(kept));
    await settingsLog!.refresh();
    return { kind: "saved", etag: created.rev ?? 1 };
  }

  async function settingsHistory(): Promise<SettingsVersion[]> {
    if (!records) return [];
    const current = await protectedSettings(true);
    if (current.kind === "none") return [];
    const history = (await settingsHistories(false)).find((h) => h.id === current.id);
    const admins = (await administrators()) ?? [];
    return history ? settingsVersions(history, (identity) => admins.some((a) => sameIdentity(a, identity))) : [];
  }

  return {
    loadSettings,
    saveSettings,
    ...(records ? { protectSettings, settingsHistory, records } : {}),
    loadApprovals,
    loadAllApprovals,
    recordApproval,
    loadAuditLog,
    appendAuditLog,
    storeSnapshot: (report) => storeSnapshot(port, at(names.snapshots), report),
    submitReport,
    listSnapshots: (key, window) => listSnapshots(port, at(names.snapshots), key, window),
    getSnapshot: (sha256) => getSnapshot(port, at(names.snapshots), sha256.toLowerCase()),
  };
}

export type * from "./store-types";
