/**
 * Report files: their names, MIME types and renderers, and saving one from the browser (through the shared
 * `saveFile` of src/ui), so every surface names a report the same way.
 */
import { CompletionReport, renderCsv, renderHtml, renderJson, renderMarkdown } from "../../../core/report";
import { saveFile } from "../../../ui/save-file";

export type ReportFormat = "md" | "html" | "csv" | "json";

export const REPORT_FORMATS: readonly {
  format: ReportFormat;
  label: string;
  mime: string;
  render(report: CompletionReport): string;
}[] = [
  { format: "md", label: "Markdown", mime: "text/markdown;charset=utf-8", render: renderMarkdown },
  { format: "html", label: "HTML", mime: "text/html;charset=utf-8", render: renderHtml },
  { format: "csv", label: "CSV", mime: "text/csv;charset=utf-8", render: renderCsv },
  { format: "json", label: "JSON", mime: "application/json;charset=utf-8", render: renderJson },
];

/** A file-name-safe fragment: letters, digits, dots and dashes. */
const safe = (text: string) => text.replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^-+|-+$/g, "") || "none";

/** `qt-completion-report-<KEY>-<window>-<date>.<ext>`; the date is the report's generation date (UTC). */
export function reportFileName(report: CompletionReport, ext: ReportFormat): string {
  const window = report.scope.window?.id ?? (report.scope.route === "SIT" ? "sit" : "no-window");
  const date = report.generatedAt.slice(0, 10);
  return `qt-completion-report-${safe(report.scope.participantRole)}-${safe(window)}-${safe(date)}.${ext}`;
}

export function downloadReport(report: CompletionReport, format: ReportFormat): void {
  const f = REPORT_FORMATS.find((x) => x.format === format);
  if (!f) return;
  saveFile(reportFileName(report, format), f.mime, f.render(report));
}

/**
 * "Print / save as PDF". The preview frame is sandboxed without scripts or modals, so calling print() on it is
 * refused (and printing the hub page would print only the frame's visible part: Chromium does not paginate an
 * iframe). Instead the same self-contained HTML (its own CSP, no script, an A4 `@media print` stylesheet) opens as a
 * Blob URL in a new tab, and print() is called on that tab once it has loaded: the browser's print dialog, where
 * "Save as PDF" is a destination. If the tab cannot print (or printing is refused) the report stays open there for
 * Ctrl+P. Returns false when the browser blocked the new tab, so the caller can say what to do instead.
 */
export function openPrintable(
  report: CompletionReport,
  openWindow: typeof window.open = window.open.bind(window),
): boolean {
  const url = URL.createObjectURL(new Blob([renderHtml(report)], { type: "text/html;charset=utf-8" }));
  const tab = openWindow(url, "_blank");
  if (!tab) {
    URL.revokeObjectURL(url);
    return false;
  }
  const print = () => {
    try {
      tab.focus();
      tab.print();
    } catch {
      // Printing refused: the report is open in the tab for the user to print.
    }
  };
  try {
    if (tab.document?.readyState === "complete" && tab.location.href === url) print();
    else tab.addEventListener("load", print, { once: true });
  } catch {
    // A tab of another origin (it should not be): leave it open for the user to print.
  }
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return true;
}
