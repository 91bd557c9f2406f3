import { CSS_NAMESPACE_ID, WORK_ITEM_READ } from "../../sandbox/area-security";
import { BSC_ASSURER_PAT, SAMPLE_PAT } from "../../sandbox/generator/tokens";
import { SAMPLE_IDENTITY } from "../../sandbox/generator/identities";
import { RunningSandbox } from "../../sandbox/server";
import { SandboxState } from "../../sandbox/state";
import { startProgrammeSandbox } from "../ado/port-sandbox";

/**
 * Area security as the sandbox plays it: what an identity may not view is left out of its queries, answered as
 * missing by batches and single reads, and evaluated false for it; other identities see everything.
 */

let sandbox: RunningSandbox;
let state: SandboxState;
let project: string;
let hiddenArea: string;
let hiddenIds: number[];

const auth = (token: string) => ({
  authorization: `Basic ${Buffer.from(`:${token}`).toString("base64")}`,
  "content-type": "application/json",
});

async function post(token: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${sandbox.orgUrl}${path}`, { method: "POST", headers: auth(token), body: JSON.stringify(body) });
}

async function wiql(token: string): Promise<number[]> {
  const response = await post(token, `/${encodeURIComponent(project)}/_apis/wit/wiql?api-version=7.1`, {
    query: `SELECT [System.Id] FROM WorkItems WHERE [System.AreaPath] UNDER '${hiddenArea}'`,
  });
  return ((await response.json()) as { workItems: { id: number }[] }).workItems.map((w) => w.id);
}

beforeAll(async () => {
  ({ sandbox, state } = await startProgrammeSandbox());
  project = state.projects[0].name;
  const window = state.projects[0].areas.children[0];
  hiddenArea = `${project}\\${window.name}`;
  hiddenIds = [...state.workItems.values()]
    .filter((w) => String(w.fields["System.AreaPath"]).startsWith(`${hiddenArea}\\`))
    .map((w) => w.id);
  state.areaDenies.push({ identityId: SAMPLE_IDENTITY.id, areaPath: hiddenArea, permissions: WORK_ITEM_READ });
});
afterAll(() => sandbox.close());

describe("area security", () => {
  it("leaves what the caller may not view out of its queries, and only its", async () => {
    expect(hiddenIds.length).toBeGreaterThan(0);
    expect(await wiql(SAMPLE_PAT)).toEqual([]);
    expect((await wiql(BSC_ASSURER_PAT)).sort((a, b) => a - b)).toEqual(hiddenIds.sort((a, b) => a - b));
  });

  it("answers a hidden item as missing: null in a batch that omits, 404 TF401232 alone", async () => {
    const id = hiddenIds[0];
    const path = `/${encodeURIComponent(project)}/_apis/wit/workitemsbatch?api-version=7.1`;
    const batch = await post(SAMPLE_PAT, path, { ids: [id], errorPolicy: "omit" });
    expect(((await batch.json()) as { value: unknown[] }).value).toEqual([null]);
    const single = await fetch(`${sandbox.orgUrl}/_apis/wit/workitems/${id}?api-version=7.1`, {
      headers: auth(SAMPLE_PAT),
    });
    expect(single.status).toBe(404);
    expect(((await single.json()) as { message: string }).message).toMatch(/^TF401232: Work item \d+ does not exist/);
    const seen = await post(BSC_ASSURER_PAT, path, { ids: [id], errorPolicy: "omit" });
    expect(((await seen.json()) as { value: { id: number }[] }).value[0].id).toBe(id);
  });

  it("evaluates the caller's own permissions in the order asked, in the spec's shape", async () => {
    const root = state.projects[0].areas;
    const window = root.children[0];
    const token = (...ids: string[]) => ids.map((i) => `vstfs:///Classification/Node/${i}`).join(":");
    const evaluations = [
      { securityNamespaceId: CSS_NAMESPACE_ID, token: token(root.identifier), permissions: WORK_ITEM_READ },
      {
        securityNamespaceId: CSS_NAMESPACE_ID,
        token: token(root.identifier, window.identifier),
        permissions: WORK_ITEM_READ,
      },
      { securityNamespaceId: "5a27515b-ccd7-42c9-84f1-54c998f03866", token: "token1", permissions: 8 },
    ];
    const path = "/_apis/security/permissionevaluationbatch?api-version=7.1";
    const mine = await post(SAMPLE_PAT, path, { alwaysAllowAdministrators: false, evaluations });
    expect(mine.status).toBe(200);
    expect(await mine.json()).toEqual({
      alwaysAllowAdministrators: false,
      evaluations: evaluations.map((e, i) => ({ ...e, value: [true, false, false][i] })),
    });
    const theirs = (await (await post(BSC_ASSURER_PAT, path, { evaluations })).json()) as {
      evaluations: { value: boolean }[];
    };
    expect(theirs.evaluations.map((e) => e.value)).toEqual([true, true, false]);
    expect((await post(SAMPLE_PAT, path, { evaluations: [{ token: "x" }] })).status).toBe(400);
    expect((await post(SAMPLE_PAT, path, {})).status).toBe(400);
  });
});
