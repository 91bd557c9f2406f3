import { dayNumber } from "../../src/core/calendar";
import { QtWindow } from "../../src/core/windows";
import { Dice } from "./dice";

const DAY_MS = 86_400_000;

/** How far a window's execution has run on `today`, as the share of its test points executed (0–1). */
export function executedShare(window: QtWindow | undefined, today: number): number {
  if (!window) return 1;
  const start = dayNumber(window.execution.start);
  const end = dayNumber(window.execution.end);
  if (today < start) return 0;
  if (today >= end) return 1;
  const elapsed = (today - start) / (end - start);
  // Execution runs ahead early (the easy scenarios first) and tails off: 1 - (1 - t)².
  return 1 - (1 - elapsed) * (1 - elapsed);
}

const dayText = new Map<number, string>();
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DDThh:mm:ss.000Z` for a moment in ms; the date part is cached per day (generation formats ~10⁵ times). */
export function isoAt(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let date = dayText.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayText.set(day, date);
  }
  const seconds = Math.floor((ms - day * DAY_MS) / 1000);
  return `${date}T${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}.000Z`;
}

/** ISO timestamp at a day number plus a time of day drawn in working hours (08:00–18:00 UTC). */
export function workingTime(day: number, d: Dice): string {
  return isoAt(day * DAY_MS + (8 * 3600 + d.int(0, 10 * 3600 - 1)) * 1000);
}

/** A day in [from, to] (clamped so that from ≤ to). */
export function dayBetween(from: number, to: number, d: Dice): number {
  return to <= from ? from : d.int(from, to);
}

/** Days of a window relative to today: when its records can be dated. */
export interface WindowDays {
  prepStart: number;
  execStart: number;
  execEnd: number;
  /** The last day anything can have happened: min(today, end of execution). */
  lastActive: number;
}

export function windowDays(window: QtWindow | undefined, today: number): WindowDays {
  if (!window) {
    // SIT-route participant-roles: their SIT evidence dates from the half-year before today.
    return { prepStart: today - 240, execStart: today - 180, execEnd: today - 30, lastActive: today - 30 };
  }
  const execEnd = dayNumber(window.execution.end);
  return {
    prepStart: dayNumber(window.environmentPreparation.start),
    execStart: dayNumber(window.execution.start),
    execEnd,
    lastActive: Math.min(today, execEnd),
  };
}
