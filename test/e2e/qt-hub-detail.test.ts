/**
 * The participant-role detail view in a real browser, through the local extension host over the sample
 * programme: the blocking Sev2 defects under E2, a waiver changing E4, two assurers approving at once (both
 * records survive), and a tester who sees no actions. Screenshots (light and dark) go to test-results/screenshots.
 * Needs the built pages (`npm run build`, or `npx webpack --mode development --config-name web`).
 */
import { FrameLocator, Page } from "playwright-core";
import { screenshotPath } from "./support/browser";
import { useHostAndBrowser } from "./support/pages";

jest.setTimeout(120_000);

const KEY = "HOLL-X";
const session = useHostAndBrowser();

async function openDetail(
  user: "tester" | "bsc" | "rec",
  options: { tab?: string; theme?: "light" | "dark" } = {},
): Promise<{ page: Page; frame: FrameLocator }> {
  const page = await session.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const query: Record<string, string> = { view: "detail", pr: KEY };
  if (options.tab) query.tab = options.tab;
  await page.goto(session.host.pageUrl("qt-hub", { user, theme: options.theme, query }));
  const frame = page.frameLocator("#contribution-frame");
  await frame.getByRole("tab", { name: "Criteria", exact: true }).waitFor({ timeout: 60_000 });
  return { page, frame };
}

const tab = (frame: FrameLocator, name: string) => frame.getByRole("tab", { name, exact: true });

describe("the participant-role detail view in the browser", () => {
  it("shows the blocking Sev2 defects under E2, each opening its work item in a new tab", async () => {
    const { page, frame } = await openDetail("bsc");
    const e2 = frame.locator('[data-criterion="E2"]');
    await expect(e2.textContent()).resolves.toMatch(/Sev2/);
    await expect(e2.textContent()).resolves.toMatch(/Not met/);
    const links = e2.locator('a[href*="_workitems/edit/"]');
    expect(await links.count()).toBeGreaterThan(0);
    expect(await links.first().getAttribute("target")).toBe("_blank");
    expect(await links.first().getAttribute("rel")).toBe("noopener noreferrer");
    await page.screenshot({ path: screenshotPath("detail-criteria-light"), fullPage: true });
    await page.close();
  });

  it("records a waiver for a failed point with a reason; it counts once both governing bodies agree", async () => {
    const { page, frame } = await openDetail("bsc", { tab: "waivers" });
    const summary = frame.getByTestId("waiver-summary");
    const before = (await summary.textContent()) ?? "";
    const approvedBefore = Number(/(\d+) approved/.exec(before)?.[1]);
    const row = frame.locator("tr", { hasText: "failed" }).first();
    // Keyboard: focus the row, Space selects it (and again unselects); the checkbox cell takes a click too.
    await row.focus();
    await page.keyboard.press("Space");
    await frame.getByText(/^1 selected/).waitFor();
    await page.keyboard.press("Space");
    await frame.getByText(/^0 selected/).waitFor();
    await row.locator("td.bolt-table-cell-select").click();
    await frame.getByText(/^1 selected/).waitFor();
    await frame.getByRole("button", { name: "Record waiver (1)" }).click();
    await frame.getByText("A reason is required.").waitFor();
    await frame
      .getByLabel("Reason for the waiver (required)")
      .fill("Environment fault outside the participant's control");
    await frame.getByRole("button", { name: "Record waiver (1)" }).click();
    await frame.getByText(/recorded\. E4/).waitFor({ timeout: 30_000 });
    // HOLL-X is a Supplier: BSC's waiver alone does not count, and E4 says REC is awaited.
    expect(Number(/(\d+) approved/.exec((await summary.textContent()) ?? "")?.[1])).toBe(approvedBefore);
    await tab(frame, "Criteria").click();
    await expect(frame.locator('[data-criterion="E4"]').textContent()).resolves.toMatch(/awaiting REC/);
    await page.close();

    const rec = await openDetail("rec", { tab: "waivers" });
    const recRow = rec.frame.locator("tr", { hasText: "awaiting REC" }).first();
    await recRow.locator("td.bolt-table-cell-select").click();
    await rec.frame.getByLabel("Reason for the waiver (required)").fill("REC accepts the environment fault");
    await rec.frame.getByRole("button", { name: "Record waiver (1)" }).click();
    await rec.frame.getByText(/recorded\. E4/).waitFor({ timeout: 30_000 });
    const after = (await rec.frame.getByTestId("waiver-summary").textContent()) ?? "";
    expect(Number(/(\d+) approved/.exec(after)?.[1])).toBe(approvedBefore + 1);
    await rec.page.screenshot({ path: screenshotPath("detail-waivers-light"), fullPage: true });
    await rec.page.close();
  });

  it("keeps both records when two assurers record at the same time", async () => {
    const bsc = await openDetail("bsc", { tab: "entry" });
    const rec = await openDetail("rec", { tab: "entry" });
    await bsc.frame.getByRole("button", { name: /^Update MHHS-DEL1049/ }).click();
    await rec.frame.getByRole("button", { name: /^Update MHHS-DEL1050/ }).click();
    await bsc.frame.getByLabel("Note").fill("BSC content");
    await rec.frame.getByLabel("Note").fill("REC content");
    await Promise.all([
      bsc.frame.getByRole("button", { name: "Record", exact: true }).click(),
      rec.frame.getByRole("button", { name: "Record", exact: true }).click(),
    ]);
    await Promise.all([
      bsc.frame.getByText("Entry item DEL1049 recorded.").waitFor({ timeout: 30_000 }),
      rec.frame.getByText("Entry item DEL1050 recorded.").waitFor({ timeout: 30_000 }),
    ]);
    await rec.page.close();
    await bsc.page.reload();
    await tab(bsc.frame, "Audit log").waitFor({ timeout: 60_000 });
    await tab(bsc.frame, "Audit log").click();
    const log = bsc.frame.getByRole("grid", { name: "Audit log, newest first" });
    await expect(log.textContent()).resolves.toContain("HOLL-X DEL1049");
    await expect(log.textContent()).resolves.toContain("HOLL-X DEL1050");
    await expect(bsc.frame.getByTestId("audit-status").textContent()).resolves.toMatch(/^Hash chain verified/);
    await bsc.page.screenshot({ path: screenshotPath("detail-audit-light"), fullPage: true });
    await bsc.page.close();
  });

  it("shows the tester no action buttons", async () => {
    const { page, frame } = await openDetail("tester", { tab: "waivers" });
    await frame.getByText(/^Read only/).waitFor();
    expect(await frame.getByRole("button", { name: /^Record/ }).count()).toBe(0);
    expect(await frame.locator("td.bolt-table-cell-select").count()).toBe(0);
    for (const name of ["Mitigations", "Entry checklist", "Review and sign-off"]) {
      await tab(frame, name).click();
      await frame.getByText(/^Read only/).waitFor();
      expect(
        await frame
          .getByRole("button", { name: /Record|Agree|Approve|Reject|Update|Revoke|Accept|Return|Sign off/ })
          .count(),
      ).toBe(0);
    }
    await page.close();
  });

  it("reads in the dark theme", async () => {
    for (const t of ["criteria", "waivers", "defects", "mitigations", "entry"]) {
      const { page } = await openDetail("bsc", { tab: t, theme: "dark" });
      await page.waitForTimeout(300);
      await page.screenshot({ path: screenshotPath(`detail-${t}-dark`), fullPage: true });
      await page.close();
    }
    const { page } = await openDetail("bsc", { tab: "defects" });
    await page.screenshot({ path: screenshotPath("detail-defects-light"), fullPage: true });
    await page.close();
  });

  it("traces requirements to their test cases, results and open defects; flags and filters the gaps", async () => {
    for (const theme of ["light", "dark"] as const) {
      const { page, frame } = await openDetail("bsc", { tab: "traceability", theme });
      await frame.getByTestId("traceability-tab").waitFor({ timeout: 60_000 });
      const summary = (await frame.getByTestId("traceability-summary").textContent()) ?? "";
      // The sample settings select HOLL-X's requirements by its area: one has no test, one an empty suite.
      expect(summary).toMatch(/^\d+ requirements: .* 2 without a test .* \d+ test cases? without a requirement$/);
      const groups = frame.locator("tbody.qt-trace-group");
      expect(await groups.count()).toBeGreaterThan(2);
      const link = groups.first().locator('a[href*="_workitems/edit/"]').first();
      expect(await link.getAttribute("target")).toBe("_blank");
      await page.waitForTimeout(300);
      await page.screenshot({ path: screenshotPath(`detail-traceability-${theme}`), fullPage: false });
      if (theme === "light") {
        // Keyboard: the filter is a toggle button reached with Tab and pressed with Enter.
        const gaps = frame.getByRole("button", { name: /^Only gaps \(\d+\)$/ });
        await gaps.focus();
        await page.keyboard.press("Enter");
        await expect(gaps.getAttribute("aria-pressed")).resolves.toBe("true");
        const statuses = await groups.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
        expect(statuses.length).toBeGreaterThan(0);
        expect(statuses).not.toContain("passed");
        await frame.locator('tbody[data-status="no-test"]').first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: screenshotPath("detail-traceability-gaps-light"), fullPage: true });
        const download = page.waitForEvent("download");
        await frame.getByRole("button", { name: "Download CSV" }).click();
        expect((await download).suggestedFilename()).toMatch(/^qt-rttm-HOLL-X-\d{4}-\d\d-\d\d\.csv$/);
      }
      await page.close();
    }
  });
});
