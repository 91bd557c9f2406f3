import { assessPortfolio } from "../../src/core/portfolio";
import { NOW, approvals, defect, facts, incompleteFacts, point, registryEntry, settings } from "../support/builders";

describe("portfolio", () => {
  const s = settings((x) => {
    x.registry.push(
      registryEntry({ mpid: "EFGH", roleCode: "X", participantName: "Beta", window: "tranche-2" }),
      registryEntry({ mpid: "IJKL", roleCode: "N", participantName: "Gamma", window: "tranche-1" }),
      registryEntry({
        mpid: "MNOP",
        roleCode: "S",
        participantName: "Delta",
        route: "SIT",
        window: undefined,
        testPlans: [],
      }),
    );
  });
  const all = [
    facts(),
    facts({
      participantRole: "EFGH-X",
      defects: [defect({ severity: 1 }), defect({ severity: 2 }), defect({ severity: "??" })],
    }),
    { ...incompleteFacts("points", "throttled"), participantRole: "IJKL-N" },
    facts({ participantRole: "MNOP-S", points: [point({ outcome: "failed" })] }),
  ];
  const portfolio = assessPortfolio(all, s, approvals(), NOW);

  it("assesses every participant-role with the same engine", () => {
    expect(portfolio.assessments.map((a) => [a.participantRole, a.verdict])).toEqual([
      ["ABCD-X", "ready-to-submit"],
      ["EFGH-X", "not-ready"],
      ["IJKL-N", "cannot-assess"],
      ["MNOP-S", "not-ready"],
    ]);
  });

  it("leaves what was not read out of the sums, and says how many were left out", () => {
    const unread = assessPortfolio(
      [
        facts({ defects: [defect({ severity: "1 - Critical" })] }),
        { ...incompleteFacts("defects", "HTTP 503"), participantRole: "EFGH-X" },
      ],
      s,
      approvals(),
      NOW,
    );
    expect(unread.overall).toMatchObject({ outstandingSev1: 1, defectsNotCounted: 1, pointsNotCounted: 0 });
    expect(portfolio.overall).toMatchObject({ defectsNotCounted: 0, pointsNotCounted: 1 });
  });

  it("summarises overall, by window, by role and by governing body", () => {
    expect(portfolio.overall).toMatchObject({
      total: 4,
      verdicts: { "cannot-assess": 1, "not-ready": 2, "ready-to-submit": 1, "exit-criteria-met": 0 },
      outstandingSev1: 1,
      outstandingSev2: 1,
      outstandingUnclassified: 1,
      waiversMissing: 1,
    });
    expect(portfolio.byWindow.map((g) => [g.key, g.label, g.total])).toEqual([
      ["sit", "SIT route", 1],
      ["tranche-1", "Tranche 1", 2],
      ["tranche-2", "Tranche 2", 1],
    ]);
    expect(portfolio.byRole.map((g) => [g.key, g.total])).toEqual([
      ["N", 1],
      ["S", 1],
      ["X", 2],
    ]);
    // Suppliers answer to both codes, so they are counted under each.
    expect(portfolio.byGoverningBody.map((g) => [g.key, g.total])).toEqual([
      ["BSC", 3],
      ["REC", 3],
    ]);
  });

  it("weights execution by planned points", () => {
    // 2 + 2 + 2 passed points, and 1 failed (executed) point: 7 of 7 executed.
    expect(portfolio.overall.executionPercent).toBe(100);
  });
});
