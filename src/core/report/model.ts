import { Approvals } from "../approvals";
import {
  Assessment,
  Coverage,
  CriterionResult,
  EntryChecklistItem,
  ItemRef,
  SignOffState,
  VERDICT_LABELS,
} from "../assessment";
import { contentHash } from "../canonical-json";
import { Severity, severityLabel } from "../severity";
import { currentAgreements, currentWaivers } from "./records";
import { residualRisks } from "./risks";
import { reportTraceabilityOf } from "./traceability";
import { TraceabilityOutcome } from "../traceability";
import { TrendOutcome, reportTrendOf } from "./trend";
import { compareDefectRows, compareTestRows, defectRef, defectRow, planNamesOf, testRef, testRow } from "./rows";
import {
  CompletionReport,
  CoverageFigures,
  DefectRow,
  ExitRule,
  REPORT_FORMAT,
  REPORT_FORMAT_VERSION,
  ReportCriterion,
  ReportEntryItem,
  ReportItemRef,
  ReportPlanScope,
  ReportScope,
  ReportSignOff,
  ReportUnrecognised,
  SeverityCountRow,
  SuiteCoverageRow,
  TestRow,
} from "./types";

export interface CompletionReportOptions {
  /** Who produced the report (a display name). */
  generatedBy?: string;
  /** Where the data came from, e.g. `https://dev.azure.com/contoso/MHHS`. */
  source?: string;
  /** The participant-role's traceability matrix as read beside the assessment; absent: "not read". */
  traceability?: TraceabilityOutcome;
  /** The participant-role's trend as read beside the assessment (or why it could not be); absent: "not read". */
  trend?: TrendOutcome;
}

const orNull = <T>(value: T | undefined | null): T | null => (value === undefined ? null : value);

/**
 * Builds the QT Completion Report from an assessment and the approvals it was made with. Pure and
 * deterministic: the same inputs give an equal object (and so equal bytes from every renderer); the only time
 * is `generatedAt`. Nothing of the inputs is shared with the result, so later edits to them do not change it.
 */
export function buildCompletionReport(
  assessment: Assessment,
  approvals: Approvals,
  generatedAt: Date,
  options: CompletionReportOptions = {},
): CompletionReport {
  if (Number.isNaN(generatedAt.getTime()))
    throw new RangeError("buildCompletionReport: generatedAt is not a valid date");
  const windowId = assessment.window?.id ?? "";
  const waivers = currentWaivers(approvals, assessment.participantRole, windowId);
  const agreements = currentAgreements(approvals, assessment.participantRole);
  const planNames = planNamesOf(assessment.coverageBySuite);

  const tests = assessment.points.map((p) => testRow(p, planNames, waivers)).sort(compareTestRows);
  const defects = assessment.defects.map((d) => defectRow(d, agreements)).sort(compareDefectRows);
  const exitCriteria = assessment.criteria.map(criterionOf);
  const problems = [...assessment.problems];

  return {
    format: REPORT_FORMAT,
    formatVersion: REPORT_FORMAT_VERSION,
    generatedAt: generatedAt.toISOString(),
    generatedBy: orNull(options.generatedBy),
    source: orNull(options.source),
    assessedAt: assessment.assessedAt,
    verdict: {
      code: assessment.verdict,
      label: VERDICT_LABELS[assessment.verdict],
      summary: assessment.summary,
      problems,
    },
    counted: { ...assessment.counted },
    stage: {
      id: assessment.stage.id,
      label: assessment.stage.label,
      detail: assessment.stage.detail,
      reopened: assessment.stage.reopened,
    },
    milestone: assessment.milestone ? { ...assessment.milestone, warning: orNull(assessment.milestone.warning) } : null,
    unrecognised: unrecognisedOf(tests, defects),
    scope: scopeOf(assessment),
    execution: {
      overall: figures(assessment.coverage),
      bySuite: assessment.coverageBySuite.map((s): SuiteCoverageRow => ({
        planId: s.planId,
        planName: orNull(s.planName),
        suiteId: s.suiteId,
        suiteName: orNull(s.suiteName),
        ...figures(s),
      })),
      waivers: { ...assessment.waivers },
    },
    deviations: {
      approved: tests.filter(withWaiver("present")),
      stale: tests.filter(withWaiver("stale")),
      missing: tests.filter(withWaiver("missing")),
    },
    defectSummary: {
      bySeverity: assessment.defectCounts.map((c): SeverityCountRow => ({
        severity: c.severity,
        label: severityLabel(c.severity),
        outstanding: c.outstanding,
        closed: c.closed,
        total: c.outstanding + c.closed,
        exitRule: exitRuleOf(c.severity),
      })),
      outstanding: defects.filter((d) => d.outstanding).length,
      closed: defects.filter((d) => !d.outstanding).length,
      total: defects.length,
      mitigationGaps: assessment.mitigationGaps,
      outstandingDefects: defects.filter((d) => d.outstanding),
    },
    exitCriteria,
    residualRisks: residualRisks({ criteria: exitCriteria, problems, tests, defects }),
    approvals: {
      signOffs: assessment.signOffs.map(signOffOf),
      entryChecklist: assessment.entryChecklist.map(entryItemOf),
      entryCriteriaMet: assessment.entryCriteriaMet,
      submissions: assessment.submissions.map((s) => ({ ...s })),
      earlierWindows: (assessment.earlierWindows ?? []).map((w) => ({
        id: w.id,
        name: w.name,
        executionEnd: w.executionEnd,
        outcome: w.outcome,
        reports: w.reports,
        lastReport: w.lastReport ? { ...w.lastReport } : null,
        decisions: w.decisions.map(signOffOf),
      })),
    },
    tests,
    defects,
    ...(options.traceability ? { traceability: reportTraceabilityOf(options.traceability) } : {}),
    ...(options.trend ? { trend: reportTrendOf(options.trend) } : {}),
  };
}

/** The report's SHA-256: of its canonical JSON, so key order and white space never change it. */
export function reportHash(report: CompletionReport): string {
  return contentHash(report);
}

const withWaiver = (state: TestRow["waiver"]) => (t: TestRow) => t.waiver === state;

function exitRuleOf(severity: Severity): ExitRule {
  if (severity === 3 || severity === 4) return "needs-agreed-mitigation";
  if (severity === 5) return "listed-only";
  return "blocks-exit";
}

function figures(c: Coverage): CoverageFigures {
  return {
    planned: c.planned,
    executed: c.executed,
    passed: c.passed,
    failed: c.failed,
    blocked: c.blocked,
    notRun: c.notRun,
    descoped: c.descoped,
    inProgress: c.inProgress,
    waived: c.waived,
    executionPercent: c.executionPercent,
    passRateOfExecuted: c.passRateOfExecuted,
    passRateOfPlanned: c.passRateOfPlanned,
    completionPercent: c.completionPercent,
  };
}

function scopeOf(a: Assessment): ReportScope {
  const plans = new Map<number, ReportPlanScope>();
  for (const s of a.coverageBySuite) {
    let plan = plans.get(s.planId);
    if (!plan) plans.set(s.planId, (plan = { planId: s.planId, planName: orNull(s.planName), suites: [] }));
    plan.suites.push({ suiteId: s.suiteId, suiteName: orNull(s.suiteName), planned: s.planned });
  }
  return {
    participantRole: a.participantRole,
    mpid: a.mpid,
    roleCode: a.roleCode,
    participantName: a.participantName,
    roleName: a.roleName,
    governingBodies: [...a.governingBodies],
    route: a.route,
    window: a.window
      ? {
          id: a.window.id,
          name: a.window.name,
          executionStart: a.window.executionStart,
          executionEnd: a.window.executionEnd,
          phase: a.window.phase,
          daysLeft: a.window.daysLeft,
        }
      : null,
    baseline: a.scopeBaseline ? { ...a.scopeBaseline } : null,
    plans: [...plans.values()]
      .sort((x, y) => x.planId - y.planId)
      .map((p) => ({ ...p, suites: p.suites.sort((x, y) => x.suiteId - y.suiteId) })),
  };
}

const refOf = (r: ItemRef): ReportItemRef => ({
  kind: r.kind,
  id: r.id,
  title: orNull(r.title),
  url: orNull(r.url),
  ...(r.kind === "test-point" ? { configurationName: orNull(r.configurationName) } : {}),
});

function criterionOf(c: CriterionResult): ReportCriterion {
  return {
    id: c.id,
    title: c.title,
    status: c.status,
    reasons: c.reasons.map((r) => ({ code: r.code, message: r.message, items: r.items.map(refOf) })),
  };
}

function signOffOf(s: SignOffState): ReportSignOff {
  return {
    body: s.body,
    status: s.status,
    by: orNull(s.by),
    at: orNull(s.at),
    note: orNull(s.note),
    reportSha256: orNull(s.reportSha256),
  };
}

/** Groups rows by a value they carry, in first-seen order (rows are already in reading order). */
function byValue<T>(rows: readonly T[], value: (row: T) => string | undefined, ref: (row: T) => ReportItemRef) {
  const groups = new Map<string, ReportItemRef[]>();
  for (const row of rows) {
    const v = value(row);
    if (v === undefined) continue;
    const list = groups.get(v);
    if (list) list.push(ref(row));
    else groups.set(v, [ref(row)]);
  }
  return [...groups].map(([v, items]) => ({ value: v, items }));
}

function unrecognisedOf(tests: readonly TestRow[], defects: readonly DefectRow[]): ReportUnrecognised {
  return {
    outcomes: byValue(tests, (t) => (t.outcomeUnrecognised ? t.outcome : undefined), testRef),
    states: byValue(defects, (d) => (d.outstandingVia === "unknown-state" ? d.state : undefined), defectRef),
    severities: byValue(defects, (d) => (d.severity === "unclassified" ? d.severityValue : undefined), defectRef),
  };
}

function entryItemOf(i: EntryChecklistItem): ReportEntryItem {
  return {
    id: i.id,
    title: i.title,
    necessity: i.necessity,
    status: i.status,
    derived: i.derived,
    evidenceUrl: orNull(i.evidenceUrl),
    note: orNull(i.note),
    by: orNull(i.by),
    at: orNull(i.at),
  };
}
