import { FieldCatalog, parseWiql, runWiql, WiqlContext, WiqlError } from "../../sandbox/wiql";
import { ALICE, witState } from "./support/wit-state";

const state = witState();
const context = (extra: Partial<WiqlContext> = {}): WiqlContext => ({
  catalog: new FieldCatalog(state.fields),
  project: "QT",
  me: ALICE,
  now: new Date("2025-01-14T15:30:00Z"),
  areaPaths: new Set([
    "qt",
    "qt\\suppliers",
    "qt\\suppliers\\abcd-x",
    "qt\\suppliers\\abcd-xy",
    "qt\\suppliers\\efgh-x",
    "qt\\ldso",
    "qt\\ldso\\ijkl-r",
    "other",
  ]),
  ...extra,
});

/** Ids matched by a WHERE clause over the test state, in result order. */
const ids = (where: string, extra: Partial<WiqlContext> = {}) =>
  runWiql(`SELECT [System.Id] FROM WorkItems WHERE ${where}`, state.workItems.values(), context(extra)).workItems.map(
    (w) => w.id,
  );

const refusal = (query: string, extra: Partial<WiqlContext> = {}): string => {
  try {
    runWiql(query, state.workItems.values(), context(extra));
  } catch (error) {
    if (error instanceof WiqlError) return error.message;
    throw error;
  }
  throw new Error(`the query was accepted: ${query}`);
};

describe("WIQL parser", () => {
  it("reads fields, conditions and sort order, keywords in any case", () => {
    const q = parseWiql(
      "select [System.Id], System.Title FROM workitems where [System.State] <> 'Closed' order by [System.CreatedDate] desc, [System.Id]",
    );
    expect(q.select).toEqual([
      { name: "System.Id", raw: "[System.Id]" },
      { name: "System.Title", raw: "System.Title" },
    ]);
    expect(q.where).toEqual({
      kind: "compare",
      field: { name: "System.State", raw: "[System.State]" },
      operator: "<>",
      operand: { kind: "string", value: "Closed", raw: "'Closed'" },
    });
    expect(q.orderBy.map((s) => [s.field.name, s.descending])).toEqual([
      ["System.CreatedDate", true],
      ["System.Id", false],
    ]);
  });

  it("binds AND tighter than OR, and parentheses override it", () => {
    const flat = parseWiql("SELECT [System.Id] FROM WorkItems WHERE [A] = 1 OR [B] = 2 AND [C] = 3");
    expect(flat.where?.kind).toBe("or");
    const or = flat.where as Extract<typeof flat.where, { kind: "or" }>;
    expect(or.items.map((i) => i.kind)).toEqual(["compare", "and"]);

    const grouped = parseWiql("SELECT [System.Id] FROM WorkItems WHERE ([A] = 1 OR [B] = 2) AND [C] = 3");
    const and = grouped.where as Extract<typeof grouped.where, { kind: "and" }>;
    expect(and.kind).toBe("and");
    expect(and.items.map((i) => i.kind)).toEqual(["or", "compare"]);
  });

  it("reads '' inside single quotes, double-quoted strings, negative numbers and macro offsets", () => {
    const q = parseWiql(
      `SELECT [System.Id] FROM WorkItems WHERE [T] = 'It''s' AND [U] = "say ""hi""" AND [N] > -5 AND [D] >= @Today - 7`,
    );
    const and = q.where as Extract<typeof q.where, { kind: "and" }>;
    const operands = and.items.map((i) => (i.kind === "compare" ? i.operand : undefined));
    expect(operands).toEqual([
      { kind: "string", value: "It's", raw: "'It''s'" },
      { kind: "string", value: 'say "hi"', raw: '"say ""hi"""' },
      { kind: "number", value: -5, raw: "-5" },
      { kind: "macro", name: "Today", offset: -7, raw: "@Today - 7" },
    ]);
  });

  it("reads IN, NOT IN, UNDER, NOT UNDER, CONTAINS, NOT CONTAINS and CONTAINS WORDS", () => {
    const q = parseWiql(
      "SELECT [System.Id] FROM WorkItems WHERE [S] IN ('a', 'b') AND [S] NOT IN ('c') AND [P] UNDER 'x' AND [P] NOT UNDER 'y' AND [T] CONTAINS 'q' AND [T] NOT CONTAINS 'r' AND [D] CONTAINS WORDS 'w'",
    );
    const and = q.where as Extract<typeof q.where, { kind: "and" }>;
    expect(and.items.map((i) => [i.kind, "negated" in i ? i.negated : undefined])).toEqual([
      ["in", false],
      ["in", true],
      ["under", false],
      ["under", true],
      ["contains", false],
      ["contains", true],
      ["contains", false],
    ]);
    expect(and.items[6]).toMatchObject({ kind: "contains", words: true });
  });

  it.each([
    [
      "SELECT [System.Id] WHERE [System.State] = 'Active'",
      "TF51006: The query statement is missing a FROM clause. The error is caused by «WHERE».",
    ],
    [
      "SELECT [System.Id]",
      "TF51006: The query statement is missing a FROM clause. The error is caused by «[System.Id]».",
    ],
    ["[System.Id] FROM WorkItems", "Expecting SELECT. The error is caused by «[System.Id]»."],
    [
      "SELECT [System.Id] FROM WorkItems WHERE [System.State] = )",
      "Expecting field name or expression. The error is caused by «)».",
    ],
    [
      "SELECT [System.Id] FROM WorkItems WHERE [System.State] = 'Active",
      "The string literal is not terminated. The error is caused by «'Active».",
    ],
    [
      "SELECT [System.Id] FROM WorkItems WHERE [System.State = 'x'",
      "Expecting ']'. The error is caused by «[System.State = 'x'».",
    ],
    ["SELECT * FROM WorkItems", "Unexpected character. The error is caused by «*»."],
    [
      "SELECT [System.Id] FROM WorkItems WHERE [System.State] 'Active'",
      "Expecting a comparison operator. The error is caused by «'Active'».",
    ],
    [
      "SELECT [System.Id] FROM WorkItems WHERE ([System.State] = 'Active'",
      "Expecting ')'. The error is caused by «'Active'».",
    ],
    [
      "SELECT [System.Id] FROM WorkItems WHERE [System.State] = 'A' [System.Title] = 'B'",
      "Expecting AND, OR, ORDER BY or the end of the query. The error is caused by «[System.Title]».",
    ],
    ["SELECT [System.Id] FROM Bugs", "Expecting WorkItems. The error is caused by «Bugs»."],
  ])("refuses %s", (query, message) => {
    expect(refusal(query)).toBe(message);
  });

  it.each([
    ["SELECT [System.Id] FROM WorkItemLinks", "WorkItemLinks"],
    ["SELECT [System.Id] FROM WorkItems WHERE [System.State] EVER 'Active'", "EVER"],
    ["SELECT [System.Id] FROM WorkItems WHERE [System.AssignedTo] IN GROUP 'Testers'", "GROUP"],
    ["SELECT [System.Id] FROM WorkItems WHERE NOT [System.State] = 'Active'", "NOT"],
    ["SELECT [System.Id] FROM WorkItems ASOF '2025-01-01'", "ASOF"],
    ["SELECT [System.Id] FROM WorkItems WHERE [System.IterationPath] = @CurrentIteration", "@CurrentIteration"],
  ])("says plainly that the sandbox does not support %s", (query, near) => {
    expect(refusal(query)).toMatch(
      new RegExp(`^The sandbox's WIQL does not support .+ The error is caused by «${near}»\\.$`),
    );
  });
});

describe("WIQL evaluation", () => {
  it("answers TF51005 for a field that does not exist, quoting it as written", () => {
    expect(refusal("SELECT [System.Id], [Custom.Nope] FROM WorkItems")).toBe(
      "TF51005: The query references a field that does not exist. The error is caused by «[Custom.Nope]».",
    );
    expect(refusal("SELECT [System.Id] FROM WorkItems WHERE Custom.Nope = 1")).toMatch(
      /^TF51005: .* «Custom\.Nope»\.$/,
    );
    expect(refusal("SELECT [System.Id] FROM WorkItems ORDER BY [Nope]")).toMatch(/^TF51005: .* «\[Nope\]»\.$/);
  });

  it("resolves friendly names and reference names in any case to the field's reference name", () => {
    const result = runWiql(
      "SELECT [id], [State], [work item type] FROM WorkItems ORDER BY [created date]",
      [],
      context(),
    );
    expect(result.columns.map((c) => c.referenceName)).toEqual(["System.Id", "System.State", "System.WorkItemType"]);
    expect(result.sortColumns).toEqual([
      { field: expect.objectContaining({ referenceName: "System.CreatedDate" }), descending: false },
    ]);
  });

  it("returns every item, by id, when there is no WHERE clause (queries are not confined to the project)", () => {
    expect(
      runWiql("SELECT [System.Id] FROM WorkItems", state.workItems.values(), context()).workItems.map((w) => w.id),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("replaces @project (any case) with the project the query runs in", () => {
    expect(ids("[System.TeamProject] = @project AND [System.State] = 'Active'")).toEqual([1, 5, 8]);
    expect(ids("[System.TeamProject] = @Project", { project: "Other" })).toEqual([6]);
    expect(
      refusal("SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project", { project: undefined }),
    ).toMatch(/@project can only be used in a query run in a project\. The error is caused by «@project»\./);
  });

  it("compares text case-insensitively, and = '' matches an empty field", () => {
    expect(ids("[System.State] = 'active' AND [System.WorkItemType] = 'BUG'")).toEqual([1, 6, 8]);
    expect(ids("[Microsoft.VSTS.Common.Severity] = ''")).toEqual([5, 8]);
    expect(ids("[Microsoft.VSTS.Common.Severity] <> '1 - Critical' AND [System.TeamProject] = @project")).toEqual([
      2, 3, 4, 5, 7, 8,
    ]);
  });

  it("applies AND before OR", () => {
    // State = Closed OR (Severity = 1 AND TeamProject = Other): 2 and 6. Left-to-right would give 6 only.
    expect(
      ids(
        "[System.State] = 'Closed' OR [Microsoft.VSTS.Common.Severity] = '1 - Critical' AND [System.TeamProject] = 'Other'",
      ),
    ).toEqual([2, 6]);
    expect(
      ids(
        "([System.State] = 'Closed' OR [Microsoft.VSTS.Common.Severity] = '1 - Critical') AND [System.TeamProject] = 'Other'",
      ),
    ).toEqual([6]);
  });

  it("matches IN and NOT IN lists", () => {
    expect(ids("[System.State] IN ('New', 'Resolved')")).toEqual([3, 4]);
    expect(
      ids(
        "[System.State] NOT IN ('Closed', 'Removed') AND [System.WorkItemType] = 'Bug' AND [System.TeamProject] = @project",
      ),
    ).toEqual([1, 3, 4, 8]);
    expect(ids("[System.Id] IN (2, 4, 99)")).toEqual([2, 4]);
  });

  it("matches UNDER on the path and its descendants only, case-insensitively", () => {
    expect(ids("[System.AreaPath] UNDER 'qt\\suppliers\\abcd-x'")).toEqual([1, 2, 7]);
    expect(ids("[System.AreaPath] UNDER 'QT\\Suppliers'")).toEqual([1, 2, 3, 5, 7, 8]);
    expect(ids("[System.AreaPath] NOT UNDER 'QT\\Suppliers'")).toEqual([4, 6]);
    expect(ids("[System.AreaPath] = 'QT\\Suppliers'")).toEqual([5]);
  });

  it("refuses an area path that does not exist (TF51011) and UNDER on a field that is not a tree path", () => {
    expect(refusal("SELECT [System.Id] FROM WorkItems WHERE [System.AreaPath] UNDER 'QT\\Nowhere'")).toBe(
      "TF51011: The specified area path does not exist. The error is caused by «'QT\\Nowhere'».",
    );
    expect(refusal("SELECT [System.Id] FROM WorkItems WHERE [System.State] UNDER 'Active'")).toMatch(
      /UNDER cannot be used with the field \[System\.State\]/,
    );
  });

  it("matches CONTAINS on tags as whole tags, and on other text as a substring", () => {
    expect(ids("[System.Tags] CONTAINS 'qt'")).toEqual([1, 2]);
    expect(ids("[System.Tags] CONTAINS 'ABCD-X'")).toEqual([1]);
    expect(ids("[System.Tags] NOT CONTAINS 'qt' AND [System.TeamProject] = @project")).toEqual([3, 4, 5, 7, 8]);
    expect(ids("[System.Title] CONTAINS 'MPAN'")).toEqual([2]);
    expect(ids("[System.Title] NOT CONTAINS 'e' AND [System.TeamProject] = @project")).toEqual([2]);
  });

  it("matches CONTAINS WORDS on whole words", () => {
    expect(ids("[Custom.Impact] CONTAINS WORDS 'daily run'")).toEqual([3]);
    expect(ids("[Custom.Impact] CONTAINS WORDS 'dai'")).toEqual([]);
  });

  it("compares numbers and dates by value, dates by day unless time precision is asked for", () => {
    expect(ids("[Microsoft.VSTS.Common.Priority] > 1")).toEqual([2]);
    expect(ids("[Microsoft.VSTS.Common.Priority] <= 2")).toEqual([1, 2]);
    expect(ids("[System.CreatedDate] >= '2025-01-12'")).toEqual([3, 4]);
    expect(ids("[System.CreatedDate] = '2025-01-12'")).toEqual([3]);
    expect(ids("[System.CreatedDate] < '2025-01-12T09:00:01Z'", { timePrecision: true })).toEqual([1, 2, 3]);
    expect(ids("[System.CreatedDate] = '2025-01-12T09:00:00Z'", { timePrecision: true })).toEqual([3]);
    expect(refusal("SELECT [System.Id] FROM WorkItems WHERE [System.CreatedDate] >= '2025-01-12T18:00:00Z'")).toBe(
      "You cannot supply a time with the date when running a query using date precision. The error is caused by «[System.CreatedDate] >= '2025-01-12T18:00:00Z'».",
    );
    expect(ids("[System.CreatedDate] >= @Today - 2")).toEqual([3, 4]);
    expect(refusal("SELECT [System.Id] FROM WorkItems WHERE [Microsoft.VSTS.Common.Priority] = 'high'")).toBe(
      "Expecting a number. The error is caused by «'high'».",
    );
  });

  it("matches identities by display name, unique name or @Me", () => {
    expect(ids("[System.AssignedTo] = 'Alice Tester'")).toEqual([7]);
    expect(ids("[System.AssignedTo] = 'ALICE@example.org'")).toEqual([7]);
    expect(ids("[System.AssignedTo] = @Me")).toEqual([7]);
    expect(ids("[System.AssignedTo] = '' AND [System.TeamProject] = 'Other'")).toEqual([6]);
  });

  it("compares a field with another field", () => {
    expect(ids("[System.CreatedDate] = [System.CreatedDate] AND [Microsoft.VSTS.Common.Priority] < 2")).toEqual([1]);
  });

  it("sorts by ORDER BY, empty values first when ascending, ties by id", () => {
    const order = (by: string) =>
      runWiql(
        `SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project ORDER BY ${by}`,
        state.workItems.values(),
        context(),
      ).workItems.map((w) => w.id);
    expect(order("[System.CreatedDate] DESC")).toEqual([4, 3, 2, 1, 5, 7, 8]);
    expect(order("[Microsoft.VSTS.Common.Severity] ASC")).toEqual([5, 8, 1, 2, 7, 3, 4]);
    expect(order("[System.State], [System.Id] DESC")).toEqual([8, 5, 1, 2, 3, 7, 4]);
  });
});
