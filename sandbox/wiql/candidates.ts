import { WorkItem } from "../state";
import { Condition, FieldName, Literal } from "./ast";
import { FieldCatalog } from "./fields";
import { FieldKind, kindOf, literalValue, MacroContext, number, text } from "./values";

/**
 * Pre-narrowing of a WHERE clause's candidates, so a query such as the reader's defect partition
 * (`[System.TeamProject] = @project AND [System.WorkItemType] IN (…) AND ([System.AreaPath] UNDER '…' OR …) AND
 * [System.Id] > N`) looks at the few hundred items of one area instead of every item of the organisation.
 *
 * Exactness does not rest on anyone telling the index about changes: tests and the control API edit items in
 * place, add and delete them. Every query walks the items once and compares each, by identity, with the index's
 * snapshot (the item object, its id and the raw values of the indexed fields); any difference rebuilds the index.
 * The narrowing only ever yields a superset of the matches, in the items' own order, and the caller still runs the
 * full predicate over it, so the answer is the full scan's.
 */

const AREA = "System.AreaPath";
const TYPE = "System.WorkItemType";
const PROJECT = "System.TeamProject";
const INDEXED = [AREA, TYPE, PROJECT] as const;
type IndexedField = (typeof INDEXED)[number];
const FIELD_BIT: Record<IndexedField, number> = { [AREA]: 1, [TYPE]: 2, [PROJECT]: 4 };

/** Below this many items the plain scan is as cheap as the index. */
export const INDEX_MIN_ITEMS = 256;

class ValueIndex {
  /** WIQL text value (`text(raw) ?? ""`) → positions, ascending. */
  readonly byValue = new Map<string, number[]>();
  /** Positions whose raw value is an object (identities…): text() may change without the reference changing. */
  readonly always: number[] = [];
}

export class WorkItemIndex {
  readonly items: WorkItem[];
  readonly ids: unknown[];
  private readonly raw: Record<IndexedField, unknown[]>;
  private readonly values = new Map<IndexedField, ValueIndex>();
  /** Positions of items with a numeric id, sorted by id (stable: equal ids keep their order). */
  private byId?: { positions: Int32Array; ids: Float64Array; inOrder: boolean };

  constructor(items: WorkItem[]) {
    this.items = items;
    this.ids = items.map((item) => item.id);
    this.raw = { [AREA]: [], [TYPE]: [], [PROJECT]: [] } as Record<IndexedField, unknown[]>;
    for (const f of INDEXED) this.raw[f] = items.map((item) => item.fields[f]);
  }

  /**
   * Walks the items (all of them) and compares each with the snapshot: the same objects in the same order, with
   * the same ids and the same raw values of the indexed fields in `fields` (bits of FIELD_BIT), the ones the
   * narrowing about to be used was drawn from. Undefined when they match; otherwise every item.
   */
  static validate(
    index: WorkItemIndex,
    first: WorkItem,
    rest: Iterable<WorkItem>,
    fields: number,
  ): WorkItem[] | undefined {
    const snapshot = index.items;
    const area = index.raw[AREA];
    const type = index.raw[TYPE];
    const project = index.raw[PROJECT];
    const ids = index.ids;
    const length = snapshot.length;
    const [checkArea, checkType, checkProject] = [(fields & 1) !== 0, (fields & 2) !== 0, (fields & 4) !== 0];
    let i = 1;
    const unchanged =
      length > 0 &&
      snapshot[0] === first &&
      first.id === ids[0] &&
      (!checkArea || first.fields[AREA] === area[0]) &&
      (!checkType || first.fields[TYPE] === type[0]) &&
      (!checkProject || first.fields[PROJECT] === project[0]);
    let changed: WorkItem[] | undefined = unchanged ? undefined : [first];
    for (const item of rest) {
      if (changed) {
        changed.push(item);
        continue;
      }
      if (
        i >= length ||
        item !== snapshot[i] ||
        item.id !== ids[i] ||
        (checkArea && item.fields[AREA] !== area[i]) ||
        (checkType && item.fields[TYPE] !== type[i]) ||
        (checkProject && item.fields[PROJECT] !== project[i])
      ) {
        changed = snapshot.slice(0, i);
        changed.push(item);
        continue;
      }
      i++;
    }
    if (changed) return changed;
    return i === length ? undefined : snapshot.slice(0, i);
  }

  valueIndex(field: IndexedField): ValueIndex {
    let index = this.values.get(field);
    if (!index) {
      index = new ValueIndex();
      const raw = this.raw[field];
      for (let i = 0; i < raw.length; i++) {
        const value = raw[i];
        if (value !== null && typeof value === "object") {
          index.always.push(i);
          continue;
        }
        const key = text(value) ?? "";
        const list = index.byValue.get(key);
        if (list) list.push(i);
        else index.byValue.set(key, [i]);
      }
      this.values.set(field, index);
    }
    return index;
  }

  idOrder(): { positions: Int32Array; ids: Float64Array; inOrder: boolean } {
    if (!this.byId) {
      const numbered: { position: number; id: number }[] = [];
      for (let i = 0; i < this.ids.length; i++) {
        const id = number(this.ids[i]);
        if (id !== undefined) numbered.push({ position: i, id });
      }
      let inOrder = true;
      for (let i = 1; i < numbered.length && inOrder; i++) {
        if (!(numbered[i - 1].id < numbered[i].id)) inOrder = false;
      }
      if (!inOrder) numbered.sort((a, b) => a.id - b.id || a.position - b.position);
      this.byId = {
        positions: Int32Array.from(numbered, (n) => n.position),
        ids: Float64Array.from(numbered, (n) => n.id),
        inOrder,
      };
    }
    return this.byId;
  }
}

/** The last index per first item: each sandbox state's items are distinct objects. */
const indexes = new WeakMap<WorkItem, WorkItemIndex>();

export interface Candidates {
  /** Every item, in the order given. */
  items: readonly WorkItem[];
  /** Positions in `items` (ascending) that may match; undefined: test them all. */
  positions?: ArrayLike<number>;
}

/**
 * The items (read once) and, when the WHERE clause gives a handle and there are enough items, the positions of
 * those that may match: a superset of the matches. Call only after the query compiled: literals are read as the
 * compiler read them, and errors are its to raise.
 */
export function candidates(
  items: Iterable<WorkItem>,
  where: Condition | undefined,
  context: NarrowingContext,
): Candidates {
  if (!where || (Array.isArray(items) && items.length < INDEX_MIN_ITEMS)) return { items: [...items] };
  const iterator = items[Symbol.iterator]();
  const head = iterator.next();
  if (head.done) return { items: [] };
  const first = head.value;
  const rest: Iterable<WorkItem> = { [Symbol.iterator]: () => iterator };
  const cached = indexes.get(first);
  let all: WorkItem[];
  if (cached) {
    const narrowing = new Narrower(cached, context).narrow(where);
    const changed = WorkItemIndex.validate(cached, first, rest, narrowing?.kind === "lists" ? narrowing.fields : 0);
    if (!changed) return { items: cached.items, positions: positionsOf(cached, narrowing) };
    all = changed;
  } else {
    all = [first];
    for (const item of rest) all.push(item);
  }
  if (all.length < INDEX_MIN_ITEMS) return { items: all };
  const index = new WorkItemIndex(all);
  indexes.set(all[0], index);
  return { items: all, positions: positionsOf(index, new Narrower(index, context).narrow(where)) };
}

function positionsOf(index: WorkItemIndex, narrowing: Narrowing | undefined): ArrayLike<number> | undefined {
  if (!narrowing) return undefined;
  if (narrowing.kind === "ids") return idRange(index, narrowing);
  const total = index.items.length;
  if (narrowing.size >= total) return undefined;
  return union(narrowing.lists, total);
}

// ---------------------------------------------------------------------------------------------------------
// Narrowing

/** A superset of the items a condition can match: unions of position lists, or an id interval; undefined = all. */
type Narrowing =
  /** `fields`: bits (FIELD_BIT) of the indexed fields the lists were drawn from. */
  | { kind: "lists"; lists: readonly (readonly number[])[]; size: number; fields: number }
  | { kind: "ids"; low: number; lowInclusive: boolean; high: number; highInclusive: boolean };

export interface NarrowingContext extends MacroContext {
  catalog: FieldCatalog;
}

class Narrower {
  constructor(
    private readonly index: WorkItemIndex,
    private readonly context: NarrowingContext,
  ) {}

  narrow(condition: Condition): Narrowing | undefined {
    switch (condition.kind) {
      case "and":
        return this.and(condition.items);
      case "or": {
        const lists: (readonly number[])[] = [];
        let size = 0;
        let fields = 0;
        for (const item of condition.items) {
          const part = this.narrow(item);
          if (!part || part.kind !== "lists") return undefined;
          lists.push(...part.lists);
          size += part.size;
          fields |= part.fields;
        }
        return { kind: "lists", lists, size, fields };
      }
      case "compare": {
        if (condition.operand.kind === "field") return undefined;
        const operand = condition.operand;
        if (condition.operator === "=") {
          const text = this.textField(condition.field);
          if (text) return this.equal(text, [operand]);
        }
        if (condition.operator !== "<>" && this.isId(condition.field)) {
          const value = literalValue(operand, "number", this.context);
          if (typeof value !== "number" || !Number.isFinite(value)) return undefined;
          const op = condition.operator;
          return {
            kind: "ids",
            low: op === ">" || op === ">=" || op === "=" ? value : -Infinity,
            lowInclusive: op !== ">",
            high: op === "<" || op === "<=" || op === "=" ? value : Infinity,
            highInclusive: op !== "<",
          };
        }
        return undefined;
      }
      case "in": {
        if (condition.negated) return undefined;
        const field = this.textField(condition.field);
        return field ? this.equal(field, condition.values) : undefined;
      }
      case "under": {
        if (condition.negated || condition.value.kind === "macro") return undefined;
        const field = this.textField(condition.field);
        if (!field || field.key !== AREA || field.kind !== "path") return undefined;
        const path = String(literalValue(condition.value, field.kind, this.context));
        const values = this.index.valueIndex(field.key);
        const lists: (readonly number[])[] = [values.always];
        let size = values.always.length;
        const prefix = `${path}\\`;
        for (const [value, list] of values.byValue) {
          // text() is undefined for an empty value, which is never under anything.
          if (value !== "" && (value === path || value.startsWith(prefix))) {
            lists.push(list);
            size += list.length;
          }
        }
        return { kind: "lists", lists, size, fields: FIELD_BIT[field.key] };
      }
      case "contains":
        return undefined;
    }
  }

  private and(items: Condition[]): Narrowing | undefined {
    let best: Extract<Narrowing, { kind: "lists" }> | undefined;
    let ids: Extract<Narrowing, { kind: "ids" }> | undefined;
    for (const item of items) {
      const part = this.narrow(item);
      if (!part) continue;
      if (part.kind === "lists") {
        if (!best || part.size < best.size) best = part;
      } else {
        ids = ids ? intersect(ids, part) : part;
      }
    }
    if (!best) return ids;
    if (!ids) return best;
    // Keep the lists' positions whose id is in the interval.
    const within = idTest(ids);
    const kept = union(best.lists, this.index.items.length).filter((p) => within(this.index.ids[p]));
    return { kind: "lists", lists: [kept], size: kept.length, fields: best.fields };
  }

  /** `=`/`IN` on an indexed text field: the items whose value is one of the literals. */
  private equal({ key, kind }: TextField, literals: Literal[]): Narrowing {
    const values = this.index.valueIndex(key);
    const lists: (readonly number[])[] = [values.always];
    let size = values.always.length;
    const seen = new Set<string>();
    for (const literal of literals) {
      const value = String(literalValue(literal, kind, this.context));
      if (seen.has(value)) continue;
      seen.add(value);
      const list = values.byValue.get(value);
      if (list) {
        lists.push(list);
        size += list.length;
      }
    }
    return { kind: "lists", lists, size, fields: FIELD_BIT[key] };
  }

  /** The indexed field a name resolves to, when the compiler reads it as text or a path from that very key. */
  private textField(name: FieldName): TextField | undefined {
    const field = this.context.catalog.find(name.name);
    if (!field) return undefined;
    const key = INDEXED.find((f) => f === field.referenceName);
    if (!key) return undefined;
    const kind = kindOf(field);
    return kind === "text" || kind === "path" ? { key, kind } : undefined;
  }

  private isId(name: FieldName): boolean {
    const field = this.context.catalog.find(name.name);
    return !!field && field.referenceName.toLowerCase() === "system.id" && kindOf(field) === "number";
  }
}

interface TextField {
  key: IndexedField;
  kind: FieldKind;
}

type IdInterval = Extract<Narrowing, { kind: "ids" }>;

function intersect(a: IdInterval, b: IdInterval): IdInterval {
  const low = a.low === b.low ? { low: a.low, lowInclusive: a.lowInclusive && b.lowInclusive } : a.low > b.low ? a : b;
  const high =
    a.high === b.high ? { high: a.high, highInclusive: a.highInclusive && b.highInclusive } : a.high < b.high ? a : b;
  return {
    kind: "ids",
    low: low.low,
    lowInclusive: low.lowInclusive,
    high: high.high,
    highInclusive: high.highInclusive,
  };
}

function idTest(range: IdInterval): (raw: unknown) => boolean {
  return (raw) => {
    const id = number(raw);
    if (id === undefined) return false;
    const aboveLow = range.lowInclusive ? id >= range.low : id > range.low;
    const belowHigh = range.highInclusive ? id <= range.high : id < range.high;
    return aboveLow && belowHigh;
  };
}

/** First index in the sorted `ids` whose id is above `value` (or at least `value` when inclusive). */
function lowerBound(ids: Float64Array, value: number, inclusive: boolean): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (inclusive ? ids[mid] < value : ids[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function idRange(index: WorkItemIndex, range: IdInterval): ArrayLike<number> {
  const order = index.idOrder();
  const from = range.low === -Infinity ? 0 : lowerBound(order.ids, range.low, range.lowInclusive);
  const to = range.high === Infinity ? order.ids.length : lowerBound(order.ids, range.high, !range.highInclusive);
  if (to <= from) return [];
  const slice = order.positions.subarray(from, to);
  return order.inOrder ? slice : Int32Array.from(slice).sort();
}

/** The union of ascending position lists, ascending and without repeats. */
function union(lists: readonly (readonly number[])[], total: number): readonly number[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1) return nonEmpty[0];
  const size = nonEmpty.reduce((n, l) => n + l.length, 0);
  if (size * 8 > total) {
    const marks = new Uint8Array(total);
    for (const list of nonEmpty) for (const p of list) marks[p] = 1;
    const out: number[] = [];
    for (let p = 0; p < total; p++) if (marks[p]) out.push(p);
    return out;
  }
  const out = nonEmpty.flat().sort((a, b) => a - b);
  let w = 0;
  for (let r = 0; r < out.length; r++) if (r === 0 || out[r] !== out[r - 1]) out[w++] = out[r];
  out.length = w;
  return out;
}
