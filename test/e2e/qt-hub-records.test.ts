/**
 * Approvals kept as work items, in a real browser: with the settings' approvalRecords set, the BSC assurer records
 * a waiver in the detail view, the hub writes it as a QT Approval work item that Azure DevOps (the sandbox) stamps
 * with the assurer's identity, and E4 counts it; a record the tester created directly, naming BSC, is listed as not
 * counting, with who wrote it. Needs the built pages (`npm run build`).
 */
import { Browser } from "playwright-core";
import { BSC_ASSURER, TESTERS } from "../../sandbox/generator/identities";
import { SAMPLE_PAT, TESTER_PAT } from "../../sandbox/generator/tokens";
import { openNodeSource } from "../../src/ado/node-source";
import { RECORD_FIELDS } from "../../src/core/approval-records";
import { DEFAULT_EXTENSION } from "../../src/cli/connection";
import { launchBrowser, screenshotPath } from "./support/browser";
import { LocalHost, startLocalHost } from "./support/local-host";

jest.setTimeout(180_000);

const KEY = "HOLL-X";
let host: LocalHost;
let browser: Browser;

const source = (token: string) =>
  openNodeSource({
    orgUrl: host.orgUrl,
    project: "MHHS QT",
    token,
    extension: { ...DEFAULT_EXTENSION },
    concurrency: 4,
  });

beforeAll(async () => {
  host = await startLocalHost();
  const admin = source(SAMPLE_PAT);
  const stored = await admin.store.loadSettings();
  if (stored.kind !== "ok") throw new Error(`no sample settings: ${stored.kind}`);
  const saved = await admin.store.saveSettings(
    { ...stored.settings, approvalRecords: { workItemType: "QT Approval" } },
    stored.etag,
  );
  expect(saved.kind).toBe("saved");
  // The tester's own record, naming the BSC assurer's body.
  await source(TESTER_PAT).api.createWorkItem("MHHS QT", "QT Approval", {
    "System.Title": "QT waiver (forged)",
    [RECORD_FIELDS.kind]: "waiver",
    [RECORD_FIELDS.participantRole]: KEY,
    [RECORD_FIELDS.window]: "tranche-1",
    [RECORD_FIELDS.body]: "BSC",
    [RECORD_FIELDS.subject]: "1",
    [RECORD_FIELDS.terms]: JSON.stringify({ testCaseId: 1, outcomeAtApproval: "failed" }),
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe("approvals kept as work items, in the hub", () => {
  it("counts the waiver the assurer records, and lists the tester's record as not counting", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(host.pageUrl("qt-hub", { user: "bsc", query: { view: "detail", pr: KEY, tab: "waivers" } }));
    const frame = page.frameLocator("#contribution-frame");
    const warning = frame.locator(".qt-not-counted");
    await warning.waitFor({ timeout: 60_000 });
    await expect(warning.textContent()).resolves.toContain(
      `written by ${TESTERS[0].displayName}, who may not vouch for it`,
    );
    await expect(frame.locator(".qt-enforcement").textContent()).resolves.toMatch(/becomes a "QT Approval" work item/);

    const summary = frame.getByTestId("waiver-summary");
    const before = Number(/(\d+) approved/.exec((await summary.textContent()) ?? "")?.[1]);
    const row = frame.locator("tr", { hasText: "failed" }).first();
    await row.locator("td.bolt-table-cell-select").click();
    await frame
      .getByLabel("Reason for the waiver (required)")
      .fill("Environment fault outside the participant's control");
    await frame.getByRole("button", { name: "Record waiver (1)" }).click();
    await frame.getByText(/recorded\. E4/).waitFor({ timeout: 30_000 });
    // HOLL-X is a Supplier: the BSC assurer's record counts as BSC's word, and REC's is still awaited.
    expect(Number(/(\d+) approved/.exec((await summary.textContent()) ?? "")?.[1])).toBe(before);
    await frame.getByRole("tab", { name: "Criteria", exact: true }).click();
    await expect(frame.locator('[data-criterion="E4"]').textContent()).resolves.toContain(
      "1 test point approved by only some of the governing bodies: awaiting REC.",
    );
    await page.screenshot({ path: screenshotPath("detail-records-light"), fullPage: true });

    // What the hub wrote is a work item Azure DevOps stamped with the assurer, not the extension's data.
    const revisions = await source(SAMPLE_PAT).api.listWorkItemRevisions("MHHS QT", { types: ["QT Approval"] });
    const byAssurer = revisions.items.filter(
      (r) => (r.fields["System.ChangedBy"] as { id?: string } | undefined)?.id === BSC_ASSURER.id,
    );
    expect(byAssurer).toHaveLength(1);
    expect(byAssurer[0].fields[RECORD_FIELDS.participantRole]).toBe(KEY);
    const stored = await source(SAMPLE_PAT).store.loadApprovals(KEY);
    expect(stored.kind === "ok" ? stored.approvals.waivers : ["invalid"]).toEqual([]);
    await page.close();
  });
});
