import { RunningSandbox, startSandbox } from "../../sandbox/server";
import { witRoutes } from "../../sandbox/routes/wit";
import { loadSwagger, operationExamples, responseValidator } from "./support/swagger";
import { basic, WIT_TOKEN, witState } from "./support/wit-state";

/**
 * Every wit response the sandbox serves validates against the official 7.1 schema of its operation — closed to
 * members the schema does not declare, so a misspelt property fails — and the spec's own example responses
 * validate against the same schemas (a check on the loader, which reads them open: the examples are older
 * than the schemas and carry members the schemas no longer list).
 */
const swagger = loadSwagger("wit", "workItemTracking.json");

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ state: witState(), routes: [witRoutes] });
});
afterAll(() => sandbox.close());

async function fetchJson(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${sandbox.orgUrl}${path}`, {
    method,
    headers: {
      authorization: basic(WIT_TOKEN),
      accept: "application/json;api-version=7.1",
      "content-type": "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

const P = "/{organization}/{project}/_apis/wit";

/** Each operation the sandbox implements, with requests that exercise its response shapes. */
const OPERATIONS: { path: string; method: string; requests: { method?: string; path: string; body?: unknown }[] }[] = [
  {
    path: "/{organization}/{project}/{team}/_apis/wit/wiql",
    method: "post",
    requests: [
      {
        path: "/QT/_apis/wit/wiql",
        body: {
          query:
            "SELECT [System.Id], [System.Title] FROM WorkItems WHERE [System.TeamProject] = @project ORDER BY [System.CreatedDate] DESC",
        },
      },
      { path: "/_apis/wit/wiql?$top=1", body: { query: "SELECT [System.Id] FROM WorkItems WHERE [System.Id] = 404" } },
    ],
  },
  {
    path: `${P}/workitems`,
    method: "get",
    requests: [
      { path: "/QT/_apis/wit/workitems?ids=1,3,7" },
      { path: "/QT/_apis/wit/workitems?ids=1,7&$expand=all" },
      { path: "/_apis/wit/workitems?ids=2,4&fields=System.Id,System.State,Microsoft.VSTS.Common.Severity" },
    ],
  },
  { path: `${P}/workitems/{id}`, method: "get", requests: [{ path: "/QT/_apis/wit/workitems/7" }] },
  {
    path: `${P}/workitemsbatch`,
    method: "post",
    requests: [
      {
        path: "/QT/_apis/wit/workitemsbatch",
        body: { ids: [1, 2, 3], fields: ["System.Id", "System.Title", "System.AssignedTo"] },
      },
      { path: "/QT/_apis/wit/workitemsbatch", body: { ids: [7], $expand: "links" } },
    ],
  },
  { path: `${P}/workitemtypes`, method: "get", requests: [{ path: "/QT/_apis/wit/workitemtypes" }] },
  { path: `${P}/workitemtypes/{type}`, method: "get", requests: [{ path: "/QT/_apis/wit/workitemtypes/Bug" }] },
  {
    path: `${P}/workitemtypes/{type}/states`,
    method: "get",
    requests: [{ path: "/QT/_apis/wit/workitemtypes/Bug/states" }],
  },
  {
    path: `${P}/workitemtypes/{type}/fields`,
    method: "get",
    requests: [
      { path: "/QT/_apis/wit/workitemtypes/Bug/fields" },
      { path: "/QT/_apis/wit/workitemtypes/Bug/fields?$expand=all" },
    ],
  },
  {
    path: `${P}/workitemtypes/{type}/fields/{field}`,
    method: "get",
    requests: [
      { path: "/QT/_apis/wit/workitemtypes/Bug/fields/Microsoft.VSTS.Common.Severity?$expand=allowedValues" },
      { path: "/QT/_apis/wit/workitemtypes/Bug/fields/System.Title" },
    ],
  },
  { path: `${P}/fields`, method: "get", requests: [{ path: "/_apis/wit/fields" }, { path: "/QT/_apis/wit/fields" }] },
  {
    path: `${P}/fields/{fieldNameOrRefName}`,
    method: "get",
    requests: [{ path: "/_apis/wit/fields/System.AssignedTo" }],
  },
  {
    path: `${P}/classificationnodes/{structureGroup}/{path}`,
    method: "get",
    requests: [
      { path: "/QT/_apis/wit/classificationnodes/Areas?$depth=10" },
      { path: "/QT/_apis/wit/classificationnodes/Areas/Suppliers?$depth=1" },
      { path: "/QT/_apis/wit/classificationnodes/Iterations" },
    ],
  },
  {
    path: `${P}/classificationnodes`,
    method: "get",
    requests: [{ path: "/QT/_apis/wit/classificationnodes?$depth=3" }],
  },
];

describe("sandbox wit responses validate against the 7.1 swagger", () => {
  for (const op of OPERATIONS) {
    it(`${op.method.toUpperCase()} ${op.path}`, async () => {
      const validate = responseValidator(swagger, op.path, op.method, 200, { closed: true });
      for (const request of op.requests) {
        const body = await fetchJson(request.method ?? op.method.toUpperCase(), request.path, request.body);
        expect({ request: request.path, problems: validate(body) }).toEqual({ request: request.path, problems: [] });
      }
    });
  }

  it("work items omitted by errorPolicy=omit are nulls in an otherwise valid list", async () => {
    // The spec cannot say an item may be null; the service sends null in place of each omitted item.
    const body = (await fetchJson("POST", "/QT/_apis/wit/workitemsbatch", { ids: [1, 99], errorPolicy: "omit" })) as {
      count: number;
      value: unknown[];
    };
    expect(body.value[1]).toBeNull();
    const present = { count: 1, value: body.value.filter((w) => w !== null) };
    expect(responseValidator(swagger, `${P}/workitemsbatch`, "post", 200, { closed: true })(present)).toEqual([]);
  });

  it("the closed schema catches a misspelt member and a wrong type", () => {
    const validate = responseValidator(swagger, `${P}/workitemtypes/{type}/states`, "get", 200, { closed: true });
    expect(validate({ count: 1, value: [{ name: "New", colour: "b2b2b2", category: "Proposed" }] })).toEqual([
      "/0 must NOT have unevaluated properties 'colour'",
    ]);
    expect(validate([{ name: 7 }])).toEqual(["/0/name must be string"]);
    expect(validate({ count: 2, value: [] })).toEqual(["count is 2 but value has 0 items"]);
    // Through allOf: WorkItem extends WorkItemTrackingResource (_links) and WorkItemTrackingResourceReference (url).
    const workItem = responseValidator(swagger, `${P}/workitems/{id}`, "get", 200, { closed: true });
    expect(
      workItem({ id: 1, rev: 1, fields: { "System.Title": "t" }, _links: { self: { href: "h" } }, url: "u" }),
    ).toEqual([]);
    expect(workItem({ id: 1, revision: 1, url: "u" })).toEqual([
      "(body) must NOT have unevaluated properties 'revision'",
    ]);
    expect(workItem({ id: 1, fields: null })).toEqual(["/fields must be object"]);
  });
});

describe("the spec's example responses validate against the same schemas", () => {
  const withExamples = OPERATIONS.map((op) => ({ ...op, examples: operationExamples(swagger, op.path, op.method) }));

  it("has examples for most implemented operations", () => {
    const covered = withExamples.filter((op) => op.examples.length > 0).length;
    expect(covered).toBeGreaterThanOrEqual(OPERATIONS.length - 2);
  });

  for (const op of withExamples) {
    for (const example of op.examples.filter((e) => e.status === "200")) {
      it(`${op.method.toUpperCase()} ${op.path}: ${example.title}`, () => {
        expect(responseValidator(swagger, op.path, op.method, 200, { nullable: true })(example.body)).toEqual([]);
      });
    }
  }
});
