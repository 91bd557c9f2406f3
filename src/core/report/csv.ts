import { csvField } from "./escape";
import { reportHash } from "./model";
import { ReportTraceability } from "./traceability";
import { ReportTrend } from "./trend";
import { SEVERITY_KEYS } from "../trend";
import { CompletionReport, DefectRow, TestRow } from "./types";

type Cell = string | number | boolean | null;

/** The columns every record has; a column that does not apply to a record is left empty. */
export const CSV_COLUMNS = [
  "record",
  "participant_role",
  "window",
  "id",
  "title",
  "plan_id",
  "plan_name",
  "suite_id",
  "suite_name",
  "test_case_id",
  "configuration",
  "status",
  "outcome",
  "last_run_id",
  "severity",
  "severity_value",
  "work_item_type",
  "state",
  "outstanding",
  "impact_assessed",
  "mitigation_planned",
  "approval_state",
  "approval_kind",
  "approval_body",
  "approved_by",
  "approved_at",
  "approval_note",
  "awaiting_bodies",
  "scope_change",
  "resolution_target",
  "area_path",
  "url",
  "report_sha256",
  "date",
  "planned",
  "executed",
  "passed",
  "waived",
  "outstanding_sev1",
  "outstanding_sev2",
  "outstanding_sev3",
  "outstanding_sev4",
  "outstanding_sev5",
  "outstanding_unclassified",
  "outstanding_total",
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];
type CsvRecord = Partial<Record<CsvColumn, Cell>>;

/**
 * Every assessed test point and defect as one CSV (RFC 4180: CRLF line ends, quoted where needed), with a
 * `record` column of `test` or `defect` (and `requirement` and `untraced-test` when the report carries the
 * traceability matrix, `trend-day` when it carries the trend). Each row carries the report's SHA-256. Cells a spreadsheet would read
 * as a formula are prefixed with an apostrophe.
 */
export function renderCsv(report: CompletionReport): string {
  const common: CsvRecord = {
    participant_role: report.scope.participantRole,
    window: report.scope.window?.id ?? null,
    report_sha256: reportHash(report),
  };
  const records = [
    ...report.tests.map((t) => ({ ...common, ...testRecord(t) })),
    ...report.defects.map((d) => ({ ...common, ...defectRecord(d) })),
    ...(report.traceability?.status === "read" ? traceRecords(report.traceability) : []).map((r) => ({
      ...common,
      ...r,
    })),
    ...(report.trend?.status === "read" ? trendRecords(report.trend) : []).map((r) => ({ ...common, ...r })),
  ];
  const lines = [CSV_COLUMNS.map(csvField), ...records.map((r) => CSV_COLUMNS.map((c) => csvField(r[c] ?? null)))];
  return lines.map((cells) => `${cells.join(",")}\r\n`).join("");
}

/**
 * The traceability matrix, when the report carries it: a `requirement` record per requirement, test case and
 * configuration (one for a requirement with no test), and an `untraced-test` record per test case without one.
 */
function traceRecords(t: ReportTraceability): CsvRecord[] {
  const out: CsvRecord[] = [];
  for (const r of t.requirements) {
    const base: CsvRecord = {
      record: "requirement",
      id: r.id,
      title: r.title,
      work_item_type: r.workItemType,
      state: r.state,
      status: r.status,
      url: r.url,
    };
    if (r.cases.length === 0) out.push(base);
    for (const c of r.cases) {
      if (c.results.length === 0) out.push({ ...base, test_case_id: c.testCaseId });
      for (const x of c.results)
        out.push({ ...base, test_case_id: c.testCaseId, configuration: x.configuration, outcome: x.outcome });
    }
  }
  for (const u of t.untracedTests)
    out.push({ record: "untraced-test", id: u.testCaseId, title: u.title, test_case_id: u.testCaseId, url: u.url });
  return out;
}

/**
 * The trend, when the report carries it: a `trend-day` record per day of its range, with the burn-up's counts and
 * the burn-down's outstanding defects by QT severity; a part that was not read leaves its columns empty (never a 0
 * that was not read).
 */
function trendRecords(t: ReportTrend): CsvRecord[] {
  const byDate = new Map<string, CsvRecord>();
  const day = (date: string): CsvRecord => {
    let r = byDate.get(date);
    if (!r) byDate.set(date, (r = { record: "trend-day", date }));
    return r;
  };
  for (const d of t.burnUp.days)
    Object.assign(day(d.date), { planned: d.planned, executed: d.executed, passed: d.passed, waived: d.waived });
  for (const d of t.burnDown.days) {
    const r = day(d.date);
    for (const k of SEVERITY_KEYS) r[`outstanding_${k}`] = d.outstanding[k];
    r.outstanding_total = d.total;
  }
  return [...byDate.keys()].sort().map((date) => byDate.get(date)!);
}

function testRecord(t: TestRow): CsvRecord {
  return {
    record: "test",
    id: t.pointId,
    title: t.testCaseTitle,
    plan_id: t.planId,
    plan_name: t.planName,
    suite_id: t.suiteId,
    suite_name: t.suiteName,
    test_case_id: t.testCaseId,
    configuration: t.configurationName,
    status: t.status,
    outcome: t.outcome,
    last_run_id: t.lastRunId ?? null,
    approval_state: t.waiver,
    approval_kind: t.approval?.kind ?? null,
    approval_body: t.approval?.body ?? null,
    approved_by: t.approval?.approvedBy ?? null,
    approved_at: t.approval?.approvedAt ?? null,
    approval_note: t.approval?.reason ?? null,
    awaiting_bodies: (t.awaiting ?? []).join(" ") || null,
    scope_change: t.scopeChange ?? null,
    url: t.url,
  };
}

function defectRecord(d: DefectRow): CsvRecord {
  const a = d.agreementRecord;
  return {
    record: "defect",
    id: d.id,
    title: d.title,
    severity: d.severityLabel,
    severity_value: d.severityValue,
    work_item_type: d.workItemType,
    state: d.state,
    outstanding: d.outstanding,
    impact_assessed: d.hasImpact,
    mitigation_planned: d.hasMitigation,
    approval_state: d.agreement,
    approval_kind: a ? "mitigation-agreement" : null,
    approval_body: a?.body ?? null,
    approved_by: a?.agreedBy ?? null,
    approved_at: a?.agreedAt ?? null,
    approval_note: a?.note ?? null,
    awaiting_bodies: (d.awaiting ?? []).join(" ") || null,
    resolution_target: d.resolutionTarget ?? null,
    area_path: d.areaPath,
    url: d.url,
  };
}
