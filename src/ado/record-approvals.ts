/**
 * Approvals kept as work items of the settings' `approvalRecords.workItemType`, in place of the extension's data:
 * the store's approval methods over records Azure DevOps stamps (core/approval-records.ts decides what counts).
 *
 * Reading: every revision of every record, from the reporting revisions API (a few requests for the whole
 * programme, however many records), grouped by work item. Recording: the change a surface asks for (a core
 * record* call) is applied to the approvals the records vouch for; each approval it adds becomes a new work item,
 * each one it revokes has its record's state set to Revoked. Azure DevOps stamps who did it; nobody's word is taken.
 */
import { Approvals, emptyApprovals } from "../core/approvals";
import { UserRef } from "../core/audit";
import {
  RECORD_FIELDS,
  REVOKED,
  RecordKind,
  RecordProblem,
  RecordedApprovals,
  approvalsFromRecords,
  recordFields,
} from "../core/approval-records";
import { ParticipantRoleKey } from "../core/participant-role";
import { CompletionReport } from "../core/report";
import { Settings } from "../core/settings";
import { RECORD_TYPE } from "../core/settings-record";
import { AdoPort } from "./port";
import { RecordLog, createRecordLog } from "./record-log";
import { verifySnapshot, windowOfReport } from "./store-snapshots";
import { canonicalJson } from "../core/canonical-json";
import {
  ApprovalChange,
  LoadApprovalsResult,
  QtStore,
  RecordResult,
  SnapshotResult,
  SubmitResult,
} from "./store-types";

/** What the record store answers besides what the extension-data store does: the records that do not count. */
export interface RecordApprovalsStore extends Pick<
  QtStore,
  "loadApprovals" | "loadAllApprovals" | "recordApproval" | "submitReport" | "getSnapshot"
> {
  notCounted(key?: ParticipantRoleKey): Promise<RecordProblem[]>;
}

/** The names the report's files are attached under: its SHA-256 says which report they are. */
export const reportFileNames = (sha256: string) => ({
  json: `qt-completion-report-${sha256}.json`,
  html: `qt-completion-report-${sha256}.html`,
});

const ARRAYS: { key: keyof Omit<Approvals, "schemaVersion" | "audit">; kind: (item: object) => RecordKind }[] = [
  { key: "waivers", kind: (w) => ((w as { kind: string }).kind === "descope" ? "descope" : "waiver") },
  { key: "mitigationAgreements", kind: () => "mitigation" },
  { key: "entryItems", kind: () => "entry" },
  { key: "signOffs", kind: () => "signoff" },
  { key: "submissions", kind: () => "submission" },
  { key: "scopes", kind: () => "scope" },
];

export function createRecordApprovals(
  api: AdoPort,
  project: string,
  settings: Settings,
  inner: Pick<QtStore, "storeSnapshot" | "getSnapshot">,
  records?: RecordLog,
): RecordApprovalsStore {
  const type = settings.approvalRecords?.workItemType;
  if (!type) throw new Error("createRecordApprovals: the settings keep no approval records (approvalRecords).");

  const log = records && type === RECORD_TYPE ? records : createRecordLog(api, project, type);

  // Loads share one read of the records (a detail view asks for the approvals and for what does not count);
  // a write starts a fresh one.
  let loaded: Promise<RecordedApprovals> | undefined;
  const read = (fresh = false): Promise<RecordedApprovals> => {
    if (fresh || !loaded) {
      // Each store's first read catches up with the log (one request when nothing was written since).
      loaded = log.refresh().then((h) => approvalsFromRecords(h, settings));
      loaded.catch(() => (loaded = undefined));
    }
    return loaded;
  };

  const ok = (approvals: Approvals | undefined): LoadApprovalsResult => ({
    kind: "ok",
    approvals: approvals ?? emptyApprovals(),
    etag: undefined,
    audit: "intact",
  });

  async function recordApproval(key: ParticipantRoleKey, change: ApprovalChange): Promise<RecordResult> {
    const current = await read(true);
    const before = current.byParticipantRole.get(key.toUpperCase()) ?? emptyApprovals();
    const changed = change(before);
    if (!changed.ok) return { kind: "rejected", errors: changed.errors };
    const after = changed.value;
    for (const { key: list, kind } of ARRAYS) {
      const was = (before[list] ?? []) as object[];
      const now = (after[list] ?? []) as object[];
      for (let i = 0; i < now.length; i++) {
        const item = now[i];
        if (i >= was.length) {
          await api.createWorkItem(project, type!, recordFields(kind(item), item as never));
          continue;
        }
        const revoked = (item as { revoked?: { reason: string } }).revoked;
        if (revoked && !(was[i] as { revoked?: unknown }).revoked) {
          const id = current.recordOf.get(was[i]);
          if (id === undefined) return { kind: "invalid", errors: ["The record to revoke could not be found."] };
          const terms = JSON.parse(recordFields(kind(item), item as never)[RECORD_FIELDS.terms]) as object;
          await api.updateWorkItem(project, id, {
            [RECORD_FIELDS.state]: REVOKED,
            [RECORD_FIELDS.terms]: JSON.stringify({ ...terms, revocationReason: revoked.reason }),
          });
        }
      }
    }
    const reread = await read(true);
    return {
      kind: "recorded",
      approvals: reread.byParticipantRole.get(key.toUpperCase()) ?? emptyApprovals(),
      etag: undefined,
      attempts: 1,
    };
  }

  async function submitReport(report: CompletionReport, by: UserRef, now: Date, html?: string): Promise<SubmitResult> {
    const stored = await inner.storeSnapshot(report);
    if (stored.kind === "mismatch") return stored;
    const key = report.scope.participantRole;
    const window = windowOfReport(report);
    const current = (await read(true)).byParticipantRole.get(key.toUpperCase()) ?? emptyApprovals();
    if (current.submissions.some((s) => s.sha256 === stored.sha256 && s.window === window))
      return { kind: "already-submitted", sha256: stored.sha256, approvals: current };
    // The report goes with the record, as Azure DevOps keeps it: its JSON (exactly what was hashed) and its HTML.
    const names = reportFileNames(stored.sha256);
    const json = await api.uploadAttachment(project, names.json, canonicalJson(report));
    // The HTML is the caller's rendering (the hub shows it already): rendering here would put the renderer in
    // every bundle that reads approvals, the widgets' too.
    const rendered = html === undefined ? undefined : await api.uploadAttachment(project, names.html, html);
    await api.createWorkItem(
      project,
      type!,
      recordFields("submission", {
        participantRole: key,
        window,
        sha256: stored.sha256,
        verdictAtSubmission: report.verdict.code,
        submittedBy: by,
        submittedAt: now.toISOString(),
      }),
      [
        { ...json, comment: `QT Completion Report (JSON), SHA-256 ${stored.sha256}` },
        ...(rendered ? [{ ...rendered, comment: "QT Completion Report (HTML)" }] : []),
      ],
    );
    const approvals = (await read(true)).byParticipantRole.get(key.toUpperCase()) ?? emptyApprovals();
    return { kind: "submitted", sha256: stored.sha256, approvals, etag: undefined };
  }

  /**
   * The submitted report, from the file attached to the counted submission record that names it (any attached file
   * that hashes to it will do: nobody can make another report hash the same); a record without one — made before
   * reports were attached — falls back to the snapshot in the extension's data, checked against the same hash.
   */
  async function getSnapshot(sha256: string): Promise<SnapshotResult> {
    const wanted = sha256.toLowerCase();
    const current = await read();
    const submission = [...current.byParticipantRole.values()]
      .flatMap((a) => a.submissions)
      .find((s) => s.sha256 === wanted);
    const id = submission ? current.recordOf.get(submission) : undefined;
    if (id !== undefined) {
      const files = (await api.listAttachedFiles(project, id)).filter((f) => f.name.toLowerCase().endsWith(".json"));
      for (const file of files) {
        let report: unknown;
        try {
          report = JSON.parse(await api.readAttachment(project, file.id));
        } catch {
          continue;
        }
        const checked = verifySnapshot({ id: wanted, sha256: wanted, report }, wanted);
        if (checked.kind === "ok") return checked;
      }
      if (files.length > 0)
        return {
          kind: "tampered",
          sha256: wanted,
          message: `No report attached to record #${id} hashes to ${wanted}.`,
        };
    }
    return inner.getSnapshot(wanted);
  }

  return {
    getSnapshot,
    loadApprovals: async (key) => ok((await read()).byParticipantRole.get(key.toUpperCase())),
    loadAllApprovals: async () => {
      const all = await read();
      return new Map([...all.byParticipantRole].map(([key, approvals]) => [key, ok(approvals)]));
    },
    recordApproval,
    submitReport,
    notCounted: async (key) =>
      (await read()).problems.filter((p) => key === undefined || p.participantRole === key.toUpperCase()),
  };
}
