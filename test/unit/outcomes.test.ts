import { POINT_STATUSES, isExecuted, readOutcome } from "../../src/core/outcomes";

/** Every Outcome of the TestPlan/Test 7.1 specs with its numeric enum value and its QT meaning. */
const SPEC_OUTCOMES: [string, string, number, string][] = [
  ["unspecified", "Unspecified", 0, "not-run"],
  ["none", "None", 1, "not-run"],
  ["passed", "Passed", 2, "passed"],
  ["failed", "Failed", 3, "failed"],
  ["inconclusive", "Inconclusive", 4, "failed"],
  ["timeout", "Timeout", 5, "failed"],
  ["aborted", "Aborted", 6, "failed"],
  ["blocked", "Blocked", 7, "blocked"],
  ["notExecuted", "NotExecuted", 8, "not-run"],
  ["warning", "Warning", 9, "failed"],
  ["error", "Error", 10, "failed"],
  ["notApplicable", "NotApplicable", 11, "descoped"],
  ["paused", "Paused", 12, "in-progress"],
  ["inProgress", "InProgress", 13, "in-progress"],
  ["notImpacted", "NotImpacted", 14, "not-run"],
];

describe("test point outcomes", () => {
  it.each(SPEC_OUTCOMES)("reads %s / %s / %d alike", (camel, pascal, numeric, status) => {
    for (const raw of [camel, pascal, numeric]) {
      expect(readOutcome(raw)).toEqual({ status, outcome: camel, unrecognised: false });
    }
  });

  it("reads a missing outcome as never run", () => {
    for (const raw of [undefined, null, ""])
      expect(readOutcome(raw)).toMatchObject({ status: "not-run", unrecognised: false });
  });

  it("reads unknown values as not run and says so, rather than as passed", () => {
    for (const raw of ["Passedish", 15, -1, 2.5, {}, "maxValue"]) {
      expect(readOutcome(raw)).toMatchObject({ status: "not-run", unrecognised: true });
    }
  });

  it("tolerates spacing and underscores from exports", () => {
    expect(readOutcome(" Not Applicable ").status).toBe("descoped");
    expect(readOutcome("NOT_EXECUTED").status).toBe("not-run");
  });

  it("counts only completed runs (passed, failed) as executed: blocked is not tested yet", () => {
    expect(POINT_STATUSES.filter(isExecuted)).toEqual(["passed", "failed"]);
  });
});
