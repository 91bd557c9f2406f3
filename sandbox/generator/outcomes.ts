/** The testplan API's point outcomes (camelCase) and how a point's state and the legacy API's names follow from them. */
export const POINT_OUTCOMES = [
  "unspecified",
  "none",
  "passed",
  "failed",
  "inconclusive",
  "timeout",
  "aborted",
  "blocked",
  "notExecuted",
  "warning",
  "error",
  "notApplicable",
  "paused",
  "inProgress",
  "notImpacted",
] as const;

export type PointOutcome = (typeof POINT_OUTCOMES)[number];

export function isPointOutcome(value: unknown): value is PointOutcome {
  return typeof value === "string" && (POINT_OUTCOMES as readonly string[]).includes(value);
}

/** Outcomes that mean nothing has run yet. */
export function isNotRun(outcome: string): boolean {
  return outcome === "none" || outcome === "unspecified" || outcome === "notExecuted" || outcome === "notImpacted";
}

/** A point's state for its outcome: Ready (not run), InProgress (paused / in progress) or Completed. */
export function pointStateFor(outcome: string): string {
  if (isNotRun(outcome)) return "Ready";
  return outcome === "paused" || outcome === "inProgress" ? "InProgress" : "Completed";
}

/** The legacy test API spells outcomes in PascalCase: `notApplicable` → `NotApplicable`. */
export function legacyOutcome(outcome: string): string {
  return outcome.charAt(0).toUpperCase() + outcome.slice(1);
}

/** A test result's state for its outcome. */
export function resultStateFor(outcome: string): "InProgress" | "Paused" | "Completed" {
  if (outcome === "paused") return "Paused";
  return outcome === "inProgress" ? "InProgress" : "Completed";
}
