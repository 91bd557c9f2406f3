/**
 * Debian's Chromium driven by playwright-core, for the browser tests. Headless, with the flags a container needs
 * (no user namespaces for the sandbox, a small /dev/shm). CHROMIUM_PATH overrides where it is.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { Browser, chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Where screenshots go: kept as test artifacts (ignored by git). */
export const SCREENSHOTS = join(__dirname, "..", "..", "..", "test-results", "screenshots");

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is not at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  });
}

/** A screenshot path under test-results/screenshots, creating the folder. */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}
