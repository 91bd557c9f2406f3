/**
 * When would 100% execution be reached at the recent pace, and does that fall before the window's end (issue 17,
 * item 3)? Pure: the daily history and "today" come in.
 *
 * The rule, stated to the user with the answer:
 * - the pace is the test points executed over the last 14 UK days (`PACE_DAYS`), and over each of its two weeks;
 * - the range runs from the fastest of those three paces (earliest date) to the slowest (latest date), so one
 *   good or bad week shows as uncertainty rather than as a single date of false precision;
 * - on track: even the latest date is on or before the last day of execution; will miss: even the earliest is
 *   after it; at risk: in between (or no progress at all in one of the weeks);
 * - fewer than 14 days of history, or no planned points, is "not enough history": no line is drawn from guesses.
 */
import { IsoDate, dayNumber } from "./calendar";

export const PACE_DAYS = 14;

/** One UK day's counts, as the history gives them at the end of that day. */
export interface DailyExecution {
  date: IsoDate;
  planned: number;
  executed: number;
}

export type ForecastStatus = "finished" | "on-track" | "at-risk" | "will-miss" | "window-closed" | "not-enough-history";

export interface Forecast {
  status: ForecastStatus;
  /** The rule, in a sentence, so no date is shown without how it was reached. */
  rule: string;
  /** One sentence: the answer, with its range. */
  summary: string;
  /** Points still to execute on the last day of history. */
  remaining: number;
  /** Points a day: the slowest, overall and fastest of the recent paces. */
  pace?: { slowest: number; overall: number; fastest: number };
  /** When 100% would be reached; `latest` is null when the slowest pace made no progress. */
  reach?: { earliest: IsoDate; likely: IsoDate | null; latest: IsoDate | null };
}

const RULE = `At the pace of the last ${PACE_DAYS} days (overall, and each of its two weeks: the range runs from the fastest to the slowest).`;

function dateOf(day: number): IsoDate {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The forecast on `today` (a UK date) for a window whose execution ends on `windowEnd`, from one entry per day
 * (missing days are read as unchanged from the day before; entries after today are ignored).
 */
export function forecastExecution(history: readonly DailyExecution[], windowEnd: IsoDate, today: IsoDate): Forecast {
  const todayN = dayNumber(today);
  const endN = dayNumber(windowEnd);
  if (Number.isNaN(todayN) || Number.isNaN(endN)) throw new RangeError("forecastExecution: dates must be YYYY-MM-DD");
  const byDay = new Map<number, DailyExecution>();
  for (const h of history) {
    const n = dayNumber(h.date);
    if (!Number.isNaN(n) && n <= todayN) byDay.set(n, h);
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const last = days.length > 0 ? byDay.get(days[days.length - 1])! : undefined;
  const remaining = last ? Math.max(0, last.planned - last.executed) : 0;
  const answer = (status: ForecastStatus, summary: string, extra: Partial<Forecast> = {}): Forecast => ({
    status,
    rule: RULE,
    summary,
    remaining,
    ...extra,
  });

  if (!last || last.planned === 0) return answer("not-enough-history", "Not enough history: nothing planned yet.");
  if (remaining === 0) return answer("finished", `Every planned test point was executed (${last.planned}).`);
  if (todayN > endN)
    return answer(
      "window-closed",
      `The window's execution ended on ${windowEnd} with ${remaining} of ${last.planned} points not executed.`,
    );
  const first = days[0];
  if (todayN - first < PACE_DAYS)
    return answer(
      "not-enough-history",
      `Not enough history: ${todayN - first} of the ${PACE_DAYS} days the pace needs.`,
    );

  // Counts at the end of a day: the latest entry on or before it.
  const at = (day: number): number => {
    let found = 0;
    for (const d of days) if (d <= day) found = byDay.get(d)!.executed;
    return found;
  };
  const now = at(todayN);
  const overall = (now - at(todayN - PACE_DAYS)) / PACE_DAYS;
  const half = PACE_DAYS / 2;
  const recent = (now - at(todayN - half)) / half;
  const earlier = (at(todayN - half) - at(todayN - PACE_DAYS)) / half;
  const paces = [overall, recent, earlier].map((p) => Math.max(0, p));
  const slowest = Math.min(...paces);
  const fastest = Math.max(...paces);
  const pace = { slowest: round(slowest), overall: round(Math.max(0, overall)), fastest: round(fastest) };
  const reachAt = (p: number) => (p > 0 ? todayN + Math.ceil(remaining / p) : Number.POSITIVE_INFINITY);
  const earliest = reachAt(fastest);
  if (!Number.isFinite(earliest))
    return answer(
      "will-miss",
      `No test point was executed in the last ${PACE_DAYS} days: at that pace the ${remaining} remaining would never be done.`,
      { pace },
    );
  const likely = reachAt(Math.max(0, overall));
  const latest = reachAt(slowest);
  const reach = {
    earliest: dateOf(earliest),
    likely: Number.isFinite(likely) ? dateOf(likely) : null,
    latest: Number.isFinite(latest) ? dateOf(latest) : null,
  };
  const range = reach.latest
    ? `between ${reach.earliest} and ${reach.latest}`
    : `from ${reach.earliest} at the earliest, and never at the slowest pace (one week made no progress)`;
  if (latest <= endN) return answer("on-track", `100% execution ${range}: on track for ${windowEnd}.`, { pace, reach });
  if (earliest > endN)
    return answer("will-miss", `100% execution ${range}: after the window ends on ${windowEnd}.`, {
      pace,
      reach,
    });
  return answer("at-risk", `100% execution ${range}: the window ends on ${windowEnd}.`, { pace, reach });
}
