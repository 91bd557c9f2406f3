/**
 * Accessibility of the hubs in Chromium through the local extension host, in the light and the dark theme: axe-core
 * (injected into the contribution frame) finds no serious or critical violation on the QT hub's portfolio, the
 * participant-role detail (Criteria, Defects, Testing waivers), the completion report view, and each tab of the
 * settings hub. Every violation found, whatever its impact, is printed with its rule, help and targets, for the
 * record.
 *
 * Needs the built pages: `npm run build` (or `npx webpack --mode production --config-name web`).
 */
import { readFileSync } from "node:fs";
import type { AxeResults, ImpactValue, RunOptions } from "axe-core";
import { Frame, Page } from "playwright-core";
import { screenshotPath } from "./support/browser";
import { useHostAndBrowser } from "./support/pages";

jest.setTimeout(240_000);

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const BLOCKING: readonly ImpactValue[] = ["serious", "critical"];

/**
 * Rules excluded for one selector each, because the element comes from azure-devops-ui and our code cannot change
 * it. Empty while every violation has been fixed at its source.
 */
const LIBRARY_EXCLUSIONS: readonly { rule: string; selector: string; why: string }[] = [];

interface Found {
  id: string;
  impact: ImpactValue | null | undefined;
  help: string;
  helpUrl: string;
  targets: string[];
  summary: string;
}

const session = useHostAndBrowser(120_000);

/** The contribution iframe, once the host has framed the page. */
async function contributionFrame(page: Page): Promise<Frame> {
  await page.locator("#contribution-frame").waitFor({ timeout: 60_000 });
  for (let i = 0; i < 600; i++) {
    const frame = page.frame({ url: /\/_host\/web\// });
    if (frame) return frame;
    await page.waitForTimeout(100);
  }
  throw new Error("The contribution frame did not appear.");
}

/** No spinner left in the frame and the icon font loaded: the view has settled. */
async function settled(frame: Frame): Promise<void> {
  await frame.locator(".bolt-spinner").first().waitFor({ state: "detached", timeout: 60_000 });
  await frame.evaluate(() => document.fonts.ready.then(() => undefined));
}

async function open(
  page: string,
  theme: "light" | "dark",
  query: Record<string, string>,
  ready: (frame: Frame) => Promise<void>,
): Promise<{ page: Page; frame: Frame }> {
  // axe is injected as an inline script, which the pages' CSP rightly refuses: this test is about accessibility,
  // so its pages bypass the CSP (test/e2e/csp.test.ts holds them to it).
  const tab = await session.browser.newPage({ viewport: { width: 1400, height: 1000 }, bypassCSP: true });
  const logs: string[] = [];
  tab.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
  tab.on("console", (m) => {
    if (m.type() === "error") logs.push(`console: ${m.text()}`);
  });
  await tab.goto(session.host.pageUrl(page, { user: "bsc", theme, query }));
  const frame = await contributionFrame(tab);
  try {
    await ready(frame);
    await settled(frame);
  } catch (error) {
    await tab.screenshot({ path: screenshotPath(`a11y-failed-${page}-${theme}`), fullPage: true });
    const shown = await frame
      .locator("body")
      .textContent({ timeout: 2_000 })
      .catch(() => "(no frame body)");
    throw new Error(
      `${page} ${JSON.stringify(query)} (${theme}) did not load; it shows: ${shown}\n${logs.join("\n")}`,
      {
        cause: error,
      },
    );
  }
  await frame.addScriptTag({ content: AXE_SOURCE });
  return { page: tab, frame };
}

async function runAxe(frame: Frame): Promise<Found[]> {
  const options: RunOptions = { resultTypes: ["violations"] };
  const exclusions = LIBRARY_EXCLUSIONS;
  const violations = await frame.evaluate(
    async ({ options, exclusions }) => {
      const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<AxeResults> } }).axe;
      const results = await axe.run(document, options);
      return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        targets: v.nodes
          .filter(
            (n) =>
              !exclusions.some(
                (x) => x.rule === v.id && n.target.some((t) => document.querySelector(String(t))?.closest(x.selector)),
              ),
          )
          .map((n) => `${n.target.join(" ")}  ${n.html.slice(0, 160)}`),
        summary: v.nodes[0]?.failureSummary ?? "",
      }));
    },
    { options, exclusions },
  );
  return violations.filter((v) => v.targets.length > 0);
}

function report(name: string, found: Found[]): string {
  if (found.length === 0) return `${name}: no violations`;
  return [
    `${name}: ${found.length} violation(s)`,
    ...found.map(
      (v) =>
        `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.targets.map((t) => `      ${t}`).join("\n") +
        `\n      ${v.summary.replace(/\n/g, "\n      ")}`,
    ),
  ].join("\n");
}

/** Checks the current state of a frame: prints every violation, returns the serious and critical ones. */
async function check(frame: Frame, page: Page, name: string): Promise<string[]> {
  const found = await runAxe(frame);
  console.log(report(name, found));
  await page.screenshot({ path: screenshotPath(`a11y-${name}`), fullPage: true });
  return found
    .filter((v) => BLOCKING.includes(v.impact ?? "minor"))
    .map((v) => `${name}: ${v.id} ${v.targets.join(", ")}`);
}

async function selectTab(frame: Frame, name: string): Promise<void> {
  const tab = frame.getByRole("tab", { name: new RegExp(`^${name}`) });
  await tab.click();
  await frame.locator('[role="tab"][aria-selected="true"]', { hasText: name }).waitFor();
  await settled(frame);
}

describe.each(["light", "dark"] as const)("axe in the %s theme", (theme) => {
  it("the QT hub portfolio has no serious or critical violations", async () => {
    const { page, frame } = await open("qt-hub", theme, {}, (f) =>
      f
        .locator(".qt-portfolio-footnote")
        .filter({ hasText: /Showing \d+ of \d+/ })
        .waitFor({ timeout: 90_000 }),
    );
    const blocking = await check(frame, page, `portfolio-${theme}`);
    await page.close();
    expect(blocking).toEqual([]);
  });

  it("the participant-role detail has none on its Criteria, Trend, Defects, Testing waivers and Traceability tabs", async () => {
    const blocking: string[] = [];
    for (const [id, name] of [
      ["criteria", "Criteria"],
      ["trend", "Trend"],
      ["defects", "Defects"],
      ["waivers", "Testing waivers"],
      ["traceability", "Traceability"],
    ] as const) {
      const { page, frame } = await open("qt-hub", theme, { view: "detail", pr: "HOLL-X", tab: id }, async (f) => {
        await f.locator('[role="tab"][aria-selected="true"]', { hasText: name }).waitFor({ timeout: 90_000 });
        await f.locator('[role="tabpanel"]').waitFor();
        if (id === "criteria") await f.locator('[data-criterion="E1"]').waitFor();
        if (id === "waivers") await f.getByTestId("waiver-summary").waitFor();
        if (id === "traceability") await f.getByTestId("traceability-tab").waitFor();
        if (id === "trend") await f.getByTestId("trend-tab").waitFor({ timeout: 60_000 });
      });
      blocking.push(...(await check(frame, page, `detail-${id}-${theme}`)));
      await page.close();
    }
    expect(blocking).toEqual([]);
  });

  it("the completion report view has none", async () => {
    const { page, frame } = await open("qt-hub", theme, { view: "report", pr: "ORCH-X" }, (f) =>
      f.locator("iframe.qt-report-preview").waitFor({ timeout: 90_000 }),
    );
    const blocking = await check(frame, page, `report-${theme}`);
    // The preview is a sandboxed frame without scripts, so axe cannot enter it: its HTML (the report as downloaded)
    // is checked on its own. It has its own colours, the same whatever the host's theme.
    const html = await frame.locator("iframe.qt-report-preview").getAttribute("srcdoc");
    expect(html).toMatch(/QT Completion Report/);
    await page.close();
    // The report's CSP (default-src 'none') would refuse the injected axe: bypassed for this page only.
    const context = await session.browser.newContext({ bypassCSP: true });
    const preview = await context.newPage();
    await preview.setContent(html ?? "");
    await preview.addScriptTag({ content: AXE_SOURCE });
    blocking.push(...(await check(preview.mainFrame(), preview, `report-preview-${theme}`)));
    await context.close();
    expect(blocking).toEqual([]);
  });

  it("the settings hub has none on any of its tabs", async () => {
    const { page, frame } = await open("settings-hub", theme, {}, async (f) => {
      await f.getByText(/Version \d+, no unsaved changes/).waitFor({ timeout: 90_000 });
      await f.getByText("Checking against the organisation").waitFor({ state: "detached", timeout: 60_000 });
    });
    const blocking: string[] = [];
    for (const [id, name] of [
      ["defects", "Defects"],
      ["registry", "Participant registry"],
      ["windows", "Windows"],
      ["roles", "Roles and approvers"],
      ["assurers", "Assurers"],
      ["traceability", "Traceability"],
    ] as const) {
      await selectTab(frame, name);
      blocking.push(...(await check(frame, page, `settings-${id}-${theme}`)));
    }
    await page.close();
    expect(blocking).toEqual([]);
  });
});
