/**
 * The execution burn-up and the defect burn-down of a participant-role (issue 17, items 1–2), from the daily counts
 * Azure DevOps Analytics aggregates on the server. Pure: the rows, the settings' classifications and "today" come
 * in. Each row is classified by the same rules as the snapshot verdict (outcomes.ts, severity.ts, states.ts), so the
 * last day of the trend and the verdict count alike.
 *
 * - Executed is passed or failed (`isExecuted`); planned is every point Analytics knew that day, active or not.
 * - Waived: the points whose waiver or descope stands today, from the day the last governing body approved it. A
 *   waiver withdrawn or staled since is not drawn on earlier days either: the line says what stands now.
 * - Outstanding defects by QT severity, outstanding by the state rules of the verdict (an unknown state counts).
 * - A day inside the range with no row is a day with nothing in scope (Analytics answers every day that had any):
 *   it is a read zero, not a gap. A range that was not read is never drawn: the read fails instead.
 */
import { IsoDate, dayNumber } from "./calendar";
import { DailyExecution, Forecast } from "./forecast";
import { isExecuted, readOutcome } from "./outcomes";
import { Severity, SEVERITIES } from "./severity";

/** One aggregated row of TestPointHistorySnapshot grouped by day and outcome. */
export interface OutcomeDayRow {
  date: IsoDate;
  outcome: unknown;
  count: number;
}

/** One aggregated row of WorkItemSnapshot grouped by day, type, state and severity value. */
export interface DefectDayRow {
  date: IsoDate;
  workItemType: string;
  state: string;
  severity: unknown;
  count: number;
}

export interface BurnUpDay {
  date: IsoDate;
  planned: number;
  executed: number;
  passed: number;
  waived: number;
}

export type SeverityKey = "sev1" | "sev2" | "sev3" | "sev4" | "sev5" | "unclassified";
export const SEVERITY_KEYS: readonly SeverityKey[] = ["sev1", "sev2", "sev3", "sev4", "sev5", "unclassified"];

export const severityKey = (s: Severity): SeverityKey => (s === "unclassified" ? "unclassified" : `sev${s}`);

export interface BurnDownDay {
  date: IsoDate;
  outstanding: Record<SeverityKey, number>;
  total: number;
}

export interface BurnUp {
  days: BurnUpDay[];
  /** Outcome values Analytics gave that ADO does not define: read as not run, named here. */
  unrecognisedOutcomes: string[];
}

export interface BurnDown {
  days: BurnDownDay[];
  /** States no state rule knows (counted as outstanding, as the verdict does). */
  unknownStates: string[];
}

export interface DayRange {
  from: IsoDate;
  to: IsoDate;
}

const MS_PER_DAY = 86_400_000;
const dateOf = (day: number): IsoDate => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

/** Every UK date of the range, ascending. Throws for a reversed or invalid range. */
export function daysOf(range: DayRange): IsoDate[] {
  const from = dayNumber(range.from);
  const to = dayNumber(range.to);
  if (Number.isNaN(from) || Number.isNaN(to) || to < from) {
    throw new RangeError(`invalid trend range ${range.from} to ${range.to}`);
  }
  const out: IsoDate[] = [];
  for (let d = from; d <= to; d++) out.push(dateOf(d));
  return out;
}

/**
 * The range a trend shows: from the first day of the window's execution (or `maxDays` before today, if that is
 * later) to today — or to the window's last day of execution plus `afterEndDays`, if that is earlier.
 */
export function trendRange(
  execution: { start: IsoDate; end: IsoDate },
  today: IsoDate,
  options: { maxDays?: number; afterEndDays?: number } = {},
): DayRange | undefined {
  const maxDays = options.maxDays ?? 365;
  const todayN = dayNumber(today);
  const startN = dayNumber(execution.start);
  const endN = dayNumber(execution.end);
  if ([todayN, startN, endN].some(Number.isNaN)) throw new RangeError("trendRange: dates must be YYYY-MM-DD");
  const to = Math.min(todayN, endN + (options.afterEndDays ?? 28));
  const from = Math.max(startN, to - maxDays + 1);
  return from > to ? undefined : { from: dateOf(from), to: dateOf(to) };
}

/**
 * The burn-up over the range. `waivedSince` holds, for each point whose waiver or descope stands today, the UK date
 * its last governing body approved it.
 */
export function buildBurnUp(rows: readonly OutcomeDayRow[], range: DayRange, waivedSince: readonly IsoDate[]): BurnUp {
  const dates = daysOf(range);
  const index = new Map(dates.map((d, i) => [d, i]));
  const days: BurnUpDay[] = dates.map((date) => ({ date, planned: 0, executed: 0, passed: 0, waived: 0 }));
  const unrecognised = new Set<string>();
  for (const row of rows) {
    const i = index.get(row.date);
    if (i === undefined) continue;
    const reading = readOutcome(row.outcome);
    if (reading.unrecognised) unrecognised.add(reading.outcome);
    const day = days[i];
    day.planned += row.count;
    if (isExecuted(reading.status)) day.executed += row.count;
    if (reading.status === "passed") day.passed += row.count;
  }
  const fromN = dayNumber(range.from);
  const waivedFrom = new Array<number>(days.length + 1).fill(0);
  for (const since of waivedSince) {
    const n = dayNumber(since);
    if (Number.isNaN(n)) continue;
    const i = Math.max(0, n - fromN);
    if (i < days.length) waivedFrom[i]++;
  }
  let running = 0;
  for (let i = 0; i < days.length; i++) {
    running += waivedFrom[i];
    days[i].waived = running;
  }
  return { days, unrecognisedOutcomes: [...unrecognised].sort() };
}

export interface DefectClassifiers {
  severity: (raw: unknown) => Severity;
  /** Whether a defect in this state counts as outstanding; `known` false when no state rule knows the state. */
  outstanding: (defect: { workItemType: string; state: string }) => { outstanding: boolean; known: boolean };
}

export function buildBurnDown(rows: readonly DefectDayRow[], range: DayRange, classify: DefectClassifiers): BurnDown {
  const dates = daysOf(range);
  const index = new Map(dates.map((d, i) => [d, i]));
  const empty = (): Record<SeverityKey, number> => ({ sev1: 0, sev2: 0, sev3: 0, sev4: 0, sev5: 0, unclassified: 0 });
  const days: BurnDownDay[] = dates.map((date) => ({ date, outstanding: empty(), total: 0 }));
  const unknown = new Set<string>();
  for (const row of rows) {
    const i = index.get(row.date);
    if (i === undefined) continue;
    const reading = classify.outstanding(row);
    if (!reading.known) unknown.add(`${row.workItemType}: ${row.state}`);
    if (!reading.outstanding) continue;
    const key = severityKey(classify.severity(row.severity));
    days[i].outstanding[key] += row.count;
    days[i].total += row.count;
  }
  return { days, unknownStates: [...unknown].sort() };
}

/** The burn-up as the forecast reads it. */
export function executionHistory(burnUp: BurnUp): DailyExecution[] {
  return burnUp.days.map(({ date, planned, executed }) => ({ date, planned, executed }));
}

/** Today's figures from the live read, to compare with the trend's last day. */
export interface LiveCounts {
  planned: number;
  executed: number;
  passed: number;
  outstanding?: Record<SeverityKey, number>;
}

/**
 * Where the trend's last day and the live read disagree, one sentence each (Analytics lags the live state by up to
 * about 30 seconds, and a point or defect changed since shows here, not as a silent mismatch).
 */
export function lastDayDifferences(
  burnUp: BurnUp | undefined,
  burnDown: BurnDown | undefined,
  live: LiveCounts,
): string[] {
  const out: string[] = [];
  const up = burnUp?.days[burnUp.days.length - 1];
  if (up) {
    for (const k of ["planned", "executed", "passed"] as const) {
      if (up[k] !== live[k]) out.push(`Analytics counts ${up[k]} ${k} on ${up.date}; the live read counts ${live[k]}.`);
    }
  }
  const down = burnDown?.days[burnDown.days.length - 1];
  if (down && live.outstanding) {
    for (const k of SEVERITY_KEYS) {
      if (down.outstanding[k] !== live.outstanding[k]) {
        out.push(
          `Analytics counts ${down.outstanding[k]} outstanding ${k === "unclassified" ? "unclassified" : k.replace("sev", "Sev")} on ${down.date}; the live read counts ${live.outstanding[k]}.`,
        );
      }
    }
  }
  return out;
}

/** Severity keys in SEVERITIES' order (for callers that map from the engine's severities). */
export const KEY_OF_SEVERITY: ReadonlyMap<Severity, SeverityKey> = new Map(SEVERITIES.map((s) => [s, severityKey(s)]));

/** A part of the trend as read: its series, or why there is none (never an empty series standing in for a failure). */
export type TrendPart<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A participant-role's trend, as every surface shows it. */
export interface Trend {
  participantRole: string;
  today: IsoDate;
  /** The window's last day of execution, marked on the burn-up. */
  executionEnd?: IsoDate;
  /** Absent when the window's execution has not started: nothing to draw yet. */
  range?: DayRange;
  burnUp: TrendPart<BurnUp>;
  burnDown: TrendPart<BurnDown>;
  /** Only from a burn-up that was read. */
  forecast?: Forecast;
  /** Where the trend's last day and the live read disagree. */
  differences: string[];
}

/**
 * For each point whose waiver or descope stands today (`waived`), the UK date its last governing body approved it:
 * each body's latest record for the point in the window, revoked ones dropped, the latest approval of those.
 */
export function waivedSinceDates(
  waivers: readonly {
    participantRole: string;
    window: string;
    pointId: number;
    body: string;
    approvedAt: string;
    revoked?: unknown;
  }[],
  participantRole: string,
  window: string,
  waivedPointIds: ReadonlySet<number>,
  ukDateOf: (instant: string) => IsoDate,
): IsoDate[] {
  const latest = new Map<number, Map<string, { approvedAt: string; revoked?: unknown }>>();
  for (const w of waivers) {
    if (w.participantRole !== participantRole || w.window !== window || !waivedPointIds.has(w.pointId)) continue;
    let byBody = latest.get(w.pointId);
    if (!byBody) latest.set(w.pointId, (byBody = new Map()));
    byBody.set(w.body, w);
  }
  const out: IsoDate[] = [];
  for (const byBody of latest.values()) {
    let last = "";
    for (const w of byBody.values()) if (!w.revoked && w.approvedAt > last) last = w.approvedAt;
    if (last) out.push(ukDateOf(last));
  }
  return out.sort();
}
