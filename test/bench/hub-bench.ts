/**
 * Hub benchmark (prints figures; not a test): `npm run bench:hub`.
 *
 * The built QT Assurance hub (dist/web, production) in headless Chromium through the local extension host, over
 * a sample programme of --participant-roles (200) at --scale (1), at each of --latencies (0,50) ms added to every
 * request. The sandbox runs in its own process (dist/sandbox/main.js, as `npm start` runs it), so its work does not
 * slow the page or the measurement. Printed per latency:
 *   - first rows: from navigation to the first participant-role's row on screen;
 *   - whole portfolio: to every row read and assessed;
 *   - requests the hub made, and the bound ceil(requests / in flight) × latency, with the ratio to it;
 *   - CPU the sandbox used, and how long the page's main thread was busy (the hub's own work, rendering included).
 *
 *   node dist/test/bench/hub-bench.js [--participant-roles 200] [--scale 1] [--latencies 0,50]
 */
import { ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launchBrowser } from "../e2e/support/browser";
import { unusedLoopbackPort } from "../support/ports";

const { values } = parseArgs({
  options: {
    "participant-roles": { type: "string", default: "200" },
    scale: { type: "string", default: "1" },
    latencies: { type: "string", default: "0,50" },
  },
});
const ROLES = Number(values["participant-roles"]);
const SCALE = Number(values.scale);
const SANDBOX_MAIN = join(__dirname, "..", "..", "sandbox", "main.js");
/**
 * Requests on the wire at once: the hub keeps HUB_CONCURRENCY (8, src/ui/hub-data.ts) in flight, but Chromium opens
 * at most 6 connections to one HTTP/1.1 origin such as the sandbox. Azure DevOps answers over HTTP/2, where that
 * limit does not apply; the bound at 8 is printed too.
 */
const IN_FLIGHT = 6;
const IN_FLIGHT_HTTP2 = 8;

async function startSandboxProcess(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [SANDBOX_MAIN, "--port", String(port), "--participant-roles", String(ROLES), "--scale", String(SCALE)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Press Ctrl-C to stop.")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the sandbox exited (${code}) before it was ready:\n${out}`)));
  });
  return child;
}

async function control(port: number, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}/_sandbox/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} /_sandbox/${path}: HTTP ${response.status}`);
  return response.json();
}

/** CPU seconds (user + system) a process has used so far, from /proc; undefined where there is no /proc. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name), in clock ticks.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

async function measure(port: number, latencyMs: number, sandboxPid: number | undefined): Promise<void> {
  await control(port, "PUT", "faults", { latencyMs });
  await control(port, "DELETE", "log");
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // Resource Timing keeps 250 entries unless asked for more; the hub makes hundreds of requests.
    await page.addInitScript(() => performance.setResourceTimingBufferSize(100_000));
    const url = `http://127.0.0.1:${port}/_host/?page=qt-hub&user=bsc&theme=light`;
    // The page's renderer main thread (the hub's frame shares it: same origin), busy time from the DevTools protocol.
    const devtools = await page.context().newCDPSession(page);
    await devtools.send("Performance.enable");
    const sandboxCpuBefore = cpuSeconds(sandboxPid);
    const started = performance.now();
    await page.goto(url);
    const frame = page.frameLocator("#contribution-frame");
    await frame.locator(".qt-portfolio-table .bolt-table-row").first().waitFor({ timeout: 600_000 });
    const first = performance.now() - started;
    const footnote = frame.locator(".qt-portfolio-footnote");
    await footnote.filter({ hasText: `Showing ${ROLES} of ${ROLES} participant-roles` }).waitFor({ timeout: 600_000 });
    const whole = performance.now() - started;
    const sandboxCpu = (cpuSeconds(sandboxPid) ?? NaN) - (sandboxCpuBefore ?? NaN);
    const { metrics } = await devtools.send("Performance.getMetrics");
    const mainThread = metrics.find((m) => m.name === "TaskDuration")?.value ?? NaN;
    const requests = ((await control(port, "GET", "log")) as { count: number }).count;
    const timing = await requestTiming(page);
    const bound = Math.ceil(requests / IN_FLIGHT) * latencyMs;
    const ratio = bound > 0 ? `${(whole / bound).toFixed(2)}x` : "n/a";
    const bound8 = Math.ceil(requests / IN_FLIGHT_HTTP2) * latencyMs;
    console.log(
      `  ${String(latencyMs).padStart(4)} ms | ${(first / 1000).toFixed(1).padStart(8)} s | ${(whole / 1000).toFixed(1).padStart(10)} s | ${String(requests).padStart(8)} | ${(bound / 1000).toFixed(1).padStart(6)} s | ${ratio.padStart(6)} | ${Number.isNaN(sandboxCpu) ? "  n/a" : `${sandboxCpu.toFixed(1)} s`.padStart(11)} | ${mainThread.toFixed(1)} s`,
    );
    if (bound8 > 0)
      console.log(
        `           at ${IN_FLIGHT_HTTP2} in flight (HTTP/2): bound ${(bound8 / 1000).toFixed(1)} s, ratio ${(whole / bound8).toFixed(2)}x`,
      );
    console.log(
      `           each request, as the page saw it: median ${timing.median.toFixed(0)} ms, ${timing.inFlight.toFixed(1)} in flight on average; ` +
        `ceil(requests / ${IN_FLIGHT}) × that median = ${((Math.ceil(requests / IN_FLIGHT) * timing.median) / 1000).toFixed(1)} s`,
    );
  } finally {
    await browser.close();
  }
}

/** From the hub frame's Resource Timing: the median request's duration and the mean number of requests in flight. */
async function requestTiming(page: Page): Promise<{ median: number; inFlight: number }> {
  const frame = page.frames().find((f) => f.url().includes("/qt-hub.html"));
  const spans = frame
    ? await frame.evaluate(() =>
        performance
          .getEntriesByType("resource")
          .filter((e) => e.name.includes("/_apis/"))
          .map((e) => [e.startTime, (e as PerformanceResourceTiming).responseEnd]),
      )
    : [];
  if (spans.length === 0) return { median: NaN, inFlight: NaN };
  const durations = spans.map(([start, end]) => end - start).sort((a, b) => a - b);
  const busy = durations.reduce((sum, d) => sum + d, 0);
  const span = Math.max(...spans.map(([, end]) => end)) - Math.min(...spans.map(([start]) => start));
  return { median: durations[durations.length >> 1], inFlight: busy / span };
}

async function main(): Promise<void> {
  console.log(
    `hub benchmark: ${ROLES} participant-roles at scale ${SCALE}, production bundle, headless Chromium, the sandbox in its own process`,
  );
  console.log(`  bound = ceil(requests / ${IN_FLIGHT} in flight) × latency (the hub's limit; see IN_FLIGHT)`);
  console.log(
    "  latency | first rows | whole portfolio | requests |  bound |  ratio | sandbox CPU | page main thread busy",
  );
  const port = await unusedLoopbackPort();
  const sandbox = await startSandboxProcess(port);
  try {
    for (const latency of values.latencies.split(",").map(Number)) await measure(port, latency, sandbox.pid);
  } finally {
    sandbox.kill("SIGTERM");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
