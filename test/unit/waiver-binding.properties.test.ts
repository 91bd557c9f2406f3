import fc from "fast-check";
import { assess } from "../../src/core/assess";
import { NOW, approvals, facts, point, settings, waivePoint } from "../support/builders";

/**
 * A waiver is bound to the result it accepted (issue 16, item 3): fail → waived → pass → fail again must not leave
 * the old waiver covering the new failure. Whatever the outcomes, a point's newer result never keeps a waiver
 * present, and never improves the verdict.
 */

const OUTCOMES = ["failed", "blocked", "timeout", "none", "notApplicable", "passed"] as const;
const SETTINGS = settings();

const id = fc.integer({ min: 1, max: 1_000_000 });
const result = fc.record({ runId: id, resultId: id });

function waived(outcome: string, runId: number, resultId: number) {
  const p = point({ id: 7, outcome, lastRunId: runId, lastResultId: resultId });
  const kind = outcome === "none" || outcome === "notApplicable" ? "descope" : "waiver";
  return { p, a: waivePoint(approvals(), p, outcome, SETTINGS, { result: { runId, resultId }, kind }) };
}

const RANK = { "cannot-assess": 0, "not-ready": 1, "ready-to-submit": 2, "exit-criteria-met": 3 } as const;

describe("waivers bound to the result they accepted", () => {
  it("counts a waiver for the result it was given for", () => {
    const { p, a } = waived("failed", 31, 100_000);
    const assessed = assess(facts({ points: [p] }), SETTINGS, a, NOW);
    expect(assessed.points[0].waiver).toBe("present");
  });

  it("a newer result always stales the waiver, and never improves the verdict", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OUTCOMES.filter((o) => o !== "passed")),
        result,
        fc.constantFrom(...OUTCOMES),
        result,
        (before, at, after, next) => {
          fc.pre(at.runId !== next.runId || at.resultId !== next.resultId);
          const { p, a } = waived(before, at.runId, at.resultId);
          const then = assess(facts({ points: [p] }), SETTINGS, a, NOW);
          const later = { ...p, outcome: after, lastRunId: next.runId, lastResultId: next.resultId };
          const now = assess(facts({ points: [later] }), SETTINGS, a, NOW);
          const state = now.points[0].waiver;
          expect(state === "present").toBe(false);
          if (after !== "passed") expect(state).toBe("stale");
          // A new failure after a waived one is never better off than the waived one was.
          if (after !== "passed") expect(RANK[now.verdict]).toBeLessThanOrEqual(RANK[then.verdict]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps the outcome-only rule for waivers recorded before results were bound", () => {
    const { p, a } = waived("failed", 31, 100_000);
    const legacy = { ...a, waivers: a.waivers.map(({ resultAtApproval: _bound, ...w }) => w) };
    const rerun = { ...p, lastRunId: 32, lastResultId: 100_001 };
    expect(assess(facts({ points: [rerun] }), SETTINGS, legacy, NOW).points[0].waiver).toBe("present");
    expect(assess(facts({ points: [{ ...rerun, outcome: "blocked" }] }), SETTINGS, legacy, NOW).points[0].waiver).toBe(
      "stale",
    );
  });
});
