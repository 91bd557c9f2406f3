/**
 * The shared setup of the browser tests: the local extension host (local-host.ts) and Chromium (browser.ts), started
 * before the tests of the enclosing file or `describe` block and closed after them.
 */
import { Browser } from "playwright-core";
import { launchBrowser } from "./browser";
import { LocalHost, startLocalHost } from "./local-host";

export interface HostAndBrowser {
  /** The local host; read it inside a test or hook, once `beforeAll` has run. */
  readonly host: LocalHost;
  /** Chromium; read it inside a test or hook, once `beforeAll` has run. */
  readonly browser: Browser;
}

/**
 * Registers `beforeAll` (start the local host, then launch Chromium; with `setupTimeout` ms if given) and `afterAll`
 * (close both) in the current scope, and answers their handles.
 */
export function useHostAndBrowser(
  setupTimeout?: number,
  hostOptions: Parameters<typeof startLocalHost>[0] = {},
): HostAndBrowser {
  let host: LocalHost | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    host = await startLocalHost(hostOptions);
    browser = await launchBrowser();
  }, setupTimeout);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });
  return {
    get host(): LocalHost {
      if (!host) throw new Error("The local host is not started: read it inside a test or hook.");
      return host;
    },
    get browser(): Browser {
      if (!browser) throw new Error("The browser is not launched: read it inside a test or hook.");
      return browser;
    },
  };
}
