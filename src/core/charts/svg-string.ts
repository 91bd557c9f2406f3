/**
 * The trend chart as SVG text, for the static HTML completion report (its CSP allows inline styles and no script):
 * the same geometry as the React component (geometry.ts), with its legend drawn inside the image, and the same data
 * as an HTML table. Every text taken from the data is escaped (& < > " '). Pure.
 */
import { escapeHtml } from "../report/escape";
import {
  CHART_TONES,
  ChartLayout,
  ChartTone,
  SeriesLayout,
  ToneStyle,
  TrendChartSpec,
  chartTable,
  layoutTrendChart,
  summariseChart,
} from "./geometry";
import { coord, isStrokeShape, markerPath } from "./paths";
import { labelWidth } from "./ticks";

/**
 * The series' colours on a white page: each at least 3:1 against white (and against the dark themes' greys, so the
 * same values serve src/ui/charts/charts.css, which must keep them equal: test/unit/charts checks it).
 */
export const CHART_COLOURS: Readonly<Record<ChartTone, string>> = {
  planned: "#767676",
  executed: "#2f7ed8",
  passed: "#2e8540",
  waived: "#8e62c9",
  sev1: "#d13438",
  sev2: "#c75c00",
  sev3: "#a37b00",
  sev4: "#1b8a8a",
  sev5: "#7a7a7a",
  unclassified: "#c2399a",
  neutral: "#707a85",
};

/** The report's style for the charts (light; printed as drawn). Once per page, or inside each SVG by default. */
export const CHART_SVG_CSS = [
  ".qtc-svg{font-family:'Segoe UI',system-ui,-apple-system,'Helvetica Neue',Arial,sans-serif;background:#fff}",
  ".qtc-svg text{fill:#333}",
  ".qtc-svg .qtc-grid{stroke:#d5d9de;stroke-width:1}",
  ".qtc-svg .qtc-axis{stroke:#8a8f96;stroke-width:1}",
  ".qtc-svg .qtc-band{fill:#2f7ed8;fill-opacity:.1}",
  ".qtc-svg .qtc-band-edge{stroke:#2f7ed8;stroke-opacity:.6}",
  ".qtc-svg .qtc-hatch{stroke:#2f7ed8;stroke-opacity:.35}",
  ".qtc-svg .qtc-event{stroke:#333;stroke-width:1.5}",
  ".qtc-svg .qtc-event-today{stroke:#0a4f8f}",
  ".qtc-svg .qtc-line{fill:none;stroke-linejoin:round;stroke-linecap:round}",
  ".qtc-svg .qtc-area{fill-opacity:.14;stroke:none}",
  ".qtc-svg .qtc-shape{stroke:#fff;stroke-width:1}",
  ".qtc-svg .qtc-shape-open{fill:none;stroke-width:2}",
  ...CHART_TONES.map(
    (t) =>
      `.qtc-svg .qtc-tone-${t} .qtc-line,.qtc-svg .qtc-tone-${t} .qtc-shape-open{stroke:${CHART_COLOURS[t]}}` +
      `.qtc-svg .qtc-tone-${t} .qtc-area,.qtc-svg .qtc-tone-${t} .qtc-shape{fill:${CHART_COLOURS[t]}}`,
  ),
].join("");

export interface SvgOptions {
  /** Prefix of the ids inside the SVG (title, desc, pattern); unique on the page. Default: from the title. */
  id?: string;
  /** Put CHART_SVG_CSS inside the SVG (default); false when the page carries it once. */
  embedStyle?: boolean;
}

/** An id from any text: letters, digits, - and _ only, starting with a letter. */
function safeId(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 24);
  return `qtc-${slug ? `${slug}-` : ""}${hash.toString(16)}`;
}

const e = escapeHtml;
const attr = (name: string, value: string | number | null | undefined) =>
  value === null || value === undefined ? "" : ` ${name}="${e(String(value))}"`;

/** One series' area, line, dots and marker shapes, as the React component draws them. */
export function seriesMarkup(s: SeriesLayout, shapeSize: number): string {
  const style = s.style;
  const out: string[] = [`<g class="qtc-series qtc-tone-${e(s.tone)}">`];
  if (s.area) out.push(`<path class="qtc-area" d="${s.area}"/>`);
  if (s.line)
    out.push(
      `<path class="qtc-line" d="${s.line}"${attr("stroke-width", style.width)}${attr("stroke-dasharray", style.dash)}/>`,
    );
  for (const p of s.isolated) out.push(`<path class="qtc-shape" d="${markerPath("circle", p.x, p.y, style.width)}"/>`);
  out.push(shapes(style, s.markers, shapeSize));
  out.push("</g>");
  return out.join("");
}

function shapes(style: ToneStyle, points: { x: number; y: number }[], size: number): string {
  if (style.shape === "none" || points.length === 0) return "";
  const r = style.emphasis ? size + 0.5 : size;
  const d = points.map((p) => markerPath(style.shape, p.x, p.y, r)).join("");
  return `<path class="${isStrokeShape(style.shape) ? "qtc-shape-open" : "qtc-shape"}" d="${d}"/>`;
}

/** A legend swatch 28 × 12 at (x, y): the series' line with its dash and its marker shape. */
function swatch(tone: string, kind: string, style: ToneStyle, x: number, y: number): string {
  const mid = y + 6;
  const parts = [`<g class="qtc-series qtc-tone-${e(tone)}">`];
  if (kind !== "line") parts.push(`<path class="qtc-area" d="M${x} ${y}h28v12h-28Z"/>`);
  parts.push(
    `<path class="qtc-line" d="M${x} ${mid}h28"${attr("stroke-width", style.width)}${attr("stroke-dasharray", style.dash)}/>`,
  );
  parts.push(shapes(style, [{ x: x + 14, y: mid }], 3.5));
  parts.push("</g>");
  return parts.join("");
}

interface LegendItem {
  text: string;
  draw: (x: number, y: number) => string;
}

function legendItems(spec: TrendChartSpec, layout: ChartLayout, id: string): LegendItem[] {
  const items: LegendItem[] = [];
  for (const s of spec.series) {
    const drawn = layout.series.find((l) => l.key === s.key)!;
    items.push({ text: s.label, draw: (x, y) => swatch(drawn.tone, drawn.kind, drawn.style, x, y) });
  }
  for (const m of layout.markers)
    items.push({
      text: m.label,
      draw: (x, y) =>
        `<path class="qtc-event${m.tone === "today" ? " qtc-event-today" : ""}" d="M${x + 14} ${y - 1}v14"${attr(
          "stroke-dasharray",
          m.dash,
        )}/>`,
    });
  if (layout.band) {
    const band = layout.band;
    items.push({
      text: band.label,
      draw: (x, y) =>
        `<rect class="qtc-band" x="${x}" y="${y}" width="28" height="12"/>` +
        `<rect x="${x}" y="${y}" width="28" height="12" fill="url(#${id}-hatch)"/>` +
        `<path class="qtc-band-edge" d="M${x + 0.5} ${y}v12M${x + 27.5} ${y}v12"/>`,
    });
  }
  return items;
}

const LEGEND_ROW = 18;
const LEGEND_LINE = 14;

/** Words broken into lines no wider than `width` (a word longer than that keeps a line of its own). */
function wrapWords(text: string, width: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && labelWidth(next, fontSize) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [""];
}

/** Lays the legend out in rows under the drawing (long names wrap); answers its markup and height. */
function legendMarkup(items: LegendItem[], layout: ChartLayout, top: number): { markup: string; height: number } {
  const font = layout.fontSize;
  const left = layout.plot.left;
  const right = layout.width - 8;
  const textRoom = Math.max(40, right - left - 34);
  let x = left;
  let y = top;
  let rowHeight = LEGEND_ROW;
  const out: string[] = [];
  for (const item of items) {
    const lines = wrapWords(item.text, textRoom, font);
    const w = 34 + Math.max(...lines.map((l) => labelWidth(l, font))) + 16;
    const h = LEGEND_ROW + (lines.length - 1) * LEGEND_LINE;
    if (x > left && x + w > right) {
      x = left;
      y += rowHeight;
      rowHeight = LEGEND_ROW;
    }
    out.push(item.draw(x, y));
    const tspans = lines
      .map((l, i) => `<tspan x="${coord(x + 34)}"${i > 0 ? ` dy="${LEGEND_LINE}"` : ""}>${e(l)}</tspan>`)
      .join("");
    out.push(`<text x="${coord(x + 34)}" y="${coord(y + 10)}" font-size="${font}">${tspans}</text>`);
    rowHeight = Math.max(rowHeight, h);
    x += w;
  }
  return { markup: out.join(""), height: items.length > 0 ? y - top + rowHeight + 4 : 0 };
}

/**
 * The chart as a standalone `<svg>` (role img, named by its title and described by the summary), at the spec's
 * width and height plus the legend's rows.
 */
export function renderTrendSvg(spec: TrendChartSpec, options: SvgOptions = {}): string {
  const layout = layoutTrendChart(spec);
  const given = options.id?.replace(/[^A-Za-z0-9_-]/g, "-");
  const id = given ? (/^[A-Za-z]/.test(given) ? given : `qtc-${given}`) : safeId(spec.title);
  const { plot, fontSize } = layout;
  const legend = legendMarkup(legendItems(spec, layout, id), layout, layout.height + 4);
  const height = layout.height + legend.height;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="qtc-svg" role="img" aria-labelledby="${id}-title ${id}-desc"` +
      ` width="${layout.width}" height="${height}" viewBox="0 0 ${layout.width} ${height}">`,
  );
  out.push(`<title id="${id}-title">${e(spec.title)}</title>`);
  out.push(`<desc id="${id}-desc">${e(summariseChart(spec))}</desc>`);
  if (options.embedStyle !== false) out.push(`<style>${CHART_SVG_CSS}</style>`);
  out.push(
    `<defs><pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
      `<path class="qtc-hatch" d="M0 0v6"/></pattern></defs>`,
  );
  out.push(`<rect width="${layout.width}" height="${height}" fill="#fff"/>`);
  out.push(...chartBody(layout, id));
  out.push(legend.markup);
  if (layout.empty)
    out.push(
      `<text x="${coord((plot.left + plot.right) / 2)}" y="${coord((plot.top + plot.bottom) / 2)}" font-size="${
        fontSize + 1
      }" text-anchor="middle">No data</text>`,
    );
  out.push("</svg>");
  return out.join("");
}

/** The drawing inside the frame: grid, band, axes, series, markers. Shared shape for the report's SVG. */
function chartBody(layout: ChartLayout, id: string): string[] {
  const { plot, fontSize } = layout;
  const out: string[] = [];
  for (const t of layout.yTicks) {
    out.push(`<path class="qtc-grid" d="M${coord(plot.left)} ${coord(t.y)}H${coord(plot.right)}"/>`);
    out.push(
      `<text x="${coord(plot.left - 6)}" y="${coord(t.y + fontSize * 0.35)}" font-size="${fontSize}" text-anchor="end">${e(
        t.label,
      )}</text>`,
    );
  }
  if (layout.yLabel) {
    const cy = (plot.top + plot.bottom) / 2;
    out.push(
      `<text x="${fontSize}" y="${coord(cy)}" font-size="${fontSize}" text-anchor="middle" transform="rotate(-90 ${fontSize} ${coord(
        cy,
      )})">${e(layout.yLabel)}</text>`,
    );
  }
  if (layout.band) {
    const b = layout.band;
    const h = plot.bottom - plot.top;
    out.push(
      `<rect class="qtc-band" x="${coord(b.x1)}" y="${coord(plot.top)}" width="${coord(b.x2 - b.x1)}" height="${coord(h)}"/>`,
      `<rect x="${coord(b.x1)}" y="${coord(plot.top)}" width="${coord(b.x2 - b.x1)}" height="${coord(h)}" fill="url(#${id}-hatch)"/>`,
      `<path class="qtc-band-edge" d="M${coord(b.x1)} ${coord(plot.top)}V${coord(plot.bottom)}M${coord(b.x2)} ${coord(
        plot.top,
      )}V${coord(plot.bottom)}"/>`,
    );
  }
  out.push(`<path class="qtc-axis" d="M${coord(plot.left)} ${coord(plot.bottom)}H${coord(plot.right)}"/>`);
  for (const t of layout.xTicks) {
    out.push(`<path class="qtc-axis" d="M${coord(t.x)} ${coord(plot.bottom)}v4"/>`);
    out.push(
      `<text x="${coord(t.labelStart)}" y="${coord(plot.bottom + fontSize + 5)}" font-size="${fontSize}">${e(t.label)}</text>`,
    );
  }
  const size = layout.compact ? 2.5 : 3;
  for (const s of layout.series) out.push(seriesMarkup(s, size));
  for (const m of layout.markers) {
    out.push(
      `<path class="qtc-event${m.tone === "today" ? " qtc-event-today" : ""}" d="M${coord(m.x)} ${coord(
        plot.top - 2,
      )}V${coord(plot.bottom)}"${attr("stroke-dasharray", m.dash)}/>`,
      `<text x="${coord(m.labelX)}" y="${coord(m.labelY)}" font-size="${fontSize}">${e(m.label)}</text>`,
    );
  }
  return out;
}

/** The same data as an HTML table (caption, column and row headers), with the markers and band as notes. */
export function renderTrendTableHtml(spec: TrendChartSpec): string {
  const table = chartTable(spec);
  const head = table.columns.map((c) => `<th scope="col">${e(c)}</th>`).join("");
  const body = table.rows
    .map(
      (r) =>
        `<tr><th scope="row">${e(r.label)}</th>${r.cells
          .map((c) => (c === null ? `<td class="num empty">no data</td>` : `<td class="num">${e(c)}</td>`))
          .join("")}</tr>`,
    )
    .join("");
  const notes = table.notes.length > 0 ? `<p>${table.notes.map((n) => e(n)).join("<br>")}</p>` : "";
  return (
    `<div class="table-wrap"><table class="qtc-table"><caption>${e(table.caption)}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>${notes}`
  );
}
