import { controlRoutes } from "../../sandbox/control";
import { ProgrammeOptions, ProgrammeSummary, generateProgramme } from "../../sandbox/generator";
import { SAMPLE_PAT, WORK_ONLY_PAT } from "../../sandbox/generator/tokens";
import { RouteModule, RunningSandbox, startSandbox } from "../../sandbox/server";
import { TestPoint, WorkItem } from "../../sandbox/state";

const INITIAL: ProgrammeOptions = { seed: 3, scale: 0.05 };

/** A stand-in API route (the real ones are tested on their own): needs vso.test, says who called. */
const probe: RouteModule = (router) => {
  router.add({
    method: "GET",
    template: "/{org}/_apis/probe",
    scope: "vso.test",
    handler: (ctx) => ({ user: ctx.identity?.uniqueName }),
  });
};

let sandbox: RunningSandbox;
let loads = 0;
beforeAll(async () => {
  const programme = generateProgramme(INITIAL);
  sandbox = await startSandbox({
    state: programme.state,
    routes: [probe],
    controlRoutes: [controlRoutes({ initial: INITIAL, programme, onLoad: () => loads++ })],
  });
});
afterAll(() => sandbox.close());

async function control<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${sandbox.url}/_sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
}

const probeAs = (token: string) =>
  fetch(`${sandbox.orgUrl}/_apis/probe?api-version=7.1`, {
    headers: {
      authorization: `Basic ${Buffer.from(`:${token}`).toString("base64")}`,
      "x-tfs-fedauthredirect": "Suppress",
    },
  });

const firstBug = () =>
  [...sandbox.env.state().workItems.values()].find((w) => w.fields["System.WorkItemType"] === "Bug") as WorkItem;
const firstPoint = (outcome: string) =>
  [...sandbox.env.state().projects[0].pointsBySuite.values()].flat().find((p) => p.outcome === outcome) as TestPoint;

describe("sandbox control API", () => {
  it("answers health without authentication", async () => {
    const { status, json } = await control<{ status: string; organization: string; orgUrl: string }>("GET", "health");
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: "ok", organization: "mhhs-sandbox", orgUrl: sandbox.orgUrl });
  });

  it("summarises the programme per window with counts", async () => {
    const { json } = await control<ProgrammeSummary>("GET", "programme");
    expect(json.parameters).toEqual({ seed: 3, scale: 0.05, today: "2025-06-01", participantRoles: 28 });
    expect(json).toEqual(generateProgramme(INITIAL).summary);
    const roles = json.windows.flatMap((w) => w.participantRoles);
    expect(roles.length).toBe(json.totals.participantRoles);
    expect(roles.reduce((n, r) => n + r.points, 0)).toBe(json.totals.points);
    expect(roles.reduce((n, r) => n + r.defects, 0)).toBe(json.totals.defects);
  });

  it("changes a work item's fields, bumping rev and System.ChangedDate", async () => {
    const bug = firstBug();
    const [rev, changed] = [bug.rev, String(bug.fields["System.ChangedDate"])];
    const { status, json } = await control<WorkItem>("PATCH", `workitems/${bug.id}`, {
      fields: { "System.State": "Closed", "custom.impactassessment": "<p>Agreed</p>", "Custom.MitigationPlan": null },
    });
    expect(status).toBe(200);
    expect(json.rev).toBe(rev + 1);
    expect(String(json.fields["System.ChangedDate"]) > changed).toBe(true);
    expect(json.fields["System.State"]).toBe("Closed");
    expect(json.fields["Custom.ImpactAssessment"]).toBe("<p>Agreed</p>");
    expect("Custom.MitigationPlan" in json.fields).toBe(false);
    expect(sandbox.env.state().workItems.get(bug.id)?.rev).toBe(rev + 1);
    const again = await control<WorkItem>("PATCH", `workitems/${bug.id}`, { fields: { "System.Title": "Renamed" } });
    expect(again.json.rev).toBe(rev + 2);
  });

  it("rejects unknown fields, managed fields and missing work items", async () => {
    const bug = firstBug();
    expect((await control("PATCH", `workitems/${bug.id}`, { fields: { "Custom.Nope": 1 } })).status).toBe(400);
    expect((await control("PATCH", `workitems/${bug.id}`, { fields: { "System.Rev": 9 } })).status).toBe(400);
    expect((await control("PATCH", `workitems/${bug.id}`, { state: "Closed" })).status).toBe(400);
    expect((await control("PATCH", "workitems/999999", { fields: { "System.Title": "x" } })).status).toBe(404);
  });

  it("changes a point's outcome and activity, recording a run result for an executed outcome", async () => {
    const point = firstPoint("none");
    const { status, json } = await control<TestPoint>("PATCH", `points/${point.id}`, {
      outcome: "failed",
      isActive: false,
    });
    expect(status).toBe(200);
    expect(json).toMatchObject({ id: point.id, outcome: "failed", state: "Completed", isActive: false });
    const results = sandbox.env.state().projects[0].resultsByRun.get(json.lastRunId ?? 0);
    expect(results?.[0]).toMatchObject({ pointId: point.id, outcome: "Failed", state: "Completed" });
    const reset = await control<TestPoint>("PATCH", `points/${point.id}`, { outcome: "none" });
    expect(reset.json).toMatchObject({ outcome: "none", state: "Ready" });
    expect(reset.json.lastRunId).toBeUndefined();
    expect((await control("PATCH", `points/${point.id}`, { outcome: "smashed" })).status).toBe(400);
    expect((await control("PATCH", "points/99999999", { isActive: true })).status).toBe(404);
  });

  it("sets and reads faults, which hit the API but never the control routes", async () => {
    const { json } = await control<{ throttleRate: number }>("PUT", "faults", {
      throttleRate: 1,
      retryAfterSeconds: 3,
    });
    expect(json.throttleRate).toBe(1);
    expect((await control<{ retryAfterSeconds: number }>("GET", "faults")).json.retryAfterSeconds).toBe(3);
    const throttled = await probeAs(SAMPLE_PAT);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("3");
    expect((await control("GET", "health")).status).toBe(200);
    expect((await control("PUT", "faults", { throttleRat: 1 })).status).toBe(400);
    expect((await control("PUT", "faults", { errorRate: 2 })).status).toBe(400);
    await control("PUT", "faults", {});
    expect((await probeAs(SAMPLE_PAT)).status).toBe(200);
  });

  it("reads and clears the request log of API calls", async () => {
    await control("DELETE", "log");
    await probeAs(SAMPLE_PAT);
    await probeAs("not-a-token");
    const { json } = await control<{ count: number; value: { url: string; status: number; seq: number }[] }>(
      "GET",
      "log",
    );
    expect(json.value.map((e) => [e.url, e.status])).toEqual([
      ["/mhhs-sandbox/_apis/probe?api-version=7.1", 200],
      ["/mhhs-sandbox/_apis/probe?api-version=7.1", 401],
    ]);
    const since = await control<{ count: number }>("GET", `log?since=${json.value[0].seq}`);
    expect(since.json.count).toBe(1);
    expect((await control<{ cleared: number }>("DELETE", "log")).json.cleared).toBe(2);
    expect((await control<{ count: number }>("GET", "log")).json.count).toBe(0);
  });

  it("adds tokens with scopes and an identity", async () => {
    expect((await probeAs(WORK_ONLY_PAT)).status).toBe(401);
    const created = await control("POST", "tokens", { token: "t-work", scopes: ["vso.work"] });
    expect(created.status).toBe(201);
    const denied = await probeAs("t-work");
    expect(denied.status).toBe(401);
    expect(await denied.text()).toContain("TF400813");
    await control("POST", "tokens", {
      token: "t-test",
      scopes: ["vso.test"],
      identity: { displayName: "Tess", uniqueName: "tess@example.test" },
    });
    const allowed = await probeAs("t-test");
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ user: "tess@example.test" });
    expect((await control("POST", "tokens", { token: "", scopes: [] })).status).toBe(400);
  });

  it("loads a fixture and resets to the initial programme", async () => {
    const before = loads;
    const fixture = await control<ProgrammeSummary>("POST", "fixture", { seed: 4, scale: 0.02, today: "2025-01-01" });
    expect(fixture.status).toBe(200);
    expect(fixture.json.parameters).toEqual({ seed: 4, scale: 0.02, today: "2025-01-01", participantRoles: 28 });
    expect((await control<ProgrammeSummary>("GET", "programme")).json.parameters.seed).toBe(4);
    expect(sandbox.env.state().tokens.has("t-test")).toBe(false);
    expect((await control("POST", "fixture", { seed: 4, scale: -1 })).status).toBe(400);
    expect((await control("POST", "fixture", { seed: 4, scale: 1, colour: "red" })).status).toBe(400);

    const reset = await control<ProgrammeSummary>("POST", "reset");
    expect(reset.status).toBe(200);
    expect(reset.json).toEqual(generateProgramme(INITIAL).summary);
    expect(firstBug().rev).toBe(generateProgramme(INITIAL).state.workItems.get(firstBug().id)?.rev);
    expect(loads).toBe(before + 2);
  });
});
