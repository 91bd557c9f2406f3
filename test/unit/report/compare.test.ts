import fc from "fast-check";
import { CriterionStatus, VERDICTS, VERDICT_LABELS } from "../../../src/core/assessment";
import {
  CompletionReport,
  ReportChange,
  ReportComparison,
  compareReports,
  isUnchanged,
} from "../../../src/core/report";
import { assess } from "../../../src/core/assess";
import { buildCompletionReport } from "../../../src/core/report";
import {
  FIXTURE_GENERATED_AT,
  FIXTURE_NOW,
  fixtureApprovals,
  fixtureFacts,
  fixtureSettings,
  reportFixture,
} from "../../support/fixtures";

const BASE = reportFixture().report;
/** A deep copy to edit. */
const copy = (r: CompletionReport): CompletionReport => JSON.parse(JSON.stringify(r)) as CompletionReport;
const ids = (changes: ReportChange[]) => changes.map((c) => c.id);
const swapped = (c: ReportChange): ReportChange => ({ ...c, before: c.after, after: c.before });
/** The change without its subject (which names things as the later report does). */
const shape = (c: ReportChange) => ({ area: c.area, id: c.id, before: c.before, after: c.after });

describe("compareReports", () => {
  it("finds no change between a report and itself (or an equal copy)", () => {
    expect(isUnchanged(compareReports(BASE, BASE))).toBe(true);
    expect(isUnchanged(compareReports(BASE, copy(BASE)))).toBe(true);
  });

  it("ignores when and by whom a report was generated", () => {
    const later = { ...copy(BASE), generatedAt: "2025-06-09T00:00:00.000Z", generatedBy: "Someone else" };
    expect(isUnchanged(compareReports(BASE, later))).toBe(true);
  });

  it("reports a defect closed as improvements: its state, the outstanding count and the criterion", () => {
    const settings = fixtureSettings();
    const approvals = fixtureApprovals(settings);
    const base = fixtureFacts();
    const closed = {
      ...base,
      defects: base.defects.map((d) => (d.id === 2001 || d.id === 2010 ? { ...d, state: "Closed" } : d)),
    };
    const before = buildCompletionReport(
      assess(base, settings, approvals, FIXTURE_NOW),
      approvals,
      FIXTURE_GENERATED_AT,
    );
    const after = buildCompletionReport(
      assess(closed, settings, approvals, FIXTURE_NOW),
      approvals,
      FIXTURE_GENERATED_AT,
    );
    const c = compareReports(before, after);
    expect(ids(c.improved)).toEqual(expect.arrayContaining(["E1", "outstanding.Sev1", "defect:2001:state"]));
    expect(c.regressed).toEqual([]);
    const e1 = c.improved.find((x) => x.id === "E1");
    expect(e1).toMatchObject({ area: "criterion", before: "unmet", after: "met" });
    expect(c.improved.find((x) => x.id === "outstanding.Sev1")).toMatchObject({ before: "1", after: "0" });
    expect(c.improved.find((x) => x.id === "defect:2001:state")).toMatchObject({
      before: "Active (outstanding)",
      after: "Closed (closed)",
    });
    // Criteria come before counts, counts before defects.
    const areas = c.improved.map((x) => x.area);
    expect(areas.indexOf("criterion")).toBeLessThan(areas.indexOf("count"));
    expect(areas.indexOf("count")).toBeLessThan(areas.indexOf("defect"));
  });

  it("reports the verdict improving and regressing", () => {
    const better = copy(BASE);
    better.verdict = { ...better.verdict, code: "ready-to-submit", label: VERDICT_LABELS["ready-to-submit"] };
    expect(compareReports(BASE, better).improved).toEqual([
      { area: "verdict", id: "verdict", subject: "Verdict", before: "Not ready", after: "Ready to submit" },
    ]);
    expect(ids(compareReports(better, BASE).regressed)).toEqual(["verdict"]);
  });

  it("reports defects that appeared and disappeared", () => {
    const after = copy(BASE);
    const gone = after.defects.find((d) => d.id === 2003)!;
    after.defects = after.defects.filter((d) => d.id !== 2003);
    after.defects.push({ ...gone, id: 2999, title: "New <b>defect</b>" });
    const c = compareReports(BASE, after);
    expect(c.appeared).toEqual([
      {
        area: "defect",
        id: "defect:2999",
        subject: "Defect 2999 “New <b>defect</b>”",
        before: null,
        after: "Sev2, Active (outstanding)",
      },
    ]);
    expect(c.disappeared.map(shape)).toEqual([
      { area: "defect", id: "defect:2003", before: "Sev2, Active (outstanding)", after: null },
    ]);
  });

  it("judges a severity change of an outstanding defect by its severity, and of a closed one as neutral", () => {
    const after = copy(BASE);
    after.defects = after.defects.map((d) =>
      d.id === 2003
        ? { ...d, severity: 3, severityLabel: "Sev3" }
        : d.id === 2002
          ? { ...d, severity: 2, severityLabel: "Sev2" }
          : d.id === 2005
            ? { ...d, severity: "unclassified", severityLabel: "Unclassified" }
            : d,
    );
    const c = compareReports(BASE, after);
    expect(c.improved.find((x) => x.id === "defect:2003:severity")).toMatchObject({ before: "Sev2", after: "Sev3" });
    expect(c.regressed.find((x) => x.id === "defect:2005:severity")).toMatchObject({
      before: "Sev3",
      after: "Unclassified",
    });
    expect(c.changed.find((x) => x.id === "defect:2002:severity")).toMatchObject({ before: "Sev1", after: "Sev2" });
  });

  it("treats a move between two outstanding states as neutral, and reopening as a regression", () => {
    const after = copy(BASE);
    after.defects = after.defects.map((d) =>
      d.id === 2005 ? { ...d, state: "Resolved" } : d.id === 2008 ? { ...d, state: "Active", outstanding: true } : d,
    );
    const c = compareReports(BASE, after);
    expect(ids(c.changed)).toContain("defect:2005:state");
    expect(c.regressed.find((x) => x.id === "defect:2008:state")).toMatchObject({
      before: "Closed (closed)",
      after: "Active (outstanding)",
    });
  });

  it("reports waivers added, removed and going stale", () => {
    const after = copy(BASE);
    const template = after.tests.find((t) => t.pointId === 1003)!;
    after.tests = after.tests.map((t) =>
      t.pointId === 1004
        ? { ...t, waiver: "present", approval: template.approval }
        : t.pointId === 1005
          ? { ...t, waiver: "missing", approval: null }
          : t.pointId === 1003
            ? { ...t, waiver: "stale", approval: { ...t.approval!, outcomeAtApproval: "Blocked" } }
            : t,
    );
    const c = compareReports(BASE, after);
    expect(ids(c.appeared)).toEqual(["waiver:1004"]);
    expect(ids(c.disappeared)).toEqual(["waiver:1005"]);
    expect(ids(c.regressed)).toEqual(["waiver:1003"]);
  });

  it("counts executed and passed rising as improvements, failures rising as regressions", () => {
    const after = copy(BASE);
    after.execution.overall = { ...after.execution.overall, executed: 10, passed: 5, failed: 4 };
    const c = compareReports(BASE, after);
    expect(ids(c.improved)).toEqual(["executed", "passed"]);
    expect(ids(c.regressed)).toEqual(["failed"]);
  });

  it("reports a criterion only one report has as appeared or disappeared", () => {
    const after = copy(BASE);
    after.exitCriteria = after.exitCriteria.filter((x) => x.id !== "E5");
    expect(compareReports(BASE, after).disappeared.map(shape)).toEqual([
      { area: "criterion", id: "E5", before: "pending", after: null },
    ]);
    expect(compareReports(after, BASE).appeared.map(shape)).toEqual([
      { area: "criterion", id: "E5", before: null, after: "pending" },
    ]);
  });
});

// --- properties -----------------------------------------------------------------------------------------------

const STATUSES: CriterionStatus[] = ["met", "unmet", "pending", "unknown"];
const STATES = ["New", "Active", "Resolved", "Closed", "Removed"];

/** Variations of the fixture report: verdicts, criteria, counts, defects (kept, dropped, edited, added), waivers. */
const arbReport: fc.Arbitrary<CompletionReport> = fc
  .record({
    verdict: fc.constantFrom(...VERDICTS),
    criteria: fc.array(fc.option(fc.constantFrom(...STATUSES), { nil: undefined }), {
      minLength: BASE.exitCriteria.length,
      maxLength: BASE.exitCriteria.length,
    }),
    executed: fc.nat(20),
    passed: fc.nat(20),
    failed: fc.nat(20),
    outstanding: fc.array(fc.nat(5), { minLength: BASE.defectSummary.bySeverity.length, maxLength: 6 }),
    defects: fc.array(
      fc.record({
        keep: fc.boolean(),
        severity: fc.constantFrom<1 | 2 | 3 | 4 | 5 | "unclassified">(1, 2, 3, 4, 5, "unclassified"),
        state: fc.constantFrom(...STATES),
        outstanding: fc.boolean(),
      }),
      { minLength: BASE.defects.length, maxLength: BASE.defects.length },
    ),
    extraDefects: fc.uniqueArray(fc.integer({ min: 3000, max: 3010 })),
    waivers: fc.array(fc.constantFrom("keep", "drop", "stale", "add"), {
      minLength: BASE.tests.length,
      maxLength: BASE.tests.length,
    }),
  })
  .map((v) => {
    const r = copy(BASE);
    r.verdict = { ...r.verdict, code: v.verdict, label: VERDICT_LABELS[v.verdict] };
    r.exitCriteria = r.exitCriteria.flatMap((c, i) => {
      const status = v.criteria[i];
      return status === undefined ? [] : [{ ...c, status }];
    });
    r.execution.overall = { ...r.execution.overall, executed: v.executed, passed: v.passed, failed: v.failed };
    r.defectSummary.bySeverity = r.defectSummary.bySeverity.map((row, i) => ({
      ...row,
      outstanding: v.outstanding[i] ?? 0,
    }));
    const edited = r.defects.flatMap((d, i) => {
      const e = v.defects[i];
      if (!e.keep) return [];
      const severityLabel = e.severity === "unclassified" ? "Unclassified" : `Sev${e.severity}`;
      return [{ ...d, severity: e.severity, severityLabel, state: e.state, outstanding: e.outstanding }];
    });
    r.defects = [...edited, ...v.extraDefects.map((id) => ({ ...BASE.defects[0], id, title: `Extra ${id}` }))];
    const approval = BASE.tests.find((t) => t.approval)!.approval!;
    r.tests = r.tests.map((t, i) => {
      switch (v.waivers[i]) {
        case "drop":
          return { ...t, waiver: "missing", approval: null };
        case "stale":
          return t.approval ? { ...t, waiver: "stale", approval: { ...t.approval, outcomeAtApproval: "Other" } } : t;
        case "add":
          return t.approval ? t : { ...t, waiver: "present", approval };
        default:
          return t;
      }
    });
    return r;
  });

const shapes = (changes: ReportChange[]) => changes.map(shape);
const mirror = (c: ReportComparison) => ({
  improved: shapes(c.regressed.map(swapped)),
  regressed: shapes(c.improved.map(swapped)),
  appeared: shapes(c.disappeared.map(swapped)),
  disappeared: shapes(c.appeared.map(swapped)),
  changed: shapes(c.changed.map(swapped)),
});
const plain = (c: ReportComparison) => ({
  improved: shapes(c.improved),
  regressed: shapes(c.regressed),
  appeared: shapes(c.appeared),
  disappeared: shapes(c.disappeared),
  changed: shapes(c.changed),
});

describe("compareReports properties", () => {
  it("comparing a report with itself yields no changes", () => {
    fc.assert(
      fc.property(arbReport, (r) => {
        expect(isUnchanged(compareReports(r, r))).toBe(true);
        expect(isUnchanged(compareReports(r, copy(r)))).toBe(true);
      }),
    );
  });

  it("swapping the arguments swaps improved/regressed and appeared/disappeared", () => {
    fc.assert(
      fc.property(arbReport, arbReport, (a, b) => {
        expect(plain(compareReports(b, a))).toEqual(mirror(compareReports(a, b)));
      }),
    );
  });

  it("never lists the same change twice, and any difference it sees is in exactly one list", () => {
    fc.assert(
      fc.property(arbReport, arbReport, (a, b) => {
        const c = compareReports(a, b);
        const all = Object.values(c).flat() as ReportChange[];
        expect(new Set(all.map((x) => x.id)).size).toBe(all.length);
        for (const x of all) expect(x.before).not.toEqual(x.after);
      }),
    );
  });

  it("does not change its inputs", () => {
    fc.assert(
      fc.property(arbReport, arbReport, (a, b) => {
        const [ja, jb] = [JSON.stringify(a), JSON.stringify(b)];
        compareReports(a, b);
        expect([JSON.stringify(a), JSON.stringify(b)]).toEqual([ja, jb]);
      }),
    );
  });
});
