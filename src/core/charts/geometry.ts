/**
 * The trend charts' geometry, written once for the React components (src/ui/charts) and the SVG text of the
 * completion report (svg-string.ts): scales, ticks, the series' paths (a `null` day is a gap, never a zero), the
 * markers and the forecast band, and the words a screen reader or a table gives for the same data. Pure: no DOM, no
 * React, no clock.
 */
import { IsoDate, dayNumber } from "../calendar";
import { MarkerShape, Point, areaPath, linePath } from "./paths";
import { DateTick, dateTicks, formatCount, labelSpan, labelWidth, niceTicks, ukDateLabel } from "./ticks";

/**
 * What a series stands for, which sets its colour (charts.css, or the report's style), its dash pattern, its
 * marker shape and its weight: so that no series is told apart by colour alone.
 */
export type ChartTone =
  | "planned"
  | "executed"
  | "passed"
  | "waived"
  | "sev1"
  | "sev2"
  | "sev3"
  | "sev4"
  | "sev5"
  | "unclassified"
  | "neutral";

export const CHART_TONES: readonly ChartTone[] = [
  "planned",
  "executed",
  "passed",
  "waived",
  "sev1",
  "sev2",
  "sev3",
  "sev4",
  "sev5",
  "unclassified",
  "neutral",
];

export type SeriesKind = "line" | "area" | "stacked-area";

export interface ChartSeries {
  /** Unique within the chart. */
  key: string;
  label: string;
  /** One value per date; `null` where there is no data that day (a gap, not zero). */
  values: readonly (number | null)[];
  /** "line" by default. Stacked areas stack in the order given, the first at the bottom. */
  kind?: SeriesKind;
  tone: ChartTone;
  /** Dashed (`true`) or solid (`false`) instead of the tone's own pattern. */
  dashed?: boolean;
}

export type MarkerTone = "deadline" | "today" | "neutral";

export interface ChartMarker {
  date: IsoDate;
  label: string;
  /** "deadline" (e.g. the window's last day of execution) is drawn solid, "today" dotted, others dashed. */
  tone?: MarkerTone;
}

export interface ChartBand {
  from: IsoDate;
  to: IsoDate;
  /** Says the range in words, e.g. "100% execution forecast between 3 Oct and 17 Oct". */
  label: string;
}

export interface TrendChartSpec {
  title: string;
  description: string;
  /** ISO dates, ascending, one per value of every series. */
  dates: readonly IsoDate[];
  series: readonly ChartSeries[];
  markers?: readonly ChartMarker[];
  band?: ChartBand;
  /** The value axis' name, e.g. "Test points". */
  yLabel?: string;
  /** Width in px (the React component measures its box and uses this until it has). Default 640. */
  width?: number;
  /** Height of the drawing in px. Default 260, or 160 when compact. */
  height?: number;
  /** Small type, fewer ticks, no axis name: for a dashboard tile. */
  compact?: boolean;
}

export interface ToneStyle {
  /** stroke-dasharray, or null for a solid line. */
  dash: string | null;
  /** Stroke width in px. */
  width: number;
  shape: MarkerShape;
  /** Drawn heavier and on top (Sev1, Sev2, unclassified: what blocks exit). */
  emphasis: boolean;
}

export const TONE_STYLES: Readonly<Record<ChartTone, ToneStyle>> = {
  planned: { dash: "8 4", width: 2, shape: "none", emphasis: false },
  executed: { dash: null, width: 2.5, shape: "circle", emphasis: false },
  passed: { dash: null, width: 2, shape: "square", emphasis: false },
  waived: { dash: "2 3", width: 2, shape: "triangle", emphasis: false },
  sev1: { dash: null, width: 3, shape: "circle", emphasis: true },
  sev2: { dash: "9 3", width: 3, shape: "square", emphasis: true },
  unclassified: { dash: "3 2", width: 3, shape: "cross", emphasis: true },
  sev3: { dash: "5 3", width: 1.5, shape: "triangle", emphasis: false },
  sev4: { dash: "1.5 3", width: 1.5, shape: "diamond", emphasis: false },
  sev5: { dash: "8 3 2 3", width: 1.5, shape: "triangle-down", emphasis: false },
  neutral: { dash: null, width: 2, shape: "circle", emphasis: false },
};

const DEFAULT_DASH = "6 4";

/** A series' drawn style: its tone's, with `dashed` applied. */
export function styleOf(series: Pick<ChartSeries, "tone" | "dashed">): ToneStyle {
  const base = TONE_STYLES[series.tone] ?? TONE_STYLES.neutral;
  if (series.dashed === undefined) return base;
  return { ...base, dash: series.dashed ? (base.dash ?? DEFAULT_DASH) : null };
}

export const MARKER_DASH: Readonly<Record<MarkerTone, string | null>> = {
  deadline: null,
  today: "2 3",
  neutral: "5 4",
};

export interface SeriesLayout {
  key: string;
  label: string;
  tone: ChartTone;
  kind: SeriesKind;
  style: ToneStyle;
  /** Where each day's value is drawn (a stacked area's top); null for a gap. */
  points: (Point | null)[];
  /** The day's own value (not stacked); null for a gap. */
  values: (number | null)[];
  /** The line's path data: one subpath per run of days with data. */
  line: string;
  /** The filled area's path data, for areas. */
  area: string | null;
  /** Days with data between two gaps: drawn as a dot, having no line. */
  isolated: Point[];
  /** Where the marker shapes go: the labelled dates, and the last day with data (every day when few). */
  markers: Point[];
}

export interface AxisTick {
  value: number;
  y: number;
  label: string;
}

export interface XTick extends DateTick {
  x: number;
  /** Where the label's text starts and ends (kept inside the drawing). */
  labelStart: number;
  labelEnd: number;
}

export interface MarkerLayout {
  date: IsoDate;
  label: string;
  tone: MarkerTone;
  x: number;
  dash: string | null;
  /** The label's text box: start x, baseline y. */
  labelX: number;
  labelY: number;
}

export interface BandLayout {
  x1: number;
  x2: number;
  label: string;
  from: IsoDate;
  to: IsoDate;
}

export interface ChartLayout {
  width: number;
  height: number;
  fontSize: number;
  compact: boolean;
  plot: { left: number; top: number; right: number; bottom: number };
  /** Day number of each date. */
  days: number[];
  /** x of each date. */
  xs: number[];
  yTicks: AxisTick[];
  xTicks: XTick[];
  /** In drawing order: areas first, then lines, the emphasised ones last (on top). */
  series: SeriesLayout[];
  markers: MarkerLayout[];
  band: BandLayout | null;
  yLabel: string | null;
  /** No dates, or no value on any day. */
  empty: boolean;
}

/** A day's value: finite numbers only (anything else is a gap). */
export function valueAt(series: Pick<ChartSeries, "values">, index: number): number | null {
  const v = series.values[index];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** The day numbers of the dates. Throws on a date that is not YYYY-MM-DD, or dates out of order. */
export function dayNumbers(dates: readonly IsoDate[]): number[] {
  const days = dates.map((d) => dayNumber(d));
  days.forEach((day, i) => {
    if (Number.isNaN(day)) throw new RangeError(`chart date ${JSON.stringify(dates[i])} is not YYYY-MM-DD`);
    if (i > 0 && day <= days[i - 1]) throw new RangeError(`chart dates are not ascending at ${dates[i]}`);
  });
  return days;
}

const DEFAULT_WIDTH = 640;
const DEFAULT_HEIGHT = 260;
const COMPACT_HEIGHT = 160;
/** At or below this many days every day's value gets its marker shape. */
const EVERY_DAY_MARKERS = 31;

/** Lays the chart out at `width` × `height` px (the spec's, or the defaults). */
export function layoutTrendChart(spec: TrendChartSpec, size: { width?: number; height?: number } = {}): ChartLayout {
  const compact = spec.compact === true;
  const width = Math.max(120, Math.round(size.width ?? spec.width ?? DEFAULT_WIDTH));
  const height = Math.max(80, Math.round(size.height ?? spec.height ?? (compact ? COMPACT_HEIGHT : DEFAULT_HEIGHT)));
  const fontSize = compact ? 10 : 11;
  const days = dayNumbers(spec.dates);
  const n = days.length;

  // Values: each series' own, and the stacked areas' running totals.
  const stacked = spec.series.filter((s) => s.kind === "stacked-area");
  const stackTop = new Map<string, (number | null)[]>();
  const stackBase = new Map<string, (number | null)[]>();
  let running: (number | null)[] = days.map(() => 0);
  // A day with a gap in any stacked series is a gap in the whole stack: a total cannot be drawn without it.
  const stackGap = days.map((_, i) => stacked.some((s) => valueAt(s, i) === null));
  for (const s of stacked) {
    stackBase.set(s.key, running);
    running = running.map((r, i) => (stackGap[i] || r === null ? null : r + (valueAt(s, i) ?? 0)));
    stackTop.set(s.key, running);
  }
  const drawnValues = spec.series.map((s) =>
    s.kind === "stacked-area" ? stackTop.get(s.key)! : days.map((_, i) => valueAt(s, i)),
  );
  const all = drawnValues.flat().filter((v): v is number => v !== null);
  const empty = n === 0 || all.length === 0;
  const lo = Math.min(0, ...all);
  const hi = Math.max(lo + 1, ...all);
  const ticks = niceTicks(lo, hi, compact ? 4 : 5);
  const yMin = ticks[0];
  const yMax = ticks[ticks.length - 1];

  // Time domain: the dates, and any marker or band beyond them (the window's end may lie ahead of the data).
  const extra = [
    ...(spec.markers ?? []).map((m) => dayNumber(m.date)),
    ...(spec.band ? [dayNumber(spec.band.from), dayNumber(spec.band.to)] : []),
  ].filter((d) => !Number.isNaN(d));
  const domain = [...days, ...extra];
  const d0 = domain.length > 0 ? Math.min(...domain) : 0;
  const d1 = domain.length > 0 ? Math.max(...domain) : 0;

  // Margins: the value labels' width on the left, the date labels below, the marker labels' rows above.
  const yLabel = spec.yLabel && !compact ? spec.yLabel : null;
  const tickLabels = ticks.map((t) => formatCount(t));
  const left = Math.ceil(Math.max(...tickLabels.map((l) => labelWidth(l, fontSize)))) + 10 + (yLabel ? 16 : 0);
  const right = width - (compact ? 8 : 12);
  const bottom = height - (fontSize + 10);
  const rowHeight = fontSize + 4;

  const xOf = (day: number) => (d1 === d0 ? (left + right) / 2 : left + ((day - d0) / (d1 - d0)) * (right - left));

  // Marker labels, placed on the first row where they do not touch a label already there.
  const rows: number[] = []; // right edge of the last label in each row
  const placed = (spec.markers ?? [])
    .filter((m) => !Number.isNaN(dayNumber(m.date)))
    .map((m) => {
      const x = xOf(dayNumber(m.date));
      const w = labelWidth(m.label, fontSize);
      let start = x - w / 2;
      start = Math.min(Math.max(start, left), width - 4 - w);
      start = Math.max(start, 2);
      let row = rows.findIndex((edge) => start >= edge + 6);
      if (row === -1) {
        rows.push(-Infinity);
        row = rows.length - 1;
      }
      rows[row] = start + w;
      const tone = m.tone ?? "neutral";
      return { date: m.date, label: m.label, tone, x, dash: MARKER_DASH[tone], labelX: start, row };
    });
  const top = 8 + rows.length * rowHeight;
  const markers: MarkerLayout[] = placed.map(({ row, ...m }) => ({ ...m, labelY: 4 + (row + 1) * rowHeight - 4 }));

  const yOf = (v: number) => bottom - ((v - yMin) / (yMax - yMin || 1)) * (bottom - top);
  const xs = days.map(xOf);

  const yTicks = ticks.map((value, i) => ({ value, y: yOf(value), label: tickLabels[i] }));
  const tickOptions = { x: xOf, left: 2, right: width - 2, fontSize };
  const xTicks = dateTicks(d0, d1, tickOptions).map((t) => {
    const [labelStart, labelEnd] = labelSpan(t, tickOptions, fontSize);
    return { ...t, x: xOf(t.day), labelStart, labelEnd };
  });
  const tickDays = new Set(xTicks.map((t) => t.day));

  const series = spec.series.map((s, k): SeriesLayout => {
    const kind = s.kind ?? "line";
    const style = styleOf(s);
    const values = days.map((_, i) => valueAt(s, i));
    const points = drawnValues[k].map((v, i) => (v === null ? null : { x: xs[i], y: yOf(v) }));
    const { d, isolated } = linePath(points);
    let area: string | null = null;
    if (kind === "area") area = areaPath(points, yOf(Math.max(0, yMin)));
    if (kind === "stacked-area") {
      const base = stackBase.get(s.key)!.map((v, i) => (v === null ? null : { x: xs[i], y: yOf(v) }));
      area = areaPath(points, base);
    }
    let last = -1;
    points.forEach((p, i) => {
      if (p) last = i;
    });
    const markerPoints =
      style.shape === "none"
        ? []
        : points.filter(
            (p, i): p is Point => p !== null && (n <= EVERY_DAY_MARKERS || tickDays.has(days[i]) || i === last),
          );
    return {
      key: s.key,
      label: s.label,
      tone: s.tone,
      kind,
      style,
      points,
      values,
      line: d,
      area,
      isolated,
      markers: markerPoints,
    };
  });
  const rank = (s: SeriesLayout) => (s.kind !== "line" ? 0 : s.style.emphasis ? 2 : 1);
  const ordered = series.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i);

  const bandFrom = spec.band ? dayNumber(spec.band.from) : Number.NaN;
  const bandTo = spec.band ? dayNumber(spec.band.to) : Number.NaN;
  const band =
    spec.band && !Number.isNaN(bandFrom) && !Number.isNaN(bandTo)
      ? {
          x1: xOf(Math.min(bandFrom, bandTo)),
          x2: Math.max(xOf(Math.max(bandFrom, bandTo)), xOf(Math.min(bandFrom, bandTo)) + 2),
          label: spec.band.label,
          from: spec.band.from,
          to: spec.band.to,
        }
      : null;

  return {
    width,
    height,
    fontSize,
    compact,
    plot: { left, top, right, bottom },
    days,
    xs,
    yTicks,
    xTicks,
    series: ordered.map(({ s }) => s),
    markers,
    band,
    yLabel,
    empty,
  };
}

/** The index of the date drawn nearest to `x` (-1 when there are none). */
export function nearestIndex(layout: Pick<ChartLayout, "xs">, x: number): number {
  const xs = layout.xs;
  if (xs.length === 0) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[hi] - x) < Math.abs(xs[lo] - x) ? hi : lo;
}

const firstLast = (values: (number | null)[]): [number, number] | null => {
  const present = values.filter((v): v is number => v !== null);
  return present.length > 0 ? [present[0], present[present.length - 1]] : null;
};

/**
 * A short account of the chart for its `<desc>`: the range, each series' first and last value, the markers and the
 * band. The description comes first, as given.
 */
export function summariseChart(spec: TrendChartSpec): string {
  const parts: string[] = [];
  if (spec.description.trim()) parts.push(sentence(spec.description.trim()));
  const n = spec.dates.length;
  if (n === 0) {
    parts.push("No data.");
    return parts.join(" ");
  }
  const from = ukDateLabel(spec.dates[0], true);
  const to = ukDateLabel(spec.dates[n - 1], true);
  parts.push(n === 1 ? `On ${from}:` : `From ${from} to ${to}:`);
  const each = spec.series.map((s) => {
    const ends = firstLast(spec.dates.map((_, i) => valueAt(s, i)));
    if (!ends) return `${s.label} no data`;
    return n === 1 || ends[0] === ends[1]
      ? `${s.label} ${formatCount(ends[1])}`
      : `${s.label} ${formatCount(ends[0])} to ${formatCount(ends[1])}`;
  });
  parts.push(`${each.join("; ")}.`);
  for (const m of spec.markers ?? []) parts.push(`${sentence(`${m.label}: ${ukDateLabel(m.date, true)}`)}`);
  if (spec.band) parts.push(sentence(spec.band.label));
  return parts.join(" ");
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** What a day holds, in words: "7 Dec 2025: Planned 650, Executed 412, Passed no data. Today." */
export function describeDay(spec: TrendChartSpec, index: number): string {
  const date = spec.dates[index];
  if (date === undefined) return "";
  const values = spec.series.map((s) => {
    const v = valueAt(s, index);
    return `${s.label} ${v === null ? "no data" : formatCount(v)}`;
  });
  const notes = (spec.markers ?? []).filter((m) => m.date === date).map((m) => sentence(m.label));
  return [`${ukDateLabel(date, true)}: ${values.join(", ")}.`, ...notes].join(" ");
}

export interface ChartTableModel {
  caption: string;
  /** The header of the first column (the date), then one per series. */
  columns: string[];
  rows: { date: IsoDate; label: string; cells: (string | null)[] }[];
  /** Markers and the band, said in words under the table. */
  notes: string[];
}

/** The chart as a table: one row per day, one column per series; null (no data) where the series has none. */
export function chartTable(spec: TrendChartSpec): ChartTableModel {
  return {
    caption: spec.title,
    columns: ["Date", ...spec.series.map((s) => s.label)],
    rows: spec.dates.map((date, i) => ({
      date,
      label: ukDateLabel(date, true),
      cells: spec.series.map((s) => {
        const v = valueAt(s, i);
        return v === null ? null : formatCount(v);
      }),
    })),
    notes: [
      ...(spec.markers ?? []).map((m) => `${m.label}: ${ukDateLabel(m.date, true)}`),
      ...(spec.band ? [spec.band.label] : []),
    ],
  };
}
