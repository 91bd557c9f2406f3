import { AssessedDefect, Assessment, VERDICT_LABELS } from "./assessment";
import { ALWAYS_BLOCKING, GateDecision, GateMode, GateOptions, GateOutcome, requiredCriteria } from "./gate";
import { escapeMarkdown, markdownUrl, safeHttpUrl } from "./report/escape";
import { formatPercent, formatPhase } from "./report/format";
import { SEVERITIES, severityLabel } from "./severity";

/** Rows shown per table in a pipeline summary; the rest are counted, and listed in the log. */
export const SUMMARY_ROWS = 50;

const OUTCOME_HEADINGS: Readonly<Record<GateMode, Readonly<Record<GateOutcome, string>>>> = {
  "qt-exit": {
    passed: "✅ QT exit gate passed",
    "passed-with-issues": "⚠️ QT exit gate passed with issues",
    blocked: "❌ QT exit gate blocked",
    "cannot-assess": "⚠️ QT exit gate cannot assess",
  },
  "sev1-only": {
    passed: "✅ Sev1-only check passed (not the QT exit gate)",
    "passed-with-issues": "⚠️ Sev1-only check passed with Sev2 outstanding (not the QT exit gate)",
    blocked: "❌ Sev1-only check blocked (not the QT exit gate)",
    "cannot-assess": "⚠️ Sev1-only check cannot assess (not the QT exit gate)",
  },
};

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

const CRITERION_STATUS_WORDS = { met: "met", unmet: "not met", pending: "pending", unknown: "unknown" } as const;

/** The gate's result as Markdown for the pipeline's summary tab. Every value from ADO or settings is escaped. */
export function renderGateSummary(a: Assessment, gate: GateDecision, options: GateOptions): string {
  const lines: string[] = [
    `## ${OUTCOME_HEADINGS[gate.mode][gate.outcome]}: ${escapeMarkdown(a.participantRole)}`,
    "",
    escapeMarkdown(gate.reason),
    "",
    `- Participant: ${escapeMarkdown(a.participantName)} (${escapeMarkdown(a.roleName)})`,
    `- Verdict: **${VERDICT_LABELS[a.verdict]}** — ${escapeMarkdown(a.summary)}`,
    `- Stage: ${escapeMarkdown(a.stage.label)}${a.stage.reopened ? " (reopened)" : ""} — ${escapeMarkdown(a.stage.detail)}`,
    `- Blocks on: ${blocksOn(gate.mode, options)}${options.requireFullExecution ? `; full execution (${requiredCriteria(a.route).join(" and ")}) required` : ""}`,
    a.counted.points
      ? `- Execution: ${a.coverage.executed} of ${a.coverage.planned} points (${formatPercent(a.coverage.executionPercent)}), ${a.coverage.passed} passed`
      : "- Execution: not counted (the test points were not read completely)",
    a.counted.defects
      ? `- Outstanding: ${a.defectCounts
          .filter((c) => c.outstanding > 0)
          .map((c) => `${severityLabel(c.severity)} ${c.outstanding}`)
          .join(", ")}`.replace(/: $/, ": none")
      : "- Outstanding: not counted (the defects were not read completely)",
  ];
  if (gate.mode === "sev1-only")
    lines.splice(
      2,
      0,
      "> This is the Sev1-only check, not the QT exit gate: Sev2 defects do not fail it. The QT exit gate (mode qtExit) always blocks on Sev1, Sev2 and unclassified defects.",
      "",
    );
  // The SIT route has no QT execution criteria: what it does have, S1 and S2, is reported whatever the options.
  for (const c of a.route === "SIT" ? a.criteria.filter((c) => c.id === "S1" || c.id === "S2") : [])
    lines.push(`- ${c.id} ${escapeMarkdown(c.title)}: ${CRITERION_STATUS_WORDS[c.status]}`);
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
  if (gate.notGated.length > 0) {
    lines.push(
      "",
      `### Outstanding defects the QT exit gate would block on (${gate.notGated.length})`,
      "",
      ...defectTable(gate.notGated),
    );
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

/** "Sev1, Sev2, Sev3, unclassified": what the gate blocks on, always-blocking levels included. */
function blocksOn(mode: GateMode, options: GateOptions): string {
  const levels = new Set([...ALWAYS_BLOCKING[mode], ...options.blockOn]);
  return SEVERITIES.filter((s) => levels.has(s))
    .map((s) => (s === "unclassified" ? "unclassified" : severityLabel(s)))
    .join(", ");
}
