import { readFileSync } from "node:fs";
import { join } from "node:path";
import { witRoutes } from "../../sandbox/routes/wit";
import { RunningSandbox, startSandbox } from "../../sandbox/server";
import { SandboxState } from "../../sandbox/state";
import { SPECS_ROOT, requireSpecs } from "./support/swagger";
import { WIT_TOKEN, basic, witState } from "./support/wit-state";

/**
 * The official example payloads, loaded into the sandbox, come back equal: each example's response is put into
 * the sandbox's state, the example's request is replayed, and every member the example shows must return as shown
 * (URLs rewritten from the example's organisation to the sandbox's).
 */
interface Example {
  parameters: Record<string, unknown> & { body?: unknown };
  responses: { "200": { body: unknown } };
  "x-ms-vss-request-url": string;
}

function example(relative: string): Example {
  requireSpecs();
  const text = readFileSync(join(SPECS_ROOT, "specification", "wit", "7.1", "httpExamples", relative), "utf8").replace(
    /^\uFEFF/,
    "",
  );
  return JSON.parse(text) as Example;
}

let sandbox: RunningSandbox;
let state: SandboxState;
beforeAll(async () => {
  state = witState();
  sandbox = await startSandbox({ state, routes: [witRoutes] });
});
afterAll(() => sandbox.close());

/** Rewrites each work item's own URL to the sandbox's; URLs inside field values are data and stay as stored. */
function localise(list: { value: ExampleWorkItem[] }): unknown {
  return {
    ...list,
    value: list.value.map((w) => ({ ...w, url: w.url?.replace("https://dev.azure.com/fabrikam", sandbox.orgUrl) })),
  };
}

interface ExampleWorkItem {
  id: number;
  rev: number;
  fields: Record<string, unknown>;
  url?: string;
}

function loadWorkItems(items: ExampleWorkItem[]): void {
  for (const item of items) {
    state.workItems.set(item.id, { id: item.id, rev: item.rev, fields: structuredClone(item.fields) });
    for (const field of Object.keys(item.fields)) {
      if (!state.fields.some((f) => f.referenceName === field))
        state.fields.push({ referenceName: field, name: field, type: "string" });
    }
  }
}

async function call(method: string, url: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: basic(WIT_TOKEN),
      accept: "application/json;api-version=7.1",
      "content-type": "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return res.json();
}

describe("official examples round-trip through the sandbox", () => {
  it("POST workitemsbatch", async () => {
    const ex = example("workItemsBatch/POST__wit_WorkItemsBatch_ids-_ids__fields-_columns_.json");
    const expected = ex.responses["200"].body as { value: ExampleWorkItem[] };
    loadWorkItems(expected.value);
    const served = await call("POST", `${sandbox.orgUrl}/_apis/wit/workitemsbatch`, ex.parameters.body);
    expect(served).toMatchObject(localise(expected) as object);
  });

  it("GET workitems?ids=", async () => {
    const ex = example("workItems/GET__wit_WorkItems_ids-_ids_.json");
    const expected = ex.responses["200"].body as { value: ExampleWorkItem[] };
    loadWorkItems(expected.value);
    const served = await call("GET", `${sandbox.orgUrl}/_apis/wit/workitems?ids=${String(ex.parameters.ids)}`);
    expect(served).toMatchObject(localise(expected) as object);
  });

  it("GET workitemtypes/{type}/states", async () => {
    const ex = example("workItemTypeStates/GET__workitem_type_states.json");
    const expected = ex.responses["200"].body as { value: { name: string; color: string; category: string }[] };
    const project = state.projects[0];
    project.workItemTypes = project.workItemTypes.filter((t) => t.name !== "Bug");
    project.workItemTypes.push({
      name: "Bug",
      referenceName: "Microsoft.VSTS.WorkItemTypes.Bug",
      description: "",
      color: "CC293D",
      states: expected.value.map((s) => ({ ...s })),
      fields: [],
    });
    const served = await call(
      "GET",
      `${sandbox.orgUrl}/${encodeURIComponent(project.name)}/_apis/wit/workitemtypes/Bug/states`,
    );
    expect(served).toEqual(expected);
  });
});
