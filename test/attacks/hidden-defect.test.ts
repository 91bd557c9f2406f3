import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmbeddedSandbox, startEmbeddedSandbox } from "../../sandbox/embedded";
import { BSC_ASSURER_PAT } from "../../sandbox/generator/tokens";
import { registryKey } from "../../src/core/settings";
import { runCliCaptured } from "../cli/support/run-cli";

/**
 * Attack: hide an outstanding Sev1 behind area permissions. A query answers only with what its caller may read, so
 * a participant's tester who administers their own area can add a child node, move a Sev1 there and deny the
 * gate's identity "View work items in this node": the defect is gone from every query that identity runs. The
 * gate must not pass; the verdict must say it cannot assess, naming the area. The area node and the deny are made
 * through the sandbox's control API (what the tester would do in Azure DevOps' area security dialog).
 */

jest.setTimeout(120_000);

const dir = mkdtempSync(join(tmpdir(), "qt-attack-"));
let sandbox: EmbeddedSandbox;
let remote: string[];
let control: string;
let participantRole: string;
let area: string;
let sev1: number;

const cli = (args: string[], token: string) => runCliCaptured([...args, ...remote], { AZURE_DEVOPS_EXT_PAT: token });

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${control}/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** The ids of the work items under an area, as the full-scope token sees them. */
async function idsUnder(path: string): Promise<number[]> {
  const response = await fetch(
    `${sandbox.orgUrl}/${encodeURIComponent(sandbox.project)}/_apis/wit/wiql?api-version=7.1`,
    {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Basic ${Buffer.from(`:${sandbox.token}`).toString("base64")}`,
      },
      body: JSON.stringify({
        query: `SELECT [System.Id] FROM WorkItems WHERE [System.AreaPath] UNDER '${path}' AND [System.WorkItemType] = 'Bug'`,
      }),
    },
  );
  const body = (await response.json()) as { workItems: { id: number }[] };
  return body.workItems.map((w) => w.id);
}

beforeAll(async () => {
  sandbox = await startEmbeddedSandbox();
  const settingsFile = join(dir, "settings.json");
  writeFileSync(settingsFile, JSON.stringify(sandbox.settings));
  remote = ["--org-url", sandbox.orgUrl, "--project", sandbox.project, "--settings", settingsFile];
  control = `${new URL(sandbox.orgUrl).origin}/_sandbox`;
  // A participant-role the gate passes: no Sev1 or Sev2 outstanding.
  const entry = sandbox.settings.registry.find((e) => registryKey(e) === "OAKH-R")!;
  participantRole = registryKey(entry);
  area = entry.defectScope.areaPaths![0];
  // One of its defects, reopened as an outstanding Sev1: now the gate must block.
  sev1 = (await idsUnder(area))[0];
  await call("PATCH", `workitems/${sev1}`, {
    fields: { "System.State": "Active", [sandbox.settings.defects.severityField]: "Sev1 - Critical" },
  });
});
afterAll(() => sandbox.close());

describe("hiding a Sev1 behind area permissions", () => {
  it("blocks the gate while the Sev1 is visible", async () => {
    const gate = await cli(["gate", "--participant", participantRole], sandbox.token);
    expect(gate.code).toBe(1);
    expect(gate.stdout + gate.stderr).toMatch(/1 Sev1/);
  });

  it("does not let the gate pass once the Sev1 is moved where the gate's identity may not read it", async () => {
    const hidden = (await call("POST", "areas", { parentPath: area, name: "Quarantine" })) as { path: string };
    await call("PATCH", `workitems/${sev1}`, { fields: { "System.AreaPath": hidden.path } });
    await call("POST", "areas/denies", { identity: "admin@mhhs-sandbox.example", areaPath: hidden.path });
    // What the attack achieves on its own: the gate's identity no longer sees the defect at all.
    const seen = await fetch(`${sandbox.orgUrl}/_apis/wit/workitems/${sev1}?api-version=7.1`, {
      headers: { authorization: `Basic ${Buffer.from(`:${sandbox.token}`).toString("base64")}` },
    });
    expect(seen.status).toBe(404);

    const gate = await cli(["gate", "--participant", participantRole], sandbox.token);
    expect(gate.code).toBe(2);
    const said = gate.stdout + gate.stderr;
    expect(said).toMatch(/CANNOT ASSESS|cannot assess/i);
    expect(said).toContain(`may not view work items in area '${hidden.path}'`);

    const assessed = await cli(["assess", "--participant", participantRole, "--format", "json"], sandbox.token);
    const doc = JSON.parse(assessed.stdout) as { assessment: { verdict: string } };
    expect(doc.assessment.verdict).toBe("cannot-assess");
  });

  it("still counts the Sev1 for an identity that may read the area", async () => {
    const gate = await cli(["gate", "--participant", participantRole], BSC_ASSURER_PAT);
    expect(gate.code).toBe(1);
    expect(gate.stdout + gate.stderr).toMatch(/1 Sev1/);
  });

  it("blocks again once the deny is lifted", async () => {
    await call("DELETE", "areas/denies");
    const gate = await cli(["gate", "--participant", participantRole], sandbox.token);
    expect(gate.code).toBe(1);
  });
});
