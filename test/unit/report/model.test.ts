import { emptyApprovals } from "../../../src/core/approvals";
import { assess } from "../../../src/core/assess";
import { CompletionReport, REPORT_FORMAT, buildCompletionReport } from "../../../src/core/report";
import {
  FIXTURE_GENERATED_AT,
  FIXTURE_NOW,
  HOSTILE_TITLE,
  fixtureFacts,
  fixtureSettings,
  reportFixture,
} from "../../support/fixtures";

const { report, assessment, approvals } = reportFixture();

/** Every value reachable from the report, with its path, for shape checks. */
function walk(value: unknown, path: string, visit: (value: unknown, path: string) => void): void {
  visit(value, path);
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, visit));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`, visit);
  }
}

describe("completion report model", () => {
  it("is versioned and carries the time it was generated at", () => {
    expect(report.format).toBe(REPORT_FORMAT);
    expect(report.formatVersion).toBe(1);
    expect(report.generatedAt).toBe("2025-06-01T12:05:00.000Z");
    expect(report.assessedAt).toBe("2025-06-01T12:00:00.000Z");
    expect(report.generatedBy).toBe("Bea Assurer");
  });

  it("holds plain JSON data only: no undefined, no Dates, no non-finite numbers, no class instances", () => {
    const bad: string[] = [];
    walk(report, "$", (v, path) => {
      if (v === undefined) bad.push(`${path} is undefined`);
      else if (typeof v === "number" && !Number.isFinite(v)) bad.push(`${path} is not finite`);
      else if (
        typeof v === "object" &&
        v !== null &&
        !Array.isArray(v) &&
        Object.getPrototypeOf(v) !== Object.prototype
      ) {
        bad.push(`${path} is a ${Object.prototype.toString.call(v)}`);
      } else if (!["string", "number", "boolean", "object"].includes(typeof v)) bad.push(`${path} is a ${typeof v}`);
    });
    expect(bad).toEqual([]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it("describes the scope: participant-role, role, bodies, route, window and the plans covered", () => {
    expect(report.scope).toMatchObject({
      participantRole: "ABCD-X",
      mpid: "ABCD",
      roleCode: "X",
      participantName: "Alpha Energy Ltd",
      roleName: "Supplier",
      governingBodies: ["BSC", "REC"],
      route: "QT",
      window: {
        id: "tranche-1",
        name: "Tranche 1",
        executionStart: "2025-01-20",
        executionEnd: "2025-09-29",
        phase: "execution",
        daysLeft: 120,
      },
    });
    expect(report.scope.plans).toEqual([
      {
        planId: 101,
        planName: "QT ABCD-X Core",
        suites: [
          { suiteId: 201, suiteName: "Registration", planned: 4 },
          // Point 1010 is inactive: without a scope baseline it stays in scope.
          { suiteId: 202, suiteName: "Settlement & <billing>", planned: 6 },
        ],
      },
      {
        planId: 102,
        planName: "QT ABCD-X Regression",
        suites: [{ suiteId: 203, suiteName: "Regression pack", planned: 3 }],
      },
    ]);
  });

  it("summarises execution against plan with the engine's figures", () => {
    expect(report.execution.overall).toEqual({ ...assessment.coverage });
    expect(report.execution.overall).toMatchObject({
      planned: 13,
      executed: 7,
      passed: 4,
      failed: 3,
      blocked: 2,
      notRun: 2,
      descoped: 1,
      inProgress: 1,
      waived: 4,
    });
    expect(report.execution.bySuite.map((s) => [s.suiteId, s.planned, s.passed])).toEqual([
      [201, 4, 2],
      [202, 6, 1],
      [203, 3, 1],
    ]);
    expect(report.execution.waivers).toEqual({ needed: 9, present: 4, stale: 1, missing: 4 });
  });

  it("lists deviations with the approval on record: approved, stale (with the outcome approved) and missing", () => {
    const d = report.deviations;
    expect(d.approved.map((t) => t.pointId)).toEqual([1003, 1005, 1008, 1012]);
    expect(d.approved.find((t) => t.pointId === 1008)?.approval).toEqual({
      kind: "descope",
      reason: "-- Alpha Energy supplies no unmetered sites.\nAgreed at the QT stand-up.",
      body: "BSC",
      approvedBy: "Bea Assurer",
      approvedAt: "2025-04-28T08:15:00.000Z",
      outcomeAtApproval: "notApplicable",
    });
    expect(d.stale.map((t) => [t.pointId, t.outcome, t.approval?.outcomeAtApproval])).toEqual([
      [1006, "blocked", "failed"],
    ]);
    // 1013's waiver was revoked, so it is missing and carries no approval.
    expect(d.missing.map((t) => t.pointId)).toEqual([1004, 1007, 1009, 1013]);
    expect(d.missing.every((t) => t.approval === null)).toBe(true);
  });

  it("takes the latest waiver record for the point in the report's window only", () => {
    const other = reportFixture().approvals;
    const moved = {
      ...other,
      waivers: other.waivers.map((w) =>
        w.pointId === 1003 ? { ...w, window: "tranche-2", reason: "other window" } : w,
      ),
    };
    const a = assess(fixtureFacts(), fixtureSettings(), moved, FIXTURE_NOW);
    const r = buildCompletionReport(a, moved, FIXTURE_GENERATED_AT);
    expect(r.tests.find((t) => t.pointId === 1003)).toMatchObject({ waiver: "missing", approval: null });
  });

  it("counts defects per severity, unclassified included, and lists the outstanding ones", () => {
    const counts = Object.fromEntries(
      report.defectSummary.bySeverity.map((c) => [String(c.severity), [c.outstanding, c.closed, c.exitRule]]),
    );
    expect(counts).toEqual({
      "1": [1, 1, "blocks-exit"],
      "2": [2, 0, "blocks-exit"],
      "3": [2, 0, "needs-agreed-mitigation"],
      "4": [1, 1, "needs-agreed-mitigation"],
      "5": [1, 1, "listed-only"],
      unclassified: [1, 1, "blocks-exit"],
    });
    expect(report.defectSummary).toMatchObject({ outstanding: 8, closed: 4, total: 12, mitigationGaps: 2 });
    expect(report.defectSummary.outstandingDefects.map((d) => d.id)).toEqual([
      2010, 2001, 2003, 2004, 2005, 2006, 2007, 2009,
    ]);
  });

  it("shows impact, mitigation and agreement state, with the agreement on record", () => {
    const byId = new Map(report.defects.map((d) => [d.id, d]));
    expect(byId.get(2005)).toMatchObject({
      hasImpact: true,
      hasMitigation: true,
      agreement: "present",
      agreementRecord: {
        body: "BSC",
        agreedBy: "Bea Assurer",
        agreedAt: "2025-05-15T13:00:00.000Z",
        note: "Fix planned for release 4.2 (July).",
      },
    });
    expect(byId.get(2006)).toMatchObject({ agreement: "stale", agreementRecord: { body: "REC", note: null } });
    expect(byId.get(2007)).toMatchObject({
      hasImpact: true,
      hasMitigation: false,
      agreement: "missing",
      agreementRecord: null,
    });
    expect(byId.get(2001)).toMatchObject({ title: HOSTILE_TITLE, severityLabel: "Sev1", url: "javascript:alert(1)" });
    expect(byId.get(2010)).toMatchObject({
      severity: "unclassified",
      severityLabel: "Unclassified",
      severityValue: "Urgent",
    });
  });

  it("evaluates the exit criteria with reasons that name their items", () => {
    expect(report.exitCriteria.map((c) => [c.id, c.status])).toEqual([
      ["E1", "unmet"],
      ["E2", "unmet"],
      ["E3", "unmet"],
      ["E4", "unmet"],
      ["E5", "pending"],
    ]);
    const e1 = report.exitCriteria[0];
    expect(e1.reasons.flatMap((r) => r.items.map((i) => i.id))).toEqual([2001, 2010]);
    expect(e1.reasons[0].items[0]).toEqual({
      kind: "defect",
      id: 2001,
      title: HOSTILE_TITLE,
      url: "javascript:alert(1)",
    });
    expect(report.verdict).toMatchObject({
      code: "not-ready",
      label: "Not ready",
      summary: assessment.summary,
      problems: [],
    });
  });

  it("derives residual risks: unmet criteria, mitigated Sev3/4, waived and descoped tests, open Sev5", () => {
    const risks = report.residualRisks.map((r) => [r.category, r.items.map((i) => i.id)]);
    expect(risks).toEqual([
      ["unmet-criterion", [2001, 2010]],
      ["unmet-criterion", [2003, 2004]],
      ["unmet-criterion", [2007, 2006]],
      ["unmet-criterion", [1004, 1013, 1007, 1009, 1006]],
      ["mitigated-defect", [2005]],
      ["waived-test", [1003]],
      ["waived-test", [1005]],
      ["descoped-test", [1008]],
      ["descoped-test", [1012]],
      ["cosmetic-defect", [2009]],
    ]);
    // E5 pending is what the report is for: it is not a risk.
    expect(report.residualRisks.some((r) => r.statement.startsWith("E5"))).toBe(false);
    expect(report.residualRisks[5].statement).toContain("accepted by BSC (Bea Assurer, 2025-05-12)");
  });

  it("lists assessment problems as residual risks when the engine could not assess", () => {
    const facts = {
      ...fixtureFacts(),
      completeness: {
        points: { complete: false as const, reason: "page 3 timed out" },
        defects: { complete: true as const },
      },
    };
    const a = assess(facts, fixtureSettings(), emptyApprovals(), FIXTURE_NOW);
    const r = buildCompletionReport(a, emptyApprovals(), FIXTURE_GENERATED_AT);
    expect(r.verdict.code).toBe("cannot-assess");
    expect(r.residualRisks.filter((x) => x.category === "assessment-problem").map((x) => x.statement)).toEqual([
      "Test points were not read completely: page 3 timed out",
    ]);
    expect(r.residualRisks.some((x) => x.category === "unmet-criterion" && x.statement.startsWith("E4"))).toBe(true);
  });

  it("reports sign-offs, the entry checklist and earlier submissions", () => {
    // BSC's rejection named no submitted report, so on the QT route it does not stand.
    expect(report.approvals.signOffs).toEqual([
      { body: "BSC", status: "pending", by: null, at: null, note: null, reportSha256: null },
      { body: "REC", status: "pending", by: null, at: null, note: null, reportSha256: null },
    ]);
    expect(report.approvals.entryCriteriaMet).toBe(false);
    expect(report.approvals.entryChecklist.find((i) => i.id === "TEST-DATA")).toMatchObject({
      status: "rejected",
      by: "Rex Assurer",
    });
    expect(report.approvals.entryChecklist.find((i) => i.id === "SCENARIOS-LOADED")).toMatchObject({
      status: "accepted",
      derived: true,
    });
    expect(report.approvals.submissions).toHaveLength(1);
    expect(report.approvals.submissions[0]).toMatchObject({
      submittedBy: "Pat Lead",
      verdictAtSubmission: "not-ready",
    });
  });

  it("has a row for every assessed point and defect, in a stable reading order", () => {
    expect(report.tests).toHaveLength(assessment.points.length);
    expect(report.defects).toHaveLength(assessment.defects.length);
    expect(report.tests.map((t) => t.pointId)).toEqual([
      1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013,
    ]);
    // The inactive point is still planned work: only an approved descope takes it out of scope.
    expect(report.tests.some((t) => t.pointId === 1010)).toBe(true);
  });

  it("does not depend on the order ADO returned points and defects in", () => {
    const base = fixtureFacts();
    const shuffled = { ...base, points: [...base.points].reverse(), defects: [...base.defects].reverse() };
    const a = assess(shuffled, fixtureSettings(), approvals, FIXTURE_NOW);
    const r = buildCompletionReport(a, approvals, FIXTURE_GENERATED_AT, {
      generatedBy: "Bea Assurer",
      source: report.source ?? undefined,
    });
    expect(r.tests).toEqual(report.tests);
    expect(r.defects).toEqual(report.defects);
  });

  it("shares nothing with its inputs: editing the assessment afterwards leaves the report as it was", () => {
    const { assessment: a, approvals: ap, report: before } = reportFixture();
    const snapshot: CompletionReport = JSON.parse(JSON.stringify(before));
    a.points[0].testCaseTitle = "edited";
    a.defects[0].title = "edited";
    a.criteria[0].reasons[0].items[0].title = "edited";
    a.governingBodies.push("DIP");
    a.signOffs[0].status = "approved";
    a.submissions[0].submittedBy = "edited";
    a.coverageBySuite[0].planned = 999;
    ap.waivers[0].reason = "edited";
    expect(before).toEqual(snapshot);
  });

  it("refuses an invalid generation time rather than writing a wrong one", () => {
    expect(() => buildCompletionReport(assessment, approvals, new Date(Number.NaN))).toThrow(RangeError);
  });
});
