/**
 * The HTML rendering's only style sheet, inlined (the page's CSP allows inline styles and nothing else).
 * Colours are chosen for WCAG AA contrast (text ≥ 4.5:1 on its background); status is always said in words too.
 */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #ffffff; color: #1a1a1a; font: 15px/1.5 "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif; }
header, main { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; border-bottom: 3px solid #1f3a5f; }
h1 { font-size: 1.6rem; margin: 0 0 12px; color: #1f3a5f; }
h2 { font-size: 1.3rem; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #c4c9d0; color: #1f3a5f; }
h3 { font-size: 1.05rem; margin: 20px 0 6px; }
p { margin: 6px 0; }
ul { margin: 6px 0; padding-left: 22px; }
li { margin: 3px 0; }
a { color: #0a4f8f; }
a:focus-visible, .table-wrap:focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
code { font-family: Consolas, "Liberation Mono", Menlo, monospace; font-size: 0.9em; word-break: break-all; }
.table-wrap { overflow-x: auto; margin: 8px 0 12px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid #c4c9d0; padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: break-word; white-space: pre-line; }
thead th { background: #e8ecf1; }
tbody th { font-weight: 600; background: #f6f7f9; }
tbody tr:nth-child(even) td { background: #fafbfc; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
table.facts { width: auto; min-width: 50%; }
table.facts th { width: 14em; }
.empty { font-style: italic; color: #4a4a4a; }
.tone { padding: 1px 6px; border-radius: 3px; }
.tone-good { background: #e2f3e6; color: #0d5322; }
.tone-bad { background: #fbe4e4; color: #8a1414; }
.tone-warn { background: #fff1c9; color: #5c3d00; }
.tone-neutral { background: #eceff3; color: #2b2b2b; }
figure.chart { margin: 8px 0 12px; max-width: 100%; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 0.9em; color: #4a4a4a; margin-top: 4px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; padding: 0; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { font-size: 9.5pt; }
  header, main { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr, li, figure { break-inside: avoid; page-break-inside: avoid; }
  figure.chart svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; }
  .tone, thead th, tbody th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.annex { break-before: page; page-break-before: always; }
}
`;
