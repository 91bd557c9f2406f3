import { MitigationAgreement, Waiver } from "../approvals";
import { AssessedDefect, AssessedPoint, SuiteCoverage } from "../assessment";
import { severityLabel } from "../severity";
import { AgreementRecord, DefectRow, ReportItemRef, TestRow, WaiverRecord } from "./types";

const orNull = <T>(value: T | undefined | null): T | null => (value === undefined ? null : value);

export function testRow(
  point: AssessedPoint,
  planNames: ReadonlyMap<number, string>,
  waivers: ReadonlyMap<number, readonly Waiver[]>,
): TestRow {
  const records = point.waiver === "not-needed" ? [] : (waivers.get(point.id) ?? []);
  const recorded = records[records.length - 1];
  return {
    pointId: point.id,
    planId: point.planId,
    planName: orNull(planNames.get(point.planId)),
    suiteId: point.suiteId,
    suiteName: orNull(point.suiteName),
    testCaseId: point.testCaseId,
    testCaseTitle: orNull(point.testCaseTitle),
    configurationName: orNull(point.configurationName),
    status: point.status,
    outcome: point.outcome,
    ...(point.outcomeUnrecognised ? { outcomeUnrecognised: true as const } : {}),
    waiver: point.waiver,
    approval: recorded && point.waiver !== "missing" ? waiverRecord(recorded) : null,
    // Every governing body's own record: where all must agree, the report shows who has and who has not.
    approvals: records.map(waiverRecord),
    awaiting: point.waiverAwaiting ? [...point.waiverAwaiting] : [],
    scopeChange: point.removed ? "removed" : point.deactivated ? "deactivated" : null,
    url: orNull(point.url),
    testCaseUrl: orNull(point.testCaseUrl),
    lastRunId: orNull(point.lastRunId),
    runUrl: orNull(point.runUrl),
  };
}

const waiverRecord = (w: Waiver): WaiverRecord => ({
  kind: w.kind,
  reason: w.reason,
  body: w.body,
  approvedBy: w.approvedBy.displayName,
  approvedAt: w.approvedAt,
  outcomeAtApproval: w.outcomeAtApproval,
});

const agreementRecord = (a: MitigationAgreement): AgreementRecord => ({
  body: a.body,
  agreedBy: a.agreedBy.displayName,
  agreedAt: a.agreedAt,
  note: orNull(a.note),
  agreed: { severity: a.agreed.severity, impact: a.agreed.impact, mitigation: a.agreed.mitigation },
});

export function defectRow(
  defect: AssessedDefect,
  agreements: ReadonlyMap<number, readonly MitigationAgreement[]>,
): DefectRow {
  const records = defect.agreement === "not-needed" ? [] : (agreements.get(defect.id) ?? []);
  const recorded = defect.agreement === "missing" ? undefined : records[records.length - 1];
  return {
    id: defect.id,
    title: defect.title,
    workItemType: defect.workItemType,
    state: defect.state,
    severity: defect.severity,
    severityLabel: severityLabel(defect.severity),
    severityValue: defect.severityValue,
    outstanding: defect.outstanding,
    outstandingVia: defect.outstandingVia,
    hasImpact: defect.hasImpact,
    hasMitigation: defect.hasMitigation,
    agreement: defect.agreement,
    agreementRecord: recorded ? agreementRecord(recorded) : null,
    agreementRecords: records.map(agreementRecord),
    awaiting: defect.agreementAwaiting ? [...defect.agreementAwaiting] : [],
    resolutionTarget: orNull(defect.resolutionTarget),
    areaPath: orNull(defect.areaPath),
    url: orNull(defect.url),
  };
}

/** Plan names as the assessment knows them (from its per-suite coverage). */
export function planNamesOf(suites: readonly SuiteCoverage[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const s of suites) if (s.planName !== undefined && !names.has(s.planId)) names.set(s.planId, s.planName);
  return names;
}

/** Reading order for points: plan, suite, test case, point; independent of the order ADO paged them in. */
export function compareTestRows(a: TestRow, b: TestRow): number {
  return a.planId - b.planId || a.suiteId - b.suiteId || a.testCaseId - b.testCaseId || a.pointId - b.pointId;
}

const severityRank = (row: DefectRow) => (row.severity === "unclassified" ? 0 : row.severity);

/** Reading order for defects: unclassified (treated as Sev1) first, then Sev1…Sev5, then by id. */
export function compareDefectRows(a: DefectRow, b: DefectRow): number {
  return severityRank(a) - severityRank(b) || a.id - b.id;
}

export function testRef(row: TestRow): ReportItemRef {
  return {
    kind: "test-point",
    id: row.pointId,
    title: row.testCaseTitle ?? `Test case ${row.testCaseId}`,
    url: row.url,
    configurationName: row.configurationName,
  };
}

export function defectRef(row: DefectRow): ReportItemRef {
  return { kind: "defect", id: row.id, title: row.title, url: row.url };
}
