import fc from "fast-check";
import { dayNumber } from "../../src/core/calendar";
import { DailyExecution, PACE_DAYS, forecastExecution } from "../../src/core/forecast";

/** Days up to `today`, each with the executed count `perDay` gives for its index (0 = the first day). */
function history(today: string, days: number, planned: number, perDay: (i: number) => number): DailyExecution[] {
  const end = dayNumber(today);
  return Array.from({ length: days }, (_, i) => ({
    date: new Date((end - days + 1 + i) * 86_400_000).toISOString().slice(0, 10),
    planned,
    executed: Math.min(planned, perDay(i)),
  }));
}

const TODAY = "2025-06-01";

describe("the execution forecast, at its edges", () => {
  it("says not enough history with none, with nothing planned, and with fewer days than the pace needs", () => {
    expect(forecastExecution([], "2025-09-29", TODAY).status).toBe("not-enough-history");
    expect(
      forecastExecution(
        history(TODAY, 30, 0, () => 0),
        "2025-09-29",
        TODAY,
      ).status,
    ).toBe("not-enough-history");
    const short = forecastExecution(
      history(TODAY, PACE_DAYS, 100, (i) => i * 2),
      "2025-09-29",
      TODAY,
    );
    expect(short).toMatchObject({ status: "not-enough-history", remaining: 74 });
    expect(short.summary).toBe(`Not enough history: ${PACE_DAYS - 1} of the ${PACE_DAYS} days the pace needs.`);
    expect(short.reach).toBeUndefined();
  });

  it("says finished once every planned point was executed, whatever the window", () => {
    const done = forecastExecution(
      history(TODAY, 20, 50, (i) => i * 5),
      "2025-05-01",
      TODAY,
    );
    expect(done).toMatchObject({ status: "finished", remaining: 0 });
  });

  it("says the window closed, with what was left, once its execution ended", () => {
    expect(
      forecastExecution(
        history(TODAY, 30, 100, (i) => i),
        "2025-05-31",
        TODAY,
      ),
    ).toMatchObject({
      status: "window-closed",
      remaining: 71,
      summary: "The window's execution ended on 2025-05-31 with 71 of 100 points not executed.",
    });
  });

  it("draws no date from a flat pace: at that pace it would never finish", () => {
    const flat = forecastExecution(
      history(TODAY, 30, 100, () => 40),
      "2025-09-29",
      TODAY,
    );
    expect(flat).toMatchObject({ status: "will-miss", remaining: 60, pace: { slowest: 0, overall: 0, fastest: 0 } });
    expect(flat.reach).toBeUndefined();
  });

  it("puts a steady pace on track, with the dates it would reach 100%", () => {
    // 2 points a day: 60 points left on 1 June take 30 days: 1 July.
    const steady = forecastExecution(
      history(TODAY, 30, 118, (i) => i * 2),
      "2025-09-29",
      TODAY,
    );
    expect(steady).toMatchObject({
      status: "on-track",
      remaining: 60,
      pace: { slowest: 2, overall: 2, fastest: 2 },
      reach: { earliest: "2025-07-01", likely: "2025-07-01", latest: "2025-07-01" },
    });
    expect(steady.rule).toContain("last 14 days");
  });

  it("is at risk when the range straddles the window's end, and will miss when all of it is after", () => {
    // Fast then slow: 4 a day in the earlier week, 1 a day in the recent one.
    const slowing = (i: number) => (i < 23 ? i * 4 : 22 * 4 + (i - 22));
    const atRisk = forecastExecution(history(TODAY, 30, 200, slowing), "2025-07-15", TODAY);
    expect(atRisk.status).toBe("at-risk");
    expect(atRisk.pace).toEqual({ slowest: 1, overall: 2.5, fastest: 4 });
    const miss = forecastExecution(history(TODAY, 30, 200, slowing), "2025-06-10", TODAY);
    expect(miss.status).toBe("will-miss");
  });

  it("reads a day missing from the history as unchanged from the day before", () => {
    const gappy = history(TODAY, 30, 118, (i) => i * 2).filter((_, i) => i % 3 !== 0 || i === 29);
    expect(forecastExecution(gappy, "2025-09-29", TODAY).remaining).toBe(60);
  });

  it("never calls a participant-role on track unless even the slowest recent pace gets there in time", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 6 }), { minLength: PACE_DAYS + 1, maxLength: 40 }),
        fc.integer({ min: 50, max: 400 }),
        fc.integer({ min: 0, max: 120 }),
        (steps, planned, daysToEnd) => {
          let total = 0;
          const runs = steps.map((s) => (total += s));
          const end = new Date((dayNumber(TODAY) + daysToEnd) * 86_400_000).toISOString().slice(0, 10);
          const f = forecastExecution(
            history(TODAY, runs.length, planned, (i) => runs[i]),
            end,
            TODAY,
          );
          if (f.status === "on-track") {
            expect(f.reach?.latest).not.toBeNull();
            expect(dayNumber(f.reach!.latest!)).toBeLessThanOrEqual(dayNumber(end));
          }
          if (f.reach) expect(dayNumber(f.reach.earliest)).toBeGreaterThan(dayNumber(TODAY));
        },
      ),
      { numRuns: 300 },
    );
  });
});
