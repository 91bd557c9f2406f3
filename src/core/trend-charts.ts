/**
 * A trend as the charts draw it: the burn-up and burn-down as chart specs (series, the window's end and today as
 * markers, the forecast's range as a band), shared by the hub, the widgets and the report. Pure.
 */
import { ChartMarker, ChartSeries, TrendChartSpec } from "./charts/geometry";
import { ukDateLabel } from "./charts/ticks";
import { BurnDown, BurnUp, SEVERITY_KEYS, Trend } from "./trend";
import { SEVERITY_KEY_LABELS } from "./trend-format";

function markers(trend: Trend, dates: readonly string[]): ChartMarker[] {
  const out: ChartMarker[] = [];
  const first = dates[0];
  const last = dates[dates.length - 1];
  if (trend.executionEnd && first && trend.executionEnd >= first)
    out.push({ date: trend.executionEnd, label: "Window's last day of execution", tone: "deadline" });
  if (last && trend.today > last) return out;
  if (last) out.push({ date: trend.today <= last ? trend.today : last, label: "Today", tone: "today" });
  return out;
}

export function burnUpSpec(trend: Trend, burnUp: BurnUp, options: { compact?: boolean } = {}): TrendChartSpec {
  const days = burnUp.days;
  const dates = days.map((d) => d.date);
  const series: ChartSeries[] = [
    { key: "planned", label: "Planned", tone: "planned", values: days.map((d) => d.planned) },
    { key: "executed", label: "Executed", tone: "executed", values: days.map((d) => d.executed) },
    { key: "passed", label: "Passed", tone: "passed", values: days.map((d) => d.passed) },
    { key: "waived", label: "Waived", tone: "waived", values: days.map((d) => d.waived) },
  ];
  const f = trend.forecast;
  const reach = f?.reach;
  const band =
    reach && reach.latest
      ? {
          from: reach.earliest,
          to: reach.latest,
          label: `100% execution forecast between ${ukDateLabel(reach.earliest, true)} and ${ukDateLabel(reach.latest, true)}`,
        }
      : undefined;
  return {
    title: `Execution burn-up of ${trend.participantRole}`,
    description: `Test points planned, executed, passed and waived at the end of each day${
      trend.executionEnd ? `; the window's execution ends on ${ukDateLabel(trend.executionEnd, true)}` : ""
    }${f ? `. Forecast: ${f.summary}` : ""}`,
    dates,
    series,
    markers: markers(trend, dates),
    ...(band ? { band } : {}),
    yLabel: "Test points",
    compact: options.compact,
  };
}

export function burnDownSpec(trend: Trend, burnDown: BurnDown, options: { compact?: boolean } = {}): TrendChartSpec {
  const days = burnDown.days;
  const dates = days.map((d) => d.date);
  // Stacked from the least severe at the bottom, so Sev1 and Sev2 sit on top where the eye lands.
  const series: ChartSeries[] = [...SEVERITY_KEYS].reverse().map((k) => ({
    key: k,
    label: SEVERITY_KEY_LABELS[k],
    tone: k,
    kind: "stacked-area" as const,
    values: days.map((d) => d.outstanding[k]),
  }));
  return {
    title: `Defect burn-down of ${trend.participantRole}`,
    description: "Outstanding defects at the end of each day, stacked by QT severity",
    dates,
    series,
    markers: markers(trend, dates),
    yLabel: "Outstanding defects",
    compact: options.compact,
  };
}
