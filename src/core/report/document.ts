/**
 * A small document model between the report and its Markdown and HTML renderings: the outline decides what
 * the report says, in which order; each renderer only decides how it is written. So the two never disagree.
 * Every `text` here is unescaped: the renderers escape it.
 */

/** A hint for colour in HTML; the words always carry the meaning on their own. */
export type Tone = "good" | "bad" | "warn" | "neutral";

export interface Span {
  text: string;
  /** A link target; renderers link only safe http(s) addresses and show anything else as text. */
  href?: string | null;
  strong?: boolean;
  /** Monospace, for hashes and identifiers. */
  code?: boolean;
  tone?: Tone;
}

/** A run of inline content. */
export type Inline = Span[];

export interface Column {
  label: string;
  numeric?: boolean;
}

export type Block =
  | { kind: "heading"; level: 1 | 2 | 3; id: string; text: string }
  | { kind: "paragraph"; content: Inline }
  /** Label/value pairs (a two-column table whose labels are row headers). */
  | { kind: "facts"; caption: string; rows: { label: string; value: Inline }[] }
  /** A data table; its first column identifies the row. `empty` is said instead when there are no rows. */
  | { kind: "table"; caption: string; columns: Column[]; rows: Inline[][]; empty: string }
  | { kind: "list"; items: Inline[] }
  /**
   * A chart: `svg` is finished, escaped SVG markup (from renderTrendSvg: no script, no external reference), drawn by
   * HTML in a figure with `caption`; Markdown leaves it out (the tables beside it carry the same figures).
   */
  | { kind: "figure"; svg: string; caption: string };

export const span = (text: string, extra: Omit<Span, "text"> = {}): Span => ({ text, ...extra });
export const plain = (text: string): Inline => [span(text)];
