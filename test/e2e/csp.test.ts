/**
 * The pages' Content-Security-Policy (issue 17): every shipped page declares `script-src 'self'`, no shipped bundle
 * compiles code at run time (`new Function`, `eval`), and the hubs and widgets run under that policy in Chromium
 * without a single violation. Needs the built pages (`npm run build`).
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Page } from "playwright-core";
import { DIST_WEB } from "./support/local-host";
import { useHostAndBrowser } from "./support/pages";

jest.setTimeout(180_000);

const SHIPPED = readdirSync(DIST_WEB)
  .filter((f) => f.endsWith(".html") && f !== "host.html")
  .map((f) => f.replace(/\.html$/, ""));

describe("the pages' Content-Security-Policy", () => {
  it.each(SHIPPED)("%s declares script-src 'self' and compiles no code at run time", (page) => {
    const html = readFileSync(join(DIST_WEB, `${page}.html`), "utf8");
    // The production build minifies the page, unquoting attributes where it can.
    const csp = /http-equiv="?Content-Security-Policy"? content="([^"]+)"/.exec(html)?.[1] ?? "";
    expect(csp.split("; ")).toEqual(expect.arrayContaining(["script-src 'self'", "object-src 'none'"]));
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]/); // no inline script
    // Every script the page loads: its own bundle and any chunk the widget pages share.
    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="?([\w.-]+\.js)/g)].map((m) => m[1]);
    expect(scripts).toContain(`${page}.js`);
    for (const script of scripts) {
      const js = readFileSync(join(DIST_WEB, script), "utf8");
      expect(js.match(/new Function\(|[^.\w]eval\(/g) ?? []).toEqual([]);
    }
  });

  describe("in Chromium", () => {
    const session = useHostAndBrowser();

    /** Opens a page of the local host and answers the CSP violations its frames reported. */
    async function violationsOf(page: Page, url: string, ready: () => Promise<unknown>): Promise<string[]> {
      const seen: string[] = [];
      page.on("console", (m) => {
        if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
      });
      await page.goto(url);
      await ready();
      await page.waitForTimeout(500);
      return seen;
    }

    it("runs the hubs and the widgets without a violation", async () => {
      const page = await session.browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const frame = page.frameLocator("#contribution-frame");
      expect(
        await violationsOf(page, session.host.pageUrl("qt-hub", { user: "bsc" }), () =>
          frame.locator(".qt-pr-key").first().waitFor({ timeout: 90_000 }),
        ),
      ).toEqual([]);
      expect(
        await violationsOf(page, session.host.pageUrl("settings-hub", { user: "bsc" }), () =>
          frame.getByRole("tab").first().waitFor({ timeout: 60_000 }),
        ),
      ).toEqual([]);
      expect(
        await violationsOf(page, session.host.pageUrl("dashboard", { user: "bsc" }), () =>
          page.locator("iframe").first().waitFor({ timeout: 60_000 }),
        ),
      ).toEqual([]);
      await page.close();
    });
  });
});
