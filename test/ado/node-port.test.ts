/**
 * The Node adapter against the in-process sandbox over the sample programme: every method returns what the state
 * holds, paging is complete, and every refusal is classified (never mistaken for "no data").
 */
import { AdoRequestError, classifyResponse } from "../../src/ado/errors";
import { createNodePort } from "../../src/ado/node-port";
import { AdoPort, Page } from "../../src/ado/port";
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
let port: AdoPort;
let project: string;

beforeAll(async () => {
  ({ sandbox, state } = await startProgrammeSandbox());
  port = createNodePort({ orgUrl: sandbox.orgUrl, token: SAMPLE_PAT, extension: EXTENSION });
  project = state.projects[0].name;
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.env.faults.set({}));

/** Follows continuation tokens to the end; returns every item and the number of pages. */
async function all<T>(first: (token?: string) => Promise<Page<T>>, start?: string) {
  const items: T[] = [];
  let token = start;
  let pages = 0;
  do {
    const page = await first(token);
    items.push(...page.items);
    token = page.continuationToken;
    pages++;
  } while (token && pages < 1000);
  return { items, pages };
}

const planIds = () => [...state.projects[0].plans.keys()].sort((a, b) => a - b);

/** The plan with the most points, and its points from the state. */
function biggestPlan(): { planId: number; rootSuiteId: number; pointIds: number[] } {
  const p = state.projects[0];
  const byPlan = new Map<number, number[]>();
  for (const [suiteId, points] of p.pointsBySuite) {
    const planId = p.suites.get(suiteId)?.planId ?? -1;
    byPlan.set(planId, [...(byPlan.get(planId) ?? []), ...points.map((x) => x.id)]);
  }
  const [planId, pointIds] = [...byPlan.entries()].sort((a, b) => b[1].length - a[1].length)[0];
  return { planId, rootSuiteId: p.plans.get(planId)?.rootSuiteId ?? -1, pointIds };
}

describe("createNodePort reads", () => {
  it("lists every plan, and a plan's suites", async () => {
    const { items } = await all((t) => port.listPlans(project, t));
    expect(items.map((p) => p.id).sort((a, b) => a - b)).toEqual(planIds());
    const plan = state.projects[0].plans.get(planIds()[0])!;
    expect(items.find((p) => p.id === plan.id)).toMatchObject({ name: plan.name, rootSuite: { id: plan.rootSuiteId } });
    const suites = await all((t) => port.listSuites(project, plan.id, t));
    const expected = [...state.projects[0].suites.values()].filter((s) => s.planId === plan.id).map((s) => s.id);
    expect(suites.items.map((s) => s.id).sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
  });

  it("pages every point of a plan exactly once (recursive from the root suite)", async () => {
    const { planId, rootSuiteId, pointIds } = biggestPlan();
    // A first token with a small page size (the service's `<from>;<top>` form) forces several pages.
    const { items, pages } = await all(
      (t) => port.listPoints(project, planId, rootSuiteId, { recursive: true, continuationToken: t }),
      "0;25",
    );
    expect(pointIds.length).toBeGreaterThan(25);
    expect(pages).toBe(1 + Math.ceil((pointIds.length - 25) / 200));
    const ids = items.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort((a, b) => a - b)).toEqual([...pointIds].sort((a, b) => a - b));
    expect(items[0]).toMatchObject({ testPlan: { id: planId }, configuration: { id: expect.any(Number) } });
  });

  it("lists a suite's test cases", async () => {
    const suite = [...state.projects[0].suites.values()].find((s) => s.testCaseIds.length > 0)!;
    const { items } = await all((t) => port.listTestCases(project, suite.planId, suite.id, t));
    expect(items.map((c) => c.workItem?.id).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      [...suite.testCaseIds].sort((a, b) => a - b),
    );
  });

  it("runs WIQL with $top and batches work items, omitting missing ids", async () => {
    const bugs = [...state.workItems.values()]
      .filter((w) => w.fields["System.WorkItemType"] === "Bug")
      .map((w) => w.id)
      .sort((a, b) => a - b);
    const wiql = "SELECT [System.Id] FROM WorkItems WHERE [System.WorkItemType] = 'Bug' ORDER BY [System.Id]";
    expect(await port.queryWiql(project, wiql, 20_000)).toEqual(bugs);
    expect(await port.queryWiql(project, wiql, 7)).toEqual(bugs.slice(0, 7));
    const ids = [...bugs.slice(0, 5), 99_999_999];
    const items = await port.getWorkItems(project, ids, ["System.Id", "System.State"]);
    expect(items.map((w) => w.id)).toEqual(bugs.slice(0, 5));
    expect(items[0].fields["System.State"]).toBe(state.workItems.get(bugs[0])!.fields["System.State"]);
  });

  it("refuses more than 200 ids before sending anything", async () => {
    const before = sandbox.env.log.list().length;
    await expect(
      port.getWorkItems(
        project,
        Array.from({ length: 201 }, (_, i) => i + 1),
        [],
      ),
    ).rejects.toThrow(/200/);
    expect(sandbox.env.log.list().length).toBe(before);
  });

  it("reads requirement-based suites and work items with their links", async () => {
    await expectRequirementLinksRead(port, state);
  });

  it("uploads a file, attaches it and reads it back; lists a team's members", async () => {
    await expectAttachmentsAndTeams(
      createNodePort({ orgUrl: sandbox.orgUrl, token: SAMPLE_PAT, extension: EXTENSION }),
      state,
    );
  });

  it("writes work items stamped by the service, and reads their revisions in batches", async () => {
    const as = (token: string) => createNodePort({ orgUrl: sandbox.orgUrl, token, extension: EXTENSION });
    await expectWorkItemWritesAndRevisions(as(TESTER_PAT), as(BSC_ASSURER_PAT), state, {
      tester: TESTERS[0].id,
      assurer: BSC_ASSURER.id,
    });
  });

  it("evaluates the caller's own area permissions, in the order asked", async () => {
    await expectAreaPermissionsEvaluated(port, state, SAMPLE_IDENTITY.id);
  });

  it("reads states, allowed values and the area tree", async () => {
    const bug = state.projects[0].workItemTypes.find((t) => t.name === "Bug")!;
    expect(await port.getWorkItemTypeStates(project, "Bug")).toEqual(
      bug.states.map((s) => expect.objectContaining({ name: s.name, category: s.category })),
    );
    const severity = bug.fields.find((f) => f.referenceName === "Custom.QTSeverity")!;
    expect(await port.getFieldAllowedValues(project, "Bug", "Custom.QTSeverity")).toEqual(severity.allowedValues);
    const tree = await port.getAreaTree(project, 2);
    expect(tree.name).toBe(state.projects[0].areas.name);
    expect(tree.children?.map((c) => c.name)).toEqual(state.projects[0].areas.children.map((c) => c.name));
  });
});

it("lists the project's work item types and a type's fields", async () => {
  const types = await port.listWorkItemTypes(project);
  expect(types.map((t) => t.name)).toEqual(state.projects[0].workItemTypes.map((t) => t.name));
  expect(types.find((t) => t.name === "Bug")).toMatchObject({ referenceName: expect.any(String) });
  const bug = state.projects[0].workItemTypes.find((t) => t.name === "Bug")!;
  const fields = await port.listWorkItemTypeFields(project, "Bug");
  expect(fields.map((f) => f.referenceName)).toEqual(bug.fields.map((f) => f.referenceName));
  expect(fields.find((f) => f.referenceName === "Custom.QTSeverity")).toMatchObject({ name: expect.any(String) });
  // One request each.
  sandbox.env.log.clear();
  await port.listWorkItemTypes(project);
  await port.listWorkItemTypeFields(project, "Bug");
  expect(sandbox.env.log.list().filter((e) => /workitemtypes/i.test(e.url))).toHaveLength(2);
});

describe("createNodePort documents", () => {
  const address = { scopeType: "Default" as const, collection: "node-port-docs" };

  it("a missing collection lists as [] and a missing document is undefined", async () => {
    expect(await port.listDocuments(address)).toEqual([]);
    expect(await port.getDocument(address, "nope")).toBeUndefined();
  });

  it("sets, reads, lists, conflicts on a stale __etag, and deletes", async () => {
    const saved = await port.setDocument(address, { id: "a", value: 1 });
    expect(saved).toMatchObject({ id: "a", value: 1, __etag: 1 });
    expect(await port.getDocument(address, "a")).toEqual(saved);
    expect(await port.listDocuments(address)).toEqual([saved]);
    const stale = await caught(() => port.setDocument(address, { id: "a", value: 2, __etag: 0 }));
    expect(stale).toMatchObject({ kind: "conflict", details: { typeKey: "InvalidDocumentVersionException" } });
    await port.setDocument(address, { id: "a", value: 3, __etag: -1 });
    await port.deleteDocument(address, "a");
    expect(await port.getDocument(address, "a")).toBeUndefined();
    // The collection exists but is empty now.
    expect(await port.listDocuments(address)).toEqual([]);
  });

  it("other failures on a document read are errors, not 'missing'", async () => {
    sandbox.env.faults.set({ errorRate: 1, pathPattern: "ExtensionManagement/.*/Documents" });
    await expect(port.listDocuments(address)).rejects.toMatchObject({ kind: "server" });
    await expect(port.getDocument(address, "a")).rejects.toMatchObject({ kind: "server" });
  });
});

describe("createNodePort failures", () => {
  it("a 404 is not-found, never empty", async () => {
    const error = await caught(() => port.listSuites(project, 987_654));
    expect(error).toBeInstanceOf(AdoRequestError);
    expect(error).toMatchObject({ kind: "not-found", details: { status: 404 } });
  });

  it("an unknown token is unauthenticated and never appears in the message", async () => {
    const token = "secret-token-that-must-not-leak";
    const bad = createNodePort({ orgUrl: sandbox.orgUrl, token, extension: EXTENSION });
    const error = (await caught(() => bad.listPlans(project))) as AdoRequestError;
    expect(error.kind).toBe("unauthenticated");
    const text = `${error.message} ${error.stack ?? ""} ${JSON.stringify(error.details)}`;
    expect(text).not.toContain(token);
    expect(text).not.toContain(btoa(`PAT:${token}`));
  });

  it("work item types and fields: unknown type → not-found; refused token → unauthenticated; no vso.work → forbidden", async () => {
    await expect(port.listWorkItemTypeFields(project, "No Such Type")).rejects.toMatchObject({
      kind: "not-found",
      details: { status: 404, code: "VS402323" },
    });
    const token = "node-secret-for-types";
    const bad = createNodePort({ orgUrl: sandbox.orgUrl, token });
    for (const read of [() => bad.listWorkItemTypes(project), () => bad.listWorkItemTypeFields(project, "Bug")]) {
      const error = (await caught(read)) as AdoRequestError;
      expect(error).toBeInstanceOf(AdoRequestError);
      expect(error.kind).toBe("unauthenticated");
      expect(`${error.message} ${JSON.stringify(error.details)}`).not.toContain(token);
    }
    state.tokens.set("node-test-only", { identity: { ...SAMPLE_IDENTITY }, scopes: ["vso.test"] });
    try {
      const testOnly = createNodePort({ orgUrl: sandbox.orgUrl, token: "node-test-only" });
      const error = (await caught(() => testOnly.listWorkItemTypes(project))) as AdoRequestError;
      expect(error).toMatchObject({ kind: "forbidden", details: { code: "TF400813" } });
      expect(error.message).toMatch(/vso\.work/);
    } finally {
      state.tokens.delete("node-test-only");
    }
    sandbox.env.faults.set({ errorRate: 1, pathPattern: "/_apis/wit/workitemtypes" });
    await expect(port.listWorkItemTypes(project)).rejects.toMatchObject({ kind: "server" });
  });

  it("a 203 sign-in page is unauthenticated even when it is not suppressed", async () => {
    // The sandbox honours X-TFS-FedAuthRedirect: Suppress; answer a 203 as a proxy would by dropping it.
    const http = await import("node:http");
    const proxy = http.createServer((_req, res) => {
      res.writeHead(203, { "content-type": "text/html; charset=utf-8" }).end("<html>Sign in</html>");
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const address = proxy.address() as { port: number };
    const signIn = createNodePort({ orgUrl: `http://127.0.0.1:${address.port}/org`, token: "x" });
    try {
      await expect(signIn.listPlans(project)).rejects.toMatchObject({ kind: "unauthenticated" });
    } finally {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it("a token without vso.test is forbidden on a testplan call, naming the scope", async () => {
    const workOnly = createNodePort({ orgUrl: sandbox.orgUrl, token: WORK_ONLY_PAT });
    const error = (await caught(() => workOnly.listPlans(project))) as AdoRequestError;
    expect(error).toMatchObject({ kind: "forbidden", details: { code: "TF400813" } });
    expect(error.message).toMatch(/vso\.test/);
    expect(error.message).not.toContain(WORK_ONLY_PAT);
    // Work items are still readable with it.
    expect((await workOnly.getWorkItemTypeStates(project, "Bug")).length).toBeGreaterThan(0);
    expect((await workOnly.listWorkItemTypes(project)).length).toBeGreaterThan(0);
  });

  it("VS402337: a WIQL result over 20,000 is bad-request with its code", async () => {
    const template = [...state.workItems.values()].find((w) => w.fields["System.WorkItemType"] === "Bug")!;
    const added: number[] = [];
    for (let id = 5_000_000; id < 5_000_000 + 20_001; id++) {
      state.workItems.set(id, { ...template, id, fields: { ...template.fields, "System.Id": id } });
      added.push(id);
    }
    try {
      const wiql = "SELECT [System.Id] FROM WorkItems WHERE [System.WorkItemType] = 'Bug' ORDER BY [System.Id]";
      const error = await caught(() => port.queryWiql(project, wiql, 30_000));
      expect(error).toMatchObject({ kind: "bad-request", details: { status: 400, code: "VS402337" } });
      // Capped by $top it is answered.
      expect(await port.queryWiql(project, wiql, 100)).toHaveLength(100);
    } finally {
      for (const id of added) state.workItems.delete(id);
    }
  });

  it("VS403474: the service's answer to a batch over 200 ids is bad-request with its code", async () => {
    // The port refuses such a batch itself (above); this checks the service's own refusal is classified alike.
    const operation = "POST wit/workitemsbatch";
    const res = await fetch(
      `${sandbox.orgUrl}/${encodeURIComponent(project)}/_apis/wit/workitemsbatch?api-version=7.1`,
      {
        method: "POST",
        headers: { authorization: `Basic ${btoa(`:${SAMPLE_PAT}`)}`, "content-type": "application/json" },
        body: JSON.stringify({ ids: Array.from({ length: 201 }, (_, i) => i + 1) }),
      },
    );
    const error = classifyResponse(
      res.status,
      (await res.json()) as { message?: string },
      (n) => res.headers.get(n),
      operation,
    );
    expect(error).toMatchObject({ kind: "bad-request", details: { code: "VS403474" } });
  });
});
