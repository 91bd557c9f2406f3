/**
 * Trend, forecast and traceability reads (prints figures; not a test): `npm run bench:trend`.
 *
 * Against the sandbox in-process (the sample programme, seed 1, at --scale), through the real node port and
 * resilient caller, with 0 and --latency ms injected per request:
 *  1. each participant-role's trend (readTrend: burn-up and burn-down from Analytics): requests vs the minimum
 *     (one aggregated query per chart, one more per next page), the days drawn (both charts), and wall time vs the bound
 *     (the two queries go at once: one latency);
 *  2. the portfolio's forecast column for every participant-role (readForecast): requests vs the minimum (one
 *     query for each participant-role whose live counts do not settle the forecast), wall time vs
 *     ceil(requests / concurrency) x latency;
 *  3. each participant-role's traceability matrix (readTraceLinks): requests vs minimumTraceRequests.
 * Requests are counted from the sandbox's log, without node-api's route discovery.
 *
 *   node dist/test/bench/trend-bench.js [--scale 1] [--roles 8] [--latency 50] [--concurrency 8]
 */
import { parseArgs } from "node:util";
import { ParticipantRoleRead, readAndAssess } from "../../src/ado/assessment-run";
import { createNodePort } from "../../src/ado/node-port";
import { createResilientCaller } from "../../src/ado/resilience";
import { TraceShape, minimumTraceRequests, readTraceLinks } from "../../src/ado/traceability-reader";
import { TrendSource, readForecast, readTrend } from "../../src/ado/trend-reader";
import { forecastExecution } from "../../src/core/forecast";
import { ukDate } from "../../src/core/calendar";
import { registryKey } from "../../src/core/settings";
import { generateProgramme } from "../../sandbox/generator";
import { SAMPLE_PAT } from "../../sandbox/generator/tokens";
import { ALL_ROUTES } from "../../sandbox/routes";
import { startSandbox } from "../../sandbox/server";
import { openNodeSource } from "../../src/ado/node-source";
import { DEFAULT_EXTENSION } from "../../src/cli/connection";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    roles: { type: "string", default: "8" },
    latency: { type: "string", default: "50" },
    concurrency: { type: "string", default: "8" },
  },
});
const SCALE = Number(values.scale);
const ROLES = Number(values.roles);
const LATENCY = Number(values.latency);
const CONCURRENCY = Number(values.concurrency);
const NOW = new Date("2025-06-01T12:00:00Z");
const PROJECT = "MHHS QT";

const isDiscovery = (e: { method: string; url: string }) =>
  e.method === "OPTIONS" || /\/_apis\/(resourceareas|location|connectiondata)\b/i.test(e.url);
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const programme = generateProgramme({ seed: 1, scale: SCALE, today: "2025-06-01" });
  const sandbox = await startSandbox({ state: programme.state, routes: ALL_ROUTES });
  const settings = programme.settings;
  const project = programme.state.projects[0];
  const source = () => {
    const caller = createResilientCaller({ concurrency: CONCURRENCY });
    const port = createNodePort({ orgUrl: sandbox.orgUrl, token: SAMPLE_PAT, onRateLimitDelay: caller.delayArea });
    const trendSource: TrendSource = { port, project: PROJECT, call: caller.call.bind(caller) };
    return { trendSource, caller, port };
  };
  const counted = () => sandbox.env.log.list().filter((e) => !isDiscovery(e));
  try {
    const live = openNodeSource({
      orgUrl: sandbox.orgUrl,
      project: PROJECT,
      token: SAMPLE_PAT,
      extension: { ...DEFAULT_EXTENSION },
      concurrency: CONCURRENCY,
    });
    const entries = settings.registry.filter((e) => e.route === "QT").slice(0, ROLES);
    const reads: ParticipantRoleRead[] = [];
    for (const e of entries) reads.push(await readAndAssess(live, settings, registryKey(e), () => NOW));
    console.log(
      `Sample programme seed 1, scale ${SCALE}, today 2025-06-01; ${reads.length} participant-roles; concurrency ${CONCURRENCY}.`,
    );

    for (const latency of [0, LATENCY]) {
      sandbox.env.faults.set({ latencyMs: latency });
      console.log(`\n== ${latency} ms a request ==`);
      console.log("1. Trend (burn-up and burn-down)");
      console.log("   participant-role   points  requests  minimum  days   wall      bound");
      for (const read of reads) {
        const { trendSource, port } = source();
        await port
          .getAnalytics(`${sandbox.orgUrl}/${encodeURIComponent(PROJECT)}/_odata/v4.0-preview/$metadata`)
          .catch(() => undefined); // warm the connection, not counted
        sandbox.env.log.clear();
        const started = Date.now();
        const { trend, requests } = await readTrend(trendSource, settings, read, { now: NOW });
        const wall = Date.now() - started;
        const logged = counted().length;
        const days =
          (trend.burnUp.ok ? trend.burnUp.value.days.length : 0) +
          (trend.burnDown.ok ? trend.burnDown.value.days.length : 0);
        const minimum = (trend.burnUp.ok ? 1 : 0) + (trend.burnDown.ok ? 1 : 0);
        console.log(
          `   ${read.key.padEnd(18)} ${String(read.assessment.coverage.planned).padStart(6)}  ${String(logged).padStart(8)}  ${String(minimum).padStart(7)}  ${String(days).padStart(5)}  ${secs(wall).padStart(7)}  ${secs(latency).padStart(7)}${requests === logged ? "" : `  (reader counted ${requests})`}`,
        );
      }

      console.log("2. Forecast column (every participant-role read above)");
      const { trendSource } = source();
      sandbox.env.log.clear();
      const started = Date.now();
      const forecasts = await Promise.all(reads.map((r) => readForecast(trendSource, r.assessment, NOW)));
      const wall = Date.now() - started;
      const today = ukDate(NOW);
      const needed = reads.filter((r) => {
        const w = r.assessment.window;
        if (!w) return false;
        const c = r.assessment.coverage;
        return (
          forecastExecution([{ date: today, planned: c.planned, executed: c.executed }], w.executionEnd, today)
            .status === "not-enough-history" && c.planned > 0
        );
      }).length;
      const logged = counted().length;
      const bound = Math.ceil(needed / CONCURRENCY) * latency;
      console.log(
        `   ${reads.length} participant-roles: ${logged} requests (minimum ${needed}); ${forecasts.filter((f) => f.ok).length} forecasts; wall ${secs(wall)} (bound ${secs(bound)})`,
      );

      console.log("3. Traceability matrix");
      console.log("   participant-role   requests  minimum  wall");
      for (const read of reads) {
        const { trendSource } = source();
        sandbox.env.log.clear();
        const t0 = Date.now();
        const links = await readTraceLinks(read.entry, settings, read.facts, trendSource);
        const took = Date.now() - t0;
        const plans = [...new Set(read.entry.testPlans.map((p) => p.planId))];
        const shape: TraceShape = {
          suitesPerPlan: plans.map((planId) => [...project.suites.values()].filter((s) => s.planId === planId).length),
          testCases: new Set(read.facts.points.map((p) => p.testCaseId)).size,
          defects: read.facts.defects.length,
          ...(links.links?.source === "scope"
            ? { scoped: { requirements: links.links.requirements.length, areaNodes: 1 } }
            : { linkedCandidates: links.links?.requirements.length ?? 0 }),
        };
        const minimum = minimumTraceRequests(shape).total;
        console.log(
          `   ${read.key.padEnd(18)} ${String(counted().length).padStart(8)}  ${String(minimum).padStart(7)}  ${secs(took)}`,
        );
      }
    }
  } finally {
    await sandbox.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
