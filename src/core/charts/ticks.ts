/**
 * Axis ticks for the trend charts: whole-number value ticks at 1, 2 or 5 × 10ⁿ, and date ticks (every day, week,
 * fortnight, month, …) that are as dense as the width allows without two labels touching. UK dates ("7 Dec"). Pure.
 */
import { IsoDate, dayNumber } from "../calendar";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MS_PER_DAY = 86_400_000;

/** Year, month (1–12) and day of a day number (days since 1970-01-01). */
export function civilOf(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The day number of a year, month (1–12) and day. */
export function dayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** The ISO date of a day number. */
export function isoOf(day: number): IsoDate {
  const c = civilOf(day);
  return `${String(c.year).padStart(4, "0")}-${String(c.month).padStart(2, "0")}-${String(c.day).padStart(2, "0")}`;
}

/** "7 Dec", or "7 Dec 2025" with the year: a UK date, as the programme writes them. Anything not a date as it is. */
export function ukDateLabel(date: IsoDate, withYear = false): string {
  const day = dayNumber(date);
  if (Number.isNaN(day)) return date;
  const c = civilOf(day);
  return `${c.day} ${MONTHS[c.month - 1]}${withYear ? ` ${c.year}` : ""}`;
}

/** A count as the UK writes it: 1,234. Non-integers keep up to one decimal place. */
export function formatCount(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  const [whole, fraction] = Math.abs(rounded)
    .toFixed(Number.isInteger(rounded) ? 0 : 1)
    .split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${rounded < 0 ? "−" : ""}${grouped}${fraction ? `.${fraction}` : ""}`;
}

/**
 * Ticks from at or below `min` to at or above `max`, evenly spaced at a "nice" step (1, 2 or 5 × 10ⁿ) and no more
 * than `maxTicks` + 1 of them. With `integer` (the default: the charts count test points and defects) the step is
 * at least 1, so no two ticks carry the same whole-number label. An empty or flat range still gets two ticks.
 */
export function niceTicks(min: number, max: number, maxTicks = 5, integer = true): number[] {
  let lo = Number.isFinite(min) ? min : 0;
  let hi = Number.isFinite(max) ? max : lo + 1;
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) hi = lo + 1;
  const wanted = Math.max(1, Math.floor(maxTicks));
  let step = niceStep((hi - lo) / wanted, integer);
  for (;;) {
    const first = Math.floor(lo / step + 1e-9);
    const last = Math.ceil(hi / step - 1e-9);
    if (last - first <= wanted || step > hi - lo) {
      const decimals = integer ? 0 : Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
      const out: number[] = [];
      for (let i = first; i <= last; i++) out.push(Number((i * step).toFixed(decimals)));
      return out;
    }
    step = niceStep(step * 1.01, integer);
  }
}

/** The smallest 1, 2 or 5 × 10ⁿ at or above `raw` (at least 1 when `integer`). */
function niceStep(raw: number, integer: boolean): number {
  if (!(raw > 0)) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  const step = nice * power;
  return integer ? Math.max(1, Math.round(step)) : step;
}

export interface DateTick {
  /** Day number (days since 1970-01-01). */
  day: number;
  date: IsoDate;
  label: string;
}

export interface DateTickOptions {
  /** Maps a day number to its x position. */
  x: (day: number) => number;
  /** Leftmost and rightmost x a label may reach. */
  left: number;
  right: number;
  /** Font size of the labels, in px (their width is estimated from it). */
  fontSize?: number;
  /** Space to keep between two labels, in px. */
  gap?: number;
}

/** An estimate of a label's width: the charts' sans-serif digits and lower case average about 0.6 em. */
export function labelWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.6;
}

type Candidate = (from: number, to: number) => number[];

const everyDays =
  (step: number, mondays: boolean): Candidate =>
  (from, to) => {
    // 1970-01-01 (day 0) was a Thursday: Mondays are the days ≡ 4 (mod 7).
    let start = from;
    if (mondays) start = from + ((((4 - from) % 7) + 7) % 7);
    const out: number[] = [];
    for (let d = start; d <= to; d += step) out.push(d);
    return out;
  };

const everyMonths =
  (months: number): Candidate =>
  (from, to) => {
    // The first of a month at or after `from`, on a multiple of `months` counted from January.
    const c = civilOf(from);
    let year = c.year;
    let month = c.day === 1 ? c.month : c.month + 1;
    const out: number[] = [];
    for (;;) {
      if (month > 12) {
        year += 1;
        month -= 12;
      } else if ((month - 1) % months !== 0) {
        month += 1;
      } else {
        const day = dayOf(year, month, 1);
        if (day > to) return out;
        out.push(day);
        month += months;
      }
    }
  };

/** Finest first: the first whose labels all fit is used. (Built on use: importing formatCount costs nothing.) */
const candidates = (): Candidate[] => [
  everyDays(1, false),
  everyDays(2, false),
  everyDays(7, true),
  everyDays(14, true),
  everyMonths(1),
  everyMonths(2),
  everyMonths(3),
  everyMonths(6),
  everyMonths(12),
];

/**
 * Date ticks over the days `from`..`to` (day numbers): the densest of every day, every other day, each Monday,
 * every other Monday, the first of each month, of every second, third or sixth month, or of each year, whose labels
 * fit between `left` and `right` without touching. A label shows the year where it differs from the previous
 * label's (never on the first: the chart's title and table say the range). If even yearly labels do not fit, the
 * first and last day are labelled alone (or only the first).
 */
export function dateTicks(from: number, to: number, options: DateTickOptions): DateTick[] {
  const fontSize = options.fontSize ?? 11;
  const gap = options.gap ?? 8;
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return [];
  for (const candidate of candidates()) {
    const days = candidate(from, to);
    if (days.length === 0) continue;
    const ticks = labelled(days);
    if (fits(ticks, options, fontSize, gap)) return ticks;
  }
  const ends = labelled(from === to ? [from] : [from, to]);
  return fits(ends, options, fontSize, gap) ? ends : ends.slice(0, 1);
}

function labelled(days: number[]): DateTick[] {
  let year: number | undefined;
  return days.map((day) => {
    const date = isoOf(day);
    const y = civilOf(day).year;
    const label = ukDateLabel(date, year !== undefined && y !== year);
    year = y;
    return { day, date, label };
  });
}

/**
 * Whether every label fits: centred on its tick, or pushed inwards at either edge, and each at least `gap` clear of
 * the one before.
 */
function fits(ticks: DateTick[], options: DateTickOptions, fontSize: number, gap: number): boolean {
  let previousRight = -Infinity;
  for (const tick of ticks) {
    const [start, end] = labelSpan(tick, options, fontSize);
    if (start < previousRight + gap) return false;
    previousRight = end;
  }
  return true;
}

/** Where a tick's label is drawn: centred, unless that would cross `left` or `right`. */
export function labelSpan(
  tick: DateTick,
  options: DateTickOptions,
  fontSize = options.fontSize ?? 11,
): [number, number] {
  const width = labelWidth(tick.label, fontSize);
  const x = options.x(tick.day);
  let start = x - width / 2;
  if (start < options.left) start = options.left;
  if (start + width > options.right) start = options.right - width;
  return [start, start + width];
}
