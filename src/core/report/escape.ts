/**
 * Escaping for everything the renderers take from data (titles, names, reasons, notes, URLs). Templates are
 * written by us; every value that came from ADO or from a person passes through one of these on its way out.
 */

/** C0 controls other than TAB, LF and CR, and DEL: not text in any of our formats. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/g;

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text for HTML element content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(CONTROL, "\ufffd").replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/**
 * Inline Markdown text (CommonMark/GFM), safe in paragraphs, list items, headings and table cells:
 * - `&`, `<` and `>` become entity references, so no raw HTML, autolink or entity passes through (and the text
 *   never holds a literal `<`);
 * - the characters that open emphasis, code, links, images, strike-through, math, table cells or a heading's
 *   closing sequence are backslash-escaped;
 * - line breaks become spaces, so data can never start a line (and with it a block: list, quote, heading,
 *   fence, table row).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(CONTROL, "\ufffd")
    .replace(LINE_BREAK, " ")
    .replace(/[\\`*_{}[\]#|~$!]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/** Cells whose first character a spreadsheet would read as the start of a formula (or a DDE call). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes an apostrophe to a value a spreadsheet would otherwise evaluate. */
export function protectFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field (RFC 4180): formula-protected, then quoted when it holds a quote, comma or line break. */
export function csvField(value: string | number | boolean | null): string {
  const text = value === null ? "" : typeof value === "string" ? value.replace(CONTROL, "\ufffd") : String(value);
  const protectedText = protectFormula(text);
  return /[",\r\n]/.test(protectedText) ? `"${protectedText.replace(/"/g, '""')}"` : protectedText;
}

/**
 * An address fit to become a link: absolute http(s), no white space or control characters. Anything else
 * (`javascript:`, `data:`, relative paths) is shown as text, never linked.
 */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  return /^https?:\/\/[^\s\u0000-\u001f\u007f-\u009f]+$/i.test(url) ? url : null;
}

/**
 * A safe http(s) address as a Markdown link destination: characters that could end the destination, open
 * markup or split a table cell are percent-encoded (the address stays the same resource).
 */
export function markdownUrl(url: string): string {
  return url.replace(/[^A-Za-z0-9\-._~:/?#@!$&+,;=%]/gu, percentEncode);
}

function percentEncode(char: string): string {
  try {
    return encodeURIComponent(char).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    return "%EF%BF%BD"; // a lone surrogate: encode U+FFFD, as a browser would
  }
}
