/**
 * The Chromium that `npm ci` brings (inside the @sparticuz/chromium package) runs the product: the browser tests fall
 * back to it on a machine with no Chromium installed, so this proves that fallback wherever the tests run, even on a
 * machine that has its own Chromium (which the other browser tests then prefer).
 */
import { Browser } from "playwright-core";
import { launchBrowser, resolveChromium, screenshotPath } from "./support/browser";
import { LocalHost, startLocalHost } from "./support/local-host";

jest.setTimeout(180_000);

describe("the Chromium from the npm registry", () => {
  let host: LocalHost;
  let browser: Browser;

  beforeAll(async () => {
    host = await startLocalHost();
    browser = await launchBrowser({ prefer: "package" });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it("is unpacked from the package, not taken from the machine", async () => {
    const found = await resolveChromium({ prefer: "package" });
    expect(found.source).toBe("@sparticuz/chromium");
    expect(found.executablePath).not.toMatch(/^\/usr\//);
  });

  it("shows the QT Assurance hub through the local extension host", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(host.pageUrl("qt-hub", { user: "bsc" }));
    const frame = page.frameLocator("#contribution-frame");
    await frame.locator(".qt-portfolio-footnote").filter({ hasText: "Showing 28 of 28 participant-roles" }).waitFor({
      timeout: 90_000,
    });
    await page.screenshot({ path: screenshotPath("packaged-chromium-qt-hub") });
    expect(errors).toEqual([]);
  });
});
