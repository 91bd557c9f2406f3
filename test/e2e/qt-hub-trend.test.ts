/**
 * The Trend tab and the burn-up widgets in a real browser, over the sample programme's Analytics: the burn-up and
 * burn-down drawn with their forecast, operable from the keyboard and readable as a table; Analytics switched off
 * says so and draws nothing; the portfolio's forecast column. Screenshots (light and dark) go to
 * test-results/screenshots. Needs the built pages (`npm run build`, or
 * `npx webpack --mode production --config-name web --config-name widgets`).
 */
import { FrameLocator, Page } from "playwright-core";
import { screenshotPath } from "./support/browser";
import { useHostAndBrowser } from "./support/pages";

jest.setTimeout(180_000);

const KEY = "HOLL-X";
// The live calendar: the sample programme's "today" is the browser's, so the trend ends today.
const session = useHostAndBrowser(120_000, { calendar: "live" });

afterEach(() => session.host.sandbox.env.analytics.set({}));

async function openTrend(theme: "light" | "dark" = "light"): Promise<{ page: Page; frame: FrameLocator }> {
  const page = await session.browser.newPage({ viewport: { width: 1400, height: 1300 } });
  await page.goto(
    session.host.pageUrl("qt-hub", { user: "bsc", theme, query: { view: "detail", pr: KEY, tab: "trend" } }),
  );
  const frame = page.frameLocator("#contribution-frame");
  await frame.getByTestId("trend-tab").waitFor({ timeout: 60_000 });
  return { page, frame };
}

describe("the Trend tab", () => {
  it.each(["light", "dark"] as const)("draws the burn-up, the burn-down and the forecast (%s)", async (theme) => {
    const { page, frame } = await openTrend(theme);
    await frame.getByRole("heading", { name: /^Forecast: / }).waitFor();
    const charts = frame.locator("svg[role='img']");
    expect(await charts.count()).toBe(2);
    const names = await charts.evaluateAll((svgs) =>
      svgs.map((svg) => {
        const ids = (svg.getAttribute("aria-labelledby") ?? "").split(/\s+/);
        return ids.map((id) => svg.ownerDocument.getElementById(id)?.textContent ?? "").join(" ");
      }),
    );
    expect(names[0]).toMatch(/Execution burn-up of HOLL-X/);
    expect(names[1]).toMatch(/Defect burn-down of HOLL-X/);
    expect(await frame.getByText("The trend's last day and the live read differ").count()).toBe(0);
    await page.screenshot({ path: screenshotPath(`trend-tab-${theme}`), fullPage: true });
    await page.close();
  });

  it("moves through the days with the keyboard, announcing each, and shows the same as a table", async () => {
    const { page, frame } = await openTrend();
    const figure = frame.locator("figure").first();
    await figure.locator("svg[role='img']").focus();
    await page.keyboard.press("End");
    const live = figure.locator("[aria-live='polite']");
    await expect(live.textContent()).resolves.toMatch(/Planned \d+/);
    await page.keyboard.press("ArrowLeft");
    await expect(live.textContent()).resolves.toMatch(/Executed \d+/);
    await figure.getByRole("button", { name: /Show as table/ }).click();
    const table = figure.locator("table");
    await table.waitFor({ state: "visible" });
    expect(await table.locator("caption").textContent()).toMatch(/burn-up/i);
    expect(await table.locator("tbody tr").count()).toBeGreaterThan(14);
    await page.screenshot({ path: screenshotPath("trend-tab-table-light"), fullPage: true });
    await page.close();
  });

  it("says Analytics is off and draws no chart", async () => {
    session.host.sandbox.env.analytics.set({ enabled: false });
    const { page, frame } = await openTrend();
    await frame.getByText("No execution burn-up.").waitFor();
    await frame.getByText("No defect burn-down.").waitFor();
    expect(await frame.locator("svg[role='img']").count()).toBe(0);
    expect(await frame.getByText(/Analytics is not available/).count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath("trend-tab-analytics-off"), fullPage: true });
    await page.close();
  });
});

describe("the portfolio's forecast column", () => {
  it("shows each participant-role's forecast, sorts and filters by it", async () => {
    const page = await session.browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(session.host.pageUrl("qt-hub", { user: "bsc", query: { window: "tranche-1", sort: "forecast" } }));
    const frame = page.frameLocator("#contribution-frame");
    await frame.getByText(/Showing \d+ of \d+ participant-roles/).waitFor({ timeout: 60_000 });
    const cells = frame.locator(".qt-forecast");
    await cells.first().waitFor({ timeout: 30_000 });
    const words = await cells.allTextContents();
    expect(words.length).toBeGreaterThan(0);
    for (const w of words) expect(w).toMatch(/^(On track|At risk|Will miss|Finished|Window closed|Not enough history)/);
    await page.screenshot({ path: screenshotPath("portfolio-forecast-light"), fullPage: true });

    // The window's burn-up, read when asked for.
    await frame.getByRole("button", { name: "Show the window's burn-up" }).click();
    const chart = frame.locator(".qt-window-trend svg[role='img']");
    await chart.waitFor({ timeout: 30_000 });
    await expect(frame.locator(".qt-window-trend").textContent()).resolves.toMatch(/Forecast for Tranche 1 \(\d+/);
    await page.screenshot({ path: screenshotPath("portfolio-window-burn-up-light"), fullPage: true });
    await page.close();
  });
});

describe("the burn-up widget and the exit readiness sparkline", () => {
  it.each(["light", "dark"] as const)("draw on the dashboard (%s)", async (theme) => {
    const page = await session.browser.newPage({ viewport: { width: 1500, height: 1300 } });
    await page.goto(session.host.pageUrl("dashboard", { user: "bsc", theme }));
    const burnUp = page.frameLocator('.dash-tile[data-widget-id="w6"] iframe');
    await burnUp.locator("svg[role='img']").first().waitFor({ timeout: 60_000 });
    const wide = page.frameLocator('.dash-tile[data-widget-id="w7"] iframe');
    await wide.locator("svg[role='img']").first().waitFor({ timeout: 60_000 });
    const tile = page.frameLocator('.dash-tile[data-widget-id="w1"] iframe');
    const spark = tile.locator(".qtw-spark [role='img']");
    await spark.waitFor({ timeout: 60_000 });
    expect(await spark.getAttribute("aria-label")).toMatch(/^Executed \d+%/);
    await page.screenshot({ path: screenshotPath(`widgets-burn-up-${theme}`), fullPage: true });
    await page.close();
  });
});
