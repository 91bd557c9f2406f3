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
  /** The participant-role whose QT Completion Report the seed submitted. */
  let submitted: string;
  const errors: string[] = [];

  const url = (query: Record<string, string> = {}, hostPage = "qt-hub") =>
    formatHostUrl(hosted.hostUrl, { page: hostPage, user: "bsc", theme: "light", query, hash: "" });

  beforeAll(async () => {
    // The hubs read the browser's clock, so the programme is dated around the real today, as `npm start` does.
    const now = new Date();
    hosted = await startHostedSandbox({
      webRoot: DIST_WEB,
      programme: { seed: 1, scale: 0.3, calendar: "live", today: ukDate(now) },
    });
    const seeded = await seedLiveApprovals(hosted.sandbox.orgUrl, hosted.programme, now, DEFAULT_EXTENSION);
    const line = seeded.find((l) => l.includes("QT Completion Report submitted"));
    if (!line) throw new Error(`The seed submitted no QT Completion Report: ${seeded.join("; ")}`);
    submitted = line.split(":")[0];
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

  it("shows the submitted QT Completion Report with its snapshot", async () => {
    await page.goto(url({ view: "report", pr: submitted }));
    const frame = page.frameLocator("#contribution-frame");
    await frame.locator("tr[data-sha256]").first().waitFor({ timeout: 90_000 });
    await expect(frame.locator("body").textContent()).resolves.toContain(submitted);
    await page.screenshot({ path: screenshotPath("showcase-report-light"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("shows the registry of the programme in the settings hub", async () => {
    await page.goto(url({}, "settings-hub"));
    const frame = page.frameLocator("#contribution-frame");
    await frame.getByText(/Version \d+, no unsaved changes/).waitFor({ timeout: 60_000 });
    await frame.getByText("Checking against the organisation").waitFor({ state: "detached", timeout: 60_000 });
    await frame.getByRole("tab", { name: /Participant registry/ }).click();
    await frame.getByRole("rowheader", { name: "HOLL-X" }).waitFor();
    await frame.locator("body").evaluate(() => document.fonts.ready.then(() => undefined));
    await page.screenshot({ path: screenshotPath("showcase-settings-registry-light"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("shows the set-up's security health in the settings hub, as the signed-in assurer sees it", async () => {
    await page.goto(url({}, "settings-hub"));
    const frame = page.frameLocator("#contribution-frame");
    await frame.getByText(/Version \d+, no unsaved changes/).waitFor({ timeout: 60_000 });
    await frame.getByRole("tab", { name: /Security health/ }).click();
    const findings = frame.locator(".sh-health > li");
    await findings.first().waitFor({ timeout: 60_000 });
    // The live sample keeps settings and approvals in the extension's data: both are weak, said plainly.
    await expect(frame.locator('[data-finding="settings-protected"]').getAttribute("data-status")).resolves.toBe(
      "weak",
    );
    await expect(frame.locator('[data-finding="approvals-vouched"]').getAttribute("data-status")).resolves.toBe("weak");
    await expect(frame.locator('[data-finding="defect-areas-readable"]').getAttribute("data-status")).resolves.toBe(
      "ok",
    );
    await page.screenshot({ path: screenshotPath("showcase-settings-health-light"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("shows both widgets on a dashboard, at their sizes", async () => {
    const version = { major: 1, minor: 0, patch: 0 };
    const tile = (id: string, widget: string, name: string, rowSpan: number, columnSpan: number, config: object) => ({
      id,
      widget,
      name,
      size: { rowSpan, columnSpan },
      customSettings: { data: JSON.stringify(config), version },
    });
    const tiles = [
      tile("holl", "exit-readiness-widget", "HOLL-X readiness", 2, 2, { participantRole: "HOLL-X" }),
      tile("oakh", "exit-readiness-widget", "OAKH-R readiness", 2, 2, { participantRole: "OAKH-R" }),
      tile("tranche-1", "window-portfolio-widget", "Tranche 1", 2, 4, { window: "tranche-1" }),
      tile("holl-detail", "exit-readiness-widget", "HOLL-X readiness (detail)", 2, 4, { participantRole: "HOLL-X" }),
    ];
    await page.goto(url({}, "dashboard"));
    await page.evaluate(
      (widgets) => localStorage.setItem("qt-assurance-local-host.dashboard", JSON.stringify({ version: 1, widgets })),
      tiles,
    );
    await page.reload();
    for (const { id } of tiles) {
      await page.waitForFunction(
        (sel) => {
          const state = document.querySelector(sel)?.getAttribute("data-state");
          return Boolean(state && state !== "loading");
        },
        `.dash-tile[data-widget-id="${id}"]`,
        { timeout: 90_000 },
      );
      await expect(page.locator(`.dash-tile[data-widget-id="${id}"]`).getAttribute("data-state")).resolves.toBe(
        "loaded",
      );
    }
    await page.screenshot({ path: screenshotPath("showcase-dashboard-light"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
