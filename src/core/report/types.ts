import { AgreementState, Coverage, CriterionId, CriterionStatus, ItemRef, Verdict, WaiverState } from "../assessment";
import { EntryItemStatus } from "../entry-criteria";
import { PointStatus } from "../outcomes";
import { Route } from "../settings";
import { Severity } from "../severity";
import { WindowPhase } from "../windows";
import type { ReportTraceability } from "./traceability";
import type { ReportTrend } from "./trend";

/**
 * The QT Completion Report as data, in the shape of an ISO/IEC/IEEE 29119-3 test completion report: scope,
 * execution against plan, deviations, defects by severity, exit criteria, residual risks, approvals.
 *
 * Plain JSON only (strings, finite numbers, booleans, null, arrays, plain objects): an absent value is `null`,
 * never `undefined`, so the report's shape is the same whatever the data, and its hash is taken of exactly
 * what the JSON rendering carries.
 */
export const REPORT_FORMAT = "qt-assurance.completion-report";
export const REPORT_FORMAT_VERSION = 1;

export interface ReportItemRef {
  kind: ItemRef["kind"];
  id: number | string;
  title: string | null;
  url: string | null;
  /** Test points: the configuration they run in (absent from reports made before points were named by it). */
  configurationName?: string | null;
}

export interface ReportReason {
  code: string;
  message: string;
  items: ReportItemRef[];
}

export interface ReportVerdict {
  code: Verdict;
  label: string;
  summary: string;
  /** Why the engine could not assess, when it could not. */
  problems: string[];
}

export interface ReportWindow {
  id: string;
  name: string;
  executionStart: string;
  executionEnd: string;
  phase: WindowPhase;
  /** UK calendar days to the last day of execution at the time of assessment; negative once closed. */
  daysLeft: number;
}

export interface ReportSuiteScope {
  suiteId: number;
  suiteName: string | null;
  planned: number;
}

export interface ReportPlanScope {
  planId: number;
  planName: string | null;
  suites: ReportSuiteScope[];
}

export interface ReportScope {
  participantRole: string;
  mpid: string;
  roleCode: string;
  participantName: string;
  roleName: string;
  governingBodies: string[];
  route: Route;
  window: ReportWindow | null;
  /** The scope a Code Body approved for the window, and how the plans differ from it (absent from older reports). */
  baseline?: {
    body: string;
    by: string;
    at: string;
    points: number;
    removed: number;
    added: number;
  } | null;
  /** The plans and suites whose test points (active or not, without an approved descope) the report covers. */
  plans: ReportPlanScope[];
}

/** The engine's coverage figures, carried into the report unchanged. */
export type CoverageFigures = Coverage;

export interface SuiteCoverageRow extends CoverageFigures {
  planId: number;
  planName: string | null;
  suiteId: number;
  suiteName: string | null;
}

export interface ReportExecution {
  overall: CoverageFigures;
  bySuite: SuiteCoverageRow[];
  /** Points that need a Code Body approval (planned, not passed), by the state of that approval. */
  waivers: { needed: number; present: number; stale: number; missing: number };
}

/** The recorded Code Body approval behind a point's waiver or descope. */
export interface WaiverRecord {
  kind: "waiver" | "descope";
  reason: string;
  body: string;
  approvedBy: string;
  approvedAt: string;
  /** The outcome approved; a stale waiver approved an outcome the point no longer has. */
  outcomeAtApproval: string;
}

/** One assessed test point. */
export interface TestRow {
  pointId: number;
  planId: number;
  planName: string | null;
  suiteId: number;
  suiteName: string | null;
  testCaseId: number;
  testCaseTitle: string | null;
  configurationName: string | null;
  status: PointStatus;
  outcome: string;
  /** The outcome is none Azure DevOps defines: read as not run (only present when true). */
  outcomeUnrecognised?: true;
  waiver: WaiverState;
  /** The approval on record, when the waiver is present or stale. */
  approval: WaiverRecord | null;
  /** Each governing body's current record for the point (absent from reports made before bodies were counted apart). */
  approvals?: WaiverRecord[];
  /** The governing bodies whose approval is still awaited, where some but not all approved. */
  awaiting?: string[];
  /** Out of the plans without an approved descope: deactivated, or removed since the scope baseline. */
  scopeChange?: "deactivated" | "removed" | null;
  url: string | null;
  /** The test case in Azure DevOps; absent from reports made before they carried it. */
  testCaseUrl?: string | null;
  /** The latest run of the point, when it has been run. */
  lastRunId?: number | null;
  /** The latest run's result of the point. */
  runUrl?: string | null;
}

/** The recorded Code Body agreement of a Sev3/Sev4 defect's impact assessment and mitigation plan. */
export interface AgreementRecord {
  body: string;
  agreedBy: string;
  agreedAt: string;
  note: string | null;
  /** What was agreed: the severity, impact and mitigation text as they read then (absent from older reports). */
  agreed?: { severity: string; impact: string; mitigation: string };
}

/** One assessed defect. */
export interface DefectRow {
  id: number;
  title: string;
  workItemType: string;
  state: string;
  severity: Severity;
  /** `Sev1`…`Sev5` or `Unclassified`. */
  severityLabel: string;
  /** The severity field's value as ADO had it. */
  severityValue: string;
  outstanding: boolean;
  outstandingVia: "override" | "category" | "unknown-state" | "unknown-type";
  hasImpact: boolean;
  hasMitigation: boolean;
  agreement: AgreementState;
  /** The agreement on record, when it is present or stale. */
  agreementRecord: AgreementRecord | null;
  /** Each governing body's current agreement (absent from reports made before bodies were counted apart). */
  agreementRecords?: AgreementRecord[];
  /** The governing bodies whose agreement is still awaited, where some but not all agreed. */
  awaiting?: string[];
  /** When the defect is to be resolved, from the settings' resolution date field. */
  resolutionTarget?: string | null;
  areaPath: string | null;
  url: string | null;
}

export interface ReportDeviations {
  /** Points not passed whose waiver or descope is approved for their current outcome. */
  approved: TestRow[];
  /** Points whose approval was given for an outcome they no longer have. */
  stale: TestRow[];
  /** Points not passed that carry no approval. */
  missing: TestRow[];
}

/** How a severity counts for exit: E1/E2 block, E3 needs an agreed mitigation, Sev5 is only listed. */
export type ExitRule = "blocks-exit" | "needs-agreed-mitigation" | "listed-only";

export interface SeverityCountRow {
  severity: Severity;
  label: string;
  outstanding: number;
  closed: number;
  total: number;
  exitRule: ExitRule;
}

export interface ReportDefectSummary {
  bySeverity: SeverityCountRow[];
  outstanding: number;
  closed: number;
  total: number;
  /** Outstanding Sev3/Sev4 defects missing an impact assessment, a mitigation plan or a current agreement. */
  mitigationGaps: number;
  outstandingDefects: DefectRow[];
}

export interface ReportCriterion {
  id: CriterionId;
  title: string;
  status: CriterionStatus;
  reasons: ReportReason[];
}

export type RiskCategory =
  "unmet-criterion" | "assessment-problem" | "mitigated-defect" | "waived-test" | "descoped-test" | "cosmetic-defect";

export interface ResidualRisk {
  category: RiskCategory;
  statement: string;
  items: ReportItemRef[];
}

export interface ReportSignOff {
  body: string;
  status: "approved" | "rejected" | "accepted" | "returned" | "pending";
  by: string | null;
  at: string | null;
  note: string | null;
  /** The submitted report the decision is on (absent from older reports; null on the SIT route or when pending). */
  reportSha256?: string | null;
}

export interface ReportEntryItem {
  id: string;
  title: string;
  necessity: "must" | "good-to-have";
  status: EntryItemStatus;
  derived: boolean;
  evidenceUrl: string | null;
  note: string | null;
  by: string | null;
  at: string | null;
}

export interface ReportSubmission {
  sha256: string;
  submittedAt: string;
  submittedBy: string;
  verdictAtSubmission: string;
}

/** How an earlier window of the participant-role ended (a re-entry). */
export interface ReportEarlierWindow {
  id: string;
  name: string;
  executionEnd: string | null;
  outcome: "qualified" | "returned" | "refused" | "under-review" | "not-submitted";
  reports: number;
  lastReport: ReportSubmission | null;
  decisions: ReportSignOff[];
}

/** Values the engine read but could not recognise, each with the items that carry it: never counted silently. */
export interface ReportUnrecognised {
  /** Test outcomes Azure DevOps does not define, read as not run. */
  outcomes: { value: string; items: ReportItemRef[] }[];
  /** Defect states with no category, counted as outstanding. */
  states: { value: string; items: ReportItemRef[] }[];
  /** Severity values that map to no QT level, treated as Sev1 while outstanding. */
  severities: { value: string; items: ReportItemRef[] }[];
}

export interface ReportApprovals {
  signOffs: ReportSignOff[];
  entryChecklist: ReportEntryItem[];
  entryCriteriaMet: boolean;
  /** Reports submitted earlier for this participant-role and window, oldest first. */
  submissions: ReportSubmission[];
  /** The participant-role's earlier windows, oldest first (absent from older reports). */
  earlierWindows?: ReportEarlierWindow[];
}

export interface CompletionReport {
  format: typeof REPORT_FORMAT;
  formatVersion: typeof REPORT_FORMAT_VERSION;
  generatedAt: string;
  generatedBy: string | null;
  /** Where the data came from (e.g. the ADO organisation and project), as the caller names it. */
  source: string | null;
  assessedAt: string;
  verdict: ReportVerdict;
  /**
   * Whether the execution figures (`points`) and the defect figures (`defects`) rest on a complete read. Where
   * one is false its figures are zeros that were never read, and the renderers say "not counted" instead.
   * Reports stored before it existed lack it; they are rendered as they always were (see `countedOf`).
   */
  counted?: { points: boolean; defects: boolean };
  /** Where the participant-role stands in the lifecycle when the report was made (absent from older reports). */
  stage?: { id: string; label: string; detail: string; reopened: boolean };
  /** The role's programme milestone (absent from older reports; null when the role has none). */
  milestone?: { id: string; name: string; date: string; daysLeft: number; warning: string | null } | null;
  /** What the engine could not recognise (absent from older reports). */
  unrecognised?: ReportUnrecognised;
  scope: ReportScope;
  execution: ReportExecution;
  deviations: ReportDeviations;
  defectSummary: ReportDefectSummary;
  exitCriteria: ReportCriterion[];
  residualRisks: ResidualRisk[];
  approvals: ReportApprovals;
  /** Every assessed test point, for the CSV and the annex. */
  tests: TestRow[];
  /** Every assessed defect, for the CSV and the annex. */
  defects: DefectRow[];
  /**
   * The requirement traceability matrix (RTTM), when the report was made with it; absent when it was not read
   * (and from reports made before it existed): the report then says so.
   */
  traceability?: ReportTraceability;
  /**
   * The trend (execution burn-up, defect burn-down, forecast), when the report was made with it; absent when it was
   * not read (and from reports made before it existed): the report then says so.
   */
  trend?: ReportTrend;
}
