import { AgreementState, CriterionStatus, WaiverState } from "../assessment";
import { EntryItemStatus } from "../entry-criteria";
import { PointStatus } from "../outcomes";
import { WindowPhase } from "../windows";
import { ExitRule, ReportSignOff, RiskCategory } from "./types";

/** The words the report uses for the engine's codes. */

export const POINT_STATUS_LABELS: Readonly<Record<PointStatus, string>> = {
  passed: "Passed",
  failed: "Failed",
  blocked: "Blocked",
  "not-run": "Not run",
  descoped: "Not applicable",
  "in-progress": "In progress",
};

export const WAIVER_STATE_LABELS: Readonly<Record<WaiverState, string>> = {
  "not-needed": "Not needed",
  missing: "Missing",
  present: "Approved",
  stale: "Stale",
};

export const AGREEMENT_STATE_LABELS: Readonly<Record<AgreementState, string>> = {
  "not-needed": "Not needed",
  missing: "Not agreed",
  present: "Agreed",
  stale: "Stale",
};

export const CRITERION_STATUS_LABELS: Readonly<Record<CriterionStatus, string>> = {
  met: "Met",
  unmet: "Unmet",
  pending: "Pending",
  unknown: "Cannot assess",
};

export const WINDOW_PHASE_LABELS: Readonly<Record<WindowPhase, string>> = {
  "not-started": "Not started",
  "environment-preparation": "Environment preparation",
  "awaiting-execution": "Awaiting execution",
  execution: "Execution",
  closed: "Closed",
};

export const ENTRY_STATUS_LABELS: Readonly<Record<EntryItemStatus, string>> = {
  "not-started": "Not started",
  submitted: "Submitted",
  accepted: "Accepted",
  rejected: "Rejected",
};

export const SIGN_OFF_LABELS: Readonly<Record<ReportSignOff["status"], string>> = {
  approved: "Approved",
  rejected: "Rejected",
  accepted: "Report accepted",
  returned: "Returned with findings",
  pending: "Pending",
};

export const EXIT_RULE_LABELS: Readonly<Record<ExitRule, string>> = {
  "blocks-exit": "Blocks exit while outstanding (E1/E2)",
  "needs-agreed-mitigation": "Needs an agreed mitigation while outstanding (E3)",
  "listed-only": "Listed, never blocking",
};

export const RISK_CATEGORY_LABELS: Readonly<Record<RiskCategory, string>> = {
  "unmet-criterion": "Exit criterion not met",
  "assessment-problem": "Assessment incomplete",
  "mitigated-defect": "Open defect with agreed mitigation",
  "waived-test": "Test accepted without a pass",
  "descoped-test": "Test descoped",
  "cosmetic-defect": "Open cosmetic defect",
};

export const ROUTE_LABELS: Readonly<Record<"SIT" | "QT", string>> = {
  QT: "Qualification Testing (QT)",
  SIT: "System Integration Testing (SIT)",
};
