/**
 * Hub benchmark (prints figures; not a test): `npm run bench:hub`.
 *
 * The built QT Assurance hub (dist/web, production) in headless Chromium through the local extension host, over
 * a sample programme of --participant-roles (200) at --scale (1): the time from navigation to a rendered
 * portfolio (every row read and assessed), at each of --latencies (0,50) ms injected per request, with the
 * requests the hub made. The sandbox runs in this process; the page in Chromium's.
 *
 *   node dist/test/bench/hub-bench.js [--participant-roles 200] [--scale 1] [--latencies 0,50]
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { startHostedSandbox } from "../../sandbox/host/hosted-sandbox";
import { formatHostUrl } from "../../sandbox/host/host-url";
import { launchBrowser } from "../e2e/support/browser";

const { values } = parseArgs({
  options: {
    "participant-roles": { type: "string", default: "200" },
    scale: { type: "string", default: "1" },
    latencies: { type: "string", default: "0,50" },
  },
});
const ROLES = Number(values["participant-roles"]);
const SCALE = Number(values.scale);
const WEB = join(__dirname, "..", "..", "..", "dist", "web");

async function measure(latencyMs: number): Promise<void> {
  const hosted = await startHostedSandbox({
    webRoot: WEB,
    programme: { seed: 1, scale: SCALE, participantRoles: ROLES },
    latencyMs,
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const url = formatHostUrl(hosted.hostUrl, { page: "qt-hub", user: "bsc", theme: "light", query: {}, hash: "" });
    hosted.sandbox.env.log.clear();
    const started = performance.now();
    await page.goto(url);
    const footnote = page.frameLocator("#contribution-frame").locator(".qt-portfolio-footnote");
    await footnote.filter({ hasText: `of ${ROLES} participant-roles` }).waitFor({ timeout: 600_000 });
    const ms = performance.now() - started;
    const requests = hosted.sandbox.env.log.list().length;
    console.log(
      `  ${String(latencyMs).padStart(4)} ms | ${(ms / 1000).toFixed(1).padStart(6)} s | ${String(requests).padStart(8)} | ${(await footnote.textContent())?.split(".")[0] ?? ""}`,
    );
  } finally {
    await browser.close();
    await hosted.close();
  }
}

async function main(): Promise<void> {
  console.log(`hub benchmark: ${ROLES} participant-roles at scale ${SCALE}, production bundle, headless Chromium`);
  console.log("  latency | to portfolio | requests | footnote");
  for (const latency of values.latencies.split(",").map(Number)) await measure(latency);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
