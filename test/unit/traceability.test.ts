import { TRACE_CSV_COLUMNS, TraceInput, buildTraceability, traceabilityCsv } from "../../src/core/traceability";

/**
 * A hand-built RTTM (issue 17, done-when): four requirements (covered and passed, failing in one configuration,
 * not run, and with no test), one tested only through a requirement-based suite, one case tested by two
 * requirements, an untraced test, a case linked but not in the plans, and defects linked to a requirement and to a
 * case, one of them closed.
 */
const input: TraceInput = {
  requirements: [
    { id: 10, title: "Register an MPAN", workItemType: "Requirement", state: "Approved" },
    { id: 11, title: "Send D0010 readings", workItemType: "Requirement", state: "Approved" },
    { id: 12, title: "Handle objections", workItemType: "Requirement", state: "Approved" },
    { id: 13, title: '=HYPERLINK("x")', workItemType: "Requirement", state: "Proposed" },
    { id: 14, title: "Retired flow", workItemType: "Requirement", state: "Approved" },
  ],
  testedBy: new Map([
    [10, [100]],
    [11, [101, 100]],
    [14, [199]],
  ]),
  suiteCases: new Map([
    [11, [101]],
    [12, [102]],
  ]),
  points: [
    {
      pointId: 1000,
      testCaseId: 100,
      testCaseTitle: "Register",
      configurationName: "UIT",
      status: "passed",
      outcome: "passed",
    },
    {
      pointId: 1010,
      testCaseId: 101,
      testCaseTitle: "Send readings",
      configurationName: "UIT",
      status: "passed",
      outcome: "passed",
    },
    {
      pointId: 1011,
      testCaseId: 101,
      testCaseTitle: "Send readings",
      configurationName: "SIT",
      status: "failed",
      outcome: "failed",
    },
    {
      pointId: 1020,
      testCaseId: 102,
      testCaseTitle: "Objection",
      configurationName: "UIT",
      status: "not-run",
      outcome: "none",
    },
    {
      pointId: 1030,
      testCaseId: 103,
      testCaseTitle: "Unlinked smoke test",
      configurationName: "UIT",
      status: "passed",
      outcome: "passed",
    },
  ],
  defects: [
    { id: 500, title: "Readings rejected", severityLabel: "Sev2", outstanding: true, linkedIds: [101] },
    { id: 501, title: "Old readings bug", severityLabel: "Sev3", outstanding: false, linkedIds: [11] },
    { id: 502, title: "Objection timer", severityLabel: "Sev3", outstanding: true, linkedIds: [12] },
  ],
};

describe("the traceability matrix, against a hand-built case", () => {
  const t = buildTraceability(input);

  it("gives each requirement its status from its cases' latest outcomes", () => {
    expect(t.rows.map((r) => [r.requirement.id, r.status])).toEqual([
      [10, "passed"],
      [11, "failing"],
      [12, "not-run"],
      [13, "no-test"],
      [14, "not-in-scope"],
    ]);
    expect(t.counts).toEqual({
      passed: 1,
      failing: 1,
      "not-run": 1,
      "no-test": 1,
      "not-in-scope": 1,
      requirements: 5,
      untracedTests: 1,
    });
  });

  it("traces cases by Tested By links and requirement-based suites, each result per configuration", () => {
    const r11 = t.rows.find((r) => r.requirement.id === 11)!;
    expect(r11.cases.map((c) => [c.testCaseId, c.via])).toEqual([
      [100, ["tested-by"]],
      [101, ["suite", "tested-by"]],
    ]);
    expect(r11.cases[1].results).toEqual([
      { pointId: 1010, configuration: "UIT", status: "passed", outcome: "passed" },
      { pointId: 1011, configuration: "SIT", status: "failed", outcome: "failed" },
    ]);
    expect(t.rows.find((r) => r.requirement.id === 12)!.cases[0].via).toEqual(["suite"]);
  });

  it("lists open defects linked to the requirement or its cases, and never closed ones", () => {
    expect(t.rows.find((r) => r.requirement.id === 11)!.openDefects.map((d) => d.id)).toEqual([500]);
    expect(t.rows.find((r) => r.requirement.id === 12)!.openDefects.map((d) => d.id)).toEqual([502]);
    expect(t.rows.find((r) => r.requirement.id === 10)!.openDefects).toEqual([]);
  });

  it("flags the tests in scope no requirement traces to", () => {
    expect(t.untraced).toEqual([{ testCaseId: 103, title: "Unlinked smoke test", pointIds: [1030] }]);
  });

  it("exports a row per requirement, case and configuration as CSV, formulas defused", () => {
    const lines = traceabilityCsv(t).split("\r\n").filter(Boolean);
    expect(lines[0]).toBe(TRACE_CSV_COLUMNS.join(","));
    // 10: 1 result; 11: 1 + 2; 12: 1; 13: no test; 14: a case not in the plans; the untraced test.
    expect(lines).toHaveLength(1 + 1 + 3 + 1 + 1 + 1 + 1);
    expect(lines).toContain(
      "11,Send D0010 readings,Approved,failing,101,Send readings,suite tested-by,1011,SIT,failed,500 Sev2",
    );
    expect(lines.find((l) => l.startsWith("13,"))).toBe(`13,"'=HYPERLINK(""x"")",Proposed,no-test,,,,,,,`);
    expect(lines[lines.length - 1]).toBe(",,,untraced,103,Unlinked smoke test,,1030,,,");
  });
});
