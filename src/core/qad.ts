/**
 * The Qualification Assessment Document view of a window (QA&P §14): every participant-role's stage, dates, the
 * report the Code Bodies review (its SHA-256), their findings and sign-offs, as the Code Bodies take it to their
 * panels. Built from the engine's assessments, rendered as JSON, CSV and a self-contained HTML page. Pure.
 */
import { Assessment, StageId, VERDICT_LABELS } from "./assessment";
import { STAGE_LABELS, stageRank } from "./lifecycle";
import { csvField, escapeHtml } from "./report/escape";

export const QAD_FORMAT = "qt-assurance.qad-view";
export const QAD_FORMAT_VERSION = 1;

export interface QadDecision {
  body: string;
  status: string;
  by: string | null;
  at: string | null;
  note: string | null;
}

export interface QadRow {
  participantRole: string;
  participantName: string;
  role: string;
  governingBodies: string[];
  route: string;
  window: string | null;
  executionStart: string | null;
  executionEnd: string | null;
  verdict: string;
  verdictLabel: string;
  stage: StageId;
  stageLabel: string;
  stageDetail: string;
  reopened: boolean;
  entryCriteriaMet: boolean;
  /** The report under review: the last submitted with E1–E4 met (QT route). */
  report: { sha256: string; submittedAt: string; submittedBy: string } | null;
  decisions: QadDecision[];
  /** Findings: every body's note on a returned report or a refused sign-off. */
  findings: string[];
  milestone: { id: string; date: string; warning: string | null } | null;
  problems: string[];
}

export interface QadDocument {
  format: typeof QAD_FORMAT;
  formatVersion: typeof QAD_FORMAT_VERSION;
  title: string;
  generatedAt: string;
  generatedBy: string | null;
  /** Participant-roles per stage, every stage listed. */
  stages: { stage: string; label: string; count: number }[];
  rows: QadRow[];
}

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

function rowOf(a: Assessment): QadRow {
  // The report the bodies decide on: the last submitted with E1–E4 met, whatever stage the role is at now.
  const report = a.submissions
    .filter((s) => s.verdictAtSubmission === "ready-to-submit" || s.verdictAtSubmission === "exit-criteria-met")
    .at(-1);
  return {
    participantRole: a.participantRole,
    participantName: a.participantName,
    role: a.roleName,
    governingBodies: [...a.governingBodies],
    route: a.route,
    window: a.window ? a.window.name : null,
    executionStart: a.window ? a.window.executionStart : null,
    executionEnd: a.window ? a.window.executionEnd : null,
    verdict: a.verdict,
    verdictLabel: VERDICT_LABELS[a.verdict],
    stage: a.stage.id,
    stageLabel: a.stage.label,
    stageDetail: a.stage.detail,
    reopened: a.stage.reopened,
    entryCriteriaMet: a.entryCriteriaMet,
    report: report ? { sha256: report.sha256, submittedAt: report.submittedAt, submittedBy: report.submittedBy } : null,
    decisions: a.signOffs.map((s) => ({
      body: s.body,
      status: s.status,
      by: orNull(s.by),
      at: orNull(s.at),
      note: orNull(s.note),
    })),
    findings: a.signOffs
      .filter((s) => (s.status === "returned" || s.status === "rejected") && s.note)
      .map((s) => `${s.body}: ${s.note}`),
    milestone: a.milestone
      ? { id: a.milestone.id, date: a.milestone.date, warning: orNull(a.milestone.warning) }
      : null,
    problems: [...a.problems],
  };
}

/** The view of the assessments given (a window's, or the SIT route's), furthest from qualified first. */
export function buildQad(
  assessments: readonly Assessment[],
  title: string,
  generatedAt: Date,
  generatedBy?: string,
): QadDocument {
  const rows = [...assessments]
    .sort(
      (x, y) =>
        stageRank(x.stage.id) - stageRank(y.stage.id) ||
        (x.participantRole < y.participantRole ? -1 : x.participantRole > y.participantRole ? 1 : 0),
    )
    .map(rowOf);
  return {
    format: QAD_FORMAT,
    formatVersion: QAD_FORMAT_VERSION,
    title,
    generatedAt: generatedAt.toISOString(),
    generatedBy: orNull(generatedBy),
    stages: (Object.keys(STAGE_LABELS) as (keyof typeof STAGE_LABELS)[]).map((stage) => ({
      stage,
      label: STAGE_LABELS[stage],
      count: rows.filter((r) => r.stage === stage).length,
    })),
    rows,
  };
}

export function qadJson(doc: QadDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export const QAD_CSV_COLUMNS = [
  "participant_role",
  "participant_name",
  "role",
  "route",
  "window",
  "execution_start",
  "execution_end",
  "verdict",
  "stage",
  "reopened",
  "entry_criteria_met",
  "report_sha256",
  "report_submitted_at",
  "report_submitted_by",
  "decisions",
  "findings",
  "milestone",
  "milestone_warning",
  "problems",
] as const;

const decisionText = (d: QadDecision) =>
  `${d.body} ${d.status}${d.by ? ` by ${d.by}` : ""}${d.at ? ` ${d.at.slice(0, 10)}` : ""}`;

/** One row per participant-role (RFC 4180, CRLF); cells a spreadsheet would run as a formula are prefixed. */
export function qadCsv(doc: QadDocument): string {
  const lines = [
    QAD_CSV_COLUMNS.map(csvField),
    ...doc.rows.map((r) =>
      [
        r.participantRole,
        r.participantName,
        r.role,
        r.route,
        r.window,
        r.executionStart,
        r.executionEnd,
        r.verdictLabel,
        r.stageLabel,
        r.reopened,
        r.entryCriteriaMet,
        r.report?.sha256 ?? null,
        r.report?.submittedAt ?? null,
        r.report?.submittedBy ?? null,
        r.decisions.map(decisionText).join("; "),
        r.findings.join("; "),
        r.milestone ? `${r.milestone.id} ${r.milestone.date}` : null,
        r.milestone?.warning ?? null,
        r.problems.join("; "),
      ].map(csvField),
    ),
  ];
  return lines.map((cells) => `${cells.join(",")}\r\n`).join("");
}

const cell = (value: string | null | undefined) => `<td>${escapeHtml(value ?? "")}</td>`;

/** A self-contained page (no scripts, a strict CSP) that prints on A4 landscape. */
export function qadHtml(doc: QadDocument): string {
  const rows = doc.rows
    .map(
      (r) =>
        `<tr>${cell(r.participantRole)}${cell(r.participantName)}${cell(r.role)}${cell(r.window ?? `${r.route} route`)}` +
        `${cell(r.executionStart && r.executionEnd ? `${r.executionStart} to ${r.executionEnd}` : "")}` +
        `${cell(r.verdictLabel)}${cell(`${r.stageLabel}${r.reopened ? " (reopened)" : ""}`)}` +
        `<td>${r.report ? `<code>${escapeHtml(r.report.sha256)}</code><br>${escapeHtml(`${r.report.submittedAt.slice(0, 10)} by ${r.report.submittedBy}`)}` : ""}</td>` +
        `${cell(r.decisions.map(decisionText).join("; "))}${cell(r.findings.join("; "))}` +
        `${cell([r.milestone ? `${r.milestone.id} ${r.milestone.date}` : "", r.milestone?.warning ?? ""].filter(Boolean).join(": "))}</tr>`,
    )
    .join("\n");
  const totals = doc.stages
    .filter((s) => s.count > 0)
    .map((s) => `${escapeHtml(s.label)}: ${s.count}`)
    .join(" · ");
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(doc.title)}</title>
<style>
body { font: 13px/1.4 "Segoe UI", system-ui, sans-serif; margin: 24px; color: #1a1a1a; }
h1 { font-size: 1.4rem; color: #1f3a5f; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #c4c9d0; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #eef1f5; }
code { font-size: 11px; word-break: break-all; }
@page { size: A4 landscape; margin: 12mm; }
</style>
</head>
<body>
<h1>${escapeHtml(doc.title)}</h1>
<p>Generated ${escapeHtml(doc.generatedAt)}${doc.generatedBy ? ` by ${escapeHtml(doc.generatedBy)}` : ""}. ${doc.rows.length} participant-roles. ${totals}</p>
<table>
<caption>Every participant-role's stage, dates, the report under review, the Code Bodies' decisions and findings</caption>
<thead><tr><th scope="col">Participant-role</th><th scope="col">Participant</th><th scope="col">Role</th><th scope="col">Window</th><th scope="col">Execution</th><th scope="col">Verdict</th><th scope="col">Stage</th><th scope="col">Report under review</th><th scope="col">Decisions</th><th scope="col">Findings</th><th scope="col">Milestone</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}
