/**
 * The browser adapter (azure-devops-extension-api clients, run from Node with its fetch) against the sandbox: the
 * same answers as the state, complete paging, and the same classification of failures as the Node adapter.
 */
import "../sandbox/support/browser-globals";
import { createBrowserPort } from "../../src/ado/browser-port";
import { AdoRequestError } from "../../src/ado/errors";
import { AdoPort, Page } from "../../src/ado/port";
import { createResilientCaller } from "../../src/ado/resilience";
import { SAMPLE_IDENTITY } from "../../sandbox/generator/identities";
import { SAMPLE_PAT, WORK_ONLY_PAT } from "../../sandbox/generator/tokens";
import { RunningSandbox } from "../../sandbox/server";
import { SandboxState } from "../../sandbox/state";
import {
  EXTENSION,
  caught,
  expectAreaPermissionsEvaluated,
  expectAttachmentsAndTeams,
  expectRequirementLinksRead,
  expectWorkItemWritesAndRevisions,
  startProgrammeSandbox,
} from "./port-sandbox";
import { BSC_ASSURER, TESTERS } from "../../sandbox/generator/identities";
import { BSC_ASSURER_PAT, TESTER_PAT } from "../../sandbox/generator/tokens";

let sandbox: RunningSandbox;
let state: SandboxState;
let project: string;

const bearer = (token: string) => ({ getAuthorizationHeader: async () => `Bearer ${token}` });
const browserPort = (token = SAMPLE_PAT, onRateLimitDelay?: (area: string, ms: number) => void): AdoPort =>
  createBrowserPort({
    orgUrl: `${sandbox.orgUrl}/`,
    authTokenProvider: bearer(token),
    extension: EXTENSION,
    onRateLimitDelay,
  });

beforeAll(async () => {
  ({ sandbox, state } = await startProgrammeSandbox());
  project = state.projects[0].name;
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.env.faults.set({});
  sandbox.env.log.clear();
});

async function all<T>(next: (token?: string) => Promise<Page<T>>, start?: string) {
  const items: T[] = [];
  let token = start;
  let pages = 0;
  do {
    const page = await next(token);
    items.push(...page.items);
    token = page.continuationToken;
    pages++;
  } while (token && pages < 1000);
  return { items, pages };
}

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

describe("createBrowserPort reads", () => {
  it("lists plans and suites, and pages every point exactly once", async () => {
    const port = browserPort();
    expect(port.orgUrl).toBe(sandbox.orgUrl);
    const plans = await all((t) => port.listPlans(project, t));
    expect(sorted(plans.items.map((p) => p.id))).toEqual(sorted([...state.projects[0].plans.keys()]));
    const p = state.projects[0];
    const plan = [...p.plans.values()].sort(
      (a, b) =>
        [...p.pointsBySuite].filter(([s]) => p.suites.get(s)?.planId === b.id).flatMap(([, x]) => x).length -
        [...p.pointsBySuite].filter(([s]) => p.suites.get(s)?.planId === a.id).flatMap(([, x]) => x).length,
    )[0];
    const suites = await all((t) => port.listSuites(project, plan.id, t));
    expect(sorted(suites.items.map((s) => s.id))).toEqual(
      sorted([...p.suites.values()].filter((s) => s.planId === plan.id).map((s) => s.id)),
    );
    const expected = [...p.pointsBySuite]
      .filter(([s]) => p.suites.get(s)?.planId === plan.id)
      .flatMap(([, x]) => x.map((pt) => pt.id));
    const points = await all(
      (t) => port.listPoints(project, plan.id, plan.rootSuiteId, { recursive: true, continuationToken: t }),
      "0;25",
    );
    expect(points.pages).toBeGreaterThan(1);
    const ids = points.items.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sorted(ids)).toEqual(sorted(expected));
    // The browser port asks for numeric enums, as the clients do, but ISO dates: /Date()/ ones would need every
    // body walked.
    expect(typeof points.items[0].results?.outcome).toBe("number");
    expect(points.items[0].lastUpdatedDate).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  });

  it("lists test cases, runs WIQL and batches work items", async () => {
    const port = browserPort();
    const suite = [...state.projects[0].suites.values()].find((s) => s.testCaseIds.length > 0)!;
    const cases = await all((t) => port.listTestCases(project, suite.planId, suite.id, t));
    expect(sorted(cases.items.map((c) => c.workItem?.id ?? 0))).toEqual(sorted(suite.testCaseIds));
    const bugs = sorted(
      [...state.workItems.values()].filter((w) => w.fields["System.WorkItemType"] === "Bug").map((w) => w.id),
    );
    const wiql = "SELECT [System.Id] FROM WorkItems WHERE [System.WorkItemType] = 'Bug' ORDER BY [System.Id]";
    expect(await port.queryWiql(project, wiql, 20_000)).toEqual(bugs);
    expect(await port.queryWiql(project, wiql, 3)).toEqual(bugs.slice(0, 3));
    const items = await port.getWorkItems(project, [...bugs.slice(0, 4), 99_999_999], ["System.State"]);
    expect(items.map((w) => w.id)).toEqual(bugs.slice(0, 4));
    expect(items[1].fields["System.State"]).toBe(state.workItems.get(bugs[1])!.fields["System.State"]);
    await expect(
      port.getWorkItems(
        project,
        Array.from({ length: 201 }, (_, i) => i),
        [],
      ),
    ).rejects.toThrow(/200/);
  });

  it("uploads a file, attaches it and reads it back; lists a team's members", async () => {
    await expectAttachmentsAndTeams(browserPort(), state);
  });

  it("reads requirement-based suites and work items with their links", async () => {
    await expectRequirementLinksRead(browserPort(), state);
  });

  it("writes work items stamped by the service, and reads their revisions in batches", async () => {
    const as = (token: string) => browserPort(token);
    await expectWorkItemWritesAndRevisions(as(TESTER_PAT), as(BSC_ASSURER_PAT), state, {
      tester: TESTERS[0].id,
      assurer: BSC_ASSURER.id,
    });
  });

  it("evaluates the caller's own area permissions, in the order asked", async () => {
    await expectAreaPermissionsEvaluated(browserPort(), state, SAMPLE_IDENTITY.id);
  });

  it("reads states, allowed values and the area tree", async () => {
    const port = browserPort();
    const bug = state.projects[0].workItemTypes.find((t) => t.name === "Bug")!;
    expect((await port.getWorkItemTypeStates(project, "Bug")).map((s) => [s.name, s.category])).toEqual(
      bug.states.map((s) => [s.name, s.category]),
    );
    expect(await port.getFieldAllowedValues(project, "Bug", "Custom.QTSeverity")).toEqual(
      bug.fields.find((f) => f.referenceName === "Custom.QTSeverity")!.allowedValues,
    );
    const tree = await port.getAreaTree(project, 1);
    expect(tree.children?.map((c) => c.name)).toEqual(state.projects[0].areas.children.map((c) => c.name));
  });

  it("lists the project's work item types and a type's fields, one request each", async () => {
    const port = browserPort();
    const types = await port.listWorkItemTypes(project);
    expect(types.map((t) => t.name)).toEqual(state.projects[0].workItemTypes.map((t) => t.name));
    const bug = state.projects[0].workItemTypes.find((t) => t.name === "Bug")!;
    const fields = await port.listWorkItemTypeFields(project, "Bug");
    expect(fields.map((f) => f.referenceName)).toEqual(bug.fields.map((f) => f.referenceName));
    expect(fields.every((f) => typeof f.name === "string" && f.name !== "")).toBe(true);
    expect(sandbox.env.log.list().filter((e) => /workitemtypes/i.test(e.url))).toHaveLength(2);
  });

  it("keeps documents with __etag; missing collection → [], missing document → undefined", async () => {
    const port = browserPort();
    const address = { scopeType: "User" as const, collection: "browser-docs" };
    expect(await port.listDocuments(address)).toEqual([]);
    expect(await port.getDocument(address, "d")).toBeUndefined();
    const saved = await port.setDocument(address, { id: "d", n: 1 });
    expect(saved).toMatchObject({ id: "d", n: 1, __etag: 1 });
    expect(await port.getDocument(address, "d")).toEqual(saved);
    await expect(port.setDocument(address, { id: "d", n: 2 })).rejects.toMatchObject({ kind: "conflict" });
    expect(await port.listDocuments(address)).toEqual([saved]);
    await port.deleteDocument(address, "d");
    expect(await port.getDocument(address, "d")).toBeUndefined();
  });
});

describe("createBrowserPort failures", () => {
  it("404 → not-found", async () => {
    await expect(browserPort().listSuites(project, 987_654)).rejects.toMatchObject({
      kind: "not-found",
      details: { status: 404 },
    });
  });

  it("an unknown token → unauthenticated, without the token in the message", async () => {
    const token = "browser-secret-token";
    const error = (await caught(() => browserPort(token).listPlans(project))) as AdoRequestError;
    expect(error).toBeInstanceOf(AdoRequestError);
    expect(error.kind).toBe("unauthenticated");
    expect(`${error.message} ${JSON.stringify(error.details)}`).not.toContain(token);
  });

  it("work item types and fields: unknown type → not-found; refused token → unauthenticated; no vso.work → forbidden", async () => {
    await expect(browserPort().listWorkItemTypeFields(project, "No Such Type")).rejects.toMatchObject({
      kind: "not-found",
      details: { status: 404, code: "VS402323" },
    });
    const token = "browser-secret-for-types";
    for (const read of [
      () => browserPort(token).listWorkItemTypes(project),
      () => browserPort(token).listWorkItemTypeFields(project, "Bug"),
    ]) {
      const error = (await caught(read)) as AdoRequestError;
      expect(error).toBeInstanceOf(AdoRequestError);
      expect(error.kind).toBe("unauthenticated");
      expect(`${error.message} ${JSON.stringify(error.details)}`).not.toContain(token);
    }
    state.tokens.set("browser-test-only", { identity: { ...SAMPLE_IDENTITY }, scopes: ["vso.test"] });
    try {
      const error = (await caught(() =>
        browserPort("browser-test-only").listWorkItemTypes(project),
      )) as AdoRequestError;
      expect(error).toMatchObject({ kind: "forbidden", details: { code: "TF400813" } });
      expect(error.message).toMatch(/vso\.work/);
    } finally {
      state.tokens.delete("browser-test-only");
    }
    expect((await browserPort(WORK_ONLY_PAT).listWorkItemTypes(project)).length).toBeGreaterThan(0);
    sandbox.env.faults.set({ errorRate: 1, pathPattern: "/_apis/wit/workitemtypes" });
    await expect(browserPort().listWorkItemTypeFields(project, "Bug")).rejects.toMatchObject({ kind: "server" });
  });

  it("a token without vso.test → forbidden naming vso.test", async () => {
    const error = (await caught(() => browserPort(WORK_ONLY_PAT).listPlans(project))) as AdoRequestError;
    expect(error).toMatchObject({ kind: "forbidden", details: { code: "TF400813" } });
    expect(error.message).toMatch(/vso\.test/);
  });

  it("a WIQL over 20,000 → bad-request VS402337", async () => {
    const template = [...state.workItems.values()].find((w) => w.fields["System.WorkItemType"] === "Bug")!;
    const added: number[] = [];
    for (let id = 6_000_000; id < 6_000_000 + 20_001; id++) {
      state.workItems.set(id, { ...template, id, fields: { ...template.fields, "System.Id": id } });
      added.push(id);
    }
    try {
      const wiql = "SELECT [System.Id] FROM WorkItems WHERE [System.WorkItemType] = 'Bug'";
      await expect(browserPort().queryWiql(project, wiql, 25_000)).rejects.toMatchObject({
        kind: "bad-request",
        details: { code: "VS402337" },
      });
    } finally {
      for (const id of added) state.workItems.delete(id);
    }
  });

  it("5xx → server, reset → network, cut-short body → network; all recovered by the resilient caller", async () => {
    // Common/Fetch warns on every failed fetch (the resets); keep the output quiet.
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const port = browserPort();
    sandbox.env.faults.set({ errorRate: 1, pathPattern: "/_apis/testplan/" });
    await expect(port.listPlans(project)).rejects.toMatchObject({ kind: "server" });
    sandbox.env.faults.set({ resetRate: 1, pathPattern: "/_apis/testplan/" });
    await expect(port.listPlans(project)).rejects.toMatchObject({ kind: "network" });
    sandbox.env.faults.set({ truncateRate: 1, pathPattern: "/_apis/testplan/" });
    await expect(port.listPlans(project)).rejects.toMatchObject({ kind: "network" });

    sandbox.env.log.clear();
    sandbox.env.faults.set({ seed: 5, errorRate: 0.25, resetRate: 0.15, truncateRate: 0.2, pathPattern: "/_apis/" });
    const caller = createResilientCaller({ baseDelayMs: 2, maxDelayMs: 20, maxAttempts: 12 });
    const plans = await all((t) => caller.call("GET testplan/Plans", () => port.listPlans(project, t)));
    expect(sorted(plans.items.map((p) => p.id))).toEqual(sorted([...state.projects[0].plans.keys()]));
    for (const plan of plans.items) {
      const suites = await all((t) =>
        caller.call(`GET testplan/Plans/${plan.id}/Suites`, () => port.listSuites(project, plan.id, t)),
      );
      const expected = [...state.projects[0].suites.values()].filter((s) => s.planId === plan.id).map((s) => s.id);
      expect(sorted(suites.items.map((s) => s.id))).toEqual(sorted(expected));
    }
    expect(caller.stats().requests).toBe(sandbox.env.log.list().filter((e) => /testplan/.test(e.url)).length);
    expect(caller.stats().retries).toBeGreaterThan(0);
    warn.mockRestore();
  });

  it("a 429 is throttled; a delay header on a success reaches the hook", async () => {
    const delays: [string, number][] = [];
    const port = browserPort(SAMPLE_PAT, (area, ms) => delays.push([area, ms]));
    sandbox.env.faults.set({ throttleRate: 1, pathPattern: "/_apis/testplan/" });
    await expect(port.listPlans(project)).rejects.toMatchObject({ kind: "throttled", details: { status: 429 } });
    sandbox.env.faults.set({ delayHeadersOnSuccess: true, retryAfterSeconds: 3, pathPattern: "/_apis/wit/" });
    await port.getWorkItemTypeStates(project, "Bug");
    expect(delays).toEqual([["wit", 3000]]);
  });
});
