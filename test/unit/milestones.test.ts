import { assess } from "../../src/core/assess";
import { milestoneState } from "../../src/core/milestones";
import { NOW, approvals, facts, registryEntry, settings } from "../support/builders";

const M14 = { id: "M14", name: "All Suppliers able to accept MPANs under the new TOM", date: "2026-03-16" };

describe("role milestones (QA&P §7.1)", () => {
  it("warns when the window's execution ends after the role's milestone", () => {
    const m = milestoneState(M14, "2026-03-17", "executing", new Date("2025-06-01T12:00:00Z"));
    expect(m?.warning).toBe(
      "The window's execution ends on 2026-03-17, after the role's milestone M14 (All Suppliers able to accept MPANs under the new TOM, 2026-03-16): it cannot be qualified in time.",
    );
    expect(milestoneState(M14, "2026-03-16", "executing", new Date("2025-06-01T12:00:00Z"))?.warning).toBeUndefined();
  });

  it("warns once the milestone has passed unqualified, on the UK calendar day", () => {
    // 00:30 UTC on 17 March is 17 March in the UK too (GMT until the clocks go forward on the 29th).
    const dayAfter = new Date("2026-03-17T00:30:00Z");
    expect(milestoneState(M14, "2026-01-01", "signing-off", dayAfter)).toMatchObject({ daysLeft: -1 });
    expect(milestoneState(M14, "2026-01-01", "signing-off", dayAfter)?.warning).toMatch(/has passed/);
    expect(milestoneState(M14, "2026-01-01", "qualified", dayAfter)?.warning).toBeUndefined();
    // 23:30 UTC on 15 March is 15 March in the UK (GMT): one day left.
    expect(milestoneState(M14, "2026-01-01", "executing", new Date("2026-03-15T23:30:00Z"))?.daysLeft).toBe(1);
  });

  it("takes the milestone from the role catalogue: a Supplier in Tranche 7 misses M14", () => {
    const late = settings((s) => (s.registry = [registryEntry({ window: "tranche-7" })]));
    const a = assess(facts(), late, approvals(), NOW);
    expect(a.milestone).toMatchObject({ id: "M14", date: "2026-03-16" });
    expect(a.milestone?.warning).toBeUndefined(); // Tranche 7 execution ends on the milestone day itself
    const custom = settings((s) => {
      s.registry = [registryEntry({ window: "tranche-7" })];
      s.roles.find((r) => r.code === "X")!.milestone = { ...M14, date: "2026-03-01" };
    });
    expect(assess(facts(), custom, approvals(), NOW).milestone?.warning).toContain("ends on 2026-03-16");
    const none = settings((s) => delete s.roles.find((r) => r.code === "X")!.milestone);
    expect(assess(facts(), none, approvals(), NOW).milestone).toBeUndefined();
  });
});
