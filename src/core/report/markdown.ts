import { Block, Inline, Span } from "./document";
import { escapeMarkdown, markdownUrl, safeHttpUrl } from "./escape";
import { reportHash } from "./model";
import { outline } from "./outline";
import { CompletionReport } from "./types";

/**
 * The report as GitHub-flavoured Markdown; no raw HTML, every value from data escaped. Charts are left out: the
 * tables beside them carry their figures.
 */
export function renderMarkdown(report: CompletionReport): string {
  const blocks = outline(report, reportHash(report)).filter((b) => b.kind !== "figure");
  return `${blocks.map(block).join("\n\n")}\n`;
}

function block(b: Exclude<Block, { kind: "figure" }>): string {
  switch (b.kind) {
    case "heading":
      return `${"#".repeat(b.level)} ${escapeMarkdown(b.text)}`;
    case "paragraph":
      return inline(b.content);
    case "facts":
      return b.rows.map((r) => `- **${escapeMarkdown(r.label)}:** ${inline(r.value)}`).join("\n");
    case "list":
      return b.items.map((item) => `- ${inline(item)}`).join("\n");
    case "table":
      if (b.rows.length === 0) return `*${escapeMarkdown(b.empty)}*`;
      return [
        row(b.columns.map((c) => escapeMarkdown(c.label))),
        row(b.columns.map((c) => (c.numeric ? "---:" : "---"))),
        ...b.rows.map((cells) => row(cells.map(inline))),
      ].join("\n");
  }
}

const row = (cells: string[]) => `| ${cells.join(" | ")} |`;

function inline(content: Inline): string {
  return content.map(spanText).join("");
}

function spanText(s: Span): string {
  // Code spans cannot be escaped from inside, so only plain identifiers (hashes) are written as code.
  let out = s.code && /^[0-9A-Za-z]+$/.test(s.text) ? `\`${s.text}\`` : escapeMarkdown(s.text);
  if (s.strong && out.trim() !== "") out = `**${out}**`;
  const href = safeHttpUrl(s.href);
  return href && out !== "" ? `[${out}](${markdownUrl(href)})` : out;
}
