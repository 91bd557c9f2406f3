/**
 * The day Analytics' history ends on: the programme's "today". The generator knows it (its `today` option, the UK
 * date a pinned programme is dated on, or the day a live one started) and tells it here as it builds a state,
 * without putting anything into the state (whose every byte the generator's tests compare). A live programme's
 * today moves on with the clock: its history runs to the current UK date.
 */
import { dayNumber, ukDayNumber } from "../../src/core/calendar";
import { SandboxState } from "../state";

interface ProgrammeDay {
  day: number;
  live: boolean;
}

const days = new WeakMap<SandboxState, ProgrammeDay>();

/** Called by the generator for each state it builds. */
export function rememberToday(state: SandboxState, today: string, live: boolean): void {
  const day = dayNumber(today);
  if (!Number.isNaN(day)) days.set(state, { day, live });
}

/**
 * Today's UK day number for a state: an explicit override (a server option) first, then what the generator said,
 * else (a hand-built state) the current UK date.
 */
export function analyticsToday(state: SandboxState, override?: string, now: Date = new Date()): number {
  if (override !== undefined) {
    const day = dayNumber(override);
    if (!Number.isNaN(day)) return day;
  }
  const known = days.get(state);
  const current = ukDayNumber(now);
  if (!known) return current;
  return known.live ? Math.max(known.day, current) : known.day;
}
