import { EmbeddedSandbox, startEmbeddedSandbox } from "../../sandbox/embedded";
import { BSC_ASSURER, TESTERS } from "../../sandbox/generator/identities";
import { BSC_ASSURER_PAT, TESTER_PAT } from "../../sandbox/generator/tokens";
import { sourceAs } from "../support/sandbox-source";
import { AdoSource, approvalStoreFor, readAndAssess } from "../../src/ado/assessment-run";
import { AssessedPoint } from "../../src/core/assessment";
import { Approvals, recordWaiver } from "../../src/core/approvals";
import { RECORD_FIELDS } from "../../src/core/approval-records";
import { Settings, registryKey } from "../../src/core/settings";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCliCaptured } from "../cli/support/run-cli";

/**
 * Attack: forge approvals. With approvals kept as work items (`approvalRecords`), a participant's tester, with
 * their own token, tries every way to make a waiver count: recording it through the product while naming the BSC
 * assurer, creating the record directly, writing one into the extension's data as before, and changing a waiver
 * the assurer recorded. None counts; the assurer's own waiver does, until the tester tampers with it.
 */

jest.setTimeout(120_000);

let sandbox: EmbeddedSandbox;
let settings: Settings;
let key: string;
let points: AssessedPoint[];
const NOW = () => new Date();
const bsc = { id: BSC_ASSURER.id, displayName: BSC_ASSURER.displayName, uniqueName: BSC_ASSURER.uniqueName };

const as = (token: string): AdoSource => sourceAs(sandbox, token);

async function waiverStates(): Promise<Map<number, string>> {
  const read = await readAndAssess(as(BSC_ASSURER_PAT), settings, key, NOW);
  return new Map(read.assessment.points.map((p) => [p.id, p.waiver]));
}

let window: string;

/** The latest record of a waiver on the point, as the reporting revisions API serves it. */
async function recordOf(target: AssessedPoint) {
  const revisions = await as(BSC_ASSURER_PAT).api.listWorkItemRevisions(sandbox.project, { types: ["QT Approval"] });
  return revisions.items
    .filter(
      (r) => r.fields[RECORD_FIELDS.subject] === String(target.id) && r.fields[RECORD_FIELDS.participantRole] === key,
    )
    .sort((a, b) => b.id - a.id)[0];
}

const waive = (approvals: Approvals, point: AssessedPoint, reason: string) =>
  recordWaiver(
    approvals,
    settings,
    {
      participantRole: key,
      window,
      pointId: point.id,
      testCaseId: point.testCaseId,
      outcome: point.outcome,
      kind: "waiver",
      reason,
      body: "BSC",
    },
    bsc,
    NOW(),
  );

beforeAll(async () => {
  sandbox = await startEmbeddedSandbox();
  settings = { ...sandbox.settings, approvalRecords: { workItemType: "QT Approval" } };
  // A participant-role with failed or blocked points awaiting a waiver.
  for (const entry of settings.registry) {
    const read = await readAndAssess(as(BSC_ASSURER_PAT), settings, registryKey(entry), NOW);
    const awaiting = read.assessment.points.filter(
      (p) => p.waiver === "missing" && (p.status === "failed" || p.status === "blocked"),
    );
    // A role BSC alone governs: there, BSC's waiver is the whole of the approval a point needs.
    if (awaiting.length >= 7 && read.assessment.governingBodies.join() === "BSC") {
      key = registryKey(entry);
      window = entry.window ?? "";
      points = awaiting;
      break;
    }
  }
  expect(key).toBeDefined();
});
afterAll(() => sandbox.close());

describe("forging approvals kept as work items", () => {
  it("does not count a waiver the tester records through the product, naming the BSC assurer", async () => {
    const target = points[0];
    const store = approvalStoreFor(as(TESTER_PAT), settings);
    const result = await store.recordApproval(key, (a) => waive(a, target, "Accepted (forged)"));
    expect(result.kind).toBe("recorded");
    expect((await waiverStates()).get(target.id)).toBe("missing");
    const problems = await approvalStoreFor(as(BSC_ASSURER_PAT), settings).notCounted!(key);
    expect(problems.map((p) => p.message).join("\n")).toMatch(
      new RegExp(`written by ${TESTERS[0].displayName}, who may not vouch for it`),
    );
  });

  it("refuses a record that claims the assurer wrote it, and does not count one created directly", async () => {
    const api = as(TESTER_PAT).api;
    const fields = {
      "System.Title": "QT waiver",
      [RECORD_FIELDS.kind]: "waiver",
      [RECORD_FIELDS.participantRole]: key,
      [RECORD_FIELDS.window]: window,
      [RECORD_FIELDS.body]: "BSC",
      [RECORD_FIELDS.subject]: String(points[1].id),
      [RECORD_FIELDS.terms]: JSON.stringify({ testCaseId: points[1].testCaseId, outcomeAtApproval: points[1].outcome }),
    };
    await expect(
      api.createWorkItem(sandbox.project, "QT Approval", { ...fields, "System.ChangedBy": BSC_ASSURER.uniqueName }),
    ).rejects.toMatchObject({ kind: "bad-request" });
    await api.createWorkItem(sandbox.project, "QT Approval", fields);
    expect((await waiverStates()).get(points[1].id)).toBe("missing");
  });

  it("does not count a record the tester saves in the assurer's name with bypass rules", async () => {
    const control = `${new URL(sandbox.orgUrl).origin}/_sandbox`;
    const granted = await fetch(`${control}/bypass-rules`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identity: TESTERS[0].uniqueName }),
    });
    expect(granted.status).toBe(201);
    const target = points[6];
    const fields = {
      "System.Title": "QT waiver",
      "System.CreatedBy": BSC_ASSURER.uniqueName,
      "System.ChangedBy": BSC_ASSURER.uniqueName,
      [RECORD_FIELDS.kind]: "waiver",
      [RECORD_FIELDS.participantRole]: key,
      [RECORD_FIELDS.window]: window,
      [RECORD_FIELDS.body]: "BSC",
      [RECORD_FIELDS.subject]: String(target.id),
      [RECORD_FIELDS.terms]: JSON.stringify({ testCaseId: target.testCaseId, outcomeAtApproval: target.outcome }),
      [RECORD_FIELDS.note]: "Accepted (in the assurer's name)",
      [RECORD_FIELDS.state]: "Approved",
    };
    const made = await fetch(
      `${sandbox.orgUrl}/${encodeURIComponent(sandbox.project)}/_apis/wit/workitems/$QT%20Approval?bypassRules=true&api-version=7.1`,
      {
        method: "POST",
        headers: {
          "content-type": "application/json-patch+json",
          authorization: `Basic ${Buffer.from(`:${TESTER_PAT}`).toString("base64")}`,
        },
        body: JSON.stringify(
          Object.entries(fields).map(([name, value]) => ({ op: "add", path: `/fields/${name}`, value })),
        ),
      },
    );
    expect(made.status).toBe(200);
    const id = ((await made.json()) as { id: number }).id;
    expect((await waiverStates()).get(target.id)).toBe("missing");
    const problems = await approvalStoreFor(as(BSC_ASSURER_PAT), settings).notCounted!(key);
    expect(problems.find((p) => p.id === id)?.message).toContain(
      `saved by ${TESTERS[0].displayName} in the name of ${BSC_ASSURER.displayName}`,
    );
  });

  it("does not count a waiver written into the extension's data, as the old attack did", async () => {
    const target = points[1];
    const written = await as(TESTER_PAT).store.recordApproval(key, (a) =>
      waive(a, target, "Accepted (extension data)"),
    );
    expect(written.kind).toBe("recorded");
    expect((await waiverStates()).get(target.id)).toBe("missing");
  });

  it("counts the assurer's own waiver, and stops counting it, saying so, once the tester changes it", async () => {
    const target = points[2];
    const recorded = await approvalStoreFor(as(BSC_ASSURER_PAT), settings).recordApproval(key, (a) =>
      waive(a, target, "Accepted by BSC"),
    );
    expect(recorded.kind).toBe("recorded");
    expect((await waiverStates()).get(target.id)).toBe("present");

    // The tester moves the assurer's waiver onto another point.
    const ids = await as(BSC_ASSURER_PAT).api.listWorkItemRevisions(sandbox.project, { types: ["QT Approval"] });
    const record = ids.items.find(
      (r) => r.fields[RECORD_FIELDS.subject] === String(target.id) && r.fields[RECORD_FIELDS.participantRole] === key,
    )!;
    await as(TESTER_PAT).api.updateWorkItem(sandbox.project, record.id, {
      [RECORD_FIELDS.subject]: String(points[0].id),
    });
    const states = await waiverStates();
    expect(states.get(target.id)).toBe("missing");
    expect(states.get(points[0].id)).toBe("missing");
    const problems = await approvalStoreFor(as(BSC_ASSURER_PAT), settings).notCounted!(key);
    expect(problems.find((p) => p.id === record.id)).toMatchObject({ evidence: "tampered" });
  });

  it("does not count the assurer's waiver once the tester moves it to another area, or deletes it", async () => {
    const [moved, deleted] = [points[3], points[4]];
    const assurer = approvalStoreFor(as(BSC_ASSURER_PAT), settings);
    for (const target of [moved, deleted])
      expect((await assurer.recordApproval(key, (a) => waive(a, target, "Accepted by BSC"))).kind).toBe("recorded");
    let states = await waiverStates();
    expect([states.get(moved.id), states.get(deleted.id)]).toEqual(["present", "present"]);

    const recordFor = (target: AssessedPoint) => recordOf(target).then((r) => r.id);
    // Any other node will do: a participant's area, where the tester's own team works.
    const otherArea = sandbox.settings.registry[0].defectScope.areaPaths![0];
    await as(TESTER_PAT).api.updateWorkItem(sandbox.project, await recordFor(moved), {
      [RECORD_FIELDS.area]: otherArea,
    });
    const deletedId = await recordFor(deleted);
    const response = await fetch(`${sandbox.orgUrl}/_apis/wit/workitems/${deletedId}?api-version=7.1`, {
      method: "DELETE",
      headers: { authorization: `Basic ${Buffer.from(`:${TESTER_PAT}`).toString("base64")}` },
    });
    expect(response.status).toBe(200);

    states = await waiverStates();
    expect([states.get(moved.id), states.get(deleted.id)]).toEqual(["missing", "missing"]);
    const problems = await approvalStoreFor(as(BSC_ASSURER_PAT), settings).notCounted!(key);
    expect(problems.find((p) => p.id === deletedId)).toMatchObject({
      evidence: "tampered",
      message: expect.stringContaining(`${TESTERS[0].displayName} deleted it`) as unknown,
    });
  });

  it("says so when an assurer deletes their own record", async () => {
    const target = points[5];
    const assurer = approvalStoreFor(as(BSC_ASSURER_PAT), settings);
    await assurer.recordApproval(key, (a) => waive(a, target, "Accepted by BSC"));
    const id = (await recordOf(target)).id;
    const response = await fetch(`${sandbox.orgUrl}/_apis/wit/workitems/${id}?api-version=7.1`, {
      method: "DELETE",
      headers: { authorization: `Basic ${Buffer.from(`:${BSC_ASSURER_PAT}`).toString("base64")}` },
    });
    expect(response.status).toBe(200);
    expect((await waiverStates()).get(target.id)).toBe("missing");
    const problems = await approvalStoreFor(as(BSC_ASSURER_PAT), settings).notCounted!(key);
    expect(problems.find((p) => p.id === id)).toMatchObject({
      evidence: "deleted",
      message: expect.stringContaining(`${BSC_ASSURER.displayName} deleted it`) as unknown,
    });
  });

  it("says on the CLI which records do not count and why, and doctor finds approvals kept as work items", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qt-records-"));
    const file = join(dir, "settings.json");
    writeFileSync(file, JSON.stringify(settings));
    const remote = ["--org-url", sandbox.orgUrl, "--project", sandbox.project, "--settings", file];
    const env = { AZURE_DEVOPS_EXT_PAT: BSC_ASSURER_PAT };
    const assessed = await runCliCaptured(["assess", "--participant", key, ...remote], env);
    expect(assessed.stdout).toMatch(
      new RegExp(`not counted: Record #\\d+ does not count: it was written by ${TESTERS[0].displayName}`),
    );
    expect(assessed.stdout).toMatch(
      /not counted: Record #\d+ does not count: revision \d+ by Avery Quillon changed what/,
    );
    const json = JSON.parse(
      (await runCliCaptured(["assess", "--participant", key, "--format", "json", ...remote], env)).stdout,
    ) as {
      notCounted: string[];
    };
    expect(json.notCounted.length).toBeGreaterThanOrEqual(3);
    const doctor = JSON.parse((await runCliCaptured(["doctor", "--format", "json", ...remote], env)).stdout) as {
      findings: { id: string; status: string; detail: string }[];
    };
    const approvals = doctor.findings.find((f) => f.id === "approvals-vouched")!;
    expect(approvals.status).toBe("ok");
    expect(approvals.detail).toMatch(/kept as "QT Approval" work items .* records? do(es)? not count/s);
  });
});
