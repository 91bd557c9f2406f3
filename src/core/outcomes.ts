/**
 * What a test point's latest outcome means for QT exit (E4). ADO reports outcomes three ways: the testplan API's
 * camelCase strings, the legacy test API's PascalCase strings, and numbers when a client asks for (or converts
 * to) numeric enums. All three arrive here.
 */
export type PointStatus = "passed" | "failed" | "blocked" | "not-run" | "descoped" | "in-progress";

export const POINT_STATUSES: readonly PointStatus[] = [
  "passed",
  "failed",
  "blocked",
  "not-run",
  "descoped",
  "in-progress",
];

/** The Outcome enum of TestPlan/Test 7.1, by its numeric value. */
const OUTCOME_BY_NUMBER: readonly string[] = [
  "unspecified",
  "none",
  "passed",
  "failed",
  "inconclusive",
  "timeout",
  "aborted",
  "blocked",
  "notexecuted",
  "warning",
  "error",
  "notapplicable",
  "paused",
  "inprogress",
  "notimpacted",
];

const STATUS_BY_OUTCOME: Readonly<Record<string, PointStatus>> = {
  unspecified: "not-run",
  none: "not-run",
  notexecuted: "not-run",
  // Skipped by test impact analysis: nothing ran, so for QT it is not run.
  notimpacted: "not-run",
  passed: "passed",
  failed: "failed",
  // A run that ended without a clear pass is not a pass: it needs the Code Body's approval like a failure.
  inconclusive: "failed",
  timeout: "failed",
  aborted: "failed",
  error: "failed",
  warning: "failed",
  blocked: "blocked",
  notapplicable: "descoped",
  paused: "in-progress",
  inprogress: "in-progress",
};

export interface OutcomeReading {
  status: PointStatus;
  /** The outcome's name as ADO's documentation spells it (camelCase), for display and for binding waivers. */
  outcome: string;
  /** True when the value was not one ADO defines: it is read as not run, and the reason says so. */
  unrecognised: boolean;
}

const CAMEL_CASE: Readonly<Record<string, string>> = {
  notexecuted: "notExecuted",
  notapplicable: "notApplicable",
  inprogress: "inProgress",
  notimpacted: "notImpacted",
};

/** Distinct outcome values are few (a few dozen spellings at most): remember each reading. */
const readings = new Map<unknown, OutcomeReading>();
const MAX_REMEMBERED = 1024;

/** Reads any outcome form. A missing outcome means the point has never been run. */
export function readOutcome(raw: unknown): OutcomeReading {
  const known = readings.get(raw);
  if (known) return known;
  const reading = interpretOutcome(raw);
  if ((typeof raw === "string" || typeof raw === "number" || raw == null) && readings.size < MAX_REMEMBERED) {
    readings.set(raw, reading);
  }
  return reading;
}

function interpretOutcome(raw: unknown): OutcomeReading {
  let key: string | undefined;
  if (raw === null || raw === undefined || raw === "") key = "none";
  else if (typeof raw === "number") key = Number.isInteger(raw) ? OUTCOME_BY_NUMBER[raw] : undefined;
  else if (typeof raw === "string") key = raw.trim().replace(/[\s_]/g, "").toLowerCase();
  const status = key === undefined ? undefined : STATUS_BY_OUTCOME[key];
  if (key === undefined || status === undefined) {
    return { status: "not-run", outcome: String(raw), unrecognised: true };
  }
  return { status, outcome: CAMEL_CASE[key] ?? key, unrecognised: false };
}

/**
 * A point counts as executed once a run completed it with a verdict: passed or failed (outcomes that ended without a
 * clear pass read as failed). Blocked, paused, in progress and not run are not executed: nothing was tested yet.
 */
export function isExecuted(status: PointStatus): boolean {
  return status === "passed" || status === "failed";
}
