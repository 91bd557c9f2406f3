import { BSC_ASSURER, SAMPLE_IDENTITY, TESTERS } from "../../sandbox/generator/identities";
import { ASSURER_TEAMS, SETTINGS_TEAM } from "../../sandbox/generator/teams";
import { BSC_ASSURER_PAT, SAMPLE_PAT, TESTER_PAT, WORK_ONLY_PAT } from "../../sandbox/generator/tokens";
import { RunningSandbox } from "../../sandbox/server";
import { SandboxState } from "../../sandbox/state";
import { startProgrammeSandbox } from "../ado/port-sandbox";
import { readTeamMembers } from "../../src/ado/teams";
import { openNodeSource } from "../../src/ado/node-source";
import { DEFAULT_EXTENSION } from "../../src/cli/connection";

/**
 * Teams as the service keeps them: a project's teams and their members (Core, `$top`/`$skip`), membership changed
 * through Graph memberships by Project Administrators and the team's administrators only.
 */

let sandbox: RunningSandbox;
let state: SandboxState;
let project: string;

const basic = (token: string) => ({ authorization: `Basic ${Buffer.from(`:${token}`).toString("base64")}` });
const get = (path: string, token = SAMPLE_PAT) => fetch(`${sandbox.orgUrl}/${path}`, { headers: basic(token) });

beforeAll(async () => {
  ({ sandbox, state } = await startProgrammeSandbox());
  project = state.projects[0].name;
});
afterAll(() => sandbox.close());

async function descriptor(id: string): Promise<string> {
  return ((await (await get(`_apis/graph/descriptors/${id}?api-version=7.1-preview.1`)).json()) as { value: string })
    .value;
}

describe("teams", () => {
  it("lists the project's teams, the default one first among them", async () => {
    const answer = (await (
      await get(`_apis/projects/${encodeURIComponent(project)}/teams?api-version=7.1`)
    ).json()) as {
      value: { name: string }[];
      count: number;
    };
    expect(answer.value.map((t) => t.name).sort()).toEqual(
      [`${project} Team`, SETTINGS_TEAM, ASSURER_TEAMS.BSC, ASSURER_TEAMS.REC].sort(),
    );
    expect(answer.count).toBe(4);
  });

  it("lists a team's members by name or id, a page at a time, and needs vso.project", async () => {
    const path = `_apis/projects/${encodeURIComponent(project)}/teams/${encodeURIComponent(SETTINGS_TEAM)}/members`;
    const page = (await (await get(`${path}?$top=10&$skip=0&api-version=7.1`)).json()) as {
      value: { isTeamAdmin: boolean; identity: { id: string; uniqueName: string } }[];
    };
    expect(page.value).toEqual([
      { isTeamAdmin: true, identity: expect.objectContaining({ id: SAMPLE_IDENTITY.id }) as unknown },
    ]);
    const skipped = (await (await get(`${path}?$top=10&$skip=1&api-version=7.1`)).json()) as { value: unknown[] };
    expect(skipped.value).toEqual([]);
    expect((await get(`${path}?api-version=7.1`, WORK_ONLY_PAT)).status).toBe(401);
    expect(
      (await get(`_apis/projects/${encodeURIComponent(project)}/teams/Nobody/members?api-version=7.1`)).status,
    ).toBe(404);
  });

  it("reads every member through the product's port, and says when a team does not exist", async () => {
    const source = openNodeSource({
      orgUrl: sandbox.orgUrl,
      project,
      token: TESTER_PAT,
      extension: { ...DEFAULT_EXTENSION },
      concurrency: 2,
    });
    expect((await readTeamMembers(source.api, project, ASSURER_TEAMS.BSC))?.map((m) => m.uniqueName)).toEqual([
      BSC_ASSURER.uniqueName,
    ]);
    expect(await readTeamMembers(source.api, project, "Nobody")).toBeUndefined();
  });

  it("lets only administrators change who is in a team", async () => {
    const team = state.teams!.find((t) => t.name === ASSURER_TEAMS.BSC)!;
    const url = `${sandbox.orgUrl}/_apis/graph/memberships/${await descriptor(TESTERS[1].id)}/${await descriptor(team.id)}?api-version=7.1-preview.1`;
    for (const token of [TESTER_PAT, BSC_ASSURER_PAT])
      expect((await fetch(url, { method: "PUT", headers: basic(token) })).status).toBe(403);
    expect(team.members.map((m) => m.identity.id)).toEqual([BSC_ASSURER.id]);
    expect((await fetch(url, { method: "PUT", headers: basic(SAMPLE_PAT) })).status).toBe(200);
    expect(team.members.map((m) => m.identity.id)).toEqual([BSC_ASSURER.id, TESTERS[1].id]);
    expect((await fetch(url, { method: "DELETE", headers: basic(SAMPLE_PAT) })).status).toBeLessThan(300);
    expect(team.members.map((m) => m.identity.id)).toEqual([BSC_ASSURER.id]);
  });

  it("lets only Project Administrators create a team", async () => {
    const create = (token: string) =>
      fetch(`${sandbox.orgUrl}/_apis/projects/${encodeURIComponent(project)}/teams?api-version=7.1`, {
        method: "POST",
        headers: { ...basic(token), "content-type": "application/json" },
        body: JSON.stringify({ name: "MCB Assurers", description: "x" }),
      });
    expect((await create(TESTER_PAT)).status).toBe(403);
    const made = await create(SAMPLE_PAT);
    expect(made.status).toBe(200);
    expect(await made.json()).toMatchObject({ name: "MCB Assurers" });
    expect((await create(SAMPLE_PAT)).status).toBe(409);
  });
});
