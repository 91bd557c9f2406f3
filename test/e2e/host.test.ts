/**
 * The local extension host (sandbox/host) driven by the REAL azure-devops-extension-sdk in headless Chromium: a
 * test-only probe page (test/e2e/probe/probe-page.ts), bundled here with webpack's Node API and the SDK alias of
 * webpack.config.js, is served from a temporary web root beside the built host page (dist/web, `npm run build`).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Browser, Frame, Page } from "playwright-core";
import { CONTRIBUTIONS, FULL_EXTENSION_ID, HostContribution } from "../../sandbox/host/contributions";
import { HostedSandbox, startHostedSandbox } from "../../sandbox/host/hosted-sandbox";
import { formatHostUrl } from "../../sandbox/host/host-url";
import { BSC_ASSURER, SAMPLE_IDENTITY } from "../../sandbox/generator/identities";
import { launchBrowser, screenshotPath } from "./support/browser";
import { DIST_WEB, LocalHost, startLocalHost } from "./support/local-host";

jest.setTimeout(120_000);

const ROOT = join(__dirname, "..", "..");
const PROBE: HostContribution = {
  id: "probe",
  page: "probe",
  title: "SDK probe",
  kind: "hub",
  contributionId: `${FULL_EXTENSION_ID}.probe`,
};

/** Bundles the probe with webpack's Node API and webpack.config.js's SDK alias (see build-probe.js for why a child). */
function buildProbe(outDir: string): void {
  const built = spawnSync(process.execPath, [join(__dirname, "probe", "build-probe.js"), outDir], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 90_000,
  });
  if (built.status !== 0) throw new Error(`building the probe failed (${built.status}): ${built.stderr}`);
}

interface ProbeResult {
  failed?: { message: string };
  [key: string]: unknown;
}

async function probeFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector("#contribution-frame");
  const frame = await handle.contentFrame();
  if (!frame) throw new Error("no frame");
  return frame;
}

async function probeResult(page: Page): Promise<ProbeResult> {
  const frame = await probeFrame(page);
  await frame.waitForSelector("#probe-result[data-done]", { state: "attached", timeout: 30_000 });
  const text = await frame.$eval("#probe-result", (e) => e.textContent ?? "");
  const result = JSON.parse(text) as ProbeResult;
  if (result.failed) throw new Error(`the probe failed: ${result.failed.message}`);
  return result;
}

/** A GET with the raw path as given (no URL normalisation, unlike fetch). */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: "GET" }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end();
  });
}

let webRoot: string;
let hosted: HostedSandbox;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(join(DIST_WEB, "host.html"))) throw new Error(`${DIST_WEB}/host.html is missing: run npm run build`);
  webRoot = mkdtempSync(join(tmpdir(), "qt-host-probe-"));
  for (const file of ["host.html", "host.js"]) copyFileSync(join(DIST_WEB, file), join(webRoot, file));
  buildProbe(webRoot);
  hosted = await startHostedSandbox({ webRoot, contributions: [...CONTRIBUTIONS, PROBE] });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hosted?.close();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

const url = (options: { user?: "tester" | "bsc" | "rec"; theme?: "light" | "dark"; query?: Record<string, string> }) =>
  formatHostUrl(hosted.hostUrl, {
    page: "probe",
    user: options.user ?? "tester",
    theme: options.theme ?? "light",
    query: options.query ?? {},
    hash: "",
  });

describe("the local extension host with the real SDK", () => {
  let page: Page;
  let first: ProbeResult;

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url({ query: { removeme: "x", keep: "1" } }));
    first = await probeResult(page);
  });
  afterAll(async () => page?.close());

  it("answers the handshake with the context (no legacy pageContext)", () => {
    expect(first.user).toMatchObject({
      id: SAMPLE_IDENTITY.id,
      name: SAMPLE_IDENTITY.uniqueName,
      displayName: SAMPLE_IDENTITY.displayName,
    });
    expect((first.user as { descriptor: string }).descriptor).toBeTruthy();
    expect((first.user as { imageUrl: string }).imageUrl).toMatch(/^data:image\/svg\+xml/);
    expect(first.host).toMatchObject({ name: "mhhs-sandbox", type: 4, isHosted: true });
    expect(first.extension).toMatchObject({
      id: "qt-assurance.qt-assurance",
      publisherId: "qt-assurance",
      extensionId: "qt-assurance",
    });
    expect(first.contributionId).toBe("qt-assurance.qt-assurance.probe");
    expect(first.configuration).toEqual({});
  });

  it("gives the selected user's token, which the sandbox accepts as a Bearer token", () => {
    expect(first.token).toBe("sandbox-pat");
    expect(first.appToken).toBe("sandbox-pat");
    expect(first.restStatus).toBe(200);
    const logged = hosted.sandbox.env.log
      .list()
      .find((e) => e.url.startsWith("/mhhs-sandbox/_apis/projects") && e.status === 200);
    expect(logged?.user).toBe(SAMPLE_IDENTITY.uniqueName);
  });

  it("serves location and project services", () => {
    expect(first.serviceLocation).toBe(`${hosted.sandbox.orgUrl}/`);
    expect(first.areaLocation).toBe(`${hosted.sandbox.orgUrl}/`);
    const project = hosted.sandbox.env.state().projects[0];
    expect(first.project).toEqual({ id: project.id, name: project.name });
  });

  it("keeps the extension data __etag through the proxies and refuses a stale update", () => {
    const created = first.created as { __etag: number; text: string; id: string };
    expect(created.__etag).toBe(1);
    expect(first.read).toMatchObject({ id: created.id, text: "first", __etag: 1 });
    expect(first.updated).toMatchObject({ text: "second", __etag: 2 });
    expect(first.staleUpdate).toMatchObject({ refused: true, status: 409, typeKey: "InvalidDocumentVersionException" });
    expect(first.missingDocument).toMatchObject({ refused: true, status: 404 });
    expect(first.documents).toBe(true);
    expect(first.noCollection).toEqual([]);
    expect(first.value).toEqual({ n: 42 });
    expect(first.defaultValue).toBe("fallback");
    // The sample settings were seeded through the product's store.
    expect(first.seededSettings).toEqual({ etag: 1, participantRoles: 28 });
  });

  it("rejects an unknown service and unsupported dialogs instead of hanging", async () => {
    expect(first.unknownService).toMatchObject({ rejected: true });
    expect((first.unknownService as { message: string }).message).toMatch(/not provided by the local extension host/);
    expect(first.fullScreen).toBe(false);
    expect(first.openPanel).toMatchObject({ rejected: true });
    const messages = await page.locator("#host-messages").innerText();
    expect(messages).toContain("ms.vss-nonexistent.no-such-service");
    expect(messages).toContain("not supported by the local host");
    expect(messages).toContain("Probe banner: shown by the host");
    await expect(page.locator("#host-status").getAttribute("data-state")).resolves.toBe("loaded");
  });

  it("maps the page's query and hash onto the host URL, and they survive a reload", async () => {
    expect(first.queryBefore).toEqual({ removeme: "x", keep: "1" });
    expect(first.hashBefore).toBe("");
    expect(first.queryAfter).toEqual({ keep: "1", probe: "set-by-page" });
    expect(first.hashAfter).toBe("section=probe");
    const hostUrl = new URL(page.url());
    expect(hostUrl.pathname).toBe("/_host/");
    expect(Object.fromEntries(hostUrl.searchParams)).toEqual({
      page: "probe",
      user: "tester",
      theme: "light",
      keep: "1",
      probe: "set-by-page",
    });
    expect(hostUrl.hash).toBe("#section=probe");

    // The host's hash changes reach the page's onHashChanged callback (a proxy function called back).
    await page.evaluate(() => {
      location.hash = "#from-host";
    });
    const frame = await probeFrame(page);
    await frame.waitForFunction(() => document.querySelector("#hash-events")?.textContent?.includes("from-host"));

    await page.reload();
    const again = await probeResult(page);
    expect(again.queryBefore).toEqual({ keep: "1", probe: "set-by-page" });
    expect(again.hashBefore).toBe("from-host");
  });

  it("takes a light screenshot", async () => {
    await page.screenshot({ path: screenshotPath("host-probe-light") });
  });
});

describe("switching user and theme", () => {
  let page: Page;
  afterAll(async () => page?.close());

  it("reloads the page as the user picked in the switcher", async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url({}));
    expect((await probeResult(page)).user).toMatchObject({ name: SAMPLE_IDENTITY.uniqueName });
    await expect(page.getByLabel("User").inputValue()).resolves.toBe("tester");
    await page.getByLabel("User").selectOption("bsc");
    // The frame is replaced: wait for the new probe's answer.
    await page.waitForFunction(() => {
      const frame = document.querySelector<HTMLIFrameElement>("#contribution-frame");
      return frame?.contentDocument?.querySelector("#probe-result[data-done]")?.textContent?.includes("bsc");
    });
    const result = await probeResult(page);
    expect(result.user).toMatchObject({ id: BSC_ASSURER.id, name: BSC_ASSURER.uniqueName });
    expect(result.token).toBe("sandbox-pat-bsc");
    expect(new URL(page.url()).searchParams.get("user")).toBe("bsc");
  });

  it("applies the dark theme's variables, in the handshake and live", async () => {
    await page.getByLabel("Theme").selectOption("dark");
    const frame = await probeFrame(page);
    await frame.waitForFunction(() => document.body.dataset.themeBackground === "rgba(30, 30, 30, 1)");
    expect(new URL(page.url()).searchParams.get("theme")).toBe("dark");

    await page.goto(url({ user: "rec", theme: "dark" }));
    const result = await probeResult(page);
    expect(result.themeBackground).toBe("rgba(30, 30, 30, 1)");
    expect(result.token).toBe("sandbox-pat-rec");
    const frameAgain = await probeFrame(page);
    const background = await frameAgain.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe("rgb(30, 30, 30)");
    await page.screenshot({ path: screenshotPath("host-probe-dark") });
  });
});

describe("load failures", () => {
  let page: Page;
  afterAll(async () => page?.close());

  it("shows a page's notifyLoadFailed in the host", async () => {
    page = await browser.newPage();
    await page.goto(url({ query: { fail: "1" } }));
    await page.waitForSelector('#host-status[data-state="failed"]');
    await expect(page.locator("#host-messages").innerText()).resolves.toContain("asked to fail by ?fail=");
  });

  it("says so when the URL names no contribution", async () => {
    await page.goto(
      formatHostUrl(hosted.hostUrl, { page: "nope", user: "tester", theme: "light", query: {}, hash: "" }),
    );
    await page.waitForSelector('#host-status[data-state="failed"]');
    await expect(page.locator("#host-messages").innerText()).resolves.toContain('no contribution "nope"');
    expect(await page.locator("#contribution-frame").count()).toBe(0);
  });
});

describe("serving /_host", () => {
  it("serves the host page, its config and the pages with their content types", async () => {
    const base = hosted.hostUrl;
    const html = await fetch(base);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await html.text()).toContain("host.js");
    const js = await fetch(`${base}web/host.js`);
    expect(js.headers.get("content-type")).toMatch(/^text\/javascript/);
    const config = (await (await fetch(`${base}config.json`)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({ orgUrl: hosted.sandbox.orgUrl, project: { name: "MHHS QT" } });
    expect((config.identities as { key: string; token: string }[]).map((i) => [i.key, i.token])).toEqual([
      ["tester", "sandbox-pat"],
      ["bsc", "sandbox-pat-bsc"],
      ["rec", "sandbox-pat-rec"],
      ["participant", "sandbox-pat-tester"],
    ]);
    expect((await fetch(`${base}web/missing.js`)).status).toBe(404);
    // Not authenticated, and not in the request log.
    expect(hosted.sandbox.env.log.list().some((e) => e.url.startsWith("/_host"))).toBe(false);
  });

  it("refuses path traversal out of the web root", async () => {
    const base = hosted.hostUrl;
    for (const path of [
      "/_host/web/../../package.json",
      "/_host/web/..%2f..%2fpackage.json",
      "/_host/web/%2e%2e/%2e%2e/package.json",
      "/_host/web/..%5c..%5cpackage.json",
    ]) {
      const answer = await rawGet(base, path);
      expect([path, answer.status]).toEqual([path, 403]);
      expect(answer.body).not.toContain('"name": "qt-assurance"');
    }
    // fetch normalises `..` away: whatever it reaches, it is not the file.
    const viaFetch = await fetch(`${base}web/..%2f..%2fpackage.json`);
    expect(viaFetch.status).toBe(403);
  });

  it("says to run npm run build when the web root has no host page", async () => {
    const empty = mkdtempSync(join(tmpdir(), "qt-host-empty-"));
    try {
      await expect(startHostedSandbox({ webRoot: empty })).rejects.toThrow(/run npm run build/);
      // A sandbox started anyway over an empty web root answers with the same advice.
      const { startSandbox } = await import("../../sandbox/server");
      const sandbox = await startSandbox({ state: hosted.programme.state, routes: [], webRoot: empty });
      try {
        const answer = await fetch(`${sandbox.url}/_host/`);
        expect(answer.status).toBe(503);
        expect(answer.headers.get("content-type")).toMatch(/^text\/html/);
        expect(await answer.text()).toContain("npm run build");
      } finally {
        await sandbox.close();
      }
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("startLocalHost", () => {
  let local: LocalHost;
  afterAll(async () => local?.close());

  it("serves dist/web with the sample settings saved, and builds page URLs", async () => {
    local = await startLocalHost({ scale: 0.05 });
    expect(local.hostUrl).toBe(`${local.sandbox.url}/_host/`);
    expect(local.orgUrl).toBe(local.sandbox.orgUrl);
    const pageUrl = new URL(
      local.pageUrl("qt-hub", { user: "bsc", theme: "dark", query: { participant: "HOLL-X" }, hash: "tab=e1" }),
    );
    expect(Object.fromEntries(pageUrl.searchParams)).toEqual({
      page: "qt-hub",
      user: "bsc",
      theme: "dark",
      participant: "HOLL-X",
    });
    expect(pageUrl.hash).toBe("#tab=e1");
    expect((await fetch(local.hostUrl)).status).toBe(200);
    const config = (await (await fetch(`${local.hostUrl}config.json`)).json()) as { contributions: { id: string }[] };
    expect(config.contributions.map((c) => c.id)).toEqual(CONTRIBUTIONS.map((c) => c.id));
    const settings = await fetch(
      `${local.orgUrl}/_apis/ExtensionManagement/InstalledExtensions/qt-assurance/qt-assurance/Data/Scopes/Default/Current/Collections/qt-settings/Documents/settings?api-version=7.1-preview.1`,
      { headers: { authorization: "Bearer sandbox-pat" } },
    );
    expect(settings.status).toBe(200);
    expect(((await settings.json()) as { settings: { registry: unknown[] } }).settings.registry).toHaveLength(28);
  });
});
