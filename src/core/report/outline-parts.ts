import { CriterionStatus, Verdict } from "../assessment";
import { Block, Column, Inline, Span, Tone, span } from "./document";
import { pointName } from "../item-names";
import { formatInstant } from "./format";
import { AGREEMENT_STATE_LABELS, WAIVER_STATE_LABELS } from "./labels";
import { CompletionReport, DefectRow, ReportItemRef, TestRow } from "./types";

/** Inline pieces the outline's sections share. */

export const VERDICT_TONES: Readonly<Record<Verdict, Tone>> = {
  "exit-criteria-met": "good",
  "ready-to-submit": "good",
  "not-ready": "bad",
  "cannot-assess": "warn",
};

export const CRITERION_TONES: Readonly<Record<CriterionStatus, Tone>> = {
  met: "good",
  unmet: "bad",
  pending: "warn",
  unknown: "warn",
};

/** `Name (id)`, or just the id when there is no name. */
export function named(name: string | null, id: number | string): string {
  return name ? `${name} (${id})` : String(id);
}

export const text = (value: string | number | null): Inline => [span(value === null ? "" : String(value))];
export const instant = (value: string | null): Inline => text(formatInstant(value));
export const link = (label: string, href: string | null): Inline => [span(label, { href })];

const REF_KIND_LABELS: Readonly<Record<ReportItemRef["kind"], string>> = {
  defect: "Defect",
  "test-point": "Point",
  report: "Report",
  "entry-item": "Entry item",
  "sign-off": "Sign-off",
};

export function refSpans(ref: ReportItemRef): Span[] {
  // A test point by its test case and configuration, as an assurer knows it; its point id after the link.
  if (ref.kind === "test-point") return [span(pointName(ref), { href: ref.url }), span(` (point ${ref.id})`)];
  const spans: Span[] = [span(`${REF_KIND_LABELS[ref.kind]} ${ref.id}`, { href: ref.url })];
  if (ref.title) spans.push(span(`: ${ref.title}`));
  return spans;
}

/** Several references in one cell or line, separated by semicolons. */
export function refList(refs: readonly ReportItemRef[]): Inline {
  return refs.flatMap((ref, i) => (i === 0 ? refSpans(ref) : [span("; "), ...refSpans(ref)]));
}

export function testCaseText(row: TestRow): string {
  const title = row.testCaseTitle ?? "(untitled)";
  return `${row.testCaseId}: ${title}${row.configurationName ? ` [${row.configurationName}]` : ""}`;
}

/** The test case cell: its id, title and configuration, linking to the test case when the report has its address. */
export function testCaseCell(row: TestRow): Inline {
  return [span(testCaseText(row), { href: row.testCaseUrl ?? null })];
}

/** The latest run of a point, linking to its result; reports made before runs were recorded say nothing. */
export function latestRunCell(row: TestRow): Inline {
  if (row.lastRunId === undefined) return text("");
  if (row.lastRunId === null) return text("Not run");
  return [span(`Run ${row.lastRunId}`, { href: row.runUrl ?? null })];
}

export function waiverText(row: TestRow): Inline {
  const label = WAIVER_STATE_LABELS[row.waiver];
  const a = row.approval;
  return text(a ? `${label}: ${a.kind} by ${a.body} (${a.approvedBy}, ${formatInstant(a.approvedAt)})` : label);
}

export function severityText(row: DefectRow): string {
  if (row.severity !== "unclassified") {
    return row.severityValue && row.severityValue !== String(row.severity)
      ? `${row.severityLabel} (${row.severityValue})`
      : row.severityLabel;
  }
  return row.severityValue ? `Unclassified (value "${row.severityValue}")` : "Unclassified (no value)";
}

export function agreementText(row: DefectRow): Inline {
  const label = AGREEMENT_STATE_LABELS[row.agreement];
  const r = row.agreementRecord;
  const tone: Tone | undefined = row.agreement === "missing" || row.agreement === "stale" ? "bad" : undefined;
  const detail = r ? `: ${r.body} (${r.agreedBy}, ${formatInstant(r.agreedAt)})${r.note ? `: ${r.note}` : ""}` : "";
  return [span(`${label}${detail}`, tone ? { tone } : {})];
}

export const h2 = (id: string, title: string): Block => ({ kind: "heading", level: 2, id, text: title });
export const h3 = (id: string, title: string): Block => ({ kind: "heading", level: 3, id, text: title });
/** Column headings; a leading `#` marks a numeric (right-aligned) column. */
export const cols = (...labels: string[]): Column[] =>
  labels.map((l) => (l.startsWith("#") ? { label: l.slice(1), numeric: true } : { label: l }));

/** Said in place of figures the read did not complete: a report never shows a 0 that was not read. */
export const notCounted = (why: string): Block => ({
  kind: "paragraph",
  content: [span("Not counted:", { strong: true, tone: "warn" }), span(` ${why}. See the verdict for the reason.`)],
});

/** What a report's figures rest on; a report stored before `counted` existed is rendered as it always was. */
export function countedOf(report: CompletionReport): { points: boolean; defects: boolean } {
  return report.counted ?? { points: true, defects: true };
}

/** A section's part that could not be read: why, never an empty table that could pass for none. */
export const cannotShow = (reason: string | null, fallback: string): Block => ({
  kind: "paragraph",
  content: [span("Cannot be shown:", { strong: true, tone: "warn" }), span(` ${reason ?? fallback}`)],
});

/** A section the report was made without (it keeps the hash it had): "this report was made without …". */
export const notRead = (without: string): Block => ({
  kind: "paragraph",
  content: [span("Not read:", { strong: true }), span(` this report was made without ${without}.`)],
});
