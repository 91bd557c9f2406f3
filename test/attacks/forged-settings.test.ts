import { EmbeddedSandbox, startEmbeddedSandbox } from "../../sandbox/embedded";
import { BSC_ASSURER, TESTERS } from "../../sandbox/generator/identities";
import { ASSURER_TEAMS } from "../../sandbox/generator/teams";
import { BSC_ASSURER_PAT, SAMPLE_PAT, TESTER_PAT } from "../../sandbox/generator/tokens";
import { approvalStoreFor, readAndAssess } from "../../src/ado/assessment-run";
import { recordWaiver } from "../../src/core/approvals";
import { Settings, registryKey } from "../../src/core/settings";
import { SETTINGS_TYPE, settingsRecordFields } from "../../src/core/settings-record";
import { runCliCaptured } from "../cli/support/run-cli";
import { sourceAs } from "../support/sandbox-source";

/**
 * Attack: change the rules. The settings the verdict uses are kept in a settings record that counts only as a
 * member of the QT Administrators team made it, and the assurers are the members of each body's team. A
 * participant's tester, with their own token, tries to make the gate pass on an outstanding Sev1: a lax settings
 * document in the extension's data, the settings record edited (a state override, a severity map), a rival settings
 * record, the record deleted, a save through the product, and joining an assurer team. The gate never passes;
 * what the tester changed makes the verdict "cannot assess", naming them, until an administrator saves again.
 */

jest.setTimeout(120_000);

let sandbox: EmbeddedSandbox;
let remote: string[];
let protectedSettings: Settings;
let participantRole: string;
let recordId: number;
const NOW = () => new Date();

const cli = (args: string[], token: string) => runCliCaptured([...args, ...remote], { AZURE_DEVOPS_EXT_PAT: token });
const gate = () => cli(["gate", "--participant", participantRole], SAMPLE_PAT);
const basic = (token: string) => `Basic ${Buffer.from(`:${token}`).toString("base64")}`;

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${new URL(sandbox.orgUrl).origin}/_sandbox/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** Settings that would let the Sev1 through, three ways. */
function lax(settings: Settings): Settings {
  return {
    ...settings,
    defects: {
      ...settings.defects,
      severityMap: Object.fromEntries(Object.keys(settings.defects.severityMap).map((k) => [k, 5])) as never,
      inferSeverityFromNumber: false,
      stateOverrides: [{ state: "Active", outstanding: false }],
    },
    assurers: [...settings.assurers, { user: TESTERS[0].uniqueName, body: "BSC" }],
  };
}

/** The administrator puts the settings back as they were: the gate must block again. */
async function restore(): Promise<void> {
  const admin = sourceAs(sandbox, SAMPLE_PAT).store;
  const loaded = await admin.loadSettings();
  const saved = await admin.saveSettings(protectedSettings, loaded.kind === "missing" ? undefined : loaded.etag);
  expect(saved.kind).toBe("saved");
}

beforeAll(async () => {
  sandbox = await startEmbeddedSandbox();
  remote = ["--org-url", sandbox.orgUrl, "--project", sandbox.project];
  protectedSettings = {
    ...sandbox.settings,
    assurers: [],
    assurerTeams: [
      { team: ASSURER_TEAMS.BSC, body: "BSC" },
      { team: ASSURER_TEAMS.REC, body: "REC" },
    ],
  };
  const made = await sourceAs(sandbox, SAMPLE_PAT).store.protectSettings!(protectedSettings);
  expect(made.kind).toBe("saved");
  const loaded = await sourceAs(sandbox, SAMPLE_PAT).store.loadSettings();
  if (loaded.kind !== "ok" || loaded.origin?.kind !== "record") throw new Error(JSON.stringify(loaded));
  recordId = loaded.origin.id;

  // A participant-role the gate passes, with one of its defects reopened as an outstanding Sev1.
  const entry = sandbox.settings.registry.find((e) => registryKey(e) === "OAKH-R")!;
  participantRole = registryKey(entry);
  const wiql = await fetch(`${sandbox.orgUrl}/${encodeURIComponent(sandbox.project)}/_apis/wit/wiql?api-version=7.1`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: basic(SAMPLE_PAT) },
    body: JSON.stringify({
      query: `SELECT [System.Id] FROM WorkItems WHERE [System.AreaPath] UNDER '${entry.defectScope.areaPaths![0]}' AND [System.WorkItemType] = 'Bug'`,
    }),
  });
  const sev1 = ((await wiql.json()) as { workItems: { id: number }[] }).workItems[0].id;
  await control("PATCH", `workitems/${sev1}`, {
    fields: { "System.State": "Active", [sandbox.settings.defects.severityField]: "Sev1 - Critical" },
  });
});
afterAll(() => sandbox.close());

describe("changing the settings the verdict uses", () => {
  it("blocks the gate on the Sev1 under the administrators' settings", async () => {
    const result = await gate();
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/1 Sev1/);
  });

  it("ignores lax settings written into the extension's data", async () => {
    const written = await sourceAs(sandbox, TESTER_PAT).api.setDocument(
      { scopeType: "Default", collection: "qt-settings" },
      { id: "settings", __etag: -1, settings: lax(sandbox.settings) },
    );
    expect(written.id).toBe("settings");
    expect((await gate()).code).toBe(1);
  });

  it("refuses the tester's save through the product before anything is written", async () => {
    const store = sourceAs(sandbox, TESTER_PAT).store;
    const loaded = await store.loadSettings();
    expect(loaded.kind).toBe("ok");
    const saved = await store.saveSettings(lax(protectedSettings), loaded.kind === "ok" ? loaded.etag : undefined);
    expect(saved).toMatchObject({
      kind: "invalid",
      errors: [
        {
          message: expect.stringContaining(
            `${TESTERS[0].displayName} is not in the project's "QT Administrators" team`,
          ) as unknown,
        },
      ],
    });
    expect((await gate()).code).toBe(1);
  });

  it.each([
    [
      "a state override",
      (s: Settings) => ({ ...s, defects: { ...s.defects, stateOverrides: [{ state: "Active", outstanding: false }] } }),
    ],
    [
      "the severity map",
      (s: Settings) => ({
        ...s,
        defects: {
          ...s.defects,
          inferSeverityFromNumber: false,
          severityMap: Object.fromEntries(Object.keys(s.defects.severityMap).map((k) => [k, 5])) as never,
        },
      }),
    ],
    ["the assurers", (s: Settings) => ({ ...s, assurers: [{ user: TESTERS[0].uniqueName, body: "BSC" }] })],
  ])(
    "cannot assess once the tester edits %s in the settings record, until an administrator saves",
    async (_, change) => {
      await sourceAs(sandbox, TESTER_PAT).api.updateWorkItem(
        sandbox.project,
        recordId,
        settingsRecordFields(change(protectedSettings) as Settings),
      );
      const result = await gate();
      expect(result.code).toBe(2);
      expect(result.stdout + result.stderr).toContain(`by ${TESTERS[0].displayName}`);
      await restore();
      expect((await gate()).code).toBe(1);
    },
  );

  it("ignores a settings record the tester makes, and says so", async () => {
    const made = await sourceAs(sandbox, TESTER_PAT).api.createWorkItem(
      sandbox.project,
      SETTINGS_TYPE,
      settingsRecordFields(lax(sandbox.settings)),
    );
    expect((await gate()).code).toBe(1);
    const loaded = await sourceAs(sandbox, SAMPLE_PAT).store.loadSettings();
    expect(loaded.kind === "ok" && loaded.ignored).toEqual([
      `Settings record #${made.id} does not count: ${TESTERS[0].displayName} made it, and is not in the QT Administrators team.`,
    ]);
  });

  it("cannot assess once the tester deletes the settings record", async () => {
    const response = await fetch(`${sandbox.orgUrl}/_apis/wit/workitems/${recordId}?api-version=7.1`, {
      method: "DELETE",
      headers: { authorization: basic(TESTER_PAT) },
    });
    expect(response.status).toBe(200);
    const result = await gate();
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toContain(`${TESTERS[0].displayName} deleted the record`);
    // The administrator's next save keeps the settings in a new record, which counts.
    await restore();
    expect((await gate()).code).toBe(1);
  });
});

describe("becoming an assurer", () => {
  it("refuses the tester's joining the BSC assurers' team", async () => {
    const descriptor = async (id: string) => {
      const answer = await fetch(`${sandbox.orgUrl}/_apis/graph/descriptors/${id}?api-version=7.1`, {
        headers: { authorization: basic(TESTER_PAT) },
      });
      return ((await answer.json()) as { value: string }).value;
    };
    const teams = (await (
      await fetch(`${sandbox.orgUrl}/_apis/projects/${encodeURIComponent(sandbox.project)}/teams?api-version=7.1`, {
        headers: { authorization: basic(TESTER_PAT) },
      })
    ).json()) as { value: { id: string; name: string }[] };
    const team = teams.value.find((t) => t.name === ASSURER_TEAMS.BSC)!;
    const joined = await fetch(
      `${sandbox.orgUrl}/_apis/graph/memberships/${await descriptor(TESTERS[0].id)}/${await descriptor(team.id)}?api-version=7.1-preview.1`,
      { method: "PUT", headers: { authorization: basic(TESTER_PAT) } },
    );
    expect(joined.status).toBe(403);
  });

  it("counts a waiver by a member of the BSC team, and not one by the tester", async () => {
    const admin = sourceAs(sandbox, SAMPLE_PAT).store;
    const loaded = await admin.loadSettings();
    if (loaded.kind !== "ok") throw new Error(JSON.stringify(loaded));
    const settings = loaded.settings;
    expect(settings.assurers.map((a) => [a.user, a.body, a.team])).toEqual([
      [BSC_ASSURER.uniqueName, "BSC", ASSURER_TEAMS.BSC],
      expect.arrayContaining(["REC", ASSURER_TEAMS.REC]) as unknown,
    ]);

    let target: { id: number; testCaseId: number; outcome: string } | undefined;
    let key = "";
    let window = "";
    for (const entry of settings.registry) {
      const read = await readAndAssess(sourceAs(sandbox, SAMPLE_PAT), settings, registryKey(entry), NOW);
      const open = read.assessment.points.find((p) => p.waiver === "missing" && p.status === "failed");
      // A role BSC alone governs: there, BSC's waiver is the whole of the approval the point needs.
      if (open && read.assessment.governingBodies.join() === "BSC") {
        target = open;
        key = registryKey(entry);
        window = entry.window ?? "";
        break;
      }
    }
    expect(target).toBeDefined();
    const waive = (by: { id: string; displayName: string; uniqueName: string }) => (a: never) =>
      recordWaiver(
        a,
        settings,
        {
          participantRole: key,
          window,
          pointId: target!.id,
          testCaseId: target!.testCaseId,
          outcome: target!.outcome as never,
          kind: "waiver",
          reason: "Accepted",
          body: "BSC",
        },
        by,
        NOW(),
      );
    const state = async () =>
      (await readAndAssess(sourceAs(sandbox, SAMPLE_PAT), settings, key, NOW)).assessment.points.find(
        (p) => p.id === target!.id,
      )!.waiver;

    const bsc = { id: BSC_ASSURER.id, displayName: BSC_ASSURER.displayName, uniqueName: BSC_ASSURER.uniqueName };
    await approvalStoreFor(sourceAs(sandbox, TESTER_PAT), settings).recordApproval(key, waive(bsc) as never);
    expect(await state()).toBe("missing");
    await approvalStoreFor(sourceAs(sandbox, BSC_ASSURER_PAT), settings).recordApproval(key, waive(bsc) as never);
    expect(await state()).toBe("present");
  });
});
