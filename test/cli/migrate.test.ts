import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmbeddedSandbox, startEmbeddedSandbox } from "../../sandbox/embedded";
import { BSC_ASSURER_PAT, TESTER_PAT } from "../../sandbox/generator/tokens";
import { BSC_ASSURER } from "../../sandbox/generator/identities";
import { sourceAs } from "../support/sandbox-source";
import { AdoSource, readAndAssess } from "../../src/ado/assessment-run";
import { AssessedPoint } from "../../src/core/assessment";
import { recordWaiver } from "../../src/core/approvals";
import { RECORD_FIELDS } from "../../src/core/approval-records";
import { buildCompletionReport } from "../../src/core/report";
import { Settings, registryKey } from "../../src/core/settings";
import { runCliCaptured } from "./support/run-cli";

/**
 * `qt-assure migrate`: approvals recorded in the extension's data do not count once the settings keep approvals as
 * work items; the assurer re-records the ones their bodies hold, under their own identity, after reviewing them.
 */

jest.setTimeout(120_000);

let sandbox: EmbeddedSandbox;
let settings: Settings;
let remote: string[];
let key: string;
let point: AssessedPoint;
const NOW = () => new Date();

const as = (token: string): AdoSource => sourceAs(sandbox, token);
const waiverOf = async () =>
  (await readAndAssess(as(BSC_ASSURER_PAT), settings, key, NOW)).assessment.points.find((p) => p.id === point.id)!
    .waiver;
const migrate = (token: string, ...args: string[]) =>
  runCliCaptured(["migrate", "--participant", key, ...args, ...remote], { AZURE_DEVOPS_EXT_PAT: token });

beforeAll(async () => {
  sandbox = await startEmbeddedSandbox();
  settings = { ...sandbox.settings, approvalRecords: { workItemType: "QT Approval" } };
  const file = join(mkdtempSync(join(tmpdir(), "qt-migrate-")), "settings.json");
  writeFileSync(file, JSON.stringify(settings));
  remote = ["--org-url", sandbox.orgUrl, "--project", sandbox.project, "--settings", file];
  for (const entry of settings.registry) {
    const read = await readAndAssess(as(BSC_ASSURER_PAT), settings, registryKey(entry), NOW);
    const found = read.assessment.points.find((p) => p.waiver === "missing" && p.status === "failed");
    // A role BSC alone governs, so that BSC's waiver is the whole of the approval it needs.
    if (found && read.assessment.governingBodies.join() === "BSC") {
      key = registryKey(entry);
      point = found;
      // Recorded in the extension's data, before the switch.
      const legacy = await as(BSC_ASSURER_PAT).store.recordApproval(key, (a) =>
        recordWaiver(
          a,
          settings,
          {
            participantRole: key,
            window: entry.window ?? "",
            pointId: point.id,
            testCaseId: point.testCaseId,
            outcome: point.outcome,
            kind: "waiver",
            reason: "Accepted before the switch",
            body: "BSC",
          },
          { id: BSC_ASSURER.id, displayName: BSC_ASSURER.displayName, uniqueName: BSC_ASSURER.uniqueName },
          NOW(),
        ),
      );
      expect(legacy.kind).toBe("recorded");
      break;
    }
  }
  expect(key).toBeDefined();
});
afterAll(() => sandbox.close());

describe("qt-assure migrate", () => {
  it("lists what it would record, and records nothing without --apply", async () => {
    expect(await waiverOf()).toBe("missing");
    const dry = await migrate(BSC_ASSURER_PAT);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`You are ${BSC_ASSURER.displayName}, an assurer of BSC in these settings.`);
    expect(dry.stdout).toContain(`would record: ${key}: waiver of point ${point.id} (BSC)`);
    expect(dry.stdout).toMatch(
      /1 approval would be recorded under your identity: review them, then run again with --apply/,
    );
    expect(await waiverOf()).toBe("missing");
  });

  it("leaves another body's approvals to their assurers", async () => {
    const tester = await migrate(TESTER_PAT, "--apply");
    expect(tester.stdout).toContain("an assurer of no body");
    expect(tester.stdout).toContain(`left: ${key}: waiver of point ${point.id} (BSC): not one of your bodies.`);
    expect(tester.stdout).toContain("Recorded 0 approvals");
    expect(await waiverOf()).toBe("missing");
  });

  it("re-records them under the assurer's identity with --apply, once", async () => {
    const applied = await migrate(BSC_ASSURER_PAT, "--apply");
    expect(applied.stdout).toContain(`record: ${key}: waiver of point ${point.id} (BSC)`);
    expect(applied.stdout).toContain("Recorded 1 approval as work items under your identity.");
    expect(await waiverOf()).toBe("present");
    const again = await migrate(BSC_ASSURER_PAT);
    expect(again.stdout).toContain(`left: ${key}: waiver of point ${point.id} (BSC): already kept as a record.`);
    expect(again.stdout).toMatch(/^0 approvals would be recorded/m);
  });

  it("takes a submitted report along, attached to the submission record", async () => {
    const read = await readAndAssess(as(BSC_ASSURER_PAT), sandbox.settings, key, NOW);
    const report = buildCompletionReport(read.assessment, read.approvals, NOW());
    const by = { id: BSC_ASSURER.id, displayName: BSC_ASSURER.displayName };
    const submitted = await as(BSC_ASSURER_PAT).store.submitReport(report, by, NOW());
    if (submitted.kind !== "submitted") throw new Error(JSON.stringify(submitted));
    const applied = await migrate(BSC_ASSURER_PAT, "--apply");
    expect(applied.stdout).toContain("Recorded 1 approval as work items under your identity.");
    const api = as(BSC_ASSURER_PAT).api;
    const revisions = await api.listWorkItemRevisions(sandbox.project, { types: ["QT Approval"] });
    const record = revisions.items.find((r) => r.fields[RECORD_FIELDS.subject] === submitted.sha256)!;
    expect((await api.listAttachedFiles(sandbox.project, record.id)).map((f) => f.name).sort()).toEqual([
      `qt-completion-report-${submitted.sha256}.html`,
      `qt-completion-report-${submitted.sha256}.json`,
    ]);
  });

  it("refuses to run while the settings keep approvals in the extension's data", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "qt-migrate-")), "settings.json");
    writeFileSync(file, JSON.stringify(sandbox.settings));
    const r = await runCliCaptured(
      ["migrate", "--org-url", sandbox.orgUrl, "--project", sandbox.project, "--settings", file],
      { AZURE_DEVOPS_EXT_PAT: BSC_ASSURER_PAT },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("set approvalRecords before migrating");
  });
});
