/**
 * The live sample programme, as `npm start` serves it, in Chromium: dated around today with its approvals seeded
 * through the product's own code, so the portfolio holds every verdict and the windows are in several phases.
 * Its screenshots are the README's and the Marketplace listing's (scripts/marketplace-images.js crops them).
 *
 * Needs the built pages: `npm run build`.
 */
import { Browser, FrameLocator, Page } from "playwright-core";
import { DEFAULT_EXTENSION } from "../../src/cli/connection";
import { ukDate } from "../../src/core/calendar";
import { seedLiveApprovals } from "../../sandbox/host/seed";
import { HostedSandbox, startHostedSandbox } from "../../sandbox/host/hosted-sandbox";
import { formatHostUrl } from "../../sandbox/host/host-url";
import { launchBrowser, screenshotPath } from "./support/browser";
import { DIST_WEB } from "./support/local-host";

jest.setTimeout(180_000);

const FOOTNOTE = ".qt-portfolio-footnote";

describe("the live sample programme in a browser", () => {
  let hosted: HostedSandbox;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  const url = (query: Record<string, string> = {}) =>
    formatHostUrl(hosted.hostUrl, { page: "qt-hub", user: "bsc", theme: "light", query, hash: "" });

  beforeAll(async () => {
    // The hubs read the browser's clock, so the programme is dated around the real today, as `npm start` does.
    const now = new Date();
    hosted = await startHostedSandbox({
      webRoot: DIST_WEB,
      programme: { seed: 1, scale: 0.3, calendar: "live", today: ukDate(now) },
    });
    await seedLiveApprovals(hosted.sandbox.orgUrl, hosted.programme, now, DEFAULT_EXTENSION);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on("pageerror", (e) => errors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await hosted?.close();
  });

  async function portfolio(): Promise<FrameLocator> {
    await page.goto(url());
    const frame = page.frameLocator("#contribution-frame");
    await frame
      .locator(FOOTNOTE)
      .filter({ hasText: "Showing 28 of 28 participant-roles" })
      .waitFor({ timeout: 90_000 });
    return frame;
  }

  it("shows every verdict and windows in several phases on today's date", async () => {
    const frame = await portfolio();
    const text = (await frame.locator(".qt-portfolio-table").textContent()) ?? "";
    for (const verdict of ["Cannot assess", "Not ready", "Ready to submit", "Exit criteria met"])
      expect(text).toContain(verdict);
    await page.screenshot({ path: screenshotPath("showcase-portfolio-light"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("names the test points behind a participant-role's criteria by test case and configuration", async () => {
    await page.goto(url({ view: "detail", pr: "HOLL-X" }));
    const frame = page.frameLocator("#contribution-frame");
    const e4 = frame.locator('[data-criterion="E4"]');
    await e4.waitFor({ timeout: 90_000 });
    // Points by name ("REG-012 De-energise a metering point · UIT - Standard"), never "Point 472".
    await expect(e4.textContent()).resolves.toMatch(/ · UIT/);
    await expect(e4.textContent()).resolves.not.toMatch(/\bPoint \d+/);
    await page.screenshot({ path: screenshotPath("showcase-detail-criteria-light"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
