import fc from "fast-check";
import { Approvals, recordMitigationAgreement, recordSubmission } from "../../src/core/approvals";
import { verdictRank } from "../../src/core/assessment";
import { assess } from "../../src/core/assess";
import { DefectFact, ParticipantRoleFacts, PointFact } from "../../src/core/facts";
import { readOutcome } from "../../src/core/outcomes";
import { BSC_ASSURER, NOW, PARTICIPANT, approvals, facts, settings, unwrap, waivePoint } from "../support/builders";

const SETTINGS = settings();

const outcomeArb = fc.oneof(
  fc.constantFrom(
    "passed",
    "Passed",
    "failed",
    "blocked",
    "notApplicable",
    "inProgress",
    "paused",
    "none",
    "timeout",
    "NotExecuted",
    undefined,
    null,
  ),
  fc.integer({ min: -2, max: 16 }),
  fc.string({ maxLength: 6 }),
);

const pointArb = (id: number): fc.Arbitrary<PointFact> =>
  fc
    .record({
      outcome: outcomeArb,
      isActive: fc.boolean(),
      suiteId: fc.integer({ min: 1, max: 4 }),
    })
    .map((r) => ({ id, planId: 1, testCaseId: id + 10_000, ...r }));

const severityArb = fc.oneof(
  fc.constantFrom("1 - Critical", "2 - High", "3 - Medium", "4 - Low", "Sev 5", "Blocker", "", undefined),
  fc.integer({ min: 0, max: 6 }),
);
const stateArb = fc.constantFrom("New", "Active", "Resolved", "Closed", "Removed", "Parked");
const textArb = fc.constantFrom("", "  ", "Impact text", "<p>Plan</p>");

const defectArb = (id: number): fc.Arbitrary<DefectFact> =>
  fc.record({ severity: severityArb, state: stateArb, impact: textArb, mitigation: textArb }).map((r) => ({
    id,
    title: `Defect ${id}`,
    workItemType: "Bug",
    ...r,
  }));

const factsArb: fc.Arbitrary<ParticipantRoleFacts> = fc
  .tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 10 }))
  .chain(([np, nd]) =>
    fc.tuple(
      fc.tuple(...Array.from({ length: np }, (_, i) => pointArb(i + 1))),
      fc.tuple(...Array.from({ length: nd }, (_, i) => defectArb(i + 1000))),
    ),
  )
  .map(([points, defects]) => facts({ points, defects }));

/** Random approvals for the facts: waivers on some non-passed points, agreements on some defects, maybe a submission. */
function approvalsFor(f: ParticipantRoleFacts, pick: number[], submitted: boolean): Approvals {
  let a = approvals();
  f.points.forEach((p, i) => {
    if (pick[i % pick.length] % 3 === 0) a = waiverFor(a, p);
  });
  f.defects.forEach((d, i) => {
    if (pick[i % pick.length] % 2 === 0 && String(d.impact).trim() && String(d.mitigation).trim()) {
      const r = recordMitigationAgreement(
        a,
        SETTINGS,
        {
          participantRole: "ABCD-X",
          defectId: d.id,
          severity: d.severity,
          impact: d.impact,
          mitigation: d.mitigation,
          body: "BSC",
        },
        BSC_ASSURER,
        NOW,
      );
      if (r.ok) a = r.value;
    }
  });
  if (submitted) {
    a = unwrap(
      recordSubmission(
        a,
        {
          participantRole: "ABCD-X",
          window: "tranche-1",
          sha256: "c".repeat(64),
          verdictAtSubmission: "ready-to-submit",
        },
        PARTICIPANT,
        NOW,
      ),
    );
  }
  return a;
}

function waiverFor(a: Approvals, p: PointFact): Approvals {
  return waivePoint(a, p, readOutcome(p.outcome).outcome, SETTINGS, { reason: "ok" });
}

const scenarioArb = fc.record({
  f: factsArb,
  pick: fc.array(fc.nat(5), { minLength: 1, maxLength: 8 }),
  submitted: fc.boolean(),
});

describe("assessment invariants", () => {
  it("adding an outstanding Sev1 or unclassified defect never improves the verdict, and never leaves it ready", () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.constantFrom("1 - Critical", "Sev1", "Unknown", ""),
        ({ f, pick, submitted }, severity) => {
          const a = approvalsFor(f, pick, submitted);
          const before = assess(f, SETTINGS, a, NOW).verdict;
          const worse = {
            ...f,
            defects: [...f.defects, { id: 99_999, title: "New", workItemType: "Bug", state: "Active", severity }],
          };
          const after = assess(worse, SETTINGS, a, NOW).verdict;
          expect(verdictRank(after)).toBeLessThanOrEqual(verdictRank(before));
          expect(["not-ready", "cannot-assess"]).toContain(after);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("recording a waiver never worsens the verdict", () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), ({ f, pick, submitted }, which) => {
        fc.pre(f.points.length > 0);
        const a = approvalsFor(f, pick, submitted);
        const before = assess(f, SETTINGS, a, NOW);
        const p = f.points[which % f.points.length];
        const after = assess(f, SETTINGS, waiverFor(a, p), NOW);
        expect(verdictRank(after.verdict)).toBeGreaterThanOrEqual(verdictRank(before.verdict));
        expect(after.coverage.completionPercent).toBeGreaterThanOrEqual(before.coverage.completionPercent);
      }),
      { numRuns: 300 },
    );
  });

  it("coverage counts add up to the planned points, active or not, overall and per suite", () => {
    fc.assert(
      fc.property(factsArb, (f) => {
        const a = assess(f, SETTINGS, approvals(), NOW);
        const c = a.coverage;
        // Without a scope baseline every point of the plans is in scope: deactivating one is not a descope.
        expect(c.planned).toBe(f.points.length);
        expect(c.passed + c.failed + c.blocked + c.notRun + c.descoped + c.inProgress).toBe(c.planned);
        // Executed is completed with a verdict: blocked, in progress and not run are not (issue 16, item 4).
        expect(c.executed).toBe(c.passed + c.failed);
        expect(a.coverageBySuite.reduce((n, s) => n + s.planned, 0)).toBe(c.planned);
        for (const value of [c.executionPercent, c.passRateOfExecuted, c.passRateOfPlanned, c.completionPercent]) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(100);
        }
        expect(a.waivers.needed).toBe(c.planned - c.passed);
        expect(a.waivers.present + a.waivers.stale + a.waivers.missing).toBe(a.waivers.needed);
        const counted = a.defectCounts.reduce((n, d) => n + d.outstanding + d.closed, 0);
        expect(counted).toBe(f.defects.length);
      }),
      { numRuns: 300 },
    );
  });

  it("an incomplete read is never ready", () => {
    fc.assert(
      fc.property(scenarioArb, fc.constantFrom("points", "defects"), ({ f, pick, submitted }, part) => {
        const partial = { ...f, completeness: { ...f.completeness, [part]: { complete: false, reason: "timed out" } } };
        expect(assess(partial, SETTINGS, approvalsFor(f, pick, submitted), NOW).verdict).toBe("cannot-assess");
      }),
      { numRuns: 200 },
    );
  });

  it("is deterministic and leaves its inputs untouched", () => {
    fc.assert(
      fc.property(scenarioArb, ({ f, pick, submitted }) => {
        const a = approvalsFor(f, pick, submitted);
        const frozen = JSON.stringify([f, a]);
        expect(assess(f, SETTINGS, a, NOW)).toEqual(assess(f, SETTINGS, a, NOW));
        expect(JSON.stringify([f, a])).toBe(frozen);
      }),
      { numRuns: 100 },
    );
  });
});
