/**
 * SVG path data for the charts, shared by the React components and the SVG text of the report. A point that is
 * `null` (no data that day) breaks the line: it is never drawn as zero. Pure, and small enough for a widget.
 */

export interface Point {
  x: number;
  y: number;
}

/** A coordinate as path data: at most one decimal place (a tenth of a pixel), no "-0". */
export function coord(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** Runs of consecutive points: each `null` ends a run. */
export function segments(points: readonly (Point | null)[]): Point[][] {
  const out: Point[][] = [];
  let run: Point[] = [];
  for (const p of points) {
    if (p) run.push(p);
    else if (run.length > 0) {
      out.push(run);
      run = [];
    }
  }
  if (run.length > 0) out.push(run);
  return out;
}

/**
 * A polyline through the points, a new subpath (`M`) after each gap. A run of one point has no length to stroke:
 * `isolated` lists those, for the caller to draw as a dot.
 */
export function linePath(points: readonly (Point | null)[]): { d: string; isolated: Point[] } {
  const parts: string[] = [];
  const isolated: Point[] = [];
  for (const run of segments(points)) {
    if (run.length === 1) isolated.push(run[0]);
    parts.push(run.map((p, i) => `${i === 0 ? "M" : "L"}${coord(p.x)} ${coord(p.y)}`).join(""));
  }
  return { d: parts.join(""), isolated };
}

/**
 * Closed areas between each run of `top` and the matching points of `base` (a horizontal baseline, or the series
 * below in a stack). A day missing from either ends the run.
 */
export function areaPath(top: readonly (Point | null)[], base: readonly (Point | null)[] | number): string {
  const pairs = top.map((p, i) => {
    const b = typeof base === "number" ? (p ? { x: p.x, y: base } : null) : base[i];
    return p && b ? { p, b } : null;
  });
  const parts: string[] = [];
  let run: { p: Point; b: Point }[] = [];
  const flush = () => {
    if (run.length > 0) {
      const upper = run.map(({ p }, i) => `${i === 0 ? "M" : "L"}${coord(p.x)} ${coord(p.y)}`).join("");
      const lower = [...run]
        .reverse()
        .map(({ b }) => `L${coord(b.x)} ${coord(b.y)}`)
        .join("");
      parts.push(`${upper}${lower}Z`);
    }
    run = [];
  };
  for (const pair of pairs) {
    if (pair) run.push(pair);
    else flush();
  }
  flush();
  return parts.join("");
}

export type MarkerShape = "circle" | "square" | "triangle" | "triangle-down" | "diamond" | "cross" | "none";

/** A marker centred on (x, y), `r` its half-size: the shapes tell series apart without their colours. */
export function markerPath(shape: MarkerShape, x: number, y: number, r: number): string {
  const c = coord;
  switch (shape) {
    case "circle":
      return `M${c(x - r)} ${c(y)}a${c(r)} ${c(r)} 0 1 0 ${c(2 * r)} 0a${c(r)} ${c(r)} 0 1 0 ${c(-2 * r)} 0Z`;
    case "square": {
      const s = r * 0.9;
      return `M${c(x - s)} ${c(y - s)}H${c(x + s)}V${c(y + s)}H${c(x - s)}Z`;
    }
    case "triangle":
      return `M${c(x)} ${c(y - r * 1.15)}L${c(x + r * 1.1)} ${c(y + r * 0.85)}H${c(x - r * 1.1)}Z`;
    case "triangle-down":
      return `M${c(x)} ${c(y + r * 1.15)}L${c(x + r * 1.1)} ${c(y - r * 0.85)}H${c(x - r * 1.1)}Z`;
    case "diamond":
      return `M${c(x)} ${c(y - r * 1.2)}L${c(x + r * 1.2)} ${c(y)}L${c(x)} ${c(y + r * 1.2)}L${c(x - r * 1.2)} ${c(y)}Z`;
    case "cross": {
      const s = r * 0.95;
      return `M${c(x - s)} ${c(y - s)}L${c(x + s)} ${c(y + s)}M${c(x + s)} ${c(y - s)}L${c(x - s)} ${c(y + s)}`;
    }
    case "none":
      return "";
  }
}

/** Whether a shape is drawn as a stroke only (the cross), not filled. */
export const isStrokeShape = (shape: MarkerShape): boolean => shape === "cross";
