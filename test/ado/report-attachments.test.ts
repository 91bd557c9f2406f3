import { EmbeddedSandbox, startEmbeddedSandbox } from "../../sandbox/embedded";
import { BSC_ASSURER } from "../../sandbox/generator/identities";
import { BSC_ASSURER_PAT, TESTER_PAT } from "../../sandbox/generator/tokens";
import { approvalStoreFor, checkSubmissions, loadApprovalsFor, readAndAssess } from "../../src/ado/assessment-run";
import { reportFileNames } from "../../src/ado/record-approvals";
import { storeCollections } from "../../src/ado/store";
import { RECORD_FIELDS } from "../../src/core/approval-records";
import { buildCompletionReport, renderHtml } from "../../src/core/report";
import { Settings, registryKey } from "../../src/core/settings";
import { sourceAs } from "../support/sandbox-source";

/**
 * With approvals kept as work items, a submission record carries its report: the JSON that was hashed and the HTML,
 * attached as files Azure DevOps keeps with the record. E5 reads the report from there (the copy in the extension's
 * data is only a fallback for records made before), and a file someone else attaches changes nothing.
 */

jest.setTimeout(60_000);

let sandbox: EmbeddedSandbox;
let settings: Settings;

beforeAll(async () => {
  sandbox = await startEmbeddedSandbox();
  settings = { ...sandbox.settings, approvalRecords: { workItemType: "QT Approval" } };
});
afterAll(() => sandbox.close());

it("attaches the report to the submission record, and E5 reads it from there", async () => {
  const assurer = sourceAs(sandbox, BSC_ASSURER_PAT);
  const key = registryKey(settings.registry.find((e) => e.route === "QT")!);
  const read = await readAndAssess(assurer, settings, key, () => new Date());
  const report = buildCompletionReport(read.assessment, read.approvals, new Date(), { source: sandbox.orgUrl });
  const by = { id: BSC_ASSURER.id, displayName: BSC_ASSURER.displayName };
  const store = approvalStoreFor(assurer, settings);
  const submitted = await store.submitReport(report, by, new Date(), renderHtml(report));
  if (submitted.kind !== "submitted") throw new Error(JSON.stringify(submitted));
  const sha = submitted.sha256;

  const revisions = await assurer.api.listWorkItemRevisions(sandbox.project, { types: ["QT Approval"] });
  const record = revisions.items.find((r) => r.fields[RECORD_FIELDS.subject] === sha)!;
  const files = await assurer.api.listAttachedFiles(sandbox.project, record.id);
  expect(files.map((f) => f.name).sort()).toEqual([reportFileNames(sha).html, reportFileNames(sha).json]);
  const html = files.find((f) => f.name.endsWith(".html"))!;
  expect(await assurer.api.readAttachment(sandbox.project, html.id)).toBe(renderHtml(report));

  // The copy in the extension's data goes: the attached report still counts.
  await assurer.api.deleteDocument({ scopeType: "Default", collection: storeCollections().snapshots }, sha);
  expect(await assurer.store.getSnapshot(sha)).toMatchObject({ kind: "missing" });
  expect(await store.getSnapshot(sha)).toMatchObject({ kind: "ok", sha256: sha });

  // The tester attaches another report to the record: the one that hashes to the record's subject still stands.
  const tester = sourceAs(sandbox, TESTER_PAT);
  const bogus = await tester.api.uploadAttachment(
    sandbox.project,
    reportFileNames(sha).json,
    JSON.stringify({ ...report, verdict: { ...report.verdict, code: "exit-criteria-met" } }),
  );
  const patched = await fetch(`${sandbox.orgUrl}/_apis/wit/workitems/${record.id}?api-version=7.1`, {
    method: "PATCH",
    headers: {
      "content-type": "application/json-patch+json",
      authorization: `Basic ${Buffer.from(`:${TESTER_PAT}`).toString("base64")}`,
    },
    body: JSON.stringify([{ op: "add", path: "/relations/-", value: { rel: "AttachedFile", url: bogus.url } }]),
  });
  expect(patched.status).toBe(200);
  expect(await approvalStoreFor(assurer, settings).getSnapshot(sha)).toMatchObject({ kind: "ok" });

  const approvals = await loadApprovalsFor(assurer, settings, [key]);
  expect(approvals.submissions.map((s) => s.sha256)).toEqual([sha]);
  const checked = await checkSubmissions(assurer, approvals, approvalStoreFor(assurer, settings));
  expect(checked.problems).toEqual([]);
});
