import { Assessment, CriterionResult, Reason, VERDICT_LABELS, WindowState } from "../core/assessment";
import { pointName } from "../core/item-names";
import { Portfolio } from "../core/portfolio";
import { severityLabel } from "../core/severity";

/**
 * Versioned machine output: scripts read `format` and `formatVersion` before anything else. Version 2: a count
 * that was not read completely is null (version 1 gave 0).
 */
export const CLI_JSON_VERSION = 2;

export interface AssessmentJson {
  participantRole: string;
  participantName: string;
  role: string;
  route: string;
  window: { id: string; name: string; phase: string; daysLeft: number } | null;
  verdict: string;
  /** The role's programme milestone, with a warning when the window ends after it or it passed unqualified. */
  milestone: { id: string; name: string; date: string; daysLeft: number; warning?: string } | null;
  /** Where it stands in the lifecycle (stage id, label and what moves it on). */
  stage: { id: string; label: string; detail: string; reopened: boolean; awaiting: string[] };
  summary: string;
  problems: string[];
  criteria: {
    id: string;
    title: string;
    status: string;
    reasons: {
      code: string;
      message: string;
      items: { kind: string; id: number | string; title?: string; url?: string }[];
    }[];
  }[];
  /** Each figure is null when what it counts was not read completely: never a 0 that was not read. */
  counts: {
    planned: number | null;
    executed: number | null;
    passed: number | null;
    executionPercent: number | null;
    completionPercent: number | null;
    waiversMissing: number | null;
    outstanding: Record<string, number> | null;
    mitigationGaps: number | null;
  };
}

const ifPoints = (a: Assessment, n: number): number | null => (a.counted.points ? n : null);

/** The stable JSON view of an assessment: criteria with their reasons and the ADO ids behind them, and counts. */
export function assessmentJson(a: Assessment): AssessmentJson {
  return {
    participantRole: a.participantRole,
    participantName: a.participantName,
    role: a.roleName,
    route: a.route,
    window: a.window
      ? { id: a.window.id, name: a.window.name, phase: a.window.phase, daysLeft: a.window.daysLeft }
      : null,
    verdict: a.verdict,
    milestone: a.milestone ?? null,
    stage: {
      id: a.stage.id,
      label: a.stage.label,
      detail: a.stage.detail,
      reopened: a.stage.reopened,
      awaiting: a.stage.awaiting,
    },
    summary: a.summary,
    problems: a.problems,
    criteria: a.criteria.map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status,
      reasons: c.reasons.map((r) => ({
        code: r.code,
        message: r.message,
        // Only what identifies the item: assessed points and defects carry more than a reference needs.
        items: r.items.map((i) => ({
          kind: i.kind,
          id: i.id,
          title: i.title,
          ...(i.configurationName ? { configurationName: i.configurationName } : {}),
          url: i.url,
        })),
      })),
    })),
    counts: {
      planned: ifPoints(a, a.coverage.planned),
      executed: ifPoints(a, a.coverage.executed),
      passed: ifPoints(a, a.coverage.passed),
      executionPercent: ifPoints(a, a.coverage.executionPercent),
      completionPercent: ifPoints(a, a.coverage.completionPercent),
      waiversMissing: ifPoints(a, a.waivers.missing + a.waivers.stale),
      outstanding: a.counted.defects
        ? Object.fromEntries(a.defectCounts.map((d) => [severityLabel(d.severity), d.outstanding]))
        : null,
      mitigationGaps: a.counted.defects ? a.mitigationGaps : null,
    },
  };
}

/** `notCounted`: approval records that do not count, each saying why (only when approvals are work items). */
export function assessJsonDocument(a: Assessment, notCounted: readonly string[] = []): string {
  return `${JSON.stringify({ format: "qt-assurance.cli.assess", formatVersion: CLI_JSON_VERSION, assessedAt: a.assessedAt, assessment: assessmentJson(a), ...(notCounted.length > 0 ? { notCounted } : {}) }, null, 2)}\n`;
}

export function portfolioJsonDocument(p: Portfolio): string {
  return `${JSON.stringify(
    {
      format: "qt-assurance.cli.portfolio",
      formatVersion: CLI_JSON_VERSION,
      assessedAt: p.assessedAt,
      overall: p.overall,
      byWindow: p.byWindow,
      byRole: p.byRole,
      byGoverningBody: p.byGoverningBody,
      assessments: p.assessments.map(assessmentJson),
    },
    null,
    2,
  )}\n`;
}

const MAX_ITEMS = 5;

function itemsText(reason: Reason): string {
  if (reason.items.length === 0) return "";
  const shown = reason.items.slice(0, MAX_ITEMS).map((i) => {
    if (i.kind === "defect") return `#${i.id}`;
    if (i.kind !== "test-point") return String(i.id);
    // A test point by its test case and configuration, as an assurer knows it; the point id after it.
    return `"${pointName(i)}" (point ${i.id}${i.lastRunId === undefined ? "" : `, run ${i.lastRunId}`})`;
  });
  const more = reason.items.length > MAX_ITEMS ? ` and ${reason.items.length - MAX_ITEMS} more` : "";
  return ` [${shown.join(", ")}${more}]`;
}

function criterionLines(c: CriterionResult): string[] {
  const mark = { met: "ok  ", unmet: "FAIL", pending: "wait", unknown: "??  " }[c.status];
  return [`  ${mark} ${c.id} ${c.title}`, ...c.reasons.map((r) => `         - ${r.message}${itemsText(r)}`)];
}

/** What a person reads in a terminal: the verdict first, then each criterion with its reasons and item ids. */
export function assessmentText(a: Assessment, notCounted: readonly string[] = []): string {
  const lines = [
    `${a.participantRole} ${a.participantName} (${a.roleName}), ${a.route === "SIT" ? "SIT route" : (a.window?.name ?? "no window")}`,
    `Verdict: ${VERDICT_LABELS[a.verdict].toUpperCase()} — ${a.summary}`,
    `Stage: ${a.stage.label}${a.stage.reopened ? " (reopened)" : ""} — ${a.stage.detail}`,
  ];
  if (a.milestone?.warning) lines.push(`  warning: ${a.milestone.warning}`);
  for (const p of a.problems) lines.push(`  problem: ${p}`);
  for (const m of notCounted) lines.push(`  not counted: ${m}`);
  lines.push("Criteria:");
  for (const c of a.criteria) lines.push(...criterionLines(c));
  const c = a.coverage;
  lines.push(
    a.counted.points
      ? `Execution: ${c.executed}/${c.planned} points (${c.executionPercent}%), ${c.passed} passed, completion ${c.completionPercent}%`
      : "Execution: not counted (the test points were not read completely)",
    a.counted.defects
      ? `Outstanding: ${a.defectCounts.map((d) => `${severityLabel(d.severity)} ${d.outstanding}`).join(", ")}; mitigation gaps ${a.mitigationGaps}`
      : "Outstanding: not counted (the defects were not read completely)",
  );
  if (a.window) lines.push(`Window: ${a.window.name}, ${windowWhen(a.window)}`);
  return `${lines.join("\n")}\n`;
}

/** A figure that was not read: a table cell never shows 0 for it. */
const NOT_COUNTED = "?";

/** One line per participant-role, grouped by window, then the totals; "?" where a figure was not read. */
export function portfolioText(p: Portfolio): string {
  const header = ["participant-role", "verdict", "stage", "exec %", "Sev1", "Sev2", "unclass.", "S3/4 gaps", "waivers"];
  const rows = p.assessments.map((a) => {
    const out = (s: 1 | 2 | "unclassified") =>
      a.counted.defects ? String(a.defectCounts.find((d) => d.severity === s)?.outstanding ?? 0) : NOT_COUNTED;
    return [
      a.participantRole,
      VERDICT_LABELS[a.verdict],
      a.stage.label,
      a.counted.points ? `${a.coverage.executionPercent}%` : NOT_COUNTED,
      out(1),
      out(2),
      out("unclassified"),
      a.counted.defects ? String(a.mitigationGaps) : NOT_COUNTED,
      a.counted.points ? String(a.waivers.missing + a.waivers.stale) : NOT_COUNTED,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  const byWindow = new Map<string, string[][]>();
  p.assessments.forEach((a, i) => {
    const key = a.route === "SIT" ? "SIT route" : (a.window?.name ?? "No window");
    byWindow.set(key, [...(byWindow.get(key) ?? []), rows[i]]);
  });
  const out: string[] = [`  ${line(header)}`];
  for (const [window, windowRows] of byWindow) out.push(`${window}:`, ...windowRows.map((r) => `  ${line(r)}`));
  const v = p.overall.verdicts;
  out.push(
    `${p.overall.total} participant-roles: ${v["exit-criteria-met"]} exit criteria met, ${v["ready-to-submit"]} ready to submit, ${v["not-ready"]} not ready, ${v["cannot-assess"]} cannot assess`,
  );
  return `${out.join("\n")}\n`;
}

const days = (n: number) => (n === 1 ? "1 day" : `${n} days`);

/** "execution, 12 days left", "closed 57 days ago", "environment preparation": never a negative count of days. */
function windowWhen(w: WindowState): string {
  const phase = w.phase.replace(/-/g, " ");
  if (w.daysLeft < 0) return `${phase}, execution ended ${days(-w.daysLeft)} ago (${w.executionEnd})`;
  if (w.daysLeft === 0) return `${phase}, last day of execution`;
  return `${phase}, ${days(w.daysLeft)} to the end of execution (${w.executionEnd})`;
}
