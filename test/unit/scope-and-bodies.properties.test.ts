import fc from "fast-check";
import {
  Approvals,
  ScopePoint,
  recordScopeBaseline,
  recordSignOff,
  recordSubmission,
  recordWaiver,
} from "../../src/core/approvals";
import { assess } from "../../src/core/assess";
import { verdictRank } from "../../src/core/assessment";
import { PointFact } from "../../src/core/facts";
import { stageRank } from "../../src/core/lifecycle";
import {
  BSC_ASSURER,
  NOW,
  REC_ASSURER,
  acceptEntry,
  agreeMitigation,
  approvals,
  defect,
  facts,
  point,
  settings,
  unwrap,
} from "../support/builders";

/**
 * Issue 16's properties of scope and of several governing bodies:
 * - the participant controls its plans, so deactivating a point, or (once a Code Body recorded the scope) removing
 *   it from the plans, never improves the verdict or the stage;
 * - where BSC and REC both govern a role, taking away any one body's approval never improves them either.
 */

const SETTINGS = settings();
const OUTCOMES = ["passed", "passed", "passed", "failed", "blocked", "none", "notApplicable"] as const;
const ASSURER = { BSC: BSC_ASSURER, REC: REC_ASSURER } as const;
type Body = keyof typeof ASSURER;
const SHA = "e".repeat(64);

const pointsArb = fc
  .array(fc.record({ outcome: fc.constantFrom(...OUTCOMES), active: fc.boolean() }), { minLength: 1, maxLength: 8 })
  .map((list) =>
    list.map((p, i) => point({ id: 100 + i, testCaseId: 500 + i, outcome: p.outcome, isActive: p.active })),
  );

/** Per point: which bodies waived it (and whether the waiver is for the point's current result). */
const bodiesArb = fc.subarray(["BSC", "REC"] as Body[]);

function waive(a: Approvals, p: PointFact, body: Body): Approvals {
  return unwrap(
    recordWaiver(
      a,
      SETTINGS,
      {
        participantRole: "ABCD-X",
        window: "tranche-1",
        pointId: p.id,
        testCaseId: p.testCaseId,
        outcome: typeof p.outcome === "string" && p.outcome !== "" ? p.outcome : "none",
        kind: "descope",
        reason: "Agreed",
        body,
      },
      ASSURER[body],
      NOW,
    ),
  );
}

const scopeOf = (points: readonly PointFact[]): ScopePoint[] =>
  points.map((p) => ({ pointId: p.id, testCaseId: p.testCaseId, planId: p.planId, suiteId: p.suiteId }));

/** Entry accepted and the scope recorded by `body`'s assurer: the points of `points`, as the baseline. */
function scoped(points: readonly PointFact[], body: Body = "BSC"): Approvals {
  return unwrap(
    recordScopeBaseline(
      acceptEntry(approvals()),
      SETTINGS,
      { participantRole: "ABCD-X", window: "tranche-1", body, points: scopeOf(points) },
      ASSURER[body],
      NOW,
    ),
  );
}

const ranks = (a: ReturnType<typeof assess>) => [verdictRank(a.verdict), stageRank(a.stage.id)] as const;
const notBetter = (after: readonly number[], before: readonly number[]) => {
  expect(after[0]).toBeLessThanOrEqual(before[0]);
  expect(after[1]).toBeLessThanOrEqual(before[1]);
};

describe("scope the participant cannot shrink", () => {
  it("deactivating a point never improves the verdict or the stage", () => {
    fc.assert(
      fc.property(pointsArb, fc.nat(), fc.array(bodiesArb, { maxLength: 8 }), (points, pick, waivers) => {
        let a = acceptEntry(approvals());
        points.forEach((p, i) => (waivers[i] ?? []).forEach((b) => (a = waive(a, p, b))));
        const before = assess(facts({ points }), SETTINGS, a, NOW);
        const i = pick % points.length;
        const deactivated = points.map((p, j) => (j === i ? { ...p, isActive: false } : p));
        notBetter(ranks(assess(facts({ points: deactivated }), SETTINGS, a, NOW)), ranks(before));
      }),
      { numRuns: 300 },
    );
  });

  it("with a recorded scope, removing a point from the plans never improves the verdict or the stage", () => {
    fc.assert(
      fc.property(pointsArb, fc.nat(), fc.array(bodiesArb, { maxLength: 8 }), (points, pick, waivers) => {
        let a = scoped(points);
        points.forEach((p, i) => (waivers[i] ?? []).forEach((b) => (a = waive(a, p, b))));
        const before = assess(facts({ points }), SETTINGS, a, NOW);
        const remaining = points.filter((_, j) => j !== pick % points.length);
        const after = assess(facts({ points: remaining }), SETTINGS, a, NOW);
        notBetter(ranks(after), ranks(before));
        expect(after.coverage.planned).toBe(before.coverage.planned);
      }),
      { numRuns: 300 },
    );
  });

  it("names a removed point until its descope is approved by every governing body", () => {
    const points = [point({ id: 1 }), point({ id: 2, outcome: "failed" })];
    const byRec = scoped(points, "REC");
    const removed = assess(facts({ points: [points[0]] }), SETTINGS, byRec, NOW);
    expect(removed.criteria.find((c) => c.id === "E4")?.reasons.map((r) => r.code)).toContain("points-removed");
    expect(removed.scopeBaseline).toMatchObject({ points: 2, removed: 1, added: 0, body: "REC" });
    const gone = { ...points[1], outcome: undefined, isActive: false };
    const descoped = waive(waive(byRec, gone, "BSC"), gone, "REC");
    const after = assess(facts({ points: [points[0]] }), SETTINGS, descoped, NOW);
    expect(after.points.find((p) => p.id === 2)).toMatchObject({ removed: true, waiver: "present" });
    expect(after.verdict).toBe("ready-to-submit");
  });
});

describe("every governing body agrees", () => {
  /** Every kind of approval the verdict and stage count, from a body each, for a Supplier (BSC and REC). */
  function approvedByBoth(points: PointFact[], d: ReturnType<typeof defect>): Approvals {
    let a = acceptEntry(approvals());
    for (const body of ["BSC", "REC"] as Body[]) {
      for (const p of points) if (p.outcome !== "passed") a = waive(a, p, body);
      a = agreeMitigation(a, d, SETTINGS, [body]);
    }
    a = unwrap(
      recordSubmission(
        a,
        { participantRole: "ABCD-X", window: "tranche-1", sha256: SHA, verdictAtSubmission: "ready-to-submit" },
        BSC_ASSURER,
        NOW,
      ),
    );
    for (const body of ["BSC", "REC"] as Body[])
      a = unwrap(
        recordSignOff(
          a,
          SETTINGS,
          { participantRole: "ABCD-X", window: "tranche-1", body, decision: "approved", reportSha256: SHA },
          ASSURER[body],
          NOW,
        ),
      );
    return a;
  }

  it("removing any one body's approval never improves the verdict or the stage", () => {
    fc.assert(
      fc.property(
        pointsArb,
        fc.constantFrom<Body>("BSC", "REC"),
        fc.constantFrom("waivers", "mitigationAgreements", "signOffs"),
        fc.nat(),
        (points, body, list, pick) => {
          const d = defect({ severity: "3 - Medium", impact: "Low", mitigation: "Manual re-send" });
          const f = facts({ points, defects: [d] });
          const a = approvedByBoth(points, d);
          const before = assess(f, SETTINGS, a, NOW);
          const ofBody = (a[list] as { body: string }[]).filter((x) => x.body === body);
          fc.pre(ofBody.length > 0);
          const dropped = ofBody[pick % ofBody.length];
          const without = { ...a, [list]: (a[list] as object[]).filter((x) => x !== dropped) } as Approvals;
          notBetter(ranks(assess(f, SETTINGS, without, NOW)), ranks(before));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("qualifies with both bodies' approvals, and says which body is missing without one", () => {
    const points = [point({ id: 1 }), point({ id: 2, outcome: "failed" })];
    const d = defect({ severity: "3 - Medium", impact: "Low", mitigation: "Manual re-send" });
    const f = facts({ points, defects: [d] });
    const a = approvedByBoth(points, d);
    expect(assess(f, SETTINGS, a, NOW).stage.id).toBe("qualified");
    const noRecWaiver = { ...a, waivers: a.waivers.filter((w) => w.body !== "REC") };
    const lacking = assess(f, SETTINGS, noRecWaiver, NOW);
    expect(lacking.verdict).toBe("not-ready");
    expect(lacking.criteria.find((c) => c.id === "E4")?.reasons.map((r) => r.message)).toContain(
      "1 test point approved by only some of the governing bodies: awaiting REC.",
    );
  });
});
