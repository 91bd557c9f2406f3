/**
 * The QT Assurance hub's portfolio in Chromium through the local extension host, over the sample programme: the
 * rows and their figures, the window picker kept in the host's URL (and surviving a reload), opening a
 * participant-role, and screenshots in both themes. The time to a rendered portfolio of 200 participant-roles is
 * measured by `npm run bench:hub` (test/bench/hub-bench.ts), not here.
 *
 * Needs the built pages: `npm run build` (or `npx webpack --mode development --config-name web`).
 */
import { Browser, FrameLocator, Page } from "playwright-core";
import { launchBrowser, screenshotPath } from "./support/browser";
import { LocalHost, startLocalHost } from "./support/local-host";

jest.setTimeout(180_000);

const FOOTNOTE = ".qt-portfolio-footnote";

function rowOf(frame: FrameLocator, key: string) {
  return frame.locator(".qt-portfolio-table .bolt-table-row", { hasText: key });
}

async function openHub(page: Page, url: string, timeout = 90_000): Promise<FrameLocator> {
  await page.goto(url);
  const frame = page.frameLocator("#contribution-frame");
  await frame.locator(FOOTNOTE).waitFor({ timeout });
  return frame;
}

describe("QT hub portfolio in a browser", () => {
  let host: LocalHost;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    host = await startLocalHost();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it("shows the sample programme's 28 participant-roles with their figures", async () => {
    const frame = await openHub(page, host.pageUrl("qt-hub", { user: "bsc" }));
    await frame.locator(FOOTNOTE).filter({ hasText: "Showing 28 of 28 participant-roles" }).waitFor();
    // The summary counts add up to the whole programme.
    const counts = await frame.locator(".qt-summary-count").allTextContents();
    expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(28);
    await page.screenshot({ path: screenshotPath("qt-hub-portfolio-light"), fullPage: true });

    // A blocked participant-role and a clean one, found through the search (the table virtualises its rows).
    const search = frame.locator("#__bolt-qt-filter-search");
    await search.fill("HOLL");
    await frame.locator(FOOTNOTE).filter({ hasText: "Showing 1 of 28" }).waitFor();
    const holl = rowOf(frame, "HOLL-X");
    await expect(holl.locator(".qt-col-sev1").textContent()).resolves.toBe("3");
    await expect(holl.locator(".qt-col-verdict").textContent()).resolves.toMatch(/Not ready|Cannot assess/);
    expect(page.url()).toContain("q=HOLL");

    await search.fill("OAKH");
    await frame.locator(FOOTNOTE).filter({ hasText: "Showing 1 of 28" }).waitFor();
    const oakh = rowOf(frame, "OAKH-R");
    await oakh.waitFor();
    await expect(oakh.locator(".qt-col-verdict").textContent()).resolves.toContain("Ready to submit");
    await expect(oakh.locator(".qt-col-sev1").textContent()).resolves.toBe("0");
    await expect(oakh.locator(".qt-col-sev2").textContent()).resolves.toBe("0");
    await search.fill("");
    await frame.locator(FOOTNOTE).filter({ hasText: "Showing 28 of 28" }).waitFor();
  });

  it("keeps the window in the host's URL, across a reload", async () => {
    const frame = page.frameLocator("#contribution-frame");
    await frame.locator('[aria-labelledby="__bolt-qt-filter-window-label"]').first().click();
    await frame.locator(".bolt-list-cell", { hasText: "Tranche 1" }).first().click();
    await frame.locator(FOOTNOTE).filter({ hasText: "Showing 4 of 4 participant-roles" }).waitFor();
    await page.waitForFunction(() => location.search.includes("window=tranche-1"));
    expect(new URL(page.url()).searchParams.get("window")).toBe("tranche-1");

    await page.reload();
    const again = page.frameLocator("#contribution-frame");
    await again.locator(FOOTNOTE).filter({ hasText: "Showing 4 of 4 participant-roles" }).waitFor({ timeout: 90_000 });
    expect(new URL(page.url()).searchParams.get("window")).toBe("tranche-1");
    await expect(again.locator(".qt-portfolio").textContent()).resolves.toContain(
      "Every participant-role in Tranche 1",
    );
    await expect(rowOf(again, "HOLL-X").count()).resolves.toBe(1);
  });

  it("opens a participant-role from its row with the keyboard", async () => {
    const frame = page.frameLocator("#contribution-frame");
    const row = rowOf(frame, "HOLL-X");
    await row.focus();
    await row.press("Enter");
    await page.waitForFunction(() => location.search.includes("view=detail") && location.search.includes("pr=HOLL-X"));
    await frame.locator("text=HOLL-X").first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1500); // let the detail view finish reading before the picture
    await page.screenshot({ path: screenshotPath("qt-hub-portfolio-opened-detail"), fullPage: true });
  });

  it("renders in the dark theme", async () => {
    const frame = await openHub(page, host.pageUrl("qt-hub", { user: "bsc", theme: "dark" }));
    await frame.locator(FOOTNOTE).filter({ hasText: "Showing 28 of 28" }).waitFor();
    await page.screenshot({ path: screenshotPath("qt-hub-portfolio-dark"), fullPage: true });
    // 404s are expected: extension data answers 404 for a collection with no document yet (no approvals).
    expect(errors.filter((e) => !/favicon|status of 404/.test(e))).toEqual([]);
  });
});
