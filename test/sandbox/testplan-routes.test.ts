import { WebApi, getPersonalAccessTokenHandler } from "azure-devops-node-api";
import { CONTINUATION_HEADER, PAGE_SIZE } from "../../sandbox/routes/continuation";
import { discoveryRoutes } from "../../sandbox/routes/discovery";
import { RESOURCE_AREAS, allLocations } from "../../sandbox/routes/locations";
import { legacyTestRoutes, MAX_RESULTS } from "../../sandbox/routes/test";
import { testPlanRoutes } from "../../sandbox/routes/testplan";
import { RunningSandbox, startSandbox } from "../../sandbox/server";
import {
  EMPTY_PLAN_ID,
  GROUP_RUN,
  GROUP_SUITE,
  INACTIVE_PLAN_ID,
  LARGE_POINTS,
  LARGE_RUN,
  LARGE_SUITE,
  LARGE_TEST_CASES,
  NESTED_SUITE,
  PLAN_ID,
  PROFILE_TOKEN,
  PROJECT,
  PROJECT_ID,
  ROOT_SUITE,
  TOKEN,
  WORK_ONLY_TOKEN,
  basic,
  testState,
} from "./support/test-state";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ state: testState(), routes: [discoveryRoutes, testPlanRoutes, legacyTestRoutes] });
});
afterAll(() => sandbox.close());

const JSON_71 = "application/json;api-version=7.1";
/** What azure-devops-extension-api's browser clients send. */
const BROWSER_ACCEPT =
  "application/json;api-version=7.2-preview.2;excludeUrls=true;enumsAsNumbers=true;msDateFormat=true;noArrayWrap=true";

interface Options {
  token?: string;
  accept?: string;
  method?: string;
}

function call(path: string, { token = TOKEN, accept = JSON_71, method = "GET" }: Options = {}): Promise<Response> {
  return fetch(`${sandbox.orgUrl}/${path}`, { method, headers: { authorization: basic(token), accept } });
}

async function json<T = Record<string, unknown>>(
  path: string,
  options?: Options,
): Promise<{ status: number; body: T; next: string | null }> {
  const res = await call(path, options);
  return { status: res.status, body: (await res.json()) as T, next: res.headers.get(CONTINUATION_HEADER) };
}

type Obj = Record<string, unknown>;
type Wrapped = { count: number; value: Obj[] };

/** How many results a run holds in the test state. */
const resultCount = (run: number) => testState().projects[0].resultsByRun.get(run)?.length ?? 0;

const tp = (path: string) => `${PROJECT}/_apis/testplan/${path}`;
const legacy = (path: string) => `${PROJECT}/_apis/test/${path}`;

/** Follows x-ms-continuationtoken until the last page; returns every item and the size of each page. */
async function pageAll(path: string, options?: Options): Promise<{ items: Obj[]; sizes: number[]; tokens: string[] }> {
  const items: Obj[] = [];
  const sizes: number[] = [];
  const tokens: string[] = [];
  let token: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const url: string = token ? `${path}${sep}continuationToken=${encodeURIComponent(token)}` : path;
    const { status, body, next } = await json<Wrapped>(url, options);
    expect(status).toBe(200);
    items.push(...body.value);
    sizes.push(body.value.length);
    token = next;
    if (token) tokens.push(token);
  } while (token && sizes.length < 100);
  return { items, sizes, tokens };
}

describe("testplan: plans", () => {
  it("lists the project's plans in id order, without details by default", async () => {
    const { status, body, next } = await json<Wrapped>(tp("plans"));
    expect(status).toBe(200);
    expect(next).toBeNull();
    expect(body.value.map((p) => p.id)).toEqual([PLAN_ID, INACTIVE_PLAN_ID, EMPTY_PLAN_ID]);
    expect(body.value[0]).toMatchObject({
      name: "QT ABCD-X",
      state: "Active",
      rootSuite: { id: ROOT_SUITE },
      project: { id: PROJECT_ID },
    });
    expect(body.value[0]).not.toHaveProperty("owner");
  });

  it("filters active plans and adds details when asked", async () => {
    const { body } = await json<Wrapped>(tp("plans?filterActivePlans=true&includePlanDetails=true"));
    expect(body.value.map((p) => p.id)).toEqual([PLAN_ID, EMPTY_PLAN_ID]);
    expect(body.value[0]).toMatchObject({
      owner: { displayName: "Bob Assurer" },
      startDate: "2025-01-20T00:00:00.000Z",
    });
  });

  it("filters by owner", async () => {
    const { body } = await json<Wrapped>(tp("plans?owner=alice@example.org"));
    expect(body.value.map((p) => p.id)).toEqual([INACTIVE_PLAN_ID]);
  });

  it("pages with the service's token format (a token's second part sets the page size)", async () => {
    const first = await json<Wrapped>(tp("plans?continuationToken=0;1"));
    expect(first.body.value.map((p) => p.id)).toEqual([PLAN_ID]);
    expect(first.next).toBe(`${INACTIVE_PLAN_ID};0`);
    const rest = await json<Wrapped>(tp(`plans?continuationToken=${first.next}`));
    expect(rest.body.value.map((p) => p.id)).toEqual([INACTIVE_PLAN_ID, EMPTY_PLAN_ID]);
    expect(rest.next).toBeNull();
  });

  it("gets a plan by id with details, and 404s an unknown one", async () => {
    const { status, body } = await json(tp(`plans/${PLAN_ID}`));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: PLAN_ID,
      owner: { uniqueName: "bob@example.org" },
      endDate: "2025-09-29T00:00:00.000Z",
    });
    const missing = await json(tp("plans/999"));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ typeKey: "TestObjectNotFoundException" });
  });

  it("answers 404 for an unknown project and 400 for a non-numeric plan id", async () => {
    expect((await call(`Nope/_apis/testplan/plans`)).status).toBe(404);
    expect((await call(tp("plans/abc"))).status).toBe(400);
  });
});

describe("testplan: suites", () => {
  it("lists a plan's suites flat, in id order", async () => {
    const { body, next } = await json<Wrapped>(tp(`Plans/${PLAN_ID}/Suites`));
    expect(next).toBeNull();
    expect(body.value.map((s) => s.id)).toEqual([ROOT_SUITE, GROUP_SUITE, LARGE_SUITE, NESTED_SUITE]);
    expect(body.value[1]).toMatchObject({
      parentSuite: { id: ROOT_SUITE },
      plan: { id: PLAN_ID },
      suiteType: "staticTestSuite",
      hasChildren: true,
    });
    expect(body.value[0]).not.toHaveProperty("parentSuite");
    expect(body.value[0]).not.toHaveProperty("children");
  });

  it("nests the whole tree with asTreeView", async () => {
    const { body } = await json<Wrapped>(tp(`Plans/${PLAN_ID}/Suites?asTreeView=true`));
    expect(body.value).toHaveLength(1);
    const root = body.value[0] as { id: number; children: { id: number; children?: { id: number }[] }[] };
    expect(root.id).toBe(ROOT_SUITE);
    expect(root.children.map((c) => c.id)).toEqual([GROUP_SUITE, LARGE_SUITE]);
    expect(root.children[0].children?.map((c) => c.id)).toEqual([NESTED_SUITE]);
    expect(root.children[1]).not.toHaveProperty("children");
  });

  it("expands children by name or by SuiteExpand number, and rejects an unknown expand", async () => {
    for (const expand of ["Children", "1", "Children,%20DefaultTesters"]) {
      const { body } = await json(tp(`Plans/${PLAN_ID}/Suites/${ROOT_SUITE}?expand=${expand}`));
      expect((body.children as Obj[]).map((c) => c.id)).toEqual([GROUP_SUITE, LARGE_SUITE]);
    }
    const testers = await json(tp(`Plans/${PLAN_ID}/Suites/${ROOT_SUITE}?expand=DefaultTesters`));
    expect(testers.body).toMatchObject({ defaultTesters: [{ displayName: "Bob Assurer" }] });
    expect((await call(tp(`Plans/${PLAN_ID}/Suites/${ROOT_SUITE}?expand=everything`))).status).toBe(400);
  });

  it("404s a suite of another plan", async () => {
    expect((await call(tp(`Plans/${INACTIVE_PLAN_ID}/Suites/${GROUP_SUITE}`))).status).toBe(404);
    expect((await call(tp(`Plans/${PLAN_ID}/Suites/999/TestPoint`))).status).toBe(404);
  });
});

describe("testplan: test points", () => {
  const points = (suite: number, query = "") => tp(`Plans/${PLAN_ID}/Suites/${suite}/TestPoint${query}`);

  it("pages all 1,250 points of the large suite through x-ms-continuationtoken, each exactly once", async () => {
    const { items, sizes, tokens } = await pageAll(points(LARGE_SUITE));
    expect(sizes).toEqual([200, 200, 200, 200, 200, 200, 50]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(PAGE_SIZE);
    const ids = items.map((p) => p.id as number);
    expect(new Set(ids).size).toBe(LARGE_POINTS);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // The service's tokens: the id of the next page's first point, then the page size (0 = default).
    expect(tokens.every((t) => /^\d+;0$/.test(t))).toBe(true);
    expect(new Set(items.map((p) => (p.configuration as Obj).id))).toEqual(new Set([1, 2, 3]));
  });

  it("includes child suites' points with isRecursive, sorted by id across suites", async () => {
    const { items } = await pageAll(points(ROOT_SUITE, "?isRecursive=true"));
    const ids = items.map((p) => p.id as number);
    expect(ids).toHaveLength(2 + 10 + 3 + LARGE_POINTS);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(items.map((p) => (p.testSuite as Obj).id))).toEqual(
      new Set([ROOT_SUITE, GROUP_SUITE, LARGE_SUITE, NESTED_SUITE]),
    );
    const flat = await json<Wrapped>(points(GROUP_SUITE));
    expect(flat.body.value).toHaveLength(10);
    const recursive = await json<Wrapped>(points(GROUP_SUITE, "?isRecursive=true"));
    expect(recursive.body.value).toHaveLength(13);
  });

  it("builds the spec's TestPoint shape, with enum names and ISO dates by default", async () => {
    const { body } = await json<Wrapped>(points(GROUP_SUITE));
    const point = body.value[0];
    expect(point).toMatchObject({
      testPlan: { id: PLAN_ID, name: "QT ABCD-X" },
      testSuite: { id: GROUP_SUITE, name: "Scenario group 1" },
      testCaseReference: { id: 2011, name: "Scenario 1 case 2011", state: "Ready" },
      configuration: { id: 1, name: "Windows 10" },
      isActive: true,
      isAutomated: false,
      project: { id: PROJECT_ID, name: PROJECT },
      results: {
        outcome: "passed",
        state: "completed",
        lastResultState: "completed",
        lastTestRunId: GROUP_RUN,
        failureType: "none",
        lastResolutionState: "none",
      },
    });
    expect(point.lastUpdatedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect((point.results as Obj).lastResultDetails).toMatchObject({ runBy: { displayName: expect.any(String) } });
    expect(point).toHaveProperty("links");
    expect(point).toHaveProperty("lastUpdatedBy");
  });

  it("honours the browser clients' Accept options: bare arrays, numeric enums, /Date(ms)/ dates", async () => {
    const res = await call(points(GROUP_SUITE), { accept: BROWSER_ACCEPT });
    const body = (await res.json()) as Obj[];
    expect(Array.isArray(body)).toBe(true);
    expect(body).toHaveLength(10);
    const results = body[0].results as Obj;
    expect(results.outcome).toBe(2);
    expect(results.state).toBe(2);
    expect(results.lastResultState).toBe(5);
    expect(body[0].lastUpdatedDate).toMatch(/^\/Date\(\d+\)\/$/);
    expect(body.map((p) => (p.results as Obj).outcome)).toEqual(expect.arrayContaining([2, 3]));
    // Paging works the same in the browser form.
    const large = await call(points(LARGE_SUITE), { accept: BROWSER_ACCEPT });
    expect(((await large.json()) as Obj[]).length).toBe(200);
    expect(large.headers.get(CONTINUATION_HEADER)).toMatch(/^\d+;0$/);
  });

  it("gives the smaller payload with includePointDetails=false", async () => {
    const { body } = await json<Wrapped>(points(GROUP_SUITE, "?includePointDetails=false"));
    expect(body.value[0]).not.toHaveProperty("links");
    expect(body.value[0]).not.toHaveProperty("project");
    expect(body.value[0]).toMatchObject({ results: { outcome: "passed" }, testCaseReference: { id: 2011 } });
  });

  it("filters by test case and by point ids, and fetches named points", async () => {
    const byCase = await json<Wrapped>(points(LARGE_SUITE, "?testCaseId=3000,3001"));
    expect(byCase.body.value.map((p) => (p.testCaseReference as Obj).id)).toEqual([3000, 3000, 3000, 3001, 3001, 3001]);
    const ids = byCase.body.value.slice(0, 2).map((p) => p.id);
    const byId = await json<Wrapped>(points(LARGE_SUITE, `?testPointIds=${ids.join(",")}`));
    expect(byId.body.value.map((p) => p.id)).toEqual(ids);
    const named = await json<Wrapped>(points(LARGE_SUITE, `?pointId=${ids[0]}`));
    expect(named.body.value.map((p) => p.id)).toEqual([ids[0]]);
    const byPath = await json<Wrapped>(points(LARGE_SUITE, `/${ids.join(",")}`));
    expect(byPath.body.value.map((p) => p.id)).toEqual(ids);
  });

  it("returns the test case's assignee as an IdentityRef only with returnIdentityRef=true", async () => {
    const plain = await json<Wrapped>(points(GROUP_SUITE));
    expect((plain.body.value[0].testCaseReference as Obj).assignedTo).toEqual({
      displayName: "Alice Tester <alice@example.org>",
    });
    const refs = await json<Wrapped>(points(GROUP_SUITE, "?returnIdentityRef=true"));
    expect((refs.body.value[0].testCaseReference as Obj).assignedTo).toMatchObject({
      uniqueName: "alice@example.org",
      id: expect.any(String),
    });
  });

  it.each(["abc", "1;2;3", "12x", "1;6000", "99999999999", ";"])(
    "answers 400 to the invalid token %p",
    async (token) => {
      const res = await call(points(LARGE_SUITE, `?continuationToken=${encodeURIComponent(token)}`));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ typeKey: "ArgumentOutOfRangeException" });
    },
  );

  it("rejects negative watermarks for plans and suites, but not for points (as the service parses them)", async () => {
    expect((await call(tp("plans?continuationToken=-1"))).status).toBe(400);
    expect((await call(tp(`Plans/${PLAN_ID}/Suites?continuationToken=-5;0`))).status).toBe(400);
    const res = await json<Wrapped>(points(GROUP_SUITE, "?continuationToken=-1"));
    expect(res.status).toBe(200);
    expect(res.body.value).toHaveLength(10);
  });

  it("needs the vso.test scope", async () => {
    const res = await call(points(GROUP_SUITE), { token: WORK_ONLY_TOKEN });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ message: expect.stringContaining("TF400813") });
  });
});

describe("testplan: test cases and configurations", () => {
  const cases = (suite: number, query = "") => tp(`Plans/${PLAN_ID}/Suites/${suite}/TestCase${query}`);

  it("pages the large suite's test cases by their order in the suite", async () => {
    const { items, sizes, tokens } = await pageAll(cases(LARGE_SUITE));
    expect(sizes).toEqual([200, 200, LARGE_TEST_CASES - 400]);
    expect(tokens).toEqual(["201;0", "401;0"]);
    expect(items.map((c) => (c.workItem as Obj).id)).toEqual(
      Array.from({ length: LARGE_TEST_CASES }, (_, i) => 3000 + i),
    );
    expect(items[0]).toMatchObject({
      testPlan: { id: PLAN_ID },
      testSuite: { id: LARGE_SUITE },
      order: 1,
      workItem: { name: "Large scenario case 3000" },
    });
    expect(items[0].pointAssignments as Obj[]).toHaveLength(3);
    expect((items.at(-1)?.pointAssignments as Obj[]).map((a) => a.configurationName)).toEqual(["Windows 10", "Chrome"]);
  });

  it("filters, trims and recurses like the service", async () => {
    const byConfig = await pageAll(cases(LARGE_SUITE, "?configurationIds=3"));
    expect(byConfig.items).toHaveLength(LARGE_TEST_CASES - 1);
    const lean = await json<Wrapped>(cases(GROUP_SUITE, "?expand=false&excludeFlags=1"));
    expect(lean.body.value[0]).not.toHaveProperty("testPlan");
    expect(lean.body.value[0]).not.toHaveProperty("pointAssignments");
    const fields = await json<Wrapped>(cases(GROUP_SUITE, "?witFields=System.Title,System.AssignedTo"));
    expect((fields.body.value[0].workItem as Obj).workItemFields).toEqual([
      { "System.Title": "Scenario 1 case 2011" },
      { "System.AssignedTo": "Alice Tester <alice@example.org>" },
    ]);
    const recursive = await json<Wrapped>(cases(GROUP_SUITE, "?isRecursive=true"));
    expect(recursive.body.value.map((c) => (c.workItem as Obj).id)).toEqual([
      2011, 2012, 2013, 2014, 2015, 2021, 2022, 2023,
    ]);
    const one = await json<Wrapped>(cases(GROUP_SUITE, "/2012"));
    expect(one.body.value.map((c) => (c.workItem as Obj).id)).toEqual([2012]);
  });

  it("lists configurations", async () => {
    const { body } = await json<Wrapped>(tp("configurations"));
    expect(body.value.map((c) => [c.id, c.name, c.state])).toEqual([
      [1, "Windows 10", "active"],
      [2, "Chrome", "active"],
      [3, "Firefox", "active"],
    ]);
  });
});

describe("legacy test: runs, results, points", () => {
  it("lists runs, filtered by plan and paged with $top/$skip", async () => {
    const all = await json<Wrapped>(legacy("runs"));
    expect(all.body.value.map((r) => r.id)).toEqual([LARGE_RUN, GROUP_RUN, 3]);
    expect(all.body.value[0]).toMatchObject({ state: "InProgress", plan: { id: String(PLAN_ID) } });
    expect(all.body.value[0]).not.toHaveProperty("totalTests");
    const plan = await json<Wrapped>(legacy(`runs?planId=${PLAN_ID}&$top=1&$skip=1`));
    expect(plan.body.value.map((r) => r.id)).toEqual([GROUP_RUN]);
    const details = await json<Wrapped>(legacy(`runs?planId=${PLAN_ID}&includeRunDetails=true`));
    expect(details.body.value[1]).toMatchObject({
      totalTests: resultCount(GROUP_RUN),
      runStatistics: expect.any(Array),
    });
  });

  it("gets a run with its statistics", async () => {
    const { body } = await json(legacy(`runs/${GROUP_RUN}`));
    const stats = body.runStatistics as { outcome: string; count: number }[];
    expect(stats.reduce((n, s) => n + s.count, 0)).toBe(body.totalTests);
    expect(body.passedTests).toBe(stats.filter((s) => s.outcome === "Passed").reduce((n, s) => n + s.count, 0));
    expect((await call(legacy("runs/77"))).status).toBe(404);
  });

  it("returns at most 1,000 results, rejects a larger $top, and pages with $skip", async () => {
    const first = await json<Wrapped>(legacy(`Runs/${LARGE_RUN}/results`));
    expect(first.body.value).toHaveLength(MAX_RESULTS);
    expect(first.next).toBeNull();
    const tooMany = await call(legacy(`Runs/${LARGE_RUN}/results?$top=1001`));
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ typeKey: "InvalidPropertyException" });
    const withDetails = await call(legacy(`Runs/${LARGE_RUN}/results?$top=201&detailsToInclude=WorkItems`));
    expect(withDetails.status).toBe(400);
    const rest = await json<Wrapped>(legacy(`Runs/${LARGE_RUN}/results?$skip=1000&$top=1000`));
    const total = resultCount(LARGE_RUN);
    expect(total).toBeGreaterThan(MAX_RESULTS);
    expect(rest.body.value).toHaveLength(total - MAX_RESULTS);
    const ids = [...first.body.value, ...rest.body.value].map((r) => r.id);
    expect(new Set(ids).size).toBe(total);
  });

  it("spells outcomes and states PascalCase, even when enums are asked for as numbers", async () => {
    const { body } = await json<Wrapped>(legacy(`Runs/${GROUP_RUN}/results`));
    expect(body.value[0]).toMatchObject({
      outcome: "Passed",
      state: "Completed",
      testRun: { id: String(GROUP_RUN) },
      testCaseTitle: "Scenario 1 case 2011",
    });
    const browser = (await (
      await call(legacy(`Runs/${GROUP_RUN}/results`), { accept: BROWSER_ACCEPT })
    ).json()) as Obj[];
    expect(browser[0].outcome).toBe("Passed");
    expect(browser[0].startedDate).toMatch(/^\/Date\(\d+\)\/$/);
  });

  it("filters results by outcome names, case-insensitively, and rejects unknown outcomes", async () => {
    const { body } = await json<Wrapped>(legacy(`Runs/${LARGE_RUN}/results?outcomes=failed,NotApplicable&$top=1000`));
    expect(new Set(body.value.map((r) => r.outcome))).toEqual(new Set(["Failed", "NotApplicable"]));
    expect((await call(legacy(`Runs/${LARGE_RUN}/results?outcomes=Great`))).status).toBe(400);
  });

  it("lists a suite's points the legacy way, with $top/$skip and PascalCase outcomes", async () => {
    const page = await json<Wrapped>(legacy(`Plans/${PLAN_ID}/Suites/${LARGE_SUITE}/points?$skip=2&$top=3`));
    expect(page.body.value).toHaveLength(3);
    expect(page.body.value.map((p) => p.outcome)).toEqual(["Failed", "Passed", "Blocked"]);
    expect(page.body.value[0]).toMatchObject({ configuration: { id: "3" }, testCase: { id: "3000" }, state: "Ready" });
    expect(page.body.value[0]).not.toHaveProperty("testPlan");
    const all = await json<Wrapped>(legacy(`Plans/${PLAN_ID}/Suites/${LARGE_SUITE}/points`));
    expect(all.body.value).toHaveLength(LARGE_POINTS);
    const detailed = await json<Wrapped>(
      legacy(`Plans/${PLAN_ID}/Suites/${GROUP_SUITE}/points?includePointDetails=true`),
    );
    expect(detailed.body.value[0]).toMatchObject({
      testPlan: { id: String(PLAN_ID) },
      suite: { id: String(GROUP_SUITE) },
      lastResultState: "Completed",
    });
  });
});

describe("discovery", () => {
  it("answers OPTIONS per area with the locations node-api looks up", async () => {
    for (const area of ["testplan", "Test", "core", "Location", "wit", "ExtensionManagement"]) {
      const { status, body } = await json<Wrapped>(`_apis/${area}`, { method: "OPTIONS" });
      expect(status).toBe(200);
      expect(body.count).toBeGreaterThan(0);
      for (const loc of body.value)
        expect(Object.keys(loc).sort()).toEqual([
          "area",
          "id",
          "maxVersion",
          "minVersion",
          "releasedVersion",
          "resourceName",
          "resourceVersion",
          "routeTemplate",
        ]);
    }
    const { body } = await json<Wrapped>("_apis/testplan", { method: "OPTIONS" });
    expect(body.value.map((l) => l.id)).toContain("52df686e-bae4-4334-b0ee-b6cf4e6f6b73");
    expect(allLocations().some((l) => l.id === "bbe06c18-1c8b-4fcd-b9c6-1535aaab8749")).toBe(true);
  });

  it("lists resource areas with the organisation as their location", async () => {
    const { body } = await json<Wrapped>("_apis/ResourceAreas");
    expect(body.value.map((a) => a.id)).toEqual(RESOURCE_AREAS.map((a) => a.id));
    expect(new Set(body.value.map((a) => a.locationUrl))).toEqual(new Set([`${sandbox.orgUrl}/`]));
    const one = await json(`_apis/ResourceAreas/e4c27205-9d23-4c98-b958-d798bc3f9cd4`);
    expect(one.body).toMatchObject({ name: "testplan" });
  });

  it("describes the connection", async () => {
    const { body } = await json("_apis/connectionData");
    expect(body).toMatchObject({
      authenticatedUser: { providerDisplayName: "Alice Tester" },
      instanceId: testState().organization.id,
      locationServiceData: { accessMappings: [{ accessPoint: `${sandbox.orgUrl}/` }] },
    });
  });

  it("lists projects for vso.project or vso.profile, but not for vso.work alone", async () => {
    const { body } = await json<Wrapped>("_apis/projects");
    expect(body.value).toEqual([
      expect.objectContaining({ id: PROJECT_ID, name: PROJECT, state: "wellFormed", visibility: "private" }),
    ]);
    expect((await call("_apis/projects", { token: PROFILE_TOKEN })).status).toBe(200);
    const denied = await call("_apis/projects", { token: WORK_ONLY_TOKEN });
    expect(denied.status).toBe(401);
    const byName = await json(`_apis/projects/${PROJECT}?includeCapabilities=true`);
    expect(byName.body).toMatchObject({
      id: PROJECT_ID,
      defaultTeam: { name: "QT Team" },
      capabilities: { processTemplate: { templateName: "Agile" } },
    });
    expect((await call("_apis/projects/Nope")).status).toBe(404);
  });
});

describe("the official azure-devops-node-api 17 client, unchanged", () => {
  const webApi = () => new WebApi(sandbox.orgUrl, getPersonalAccessTokenHandler(TOKEN));

  it("discovers the testplan area and lists plans, suites and the first page of points", async () => {
    const api = await webApi().getTestPlanApi();
    const plans = await api.getTestPlans(PROJECT);
    expect(plans.map((p) => p.id)).toEqual([PLAN_ID, INACTIVE_PLAN_ID, EMPTY_PLAN_ID]);
    const suites = await api.getTestSuitesForPlan(PROJECT, PLAN_ID);
    expect(suites.map((s) => s.id)).toEqual([ROOT_SUITE, GROUP_SUITE, LARGE_SUITE, NESTED_SUITE]);
    const points = await api.getPointsList(PROJECT, PLAN_ID, GROUP_SUITE);
    expect(points).toHaveLength(10);
    // node-api converts enum names to numbers: passed arrives as 2.
    expect(points[0].results.outcome).toBe(2);
    expect(points[0].lastUpdatedDate).toBeInstanceOf(Date);
    // It does not expose the continuation header: a large suite gives its first page only.
    expect(await api.getPointsList(PROJECT, PLAN_ID, LARGE_SUITE)).toHaveLength(PAGE_SIZE);
    const recursive = await api.getPointsList(
      PROJECT,
      PLAN_ID,
      GROUP_SUITE,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      true,
    );
    expect(recursive).toHaveLength(13);
  });

  it("pages every point of the large suite through the client's own versioning data and rest client", async () => {
    const api = await webApi().getTestPlanApi();
    const ids: number[] = [];
    let continuationToken: string | undefined;
    let requests = 0;
    do {
      const verData = await api.vsoClient.getVersioningData(
        "7.2-preview.2",
        "testplan",
        "52df686e-bae4-4334-b0ee-b6cf4e6f6b73",
        { project: PROJECT, planId: PLAN_ID, suiteId: LARGE_SUITE },
        { continuationToken },
      );
      const res = await api.rest.get<{ count: number; value: { id: number }[] }>(verData.requestUrl ?? "", {
        acceptHeader: `application/json;api-version=${verData.apiVersion}`,
      });
      expect(res.statusCode).toBe(200);
      ids.push(...(res.result?.value ?? []).map((p) => p.id));
      const header = (res.headers as Record<string, string | undefined>)[CONTINUATION_HEADER];
      continuationToken = header || undefined;
      requests++;
    } while (continuationToken && requests < 20);
    expect(requests).toBe(Math.ceil(LARGE_POINTS / PAGE_SIZE));
    expect(new Set(ids).size).toBe(LARGE_POINTS);
    expect(ids).toHaveLength(LARGE_POINTS);
  });

  it("reads runs and results through getTestApi, and projects through getCoreApi", async () => {
    const web = webApi();
    const test = await web.getTestApi();
    const runs = await test.getTestRuns(PROJECT);
    expect(runs.map((r) => r.id)).toEqual([LARGE_RUN, GROUP_RUN, 3]);
    const results = await test.getTestResults(PROJECT, GROUP_RUN);
    expect(results).toHaveLength(resultCount(GROUP_RUN));
    expect(results[0].outcome).toBe("Passed");
    expect(await test.getTestResults(PROJECT, LARGE_RUN)).toHaveLength(MAX_RESULTS);
    const legacyPoints = await test.getPoints(PROJECT, PLAN_ID, GROUP_SUITE);
    expect(legacyPoints[0].outcome).toBe("Passed");
    const core = await web.getCoreApi();
    const projects = await core.getProjects();
    expect(projects.map((p) => p.name)).toEqual([PROJECT]);
    expect((await core.getProject(PROJECT_ID)).name).toBe(PROJECT);
  });

  it("reaches every other testplan, test and Location resource the sandbox registers", async () => {
    const web = webApi();
    const plan = await web.getTestPlanApi();
    const cases = await plan.getTestCaseList(PROJECT, PLAN_ID, LARGE_SUITE);
    expect(cases).toHaveLength(PAGE_SIZE);
    expect((await plan.getTestCase(PROJECT, PLAN_ID, GROUP_SUITE, "2012")).map((c) => c.workItem?.id)).toEqual([2012]);
    expect((await plan.getTestConfigurations(PROJECT)).map((c) => c.name)).toEqual(["Windows 10", "Chrome", "Firefox"]);
    expect((await plan.getTestConfigurationById(PROJECT, 3)).name).toBe("Firefox");
    expect((await plan.getTestSuiteById(PROJECT, PLAN_ID, ROOT_SUITE)).name).toBe("QT ABCD-X");
    const test = await web.getTestApi();
    expect((await test.getTestRunById(PROJECT, GROUP_RUN)).totalTests).toBe(resultCount(GROUP_RUN));
    const first = (await test.getTestResults(PROJECT, GROUP_RUN, undefined, 0, 1))[0];
    expect((await test.getTestResultById(PROJECT, GROUP_RUN, first.id ?? 0)).outcome).toBe(first.outcome);
    const point = (await test.getPoints(PROJECT, PLAN_ID, GROUP_SUITE))[0];
    expect((await test.getPoint(PROJECT, PLAN_ID, GROUP_SUITE, point.id ?? 0)).id).toBe(point.id);
    const connection = await (await web.getLocationsApi()).getConnectionData();
    expect(connection.authenticatedUser?.providerDisplayName).toBe("Alice Tester");
    expect(await web.getWorkItemTrackingApi()).toBeDefined();
    expect(await web.getExtensionManagementApi()).toBeDefined();
  });

  it("resolves a 404 to null, as DESIGN §3 warns", async () => {
    const api = await webApi().getTestPlanApi();
    expect(await api.getTestPlanById(PROJECT, 999)).toBeNull();
  });
});
