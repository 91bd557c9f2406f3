import { WindowPhase } from "../windows";
import { WINDOW_PHASE_LABELS } from "./labels";

/** Display formatting shared by the renderers. Pure string work: no locale, no time zone, no clock. */

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z$/;

/** `2025-06-01T12:00:00.000Z` → `2025-06-01 12:00 UTC`; anything else is shown as it is. */
export function formatInstant(value: string | null): string {
  if (value === null) return "";
  const match = ISO_INSTANT.exec(value);
  return match ? `${match[1]} ${match[2]} UTC` : value;
}

/** The calendar date of an ISO instant (`2025-05-20`), or the value itself when it is not one. */
export function datePart(value: string): string {
  const match = ISO_INSTANT.exec(value);
  return match ? match[1] : value;
}

export function formatPercent(value: number): string {
  return `${value}%`;
}

export function yesNo(value: boolean): string {
  return value ? "Yes" : "No";
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Where a window stands at assessment: `Execution (120 days left)`, `Closed 3 days ago`. */
export function formatPhase(phase: WindowPhase, daysLeft: number): string {
  const label = WINDOW_PHASE_LABELS[phase];
  if (daysLeft < 0) return `${label} ${plural(-daysLeft, "day")} ago`;
  if (daysLeft === 0) return `${label} (last day of execution)`;
  return phase === "execution"
    ? `${label} (${plural(daysLeft, "day")} left)`
    : `${label} (${plural(daysLeft, "day")} to the end of execution)`;
}
