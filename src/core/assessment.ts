import { EntryItemStatus } from "./entry-criteria";
import type { EarlierWindow } from "./lifecycle";
import { PointStatus } from "./outcomes";
import { ParticipantRoleKey } from "./participant-role";
import { GoverningBody } from "./roles";
import { Route } from "./settings";
import { Severity } from "./severity";
import { WindowPhase } from "./windows";

export type Verdict = "not-ready" | "ready-to-submit" | "exit-criteria-met" | "cannot-assess";
export const VERDICTS: readonly Verdict[] = ["cannot-assess", "not-ready", "ready-to-submit", "exit-criteria-met"];

/** Orders verdicts from worst to best; "cannot assess" is worst because it must never pass for ready. */
export function verdictRank(verdict: Verdict): number {
  return VERDICTS.indexOf(verdict);
}

export const VERDICT_LABELS: Readonly<Record<Verdict, string>> = {
  "not-ready": "Not ready",
  "ready-to-submit": "Ready to submit",
  "exit-criteria-met": "Exit criteria met",
  "cannot-assess": "Cannot assess",
};

export type CriterionId = "E1" | "E2" | "E3" | "E4" | "E5" | "S1" | "S2";
export type CriterionStatus = "met" | "unmet" | "pending" | "unknown";

/** An ADO item (or one of ours) behind a reason, so every verdict can be traced and opened. */
export interface ItemRef {
  kind: "defect" | "test-point" | "report" | "entry-item" | "sign-off";
  id: number | string;
  title?: string;
  url?: string;
  /** Test points only: the configuration the point runs in, part of how an assurer names it. */
  configurationName?: string;
  /** Test points only: the latest run, when the point has been run. */
  lastRunId?: number;
}

export interface Reason {
  /** Stable machine code (`sev1-outstanding`, `points-not-run`…) for filters, tests and translations. */
  code: string;
  message: string;
  items: ItemRef[];
}

export interface CriterionResult {
  id: CriterionId;
  title: string;
  status: CriterionStatus;
  reasons: Reason[];
}

export interface Coverage {
  planned: number;
  executed: number;
  passed: number;
  failed: number;
  blocked: number;
  notRun: number;
  descoped: number;
  inProgress: number;
  /** Points that are not passed but carry a current waiver or descope approval. */
  waived: number;
  /** executed / planned, in percent (0 when nothing is planned). */
  executionPercent: number;
  passRateOfExecuted: number;
  passRateOfPlanned: number;
  /** (passed + waived) / planned: how much of E4 is done. */
  completionPercent: number;
}

export interface SuiteCoverage extends Coverage {
  planId: number;
  planName?: string;
  suiteId: number;
  suiteName?: string;
}

export type WaiverState = "not-needed" | "missing" | "present" | "stale";

/** An assessed point is itself the item a reason names, so reasons cost no extra objects at scale. */
export interface AssessedPoint extends ItemRef {
  kind: "test-point";
  id: number;
  /** The test case's title, or "Test case <id>" when the read did not carry titles. */
  title: string;
  planId: number;
  suiteId: number;
  suiteName?: string;
  testCaseId: number;
  testCaseTitle?: string;
  configurationName?: string;
  status: PointStatus;
  outcome: string;
  /** The outcome is none Azure DevOps defines: it is read as not run, and E4 says so. */
  outcomeUnrecognised?: boolean;
  /** Inactive in Azure DevOps: still in scope until the Code Body approves its descope. */
  deactivated?: boolean;
  /** Removed from the plans since the scope baseline: still in scope until the Code Body approves its descope. */
  removed?: boolean;
  waiver: WaiverState;
  /** Some of the role's governing bodies approved, and these have still to (all must agree). */
  waiverAwaiting?: GoverningBody[];
  /** The point in the Test Plans execute view. */
  url?: string;
  testCaseUrl?: string;
  lastRunId?: number;
  /** The latest result's id in that run (what a waiver is bound to). */
  lastResultId?: number;
  /** The latest run's result, when the point has been run. */
  runUrl?: string;
}

export type AgreementState = "not-needed" | "missing" | "present" | "stale";

export interface AssessedDefect extends ItemRef {
  kind: "defect";
  id: number;
  title: string;
  workItemType: string;
  state: string;
  severity: Severity;
  /** The field's value as ADO had it, for display. */
  severityValue: string;
  outstanding: boolean;
  /** Why it counts as outstanding or not: a state override, the state's category, or an unknown state. */
  outstandingVia: "override" | "category" | "unknown-state" | "unknown-type";
  hasImpact: boolean;
  hasMitigation: boolean;
  agreement: AgreementState;
  /** Some of the role's governing bodies agreed, and these have still to (all must agree). */
  agreementAwaiting?: GoverningBody[];
  /** When the defect is to be resolved (the settings' resolution date field), YYYY-MM-DD. */
  resolutionTarget?: string;
  areaPath?: string;
  url?: string;
}

export interface DefectCount {
  severity: Severity;
  outstanding: number;
  closed: number;
}

export interface WaiverSummary {
  /** Points that need a waiver: planned and not passed. */
  needed: number;
  present: number;
  stale: number;
  missing: number;
}

export interface EntryChecklistItem {
  id: string;
  title: string;
  necessity: "must" | "good-to-have";
  status: EntryItemStatus;
  derived: boolean;
  evidenceUrl?: string;
  note?: string;
  by?: string;
  at?: string;
}

/** A body's latest word: on the QT route, on the report submitted last (a new submission starts it again). */
export interface SignOffState {
  body: GoverningBody;
  status: "approved" | "rejected" | "accepted" | "returned" | "pending";
  by?: string;
  at?: string;
  note?: string;
  reportSha256?: string;
}

/**
 * Where a participant-role stands in the Code Bodies' lifecycle (QA&P §11.2, §11.3.3, §15), beside its exit
 * verdict. QT route: entry → executing → ready to submit → under review (returned / accepted) → signing off →
 * qualified. SIT route: SIT report awaited → under review (returned) → signing off → qualified.
 */
export type StageId =
  | "cannot-assess"
  | "entry"
  | "executing"
  | "ready-to-submit"
  | "sit-report-awaited"
  | "under-review"
  | "returned"
  | "signing-off"
  | "refused"
  | "qualified";

export interface StageStep {
  label: string;
  state: "done" | "current" | "todo" | "failed";
}

export interface Stage {
  id: StageId;
  label: string;
  /** What moves it on, or why it went back, in a sentence. */
  detail: string;
  /** The route's steps in order, for a stepper. */
  steps: StageStep[];
  /** The bodies whose word it waits for, if any. */
  awaiting: GoverningBody[];
  /** A report was submitted (or the role qualified) and a later change took it back to an earlier stage. */
  reopened: boolean;
  /** The submitted report the review and sign-offs are about (QT route). */
  reportSha256?: string;
}

export interface WindowState {
  id: string;
  name: string;
  phase: WindowPhase;
  daysLeft: number;
  executionStart: string;
  executionEnd: string;
}

export interface Assessment {
  participantRole: ParticipantRoleKey;
  mpid: string;
  roleCode: string;
  participantName: string;
  roleName: string;
  governingBodies: GoverningBody[];
  route: Route;
  window?: WindowState;
  assessedAt: string;
  verdict: Verdict;
  /** Where it stands in the lifecycle, beside the exit verdict. */
  stage: Stage;
  /** One sentence a person can act on. */
  summary: string;
  /** Why the engine could not assess (incomplete reads, invalid settings, unknown metadata). */
  problems: string[];
  criteria: CriterionResult[];
  /**
   * Whether the counts rest on a complete read: `points` for coverage (and the per-suite figures), `defects` for
   * the defect counts. Where one is false its figures are zeros that were never read: a surface shows no count
   * for it.
   */
  counted: { points: boolean; defects: boolean };
  coverage: Coverage;
  coverageBySuite: SuiteCoverage[];
  points: AssessedPoint[];
  defects: AssessedDefect[];
  defectCounts: DefectCount[];
  /** Outstanding Sev3/Sev4 defects missing an impact assessment, a mitigation plan or a current agreement. */
  mitigationGaps: number;
  waivers: WaiverSummary;
  entryChecklist: EntryChecklistItem[];
  entryCriteriaMet: boolean;
  signOffs: SignOffState[];
  /**
   * The scope a Code Body approved for the window, and how the plans differ from it now. Absent: no baseline, and
   * every point of the plans is in scope, active or not.
   */
  scopeBaseline?: {
    body: GoverningBody;
    by: string;
    at: string;
    points: number;
    /** Baseline points no longer in the plans (still in scope until descoped). */
    removed: number;
    /** Points in the plans the baseline does not name (in scope too). */
    added: number;
  };
  /** The role's programme milestone, days to it (negative once passed), and a warning if it will be or was missed. */
  milestone?: { id: string; name: string; date: string; daysLeft: number; warning?: string };
  /** The participant-role's earlier windows (a re-entry), oldest first: how each ended, from its own records. */
  earlierWindows?: EarlierWindow[];
  /** SIT route: the SIT completion report's latest record (S1), if any. */
  sitReport?: { status: EntryItemStatus; by: string; at: string; note?: string; evidenceUrl?: string };
  /** Hashes of submitted completion reports for this participant-role and window, newest last. */
  submissions: { sha256: string; submittedAt: string; submittedBy: string; verdictAtSubmission: string }[];
}
