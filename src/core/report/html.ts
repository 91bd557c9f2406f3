import { Block, Inline, Span } from "./document";
import { escapeHtml, safeHttpUrl } from "./escape";
import { REPORT_CSS } from "./html-style";
import { reportHash } from "./model";
import { outline, reportTitle } from "./outline";
import { CompletionReport } from "./types";

/** The page may load nothing and run nothing: inline styles only. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/**
 * The report as one self-contained, printable HTML5 page: no script, no external asset, every value from data
 * escaped, links only to http(s) addresses.
 */
export function renderHtml(report: CompletionReport): string {
  const blocks = outline(report, reportHash(report));
  const firstSection = blocks.findIndex((b) => b.kind === "heading" && b.level === 2);
  const intro = firstSection < 0 ? blocks : blocks.slice(0, firstSection);
  const rest = firstSection < 0 ? [] : blocks.slice(firstSection);
  return [
    "<!DOCTYPE html>",
    '<html lang="en-GB">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(reportTitle(report))}</title>`,
    `<style>${REPORT_CSS}</style>`,
    "</head>",
    "<body>",
    "<header>",
    ...intro.map(block),
    "</header>",
    "<main>",
    ...sections(rest),
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/** Wraps each level-2 heading and what follows it in a labelled section. */
function sections(blocks: readonly Block[]): string[] {
  const out: string[] = [];
  let open = false;
  for (const b of blocks) {
    if (b.kind === "heading" && b.level === 2) {
      if (open) out.push("</section>");
      const annex = b.id.startsWith("annex-") ? ' class="annex"' : "";
      out.push(`<section${annex} aria-labelledby="${escapeHtml(b.id)}">`);
      open = true;
    }
    out.push(block(b));
  }
  if (open) out.push("</section>");
  return out;
}

function block(b: Block): string {
  switch (b.kind) {
    case "heading":
      return `<h${b.level} id="${escapeHtml(b.id)}">${escapeHtml(b.text)}</h${b.level}>`;
    case "paragraph":
      return `<p>${inline(b.content)}</p>`;
    case "list":
      return `<ul>\n${b.items.map((item) => `<li>${inline(item)}</li>`).join("\n")}\n</ul>`;
    case "facts":
      return [
        '<table class="facts">',
        `<caption class="visually-hidden">${escapeHtml(b.caption)}</caption>`,
        "<tbody>",
        ...b.rows.map((r) => `<tr><th scope="row">${escapeHtml(r.label)}</th><td>${inline(r.value)}</td></tr>`),
        "</tbody>",
        "</table>",
      ].join("\n");
    case "figure":
      return ['<figure class="chart">', b.svg, `<figcaption>${escapeHtml(b.caption)}</figcaption>`, "</figure>"].join(
        "\n",
      );
    case "table":
      if (b.rows.length === 0) return `<p class="empty">${escapeHtml(b.empty)}</p>`;
      return [
        `<div class="table-wrap" role="region" aria-label="${escapeHtml(b.caption)}" tabindex="0">`,
        "<table>",
        `<caption class="visually-hidden">${escapeHtml(b.caption)}</caption>`,
        `<thead><tr>${b.columns.map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ""}>${escapeHtml(c.label)}</th>`).join("")}</tr></thead>`,
        "<tbody>",
        ...b.rows.map(
          (cells) =>
            `<tr>${cells
              .map((cell, i) => {
                const cls = b.columns[i]?.numeric ? ' class="num"' : "";
                return i === 0 ? `<th scope="row"${cls}>${inline(cell)}</th>` : `<td${cls}>${inline(cell)}</td>`;
              })
              .join("")}</tr>`,
        ),
        "</tbody>",
        "</table>",
        "</div>",
      ].join("\n");
  }
}

function inline(content: Inline): string {
  return content.map(spanHtml).join("");
}

function spanHtml(s: Span): string {
  let out = escapeHtml(s.text);
  if (s.code) out = `<code>${out}</code>`;
  if (s.strong) out = `<strong>${out}</strong>`;
  if (s.tone) out = `<span class="tone tone-${s.tone}">${out}</span>`;
  const href = safeHttpUrl(s.href);
  return href ? `<a href="${escapeHtml(href)}">${out}</a>` : out;
}
