/**
 * A sparkline: one small line of a count against its maximum (e.g. points executed of points planned), with no
 * axes, for a dashboard tile; and the sentence that says what it shows. Pure; the React component is
 * src/ui/charts/Sparkline.tsx.
 */
import { Point, areaPath, linePath } from "./paths";
import { formatCount } from "./ticks";

export interface SparklineGeometry {
  width: number;
  height: number;
  line: string;
  area: string;
  isolated: Point[];
  /** The last day with data, drawn as a dot. */
  last: Point | null;
  /** y of zero and of the maximum. */
  baseY: number;
  maxY: number;
}

/**
 * The line through `values` scaled so that `max` reaches the top (values above `max` are drawn at the top, below
 * zero at the bottom); `null` is a gap. The days are evenly spaced across the width.
 */
export function sparklineGeometry(
  values: readonly (number | null)[],
  max: number,
  width = 120,
  height = 32,
): SparklineGeometry {
  const pad = 3;
  const n = values.length;
  const top = max > 0 && Number.isFinite(max) ? max : 1;
  const x = (i: number) => (n <= 1 ? width / 2 : pad + (i / (n - 1)) * (width - 2 * pad));
  const y = (v: number) => height - pad - (Math.min(Math.max(v, 0), top) / top) * (height - 2 * pad);
  const points = values.map((v, i) => (typeof v === "number" && Number.isFinite(v) ? { x: x(i), y: y(v) } : null));
  const { d, isolated } = linePath(points);
  let last: Point | null = null;
  for (const p of points) if (p) last = p;
  return {
    width,
    height,
    line: d,
    area: areaPath(points, height - pad),
    isolated,
    last,
    baseY: height - pad,
    maxY: pad,
  };
}

export interface SparklineWords {
  /** What is counted, e.g. "Executed". */
  label: string;
  values: readonly (number | null)[];
  /** What 100% is, e.g. the points planned. */
  max: number;
  /** The days the values span (default: one a day, so values.length − 1). */
  days?: number;
  /** The noun for the change ("points": test points). */
  unit?: string;
}

/**
 * "Executed 63% (412 of 650), up 48 points in 14 days": the last value as a share of `max` and as counts, and the
 * change since the first value. "no data" when there is none; percentages are whole and never rounded up to 100.
 */
export function describeSparkline(words: SparklineWords): string {
  const present = words.values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (present.length === 0) return `${words.label}: no data`;
  const last = present[present.length - 1];
  const first = present[0];
  const max = Number.isFinite(words.max) && words.max > 0 ? words.max : 0;
  const share = max > 0 ? `${percent(last, max)}% (${formatCount(last)} of ${formatCount(max)})` : formatCount(last);
  const span = words.days ?? Math.max(0, words.values.length - 1);
  if (present.length === 1 || span <= 0) return `${words.label} ${share}`;
  const unit = words.unit ?? "points";
  const change = last - first;
  const period = `in ${span} day${span === 1 ? "" : "s"}`;
  const trend =
    change === 0
      ? `no change ${period}`
      : `${change > 0 ? "up" : "down"} ${formatCount(Math.abs(change))} ${unit} ${period}`;
  return `${words.label} ${share}, ${trend}`;
}

/** A whole percentage, rounded down (as the execution bar does): 100 only when all is done, 1 for a little. */
export function percent(value: number, of: number): number {
  if (!(of > 0) || !(value > 0)) return 0;
  if (value >= of) return 100;
  return Math.max(1, Math.floor((value / of) * 100));
}
