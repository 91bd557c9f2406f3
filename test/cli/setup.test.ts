import { BSC_ASSURER_PAT, SAMPLE_PAT, TESTER_PAT } from "../../sandbox/generator/tokens";
import { seedSampleSettings } from "../../sandbox/host/seed";
import { protectedSampleSettings } from "../../sandbox/generator/sample-settings";
import { generateProgramme } from "../../sandbox/generator";
import { RunningSandbox } from "../../sandbox/server";
import { SandboxState } from "../../sandbox/state";
import { RECORD_FIELD_DEFINITIONS } from "../../src/ado/setup";
import { RECORD_TYPE, SETTINGS_TYPE } from "../../src/core/settings-record";
import { startProgrammeSandbox } from "../ado/port-sandbox";
import { runCliCaptured } from "./support/run-cli";

/**
 * `qt-assure setup` against a project that has none of the protected set-up: it lists what is missing, refuses a
 * tester, creates the record type (fields, states) and the teams for an administrator, and finds nothing left to do
 * once the settings are protected. Running it again changes nothing.
 */

jest.setTimeout(60_000);

let sandbox: RunningSandbox;
let state: SandboxState;
let project: string;

beforeAll(async () => {
  ({ sandbox, state } = await startProgrammeSandbox());
  project = state.projects[0].name;
  // A project as an organisation has it before setup: no record type, no record fields, no teams of ours.
  const custom = new Set(RECORD_FIELD_DEFINITIONS.map((f) => f.referenceName));
  state.projects[0].workItemTypes = state.projects[0].workItemTypes.filter(
    (t) => t.name !== RECORD_TYPE && t.name !== SETTINGS_TYPE,
  );
  state.fields = state.fields.filter((f) => !custom.has(f.referenceName));
  state.teams = [];
  await seedSampleSettings(sandbox.orgUrl, protectedSampleSettings(sandboxSettings()));
});
afterAll(() => sandbox.close());

/** The sample settings the programme sandbox was generated with. */
const sandboxSettings = () => generateProgramme({ seed: 1, scale: 0.3 }).settings;

const setup = (token: string, ...args: string[]) =>
  runCliCaptured(["setup", "--org-url", sandbox.orgUrl, "--project", project, ...args], {
    AZURE_DEVOPS_EXT_PAT: token,
  });

describe("qt-assure setup", () => {
  it("lists everything missing without changing anything", async () => {
    const r = await setup(SAMPLE_PAT);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`[MISSING] work item type "${RECORD_TYPE}" on the project's process`);
    expect(r.stdout).toContain(`[MISSING] work item type "${SETTINGS_TYPE}" on the project's process`);
    expect(r.stdout).toContain(`[MISSING] field Custom.QTTerms on "${SETTINGS_TYPE}"`);
    expect(r.stdout).toContain("[MISSING] field Custom.QTTerms in the organisation");
    expect(r.stdout).toContain('[MISSING] state "Revoked" of "QT Approval"');
    expect(r.stdout).toContain('[MISSING] team "QT Administrators"');
    expect(r.stdout).toContain('[MISSING] team "BSC Assurers"');
    expect(r.stdout).toMatch(/missing: run again with --apply/);
    expect(state.projects[0].workItemTypes.some((t) => t.name === RECORD_TYPE)).toBe(false);
  });

  it("refuses a tester, who may not change the process", async () => {
    const r = await setup(TESTER_PAT, "--apply");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Edit process/);
    expect(state.projects[0].workItemTypes.some((t) => t.name === RECORD_TYPE)).toBe(false);
  });

  it("creates the type, its fields and states, and the teams for an administrator, once", async () => {
    const r = await setup(SAMPLE_PAT, "--apply");
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(`[created] work item type "${RECORD_TYPE}" on the project's process`);
    const type = state.projects[0].workItemTypes.find((t) => t.name === RECORD_TYPE)!;
    expect(type.fields.map((f) => f.referenceName)).toEqual(
      expect.arrayContaining(RECORD_FIELD_DEFINITIONS.map((f) => f.referenceName)),
    );
    expect(type.states.map((s) => s.name)).toEqual(expect.arrayContaining(["Approved", "Revoked"]));
    const settingsType = state.projects[0].workItemTypes.find((t) => t.name === SETTINGS_TYPE)!;
    expect(settingsType.fields.map((f) => f.referenceName)).toEqual(
      expect.arrayContaining(["Custom.QTRecordKind", "Custom.QTTerms"]),
    );
    expect(state.teams!.map((t) => t.name).sort()).toEqual(["BSC Assurers", "QT Administrators", "REC Assurers"]);
    // Only the settings are left: protecting them is the team's members' to do.
    expect(r.stdout).toContain("[MISSING] settings kept in a settings record");

    const again = await setup(SAMPLE_PAT, "--apply");
    expect(again.stdout).not.toContain("[created]");
    expect(again.code).toBe(1);
  });

  it("finds nothing to do once the team's member has protected the settings", async () => {
    // setup made the team; its administrators add its members (here, the sandbox's administrator).
    const team = state.teams!.find((t) => t.name === "QT Administrators")!;
    const admin = [...state.tokens.values()].find((g) => g.identity.uniqueName.startsWith("admin@"))!.identity;
    team.members.push({ identity: { ...admin }, isTeamAdmin: true });
    const protect = await runCliCaptured(["settings", "protect", "--org-url", sandbox.orgUrl, "--project", project], {
      AZURE_DEVOPS_EXT_PAT: SAMPLE_PAT,
    });
    expect(protect.code).toBe(0);
    const r = await setup(BSC_ASSURER_PAT);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Everything the protected set-up needs is there\./);
  });
});
