import fc from "fast-check";
import {
  dateTicks,
  dayOf,
  formatCount,
  isoOf,
  labelSpan,
  niceTicks,
  ukDateLabel,
} from "../../../src/core/charts/ticks";
import { dayNumber } from "../../../src/core/calendar";

describe("niceTicks", () => {
  it.each([
    [0, 650, 5, [0, 200, 400, 600, 800]],
    [0, 7, 5, [0, 2, 4, 6, 8]],
    [0, 3, 5, [0, 1, 2, 3]],
    [0, 1, 5, [0, 1]],
    [0, 1000, 5, [0, 200, 400, 600, 800, 1000]],
    [0, 30, 5, [0, 10, 20, 30]],
    [0, 650, 4, [0, 200, 400, 600, 800]],
    [0, 12, 3, [0, 5, 10, 15]],
  ])("from %d to %d in at most %d steps: %j", (min, max, count, expected) => {
    expect(niceTicks(min, max, count)).toEqual(expected);
  });

  it("gives a flat or empty range two ticks, never one", () => {
    expect(niceTicks(0, 0)).toEqual([0, 1]);
    expect(niceTicks(5, 5)).toEqual([5, 6]);
    expect(niceTicks(Number.NaN, Number.NaN)).toEqual([0, 1]);
  });

  it("steps by whole numbers for counts, and by fractions when asked", () => {
    expect(niceTicks(0, 0.5)).toEqual([0, 1]);
    expect(niceTicks(0, 0.5, 5, false)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
  });

  it("always covers the range with evenly spaced, distinct whole numbers at 1, 2 or 5 × 10ⁿ", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 2, max: 8 }),
        (a, b, count) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const ticks = niceTicks(lo, hi, count);
          expect(ticks.length).toBeGreaterThanOrEqual(2);
          expect(ticks.length).toBeLessThanOrEqual(count + 1);
          expect(ticks[0]).toBeLessThanOrEqual(lo);
          expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(hi);
          const step = ticks[1] - ticks[0];
          expect(Number.isInteger(step) && step >= 1).toBe(true);
          const mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
          expect([1, 2, 5]).toContain(Math.round(mantissa));
          ticks.forEach((t, i) => {
            expect(Number.isInteger(t)).toBe(true);
            if (i > 0) expect(t - ticks[i - 1]).toBe(step);
          });
        },
      ),
    );
  });
});

describe("UK dates and counts", () => {
  it("writes dates as the programme does", () => {
    expect(ukDateLabel("2025-12-07")).toBe("7 Dec");
    expect(ukDateLabel("2025-12-07", true)).toBe("7 Dec 2025");
    expect(ukDateLabel("not a date")).toBe("not a date");
  });

  it("converts day numbers both ways", () => {
    expect(isoOf(dayNumber("2024-02-29"))).toBe("2024-02-29");
    expect(dayOf(2025, 1, 1)).toBe(dayNumber("2025-01-01"));
  });

  it("groups thousands and keeps one decimal place at most", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(650)).toBe("650");
    expect(formatCount(2.25)).toBe("2.3");
    expect(formatCount(0)).toBe("0");
  });
});

describe("dateTicks", () => {
  const axis = (from: string, to: string, width: number) => {
    const d0 = dayNumber(from);
    const d1 = dayNumber(to);
    const options = {
      x: (d: number) => 40 + ((d - d0) / Math.max(1, d1 - d0)) * (width - 50),
      left: 2,
      right: width - 2,
    };
    return { d0, d1, options, ticks: dateTicks(d0, d1, options) };
  };

  it("labels every day of a short range when there is room", () => {
    const { ticks } = axis("2025-12-01", "2025-12-07", 640);
    expect(ticks.map((t) => t.label)).toEqual(["1 Dec", "2 Dec", "3 Dec", "4 Dec", "5 Dec", "6 Dec", "7 Dec"]);
  });

  it("labels Mondays, then months, as the range grows or the width shrinks", () => {
    const weeks = axis("2025-01-20", "2025-03-31", 640).ticks;
    expect(weeks.length).toBeGreaterThan(2);
    for (const t of weeks) expect(new Date(`${t.date}T00:00:00Z`).getUTCDay()).toBe(1);
    const months = axis("2025-01-20", "2025-09-29", 320).ticks;
    expect(months.length).toBeGreaterThan(1);
    for (const t of months) expect(t.date.endsWith("-01")).toBe(true);
  });

  it("shows the year where it changes", () => {
    const { ticks } = axis("2025-10-01", "2026-03-31", 640);
    const jan = ticks.find((t) => t.date === "2026-01-01");
    expect(jan?.label).toBe("1 Jan 2026");
    expect(ticks[0].label).not.toMatch(/2025/);
  });

  it("never lets two labels touch, whatever the range and width", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 900 }),
        fc.integer({ min: 0, max: 1200 }),
        fc.integer({ min: 120, max: 1400 }),
        (offset, length, width) => {
          const from = isoOf(dayNumber("2024-06-01") + offset);
          const to = isoOf(dayNumber(from) + length);
          const { options, ticks } = axis(from, to, width);
          expect(ticks.length).toBeGreaterThanOrEqual(1);
          let previousEnd = -Infinity;
          for (const t of ticks) {
            const [start, end] = labelSpan(t, options);
            expect(start).toBeGreaterThanOrEqual(previousEnd + 8 - 1e-9);
            previousEnd = end;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
