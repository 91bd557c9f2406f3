/**
 * Days as Analytics counts them: calendar days in the organisation's time zone. The sandbox's organisation is in
 * the UK (Europe/London), so a day starts at midnight GMT in winter and at midnight BST (23:00 UTC the day before)
 * in summer. Analytics writes `Edm.DateTimeOffset` values with that offset (`2026-06-01T00:00:00+01:00`) and keys
 * days as `DateSK` integers (`20260601`).
 *
 * Day numbers are days since 1970-01-01 of the UK calendar (the numbering of src/core/calendar.ts's dayNumber).
 * The UK rule is computed rather than asked of Intl, because a query converts tens of thousands of timestamps:
 * British Summer Time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
 */

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const summerByYear = new Map<number, [number, number]>();

function lastSundayAt1Utc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0);
  const weekday = new Date(lastDay).getUTCDay();
  return lastDay - weekday * DAY_MS + HOUR_MS;
}

function summerOf(year: number): [number, number] {
  let span = summerByYear.get(year);
  if (!span) {
    span = [lastSundayAt1Utc(year, 2), lastSundayAt1Utc(year, 9)];
    summerByYear.set(year, span);
  }
  return span;
}

/** The year last asked about, so that most calls need no Date object. */
let year = { from: 0, to: -1, start: 0, end: 0 };

/** The UK's offset from UTC at an instant, in ms: 0 (GMT) or one hour (BST). */
export function ukOffsetMs(ms: number): number {
  if (ms < year.from || ms >= year.to) {
    const y = new Date(ms).getUTCFullYear();
    const [start, end] = summerOf(y);
    year = { from: Date.UTC(y, 0, 1), to: Date.UTC(y + 1, 0, 1), start, end };
  }
  return ms >= year.start && ms < year.end ? HOUR_MS : 0;
}

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3})\d*)?Z$/;

/**
 * Epoch ms of an ISO timestamp; NaN when it is not one. The UTC form the sandbox writes (`…T09:30:05.000Z`) is read
 * by hand; anything else goes to Date.parse.
 */
export function parseInstant(text: string): number {
  let ms = instants.get(text);
  if (ms === undefined) {
    const m = ISO_UTC.exec(text);
    const millis = m?.[7] === undefined ? 0 : Number(m[7].padEnd(3, "0"));
    ms = m
      ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), millis)
      : Date.parse(text);
    if (instants.size >= MAX_CACHED_INSTANTS) instants.clear();
    instants.set(text, ms);
  }
  return ms;
}

/** The state's timestamps are read again by every query: parsed once (a string's hash is kept with it). */
const instants = new Map<string, number>();
const MAX_CACHED_INSTANTS = 500_000;

/** The UK calendar day (day number) an instant falls on. */
export function ukDayOf(ms: number): number {
  return Math.floor((ms + ukOffsetMs(ms)) / DAY_MS);
}

/** The UK day of an ISO timestamp; undefined when it is not one. */
export function ukDayOfIso(iso: unknown): number | undefined {
  if (typeof iso !== "string" || iso === "") return undefined;
  const ms = parseInstant(iso);
  return Number.isNaN(ms) ? undefined : ukDayOf(ms);
}

/** The instant a UK day starts (its midnight, local time). */
export function ukMidnight(day: number): number {
  const utcMidnight = day * DAY_MS;
  // Midnight BST is 23:00 UTC the day before; the offset in force an hour before UTC midnight tells which it is.
  return utcMidnight - ukOffsetMs(utcMidnight - HOUR_MS);
}

const skCache = new Map<number, number>();

/** `20260601` for the day 2026-06-01. */
export function dateSkOf(day: number): number {
  let sk = skCache.get(day);
  if (sk === undefined) {
    const d = new Date(day * DAY_MS);
    sk = d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
    skCache.set(day, sk);
  }
  return sk;
}

/** `2026-06-01` for a day number. */
export function isoDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const two = (n: number) => String(n).padStart(2, "0");

/**
 * An instant as Analytics writes an `Edm.DateTimeOffset`: the UK local time with its offset, `Z` when it is zero,
 * fractional seconds only when there are some (`2026-06-01T09:30:05.25+01:00`).
 */
export function formatUkInstant(ms: number): string {
  const offset = ukOffsetMs(ms);
  const local = new Date(ms + offset).toISOString(); // YYYY-MM-DDTHH:MM:SS.fffZ, in local time
  const millis = local.slice(20, 23).replace(/0+$/, "");
  const zone = offset === 0 ? "Z" : `+${two(offset / HOUR_MS)}:00`;
  return `${local.slice(0, 19)}${millis ? `.${millis}` : ""}${zone}`;
}

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** The `Period` flags enum (entity-reference-general.md): which periods a day is the last day of. */
export const PERIOD_MEMBERS: Readonly<Record<string, number>> = {
  None: 0,
  Day: 1,
  WeekEndingOnSunday: 2,
  WeekEndingOnMonday: 4,
  WeekEndingOnTuesday: 8,
  WeekEndingOnWednesday: 16,
  WeekEndingOnThursday: 32,
  WeekEndingOnFriday: 64,
  WeekEndingOnSaturday: 128,
  Month: 256,
  Quarter: 512,
  Year: 1024,
  All: 2047,
};

/**
 * The periods a day closes. The sandbox's choice for the latest day (today): it closes every period, so a weekly or
 * monthly trend filtered on `IsLastDayOfPeriod` still ends with today's values.
 */
export function lastDayOfPeriodFlags(day: number, today: number): number {
  if (day >= today) return PERIOD_MEMBERS.All;
  const d = new Date(day * DAY_MS);
  let flags = PERIOD_MEMBERS.Day | (PERIOD_MEMBERS.WeekEndingOnSunday << d.getUTCDay());
  const next = new Date((day + 1) * DAY_MS);
  if (next.getUTCDate() === 1) {
    flags |= PERIOD_MEMBERS.Month;
    if (next.getUTCMonth() % 3 === 0) flags |= PERIOD_MEMBERS.Quarter;
    if (next.getUTCMonth() === 0) flags |= PERIOD_MEMBERS.Year;
  }
  return flags;
}

/** A flags value as OData writes an enum with flags: member names joined by ", " (`Day, Month`). */
export function formatPeriod(flags: number): string {
  if (flags === PERIOD_MEMBERS.All) return "All";
  if (flags === 0) return "None";
  return Object.entries(PERIOD_MEMBERS)
    .filter(([name, value]) => name !== "None" && name !== "All" && (flags & value) === value)
    .map(([name]) => name)
    .join(", ");
}

/** The CalendarDate properties of a day (entity-reference-general.md), as the `Date` navigation serves them. */
export function calendarValue(day: number, property: string): string | number | undefined {
  const d = new Date(day * DAY_MS);
  const month = d.getUTCMonth();
  switch (property) {
    case "DayName":
      return DAY_NAMES[d.getUTCDay()];
    case "DayShortName":
      return DAY_NAMES[d.getUTCDay()].slice(0, 3);
    case "DayOfMonth":
      return d.getUTCDate();
    case "DayOfYear":
      return day - Date.UTC(d.getUTCFullYear(), 0, 1) / DAY_MS + 1;
    case "MonthName":
      return MONTH_NAMES[month];
    case "MonthShortName":
      return MONTH_NAMES[month].slice(0, 3);
    case "MonthOfYear":
      return month + 1;
    case "Month":
      return `${MONTH_NAMES[month].slice(0, 3)} ${d.getUTCFullYear()}`;
    case "Year":
      return d.getUTCFullYear();
    case "YearMonth":
      return d.getUTCFullYear() * 100 + month + 1;
    default:
      return undefined;
  }
}
