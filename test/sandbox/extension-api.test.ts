/**
 * The browser's REST clients (azure-devops-extension-api) against the sandbox, from Node: Node 20's fetch stands in
 * for the browser's and jest maps the SDK to its mock. They send `enumsAsNumbers`, `msDateFormat` and `noArrayWrap`
 * and read the continuation token from a response header, so this proves the sandbox answers them as the service does.
 */
import "./support/browser-globals";
import { IVssRestClientOptions } from "azure-devops-extension-api/Common";
import { ExtensionManagementRestClient } from "azure-devops-extension-api/ExtensionManagement";
import { Outcome, TestPlanRestClient } from "azure-devops-extension-api/TestPlan";
import { WorkItemTrackingRestClient } from "azure-devops-extension-api/WorkItemTracking";
import { ALL_ROUTES } from "../../sandbox/routes";
import { RunningSandbox, startSandbox } from "../../sandbox/server";
import { LARGE_POINTS, LARGE_SUITE, PLAN_ID, PROJECT, TOKEN, testState } from "./support/test-state";
import { addBulkBugs, witState } from "./support/wit-state";

const FULL_TOKEN = "full-scope-token";
let sandbox: RunningSandbox;
let options: IVssRestClientOptions;

beforeAll(async () => {
  const state = testState();
  // Work item metadata and a few bugs from the wit fixture, in the same organisation.
  const wit = witState();
  state.projects[0].workItemTypes = wit.projects[0].workItemTypes;
  state.projects[0].areas = wit.projects[0].areas;
  state.fields = wit.fields;
  for (const [id, item] of wit.workItems) if (!state.workItems.has(id)) state.workItems.set(id, item);
  addBulkBugs(state, 30);
  const identity = state.tokens.get(TOKEN)!.identity;
  state.tokens.set(FULL_TOKEN, { identity, scopes: ["app_token"] });
  sandbox = await startSandbox({ state, routes: ALL_ROUTES });
  options = {
    rootPath: `${sandbox.orgUrl}/`,
    authTokenProvider: { getAuthorizationHeader: async () => `Bearer ${FULL_TOKEN}` },
  };
});
afterAll(() => sandbox.close());

describe("azure-devops-extension-api clients against the sandbox", () => {
  it("page every point of a large suite through the exposed continuation header", async () => {
    const client = new TestPlanRestClient(options);
    const seen = new Set<number>();
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.getPointsList(PROJECT, PLAN_ID, LARGE_SUITE, undefined, undefined, token);
      page.forEach((p) => seen.add(p.id));
      token = page.continuationToken || undefined;
      pages++;
    } while (token);
    expect(seen.size).toBe(LARGE_POINTS);
    expect(pages).toBe(Math.ceil(LARGE_POINTS / 200));
  });

  it("receive numeric enums and real dates", async () => {
    const [point] = await new TestPlanRestClient(options).getPointsList(PROJECT, PLAN_ID, LARGE_SUITE);
    expect(typeof point.results.outcome).toBe("number");
    expect(Object.values(Outcome)).toContain(point.results.outcome);
    expect(point.lastUpdatedDate).toBeInstanceOf(Date);
  });

  it("run WIQL and batch work items", async () => {
    const wit = new WorkItemTrackingRestClient(options);
    const result = await wit.queryByWiql(
      { query: "SELECT [System.Id] FROM WorkItems WHERE [System.WorkItemType] = 'Bug' ORDER BY [System.Id]" },
      PROJECT,
    );
    expect(result.workItems.length).toBeGreaterThanOrEqual(30);
    const ids = result.workItems.slice(0, 5).map((w) => w.id);
    const items = await wit.getWorkItemsBatch({ ids, fields: ["System.Id", "System.State"] } as never, PROJECT);
    expect(items.map((i) => i.id)).toEqual(ids);
    const states = await wit.getWorkItemTypeStates(PROJECT, "Bug");
    expect(states.map((s) => s.category)).toEqual(expect.arrayContaining(["Proposed", "Completed"]));
  });

  it("keep extension documents with their __etag", async () => {
    const client = new ExtensionManagementRestClient(options);
    const saved = await client.setDocumentByName(
      { id: "settings", __etag: 0, value: 1 },
      "qt",
      "assurance",
      "Default",
      "Current",
      "config",
    );
    expect(saved.__etag).toBe(1);
    const read = await client.getDocumentByName("qt", "assurance", "Default", "Current", "config", "settings");
    expect(read).toEqual({ id: "settings", __etag: 1, value: 1 });
    await expect(
      client.setDocumentByName({ id: "settings", __etag: 0 }, "qt", "assurance", "Default", "Current", "config"),
    ).rejects.toMatchObject({
      status: 409,
    });
  });
});
