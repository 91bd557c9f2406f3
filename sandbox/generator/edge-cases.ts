/** Where the generator put each edge case, so tests and people can find them (also in the programme summary). */
export type EdgeCaseKind =
  | "unknown-severity"
  | "missing-severity"
  | "resolved-not-closed"
  | "removed-defect"
  | "sev3-4-with-impact-and-mitigation"
  | "sev3-4-missing-impact-or-mitigation"
  | "markup-only-impact"
  | "inactive-point"
  | "paused-point"
  | "in-progress-point"
  | "empty-plan"
  | "defect-scope-over-20000"
  | "all-passed"
  | "several-roles-one-participant"
  | "sit-route"
  | "requirement-without-test"
  | "requirement-suite-without-cases"
  | "test-without-requirement"
  | "defect-tests-a-case"
  /** Only in the live programme (options.calendar "live"). */
  | "unreadable-suite";

export interface EdgeCase {
  kind: EdgeCaseKind;
  participantRole: string;
  /** Work item, point or plan ids, as `what` says. */
  what: "work items" | "points" | "plans" | "participant-roles";
  ids: number[];
  note: string;
}

export const EDGE_CASE_KINDS: readonly EdgeCaseKind[] = [
  "unknown-severity",
  "missing-severity",
  "resolved-not-closed",
  "removed-defect",
  "sev3-4-with-impact-and-mitigation",
  "sev3-4-missing-impact-or-mitigation",
  "markup-only-impact",
  "inactive-point",
  "paused-point",
  "in-progress-point",
  "empty-plan",
  "defect-scope-over-20000",
  "all-passed",
  "several-roles-one-participant",
  "sit-route",
  "requirement-without-test",
  "requirement-suite-without-cases",
  "test-without-requirement",
  "defect-tests-a-case",
];
