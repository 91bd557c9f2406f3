/**
 * Headless Chromium driven by playwright-core, for the browser tests and the benchmarks: CHROMIUM_PATH, else the
 * machine's Chromium, else the one inside the @sparticuz/chromium npm package (scripts/chromium.js), so
 * `npm ci && npm test` needs no browser installed beforehand.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { Browser } from "playwright-core";
import type * as ChromiumScript from "../../../scripts/chromium";

/** The repository's root: this file runs from test/ under jest and from dist/test/ in the benchmarks. */
function repoRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir))
    if (existsSync(join(dir, "scripts", "chromium.js"))) return dir;
  throw new Error(`scripts/chromium.js was not found above ${__dirname}.`);
}

// A plain-JS script beside the sources, loaded from the root so it resolves from the compiled benchmarks too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const chromiumScript = require(join(repoRoot(), "scripts", "chromium.js")) as typeof ChromiumScript;

/** Where screenshots go: kept as test artifacts (ignored by git). */
export const SCREENSHOTS = join(repoRoot(), "test-results", "screenshots");

export function launchBrowser(options?: ChromiumScript.ChromiumOptions): Promise<Browser> {
  return chromiumScript.launchChromium(options);
}

export function resolveChromium(options?: ChromiumScript.ChromiumOptions): Promise<ChromiumScript.ResolvedChromium> {
  return chromiumScript.resolveChromium(options);
}

/** A screenshot path under test-results/screenshots, creating the folder. */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}
