/**
 * Headless Chromium driven by playwright-core, for the browser tests: CHROMIUM_PATH, else the machine's Chromium,
 * else the one inside the @sparticuz/chromium npm package (scripts/chromium.js), so `npm ci && npm test` needs no
 * browser installed beforehand.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Browser } from "playwright-core";
import { launchChromium } from "../../../scripts/chromium";

/** Where screenshots go: kept as test artifacts (ignored by git). */
export const SCREENSHOTS = join(__dirname, "..", "..", "..", "test-results", "screenshots");

export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

/** A screenshot path under test-results/screenshots, creating the folder. */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}
