import { FieldDef, WorkItem } from "../state";
import { Condition, FieldName, Literal, Operand, WiqlQuery } from "./ast";
import { candidates } from "./candidates";
import { invalidOperator, timeWithDayPrecision, unknownAreaPath, unknownField } from "./errors";
import { FieldCatalog } from "./fields";
import { parseWiql } from "./parser";
import {
  date,
  day,
  FieldKind,
  getter,
  identityForms,
  kindOf,
  literalValue,
  MacroContext,
  number,
  tags,
  text,
} from "./values";

export interface WiqlContext extends MacroContext {
  catalog: FieldCatalog;
  /** Compare dates to the millisecond instead of by day (the `timePrecision` query parameter). */
  timePrecision?: boolean;
  /** Every area path in the organisation, lower-cased: a query naming another fails with TF51011. */
  areaPaths?: ReadonlySet<string>;
}

export interface WiqlResult {
  columns: FieldDef[];
  sortColumns: { field: FieldDef; descending: boolean }[];
  /** The matching items, sorted by ORDER BY (then by id). */
  workItems: WorkItem[];
}

type Predicate = (item: WorkItem) => boolean;
type Value = string | number;

/** Parses, checks and runs a flat query over the items. Throws WiqlError for anything the service would refuse. */
export function runWiql(text: string, items: Iterable<WorkItem>, context: WiqlContext): WiqlResult {
  const query = parseWiql(text);
  const compiled = compileWiql(query, context);
  // The index only narrows which items are tested (a superset of the matches, in the items' order): see
  // candidates.ts. Everything it proposes still goes through the full predicate.
  const { items: all, positions } = candidates(items, query.where, context);
  const matches: WorkItem[] = [];
  const predicate = compiled.predicate;
  if (positions) {
    for (let i = 0; i < positions.length; i++) {
      const item = all[positions[i]];
      if (predicate(item)) matches.push(item);
    }
  } else {
    for (const item of all) if (predicate(item)) matches.push(item);
  }
  matches.sort(compiled.compare);
  return { columns: compiled.columns, sortColumns: compiled.sortColumns, workItems: matches };
}

/** runWiql without the index: every item is tested. The reference the indexed evaluation must agree with. */
export function scanWiql(text: string, items: Iterable<WorkItem>, context: WiqlContext): WiqlResult {
  const compiled = compileWiql(parseWiql(text), context);
  const matches: WorkItem[] = [];
  for (const item of items) if (compiled.predicate(item)) matches.push(item);
  matches.sort(compiled.compare);
  return { columns: compiled.columns, sortColumns: compiled.sortColumns, workItems: matches };
}

export interface CompiledQuery {
  columns: FieldDef[];
  sortColumns: { field: FieldDef; descending: boolean }[];
  predicate: Predicate;
  compare: (a: WorkItem, b: WorkItem) => number;
}

/** Resolves every field (TF51005 when one does not exist) and turns the WHERE clause into a predicate. */
export function compileWiql(query: WiqlQuery, context: WiqlContext): CompiledQuery {
  const resolve = (name: FieldName): FieldDef => {
    const field = context.catalog.find(name.name);
    if (!field) throw unknownField(name.raw);
    return field;
  };
  const columns = query.select.map(resolve);
  const sortColumns = query.orderBy.map((s) => ({ field: resolve(s.field), descending: s.descending }));
  const predicate = query.where ? new ConditionCompiler(context, resolve).compile(query.where) : () => true;
  return { columns, sortColumns, predicate, compare: comparator(sortColumns) };
}

class ConditionCompiler {
  constructor(
    private readonly context: WiqlContext,
    private readonly resolve: (name: FieldName) => FieldDef,
  ) {}

  compile(condition: Condition): Predicate {
    switch (condition.kind) {
      case "and": {
        const parts = condition.items.map((c) => this.compile(c));
        return (item) => parts.every((p) => p(item));
      }
      case "or": {
        const parts = condition.items.map((c) => this.compile(c));
        return (item) => parts.some((p) => p(item));
      }
      case "compare":
        return this.comparison(condition.field, condition.operator, condition.operand);
      case "in": {
        const field = this.resolve(condition.field);
        const clause = `${condition.field.raw} ${condition.negated ? "NOT IN" : "IN"} (${condition.values.map((v) => v.raw).join(", ")})`;
        const tests = condition.values.map((v) => this.equality(field, v, clause));
        const any: Predicate = (item) => tests.some((t) => t(item));
        return condition.negated ? (item) => !any(item) : any;
      }
      case "under": {
        const under = this.under(condition.field, condition.value);
        return condition.negated ? (item) => !under(item) : under;
      }
      case "contains": {
        const contains = this.contains(condition.field, condition.value, condition.words);
        return condition.negated ? (item) => !contains(item) : contains;
      }
    }
  }

  private comparison(name: FieldName, operator: string, operand: Operand): Predicate {
    const field = this.resolve(name);
    const clause = `${name.raw} ${operator} ${operand.kind === "field" ? operand.field.raw : operand.raw}`;
    if (operator === "=" || operator === "<>") {
      const equal = this.equality(field, operand, clause);
      return operator === "=" ? equal : (item) => !equal(item);
    }
    const kind = kindOf(field);
    if (kind === "tags") throw invalidOperator(operator, name.raw);
    const left = this.sortKey(field);
    const right = this.operandKey(field, operand, clause);
    const holds = ORDERINGS[operator];
    return (item) => {
      const a = left(item);
      const b = right(item);
      return a !== undefined && b !== undefined && holds(a < b ? -1 : a > b ? 1 : 0);
    };
  }

  /** `field = operand`, an empty field being equal to ''. */
  private equality(field: FieldDef, operand: Operand, clause: string): Predicate {
    const kind = kindOf(field);
    if (operand.kind !== "field" && kind === "identity") {
      const wanted = this.literal(field, operand, clause);
      const read = getter(field);
      return wanted === ""
        ? (item) => identityForms(read(item)).length === 0
        : (item) => identityForms(read(item)).includes(String(wanted));
    }
    const left = this.sortKey(field);
    const right = this.operandKey(field, operand, clause);
    return (item) => (left(item) ?? "") === (right(item) ?? "");
  }

  private under(name: FieldName, literal: Literal): Predicate {
    const field = this.resolve(name);
    if (kindOf(field) !== "path") throw invalidOperator("UNDER", name.raw);
    const path = String(this.literal(field, literal, `${name.raw} UNDER ${literal.raw}`));
    const read = getter(field);
    return (item) => {
      const value = text(read(item));
      return value !== undefined && (value === path || value.startsWith(`${path}\\`));
    };
  }

  private contains(name: FieldName, literal: Literal, words: boolean): Predicate {
    const field = this.resolve(name);
    const kind = kindOf(field);
    const keyword = words ? "CONTAINS WORDS" : "CONTAINS";
    if (kind === "number" || kind === "date") throw invalidOperator(keyword, name.raw);
    const wanted = String(literalValue(literal, "text", this.context)).trim();
    const read = getter(field);
    if (words) {
      const needed = splitWords(wanted);
      return (item) => {
        const present = new Set(
          splitWords(kind === "identity" ? identityForms(read(item)).join(" ") : (text(read(item)) ?? "")),
        );
        return needed.length > 0 && needed.every((w) => present.has(w));
      };
    }
    // Tags match whole tags, as the service does for System.Tags; other text matches substrings.
    if (kind === "tags") return (item) => tags(read(item)).includes(wanted);
    if (kind === "identity") return (item) => identityForms(read(item)).some((f) => f.includes(wanted));
    return (item) => (text(read(item)) ?? "").includes(wanted);
  }

  /**
   * A literal as a value of the field's kind, checking area paths against the organisation's tree and refusing a
   * time of day in a date compared at day precision, as the service does. `clause` is quoted in errors.
   */
  private literal(field: FieldDef, literal: Literal, clause: string): Value {
    const kind = kindOf(field);
    if (
      kind === "date" &&
      !this.context.timePrecision &&
      literal.kind === "string" &&
      /\d[T ]\d|\d:\d/.test(literal.value)
    ) {
      throw timeWithDayPrecision(clause);
    }
    const value = literalValue(literal, kind, this.context);
    const areas = this.context.areaPaths;
    if (
      areas &&
      field.referenceName.toLowerCase() === "system.areapath" &&
      literal.kind === "string" &&
      !areas.has(String(value))
    ) {
      throw unknownAreaPath(literal.raw);
    }
    return value;
  }

  /** The right-hand side as a per-item value: a constant for literals, the other field's value for `[A] = [B]`. */
  private operandKey(field: FieldDef, operand: Operand, clause: string): (item: WorkItem) => Value | undefined {
    if (operand.kind === "field") return this.sortKey(field, this.resolve(operand.field));
    const value = this.literal(field, operand, clause);
    const key = kindOf(field) === "date" && !this.context.timePrecision ? day(Number(value)) : value;
    return () => key;
  }

  /** A comparable value read as the kind of `field` (from `source`, which defaults to the field itself). */
  private sortKey(field: FieldDef, source: FieldDef = field): (item: WorkItem) => Value | undefined {
    return keyReader(kindOf(field), source, this.context.timePrecision ?? false);
  }
}

function keyReader(kind: FieldKind, source: FieldDef, timePrecision: boolean): (item: WorkItem) => Value | undefined {
  const read = getter(source);
  switch (kind) {
    case "number":
      return (item) => number(read(item));
    case "date":
      return (item) => {
        const ms = date(read(item));
        return ms === undefined || timePrecision ? ms : day(ms);
      };
    default:
      return (item) => text(read(item));
  }
}

const ORDERINGS: Record<string, (sign: number) => boolean> = {
  ">": (s) => s > 0,
  "<": (s) => s < 0,
  ">=": (s) => s >= 0,
  "<=": (s) => s <= 0,
};

function splitWords(s: string): string[] {
  return s
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((w) => w !== "");
}

/** ORDER BY, empty values first when ascending; ties (and queries without ORDER BY) by id. */
function comparator(sortColumns: { field: FieldDef; descending: boolean }[]): (a: WorkItem, b: WorkItem) => number {
  const keys = sortColumns.map((s) => ({
    read: keyReader(kindOf(s.field), s.field, true),
    sign: s.descending ? -1 : 1,
  }));
  return (a, b) => {
    for (const { read, sign } of keys) {
      const x = read(a);
      const y = read(b);
      if (x === y) continue;
      if (x === undefined) return -sign;
      if (y === undefined) return sign;
      return (x < y ? -1 : 1) * sign;
    }
    return a.id - b.id;
  };
}
