/**
 * Runs a parsed `$apply` over an entity model's segments (model.ts): a filter becomes, per segment, the set of
 * its days on which the row passes (sorted disjoint [from, to] ranges); an aggregation adds those sets up, per
 * group, with one difference array per group over the days when the grouping is by day.
 *
 * OData semantics kept: string comparisons and functions are case-insensitive (Analytics' own rule,
 * odata-query-guidelines.md "DON'T use tolower and toupper…"); a comparison with null is true only for `eq null`
 * / `ne null` as the case may be; a null in a function or an ordering comparison is false.
 */
import { Expr, ApplyPlan, CompareOp, GroupKey } from "./parser";
import { EntityModel, PropertyDef, Segment, Value } from "./model";

/** Sorted, disjoint, inclusive day ranges. */
export type DaySet = [number, number][];

function intersect(a: DaySet, b: DaySet): DaySet {
  const out: DaySet = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i][0], b[j][0]);
    const hi = Math.min(a[i][1], b[j][1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

function union(a: DaySet, b: DaySet): DaySet {
  const all = [...a, ...b].sort((x, y) => x[0] - y[0]);
  const out: DaySet = [];
  for (const [lo, hi] of all) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function complement(a: DaySet, lo: number, hi: number): DaySet {
  const out: DaySet = [];
  let at = lo;
  for (const [from, to] of a) {
    if (from > at) out.push([at, from - 1]);
    at = Math.max(at, to + 1);
  }
  if (at <= hi) out.push([at, hi]);
  return out;
}

const daysIn = (set: DaySet) => set.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);

const lower = (v: string | number | boolean) => (typeof v === "string" ? v.toLowerCase() : v);

export function compareValues(op: CompareOp, a: Value, b: Value): boolean {
  if (a === null || b === null) {
    if (op === "eq") return a === b;
    if (op === "ne") return a !== b;
    return false;
  }
  const x = lower(a);
  const y = lower(b);
  switch (op) {
    case "eq":
      return x === y;
    case "ne":
      return x !== y;
    case "gt":
      return x > y;
    case "ge":
      return x >= y;
    case "lt":
      return x < y;
    case "le":
      return x <= y;
  }
}

/** The value of an expression for a row on a day. */
export function valueOf(expr: Expr, row: unknown, day: number): Value {
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "property":
      return expr.def.get(row, day);
    case "and":
      return valueOf(expr.left, row, day) === true && valueOf(expr.right, row, day) === true;
    case "or":
      return valueOf(expr.left, row, day) === true || valueOf(expr.right, row, day) === true;
    case "not":
      return valueOf(expr.operand, row, day) !== true;
    case "compare":
      return compareValues(expr.op, valueOf(expr.left, row, day), valueOf(expr.right, row, day));
    case "in": {
      const v = valueOf(expr.operand, row, day);
      return expr.values.some((candidate) => compareValues("eq", v, candidate));
    }
    case "has": {
      const v = valueOf(expr.operand, row, day);
      return typeof v === "number" && (v & expr.flags) === expr.flags;
    }
    case "call": {
      const args = expr.args.map((a) => valueOf(a, row, day));
      if (expr.name === "tolower") return typeof args[0] === "string" ? args[0].toLowerCase() : null;
      if (expr.name === "toupper") return typeof args[0] === "string" ? args[0].toUpperCase() : null;
      const [s, t] = args;
      if (typeof s !== "string" || typeof t !== "string") return false;
      const [a, b] = [s.toLowerCase(), t.toLowerCase()];
      if (expr.name === "startswith") return a.startsWith(b);
      if (expr.name === "endswith") return a.endsWith(b);
      return a.includes(b);
    }
  }
}

const FLIP: Record<CompareOp, CompareOp> = { eq: "eq", ne: "ne", gt: "lt", ge: "le", lt: "gt", le: "ge" };

/** Days searched for where a by-day value crosses a constant: about 270 years either side of 1970. */
const SEARCH_FROM = -100_000;
const SEARCH_TO = 100_000;

/** The first day on which a non-decreasing day value passes `test` (SEARCH_TO + 1: none does). */
function firstDay(def: PropertyDef, test: (v: number) => boolean): number {
  let a = SEARCH_FROM;
  let b = SEARCH_TO + 1;
  while (a < b) {
    const mid = Math.floor((a + b) / 2);
    if (test(def.get(undefined, mid) as number)) b = mid;
    else a = mid + 1;
  }
  return a;
}

/** Per property (a model lives for one request) and constant: the first day ≥ and the first day > it. */
const thresholds = new WeakMap<PropertyDef, Map<number, [number, number]>>();

function thresholdsOf(def: PropertyDef, c: number): [number, number] {
  let byConstant = thresholds.get(def);
  if (!byConstant) {
    byConstant = new Map();
    thresholds.set(def, byConstant);
  }
  let found = byConstant.get(c);
  if (!found) {
    found = [firstDay(def, (v) => v >= c), firstDay(def, (v) => v > c)];
    byConstant.set(c, found);
  }
  return found;
}

/** The days of [lo, hi] on which `day value op constant` holds, for a value that never decreases. */
function monotoneRange(def: PropertyDef, op: CompareOp, c: Value, lo: number, hi: number): DaySet {
  if (c === null) return op === "ne" ? [[lo, hi]] : [];
  if (typeof c !== "number") return [];
  const [firstGe, firstGt] = thresholdsOf(def, c);
  const ge = firstGe < lo ? lo : firstGe > hi ? hi + 1 : firstGe;
  const gt = firstGt < lo ? lo : firstGt > hi ? hi + 1 : firstGt;
  const range = (from: number, to: number): DaySet => (from <= to ? [[from, to]] : []);
  switch (op) {
    case "ge":
      return range(ge, hi);
    case "gt":
      return range(gt, hi);
    case "lt":
      return range(lo, ge - 1);
    case "le":
      return range(lo, gt - 1);
    case "eq":
      return range(ge, gt - 1);
    case "ne":
      return complement(range(ge, gt - 1), lo, hi);
  }
}

/** The days of [lo, hi] on which a boolean expression holds for a segment's row. */
export function daysWhere(expr: Expr, row: unknown, lo: number, hi: number): DaySet {
  if (!expr.byDay) return valueOf(expr, row, lo) === true ? [[lo, hi]] : [];
  switch (expr.kind) {
    case "and": {
      const left = daysWhere(expr.left, row, lo, hi);
      return left.length === 0 ? left : intersect(left, daysWhere(expr.right, row, lo, hi));
    }
    case "or":
      return union(daysWhere(expr.left, row, lo, hi), daysWhere(expr.right, row, lo, hi));
    case "not":
      return complement(daysWhere(expr.operand, row, lo, hi), lo, hi);
    case "compare": {
      const { left, right } = expr;
      if (left.kind === "property" && left.def.monotone && !right.byDay)
        return monotoneRange(left.def, expr.op, valueOf(right, row, lo), lo, hi);
      if (right.kind === "property" && right.def.monotone && !left.byDay)
        return monotoneRange(right.def, FLIP[expr.op], valueOf(left, row, lo), lo, hi);
      break;
    }
    case "in": {
      const { operand } = expr;
      if (operand.kind === "property" && operand.def.monotone)
        return expr.values.reduce<DaySet>((set, v) => union(set, monotoneRange(operand.def, "eq", v, lo, hi)), []);
      break;
    }
    default:
      break;
  }
  // Anything else that reads the day (Date/DayName eq 'Friday', IsLastDayOfPeriod has …): day by day.
  const out: DaySet = [];
  for (let day = lo; day <= hi; day++) {
    if (valueOf(expr, row, day) !== true) continue;
    const last = out[out.length - 1];
    if (last && last[1] === day - 1) last[1] = day;
    else out.push([day, day]);
  }
  return out;
}

/** One aggregated row: the group's key values (in grouping order, evaluator form) and its aggregates. */
export interface ResultRow {
  keys: Value[];
  aggregates: number[];
}

interface Group {
  keys: Value[];
  count: number;
  sums: number[];
  /** Per-day difference arrays (grouping by day): index 0 = count, then one per sum. */
  diffs?: Int32Array[];
}

/** Runs the filters and the aggregation over the model's rows. */
export function aggregate(model: EntityModel, plan: ApplyPlan): ResultRow[] {
  const aggregation = plan.aggregation;
  if (!aggregation) throw new Error("aggregate() needs an aggregation");
  const keys: GroupKey[] = aggregation.groupBy;
  const byDay = keys.some((k) => k.def.byDay);
  const segments: Segment[] = model.segments();
  const first = segments.reduce((min, s) => Math.min(min, s.from), model.today);
  const span = model.today - first + 2;
  const groups = new Map<string, Group>();
  const sumItems = aggregation.aggregates;

  for (const segment of segments) {
    const { row, from, to } = segment;
    let days: DaySet = [[from, to]];
    for (const filter of plan.filters) {
      days = intersect(days, daysWhere(filter, row, from, to));
      if (days.length === 0) break;
    }
    if (days.length === 0) continue;
    const values = keys.map((k) => (k.def.byDay ? null : k.def.get(row, from)));
    const id = JSON.stringify(values);
    let group = groups.get(id);
    if (!group) {
      group = { keys: values, count: 0, sums: sumItems.map(() => 0) };
      if (byDay) group.diffs = [new Int32Array(span), ...sumItems.map(() => new Int32Array(span))];
      groups.set(id, group);
    }
    const add = (set: DaySet, slot: number) => {
      if (group.diffs) {
        const diff = group.diffs[slot];
        for (const [lo, hi] of set) {
          diff[lo - first]++;
          diff[hi + 1 - first]--;
        }
      } else if (slot === 0) group.count += daysIn(set);
      else group.sums[slot - 1] += daysIn(set);
    };
    add(days, 0);
    sumItems.forEach((item, i) => {
      if (item.kind === "sum") add(intersect(days, daysWhere(item.expr, row, from, to)), i + 1);
    });
  }

  const rows: ResultRow[] = [];
  const aggregatesOf = (count: number, sums: number[]) =>
    sumItems.map((item, i) => (item.kind === "count" ? count : sums[i]));
  if (keys.length === 0) {
    const group = groups.values().next().value as Group | undefined;
    rows.push({ keys: [], aggregates: aggregatesOf(group?.count ?? 0, group?.sums ?? sumItems.map(() => 0)) });
    return rows;
  }
  for (const group of groups.values()) {
    if (!group.diffs) {
      rows.push({ keys: group.keys, aggregates: aggregatesOf(group.count, group.sums) });
      continue;
    }
    const running = group.diffs.map(() => 0);
    for (let offset = 0; offset < span - 1; offset++) {
      for (let k = 0; k < running.length; k++) running[k] += group.diffs[k][offset];
      if (running[0] <= 0) continue;
      const day = first + offset;
      const values = keys.map((k, i) => (k.def.byDay ? k.def.get(undefined, day) : group.keys[i]));
      rows.push({ keys: values, aggregates: aggregatesOf(running[0], running.slice(1)) });
    }
  }
  rows.sort((a, b) => compareKeys(a.keys, b.keys));
  return rows;
}

/** Null first, then by value (strings case-insensitively, ties by exact text). */
export function compareOne(x: Value, y: Value): number {
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  if (typeof x === "string" && typeof y === "string") {
    const a = x.toLowerCase();
    const b = y.toLowerCase();
    if (a !== b) return a < b ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareKeys(a: Value[], b: Value[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareOne(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}
