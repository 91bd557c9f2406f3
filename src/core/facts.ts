import { ParticipantRoleKey } from "./participant-role";

/** Whether a read saw everything it asked for; a partial read is never mistaken for "nothing there". */
export type Completeness = { complete: true } | { complete: false; reason: string };

export const COMPLETE: Completeness = { complete: true };
export const incomplete = (reason: string): Completeness => ({ complete: false, reason });

/** A test point as read from ADO, before interpretation. Names are optional: reasons fall back to ids. */
export interface PointFact {
  id: number;
  planId: number;
  planName?: string;
  suiteId: number;
  suiteName?: string;
  testCaseId: number;
  testCaseTitle?: string;
  configurationId?: number;
  configurationName?: string;
  /** Inactive points are not planned work (the test case was removed from the suite's configuration). */
  isActive: boolean;
  /** `results.outcome` (testplan), `outcome` (legacy), as a string or a numeric enum. */
  outcome: unknown;
  lastUpdatedDate?: string;
  /** The point in the Test Plans execute view. */
  url?: string;
  /** The test case work item. */
  testCaseUrl?: string;
  /** The latest run and result, when the point has been run. */
  lastRunId?: number;
  lastResultId?: number;
  runUrl?: string;
}

/** A defect work item with just the fields the rules read. */
export interface DefectFact {
  id: number;
  title: string;
  workItemType: string;
  state: string;
  /** The value of the configured severity field, exactly as ADO returned it. */
  severity: unknown;
  impact?: unknown;
  mitigation?: unknown;
  /** The configured resolution date field's value, YYYY-MM-DD, when set. */
  resolutionTarget?: string;
  areaPath?: string;
  tags?: string;
  changedDate?: string;
  url?: string;
}

/** ADO state categories (`workitemtypes/{type}/states`). */
export type StateCategory = "Proposed" | "InProgress" | "Resolved" | "Completed" | "Removed";
export const STATE_CATEGORIES: readonly StateCategory[] = [
  "Proposed",
  "InProgress",
  "Resolved",
  "Completed",
  "Removed",
];

/** Organisation metadata shared by every participant-role of a read. */
export interface ProgrammeMetadata {
  /** Work item type → state name → category. */
  stateCategories: Readonly<Record<string, Readonly<Record<string, string>>>>;
  completeness: Completeness;
}

/** Everything read from ADO for one participant-role. */
export interface ParticipantRoleFacts {
  participantRole: ParticipantRoleKey;
  points: readonly PointFact[];
  defects: readonly DefectFact[];
  /** Test cases found in the participant-role's plans (entry criterion: scenarios loaded into ADO). */
  testCaseCount: number;
  /** Shared by every participant-role of one read; the engine compiles it once per object. */
  metadata: ProgrammeMetadata;
  completeness: {
    points: Completeness;
    defects: Completeness;
  };
}
