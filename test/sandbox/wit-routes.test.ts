import * as azdev from "azure-devops-node-api";
import {
  QueryResultType,
  QueryType,
  TreeNodeStructureType,
  TreeStructureGroup,
  WorkItemErrorPolicy,
  WorkItemTypeFieldsExpandLevel,
} from "azure-devops-node-api/interfaces/WorkItemTrackingInterfaces";
import { RunningSandbox, startSandbox } from "../../sandbox/server";
import { discoveryRoutes } from "../../sandbox/routes/discovery";
import { witRoutes } from "../../sandbox/routes/wit";
import {
  addBulkBugs,
  basic,
  QT_SEVERITIES,
  STOCK_SEVERITIES,
  TEST_ONLY_TOKEN,
  WIT_TOKEN,
  witState,
} from "./support/wit-state";

let sandbox: RunningSandbox;
beforeAll(async () => {
  // The discovery routes answer the node client's OPTIONS /_apis/Location, ResourceAreas and OPTIONS /_apis/wit.
  sandbox = await startSandbox({ state: witState(), routes: [witRoutes, discoveryRoutes] });
});
afterAll(() => sandbox.close());

interface Reply {
  status: number;
  // Bodies are read as loose JSON in tests; each assertion names the members it checks.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

async function call(
  method: string,
  path: string,
  options: { body?: unknown; token?: string; accept?: string } = {},
): Promise<Reply> {
  const res = await fetch(`${sandbox.orgUrl}${path}`, {
    method,
    headers: {
      authorization: basic(options.token ?? WIT_TOKEN),
      accept: options.accept ?? "application/json;api-version=7.1",
      "content-type": "application/json",
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const wiql = (query: string, path = "/QT/_apis/wit/wiql", accept?: string) =>
  call("POST", path, { body: { query }, accept });

describe("POST wiql", () => {
  it("answers a flat query with columns, sort columns and work item references", async () => {
    const reply = await wiql(
      "SELECT [System.Id], [System.Title], [State] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.WorkItemType] = 'Bug' AND [State] <> 'Closed' ORDER BY [System.CreatedDate] DESC",
    );
    expect(reply.status).toBe(200);
    const url = (id: number) => `${sandbox.orgUrl}/_apis/wit/workItems/${id}`;
    expect(reply.body).toEqual({
      queryType: "flat",
      queryResultType: "workItem",
      asOf: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      columns: [
        { referenceName: "System.Id", name: "ID", url: `${sandbox.orgUrl}/_apis/wit/fields/System.Id` },
        { referenceName: "System.Title", name: "Title", url: `${sandbox.orgUrl}/_apis/wit/fields/System.Title` },
        { referenceName: "System.State", name: "State", url: `${sandbox.orgUrl}/_apis/wit/fields/System.State` },
      ],
      sortColumns: [
        {
          field: {
            referenceName: "System.CreatedDate",
            name: "Created Date",
            url: `${sandbox.orgUrl}/_apis/wit/fields/System.CreatedDate`,
          },
          descending: true,
        },
      ],
      workItems: [4, 3, 1, 7, 8].map((id) => ({ id, url: url(id) })),
    });
  });

  it("honours enumsAsNumbers and msDateFormat, and $top", async () => {
    const reply = await call("POST", "/QT/_apis/wit/wiql?$top=2", {
      body: { query: "SELECT [System.Id] FROM WorkItems" },
      accept: "application/json;api-version=7.1;enumsAsNumbers=true;msDateFormat=true",
    });
    expect(reply.body).toMatchObject({
      queryType: 1,
      queryResultType: 1,
      asOf: expect.stringMatching(/^\/Date\(\d+\)\/$/),
    });
    expect(reply.body.workItems.map((w: { id: number }) => w.id)).toEqual([1, 2]);
  });

  it("runs at organisation and team level, where @project needs a project", async () => {
    expect(
      (await wiql("SELECT [System.Id] FROM WorkItems WHERE [System.Id] = 6", "/_apis/wit/wiql")).body.workItems,
    ).toHaveLength(1);
    expect(
      (
        await wiql(
          "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project",
          "/QT/QT%20Team/_apis/wit/wiql",
        )
      ).status,
    ).toBe(200);
    const refused = await wiql(
      "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project",
      "/_apis/wit/wiql",
    );
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/@project/);
  });

  it("answers 400 with the service's messages for unknown fields, bad syntax and a missing query", async () => {
    const unknown = await wiql("SELECT [System.Id] FROM WorkItems WHERE [Custom.Nope] = 'x'");
    expect(unknown).toMatchObject({
      status: 400,
      body: {
        message: "TF51005: The query references a field that does not exist. The error is caused by «[Custom.Nope]».",
        typeKey: expect.any(String),
      },
    });
    const syntax = await wiql("SELECT [System.Id] WHERE [System.State] = 'Active'");
    expect(syntax).toMatchObject({
      status: 400,
      body: { message: "TF51006: The query statement is missing a FROM clause. The error is caused by «WHERE»." },
    });
    expect((await call("POST", "/QT/_apis/wit/wiql", { body: {} })).status).toBe(400);
    expect(
      (await call("POST", "/QT/_apis/wit/wiql?$top=-1", { body: { query: "SELECT [System.Id] FROM WorkItems" } }))
        .status,
    ).toBe(400);
  });

  it("answers 404 for a project that does not exist and 401 TF400813 without the work scope", async () => {
    const missing = await wiql("SELECT [System.Id] FROM WorkItems", "/Nope/_apis/wit/wiql");
    expect(missing).toMatchObject({ status: 404, body: { message: expect.stringMatching(/^TF200016: .*Nope/) } });
    const unscoped = await call("POST", "/QT/_apis/wit/wiql", {
      body: { query: "SELECT [System.Id] FROM WorkItems" },
      token: TEST_ONLY_TOKEN,
    });
    expect(unscoped).toMatchObject({ status: 401, body: { message: expect.stringMatching(/^TF400813: .*vso\.work/) } });
  });
});

describe("the 20,000-item WIQL limit", () => {
  let big: RunningSandbox;
  beforeAll(async () => {
    const state = witState();
    addBulkBugs(state, 20_001);
    big = await startSandbox({ state, routes: [witRoutes] });
  });
  afterAll(() => big.close());

  const bigWiql = async (query: string, top?: number) => {
    const res = await fetch(`${big.orgUrl}/QT/_apis/wit/wiql${top === undefined ? "" : `?$top=${top}`}`, {
      method: "POST",
      headers: {
        authorization: basic(WIT_TOKEN),
        accept: "application/json;api-version=7.1",
        "content-type": "application/json",
      },
      body: JSON.stringify({ query }),
    });
    return { status: res.status, body: (await res.json()) as { message?: string; workItems?: { id: number }[] } };
  };

  it("refuses a result over 20,000 items with VS402337", async () => {
    const reply = await bigWiql("SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS 'bulk'");
    expect(reply.status).toBe(400);
    expect(reply.body.message).toBe(
      "VS402337: The number of work items returned exceeds the size limit of 20000. Change the query to return fewer work items.",
    );
    expect(
      (await bigWiql("SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS 'bulk'", 25_000)).status,
    ).toBe(400);
  });

  it("answers when $top of at most 20,000 caps the result, or the query asks for fewer", async () => {
    const capped = await bigWiql("SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS 'bulk'", 20_000);
    expect(capped.status).toBe(200);
    expect(capped.body.workItems).toHaveLength(20_000);
    expect(
      (await bigWiql("SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS 'bulk'", 3)).body.workItems?.map(
        (w) => w.id,
      ),
    ).toEqual([1000, 1001, 1002]);
    const fewer = await bigWiql(
      "SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS 'bulk' AND [System.Id] < 21000",
    );
    expect(fewer.body.workItems).toHaveLength(20_000);
  });
});

describe("work items by id", () => {
  it("returns the requested fields that have values, in the order of the ids", async () => {
    const reply = await call(
      "GET",
      "/QT/_apis/wit/workitems?ids=3,1&fields=System.Id,System.Title,Microsoft.VSTS.Common.Priority",
    );
    expect(reply).toEqual({
      status: 200,
      body: {
        count: 2,
        value: [
          {
            id: 3,
            rev: 1,
            fields: { "System.Id": 3, "System.Title": "Timeout on registration" },
            url: `${sandbox.orgUrl}/_apis/wit/workItems/3`,
          },
          {
            id: 1,
            rev: 1,
            fields: { "System.Id": 1, "System.Title": "Settlement file rejected", "Microsoft.VSTS.Common.Priority": 1 },
            url: `${sandbox.orgUrl}/_apis/wit/workItems/1`,
          },
        ],
      },
    });
  });

  it("returns every stored field without `fields`, and links with $expand=links or all (by name or number)", async () => {
    const all = await call("GET", "/_apis/wit/workitems?ids=7&$expand=All");
    expect(all.body.value[0].fields).toMatchObject({
      "System.Title": "It's removed",
      "System.AssignedTo": { displayName: "Alice Tester" },
    });
    expect(all.body.value[0]._links.self.href).toBe(`${sandbox.orgUrl}/_apis/wit/workItems/7`);
    expect((await call("GET", "/_apis/wit/workitems?ids=7&$expand=3")).body.value[0]._links).toBeDefined();
    expect((await call("GET", "/_apis/wit/workitems?ids=7")).body.value[0]._links).toBeUndefined();
  });

  it("refuses fields together with $expand, unknown fields and bad parameters", async () => {
    expect(await call("GET", "/QT/_apis/wit/workitems?ids=1&fields=System.Title&$expand=all")).toMatchObject({
      status: 400,
      body: { message: "The expand parameter can not be used with the fields parameter." },
    });
    expect(await call("GET", "/QT/_apis/wit/workitems?ids=1&fields=Custom.Nope")).toMatchObject({
      status: 400,
      body: { message: "TF51535: Cannot find field Custom.Nope." },
    });
    expect((await call("GET", "/QT/_apis/wit/workitems?ids=1,x")).status).toBe(400);
    expect((await call("GET", "/QT/_apis/wit/workitems")).status).toBe(400);
    expect((await call("GET", "/QT/_apis/wit/workitems?ids=1&$expand=everything")).status).toBe(400);
  });

  it("fails the whole request with TF401232 for a missing id, or leaves null in its place with errorPolicy=omit", async () => {
    expect(await call("GET", "/QT/_apis/wit/workitems?ids=1,99,2")).toEqual({
      status: 404,
      body: expect.objectContaining({
        message: "TF401232: Work item 99 does not exist, or you do not have permissions to read it.",
      }),
    });
    const omitted = await call("GET", "/QT/_apis/wit/workitems?ids=1,99,2&fields=System.Id&errorPolicy=omit");
    expect(omitted.body.value.map((w: { id: number } | null) => w && w.id)).toEqual([1, null, 2]);
    expect((await call("GET", "/QT/_apis/wit/workitems?ids=99&errorPolicy=2")).body.value).toEqual([null]);
  });

  it("takes at most 200 ids (VS403474), on GET and on the batch", async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    const limit = "VS403474: The maximum number of work items that can be requested is 200.";
    expect(await call("GET", `/QT/_apis/wit/workitems?ids=${ids(201).join(",")}&errorPolicy=omit`)).toMatchObject({
      status: 400,
      body: { message: limit },
    });
    expect(
      await call("POST", "/QT/_apis/wit/workitemsbatch", { body: { ids: ids(201), errorPolicy: "omit" } }),
    ).toMatchObject({
      status: 400,
      body: { message: limit },
    });
    const exactly = await call("POST", "/QT/_apis/wit/workitemsbatch", {
      body: { ids: ids(200), fields: ["System.Id"], errorPolicy: "omit" },
    });
    expect(exactly.status).toBe(200);
    expect(exactly.body.count).toBe(200);
    expect(exactly.body.value.filter((w: unknown) => w !== null)).toHaveLength(8);
  });

  it("answers the batch like the GET: fields, $expand conflict, error policy", async () => {
    const batch = await call("POST", "/_apis/wit/workitemsbatch", {
      body: { ids: [2, 4], fields: ["System.State", "Severity"] },
    });
    expect(batch.body.value.map((w: { fields: unknown }) => w.fields)).toEqual([
      { "System.State": "Closed", "Microsoft.VSTS.Common.Severity": "2 - High" },
      { "System.State": "Resolved", "Microsoft.VSTS.Common.Severity": "4 - Low" },
    ]);
    expect(
      (
        await call("POST", "/QT/_apis/wit/workitemsbatch", {
          body: { ids: [1], fields: ["System.Id"], $expand: "relations" },
        })
      ).status,
    ).toBe(400);
    expect((await call("POST", "/QT/_apis/wit/workitemsbatch", { body: { ids: [1, 50] } })).status).toBe(404);
    expect((await call("POST", "/QT/_apis/wit/workitemsbatch", { body: { ids: [] } })).status).toBe(400);
  });

  it("loses vanished work items on reads while WIQL still returns them (the query-then-read race)", async () => {
    sandbox.env.faults.set({ vanishedWorkItemIds: [2] });
    try {
      const query = await wiql("SELECT [System.Id] FROM WorkItems WHERE [System.Id] <= 3 ORDER BY [System.Id]");
      expect(query.body.workItems.map((w: { id: number }) => w.id)).toEqual([1, 2, 3]);
      const batch = await call("POST", "/QT/_apis/wit/workitemsbatch", {
        body: { ids: [1, 2, 3], fields: ["System.Id"], errorPolicy: "omit" },
      });
      expect(batch.body.value.map((w: { id: number } | null) => w && w.id)).toEqual([1, null, 3]);
      expect((await call("POST", "/QT/_apis/wit/workitemsbatch", { body: { ids: [2] } })).status).toBe(404);
      expect((await call("GET", "/QT/_apis/wit/workitems/2")).status).toBe(404);
      expect(() => sandbox.env.faults.set({ vanishedWorkItemIds: ["2"] as unknown as number[] })).toThrow(
        /vanishedWorkItemIds/,
      );
    } finally {
      sandbox.env.faults.set({});
    }
    expect((await call("GET", "/QT/_apis/wit/workitems/2")).status).toBe(200);
  });

  it("returns one work item with its links, or 404", async () => {
    const one = await call("GET", "/QT/_apis/wit/workitems/2?fields=System.State");
    expect(one.body).toMatchObject({
      id: 2,
      rev: 1,
      fields: { "System.State": "Closed" },
      _links: { self: { href: expect.any(String) } },
    });
    expect((await call("GET", "/QT/_apis/wit/workitems/404")).status).toBe(404);
  });
});

describe("work item types, states and fields", () => {
  it("lists the project's types and gets one by name in any case", async () => {
    const list = await call("GET", "/QT/_apis/wit/workitemtypes");
    expect(list.body.value.map((t: { name: string }) => t.name)).toEqual(["Bug", "Task"]);
    const bug = await call("GET", "/QT/_apis/wit/workitemtypes/bug");
    expect(bug.body).toMatchObject({
      name: "Bug",
      referenceName: "Microsoft.VSTS.WorkItemTypes.Bug",
      color: "CC293D",
      isDisabled: false,
      states: expect.arrayContaining([{ name: "Closed", color: "339933", category: "Completed" }]),
      fields: expect.arrayContaining([
        expect.objectContaining({
          referenceName: "Microsoft.VSTS.Common.Severity",
          name: "Severity",
          defaultValue: "3 - Medium",
        }),
      ]),
    });
    expect(await call("GET", "/QT/_apis/wit/workitemtypes/Epic")).toMatchObject({
      status: 404,
      body: { message: expect.stringMatching(/^VS402323: .*Epic/) },
    });
  });

  it("lists a type's states with their categories", async () => {
    const states = await call("GET", "/QT/_apis/wit/workitemtypes/Bug/states");
    expect(states.body).toEqual({
      count: 5,
      value: [
        { name: "New", color: "b2b2b2", category: "Proposed" },
        { name: "Active", color: "007acc", category: "InProgress" },
        { name: "Resolved", color: "ff9d00", category: "Resolved" },
        { name: "Closed", color: "339933", category: "Completed" },
        { name: "Removed", color: "ffffff", category: "Removed" },
      ],
    });
  });

  it("returns a type's field, with allowed values only when expanded (by name or number)", async () => {
    const path = "/QT/_apis/wit/workitemtypes/Bug/fields/Microsoft.VSTS.Common.Severity";
    expect((await call("GET", path)).body).toEqual({
      alwaysRequired: false,
      defaultValue: "3 - Medium",
      referenceName: "Microsoft.VSTS.Common.Severity",
      name: "Severity",
      url: `${sandbox.orgUrl}/_apis/wit/fields/Microsoft.VSTS.Common.Severity`,
    });
    expect((await call("GET", `${path}?$expand=allowedValues`)).body.allowedValues).toEqual(STOCK_SEVERITIES);
    expect((await call("GET", "/QT/_apis/wit/workitemtypes/Bug/fields/QT%20Severity?$expand=1")).body).toMatchObject({
      referenceName: "Custom.QTSeverity",
      allowedValues: QT_SEVERITIES,
      defaultValue: null,
    });
    const all = await call("GET", "/QT/_apis/wit/workitemtypes/Bug/fields?$expand=All");
    expect(all.body.value.find((f: { referenceName: string }) => f.referenceName === "System.Title")).toMatchObject({
      allowedValues: [],
      dependentFields: [],
    });
    expect((await call("GET", "/QT/_apis/wit/workitemtypes/Task/fields/Microsoft.VSTS.Common.Severity")).status).toBe(
      404,
    );
    expect((await call("GET", "/QT/_apis/wit/workitemtypes/Bug/fields/Custom.Nope")).status).toBe(404);
  });

  it("lists and gets fields at organisation and project level", async () => {
    const list = await call("GET", "/_apis/wit/fields");
    const names = list.body.value.map((f: { referenceName: string }) => f.referenceName);
    expect(names).toEqual(expect.arrayContaining(["System.Id", "Custom.QTSeverity", "System.IterationPath"]));
    expect((await call("GET", "/QT/_apis/wit/fields")).body.count).toBe(list.body.count);
    expect((await call("GET", "/_apis/wit/fields/System.AreaPath")).body).toMatchObject({
      name: "Area Path",
      referenceName: "System.AreaPath",
      type: "treePath",
      usage: "workItem",
      supportedOperations: expect.arrayContaining([{ referenceName: "SupportedOperations.Under", name: "Under" }]),
    });
    expect(
      (await call("GET", "/_apis/wit/fields/tags", { accept: "application/json;api-version=7.1;enumsAsNumbers=true" }))
        .body,
    ).toMatchObject({
      referenceName: "System.Tags",
      type: 3,
    });
    expect(await call("GET", "/_apis/wit/fields/Custom.Nope")).toMatchObject({
      status: 404,
      body: { message: "TF51535: Cannot find field Custom.Nope." },
    });
  });
});

describe("classification nodes", () => {
  const names = (node: { name: string; children?: unknown[] }): unknown =>
    node.children ? { [node.name]: node.children.map((c) => names(c as typeof node)) } : node.name;

  it("returns the area root, its children down to $depth", async () => {
    const flat = await call("GET", "/QT/_apis/wit/classificationnodes/Areas");
    expect(flat.body).toMatchObject({
      id: 100,
      name: "QT",
      structureType: "area",
      hasChildren: true,
      path: "\\QT\\Area",
    });
    expect(flat.body.children).toBeUndefined();
    expect(names((await call("GET", "/QT/_apis/wit/classificationnodes/areas?$depth=1")).body)).toEqual({
      QT: ["Suppliers", "LDSO"],
    });
    expect(names((await call("GET", "/QT/_apis/wit/classificationnodes/areas?$depth=5")).body)).toEqual({
      QT: [{ Suppliers: ["ABCD-X", "ABCD-XY", "EFGH-X"] }, { LDSO: ["IJKL-R"] }],
    });
  });

  it("finds a node by path, encoded in one segment or written with slashes", async () => {
    const encoded = await call("GET", "/QT/_apis/wit/classificationnodes/Areas/suppliers%5Cabcd-x");
    expect(encoded.body).toMatchObject({ name: "ABCD-X", path: "\\QT\\Area\\Suppliers\\ABCD-X", hasChildren: false });
    expect(encoded.body.url).toBe(
      `${sandbox.orgUrl}/00000000-0000-0000-0000-0000000000aa/_apis/wit/classificationNodes/Areas/Suppliers/ABCD-X`,
    );
    expect((await call("GET", "/QT/_apis/wit/classificationnodes/Areas/Suppliers/EFGH-X")).body.name).toBe("EFGH-X");
    expect((await call("GET", "/QT/_apis/wit/classificationnodes/Areas/Nowhere")).status).toBe(404);
    expect((await call("GET", "/QT/_apis/wit/classificationnodes/Sprints")).status).toBe(400);
  });

  it("lists the area and iteration roots", async () => {
    const roots = await call("GET", "/QT/_apis/wit/classificationnodes?$depth=1");
    expect(roots.body.value.map((n: { structureType: string; name: string }) => [n.structureType, n.name])).toEqual([
      ["area", "QT"],
      ["iteration", "QT"],
    ]);
    expect(roots.body.value[1].id).toBe(107); // one past the largest area id (QT 100 … IJKL-R 106)
  });
});

describe("azure-devops-node-api's WorkItemTrackingApi, unchanged", () => {
  const client = async () =>
    new azdev.WebApi(sandbox.orgUrl, azdev.getPersonalAccessTokenHandler(WIT_TOKEN)).getWorkItemTrackingApi();

  it("runs WIQL and converts the enums and the date", async () => {
    const wit = await client();
    const result = await wit.queryByWiql(
      {
        query:
          "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.AreaPath] UNDER 'QT\\Suppliers\\ABCD-X'",
      },
      { project: "QT" },
    );
    expect(result.workItems?.map((w) => w.id)).toEqual([1, 2, 7]);
    expect(result.queryType).toBe(QueryType.Flat);
    expect(result.queryResultType).toBe(QueryResultType.WorkItem);
    expect(result.asOf).toBeInstanceOf(Date);
  });

  it("batches work items with fields, and omits missing ones when asked", async () => {
    const wit = await client();
    const items = await wit.getWorkItemsBatch(
      { ids: [1, 3], fields: ["System.Title", "Microsoft.VSTS.Common.Severity"] },
      "QT",
    );
    expect(items.map((w) => [w.id, w.fields?.["Microsoft.VSTS.Common.Severity"]])).toEqual([
      [1, "1 - Critical"],
      [3, "3 - Medium"],
    ]);
    const omitted = await wit.getWorkItems(
      [1, 99],
      ["System.Id"],
      undefined,
      undefined,
      WorkItemErrorPolicy.Omit,
      "QT",
    );
    expect(omitted.map((w) => w && w.id)).toEqual([1, null]);
  });

  it("throws the service's error for too many ids, and resolves a missing work item to null", async () => {
    const wit = await client();
    const ids = Array.from({ length: 201 }, (_, i) => i + 1);
    await expect(wit.getWorkItemsBatch({ ids, fields: ["System.Id"] }, "QT")).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("VS403474"),
    });
    expect(await wit.getWorkItem(99, undefined, undefined, undefined, "QT")).toBeNull();
  });

  it("reads a type's states and a field's allowed values", async () => {
    const wit = await client();
    const states = await wit.getWorkItemTypeStates("QT", "Bug");
    expect(states.map((s) => [s.name, s.category])).toEqual([
      ["New", "Proposed"],
      ["Active", "InProgress"],
      ["Resolved", "Resolved"],
      ["Closed", "Completed"],
      ["Removed", "Removed"],
    ]);
    const severity = await wit.getWorkItemTypeFieldWithReferences(
      "QT",
      "Bug",
      "Microsoft.VSTS.Common.Severity",
      WorkItemTypeFieldsExpandLevel.AllowedValues,
    );
    expect(severity.allowedValues).toEqual(STOCK_SEVERITIES);
  });

  it("reads the area tree", async () => {
    const wit = await client();
    // TreeStructureGroup.Areas is 0, which the client drops from the route, so this call reaches the root-nodes
    // resource and resolves to its raw {count, value} list (enums left as names) — as it does against the service.
    const roots = (await wit.getClassificationNode("QT", TreeStructureGroup.Areas, undefined, 5)) as unknown as {
      value: { structureType: string; children?: { name: string }[] }[];
    };
    const area = roots.value.find((n) => n.structureType === "area");
    expect(area?.children?.map((c) => c.name)).toEqual(["Suppliers", "LDSO"]);
    const viaRoots = await wit.getRootNodes("QT", 2);
    expect(viaRoots[0].children?.[0].children?.map((c) => c.name)).toEqual(["ABCD-X", "ABCD-XY", "EFGH-X"]);
    const iterations = await wit.getClassificationNode("QT", TreeStructureGroup.Iterations, undefined, 1);
    expect(iterations.structureType).toBe(TreeNodeStructureType.Iteration);
  });
});
