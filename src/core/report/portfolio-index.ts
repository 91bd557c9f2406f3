import { Assessment, VERDICT_LABELS } from "../assessment";
import { escapeMarkdown, markdownUrl } from "./escape";
import { formatPercent } from "./format";

/** One participant-role's line in a window's report index, with the files written for it (relative names). */
export interface IndexedReport {
  assessment: Assessment;
  files: string[];
}

/** "—" where the read was incomplete: the index never shows a 0 that was not read. */
const NOT_COUNTED = "—";

const outstanding = (a: Assessment, severity: 1 | 2 | "unclassified") =>
  a.counted.defects ? String(a.defectCounts.find((c) => c.severity === severity)?.outstanding ?? 0) : NOT_COUNTED;
const executed = (a: Assessment) => (a.counted.points ? formatPercent(a.coverage.executionPercent) : NOT_COUNTED);

/** Markdown index of the completion reports written for a window: verdicts side by side, links to each file. */
export function renderReportIndex(title: string, reports: readonly IndexedReport[], generatedAt: Date): string {
  const lines = [
    `# ${escapeMarkdown(title)}`,
    "",
    `Generated ${generatedAt.toISOString()}: ${reports.length} participant-role${reports.length === 1 ? "" : "s"}.`,
    "",
    "| Participant-role | Participant | Verdict | Executed | Sev1 | Sev2 | Unclassified | Reports |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const { assessment: a, files } of reports) {
    // Only plain file names in the same folder become links; anything else is shown as text.
    const links = files
      .map((f) =>
        /^[\w][\w.-]*$/.test(f) ? `[${escapeMarkdown(f.split(".").pop() ?? f)}](${markdownUrl(f)})` : escapeMarkdown(f),
      )
      .join(" ");
    lines.push(
      `| ${escapeMarkdown(a.participantRole)} | ${escapeMarkdown(a.participantName)} | ${VERDICT_LABELS[a.verdict]} | ${executed(a)} | ${outstanding(a, 1)} | ${outstanding(a, 2)} | ${outstanding(a, "unclassified")} | ${links} |`,
    );
  }
  const problems = reports.filter((r) => r.assessment.verdict === "cannot-assess");
  if (problems.length > 0) {
    lines.push("", "## Cannot assess", "");
    for (const { assessment: a } of problems)
      lines.push(`- ${escapeMarkdown(a.participantRole)}: ${escapeMarkdown(a.problems.join("; ") || a.summary)}`);
  }
  return `${lines.join("\n")}\n`;
}
