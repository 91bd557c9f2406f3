import { WORK_ITEM_WRITE } from "../../sandbox/area-security";
import { BSC_ASSURER, TESTERS } from "../../sandbox/generator/identities";
import { BSC_ASSURER_PAT, SAMPLE_PAT, TESTER_PAT, WORK_ONLY_PAT } from "../../sandbox/generator/tokens";
import { RunningSandbox } from "../../sandbox/server";
import { SandboxState } from "../../sandbox/state";
import { startProgrammeSandbox } from "../ado/port-sandbox";

/**
 * Work item writes as the service makes them: who created and changed an item, and when, are stamped by the
 * server from the caller (a write cannot claim another identity unless it holds "Bypass rules on work item
 * updates"); a write under an area the caller may not edit is refused; every revision is kept and served, in
 * watermark order, by the reporting revisions API.
 */

let sandbox: RunningSandbox;
let state: SandboxState;
let project: string;
let area: string;

const headers = (token: string, patch = true) => ({
  authorization: `Basic ${Buffer.from(`:${token}`).toString("base64")}`,
  "content-type": patch ? "application/json-patch+json" : "application/json",
});
const field = (name: string, value: unknown) => ({ op: "add", path: `/fields/${name}`, value });

async function create(token: string, ops: unknown[], query = ""): Promise<Response> {
  return fetch(`${sandbox.orgUrl}/${encodeURIComponent(project)}/_apis/wit/workitems/$Bug?api-version=7.1${query}`, {
    method: "POST",
    headers: headers(token),
    body: JSON.stringify(ops),
  });
}

async function update(token: string, id: number, ops: unknown[], query = ""): Promise<Response> {
  return fetch(`${sandbox.orgUrl}/_apis/wit/workitems/${id}?api-version=7.1${query}`, {
    method: "PATCH",
    headers: headers(token),
    body: JSON.stringify(ops),
  });
}

interface Revisions {
  values: { id: number; rev: number; fields: Record<string, unknown> }[];
  continuationToken: string;
  isLastBatch: boolean;
  nextLink: string;
}

async function revisions(token: string, query: string): Promise<Revisions> {
  const response = await fetch(
    `${sandbox.orgUrl}/${encodeURIComponent(project)}/_apis/wit/reporting/workitemrevisions?api-version=7.1&${query}`,
    { headers: headers(token, false) },
  );
  expect(response.status).toBe(200);
  return (await response.json()) as Revisions;
}

async function allRevisions(token: string, query: string): Promise<Revisions["values"]> {
  const all: Revisions["values"] = [];
  for (let next = ""; ;) {
    const batch = await revisions(token, `${query}${next ? `&continuationToken=${next}` : ""}`);
    all.push(...batch.values);
    if (batch.isLastBatch) return all;
    next = batch.continuationToken;
  }
}

beforeAll(async () => {
  ({ sandbox, state } = await startProgrammeSandbox());
  project = state.projects[0].name;
  area = `${project}\\${state.projects[0].areas.children[0].name}`;
});
afterAll(() => sandbox.close());
afterEach(() => {
  state.areaDenies.length = 0;
  state.bypassRulesHolders = [];
});

describe("work item writes", () => {
  it("stamps who created and changed an item from the caller, and keeps every revision", async () => {
    const created = await create(TESTER_PAT, [field("System.Title", "A record"), field("System.AreaPath", area)]);
    expect(created.status).toBe(200);
    const item = (await created.json()) as { id: number; rev: number; fields: Record<string, unknown>; url: string };
    expect(item.rev).toBe(1);
    expect(item.fields["System.CreatedBy"]).toMatchObject({ id: TESTERS[0].id, uniqueName: TESTERS[0].uniqueName });
    expect(item.fields["System.ChangedBy"]).toMatchObject({ id: TESTERS[0].id });
    expect(item.fields["System.AreaPath"]).toBe(area);
    expect(item.url).toMatch(new RegExp(`/_apis/wit/workItems/${item.id}$`, "i"));

    const changed = await update(BSC_ASSURER_PAT, item.id, [field("System.Title", "A record, reviewed")]);
    const after = (await changed.json()) as { rev: number; fields: Record<string, unknown> };
    expect(after.rev).toBe(2);
    expect(after.fields["System.ChangedBy"]).toMatchObject({ id: BSC_ASSURER.id });
    expect(after.fields["System.CreatedBy"]).toMatchObject({ id: TESTERS[0].id });
    expect(state.workItems.get(item.id)!.revisions!.map((r) => r.rev)).toEqual([1, 2]);
  });

  it("refuses a write that claims another identity, unless the caller may bypass rules", async () => {
    const claim = [field("System.Title", "Forged"), field("System.ChangedBy", BSC_ASSURER.uniqueName)];
    expect((await create(TESTER_PAT, claim)).status).toBe(400);
    expect((await create(TESTER_PAT, claim, "&bypassRules=true")).status).toBe(403);
    state.bypassRulesHolders = [TESTERS[0].id];
    const bypassed = await create(TESTER_PAT, claim, "&bypassRules=true");
    expect(bypassed.status).toBe(200);
    // The claimed identity is resolved, as the service does; AuthorizedAs still says who really saved it.
    const fields = ((await bypassed.json()) as { fields: Record<string, unknown> }).fields;
    expect(fields["System.ChangedBy"]).toMatchObject({ id: BSC_ASSURER.id, uniqueName: BSC_ASSURER.uniqueName });
    expect(fields["System.AuthorizedAs"]).toMatchObject({ id: TESTERS[0].id });
    // The id and the revision are never the caller's to set.
    expect(
      (await create(TESTER_PAT, [field("System.Title", "x"), field("System.Rev", 9)], "&bypassRules=true")).status,
    ).toBe(400);
  });

  it("refuses writes under an area the caller may not edit, and needs vso.work_write", async () => {
    const made = (await (
      await create(SAMPLE_PAT, [field("System.Title", "Guarded"), field("System.AreaPath", area)])
    ).json()) as {
      id: number;
    };
    state.areaDenies.push({ identityId: TESTERS[0].id, areaPath: area, permissions: WORK_ITEM_WRITE });
    const refused = await create(TESTER_PAT, [field("System.Title", "In"), field("System.AreaPath", area)]);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toMatch(/^TF237111: /);
    expect((await update(TESTER_PAT, made.id, [field("System.Title", "Changed")])).status).toBe(403);
    // Nor may it move its own item in.
    const own = (await (await create(TESTER_PAT, [field("System.Title", "Mine")])).json()) as { id: number };
    expect((await update(TESTER_PAT, own.id, [field("System.AreaPath", area)])).status).toBe(403);
    expect((await create(WORK_ONLY_PAT, [field("System.Title", "Read-only token")])).status).toBe(401);
  });
});

describe("the reporting revisions API", () => {
  it("serves every revision in watermark order, a batch at a time, and only what was written since a token", async () => {
    const whole: Revisions["values"] = [];
    let token = "";
    let batches = 0;
    for (;;) {
      const page = await revisions(
        SAMPLE_PAT,
        `types=Bug&includeIdentityRef=true&$maxPageSize=500${token ? `&continuationToken=${token}` : ""}`,
      );
      whole.push(...page.values);
      batches++;
      token = page.continuationToken;
      expect(page.nextLink).toContain(`continuationToken=${token}`);
      if (page.isLastBatch) break;
    }
    const bugs = [...state.workItems.values()].filter((w) => w.fields["System.WorkItemType"] === "Bug");
    const expected = bugs.reduce((n, w) => n + (w.revisions?.length ?? 1), 0);
    expect(whole).toHaveLength(expected);
    expect(batches).toBe(Math.ceil(expected / 500));
    // Identity fields as references when asked, as "Name <unique name>" otherwise.
    const written = whole.find(
      (v) => v.fields["System.ChangedBy"] !== undefined && typeof v.fields["System.ChangedBy"] === "object",
    );
    expect(written?.fields["System.ChangedBy"]).toMatchObject({
      id: expect.any(String),
      uniqueName: expect.any(String),
    });

    // The token is a watermark: the next read brings only what was written since.
    const item = (await (await create(TESTER_PAT, [field("System.Title", "Later")])).json()) as { id: number };
    await update(BSC_ASSURER_PAT, item.id, [field("System.Title", "Later, reviewed")]);
    const since = await revisions(SAMPLE_PAT, `types=Bug&continuationToken=${token}`);
    expect(since.values.map((v) => [v.id, v.rev])).toEqual([
      [item.id, 1],
      [item.id, 2],
    ]);
    expect(since.values[1].fields["System.ChangedBy"]).toBe(`${BSC_ASSURER.displayName} <${BSC_ASSURER.uniqueName}>`);
    expect(since.isLastBatch).toBe(true);
  });

  it("leaves out what the caller may not read, and filters fields", async () => {
    const item = (await (
      await create(SAMPLE_PAT, [field("System.Title", "Hidden"), field("System.AreaPath", area)])
    ).json()) as {
      id: number;
    };
    state.areaDenies.push({ identityId: TESTERS[0].id, areaPath: area, permissions: 16 });
    const seen = await revisions(TESTER_PAT, "types=Bug&fields=System.Title,System.ChangedBy");
    expect(seen.values.some((v) => v.id === item.id)).toBe(false);
    expect(Object.keys(seen.values[0].fields).sort()).toEqual(
      ["System.ChangedBy", "System.Title"].filter((f) => f in seen.values[0].fields).sort(),
    );
    expect(
      (
        await fetch(
          `${sandbox.orgUrl}/${encodeURIComponent(project)}/_apis/wit/reporting/workitemrevisions?api-version=7.1&continuationToken=x`,
          { headers: headers(SAMPLE_PAT, false) },
        )
      ).status,
    ).toBe(400);
  });
});

describe("deleting work items", () => {
  it("moves the item to the recycle bin, keeps its deletion as a stamped revision, and never reuses its id", async () => {
    const created = (await (
      await create(TESTER_PAT, [field("System.Title", "Doomed"), field("System.Description", "<p>long text</p>")])
    ).json()) as { id: number };
    const removed = await fetch(`${sandbox.orgUrl}/_apis/wit/workitems/${created.id}?api-version=7.1`, {
      method: "DELETE",
      headers: headers(BSC_ASSURER_PAT, false),
    });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toMatchObject({ id: created.id, deletedBy: BSC_ASSURER.displayName });
    const read = await fetch(`${sandbox.orgUrl}/_apis/wit/workitems/${created.id}?api-version=7.1`, {
      headers: headers(SAMPLE_PAT, false),
    });
    expect(read.status).toBe(404);

    const without = await allRevisions(SAMPLE_PAT, "types=Bug");
    expect(without.filter((v) => v.id === created.id)).toEqual([]);
    const withDeleted = (await allRevisions(SAMPLE_PAT, "types=Bug&includeDeleted=true&includeIdentityRef=true"))
      .filter((v) => v.id === created.id)
      .sort((a, b) => a.rev - b.rev);
    expect(withDeleted.map((v) => v.rev)).toEqual([1, 2]);
    expect(withDeleted[1].fields).toMatchObject({
      "System.IsDeleted": true,
      "System.ChangedBy": { id: BSC_ASSURER.id },
    });
    // Long text comes only when asked for.
    expect("System.Description" in withDeleted[0].fields).toBe(false);
    const expanded = (await allRevisions(SAMPLE_PAT, "types=Bug&includeDeleted=true&$expand=fields")).find(
      (v) => v.id === created.id,
    );
    expect(expanded?.fields["System.Description"]).toBe("<p>long text</p>");

    const next = (await (await create(TESTER_PAT, [field("System.Title", "Next")])).json()) as { id: number };
    expect(next.id).toBeGreaterThan(created.id);
  });

  it("refuses to destroy an item, and to delete one the caller may not edit", async () => {
    const created = (await (
      await create(TESTER_PAT, [field("System.Title", "Kept"), field("System.AreaPath", area)])
    ).json()) as {
      id: number;
    };
    const destroy = await fetch(`${sandbox.orgUrl}/_apis/wit/workitems/${created.id}?destroy=true&api-version=7.1`, {
      method: "DELETE",
      headers: headers(TESTER_PAT, false),
    });
    expect(destroy.status).toBe(403);
    state.areaDenies.push({ identityId: TESTERS[0].id, areaPath: area, permissions: WORK_ITEM_WRITE });
    const denied = await fetch(`${sandbox.orgUrl}/_apis/wit/workitems/${created.id}?api-version=7.1`, {
      method: "DELETE",
      headers: headers(TESTER_PAT, false),
    });
    expect(denied.status).toBe(403);
  });
});
