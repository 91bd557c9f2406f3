import { Approvals } from "../core/approvals";
import { AuditEntry, UserRef } from "../core/audit";
import { ParticipantRoleKey } from "../core/participant-role";
import { CompletionReport } from "../core/report";
import { Result } from "../core/result";
import { StampedIdentity } from "../core/record-evidence";
import { Settings } from "../core/settings";
import { SettingsVersion } from "../core/settings-record";
import { SettingsError } from "../core/validate-settings";
import { RecordLog } from "./record-log";

/** The results the store returns: every outcome a caller must handle is a kind, never a thrown surprise. */

/** Where the settings were read from: a record Azure DevOps vouches for, or the extension's data (anyone's). */
export type SettingsOrigin =
  { kind: "extension-data" } | { kind: "record"; id: number; rev: number; by: StampedIdentity; at: string };

export type LoadSettingsResult =
  /** Nothing saved yet: the caller decides (e.g. offer the defaults to confirm); the store never invents them. */
  | { kind: "missing" }
  /** `ignored`: settings records that do not count, each with why. */
  | { kind: "ok"; settings: Settings; etag: number; origin?: SettingsOrigin; ignored?: string[] }
  /**
   * Stored settings that do not validate, or a settings record no administrator vouches for: shown with their
   * errors, never replaced by a silent default or an older version.
   */
  | {
      kind: "invalid";
      errors: SettingsError[];
      etag: number;
      origin?: SettingsOrigin;
      ignored?: string[];
      /** The settings record says what no administrator saved (rather than something that does not validate). */
      untrusted?: boolean;
    };

/** One version of the settings in their record's history. */
export type { SettingsVersion } from "../core/settings-record";

/** Who saved settings and when, for the store-wide audit log. */
export interface SettingsAudit {
  by: UserRef;
  now: Date;
  /** What changed, in words; default "settings version <etag>". */
  detail?: string;
}

export type SaveSettingsResult =
  /** `audit`: how appending the save to the store-wide audit log went, when a SettingsAudit was given. */
  | { kind: "saved"; etag: number; audit?: AppendAuditResult }
  | { kind: "invalid"; errors: SettingsError[] }
  /** Someone else saved since `baseEtag` was read: nothing was written. */
  | { kind: "conflict"; message: string; currentEtag: number | undefined };

/** A broken hash chain, as verifyAudit describes it. */
export interface AuditProblem {
  problem: string;
}

export type LoadApprovalsResult =
  /** `etag` undefined: no document yet (the approvals are empty). `audit` says whether the chain verified. */
  | { kind: "ok"; approvals: Approvals; etag: number | undefined; audit: "intact" | AuditProblem }
  | { kind: "invalid"; errors: string[]; etag: number | undefined };

export type RecordResult =
  | { kind: "recorded"; approvals: Approvals; etag: number | undefined; attempts: number }
  /** The change itself refused (e.g. not an assurer): its reasons, nothing written. */
  | { kind: "rejected"; errors: string[] }
  /** The stored document is not approvals, or its audit chain is broken: nothing is appended to it. */
  | { kind: "invalid"; errors: string[] }
  | { kind: "conflict"; message: string; attempts: number };

export type ApprovalChange = (approvals: Approvals) => Result<Approvals>;

export type LoadAuditResult =
  | { kind: "ok"; entries: AuditEntry[]; etag: number | undefined; audit: "intact" | AuditProblem }
  | { kind: "invalid"; errors: string[] };

export type AppendAuditResult =
  | { kind: "appended"; entries: AuditEntry[]; etag: number | undefined }
  | { kind: "invalid"; errors: string[] }
  | { kind: "conflict"; message: string; attempts: number };

export type SnapshotResult =
  | { kind: "ok"; sha256: string; report: CompletionReport }
  | { kind: "missing"; sha256: string }
  /** The stored report's hash is not its id: it was changed after it was stored. */
  | { kind: "tampered"; sha256: string; message: string };

export type StoreSnapshotResult =
  | { kind: "stored"; sha256: string }
  /** The identical report was already stored: nothing written. */
  | { kind: "unchanged"; sha256: string }
  /** A different (or unverifiable) document already holds this id: nothing written. */
  | { kind: "mismatch"; sha256: string; message: string };

export type SubmitResult =
  | { kind: "submitted"; sha256: string; approvals: Approvals; etag: number | undefined }
  /** The same report is already recorded as submitted for its participant-role and window. */
  | { kind: "already-submitted"; sha256: string; approvals: Approvals }
  | { kind: "mismatch"; sha256: string; message: string }
  | Exclude<RecordResult, { kind: "recorded" }>;

export interface QtStore {
  loadSettings(): Promise<LoadSettingsResult>;
  /**
   * Writes only if the stored settings are still at `baseEtag` (undefined: only if none are stored): to the
   * settings record when there is one (Azure DevOps stamps who saved), else to the extension's data.
   */
  saveSettings(settings: Settings, baseEtag: number | undefined, audit?: SettingsAudit): Promise<SaveSettingsResult>;
  /**
   * Keeps the settings in a new settings record, so that from now on they count only as an administrator made
   * them; only for a member of the settings team, and only while there is no settings record.
   */
  protectSettings?(settings: Settings): Promise<SaveSettingsResult>;
  /** Every version of the settings record, oldest first; empty when the settings are not kept in a record. */
  settingsHistory?(): Promise<SettingsVersion[]>;
  /** The log of record revisions the store reads (approvals kept as records share it), when it keeps a project's. */
  records?: RecordLog;
  loadApprovals(key: ParticipantRoleKey): Promise<LoadApprovalsResult>;
  /** Every stored participant-role's approvals, by key, in one request. */
  loadAllApprovals(): Promise<Map<ParticipantRoleKey, LoadApprovalsResult>>;
  /** Applies `change` (a core record* call) to the latest approvals, re-applying it after a conflict. */
  recordApproval(key: ParticipantRoleKey, change: ApprovalChange): Promise<RecordResult>;
  /** The store-wide audit log (settings changes and other events outside a participant-role's approvals). */
  loadAuditLog(): Promise<LoadAuditResult>;
  appendAuditLog(
    entry: Pick<AuditEntry, "by" | "action" | "subject" | "detail">,
    now: Date,
  ): Promise<AppendAuditResult>;
  storeSnapshot(report: CompletionReport): Promise<StoreSnapshotResult>;
  /**
   * Records the report as submitted. `html`, its rendering, goes with it where the store keeps files with the
   * record (approvals kept as work items); the JSON that is hashed always does.
   */
  submitReport(report: CompletionReport, by: UserRef, now: Date, html?: string): Promise<SubmitResult>;
  /** Stored snapshots of a participant-role in a window, each hash-verified, oldest report first. */
  listSnapshots(key: ParticipantRoleKey, window: string): Promise<SnapshotResult[]>;
  getSnapshot(sha256: string): Promise<SnapshotResult>;
}
