/** Starts the sandbox in-process over the sample programme (seed 1, scale 0.3) for the adapter tests. */
import { generateProgramme } from "../../sandbox/generator";
import { CSS_NAMESPACE_ID, WORK_ITEM_READ, flattenAreaTree } from "../../src/ado/area-access";
import { AdoPort, RawSuite } from "../../src/ado/port";
import { TESTED_BY_FORWARD, TESTED_BY_REVERSE, linkedWorkItemId } from "../../src/ado/traceability-reader";
import { AREA_TREE_DEPTH } from "../../src/ado/project-structure";
import { ALL_ROUTES } from "../../sandbox/routes";
import { RunningSandbox, startSandbox } from "../../sandbox/server";
import { SandboxState } from "../../sandbox/state";

export const EXTENSION = { publisher: "qt-test", id: "qt-assurance" };

export function programme(): SandboxState {
  return generateProgramme({ seed: 1, scale: 0.3 }).state;
}

export async function startProgrammeSandbox(): Promise<{ sandbox: RunningSandbox; state: SandboxState }> {
  const state = programme();
  const sandbox = await startSandbox({ state, routes: ALL_ROUTES, reset: programme });
  return { sandbox, state };
}

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

/**
 * The same check for both adapters: the area tree's nodes carry their identifiers, and the caller's "View work
 * items in this node" on them is evaluated by the service, a deny on a node reaching everything under it.
 */
export async function expectAreaPermissionsEvaluated(port: AdoPort, state: SandboxState, identityId: string) {
  const project = state.projects[0];
  const nodes = flattenAreaTree(await port.getAreaTree(project.name, AREA_TREE_DEPTH));
  const denied = nodes.find(
    (n) => n.path.split("\\").length === 2 && nodes.some((m) => m.path.startsWith(`${n.path}\\`)),
  )!;
  const checks = (list: typeof nodes) =>
    list.map((n) => ({ namespaceId: CSS_NAMESPACE_ID, token: n.token, permissions: WORK_ITEM_READ }));
  const under = nodes.filter((n) => n.path === denied.path || n.path.startsWith(`${denied.path}\\`));
  state.areaDenies.push({ identityId, areaPath: denied.path, permissions: WORK_ITEM_READ });
  try {
    const answers = await port.evaluatePermissions(checks([nodes[0], ...under]));
    expect(answers).toEqual([true, ...under.map(() => false)]);
    // Another namespace, or a token naming no node, is not granted.
    expect(
      await port.evaluatePermissions([
        {
          namespaceId: CSS_NAMESPACE_ID,
          token: "vstfs:///Classification/Node/not-a-node",
          permissions: WORK_ITEM_READ,
        },
      ]),
    ).toEqual([false]);
    expect(await port.evaluatePermissions([])).toEqual([]);
  } finally {
    state.areaDenies.length = 0;
  }
  expect(await port.evaluatePermissions(checks(under))).toEqual(under.map(() => true));
}

/**
 * The same check for both adapters: a work item the tester creates and an assurer then changes comes back from
 * the reporting revisions API as two revisions, each stamped by the service with who made it, in a batch whose
 * continuation token reads on from where it ended.
 */
export async function expectWorkItemWritesAndRevisions(
  asTester: AdoPort,
  asAssurer: AdoPort,
  state: SandboxState,
  ids: { tester: string; assurer: string },
) {
  const project = state.projects[0].name;
  // Who each token is, as the organisation says.
  await expect(asTester.authenticatedUser()).resolves.toMatchObject({ id: ids.tester });
  await expect(asAssurer.authenticatedUser()).resolves.toMatchObject({
    id: ids.assurer,
    uniqueName: expect.any(String),
  });
  const before = await readAllRevisions(asAssurer, project);
  const made = await asTester.createWorkItem(project, "Bug", { "System.Title": "Written through the port" });
  expect(made.fields["System.CreatedBy"]).toMatchObject({ id: ids.tester });
  const changed = await asAssurer.updateWorkItem(project, made.id, { "System.Title": "Changed through the port" });
  expect(changed.fields["System.ChangedBy"]).toMatchObject({ id: ids.assurer });
  expect(changed.rev).toBe(2);
  const since = await asAssurer.listWorkItemRevisions(project, { types: ["Bug"], continuationToken: before.token });
  expect(since.isLastBatch).toBe(true);
  expect(since.items.map((r) => [r.id, r.rev, (r.fields["System.ChangedBy"] as { id: string }).id])).toEqual([
    [made.id, 1, ids.tester],
    [made.id, 2, ids.assurer],
  ]);
  // A write that claims another identity is refused.
  await expect(asTester.updateWorkItem(project, made.id, { "System.ChangedBy": "someone else" })).rejects.toMatchObject(
    { kind: "bad-request" },
  );
}

async function readAllRevisions(port: AdoPort, project: string): Promise<{ count: number; token?: string }> {
  let token: string | undefined;
  let count = 0;
  for (;;) {
    const batch = await port.listWorkItemRevisions(project, { types: ["Bug"], continuationToken: token });
    count += batch.items.length;
    token = batch.continuationToken ?? token;
    if (batch.isLastBatch) return { count, token };
  }
}

/**
 * The same check for both adapters: a file uploaded, attached to a new work item and read back as it was, and a
 * team's members listed.
 */
export async function expectAttachmentsAndTeams(port: AdoPort, state: SandboxState) {
  const project = state.projects[0].name;
  const content = JSON.stringify({ report: "ü — 1" });
  const uploaded = await port.uploadAttachment(project, "report.json", content);
  const item = await port.createWorkItem(project, "Bug", { "System.Title": "With a file" }, [
    { ...uploaded, comment: "the report" },
  ]);
  const files = await port.listAttachedFiles(project, item.id);
  expect(files).toEqual([{ id: uploaded.id, url: uploaded.url, name: "report.json", comment: "the report" }]);
  expect(await port.readAttachment(project, files[0].id)).toBe(content);
  const members = await port.listTeamMembers(project, "QT Administrators", { top: 10, skip: 0 });
  expect(members.map((m) => m.isTeamAdmin)).toEqual([true]);
}

/**
 * The same check for both adapters: a requirement-based suite carries its `suiteType` and `requirementId`, and a
 * batch read `$expand`ed for relations brings each work item's links (Tested By, and Tests on the other end) with
 * the other end's address, every field with them, and null-free omission of a missing id.
 */
export async function expectRequirementLinksRead(port: AdoPort, state: SandboxState) {
  const project = state.projects[0];
  const suite = [...project.suites.values()].find((s) => s.suiteType === "requirementTestSuite")!;
  const suites: RawSuite[] = [];
  let token: string | undefined;
  do {
    const page = await port.listSuites(project.name, suite.planId, token);
    suites.push(...page.items);
    token = page.continuationToken;
  } while (token);
  const listed = suites.find((s) => s.id === suite.id)!;
  // The browser client asks for numeric enums; the Node adapter reads the service's strings.
  expect([3, "requirementTestSuite"]).toContain(listed.suiteType);
  expect(listed.requirementId).toBe(suite.requirementId);
  expect(suites.filter((s) => s.requirementId !== undefined)).toHaveLength(1);

  const requirement = [...state.workItems.values()].find((w) =>
    (w.relations ?? []).some((r) => r.rel === TESTED_BY_FORWARD),
  )!;
  const testCaseId = requirement.relations!.find((r) => r.rel === TESTED_BY_FORWARD)!.targetId!;
  const items = await port.getWorkItemsWithRelations(project.name, [requirement.id, testCaseId, 99_999_999]);
  expect(items.map((w) => w.id)).toEqual([requirement.id, testCaseId]);
  expect(items[0].fields["System.Title"]).toBe(requirement.fields["System.Title"]);
  const forward = items[0].relations?.find((r) => r.rel === TESTED_BY_FORWARD);
  expect(linkedWorkItemId(forward?.url)).toBe(testCaseId);
  expect(forward?.url).toMatch(/^https?:\/\/[^/]+\/.*_apis\/wit\/workItems\/\d+$/);
  expect(forward?.attributes).toMatchObject({ isLocked: false, name: "Tested By" });
  const reverse = items[1].relations?.filter((r) => r.rel === TESTED_BY_REVERSE).map((r) => linkedWorkItemId(r.url));
  expect(reverse).toContain(requirement.id);
  await expect(
    port.getWorkItemsWithRelations(
      project.name,
      Array.from({ length: 201 }, (_, i) => i + 1),
    ),
  ).rejects.toThrow(/200/);
}
