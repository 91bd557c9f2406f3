/**
 * The live sample programme's windows: dated relative to the day the sandbox starts, so a newcomer sees every
 * phase a window goes through on today's date — one closed, several in execution with days left, one in
 * environment preparation, one not started. The QA&P v0.2 calendar (DEFAULT_WINDOWS) has no day on which all four
 * phases coexist, so the live calendar keeps its names, ids and lengths (about 23 weeks of environment preparation,
 * a week's gap, 36 weeks of execution) and places each window around today. Tests pin `today` and use the QA&P
 * calendar instead.
 */
import { IsoDate, dayNumber } from "../../src/core/calendar";
import { DEFAULT_WINDOWS, QtWindow } from "../../src/core/windows";

const PREP_DAYS = 23 * 7 - 1;
const GAP_DAYS = 7;
const EXEC_DAYS = 36 * 7 - 1;

/** Weeks from today to each window's execution start (negative: started that many weeks ago). */
const EXECUTION_STARTS_IN_WEEKS: Readonly<Record<string, number>> = {
  "non-sit-ldso": -44, // closed 8 weeks ago
  "tranche-1": -30, // 6 weeks left
  "tranche-2": -26,
  "tranche-3": -22,
  "tranche-4": -18,
  "tranche-5": -14,
  "tranche-6": 2, // environment preparation
  "tranche-7": 30, // not started: preparation begins in 6 weeks
};

const isoOf = (day: number): IsoDate => new Date(day * 86_400_000).toISOString().slice(0, 10);

export function liveWindows(today: IsoDate): QtWindow[] {
  const t = dayNumber(today);
  return DEFAULT_WINDOWS.map((w) => {
    const weeks = EXECUTION_STARTS_IN_WEEKS[w.id];
    if (weeks === undefined) throw new Error(`The live calendar has no place for window ${w.id}.`);
    const execStart = t + weeks * 7;
    const prepEnd = execStart - GAP_DAYS - 1;
    return {
      id: w.id,
      name: w.name,
      environmentPreparation: { start: isoOf(prepEnd - PREP_DAYS), end: isoOf(prepEnd) },
      execution: { start: isoOf(execStart), end: isoOf(execStart + EXEC_DAYS) },
    };
  });
}
