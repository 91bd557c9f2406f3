/**
 * A sparkline for a dashboard tile (about 120 × 32): one line of a count against its maximum, no axes, the last day
 * dotted. An image whose name says what it shows ("Executed 63% (412 of 650), up 48 points in 14 days"); a `null`
 * day is a gap, never zero. Geometry and words are src/core/charts/sparkline.ts'.
 */
import * as React from "react";
import type { ChartTone } from "../../core/charts/geometry";
import { markerPath } from "../../core/charts/paths";
import { describeSparkline, sparklineGeometry } from "../../core/charts/sparkline";
import "./charts.css";

export interface SparklineProps {
  /** One value a day, oldest first; `null` where there is no data. */
  values: readonly (number | null)[];
  /** What 100% is (e.g. the points planned): the top of the drawing. */
  max: number;
  /** What is counted, for the default name: "Executed". */
  what?: string;
  /** The accessible name, when the default (describeSparkline's) will not do. */
  label?: string;
  /** The days the values span (default: values.length − 1). */
  days?: number;
  tone?: ChartTone;
  width?: number;
  height?: number;
  className?: string;
}

export function Sparkline(props: SparklineProps): JSX.Element {
  const { values, max, width = 120, height = 32, tone = "executed" } = props;
  const g = React.useMemo(() => sparklineGeometry(values, max, width, height), [values, max, width, height]);
  const label = props.label ?? describeSparkline({ label: props.what ?? "Executed", values, max, days: props.days });
  return (
    <svg
      className={`qtc-spark qtc-tone-${tone}${props.className ? ` ${props.className}` : ""}`}
      role="img"
      aria-label={label}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
    >
      <title>{label}</title>
      <path className="qtc-spark-base" d={`M3 ${g.baseY}H${width - 3}`} />
      <path className="qtc-spark-max" d={`M3 ${g.maxY}H${width - 3}`} />
      {g.area && <path className="qtc-area" d={g.area} />}
      {g.line && <path className="qtc-line" d={g.line} />}
      {g.isolated.map((p, i) => (
        <path key={i} className="qtc-shape" d={markerPath("circle", p.x, p.y, 1.5)} />
      ))}
      {g.last && <path className="qtc-shape qtc-spark-last" d={markerPath("circle", g.last.x, g.last.y, 2.5)} />}
    </svg>
  );
}
