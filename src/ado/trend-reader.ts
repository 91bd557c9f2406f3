/**
 * A participant-role's trend (issue 17): its execution burn-up and defect burn-down read from Analytics, the
 * forecast from the burn-up, and how the trend's last day compares with the live read the verdict stands on. Built
 * from what the assessment already read (the suites its points are in, the state metadata, the approvals), so the
 * trend costs two Analytics queries (and their next pages), nothing more.
 *
 * Each part fails on its own and says why: a burn-up that could not be read is never drawn as zeros.
 */
import { ukDate } from "../core/calendar";
import { Forecast, PACE_DAYS, forecastExecution } from "../core/forecast";
import { Assessment } from "../core/assessment";
import { compileSeverityMapping } from "../core/severity";
import { compileOutstanding } from "../core/states";
import {
  DayRange,
  DefectDayRow,
  LiveCounts,
  OutcomeDayRow,
  SEVERITY_KEYS,
  SeverityKey,
  Trend,
  TrendPart,
  buildBurnDown,
  buildBurnUp,
  executionHistory,
  lastDayDifferences,
  severityKey,
  trendRange,
  waivedSinceDates,
} from "../core/trend";
import { Settings } from "../core/settings";
import type { TrendOutcome } from "../core/report";
import { analyticsFailure, readAnalytics } from "./analytics-reader";
import { AdoSource, ParticipantRoleRead, loadApprovalsFor } from "./assessment-run";
import { AdoRequestError } from "./errors";
import { PlanSuites, analyticsEndpoint, burnDownQuery, burnUpQuery, dateOfSk } from "./odata";
import { AdoPort } from "./port";
import { Caller, ReadCancelledError } from "./reader-deps";

export interface TrendSource {
  port: AdoPort;
  project: string;
  call: Caller;
}

export interface TrendOptions {
  now: Date;
  /** The longest range drawn, in days (default 365). */
  maxDays?: number;
  /** Read the defect burn-down too (default true); a tile that shows only the burn-up saves the query. */
  burnDown?: boolean;
}

export interface TrendReadResult {
  trend: Trend;
  /** Analytics requests made (first pages, next pages). */
  requests: number;
}

/** The suites the participant-role's points are in, by plan. */
export function suitesOf(points: readonly { planId: number; suiteId: number }[]): PlanSuites[] {
  const byPlan = new Map<number, Set<number>>();
  for (const p of points) {
    let suites = byPlan.get(p.planId);
    if (!suites) byPlan.set(p.planId, (suites = new Set()));
    suites.add(p.suiteId);
  }
  return [...byPlan].sort(([a], [b]) => a - b).map(([planId, suites]) => ({ planId, suiteIds: [...suites] }));
}

export async function readTrend(
  source: TrendSource,
  settings: Settings,
  read: Pick<ParticipantRoleRead, "key" | "entry" | "facts" | "approvals" | "assessment">,
  options: TrendOptions,
): Promise<TrendReadResult> {
  const { assessment, facts } = read;
  const today = ukDate(options.now);
  const window = assessment.window;
  const base: Omit<Trend, "burnUp" | "burnDown"> = {
    participantRole: read.key,
    today,
    executionEnd: window?.executionEnd,
    differences: [],
  };
  if (!window) {
    const reason = "The participant-role has no QT window in the settings: there is no range to draw.";
    return { trend: { ...base, burnUp: fail(reason), burnDown: fail(reason) }, requests: 0 };
  }
  const range = trendRange({ start: window.executionStart, end: window.executionEnd }, today, {
    maxDays: options.maxDays,
  });
  if (!range) {
    const reason = `The window's execution starts on ${window.executionStart}: nothing to draw yet.`;
    return { trend: { ...base, burnUp: fail(reason), burnDown: fail(reason) }, requests: 0 };
  }
  const endpoint = analyticsEndpoint(source.port.orgUrl, source.project);
  const deps = { port: source.port, call: source.call };
  let requests = 0;

  const burnUp = async (): Promise<TrendPart<ReturnType<typeof buildBurnUp>>> => {
    if (!facts.completeness.points.complete)
      return fail(
        `The test points were not all read, so the suites to chart are not known: ${facts.completeness.points.reason}`,
      );
    const plans = suitesOf(facts.points);
    if (plans.length === 0) return fail("No test point is in the participant-role's plans: nothing to chart.");
    const answer = await readAnalytics(deps, endpoint, burnUpQuery(plans, range.from, range.to));
    requests += answer.requests;
    const rows = outcomeRows(answer.rows);
    // Analytics has a row for every day a point existed, up to the last day it has processed: a day after that is
    // not known (not a day of zeros), so the chart ends there.
    const end = lastDayOf(rows, range);
    if (!end)
      return fail(
        `Analytics holds no history of these test points between ${range.from} and ${range.to}: it may not have processed them yet. Nothing is drawn.`,
      );
    const waived = new Set(assessment.points.filter((p) => p.waiver === "present").map((p) => p.id));
    const since = waivedSinceDates(read.approvals.waivers, read.key, window.id, waived, (instant) =>
      ukDate(new Date(instant)),
    );
    return { ok: true, value: buildBurnUp(rows, { from: range.from, to: end }, since) };
  };

  /** The burn-down is built once the burn-up says how far Analytics' history goes. */
  const burnDown = async (): Promise<TrendPart<(to: string) => ReturnType<typeof buildBurnDown>>> => {
    if (!facts.metadata.completeness.complete)
      return fail(
        `The defect states were not read, so outstanding cannot be told: ${facts.metadata.completeness.reason}`,
      );
    const d = settings.defects;
    const query = burnDownQuery(d.workItemTypes, read.entry.defectScope, d.severityField, range.from, range.to);
    const answer = await readAnalytics(deps, endpoint, query);
    requests += answer.requests;
    const severityProperty = query.groupBy[3];
    const severity = compileSeverityMapping({ map: d.severityMap, inferFromNumber: d.inferSeverityFromNumber });
    const outstanding = compileOutstanding(facts.metadata, d.stateOverrides);
    const rows = defectRows(answer.rows, severityProperty);
    const classify = {
      severity: (raw: unknown) => severity(raw).severity,
      outstanding: (defect: { workItemType: string; state: string }) => {
        const reading = outstanding(defect);
        return { outstanding: reading.outstanding, known: reading.via === "override" || reading.via === "category" };
      },
    };
    return { ok: true, value: (to: string) => buildBurnDown(rows, { from: range.from, to }, classify) };
  };

  const skipped = async (): Promise<TrendPart<(to: string) => ReturnType<typeof buildBurnDown>>> =>
    fail("Not asked for.");
  const [up, pending] = await Promise.all([guard(burnUp), guard(options.burnDown === false ? skipped : burnDown)]);
  const end = up.ok ? (up.value.days.at(-1)?.date ?? range.to) : range.to;
  const down: Trend["burnDown"] = pending.ok ? { ok: true, value: pending.value(end) } : pending;
  const trend: Trend = { ...base, range: { from: range.from, to: end }, burnUp: up, burnDown: down };
  if (up.ok) trend.forecast = forecastExecution(executionHistory(up.value), window.executionEnd, today);
  // Only today's counts can be compared with the live read (a closed window's chart may end before today).
  if (range.to === today) {
    if (end < today)
      trend.differences.push(
        `Analytics' history ends on ${end}: today's figures are not in it yet (Analytics lags the live state).`,
      );
    else
      trend.differences = lastDayDifferences(
        up.ok ? up.value : undefined,
        down.ok ? down.value : undefined,
        liveCounts(read),
      );
  }
  return { trend, requests };
}

/**
 * The trend for the completion report: read as `qt-assure trend` reads it, over the same facts and approvals the
 * report's assessment was made from. Never rejects (but for a cancelled read): a read that fails is the section's
 * "cannot be shown" with the reason, never a failed report.
 */
export async function readReportTrend(
  source: Pick<AdoSource, "port" | "project" | "caller">,
  settings: Settings,
  read: Pick<ParticipantRoleRead, "key" | "entry" | "facts" | "approvals" | "assessment">,
  now: Date,
): Promise<TrendOutcome> {
  try {
    const { trend } = await readTrend(
      { port: source.port, project: source.project, call: source.caller.call.bind(source.caller) },
      settings,
      read,
      { now },
    );
    return { kind: "read", trend };
  } catch (error) {
    if (error instanceof ReadCancelledError) throw error;
    return { kind: "cannot-assess", reason: analyticsFailure(error) };
  }
}

/** The last day in the range with any row, if any. */
function lastDayOf(rows: readonly { date: string }[], range: DayRange): string | undefined {
  let last: string | undefined;
  for (const r of rows) if (r.date >= range.from && r.date <= range.to && (!last || r.date > last)) last = r.date;
  return last;
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

async function guard<T>(part: () => Promise<TrendPart<T>>): Promise<TrendPart<T>> {
  try {
    return await part();
  } catch (error) {
    if (error instanceof ReadCancelledError) throw error;
    // A refused token stops every read (the caller shows it); any other failure is this part's alone.
    if (error instanceof AdoRequestError && error.kind === "unauthenticated") throw error;
    return fail(analyticsFailure(error));
  }
}

/** The live read's figures for today, where they were read. */
export function liveCounts(read: Pick<ParticipantRoleRead, "assessment">): LiveCounts {
  const a = read.assessment;
  const outstanding = Object.fromEntries(SEVERITY_KEYS.map((k) => [k, 0])) as Record<SeverityKey, number>;
  for (const d of a.defects) if (d.outstanding) outstanding[severityKey(d.severity)]++;
  return {
    planned: a.coverage.planned,
    executed: a.coverage.executed,
    passed: a.coverage.passed,
    ...(a.counted.defects ? { outstanding } : {}),
  };
}

function count(row: Record<string, unknown>): number {
  const n = row.Count;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) throw new Error(`a row's Count is not a count`);
  return n;
}

function dayOf(row: Record<string, unknown>): string {
  const date = dateOfSk(row.DateSK);
  if (!date) throw new Error(`a row's DateSK ${JSON.stringify(row.DateSK)} is not a date`);
  return date;
}

export function outcomeRows(rows: readonly Record<string, unknown>[]): OutcomeDayRow[] {
  return rows.map((r) => ({ date: dayOf(r), outcome: r.ResultOutcome, count: count(r) }));
}

export function defectRows(rows: readonly Record<string, unknown>[], severityProperty: string): DefectDayRow[] {
  return rows.map((r) => ({
    date: dayOf(r),
    workItemType: String(r.WorkItemType ?? ""),
    state: String(r.State ?? ""),
    severity: r[severityProperty],
    count: count(r),
  }));
}

export type { DayRange };

export type ForecastRead = { ok: true; forecast: Forecast; requests: number } | { ok: false; reason: string };

/**
 * The forecast alone, for the portfolio's column: from the live counts when they settle it (finished, the window
 * closed, nothing planned) and otherwise from the last 15 days of the burn-up only, one small query.
 */
export async function readForecast(source: TrendSource, assessment: Assessment, now: Date): Promise<ForecastRead> {
  const window = assessment.window;
  if (!window) return { ok: false, reason: "No QT window: no forecast." };
  if (!assessment.counted.points) return { ok: false, reason: "The test points were not all read." };
  const today = ukDate(now);
  const live = { date: today, planned: assessment.coverage.planned, executed: assessment.coverage.executed };
  const settled = forecastExecution([live], window.executionEnd, today);
  if (settled.status !== "not-enough-history") return { ok: true, forecast: settled, requests: 0 };
  if (live.planned === 0) return { ok: true, forecast: settled, requests: 0 };
  const range = trendRange({ start: window.executionStart, end: window.executionEnd }, today, {
    maxDays: PACE_DAYS + 1,
  });
  if (!range) return { ok: false, reason: `Execution starts on ${window.executionStart}.` };
  const plans = suitesOf(assessment.points);
  if (plans.length === 0) return { ok: true, forecast: settled, requests: 0 };
  try {
    const answer = await readAnalytics(
      { port: source.port, call: source.call },
      analyticsEndpoint(source.port.orgUrl, source.project),
      burnUpQuery(plans, range.from, range.to),
    );
    const history = executionHistory(buildBurnUp(outcomeRows(answer.rows), range, []));
    return { ok: true, forecast: forecastExecution(history, window.executionEnd, today), requests: answer.requests };
  } catch (error) {
    if (error instanceof ReadCancelledError) throw error;
    if (error instanceof AdoRequestError && error.kind === "unauthenticated") throw error;
    return { ok: false, reason: analyticsFailure(error) };
  }
}

/**
 * A window's execution burn-up: every participant-role of the window together, in ONE aggregated query over the
 * suites of all their points (a `$batch` when the URL is long), the waivers standing today counted from the day
 * their last body approved them, and the forecast against the window's last day of execution. Read only from
 * assessments whose points were all read: one that was not makes the whole burn-up "cannot draw", never a line
 * that leaves it out silently. The defect burn-down stays per participant-role.
 */
export async function readWindowTrend(
  source: AdoSource,
  settings: Settings,
  assessments: readonly Assessment[],
  windowId: string,
  now: Date,
): Promise<TrendReadResult> {
  const today = ukDate(now);
  const window = settings.windows.find((w) => w.id === windowId);
  const inWindow = assessments.filter((a) => a.window?.id === windowId);
  const label = `${window?.name ?? windowId} (${inWindow.length} participant-role${inWindow.length === 1 ? "" : "s"})`;
  const base = { participantRole: label, today, differences: [] as string[] };
  const notPerWindow = fail("The defect burn-down is drawn for each participant-role.");
  const without = (reason: string): TrendReadResult => ({
    trend: { ...base, executionEnd: window?.execution.end, burnUp: fail(reason), burnDown: notPerWindow },
    requests: 0,
  });
  if (!window) return without(`No window "${windowId}" is configured.`);
  if (inWindow.length === 0) return without(`No participant-role is registered in ${window.name}.`);
  const unread = inWindow.filter((a) => !a.counted.points);
  if (unread.length > 0)
    return without(
      `The test points of ${unread.map((a) => a.participantRole).join(", ")} were not all read: a window's burn-up without them would understate it.`,
    );
  const range = trendRange(window.execution, today);
  if (!range) return without(`The window's execution starts on ${window.execution.start}: nothing to draw yet.`);
  const plans = suitesOf(inWindow.flatMap((a) => a.points));
  if (plans.length === 0) return without("No test point is in the window's plans: nothing to chart.");
  let requests = 0;
  const burnUp = await guard(async () => {
    const answer = await readAnalytics(
      { port: source.port, call: source.caller.call.bind(source.caller) },
      analyticsEndpoint(source.port.orgUrl, source.project),
      burnUpQuery(plans, range.from, range.to),
    );
    requests += answer.requests;
    const rows = outcomeRows(answer.rows);
    const end = lastDayOf(rows, range);
    if (!end)
      return fail(
        `Analytics holds no history of the window's test points between ${range.from} and ${range.to}. Nothing is drawn.`,
      );
    const approvals = await loadApprovalsFor(
      source,
      settings,
      inWindow.map((a) => a.participantRole),
    );
    const since = inWindow.flatMap((a) =>
      waivedSinceDates(
        approvals.waivers,
        a.participantRole,
        windowId,
        new Set(a.points.filter((p) => p.waiver === "present").map((p) => p.id)),
        (instant) => ukDate(new Date(instant)),
      ),
    );
    return { ok: true as const, value: buildBurnUp(rows, { from: range.from, to: end }, since) };
  });
  const end = burnUp.ok ? (burnUp.value.days.at(-1)?.date ?? range.to) : range.to;
  const trend: Trend = {
    ...base,
    executionEnd: window.execution.end,
    range: { from: range.from, to: end },
    burnUp,
    burnDown: notPerWindow,
  };
  if (burnUp.ok) trend.forecast = forecastExecution(executionHistory(burnUp.value), window.execution.end, today);
  return { trend, requests };
}
