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

const londonDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The UK calendar date at an instant: windows open and close on UK dates, whatever the viewer's zone. */
export function ukDate(now: Date): IsoDate {
  return londonDate.format(now);
}

export function ukDayNumber(now: Date): number {
  return dayNumber(ukDate(now));
}
