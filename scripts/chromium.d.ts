/** Types for scripts/chromium.js (plain Node, run without a build), for the tests and benchmarks that use it. */
import type { Browser } from "playwright-core";

export interface ChromiumOptions {
  /** "package": skip CHROMIUM_PATH and the machine's Chromium, and use the one in @sparticuz/chromium. */
  prefer?: "package";
}
export interface ResolvedChromium {
  executablePath: string;
  source: "CHROMIUM_PATH" | "machine" | "@sparticuz/chromium";
}
export const LAUNCH_ARGS: readonly string[];
export const MACHINE_CHROMIUMS: readonly string[];
export function resolveChromium(options?: ChromiumOptions): Promise<ResolvedChromium>;
export function launchChromium(options?: ChromiumOptions): Promise<Browser>;
