/**
 * The shape of an Analytics entity set as the sandbox serves it: typed properties, navigation properties (one level:
 * `TestSuite/TestPlanId`, `Area/AreaPath`, `Date/DayName`) and its rows.
 *
 * A snapshot entity set has one row per entity per day. The sandbox never builds those rows: an entity's history is
 * a list of segments, each a run of days [from, to] over which every property but the day's own is constant (a
 * work item between two revisions, a test point between two results). Filters and aggregations are evaluated per
 * segment, as sets of days, so a query over every point of the programme for two years costs per segment, not per
 * day.
 */
import {
  PERIOD_MEMBERS,
  calendarValue,
  dateSkOf,
  formatPeriod,
  formatUkInstant,
  lastDayOfPeriodFlags,
  ukMidnight,
} from "./calendar";

export const MODEL_NAMESPACE = "Microsoft.VisualStudio.Services.Analytics.Model";

/**
 * A value as the evaluator holds it: `Edm.DateTimeOffset` as epoch ms, an enum as its member name (a flags enum as
 * its number), everything else as JSON has it.
 */
export type Value = string | number | boolean | null;

export type EdmKind = "Int32" | "Int64" | "Double" | "String" | "Boolean" | "DateTimeOffset" | "Guid" | "Enum";

export interface EdmType {
  kind: EdmKind;
  /** `Edm.Int32`, or the enum's qualified name. */
  name: string;
  /** Enum members and their values. */
  members?: Readonly<Record<string, number>>;
  flags?: boolean;
}

const edm = (kind: Exclude<EdmKind, "Enum">): EdmType => ({ kind, name: `Edm.${kind}` });
export const INT32 = edm("Int32");
export const INT64 = edm("Int64");
export const DOUBLE = edm("Double");
export const STRING = edm("String");
export const BOOLEAN = edm("Boolean");
export const DATE_TIME_OFFSET = edm("DateTimeOffset");
export const GUID = edm("Guid");

export function enumType(name: string, members: Readonly<Record<string, number>>, flags = false): EdmType {
  return { kind: "Enum", name: `${MODEL_NAMESPACE}.${name}`, members, flags };
}

export const PERIOD = enumType("Period", PERIOD_MEMBERS, true);

/** One property of an entity type (or of the entity a navigation property leads to). */
export interface PropertyDef {
  name: string;
  type: EdmType;
  nullable: boolean;
  /**
   * The value depends on the row's day only (DateSK, DateValue, the `Date` navigation, IsLastDayOfPeriod): `get`
   * ignores the row. Every other property is constant over a segment: `get` ignores the day.
   */
  byDay?: boolean;
  /** A by-day value that never decreases as days pass: comparisons with it are ranges of days. */
  monotone?: boolean;
  get(row: unknown, day: number): Value;
}

export interface NavigationDef {
  name: string;
  /** The entity type it leads to, unqualified (`TestSuite`, `Area`, `CalendarDate`). */
  typeName: string;
  properties: Map<string, PropertyDef>;
}

export interface Segment {
  /** First and last day (UK day numbers) of the run, inclusive. */
  from: number;
  to: number;
  row: unknown;
}

export interface EntityModel {
  entitySet: string;
  /** The entity type, unqualified (`WorkItemSnapshot`). */
  typeName: string;
  keys: readonly string[];
  properties: Map<string, PropertyDef>;
  navigations: Map<string, NavigationDef>;
  /** Snapshot entity sets may only be aggregated. */
  snapshot: boolean;
  /** The last day of every history. */
  today: number;
  /** The rows, as segments; computed from the live state when called. */
  segments(): Segment[];
}

export const qualified = (typeName: string) => `${MODEL_NAMESPACE}.${typeName}`;

export function byName(defs: readonly PropertyDef[]): Map<string, PropertyDef> {
  return new Map(defs.map((d) => [d.name, d]));
}

/** A property read from the row (constant over a segment). */
export function prop<R>(name: string, type: EdmType, get: (row: R) => Value, nullable = true): PropertyDef {
  return { name, type, nullable, get: (row) => get(row as R) };
}

/** The value as it is written on the wire: offsets on date-times, flags as member names. */
export function wireValue(type: EdmType, value: Value): Value {
  if (value === null) return null;
  if (type.kind === "DateTimeOffset" && typeof value === "number") return formatUkInstant(value);
  if (type.kind === "Enum" && type.flags && typeof value === "number") return formatPeriod(value);
  return value;
}

/**
 * The day's own properties, shared by the snapshot entity sets: `DateSK`, `IsLastDayOfPeriod` and the `Date`
 * navigation to CalendarDate (entity-reference-general.md), plus `DateValue` where the entity has it.
 */
export function dayProperties(
  today: number,
  withDateValue: boolean,
): { properties: PropertyDef[]; date: NavigationDef } {
  const dateSk: PropertyDef = {
    name: "DateSK",
    type: INT32,
    nullable: false,
    byDay: true,
    monotone: true,
    get: (_row, day) => dateSkOf(day),
  };
  const midnight = (name: string): PropertyDef => ({
    name,
    type: DATE_TIME_OFFSET,
    nullable: false,
    byDay: true,
    monotone: true,
    get: (_row, day) => ukMidnight(day),
  });
  const lastDay: PropertyDef = {
    name: "IsLastDayOfPeriod",
    type: PERIOD,
    nullable: false,
    byDay: true,
    get: (_row, day) => lastDayOfPeriodFlags(day, today),
  };
  const calendar = (name: string, type: EdmType, monotone = false): PropertyDef => ({
    name,
    type,
    nullable: false,
    byDay: true,
    monotone,
    get: (_row, day) => calendarValue(day, name) ?? null,
  });
  const date: NavigationDef = {
    name: "Date",
    typeName: "CalendarDate",
    properties: byName([
      dateSk,
      midnight("Date"),
      calendar("DayName", STRING),
      calendar("DayShortName", STRING),
      calendar("DayOfMonth", INT32),
      calendar("DayOfYear", INT32),
      calendar("MonthName", STRING),
      calendar("MonthShortName", STRING),
      calendar("MonthOfYear", INT32),
      calendar("Month", STRING),
      calendar("Year", INT32, true),
      calendar("YearMonth", INT32, true),
      lastDay,
    ]),
  };
  return { properties: [dateSk, ...(withDateValue ? [midnight("DateValue")] : []), lastDay], date };
}

/** `Level1`…`Level14` of a backslash path (areas, iterations) or of a suite's ancestry. */
export const LEVELS = 14;
