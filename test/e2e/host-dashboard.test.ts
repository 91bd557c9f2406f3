/**
 * The local host's dashboard playing Azure DevOps for widget contributions, driven through the REAL
 * azure-devops-extension-sdk in headless Chromium: PROBE widget and configuration pages (test/e2e/probe/
 * probe-widget.ts, probe-config.ts) that record every call the host makes, and the host page itself, are bundled
 * from source by build-dashboard-probe.js into a temporary web root.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Browser, Frame, Page } from "playwright-core";
import {
  CONTRIBUTIONS,
  DashboardWidget,
  FULL_EXTENSION_ID,
  HostContribution,
  WidgetSize,
} from "../../sandbox/host/contributions";
import { DASHBOARD_STORAGE_KEY, spanToPixels } from "../../sandbox/host/dashboard";
import { HostedSandbox, startHostedSandbox } from "../../sandbox/host/hosted-sandbox";
import { formatHostUrl } from "../../sandbox/host/host-url";
import { launchBrowser, screenshotPath } from "./support/browser";

jest.setTimeout(120_000);

const ROOT = join(__dirname, "..", "..");
const SIZES: WidgetSize[] = [
  { rowSpan: 1, columnSpan: 2 },
  { rowSpan: 2, columnSpan: 2 },
  { rowSpan: 2, columnSpan: 4 },
];
const V1 = { major: 1, minor: 0, patch: 0 };

const widget = (id: string, title: string): HostContribution => ({
  id,
  page: id,
  title,
  kind: "widget",
  contributionId: `${FULL_EXTENSION_ID}.${id}`,
  supportedSizes: SIZES,
  configurationId: "probe-config",
});
const PROBES: HostContribution[] = [
  widget("probe-widget", "Probe widget"),
  widget("probe-silent-widget", "Silent probe"),
  widget("probe-full-widget", "Full-id probe"),
  {
    id: "probe-config",
    page: "probe-config",
    title: "Probe configuration",
    kind: "widget-configuration",
    contributionId: `${FULL_EXTENSION_ID}.probe-config`,
  },
];
const DASHBOARD: DashboardWidget[] = [
  {
    id: "p1",
    widget: "probe-widget",
    name: "Probe one",
    size: { rowSpan: 2, columnSpan: 2 },
    customSettings: { data: "alpha", version: V1 },
  },
  { id: "p2", widget: "probe-widget", name: "Unconfigured probe", size: { rowSpan: 1, columnSpan: 2 } },
  {
    id: "p3",
    widget: "probe-full-widget",
    name: "Full-id probe",
    size: { rowSpan: 1, columnSpan: 2 },
    customSettings: { data: "full", version: V1 },
  },
  {
    id: "p4",
    widget: "probe-widget",
    name: "Failing probe",
    size: { rowSpan: 1, columnSpan: 2 },
    customSettings: { data: "fail", version: V1 },
  },
  { id: "p5", widget: "probe-silent-widget", name: "Silent probe", size: { rowSpan: 1, columnSpan: 2 } },
];

interface Call {
  method: string;
  value: Record<string, unknown> | null;
}

let webRoot: string;
let hosted: HostedSandbox;
let browser: Browser;

beforeAll(async () => {
  webRoot = mkdtempSync(join(tmpdir(), "qt-host-dashboard-"));
  const built = spawnSync(process.execPath, [join(__dirname, "probe", "build-dashboard-probe.js"), webRoot], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 90_000,
  });
  if (built.status !== 0) throw new Error(`building the probes failed (${built.status}): ${built.stderr}`);
  hosted = await startHostedSandbox({ webRoot, contributions: [...CONTRIBUTIONS, ...PROBES], dashboard: DASHBOARD });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hosted?.close();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

const dashboardUrl = (theme: "light" | "dark" = "light") =>
  formatHostUrl(hosted.hostUrl, { page: "dashboard", user: "tester", theme, query: {}, hash: "" });

const tile = (id: string) => `.dash-tile[data-widget-id="${id}"]`;

async function frameOf(page: Page, selector: string): Promise<Frame> {
  const handle = await page.waitForSelector(selector);
  const frame = await handle.contentFrame();
  if (!frame) throw new Error(`no frame at ${selector}`);
  return frame;
}

async function calls(page: Page, id: string): Promise<Call[]> {
  const frame = await frameOf(page, `${tile(id)} iframe`);
  return frame.$$eval("#widget-calls li", (items) =>
    items.map((li) => ({
      method: (li as HTMLElement).dataset.method ?? "",
      value: JSON.parse(li.textContent ?? "null") as Record<string, unknown> | null,
    })),
  );
}

/** Waits until the widget has received `count` calls, and returns them. */
async function waitForCalls(page: Page, id: string, count: number): Promise<Call[]> {
  const frame = await frameOf(page, `${tile(id)} iframe`);
  await frame.waitForFunction((n) => document.querySelectorAll("#widget-calls li").length >= n, count, {
    timeout: 20_000,
  });
  return calls(page, id);
}

async function configCalls(page: Page): Promise<Call[]> {
  const frame = await frameOf(page, "#dash-config-frame");
  return frame.$$eval("#config-calls li", (items) =>
    items.map((li) => ({
      method: (li as HTMLElement).dataset.method ?? "",
      value: JSON.parse(li.textContent ?? "null") as Record<string, unknown> | null,
    })),
  );
}

async function openConfiguration(page: Page, id: string): Promise<Frame> {
  await page.click(`${tile(id)} .dash-tile-configure`);
  await page.waitForSelector('#dash-config-status[data-state="ready"]', { timeout: 20_000 });
  return frameOf(page, "#dash-config-frame");
}

describe("the dashboard plays Azure DevOps for widgets", () => {
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(dashboardUrl());
    await page.waitForSelector(`${tile("p1")}[data-state="loaded"]`, { timeout: 20_000 });
  });
  afterAll(async () => page?.close());

  it("links the dashboard in the header, and lists only hubs beside it", async () => {
    const links = await page.$$eval(".host-nav a", (as) => as.map((a) => a.textContent));
    expect(links).toEqual(["QT Assurance", "Settings", "Dashboard"]);
    await expect(page.locator('.host-nav a[aria-current="page"]').innerText()).resolves.toBe("Dashboard");
  });

  it("calls preload then load with the configured settings and size, in a frame of that size", async () => {
    const received = await waitForCalls(page, "p1", 2);
    expect(received.map((c) => c.method)).toEqual(["preload", "load"]);
    const settings = {
      name: "Probe one",
      size: { rowSpan: 2, columnSpan: 2 },
      customSettings: { data: "alpha", version: V1 },
    };
    expect(received[0].value).toEqual(settings);
    expect(received[1].value).toEqual(settings);
    const box = await page.locator(`${tile("p1")} iframe`).boundingBox();
    expect([box?.width, box?.height]).toEqual([spanToPixels(2), spanToPixels(2)]);
    expect(spanToPixels(2)).toBe(330);
    // Nothing of the host's covers a loaded widget.
    await expect(page.locator(`${tile("p1")} .dash-tile-message`).isHidden()).resolves.toBe(true);
    const onTop = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.className, {
      x: (box?.x ?? 0) + 100,
      y: (box?.y ?? 0) + 100,
    });
    expect(onTop).toBe("dash-tile-frame");
    await expect(page.locator(`${tile("p1")} .dash-tile-title`).innerText()).resolves.toBe("Probe one");
  });

  it("gives an unconfigured widget customSettings without data", async () => {
    await page.waitForSelector(`${tile("p2")}[data-state="loaded"]`);
    const received = await waitForCalls(page, "p2", 2);
    expect(received[1]).toEqual({
      method: "load",
      value: { name: "Unconfigured probe", size: { rowSpan: 1, columnSpan: 2 }, customSettings: {} },
    });
  });

  it("asks only for the manifest id, as Microsoft's widget guide says: an object under the full id alone is not found", async () => {
    await page.waitForSelector(`${tile("p3")}[data-state="failed"]`, { timeout: 20_000 });
    const text = await page.locator(`${tile("p3")} .dash-tile-message`).innerText();
    expect(text).toContain('did not register its object under the manifest id "probe-full-widget"');
  });

  it("shows a WidgetStatusHelper.Failure's message in the tile", async () => {
    await page.waitForSelector(`${tile("p4")}[data-state="failed"]`);
    await expect(page.locator(`${tile("p4")} .dash-tile-message`).innerText()).resolves.toContain(
      "probe failure: asked to fail",
    );
  });

  it("shows a timeout in the tile of a widget that never registers", async () => {
    await page.waitForSelector(`${tile("p5")}[data-state="failed"]`, { timeout: 20_000 });
    const text = await page.locator(`${tile("p5")} .dash-tile-message`).innerText();
    expect(text).toContain("did not register");
    expect(text).toContain('under the manifest id "probe-silent-widget"');
    expect(text).toContain("within 5 s");
  });

  it("reloads a resized widget with its new size, and resizes its frame", async () => {
    const before = (await calls(page, "p1")).length;
    await page.selectOption(`${tile("p1")} .dash-tile-size`, "4×2");
    const received = await waitForCalls(page, "p1", before + 1);
    expect(received[before]).toEqual({
      method: "reload",
      value: { name: "Probe one", size: { rowSpan: 2, columnSpan: 4 }, customSettings: { data: "alpha", version: V1 } },
    });
    const box = await page.locator(`${tile("p1")} iframe`).boundingBox();
    expect([box?.width, box?.height]).toEqual([670, 330]);
  });

  it("loads the configuration with the current settings and a context whose notify live-previews", async () => {
    const config = await openConfiguration(page, "p1");
    const loaded = (await configCalls(page))[0];
    expect(loaded).toEqual({
      method: "load",
      value: {
        settings: {
          name: "Probe one",
          size: { rowSpan: 2, columnSpan: 4 },
          customSettings: { data: "alpha", version: V1 },
        },
        contextNotify: "function",
      },
    });
    const before = (await calls(page, "p1")).length;
    await config.fill("#probe-data", "beta");
    const received = await waitForCalls(page, "p1", before + 1);
    expect(received[received.length - 1]).toEqual({
      method: "reload",
      value: { name: "Probe one", size: { rowSpan: 2, columnSpan: 4 }, customSettings: { data: "beta", version: V1 } },
    });
    await config.waitForFunction(() => document.querySelector("#notified")?.textContent?.includes("beta"));
    await page.screenshot({ path: screenshotPath("host-dashboard-configure-light") });
  });

  it("reverts the live preview on Cancel", async () => {
    const before = (await calls(page, "p1")).length;
    await page.click("#dash-config-cancel");
    expect(await page.locator("#dash-config").count()).toBe(0);
    const received = await waitForCalls(page, "p1", before + 1);
    expect(received[received.length - 1].value).toMatchObject({ customSettings: { data: "alpha" } });
  });

  it("keeps the panel open on an invalid save, and says so", async () => {
    const config = await openConfiguration(page, "p1");
    await config.fill("#probe-data", "invalid");
    await page.click("#dash-config-save");
    await page.waitForSelector('#dash-config-status[data-state="invalid"]');
    expect(await page.locator("#dash-config").count()).toBe(1);
    await expect(page.locator("#dash-config-status").innerText()).resolves.toContain("not valid");
    expect((await configCalls(page)).map((c) => c.method)).toContain("onSave");
  });

  it("saves a valid configuration with its title, reloads the widget, and keeps it across a host reload", async () => {
    const config = await frameOf(page, "#dash-config-frame");
    await config.fill("#probe-data", "gamma");
    await page.fill("#dash-config-title", "Probe gamma");
    const listened = (await configCalls(page)).filter((c) => c.method === "listen");
    expect(listened[listened.length - 1].value).toMatchObject({
      event: "ms.vss-dashboards-web.generalSettingsChanged",
      args: { data: { WidgetName: "Probe gamma" } },
    });
    await page.click("#dash-config-save");
    await page.waitForSelector("#dash-config", { state: "detached" });
    await page.waitForFunction(() =>
      document
        .querySelector<HTMLIFrameElement>('.dash-tile[data-widget-id="p1"] iframe')
        ?.contentDocument?.querySelector("#widget-calls li:last-child")
        ?.textContent?.includes("Probe gamma"),
    );
    const received = await calls(page, "p1");
    expect(received[received.length - 1]).toEqual({
      method: "reload",
      value: {
        name: "Probe gamma",
        size: { rowSpan: 2, columnSpan: 4 },
        customSettings: { data: "gamma", version: V1 },
      },
    });
    const stored = JSON.parse((await page.evaluate((key) => localStorage.getItem(key), DASHBOARD_STORAGE_KEY)) ?? "{}");
    expect(stored.widgets[0]).toMatchObject({ id: "p1", name: "Probe gamma", customSettings: { data: "gamma" } });

    await page.reload();
    await page.waitForSelector(`${tile("p1")}[data-state="loaded"]`, { timeout: 20_000 });
    const again = await waitForCalls(page, "p1", 2);
    expect(again[1]).toEqual({
      method: "load",
      value: {
        name: "Probe gamma",
        size: { rowSpan: 2, columnSpan: 4 },
        customSettings: { data: "gamma", version: V1 },
      },
    });
  });

  it("adds and removes widgets", async () => {
    const count = () => page.locator(".dash-tile").count();
    const before = await count();
    await page.selectOption("#dash-add-type", "probe-widget");
    await page.click("#dash-add");
    expect(await count()).toBe(before + 1);
    const added = page.locator(".dash-tile").last();
    await expect(added.getAttribute("data-size")).resolves.toBe("2×1");
    await added.locator(".dash-tile-remove").click();
    expect(await count()).toBe(before);
  });

  it("opens a hub's Azure DevOps address, asked by a widget, as the host's page for that hub", async () => {
    const other = await browser.newPage();
    try {
      await other.goto(dashboardUrl());
      await other.waitForSelector(`${tile("p1")}[data-state="loaded"]`, { timeout: 20_000 });
      const frame = await frameOf(other, `${tile("p1")} iframe`);
      await frame.click("#open-hub");
      await other.waitForURL(/page=qt-hub/);
      const url = new URL(other.url());
      expect(Object.fromEntries(url.searchParams)).toEqual({
        page: "qt-hub",
        user: "tester",
        theme: "light",
        view: "detail",
        pr: "HOLL-X",
      });
      expect(url.hash).toBe("#tab=e1");
    } finally {
      await other.close();
    }
  });

  it("takes light and dark screenshots", async () => {
    await page.waitForSelector(`${tile("p5")}[data-state="failed"]`, { timeout: 20_000 });
    await page.screenshot({ path: screenshotPath("host-dashboard-light"), fullPage: true });
    await page.selectOption("#host-theme", "dark");
    const frame = await frameOf(page, `${tile("p1")} iframe`);
    await frame.waitForFunction(
      () =>
        getComputedStyle(document.documentElement).getPropertyValue("--background-color").trim() ===
        "rgba(30, 30, 30, 1)",
    );
    await page.screenshot({ path: screenshotPath("host-dashboard-dark"), fullPage: true });
  });
});
