/**
 * Sandbox benchmark (prints figures; not a test): `npm run bench:sandbox`.
 *  1. time to generate the sample programme and load it into a running sandbox, at scale 1 and at the scale that
 *     gives ~100k test points (its defects are ~20k: the heavy participant-role's 20,100 plus the ordinary ones);
 *  2. requests per second for a GET TestPoint page of 200, over keep-alive loopback HTTP from this process
 *     (client and server share the machine, so the figure is a floor).
 *   node dist/test/bench/sandbox-bench.js [--seconds 5] [--concurrency 8]
 */
import { Agent, request } from "node:http";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { controlRoutes } from "../../sandbox/control";
import { Programme, generateProgramme } from "../../sandbox/generator";
import { SAMPLE_PAT } from "../../sandbox/generator/tokens";
import { ALL_ROUTES } from "../../sandbox/routes";
import { RunningSandbox, startSandbox } from "../../sandbox/server";
import { TestPlan } from "../../sandbox/state";

const TARGET_POINTS = 100_000;
const AUTH = `Basic ${Buffer.from(`:${SAMPLE_PAT}`).toString("base64")}`;

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "5" }, concurrency: { type: "string", default: "8" } },
});
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);

const n = (x: number) => Math.round(x).toLocaleString("en-GB");
const ms = (x: number) => `${x.toFixed(0)} ms`;

interface Loaded {
  programme: Programme;
  sandbox: RunningSandbox;
  generateMs: number;
  startMs: number;
  firstPageMs: number;
}

function get(agent: Agent, url: string): Promise<{ status: number; body: string; continuation?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { agent, headers: { authorization: AUTH, accept: "application/json;api-version=7.1" } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const continuation = res.headers["x-ms-continuationtoken"];
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            continuation: typeof continuation === "string" ? continuation : undefined,
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** The largest plan, and its largest suite: the pages the benchmark asks for. */
function largest(programme: Programme): { plan: TestPlan; suiteId: number } {
  const project = programme.state.projects[0];
  let best: { plan: TestPlan; suiteId: number; size: number } | undefined;
  for (const [suiteId, points] of project.pointsBySuite) {
    const plan = project.plans.get(project.suites.get(suiteId)?.planId ?? 0);
    if (plan && (!best || points.length > best.size)) best = { plan, suiteId, size: points.length };
  }
  if (!best) throw new Error("the programme has no points");
  return best;
}

function pointsUrl(
  sandbox: RunningSandbox,
  programme: Programme,
  plan: TestPlan,
  suiteId: number,
  recursive: boolean,
): string {
  const project = encodeURIComponent(programme.state.projects[0].name);
  const query = recursive ? "isRecursive=true&api-version=7.1" : "api-version=7.1";
  return `${sandbox.orgUrl}/${project}/_apis/testplan/Plans/${plan.id}/Suites/${suiteId}/TestPoint?${query}`;
}

async function load(seed: number, scale: number, agent: Agent): Promise<Loaded> {
  const t0 = performance.now();
  const programme = generateProgramme({ seed, scale });
  const t1 = performance.now();
  const sandbox = await startSandbox({
    state: programme.state,
    routes: ALL_ROUTES,
    controlRoutes: [controlRoutes({ initial: { seed, scale }, programme })],
  });
  const t2 = performance.now();
  const { plan, suiteId } = largest(programme);
  const first = await get(agent, pointsUrl(sandbox, programme, plan, suiteId, false));
  const t3 = performance.now();
  if (first.status !== 200)
    process.stdout.write(`  (first points page answered ${first.status}: ${first.body.slice(0, 120)})\n`);
  return { programme, sandbox, generateMs: t1 - t0, startMs: t2 - t1, firstPageMs: t3 - t2 };
}

function report(label: string, loaded: Loaded): void {
  const t = loaded.programme.summary.totals;
  process.stdout.write(
    `${label.padEnd(22)} ${n(t.points).padStart(8)} points  ${n(t.defects).padStart(7)} defects  ${n(t.workItems).padStart(7)} work items` +
      `  generate ${ms(loaded.generateMs).padStart(7)}  start ${ms(loaded.startMs).padStart(6)}  first page ${ms(loaded.firstPageMs).padStart(6)}\n`,
  );
}

async function throughput(label: string, agent: Agent, url: string): Promise<void> {
  const probe = await get(agent, url);
  if (probe.status !== 200) {
    process.stdout.write(`${label}: answered ${probe.status} (${probe.body.slice(0, 100)}); skipped\n`);
    return;
  }
  const parsed = JSON.parse(probe.body) as { count?: number; value?: unknown[] } | unknown[];
  const size = Array.isArray(parsed) ? parsed.length : (parsed.value?.length ?? 0);
  for (let i = 0; i < 200; i++) await get(agent, url); // warm-up
  const latencies: number[] = [];
  let failures = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      const res = await get(agent, url);
      latencies.push(performance.now() - t);
      if (res.status !== 200) failures++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
  process.stdout.write(
    `${label}: ${size} points per page${probe.continuation ? " (+ continuation token)" : ""}; ${n(latencies.length / elapsed)} requests/s ` +
      `over ${elapsed.toFixed(1)} s, concurrency ${CONCURRENCY}; latency p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, p99 ${pct(0.99)} ms` +
      `${failures ? `; ${failures} failed` : ""}\n`,
  );
}

async function main(): Promise<void> {
  process.stdout.write(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}\n\n`);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

  process.stdout.write(
    "Generate and load (seed 1; generate = in-memory programme, start = server listening, first page = first TestPoint page served)\n",
  );
  const small = await load(1, 1, agent);
  report("scale 1", small);
  const scale = Math.round((TARGET_POINTS / small.programme.summary.totals.points) * 10) / 10;
  await small.sandbox.close();
  const again = await load(1, 1, agent);
  report("scale 1 (warm)", again);
  await again.sandbox.close();
  const big = await load(1, scale, agent);
  report(`scale ${scale} (benchmark)`, big);
  process.stdout.write(
    `  → scale ${scale} gives ~100k test points / ~${n(Math.round(big.programme.summary.totals.defects / 1000) * 1000)} defects\n\n`,
  );

  const { plan, suiteId } = largest(big.programme);
  const suitePoints = big.programme.state.projects[0].pointsBySuite.get(suiteId)?.length ?? 0;
  process.stdout.write(`Throughput at scale ${scale}: plan ${plan.id} "${plan.name}", loopback keep-alive HTTP\n`);
  await throughput(
    `GET TestPoint, suite ${suiteId} (${n(suitePoints)} points), first page`,
    agent,
    pointsUrl(big.sandbox, big.programme, plan, suiteId, false),
  );
  await throughput(
    `GET TestPoint, plan root suite ${plan.rootSuiteId} isRecursive, first page`,
    agent,
    pointsUrl(big.sandbox, big.programme, plan, plan.rootSuiteId, true),
  );
  agent.destroy();
  await big.sandbox.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
