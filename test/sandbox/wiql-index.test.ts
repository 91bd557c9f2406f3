import fc from "fast-check";
import { WorkItem } from "../../sandbox/state";
import { FieldCatalog, runWiql, scanWiql, WiqlContext, WiqlError } from "../../sandbox/wiql";
import { INDEX_MIN_ITEMS } from "../../sandbox/wiql/candidates";

/**
 * The indexed evaluation (runWiql) must answer exactly as the plain scan (scanWiql): same items, same order,
 * same errors, over random programmes, random queries and random edits made behind the index's back.
 */

const AREAS = ["QT", "QT\\a", "QT\\a\\x", "QT\\a\\xy", "QT\\b", "QT\\b\\x", "Other", "Other\\a"];
const TYPES = ["Bug", "Test Case", "Epic"];
const PROJECTS = ["QT", "Other"];

const catalog = new FieldCatalog([]);
const context: WiqlContext = {
  catalog,
  project: "QT",
  now: new Date("2025-06-01T00:00:00Z"),
  areaPaths: new Set(AREAS.map((a) => a.toLowerCase())),
};

const oneOf = <T>(values: readonly T[]) => fc.constantFrom(...values);
/** Raw values as stored, including odd ones: other casing, empty, missing, numbers, objects. */
const rawText = (values: readonly string[]) =>
  fc.oneof(
    { weight: 8, arbitrary: oneOf(values) },
    { weight: 1, arbitrary: oneOf(values).map((v) => v.toUpperCase()) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>("", undefined, null, 7, { displayName: "Bug" }) },
  );

const itemArb = (id: number) =>
  fc
    .record({ area: rawText(AREAS), type: rawText(TYPES), project: rawText(PROJECTS), tag: fc.boolean() })
    .map(({ area, type, project, tag }): WorkItem => {
      const fields: Record<string, unknown> = { "System.Title": `item ${id}` };
      if (area !== undefined) fields["System.AreaPath"] = area;
      if (type !== undefined) fields["System.WorkItemType"] = type;
      if (project !== undefined) fields["System.TeamProject"] = project;
      if (tag) fields["System.Tags"] = "HOLL-X; Retest";
      return { id, rev: 1, fields };
    });

/** A programme: ids mostly sequential, sometimes shuffled, repeated or odd. */
const programmeArb = fc
  .record({
    size: fc.integer({ min: INDEX_MIN_ITEMS, max: INDEX_MIN_ITEMS + 300 }),
    shuffle: fc.boolean(),
    oddIds: fc.array(fc.constantFrom<unknown>(0, -3, 2.5, "17", Number.NaN, 5), { maxLength: 3 }),
    seed: fc.integer(),
  })
  .chain(({ size, shuffle, oddIds, seed }) =>
    fc.tuple(...Array.from({ length: size }, (_, i) => itemArb(i + 1))).map((items) => {
      if (shuffle) {
        let s = seed | 0;
        for (let i = items.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) | 0;
          const j = Math.abs(s) % (i + 1);
          [items[i], items[j]] = [items[j], items[i]];
        }
      }
      oddIds.forEach((id, k) => ((items[k] as { id: unknown }).id = id));
      return items;
    }),
  );

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const literalArb = (values: readonly string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: oneOf(values).map(quote) },
    { weight: 1, arbitrary: oneOf(values).map((v) => quote(v.toLowerCase())) },
    { weight: 1, arbitrary: fc.constantFrom("''", "@project", "'nowhere'") },
  );

const atomArb: fc.Arbitrary<string> = fc.oneof(
  literalArb(AREAS).map((v) => `[System.AreaPath] UNDER ${v}`),
  literalArb(AREAS).map((v) => `[Area Path] NOT UNDER ${v}`),
  literalArb(AREAS).map((v) => `[System.AreaPath] = ${v}`),
  fc.tuple(oneOf(["=", "<>"]), literalArb(TYPES)).map(([op, v]) => `[System.WorkItemType] ${op} ${v}`),
  fc
    .array(literalArb(TYPES), { minLength: 1, maxLength: 3 })
    .chain((vs) => fc.boolean().map((neg) => `[Work Item Type] ${neg ? "NOT IN" : "IN"} (${vs.join(", ")})`)),
  literalArb(PROJECTS).map((v) => `[System.TeamProject] = ${v}`),
  fc
    .tuple(oneOf([">", ">=", "<", "<=", "=", "<>"]), fc.integer({ min: -2, max: 600 }))
    .map(([op, n]) => `[System.Id] ${op} ${n}`),
  fc.constantFrom("[System.Tags] CONTAINS 'HOLL-X'", "[System.Id] > [System.Rev]", "[ID] >= 2.5"),
);

const conditionArb: fc.Arbitrary<string> = fc.letrec<{ c: string }>((tie) => ({
  c: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atomArb,
    fc.array(tie("c"), { minLength: 2, maxLength: 4 }).map((cs) => `(${cs.join(" AND ")})`),
    fc.array(tie("c"), { minLength: 2, maxLength: 3 }).map((cs) => `(${cs.join(" OR ")})`),
  ),
})).c;

const queryArb = fc
  .tuple(conditionArb, fc.constantFrom("", " ORDER BY [System.Id]", " ORDER BY [System.AreaPath] DESC"))
  .map(([where, order]) => `SELECT [System.Id] FROM WorkItems WHERE ${where}${order}`);

type Outcome = { ids: unknown[] } | { error: string };
const outcome = (run: () => { workItems: WorkItem[] }): Outcome => {
  try {
    return { ids: run().workItems.map((w) => w.id) };
  } catch (error) {
    if (error instanceof WiqlError) return { error: error.message };
    throw error;
  }
};
const bothAgree = (query: string, items: Map<number, WorkItem>) => {
  const indexed = outcome(() => runWiql(query, items.values(), context));
  const scanned = outcome(() => scanWiql(query, items.values(), context));
  expect(indexed).toEqual(scanned);
};

/** Edits made directly on the state, as tests and the control API make them. */
type Edit = (items: Map<number, WorkItem>, list: WorkItem[]) => void;
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.nat(), rawText(AREAS)).map(
    ([k, v]): Edit =>
      (_m, l) =>
        void (l[k % l.length].fields["System.AreaPath"] = v),
  ),
  fc.tuple(fc.nat(), rawText(TYPES)).map(
    ([k, v]): Edit =>
      (_m, l) =>
        void (l[k % l.length].fields["System.WorkItemType"] = v),
  ),
  fc.tuple(fc.nat(), rawText(PROJECTS)).map(
    ([k, v]): Edit =>
      (_m, l) =>
        void (l[k % l.length].fields["System.TeamProject"] = v),
  ),
  fc.nat().map(
    (k): Edit =>
      (_m, l) =>
        void delete l[k % l.length].fields["System.AreaPath"],
  ),
  fc.nat().map((k): Edit => (_m, l) => {
    const item = l[k % l.length];
    item.fields = { ...item.fields, "System.AreaPath": "QT\\b\\x" };
  }),
  fc.integer({ min: 1, max: 2000 }).chain((id) =>
    itemArb(id).map(
      (item): Edit =>
        (m) =>
          void m.set(id, item),
    ),
  ),
  fc.nat().map(
    (k): Edit =>
      (m, l) =>
        void m.delete(l[k % l.length].id),
  ),
  fc.nat().map((k): Edit => (m, l) => {
    const item = l[k % l.length];
    m.delete(item.id);
    m.set(item.id, item);
  }),
  fc.nat().map(
    (k): Edit =>
      (_m, l) =>
        void (l[k % l.length].id = 900 + (k % 50)),
  ),
);

const toMap = (items: WorkItem[]) => new Map(items.map((w, i) => [i + 1, w]));

describe("WIQL index", () => {
  it("answers random queries over random programmes exactly as the full scan", () => {
    fc.assert(
      fc.property(programmeArb, fc.array(queryArb, { minLength: 1, maxLength: 8 }), (items, queries) => {
        const map = toMap(items);
        for (const query of queries) bothAgree(query, map);
      }),
      { numRuns: 150 },
    );
  });

  it("stays exact through edits made behind its back", () => {
    fc.assert(
      fc.property(
        programmeArb,
        fc.array(fc.tuple(fc.array(editArb, { maxLength: 3 }), queryArb), { minLength: 1, maxLength: 10 }),
        (items, steps) => {
          const map = toMap(items);
          for (const [edits, query] of steps) {
            bothAgree(query, map);
            for (const edit of edits) if (map.size > 0) edit(map, [...map.values()]);
            bothAgree(query, map);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("answers the product's defect partitions exactly as the full scan", () => {
    const items = fc.sample(programmeArb, { numRuns: 1, seed: 42 })[0];
    const map = toMap(items);
    for (const area of AREAS)
      for (const after of [0, 10, 100, 250, 10_000]) {
        const q = `SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.WorkItemType] IN ('Bug', 'Epic') AND ([System.AreaPath] UNDER ${quote(area)} OR [System.AreaPath] UNDER 'QT\\b') AND [System.Id] > ${after} ORDER BY [System.Id]`;
        bothAgree(q, map);
      }
  });
});
