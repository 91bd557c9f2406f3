import {
  buildBurnDown,
  buildBurnUp,
  daysOf,
  lastDayDifferences,
  trendRange,
  waivedSinceDates,
} from "../../src/core/trend";

describe("trendRange", () => {
  it("runs from the start of execution to today while the window is open", () => {
    expect(trendRange({ start: "2026-10-01", end: "2027-01-31" }, "2026-12-07")).toEqual({
      from: "2026-10-01",
      to: "2026-12-07",
    });
  });
  it("stops four weeks after the window closed, and keeps at most maxDays", () => {
    expect(trendRange({ start: "2026-01-01", end: "2026-06-30" }, "2026-12-07")).toEqual({
      from: "2026-01-01",
      to: "2026-07-28",
    });
    expect(trendRange({ start: "2026-01-01", end: "2026-12-31" }, "2026-12-07", { maxDays: 10 })).toEqual({
      from: "2026-11-28",
      to: "2026-12-07",
    });
  });
  it("has nothing to draw before execution starts", () => {
    expect(trendRange({ start: "2027-01-01", end: "2027-06-30" }, "2026-12-07")).toBeUndefined();
  });
});

describe("buildBurnUp", () => {
  const range = { from: "2026-12-01", to: "2026-12-03" };
  it("classifies each outcome as the verdict does and fills days with no rows with read zeros", () => {
    const up = buildBurnUp(
      [
        { date: "2026-12-01", outcome: "None", count: 10 },
        { date: "2026-12-02", outcome: "None", count: 6 },
        { date: "2026-12-02", outcome: "Passed", count: 3 },
        { date: "2026-12-02", outcome: "Failed", count: 1 },
        { date: "2026-12-03", outcome: "Blocked", count: 2 },
        { date: "2026-12-03", outcome: "Passed", count: 7 },
        { date: "2026-12-03", outcome: "Failed", count: 1 },
        { date: "2026-12-03", outcome: "Exploded", count: 1 },
        { date: "2026-11-30", outcome: "Passed", count: 99 },
      ],
      range,
      ["2026-11-20", "2026-12-03", "2027-01-01"],
    );
    expect(up.days).toEqual([
      { date: "2026-12-01", planned: 10, executed: 0, passed: 0, waived: 1 },
      { date: "2026-12-02", planned: 10, executed: 4, passed: 3, waived: 1 },
      { date: "2026-12-03", planned: 11, executed: 8, passed: 7, waived: 2 },
    ]);
    expect(up.unrecognisedOutcomes).toEqual(["Exploded"]);
  });
  it("refuses a reversed range", () => {
    expect(() => daysOf({ from: "2026-12-03", to: "2026-12-01" })).toThrow(RangeError);
  });
});

describe("buildBurnDown", () => {
  it("counts outstanding defects by QT severity, unknown states as outstanding", () => {
    const down = buildBurnDown(
      [
        { date: "2026-12-01", workItemType: "Bug", state: "Active", severity: "Sev1 - Critical", count: 2 },
        { date: "2026-12-01", workItemType: "Bug", state: "Closed", severity: "Sev1 - Critical", count: 5 },
        { date: "2026-12-01", workItemType: "Bug", state: "Limbo", severity: null, count: 1 },
        { date: "2026-12-02", workItemType: "Bug", state: "Active", severity: "3", count: 4 },
      ],
      { from: "2026-12-01", to: "2026-12-02" },
      {
        severity: (raw) => (raw === "Sev1 - Critical" ? 1 : raw === "3" ? 3 : "unclassified"),
        outstanding: ({ state }) =>
          state === "Active"
            ? { outstanding: true, known: true }
            : state === "Closed"
              ? { outstanding: false, known: true }
              : { outstanding: true, known: false },
      },
    );
    expect(down.days[0].outstanding).toEqual({ sev1: 2, sev2: 0, sev3: 0, sev4: 0, sev5: 0, unclassified: 1 });
    expect(down.days[0].total).toBe(3);
    expect(down.days[1].outstanding.sev3).toBe(4);
    expect(down.unknownStates).toEqual(["Bug: Limbo"]);
  });
});

describe("lastDayDifferences", () => {
  it("names each figure where Analytics' last day and the live read differ", () => {
    const up = buildBurnUp(
      [{ date: "2026-12-01", outcome: "Passed", count: 3 }],
      {
        from: "2026-12-01",
        to: "2026-12-01",
      },
      [],
    );
    expect(lastDayDifferences(up, undefined, { planned: 3, executed: 3, passed: 3 })).toEqual([]);
    expect(lastDayDifferences(up, undefined, { planned: 4, executed: 3, passed: 2 })).toEqual([
      "Analytics counts 3 planned on 2026-12-01; the live read counts 4.",
      "Analytics counts 3 passed on 2026-12-01; the live read counts 2.",
    ]);
  });
});

describe("waivedSinceDates", () => {
  const base = { participantRole: "ACME-X", window: "tranche-1" };
  it("dates each standing waiver by its last body's approval, ignoring revoked, other roles and windows", () => {
    const dates = waivedSinceDates(
      [
        { ...base, pointId: 1, body: "BSC", approvedAt: "2026-11-01T10:00:00Z" },
        { ...base, pointId: 1, body: "REC", approvedAt: "2026-11-05T23:30:00Z" },
        { ...base, pointId: 2, body: "BSC", approvedAt: "2026-11-02T10:00:00Z" },
        { ...base, pointId: 2, body: "BSC", approvedAt: "2026-11-09T10:00:00Z", revoked: {} },
        { ...base, pointId: 3, body: "BSC", approvedAt: "2026-11-03T10:00:00Z" },
        { ...base, window: "tranche-2", pointId: 1, body: "BSC", approvedAt: "2026-12-01T10:00:00Z" },
      ],
      "ACME-X",
      "tranche-1",
      new Set([1, 2]),
      (instant) => instant.slice(0, 10),
    );
    expect(dates).toEqual(["2026-11-05"]);
  });
});
