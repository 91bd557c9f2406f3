import { AssessedDefect, Assessment, VERDICT_LABELS } from "./assessment";
import { GateDecision, GateOptions } from "./gate";
import { escapeMarkdown, markdownUrl, safeHttpUrl } from "./report/escape";
import { formatPercent, formatPhase } from "./report/format";
import { severityLabel } from "./severity";

/** Rows shown per table in a pipeline summary; the rest are counted, and listed in the log. */
export const SUMMARY_ROWS = 50;

const OUTCOME_HEADINGS = {
  passed: "✅ QT exit gate passed",
  blocked: "❌ QT exit gate blocked",
  "cannot-assess": "⚠️ QT exit gate cannot assess",
} as const;

function defectLink(d: AssessedDefect): string {
  const url = safeHttpUrl(d.url);
  return url ? `[#${d.id}](${markdownUrl(url)})` : `#${d.id}`;
}

function defectTable(defects: readonly AssessedDefect[], extra?: (d: AssessedDefect) => string): string[] {
  const lines = [
    `| Defect | Severity | State | Title${extra ? " | Missing" : ""} |`,
    `| --- | --- | --- | ---${extra ? " | ---" : ""} |`,
  ];
  for (const d of defects.slice(0, SUMMARY_ROWS)) {
    const severity = `${severityLabel(d.severity)}${d.severity === "unclassified" ? ` (${d.severityValue || "empty"})` : ""}`;
    lines.push(
      `| ${defectLink(d)} | ${escapeMarkdown(severity)} | ${escapeMarkdown(d.state)} | ${escapeMarkdown(d.title)}${extra ? ` | ${escapeMarkdown(extra(d))}` : ""} |`,
    );
  }
  if (defects.length > SUMMARY_ROWS) lines.push("", `…and ${defects.length - SUMMARY_ROWS} more (see the task log).`);
  return lines;
}

/** What an outstanding Sev3/Sev4 defect still lacks, in words. */
export function mitigationGapText(d: AssessedDefect): string {
  const missing: string[] = [];
  if (!d.hasImpact) missing.push("impact assessment");
  if (!d.hasMitigation) missing.push("mitigation plan");
  if (d.agreement !== "present") missing.push(d.agreement === "stale" ? "agreement (stale)" : "agreement");
  return missing.join(", ");
}

/** The gate's result as Markdown for the pipeline's summary tab. Every value from ADO or settings is escaped. */
export function renderGateSummary(a: Assessment, gate: GateDecision, options: GateOptions): string {
  const lines: string[] = [
    `## ${OUTCOME_HEADINGS[gate.outcome]}: ${escapeMarkdown(a.participantRole)}`,
    "",
    escapeMarkdown(gate.reason),
    "",
    `- Participant: ${escapeMarkdown(a.participantName)} (${escapeMarkdown(a.roleName)})`,
    `- Verdict: **${VERDICT_LABELS[a.verdict]}** — ${escapeMarkdown(a.summary)}`,
    `- Blocks on: ${[...options.blockOn.map(severityLabel), "unclassified"].join(", ")}${options.requireFullExecution ? "; full execution (E4) required" : ""}`,
    `- Execution: ${a.coverage.executed} of ${a.coverage.planned} points (${formatPercent(a.coverage.executionPercent)}), ${a.coverage.passed} passed`,
    `- Outstanding: ${a.defectCounts
      .filter((c) => c.outstanding > 0)
      .map((c) => `${severityLabel(c.severity)} ${c.outstanding}`)
      .join(", ")}`.replace(/: $/, ": none"),
  ];
  if (a.window)
    lines.push(`- Window: ${escapeMarkdown(a.window.name)}, ${formatPhase(a.window.phase, a.window.daysLeft)}`);
  lines.push(`- Assessed at: ${a.assessedAt}`);
  if (gate.problems.length > 0) {
    lines.push("", "### Why it cannot be assessed", "");
    for (const p of gate.problems) lines.push(`- ${escapeMarkdown(p)}`);
  }
  if (gate.blockingDefects.length > 0) {
    lines.push("", `### Blocking defects (${gate.blockingDefects.length})`, "", ...defectTable(gate.blockingDefects));
  }
  for (const c of gate.unmetCriteria) {
    lines.push("", `### ${c.id} ${escapeMarkdown(c.title)}: ${c.status}`, "");
    for (const r of c.reasons) lines.push(`- ${escapeMarkdown(r.message)}`);
  }
  if (gate.mitigationGaps.length > 0) {
    lines.push(
      "",
      `### Sev3/Sev4 without impact, mitigation or agreement (${gate.mitigationGaps.length})`,
      "",
      ...defectTable(gate.mitigationGaps, mitigationGapText),
    );
  }
  return `${lines.join("\n")}\n`;
}
