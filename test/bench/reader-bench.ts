/**
 * Reader benchmark (prints figures; not a test): `npm run bench:reader`.
 *
 * Against the sandbox in-process, through the real node port (src/ado/node-port.ts) and the real resilient caller
 * (src/ado/resilience.ts), with 0, 50 and 100 ms injected latency per request:
 *  1. one participant-role of ~2,000 points and ~300 defects (the sample programme at --single-scale, the
 *     registry entry closest to that size, named in the output);
 *  2. a portfolio: every participant-role of the sample programme with --portfolio-roles (200) participant-roles
 *     at --portfolio-scale (2.65: ~100k points, ~22k defects).
 * For each: requests made vs the minimum (minimumRequests), wall time vs the bound
 * ceil(requests / concurrency) x latency, and vs the same read at concurrency 1 (sequential).
 * The sandbox runs in a worker thread (driven through its control API), so serving and reading do not share one
 * thread, and with its read cache on (filled by a first, cold read that is shown but not used), so the wall times
 * measure the reader, not the emulator evaluating WIQL and writing JSON (~8 ms of its CPU per request otherwise). Requests are counted from the sandbox's
 * log without node-api's route discovery (OPTIONS, ResourceAreas), which happens once per client and is warmed
 * up before measuring.
 *
 *   node dist/test/bench/reader-bench.js [--concurrency 8] [--latencies 0,50,100] [--single-scale 6]
 *                                         [--portfolio-scale 2.65] [--portfolio-roles 200] [--no-sequential]
 */
import { parseArgs } from "node:util";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { controlRoutes } from "../../sandbox/control";
import { checksFor, flattenAreaTree } from "../../src/ado/area-access";
import { createNodePort } from "../../src/ado/node-port";
import { AdoPort } from "../../src/ado/port";
import { ReadShape, minimumRequests, readPortfolio } from "../../src/ado/reader";
import { createResilientCaller } from "../../src/ado/resilience";
import { RegistryEntry, registryKey } from "../../src/core/settings";
import { Programme, ProgrammeOptions, generateProgramme } from "../../sandbox/generator";
import { SAMPLE_PAT } from "../../sandbox/generator/tokens";
import { ALL_ROUTES } from "../../sandbox/routes";
import { LoggedRequest } from "../../sandbox/request-log";
import { startSandbox } from "../../sandbox/server";

const { values } = parseArgs({
  options: {
    concurrency: { type: "string", default: "8" },
    latencies: { type: "string", default: "0,50,100" },
    "single-scale": { type: "string", default: "6" },
    "portfolio-scale": { type: "string", default: "2.65" },
    "portfolio-roles": { type: "string", default: "200" },
    "no-sequential": { type: "boolean", default: false },
  },
});
const CONCURRENCY = Number(values.concurrency);
const LATENCIES = values.latencies.split(",").map(Number);
const SEQUENTIAL = !values["no-sequential"];

const n = (x: number) => Math.round(x).toLocaleString("en-GB");
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The sandbox, in a worker thread, driven through its control API. */
interface RemoteSandbox {
  url: string;
  setLatency(ms: number): Promise<void>;
  clearLog(): Promise<void>;
  log(): Promise<LoggedRequest[]>;
  close(): Promise<void>;
}

interface Served {
  programme: Programme;
  sandbox: RemoteSandbox;
  port: AdoPort;
  project: string;
}

/** In the worker: serve the programme and post the URLs back. */
async function serveInWorker(initial: ProgrammeOptions): Promise<void> {
  const programme = generateProgramme(initial);
  const sandbox = await startSandbox({
    state: programme.state,
    cacheReads: true,
    routes: ALL_ROUTES,
    controlRoutes: [controlRoutes({ initial, programme })],
  });
  parentPort?.postMessage({ url: sandbox.url, orgUrl: sandbox.orgUrl });
  parentPort?.on("message", (message: unknown) => {
    if (message === "close") void sandbox.close().then(() => process.exit(0));
  });
}

async function control(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}/_sandbox/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox control ${method} ${path}: ${res.status}`);
  return res.json();
}

async function serve(options: ProgrammeOptions): Promise<Served> {
  const worker = new Worker(__filename, { workerData: options });
  const ready = new Promise<{ url: string; orgUrl: string }>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  // The same options give the same programme, byte for byte: generated here too, for the expected counts.
  const programme = generateProgramme(options);
  const { url, orgUrl } = await ready;
  const sandbox: RemoteSandbox = {
    url,
    setLatency: async (latencyMs) => void (await control(url, "PUT", "faults", { latencyMs })),
    clearLog: async () => void (await control(url, "DELETE", "log")),
    log: async () => {
      const answer = (await control(url, "GET", "log")) as { value?: LoggedRequest[] } | LoggedRequest[];
      return Array.isArray(answer) ? answer : (answer.value ?? []);
    },
    close: async () => {
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.postMessage("close");
      await exited;
    },
  };
  const port = createNodePort({ orgUrl, token: SAMPLE_PAT });
  return { programme, sandbox, port, project: programme.state.projects[0].name };
}

function shapeOf(s: Served, entry: RegistryEntry): ReadShape {
  const project = s.programme.state.projects[0];
  const pointsOf = (planId: number) =>
    [...project.suites.values()]
      .filter((x) => x.planId === planId)
      .reduce((sum, x) => sum + (project.pointsBySuite.get(x.id)?.length ?? 0), 0);
  const areas = (entry.defectScope.areaPaths ?? []).map((a) => a.toLowerCase());
  let defects = 0;
  for (const w of s.programme.state.workItems.values()) {
    if (w.fields["System.WorkItemType"] !== "Bug") continue;
    const path = String(w.fields["System.AreaPath"]).toLowerCase();
    if (areas.some((a) => path === a || path.startsWith(`${a}\\`))) defects++;
  }
  return { pointsPerSuite: entry.testPlans.map((p) => pointsOf(p.planId)), defects };
}

const isDiscovery = (e: { method: string; url: string }) =>
  e.method === "OPTIONS" || /\/_apis\/(resourceareas|location|connectiondata)\b/i.test(e.url);

interface Measured {
  requests: number;
  ms: number;
  points: number;
  defects: number;
  retries: number;
}

async function measure(s: Served, entries: RegistryEntry[], latencyMs: number, concurrency: number): Promise<Measured> {
  await s.sandbox.setLatency(latencyMs);
  await s.sandbox.clearLog();
  const caller = createResilientCaller({ concurrency });
  const started = performance.now();
  const facts = await readPortfolio(entries, s.programme.settings, {
    port: s.port,
    project: s.project,
    call: (op, fn) => caller.call(op, fn),
  });
  const ms = performance.now() - started;
  const incomplete = facts.filter((f) => !f.completeness.points.complete || !f.completeness.defects.complete);
  if (incomplete.length > 0) throw new Error(`incomplete read: ${incomplete.map((f) => f.participantRole).join(", ")}`);
  return {
    requests: (await s.sandbox.log()).filter((e) => !isDiscovery(e)).length,
    ms,
    points: facts.reduce((sum, f) => sum + f.points.length, 0),
    defects: facts.reduce((sum, f) => sum + f.defects.length, 0),
    retries: caller.stats().retries,
  };
}

async function scenario(title: string, s: Served, entries: RegistryEntry[]): Promise<void> {
  const shapes = entries.map((e) => shapeOf(s, e));
  // The longest chain of requests that depend on each other (a continuation token, the next id partition): no
  // concurrency shortens it. Plan list then a suite's pages; or WIQL partitions then their last batch.
  const chain = Math.max(
    1,
    ...shapes.flatMap((x) => x.pointsPerSuite.map((p) => 1 + Math.max(1, Math.ceil(p / 200)))),
    ...shapes.map((x) => Math.floor((x.defects ?? 0) / 19_999) + 2),
  );
  const minimum = minimumRequests({
    participantRoles: shapes,
    plansInProject: entries.some((e) => e.testPlans.some((p) => !p.suiteIds?.length))
      ? s.programme.state.projects[0].plans.size
      : undefined,
    workItemTypes: s.programme.settings.defects.workItemTypes.length,
    areaNodes: checksFor(flattenAreaTree(s.programme.state.projects[0].areas), s.programme.settings.registry).length,
  });
  // Warm-up: node-api route discovery, the JIT and the emulator's answer cache. Shown, but not used as a figure.
  const cold = await measure(s, entries, 0, CONCURRENCY);
  console.log(`\n${title}`);
  console.log(
    `  longest dependent chain ${chain} requests; minimum ${n(minimum.total)} requests = plan list ${minimum.planPages} + point pages ${n(minimum.pointPages)} + WIQL ${minimum.wiqlQueries} + batches ${n(minimum.workItemBatches)} + metadata ${minimum.metadata} + area checks ${minimum.areaChecks} (the tree, and the permission evaluations)`,
  );
  console.log(
    "  latency | points / defects  | requests (vs min) | wall @c" +
      `${CONCURRENCY}`.padEnd(3) +
      "| bound ceil(r/c)×lat | ratio | floor | ratio | sequential (c1) | speed-up",
  );
  console.log(
    "  (floor = the largest of the bound, the dependent chain × latency and this read's wall time at 0 ms: the CPU it needs)",
  );
  console.log(
    `  cold: ${secs(cold.ms)} at 0 ms with the emulator building every answer (${n(cold.requests)} requests); ` +
      "below, the emulator answers from its read cache, so the figures are the reader's",
  );
  let cpuMs = 0;
  for (const latency of LATENCIES) {
    const m = await measure(s, entries, latency, CONCURRENCY);
    if (latency === 0) cpuMs = m.ms;
    const bound = Math.ceil(m.requests / CONCURRENCY) * latency;
    const floor = Math.max(bound, chain * latency, cpuMs);
    const seq = SEQUENTIAL ? await measure(s, entries, latency, 1) : undefined;
    const over = ((m.requests / minimum.total - 1) * 100).toFixed(1);
    console.log(
      [
        `  ${String(latency).padStart(4)} ms`,
        `${n(m.points)} / ${n(m.defects)}`.padEnd(17),
        `${n(m.requests)} (+${over}%)${m.retries ? ` ${m.retries} retries` : ""}`.padEnd(17),
        secs(m.ms).padEnd(9),
        (latency > 0 ? secs(bound) : "n/a").padEnd(19),
        (latency > 0 ? `${(m.ms / bound).toFixed(2)}x` : "n/a").padEnd(5),
        (latency > 0 ? secs(floor) : "n/a").padEnd(5),
        (latency > 0 ? `${(m.ms / floor).toFixed(2)}x` : "n/a").padEnd(5),
        (seq ? secs(seq.ms) : "skipped").padEnd(15),
        seq ? `${(seq.ms / m.ms).toFixed(1)}x` : "",
      ].join(" | "),
    );
  }
}

async function main(): Promise<void> {
  console.log(`reader benchmark: concurrency ${CONCURRENCY}, latencies ${LATENCIES.join(", ")} ms`);

  const single = await serve({ seed: 1, scale: Number(values["single-scale"]) });
  try {
    const candidates = single.programme.settings.registry
      .filter((e) => e.testPlans.length > 0)
      .map((e) => ({ e, shape: shapeOf(single, e) }))
      .filter((c) => (c.shape.defects ?? 0) < 20_000);
    const score = (c: (typeof candidates)[number]) =>
      Math.abs(c.shape.pointsPerSuite.reduce((a, b) => a + b, 0) / 2000 - 1) +
      Math.abs((c.shape.defects ?? 0) / 300 - 1);
    candidates.sort((a, b) => score(a) - score(b));
    const pick = candidates[0];
    await scenario(
      `one participant-role: ${registryKey(pick.e)} at scale ${values["single-scale"]} ` +
        `(${n(pick.shape.pointsPerSuite.reduce((a, b) => a + b, 0))} points, ${n(pick.shape.defects ?? 0)} defects)`,
      single,
      [pick.e],
    );
  } finally {
    await single.sandbox.close();
  }

  const portfolio = await serve({
    seed: 1,
    scale: Number(values["portfolio-scale"]),
    participantRoles: Number(values["portfolio-roles"]),
  });
  try {
    const entries = portfolio.programme.settings.registry;
    await scenario(
      `portfolio: all ${entries.length} participant-roles at scale ${values["portfolio-scale"]}`,
      portfolio,
      entries,
    );
  } finally {
    await portfolio.sandbox.close();
  }
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  void serveInWorker(workerData as ProgrammeOptions);
}
