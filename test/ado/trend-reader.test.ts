/**
 * The trend read against the sandbox's Analytics: its last day is the live read's (the history is consistent with
 * today), it costs two requests for two charts (the minimum) and more only as pages, long queries go as $batch,
 * throttling is waited out, and Analytics switched off or refused gives a reason, never a chart of zeros.
 */
import { ParticipantRoleRead, assessRegistryEntries, readAndAssess } from "../../src/ado/assessment-run";
import { readAnalytics } from "../../src/ado/analytics-reader";
import { createNodePort } from "../../src/ado/node-port";
import { analyticsEndpoint, burnUpQuery } from "../../src/ado/odata";
import { createResilientCaller } from "../../src/ado/resilience";
import { TrendSource, readForecast, readTrend, readWindowTrend, suitesOf } from "../../src/ado/trend-reader";
import { registryKey } from "../../src/core/settings";
import { Settings } from "../../src/core/settings";
import { generateProgramme } from "../../sandbox/generator";
import { SAMPLE_PAT, WORK_ONLY_PAT } from "../../sandbox/generator/tokens";
import { ALL_ROUTES } from "../../sandbox/routes";
import { RunningSandbox, startSandbox } from "../../sandbox/server";
import { sourceAs } from "../support/sandbox-source";

const NOW = new Date("2025-06-01T12:00:00Z");
const PROJECT = "MHHS QT";
let sandbox: RunningSandbox;
let settings: Settings;
const reads = new Map<string, ParticipantRoleRead>();

function trendSource(token = SAMPLE_PAT) {
  const caller = createResilientCaller({ concurrency: 4, baseDelayMs: 5, maxDelayMs: 50, budgetMs: 20_000 });
  const port = createNodePort({ orgUrl: sandbox.orgUrl, token, onRateLimitDelay: caller.delayArea });
  const source: TrendSource = { port, project: PROJECT, call: caller.call.bind(caller) };
  return { source, caller };
}

beforeAll(async () => {
  const programme = generateProgramme({ seed: 1, scale: 0.3, today: "2025-06-01" });
  settings = programme.settings;
  sandbox = await startSandbox({ state: programme.state, routes: ALL_ROUTES });
  const live = sourceAs({ orgUrl: sandbox.orgUrl, project: PROJECT }, SAMPLE_PAT);
  // Participant-roles whose window is executing or closed: each has a range to draw.
  const entries = settings.registry.filter((e) => e.route === "QT").slice(0, 6);
  for (const e of entries) reads.set(registryKey(e), await readAndAssess(live, settings, registryKey(e), () => NOW));
}, 120_000);
afterAll(() => sandbox.close());
afterEach(() => {
  sandbox.env.faults.set({});
  sandbox.env.analytics.set({});
});

const drawable = () => [...reads.values()].filter((r) => r.assessment.window && r.assessment.counted.points);

describe("readTrend against the sandbox", () => {
  it("ends each burn-up and burn-down on the live read's counts, in two requests", async () => {
    expect(drawable().length).toBeGreaterThanOrEqual(3);
    for (const read of drawable()) {
      const { source } = trendSource();
      const { trend, requests } = await readTrend(source, settings, read, { now: NOW });
      expect({ key: read.key, up: trend.burnUp.ok, down: trend.burnDown.ok }).toEqual({
        key: read.key,
        up: true,
        down: true,
      });
      expect({ key: read.key, differences: trend.differences }).toEqual({ key: read.key, differences: [] });
      expect(requests).toBe(2);
      if (!trend.burnUp.ok) continue;
      const last = trend.burnUp.value.days.at(-1)!;
      // Today, or for a window closed more than four weeks ago, four weeks after its end (nothing moves after it).
      expect(last.date).toBe(trend.range?.to);
      expect(last).toMatchObject({
        planned: read.assessment.coverage.planned,
        executed: read.assessment.coverage.executed,
        passed: read.assessment.coverage.passed,
      });
      // Never more executed than planned, never more passed than executed, on any day.
      for (const d of trend.burnUp.value.days) expect(d.passed <= d.executed && d.executed <= d.planned).toBe(true);
    }
  });

  it("reads the same trend page by page when Analytics pages after a few rows", async () => {
    const read = drawable()[0];
    const whole = await readTrend(trendSource().source, settings, read, { now: NOW });
    sandbox.env.analytics.set({ pageSize: 25 });
    const paged = await readTrend(trendSource().source, settings, read, { now: NOW });
    expect(paged.trend).toEqual(whole.trend);
    expect(paged.requests).toBeGreaterThan(2);
  });

  it("sends a query whose URL would pass 3,000 characters as $batch, with the same rows", async () => {
    const read = drawable()[0];
    const real = suitesOf(read.facts.points);
    const padded = real.map((p, i) =>
      i === 0 ? { ...p, suiteIds: [...p.suiteIds, ...Array.from({ length: 500 }, (_, k) => 900_000 + k)] } : p,
    );
    const { source } = trendSource();
    const base = analyticsEndpoint(sandbox.orgUrl, PROJECT);
    const short = await readAnalytics(source, base, burnUpQuery(real, "2025-05-01", "2025-06-01"));
    const long = await readAnalytics(source, base, burnUpQuery(padded, "2025-05-01", "2025-06-01"));
    expect(short.batched).toBe(false);
    expect(long.batched).toBe(true);
    expect(long.rows).toEqual(short.rows);
  });

  it("waits out throttling and still gives the trend", async () => {
    const read = drawable()[0];
    const clean = await readTrend(trendSource().source, settings, read, { now: NOW });
    sandbox.env.faults.set({ throttleRate: 0.5, retryAfterSeconds: 0, seed: 3, pathPattern: "_odata" });
    const { source, caller } = trendSource();
    const throttled = await readTrend(source, settings, read, { now: NOW });
    expect(throttled.trend).toEqual(clean.trend);
    expect(caller.stats().retries).toBeGreaterThan(0);
  });

  it("says plainly that Analytics is off, and draws nothing", async () => {
    sandbox.env.analytics.set({ enabled: false });
    const { trend } = await readTrend(trendSource().source, settings, drawable()[0], { now: NOW });
    expect(trend.burnUp).toEqual({ ok: false, reason: expect.stringMatching(/^Analytics is not available/) });
    expect(trend.burnDown).toEqual({ ok: false, reason: expect.stringMatching(/^Analytics is not available/) });
    expect(trend.forecast).toBeUndefined();
  });

  it("names the missing scope when the token may not read Analytics", async () => {
    const { trend } = await readTrend(trendSource(WORK_ONLY_PAT).source, settings, drawable()[0], { now: NOW });
    expect(trend.burnUp).toEqual({ ok: false, reason: expect.stringContaining("vso.analytics") });
  });

  it("forecasts from the live counts without a request where they settle it, else from 15 days", async () => {
    for (const read of drawable()) {
      const forecast = await readForecast(trendSource().source, read.assessment, NOW);
      const full = await readTrend(trendSource().source, settings, read, { now: NOW });
      expect(forecast.ok).toBe(true);
      if (!forecast.ok) continue;
      expect(forecast.forecast).toEqual(full.trend.forecast);
      expect(forecast.requests).toBeLessThanOrEqual(1);
    }
  });

  it("draws a window's burn-up in one Analytics query, ending on the sum of its participant-roles", async () => {
    const live = sourceAs({ orgUrl: sandbox.orgUrl, project: PROJECT }, SAMPLE_PAT);
    const entries = settings.registry.filter((e) => e.window === "tranche-1" && e.route === "QT");
    const assessments = await assessRegistryEntries(live, settings, entries, { now: NOW });
    sandbox.env.log.clear();
    const { trend, requests } = await readWindowTrend(live, settings, assessments, "tranche-1", NOW);
    expect(requests).toBe(1);
    expect(sandbox.env.log.list().filter((e) => /_odata/.test(e.url))).toHaveLength(1);
    if (!trend.burnUp.ok) throw new Error(trend.burnUp.reason);
    const last = trend.burnUp.value.days.at(-1)!;
    expect(last.planned).toBe(assessments.reduce((n, a) => n + a.coverage.planned, 0));
    expect(last.passed).toBe(assessments.reduce((n, a) => n + a.coverage.passed, 0));

    // One participant-role whose points were not all read: no window line that silently leaves it out.
    const partial = [
      { ...assessments[0], counted: { ...assessments[0].counted, points: false } },
      ...assessments.slice(1),
    ];
    const refused = await readWindowTrend(live, settings, partial, "tranche-1", NOW);
    expect(refused.trend.burnUp).toEqual({
      ok: false,
      reason: expect.stringContaining(assessments[0].participantRole),
    });
    expect(refused.requests).toBe(0);
  });
});
