/**
 * Small pieces the chart components share: a stable id, and the legend swatches (the series' dash pattern and
 * marker shape beside its name, so no series is told apart by colour alone). Geometry comes from src/core/charts.
 */
import * as React from "react";
import { ChartTone, MarkerTone, SeriesKind, ToneStyle } from "../../core/charts/geometry";
import { Point, isStrokeShape, markerPath } from "../../core/charts/paths";

let nextId = 0;

/** An id unique in the page, fixed for the component's life. */
export function useChartId(prefix: string): string {
  const ref = React.useRef("");
  if (ref.current === "") ref.current = `${prefix}-${++nextId}`;
  return ref.current;
}

/** A series' marker shapes at the given points (none for a tone without a shape). */
export function Shapes(props: { style: ToneStyle; points: readonly Point[]; size: number }): JSX.Element | null {
  const { style, points, size } = props;
  if (style.shape === "none" || points.length === 0) return null;
  const r = style.emphasis ? size + 0.5 : size;
  return (
    <path
      className={isStrokeShape(style.shape) ? "qtc-shape-open" : "qtc-shape"}
      d={points.map((p) => markerPath(style.shape, p.x, p.y, r)).join("")}
    />
  );
}

/** A series' legend swatch: its line (and fill for areas) with its dash and marker shape. */
export function SeriesSwatch(props: { tone: ChartTone; kind: SeriesKind; style: ToneStyle }): JSX.Element {
  const { tone, kind, style } = props;
  return (
    <svg className={`qtc-swatch qtc-tone-${tone}`} width="28" height="12" viewBox="0 0 28 12" aria-hidden="true">
      {kind !== "line" && <path className="qtc-area" d="M0 0h28v12H0Z" />}
      <path
        className="qtc-line"
        d="M1 6h26"
        strokeWidth={Math.min(style.width, 3)}
        strokeDasharray={style.dash ?? undefined}
      />
      <Shapes style={style} points={[{ x: 14, y: 6 }]} size={3.5} />
    </svg>
  );
}

/** A date marker's legend swatch: its vertical line. */
export function MarkerSwatch(props: { tone: MarkerTone; dash: string | null }): JSX.Element {
  return (
    <svg className="qtc-swatch" width="28" height="12" viewBox="0 0 28 12" aria-hidden="true">
      <path
        className={`qtc-event${props.tone === "today" ? " qtc-event-today" : ""}`}
        d="M14 0v12"
        strokeDasharray={props.dash ?? undefined}
      />
    </svg>
  );
}

/** The forecast band's legend swatch: the band's shading and hatching. */
export function BandSwatch(props: { patternId: string }): JSX.Element {
  return (
    <svg className="qtc-swatch" width="28" height="12" viewBox="0 0 28 12" aria-hidden="true">
      <rect className="qtc-band" x="0" y="0" width="28" height="12" />
      <rect x="0" y="0" width="28" height="12" fill={`url(#${props.patternId})`} />
      <path className="qtc-band-edge" d="M0.5 0v12M27.5 0v12" />
    </svg>
  );
}
