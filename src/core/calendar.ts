/** A calendar date `YYYY-MM-DD`, as the programme's plans state them (UK dates, no time of day). */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a valid ISO date; NaN for anything else (including 2025-02-30). */
export function dayNumber(date: IsoDate): number {
  const match = ISO_DATE.exec(date);
  if (!match) return Number.NaN;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return Number.NaN;
  return ms / 86_400_000;
}

export function isIsoDate(value: string): boolean {
  return !Number.isNaN(dayNumber(value));
}

// Read by parts, not by a locale's pattern: "en-CA" formats YYYY-MM-DD only where the runtime's locale data says so
// (a runtime without it falls back to another pattern), and a locale's pattern may change between ICU versions.
const londonParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  numberingSystem: "latn",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The UK calendar date at an instant: windows open and close on UK dates, whatever the viewer's zone. */
export function ukDate(now: Date): IsoDate {
  const parts = londonParts.formatToParts(now);
  const part = (type: "year" | "month" | "day") => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year").padStart(4, "0")}-${part("month").padStart(2, "0")}-${part("day").padStart(2, "0")}`;
}

export function ukDayNumber(now: Date): number {
  return dayNumber(ukDate(now));
}
