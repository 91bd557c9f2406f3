/**
 * A trend as text and as plain tables: what the CLI prints and what the report's Markdown and CSV carry. Pure.
 * Daily rows are many (a window runs for months), so the tables give one row a week (each Monday, with the first
 * and last day) unless every day is asked for; the JSON and the charts keep every day.
 */
import { IsoDate, dayNumber } from "./calendar";
import { ForecastStatus } from "./forecast";
import { BurnDownDay, BurnUpDay, SEVERITY_KEYS, SeverityKey, Trend } from "./trend";

export const FORECAST_LABELS: Readonly<Record<ForecastStatus, string>> = {
  finished: "Finished",
  "on-track": "On track",
  "at-risk": "At risk",
  "will-miss": "Will miss",
  "window-closed": "Window closed",
  "not-enough-history": "Not enough history",
};

export const SEVERITY_KEY_LABELS: Readonly<Record<SeverityKey, string>> = {
  sev1: "Sev1",
  sev2: "Sev2",
  sev3: "Sev3",
  sev4: "Sev4",
  sev5: "Sev5",
  unclassified: "Unclassified",
};

/** The first day, every Monday, the window's last day of execution and the last day. */
export function weeklyIndexes(dates: readonly IsoDate[], keep: readonly IsoDate[] = []): number[] {
  const out: number[] = [];
  dates.forEach((d, i) => {
    const weekday = (((dayNumber(d) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday: 0 is Sunday.
    if (i === 0 || i === dates.length - 1 || weekday === 1 || keep.includes(d)) out.push(i);
  });
  return out;
}

export interface PlainTable {
  caption: string;
  header: string[];
  rows: (string | number)[][];
}

export function burnUpTable(days: readonly BurnUpDay[], every = false, keep: readonly IsoDate[] = []): PlainTable {
  const indexes = every
    ? days.map((_, i) => i)
    : weeklyIndexes(
        days.map((d) => d.date),
        keep,
      );
  return {
    caption: "Execution burn-up (test points at the end of each day)",
    header: ["Date", "Planned", "Executed", "Passed", "Waived", "Executed %"],
    rows: indexes.map((i) => {
      const d = days[i];
      const pct = d.planned > 0 ? `${Math.round((d.executed / d.planned) * 1000) / 10}%` : "–";
      return [d.date, d.planned, d.executed, d.passed, d.waived, pct];
    }),
  };
}

export function burnDownTable(days: readonly BurnDownDay[], every = false): PlainTable {
  const indexes = every ? days.map((_, i) => i) : weeklyIndexes(days.map((d) => d.date));
  return {
    caption: "Defect burn-down (outstanding defects at the end of each day, by QT severity)",
    header: ["Date", ...SEVERITY_KEYS.map((k) => SEVERITY_KEY_LABELS[k]), "Total"],
    rows: indexes.map((i) => {
      const d = days[i];
      return [d.date, ...SEVERITY_KEYS.map((k) => d.outstanding[k]), d.total];
    }),
  };
}

/** A column-aligned text table. */
export function textTable(table: PlainTable): string {
  const cells = [table.header, ...table.rows.map((r) => r.map(String))];
  const widths = table.header.map((_, c) => Math.max(...cells.map((r) => String(r[c]).length)));
  const line = (r: (string | number)[]) =>
    r
      .map((v, c) => (c === 0 ? String(v).padEnd(widths[c]) : String(v).padStart(widths[c])))
      .join("  ")
      .trimEnd();
  return [table.caption, line(table.header), ...table.rows.map(line)].join("\n");
}

const BARS = "▁▂▃▄▅▆▇█";

/** A one-line sparkline of values against `max`: at most `width` bars, each the last value of its stretch of days. */
export function sparkText(values: readonly number[], max: number, width = 40): string {
  if (max <= 0 || values.length === 0) return "";
  const bars = Math.min(width, values.length);
  const out: string[] = [];
  for (let b = 0; b < bars; b++) {
    const v = values[Math.min(values.length - 1, Math.ceil(((b + 1) * values.length) / bars) - 1)];
    out.push(BARS[Math.max(0, Math.min(BARS.length - 1, Math.floor((v / max) * (BARS.length - 1))))]);
  }
  return out.join("");
}

export function trendText(trend: Trend, options: { everyDay?: boolean } = {}): string {
  const out: string[] = [`${trend.participantRole}: trend to ${trend.today}`];
  if (trend.range) out.push(`Range: ${trend.range.from} to ${trend.range.to} (UK dates)`);
  if (trend.executionEnd) out.push(`Window's last day of execution: ${trend.executionEnd}`);
  out.push("");
  if (trend.forecast) {
    out.push(`Forecast: ${FORECAST_LABELS[trend.forecast.status]}. ${trend.forecast.summary}`);
    out.push(`  Rule: ${trend.forecast.rule}`);
    if (trend.forecast.pace) {
      const p = trend.forecast.pace;
      out.push(`  Pace (points a day): slowest ${p.slowest}, overall ${p.overall}, fastest ${p.fastest}`);
    }
    out.push("");
  }
  if (trend.burnUp.ok) {
    const days = trend.burnUp.value.days;
    const last = days[days.length - 1];
    if (last)
      out.push(
        `Executed ${sparkText(
          days.map((d) => d.executed),
          last.planned || 1,
        )}`,
      );
    out.push(textTable(burnUpTable(days, options.everyDay, trend.executionEnd ? [trend.executionEnd] : [])));
    if (trend.burnUp.value.unrecognisedOutcomes.length > 0)
      out.push(`Outcomes ADO does not define, read as not run: ${trend.burnUp.value.unrecognisedOutcomes.join(", ")}`);
  } else out.push(`Burn-up: cannot draw. ${trend.burnUp.reason}`);
  out.push("");
  if (trend.burnDown.ok) {
    out.push(textTable(burnDownTable(trend.burnDown.value.days, options.everyDay)));
    if (trend.burnDown.value.unknownStates.length > 0)
      out.push(`States no rule knows, counted as outstanding: ${trend.burnDown.value.unknownStates.join(", ")}`);
  } else out.push(`Burn-down: cannot draw. ${trend.burnDown.reason}`);
  if (trend.differences.length > 0) {
    out.push("", "The trend's last day and the live read differ (Analytics lags by up to about 30 seconds):");
    for (const d of trend.differences) out.push(`  - ${d}`);
  }
  return `${out.join("\n")}\n`;
}

export const TREND_JSON_FORMAT = "qt-assurance/trend";

export function trendJson(trend: Trend): string {
  return `${JSON.stringify({ format: TREND_JSON_FORMAT, formatVersion: 1, trend }, null, 2)}\n`;
}
