/**
 * `qt-assure trace`: a participant-role's requirement traceability matrix (RTTM, MHHS-DEL1050) as text, JSON or
 * CSV, read with the same reader and built by the same core as the hub's Traceability tab and the report.
 */
import { Assessment } from "../core/assessment";
import { POINT_STATUS_LABELS } from "../core/report/labels";
import { reportTraceabilityOf } from "../core/report/traceability";
import { TRACE_STATUS_LABELS, TraceStatus, TraceabilityOutcome, traceabilityCsv } from "../core/traceability";

export const TRACE_FORMATS = ["text", "json", "csv"] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

/** Version of the `qt-assurance.cli.trace` document. */
export const TRACE_JSON_VERSION = 1;

const FLAG: Record<TraceStatus, string> = {
  passed: "  ",
  failing: "! ",
  "not-run": "! ",
  "no-test": "! ",
  "not-in-scope": "! ",
};

const SOURCE_LINES = {
  scope: "Requirements: the settings' requirement scope for this participant-role.",
  links:
    "Requirements: those its test cases are Tested By and its requirement-based suites are for. No requirement scope is set, so a requirement with neither is not known here: set traceability in the settings to flag it.",
} as const;

/** What a person reads in a terminal: a line per requirement (gaps flagged `!`), its cases and open defects below. */
export function traceText(
  a: Pick<Assessment, "participantRole" | "participantName">,
  outcome: TraceabilityOutcome,
): string {
  const lines = [`${a.participantRole} ${a.participantName}: requirement traceability (RTTM, MHHS-DEL1050)`];
  if (outcome.kind === "cannot-assess") {
    lines.push(`CANNOT ASSESS — ${outcome.reason}`);
    return `${lines.join("\n")}\n`;
  }
  const t = outcome.traceability;
  const c = t.counts;
  lines.push(SOURCE_LINES[outcome.source]);
  lines.push(
    `${c.requirements} requirements: ${(["passed", "failing", "not-run", "no-test", "not-in-scope"] as const)
      .map((s) => `${c[s]} ${TRACE_STATUS_LABELS[s].toLowerCase()}`)
      .join(", ")}; ${c.untracedTests} test cases without a requirement`,
  );
  const idWidth = Math.max(4, ...t.rows.map((r) => String(r.requirement.id).length));
  for (const r of t.rows) {
    const status = TRACE_STATUS_LABELS[r.status].toUpperCase();
    lines.push(
      `${FLAG[r.status]}#${String(r.requirement.id).padEnd(idWidth)} ${status.padEnd(22)} ${r.requirement.title} [${r.requirement.state}]`,
    );
    const indent = " ".repeat(idWidth + 4);
    for (const tc of r.cases) {
      const results =
        tc.results.length === 0
          ? "not in the plans"
          : tc.results
              .map((x) => `${x.configuration || "(no configuration)"} ${POINT_STATUS_LABELS[x.status].toLowerCase()}`)
              .join("; ");
      lines.push(`${indent}TC ${tc.testCaseId} ${tc.title} (${tc.via.join(", ")}): ${results}`);
    }
    if (r.openDefects.length > 0)
      lines.push(
        `${indent}open defects: ${r.openDefects.map((d) => `#${d.id} ${d.severityLabel} ${d.title}`).join("; ")}`,
      );
  }
  if (t.untraced.length > 0) {
    lines.push("Test cases without a requirement:");
    for (const u of t.untraced) lines.push(`! TC ${u.testCaseId} ${u.title} (points ${u.pointIds.join(", ")})`);
  }
  return `${lines.join("\n")}\n`;
}

/** The versioned JSON document: the report section's shape, with who it is for. */
export function traceJsonDocument(participantRole: string, outcome: TraceabilityOutcome): string {
  return `${JSON.stringify(
    {
      format: "qt-assurance.cli.trace",
      formatVersion: TRACE_JSON_VERSION,
      participantRole,
      ...reportTraceabilityOf(outcome),
    },
    null,
    2,
  )}\n`;
}

/** The matrix as the text of the chosen format; CSV has no form for "cannot assess" (undefined). */
export function traceOutput(
  a: Pick<Assessment, "participantRole" | "participantName">,
  outcome: TraceabilityOutcome,
  format: TraceFormat,
): string | undefined {
  if (format === "json") return traceJsonDocument(a.participantRole, outcome);
  if (format === "csv") return outcome.kind === "read" ? traceabilityCsv(outcome.traceability) : undefined;
  return traceText(a, outcome);
}
