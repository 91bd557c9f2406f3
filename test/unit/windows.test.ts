import fc from "fast-check";
import { dayNumber, isIsoDate, ukDate } from "../../src/core/calendar";
import { DEFAULT_WINDOWS, windowTiming } from "../../src/core/windows";

const tranche1 = DEFAULT_WINDOWS.find((w) => w.id === "tranche-1")!;

describe("calendar", () => {
  it("rejects impossible dates", () => {
    expect(isIsoDate("2025-02-28")).toBe(true);
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2025-13-01")).toBe(false);
    expect(isIsoDate("25-01-01")).toBe(false);
  });

  it("uses the UK date, not the UTC date", () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    expect(ukDate(new Date("2025-06-30T23:30:00Z"))).toBe("2025-07-01");
    // In winter London is on UTC.
    expect(ukDate(new Date("2025-01-31T23:30:00Z"))).toBe("2025-01-31");
  });

  it("holds the QA&P calendar: 36-week executions staggered by 4 weeks", () => {
    const tranches = DEFAULT_WINDOWS.filter((w) => w.id.startsWith("tranche-"));
    for (const w of tranches) {
      expect(dayNumber(w.execution.end) - dayNumber(w.execution.start)).toBe(36 * 7);
    }
    for (let i = 1; i < tranches.length; i++) {
      expect(dayNumber(tranches[i].execution.start) - dayNumber(tranches[i - 1].execution.start)).toBe(28);
    }
  });
});

describe("window timing", () => {
  it.each([
    ["2024-08-05T12:00:00Z", "not-started", 420],
    ["2024-08-06T12:00:00Z", "environment-preparation", 419],
    ["2025-01-13T12:00:00Z", "environment-preparation", 259],
    ["2025-01-15T12:00:00Z", "awaiting-execution", 257],
    ["2025-01-20T12:00:00Z", "execution", 252],
    ["2025-09-29T12:00:00Z", "execution", 0],
    ["2025-09-30T12:00:00Z", "closed", -1],
  ])("at %s the window is in %s with %d days left", (at, phase, daysLeft) => {
    expect(windowTiming(tranche1, new Date(at))).toEqual({ phase, daysLeft });
  });
});

describe("ukDate, whatever the runtime's locale data and time zone", () => {
  const instants = fc.date({
    min: new Date("2000-01-01T00:00:00Z"),
    max: new Date("2099-12-31T23:59:59Z"),
    noInvalidDate: true,
  });

  it("is the London calendar date, as YYYY-MM-DD, for any instant", () => {
    fc.assert(
      fc.property(instants, (d) => {
        // The reference: the UK offset is 0 (GMT) or +1 h (BST); the date there is one of those two readings.
        const gmt = d.toISOString().slice(0, 10);
        const bst = new Date(d.getTime() + 3_600_000).toISOString().slice(0, 10);
        const uk = ukDate(d);
        expect(uk).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect([gmt, bst]).toContain(uk);
      }),
      { numRuns: 500 },
    );
  });

  it("turns at UK midnight on both sides of the clock changes", () => {
    expect(ukDate(new Date("2025-03-29T23:59:59Z"))).toBe("2025-03-29"); // GMT, the night before BST
    expect(ukDate(new Date("2025-03-30T23:00:00Z"))).toBe("2025-03-31"); // BST midnight
    expect(ukDate(new Date("2025-10-25T23:00:00Z"))).toBe("2025-10-26"); // BST midnight, the clocks go back that night
    expect(ukDate(new Date("2025-10-26T23:59:59Z"))).toBe("2025-10-26"); // GMT again
  });

  it("does not depend on the process's time zone", () => {
    const was = process.env.TZ;
    try {
      const seen = ["UTC", "America/Los_Angeles", "Asia/Tokyo", "Pacific/Kiritimati"].map((tz) => {
        process.env.TZ = tz;
        return ukDate(new Date("2025-06-30T23:30:00Z"));
      });
      expect(new Set(seen)).toEqual(new Set(["2025-07-01"]));
    } finally {
      if (was === undefined) delete process.env.TZ;
      else process.env.TZ = was;
    }
  });
});
