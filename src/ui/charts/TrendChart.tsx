/**
 * A trend chart in plain SVG (no chart library): lines, areas or stacked areas by day, with date markers (the
 * window's last day of execution, today) and a shaded band (the forecast's range). Geometry is src/core/charts'.
 *
 * Accessible: the SVG is an image named by the title and described by a summary (first and last values, markers,
 * band); it is focusable, and Left/Right (PageUp/PageDown a week, Home/End) move a highlighted day whose values a
 * tooltip shows and a polite live region says (hovering does the same); the legend pairs each series' dash pattern
 * and marker shape with its name; "Show as table" (a real button) opens the same data as a table, which print
 * always shows. Colours are charts.css's, through the host theme's variables: light and dark.
 */
import * as React from "react";
import {
  ChartLayout,
  TrendChartSpec,
  describeDay,
  layoutTrendChart,
  nearestIndex,
  summariseChart,
  valueAt,
} from "../../core/charts/geometry";
import { coord, markerPath } from "../../core/charts/paths";
import { formatCount, ukDateLabel } from "../../core/charts/ticks";
import { ChartTable } from "./ChartTable";
import { BandSwatch, MarkerSwatch, SeriesSwatch, Shapes, useChartId } from "./parts";
import "../visually-hidden.css";
import "./charts.css";

export interface TrendChartProps extends TrendChartSpec {
  className?: string;
  /** Offer the "Show as table" button (default true). The table is printed either way. */
  tableToggle?: boolean;
  /** Start with the table shown. */
  tableOpen?: boolean;
  /** Leave the title out of the visible heading (the surrounding UI shows it); it still names the chart. */
  hideTitle?: boolean;
  /** The heading level of the visible title (default 3). */
  headingLevel?: 2 | 3 | 4 | 5 | 6;
}

/** Keys that move the highlighted day, and where to. */
function moveFor(key: string, current: number | null, last: number): number | null {
  // With no day highlighted yet, Left and Right start at the last day (the latest figures).
  switch (key) {
    case "ArrowLeft":
    case "Left":
      return current === null ? last : Math.max(0, current - 1);
    case "ArrowRight":
    case "Right":
      return current === null ? last : Math.min(last, current + 1);
    case "PageUp":
      return Math.max(0, (current ?? last) - 7);
    case "PageDown":
      return Math.min(last, (current ?? last) + 7);
    case "Home":
      return 0;
    case "End":
      return last;
    default:
      return null;
  }
}

/** The width the chart's box has, once measured (ResizeObserver); undefined until then or where unsupported. */
function useMeasuredWidth(ref: React.RefObject<HTMLElement>): number | undefined {
  const [width, setWidth] = React.useState<number | undefined>(undefined);
  React.useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === "undefined") return undefined;
    const observer = new ResizeObserver((entries) => {
      const measured = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (measured > 0) setWidth((previous) => (previous === measured ? previous : measured));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

export function TrendChart(props: TrendChartProps): JSX.Element {
  const id = useChartId("qtc");
  const box = React.useRef<HTMLDivElement>(null);
  const measured = useMeasuredWidth(box);
  const { dates, series, markers, band, yLabel, height, compact, title, description } = props;
  const spec: TrendChartSpec = React.useMemo(
    () => ({ title, description, dates, series, markers, band, yLabel, height, compact, width: props.width }),
    [title, description, dates, series, markers, band, yLabel, height, compact, props.width],
  );
  const layout = React.useMemo(() => layoutTrendChart(spec, { width: measured }), [spec, measured]);
  const summary = React.useMemo(() => summariseChart(spec), [spec]);
  const [active, setActive] = React.useState<number | null>(null);
  const [said, setSaid] = React.useState("");
  const [open, setOpen] = React.useState(props.tableOpen === true);
  const last = dates.length - 1;
  const current = active !== null && active <= last ? active : null;

  const highlight = (index: number | null, announce: boolean) => {
    setActive(index);
    if (announce && index !== null) setSaid(describeDay(spec, index));
  };

  const onKeyDown = (event: React.KeyboardEvent<SVGSVGElement>) => {
    if (last < 0) return;
    if (event.key === "Escape" || event.key === "Esc") {
      if (current !== null) {
        event.preventDefault();
        highlight(null, false);
      }
      return;
    }
    const next = moveFor(event.key, current, last);
    if (next === null) return;
    event.preventDefault();
    highlight(next, true);
  };

  const onMouseMove = (event: React.MouseEvent<SVGSVGElement>) => {
    if (last < 0) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const scale = rect.width > 0 ? layout.width / rect.width : 1;
    const index = nearestIndex(layout, (event.clientX - rect.left) * scale);
    if (index !== current) highlight(index, true);
  };

  const Heading = `h${props.headingLevel ?? 3}` as "h3";
  const patternId = `${id}-hatch`;
  const tableId = `${id}-table`;
  const interactive = last >= 0;

  return (
    <figure className={`qtc${layout.compact ? " qtc-compact" : ""}${props.className ? ` ${props.className}` : ""}`}>
      {!props.hideTitle && <Heading className="qtc-title">{title}</Heading>}
      {!layout.compact && description.trim() !== "" && <p className="qtc-description">{description}</p>}
      <div className="qtc-canvas" ref={box}>
        <svg
          className="qtc-svg"
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          width={layout.width}
          height={layout.height}
          tabIndex={interactive ? 0 : undefined}
          onKeyDown={onKeyDown}
          onMouseMove={onMouseMove}
          onMouseLeave={() => highlight(null, false)}
          onBlur={() => highlight(null, false)}
        >
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>
            {summary}
            {interactive ? " Use the arrow keys to read each day's values." : ""}
          </desc>
          <defs>
            <pattern id={patternId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <path className="qtc-hatch" d="M0 0v6" />
            </pattern>
          </defs>
          <ChartBody layout={layout} patternId={patternId} />
          {layout.empty && (
            <text
              className="qtc-empty"
              x={coord((layout.plot.left + layout.plot.right) / 2)}
              y={coord((layout.plot.top + layout.plot.bottom) / 2)}
              textAnchor="middle"
            >
              No data
            </text>
          )}
          {current !== null && <Crosshair layout={layout} index={current} />}
        </svg>
        {current !== null && <Tooltip layout={layout} spec={spec} index={current} />}
      </div>
      <Legend layout={layout} spec={spec} patternId={patternId} />
      <div className="qt-visually-hidden" aria-live="polite" aria-atomic="true">
        {said}
      </div>
      {props.tableToggle !== false && (
        <button
          type="button"
          className="qtc-toggle"
          aria-expanded={open}
          aria-controls={tableId}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? "Hide table" : "Show as table"}
        </button>
      )}
      <div id={tableId} className={`qtc-table-box${open ? "" : " qtc-closed"}`}>
        <ChartTable
          title={title}
          dates={dates}
          series={series}
          markers={markers}
          band={band}
          className={layout.compact ? "qtc-table-compact" : undefined}
        />
      </div>
    </figure>
  );
}

/** The LineChart of the brief: the same component. */
export const LineChart = TrendChart;

/** Grid, axes, band, series and markers: everything but the highlighted day. */
function ChartBody({ layout, patternId }: { layout: ChartLayout; patternId: string }): JSX.Element {
  const { plot, fontSize } = layout;
  const size = layout.compact ? 2.5 : 3;
  return (
    <>
      <g className="qtc-y" aria-hidden="true">
        {layout.yTicks.map((t) => (
          <React.Fragment key={t.value}>
            <path className="qtc-grid" d={`M${coord(plot.left)} ${coord(t.y)}H${coord(plot.right)}`} />
            <text x={coord(plot.left - 6)} y={coord(t.y + fontSize * 0.35)} fontSize={fontSize} textAnchor="end">
              {t.label}
            </text>
          </React.Fragment>
        ))}
        {layout.yLabel && (
          <text
            x={fontSize}
            y={coord((plot.top + plot.bottom) / 2)}
            fontSize={fontSize}
            textAnchor="middle"
            transform={`rotate(-90 ${fontSize} ${coord((plot.top + plot.bottom) / 2)})`}
          >
            {layout.yLabel}
          </text>
        )}
      </g>
      {layout.band && (
        <g className="qtc-band-group" aria-hidden="true">
          <rect
            className="qtc-band"
            x={coord(layout.band.x1)}
            y={coord(plot.top)}
            width={coord(layout.band.x2 - layout.band.x1)}
            height={coord(plot.bottom - plot.top)}
          />
          <rect
            x={coord(layout.band.x1)}
            y={coord(plot.top)}
            width={coord(layout.band.x2 - layout.band.x1)}
            height={coord(plot.bottom - plot.top)}
            fill={`url(#${patternId})`}
          />
          <path
            className="qtc-band-edge"
            d={`M${coord(layout.band.x1)} ${coord(plot.top)}V${coord(plot.bottom)}M${coord(layout.band.x2)} ${coord(
              plot.top,
            )}V${coord(plot.bottom)}`}
          />
        </g>
      )}
      <g className="qtc-x" aria-hidden="true">
        <path className="qtc-axis" d={`M${coord(plot.left)} ${coord(plot.bottom)}H${coord(plot.right)}`} />
        {layout.xTicks.map((t) => (
          <React.Fragment key={t.day}>
            <path className="qtc-axis" d={`M${coord(t.x)} ${coord(plot.bottom)}v4`} />
            <text x={coord(t.labelStart)} y={coord(plot.bottom + fontSize + 5)} fontSize={fontSize}>
              {t.label}
            </text>
          </React.Fragment>
        ))}
      </g>
      {layout.series.map((s) => (
        <g key={s.key} className={`qtc-series qtc-tone-${s.tone}`} aria-hidden="true" data-series={s.key}>
          {s.area && <path className="qtc-area" d={s.area} />}
          {s.line && (
            <path
              className="qtc-line"
              d={s.line}
              strokeWidth={s.style.width}
              strokeDasharray={s.style.dash ?? undefined}
            />
          )}
          {s.isolated.map((p, i) => (
            <path key={i} className="qtc-shape" d={markerPath("circle", p.x, p.y, s.style.width)} />
          ))}
          <Shapes style={s.style} points={s.markers} size={size} />
        </g>
      ))}
      {layout.markers.map((m) => (
        <g key={`${m.date}-${m.label}`} className="qtc-event-group" aria-hidden="true">
          <path
            className={`qtc-event${m.tone === "today" ? " qtc-event-today" : ""}`}
            d={`M${coord(m.x)} ${coord(plot.top - 2)}V${coord(plot.bottom)}`}
            strokeDasharray={m.dash ?? undefined}
          />
          <text className="qtc-event-label" x={coord(m.labelX)} y={coord(m.labelY)} fontSize={fontSize}>
            {m.label}
          </text>
        </g>
      ))}
    </>
  );
}

/** The highlighted day: a vertical line, and each series' value marked on it. */
function Crosshair({ layout, index }: { layout: ChartLayout; index: number }): JSX.Element {
  const x = layout.xs[index];
  return (
    <g className="qtc-crosshair" aria-hidden="true">
      <path className="qtc-crosshair-line" d={`M${coord(x)} ${coord(layout.plot.top)}V${coord(layout.plot.bottom)}`} />
      {layout.series.map((s) => {
        const p = s.points[index];
        return p ? (
          <g key={s.key} className={`qtc-series qtc-tone-${s.tone}`}>
            <path className="qtc-shape qtc-focus-dot" d={markerPath("circle", p.x, p.y, 4.5)} />
          </g>
        ) : null;
      })}
    </g>
  );
}

/** The highlighted day's values beside the crosshair (for sight; the live region says them). */
function Tooltip({ layout, spec, index }: { layout: ChartLayout; spec: TrendChartSpec; index: number }): JSX.Element {
  const x = layout.xs[index];
  const right = x > layout.width * 0.6;
  const notes = (spec.markers ?? []).filter((m) => m.date === spec.dates[index]);
  return (
    <div
      className={`qtc-tooltip${right ? " qtc-tooltip-left" : ""}`}
      aria-hidden="true"
      style={{
        left: `${((x / layout.width) * 100).toFixed(2)}%`,
        top: `${((layout.plot.top / layout.height) * 100).toFixed(2)}%`,
      }}
    >
      <div className="qtc-tooltip-date">{ukDateLabel(spec.dates[index], true)}</div>
      <table>
        <tbody>
          {spec.series.map((s) => {
            const drawn = layout.series.find((l) => l.key === s.key)!;
            const v = valueAt(s, index);
            return (
              <tr key={s.key}>
                <td>
                  <SeriesSwatch tone={drawn.tone} kind={drawn.kind} style={drawn.style} />
                </td>
                <th scope="row">{s.label}</th>
                <td className={`qtc-num${v === null ? " qtc-no-data" : ""}`}>
                  {v === null ? "no data" : formatCount(v)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {notes.map((m) => (
        <div key={m.label} className="qtc-tooltip-note">
          {m.label}
        </div>
      ))}
    </div>
  );
}

function Legend(props: { layout: ChartLayout; spec: TrendChartSpec; patternId: string }): JSX.Element {
  const { layout, spec } = props;
  return (
    <ul className="qtc-legend" aria-label="Legend">
      {spec.series.map((s) => {
        const drawn = layout.series.find((l) => l.key === s.key)!;
        return (
          <li key={s.key}>
            <SeriesSwatch tone={drawn.tone} kind={drawn.kind} style={drawn.style} />
            <span>{s.label}</span>
          </li>
        );
      })}
      {layout.markers.map((m) => (
        <li key={`${m.date}-${m.label}`}>
          <MarkerSwatch tone={m.tone} dash={m.dash} />
          <span>
            {m.label} ({ukDateLabel(m.date, true)})
          </span>
        </li>
      ))}
      {layout.band && (
        <li>
          <BandSwatch patternId={props.patternId} />
          <span>{layout.band.label}</span>
        </li>
      )}
    </ul>
  );
}
