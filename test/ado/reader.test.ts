import { AdoPort } from "../../src/ado/port";
import { createNodePort } from "../../src/ado/node-port";
import {
  Caller,
  ReadShape,
  ReaderDeps,
  minimumRequests,
  readParticipantRole,
  readPortfolio,
} from "../../src/ado/reader";
import { ReadCancelledError } from "../../src/ado/reader-deps";
import { createResilientCaller } from "../../src/ado/resilience";
import { AdoRequestError } from "../../src/ado/errors";
import { emptyApprovals } from "../../src/core/approvals";
import { assess } from "../../src/core/assess";
import { ParticipantRoleFacts } from "../../src/core/facts";
import { readOutcome } from "../../src/core/outcomes";
import { assessPortfolio } from "../../src/core/portfolio";
import { RegistryEntry, Settings, registryKey } from "../../src/core/settings";
import { Programme, generateProgramme } from "../../sandbox/generator";
import { SAMPLE_PAT, WORK_ONLY_PAT } from "../../sandbox/generator/tokens";
import { ALL_ROUTES } from "../../sandbox/routes";
import { RunningSandbox, startSandbox } from "../../sandbox/server";
import { ProjectState, SandboxState } from "../../sandbox/state";
import { limitedCaller } from "./support/limited-caller";

/**
 * The reader against the sandbox in-process, through the real node port and the real resilient caller. Request
 * counts come from the sandbox's log, without azure-devops-node-api's route discovery (OPTIONS per area,
 * ResourceAreas, Location), which is per client and not part of a read.
 */
const NOW = new Date("2025-06-01T12:00:00Z");

const isDiscovery = (e: { method: string; url: string }) =>
  e.method === "OPTIONS" || /\/_apis\/(resourceareas|location|connectiondata)\b/i.test(e.url);

function dataRequests(sandbox: RunningSandbox) {
  return sandbox.env.log.list().filter((e) => !isDiscovery(e));
}

interface Served {
  programme: Programme;
  sandbox: RunningSandbox;
  project: ProjectState;
  port: AdoPort;
}

async function serve(scale: number): Promise<Served> {
  const programme = generateProgramme({ seed: 1, scale });
  const sandbox = await startSandbox({ state: programme.state, routes: ALL_ROUTES });
  const port = createNodePort({ orgUrl: sandbox.orgUrl, token: SAMPLE_PAT });
  return { programme, sandbox, project: programme.state.projects[0], port };
}

const deps = (s: Served, call: Caller, port: AdoPort = s.port): ReaderDeps => ({
  port,
  project: s.project.name,
  call,
});

const resilient = (concurrency = 8, maxAttempts = 6): Caller => {
  const caller = createResilientCaller({ concurrency, maxAttempts, baseDelayMs: 5, maxDelayMs: 20 });
  return (operation, fn) => caller.call(operation, fn);
};

/** Points of a plan (every suite), as the state holds them. */
function statePoints(project: ProjectState, planId: number) {
  return [...project.suites.values()]
    .filter((s) => s.planId === planId)
    .flatMap((s) => project.pointsBySuite.get(s.id) ?? []);
}

/** Bugs under any of the entry's area paths (UNDER: the path itself or below it). */
function stateDefects(state: SandboxState, entry: RegistryEntry) {
  const areas = (entry.defectScope.areaPaths ?? []).map((a) => a.toLowerCase());
  return [...state.workItems.values()].filter((w) => {
    if (w.fields["System.WorkItemType"] !== "Bug") return false;
    const path = String(w.fields["System.AreaPath"]).toLowerCase();
    return areas.some((a) => path === a || path.startsWith(`${a}\\`));
  });
}

function shapeOf(s: Served, entry: RegistryEntry): ReadShape {
  return {
    pointsPerSuite: entry.testPlans.map((p) => statePoints(s.project, p.planId).length),
    defects: stateDefects(s.programme.state, entry).length,
  };
}

const entryOf = (settings: Settings, key: string): RegistryEntry => {
  const entry = settings.registry.find((e) => registryKey(e) === key);
  if (!entry) throw new Error(`${key} is not in the registry`);
  return entry;
};

describe("the reader against the sample programme (scale 0.3)", () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve(0.3);
  });
  afterAll(() => s.sandbox.close());
  beforeEach(() => {
    s.sandbox.env.faults.set({});
    s.sandbox.env.log.clear();
  });

  it("reads exactly the points and defects the state holds, in the fewest requests", async () => {
    const entry = entryOf(s.programme.settings, "HOLL-X");
    const facts = await readParticipantRole(entry, s.programme.settings, deps(s, resilient()));

    expect(facts.completeness).toEqual({ points: { complete: true }, defects: { complete: true } });
    expect(facts.metadata.completeness).toEqual({ complete: true });
    const expectedPoints = statePoints(s.project, entry.testPlans[0].planId).sort((a, b) => a.id - b.id);
    expect(facts.points.map((p) => p.id)).toEqual(expectedPoints.map((p) => p.id));
    const byId = new Map(facts.points.map((p) => [p.id, p]));
    for (const p of expectedPoints) {
      const fact = byId.get(p.id)!;
      expect(readOutcome(fact.outcome).outcome.toLowerCase()).toBe(p.outcome.toLowerCase());
      expect(fact.isActive).toBe(p.isActive);
      expect(fact.testCaseId).toBe(p.testCaseId);
      expect(fact.suiteId).toBe(p.suiteId);
      expect(fact.configurationId).toBe(p.configurationId);
    }
    expect(facts.points.some((p) => !p.isActive)).toBe(true);
    expect(facts.testCaseCount).toBe(new Set(expectedPoints.map((p) => p.testCaseId)).size);

    const expectedDefects = stateDefects(s.programme.state, entry).sort((a, b) => a.id - b.id);
    expect(facts.defects.map((d) => d.id)).toEqual(expectedDefects.map((d) => d.id));
    const sev = s.programme.settings.defects.severityField;
    for (const [i, w] of expectedDefects.entries()) {
      const d = facts.defects[i];
      expect(d.state).toBe(w.fields["System.State"]);
      expect(d.title).toBe(w.fields["System.Title"]);
      expect(d.severity).toBe(w.fields[sev]);
      expect(d.url).toBe(`${s.sandbox.orgUrl}/MHHS%20QT/_workitems/edit/${w.id}`);
    }
    expect(facts.metadata.stateCategories.Bug).toEqual({
      New: "Proposed",
      Active: "InProgress",
      Resolved: "Resolved",
      Closed: "Completed",
      Removed: "Removed",
    });

    const minimum = minimumRequests({
      participantRoles: [shapeOf(s, entry)],
      plansInProject: s.project.plans.size,
      workItemTypes: 1,
    });
    expect(dataRequests(s.sandbox)).toHaveLength(minimum.total);
  });

  it("reads selected suites and drops the points a suite and its child both return", async () => {
    const entry = entryOf(s.programme.settings, "HOLL-X");
    const planId = entry.testPlans[0].planId;
    const plan = s.project.plans.get(planId)!;
    const child = s.project.suites.get(plan.rootSuiteId)!.childSuiteIds[0];
    const overlapping: RegistryEntry = { ...entry, testPlans: [{ planId, suiteIds: [plan.rootSuiteId, child] }] };
    const facts = await readParticipantRole(overlapping, s.programme.settings, deps(s, resilient()));
    const expected = statePoints(s.project, planId);
    expect(facts.points).toHaveLength(expected.length);
    expect(new Set(facts.points.map((p) => p.id)).size).toBe(expected.length);
    // No plan list is needed when the suites are given.
    expect(dataRequests(s.sandbox).some((e) => /testplan\/plans(\?|$)/i.test(e.url))).toBe(false);
  });

  it("reads a portfolio concurrently, with the metadata and the plan list read once", async () => {
    const entries = s.programme.settings.registry.slice(0, 8);
    const progress: string[] = [];
    const facts = await readPortfolio(entries, s.programme.settings, deps(s, resilient()), (done, total, key) =>
      progress.push(`${done}/${total} ${key}`),
    );
    expect(facts.map((f) => f.participantRole)).toEqual(entries.map(registryKey));
    expect(progress).toHaveLength(8);
    expect(progress[7]).toMatch(/^8\/8 /);
    for (const f of facts) expect(f.metadata).toBe(facts[0].metadata);
    const log = dataRequests(s.sandbox);
    expect(log.filter((e) => /\/states\b/.test(e.url))).toHaveLength(1);
    expect(log.filter((e) => /testplan\/plans(\?|$)/i.test(e.url))).toHaveLength(1);
    const minimum = minimumRequests({
      participantRoles: entries.map((e) => shapeOf(s, e)),
      plansInProject: s.project.plans.size,
      workItemTypes: 1,
    });
    expect(log).toHaveLength(minimum.total);
  });

  it("stops sending requests once cancelled, and rejects as cancelled rather than reporting a partial read", async () => {
    const entries = s.programme.settings.registry.slice(0, 8);
    const reading = new AbortController();
    let handedOver = 0;
    const error = await readPortfolio(
      entries,
      s.programme.settings,
      deps(s, resilient(2)),
      () => {
        handedOver += 1;
        // Cancel as the first participant-role arrives, as the hub does when the user leaves the view.
        if (handedOver === 1) reading.abort();
      },
      { participantRolesInFlight: 1, signal: reading.signal },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ReadCancelledError);
    expect(handedOver).toBe(1);
    const sentAtCancel = dataRequests(s.sandbox).length;
    // Nothing more goes out afterwards (the requests still queued are dropped, not sent late).
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(dataRequests(s.sandbox)).toHaveLength(sentAtCancel);
    // Far fewer than the whole portfolio costs: the other seven participant-roles were never read.
    const whole = minimumRequests({
      participantRoles: entries.map((e) => shapeOf(s, e)),
      plansInProject: s.project.plans.size,
      workItemTypes: 1,
    }).total;
    expect(sentAtCancel).toBeLessThan(whole / 2);

    // Cancelled before it starts: not a single request.
    s.sandbox.env.log.clear();
    const before = new AbortController();
    before.abort();
    await expect(
      readPortfolio(entries, s.programme.settings, deps(s, resilient()), undefined, { signal: before.signal }),
    ).rejects.toBeInstanceOf(ReadCancelledError);
    expect(dataRequests(s.sandbox)).toHaveLength(0);
  });

  it("never has more requests in flight than the shared caller allows", async () => {
    const inner = limitedCaller(3);
    let active = 0;
    let peak = 0;
    const call: Caller = (operation, fn) =>
      inner(operation, async () => {
        peak = Math.max(peak, ++active);
        try {
          return await fn();
        } finally {
          active--;
        }
      });
    await readPortfolio(s.programme.settings.registry.slice(0, 6), s.programme.settings, deps(s, call));
    expect(peak).toBe(3);
  });

  it("partitions at any page size, with a final short (here empty) page", async () => {
    const entry = entryOf(s.programme.settings, "HOLL-X");
    const n = stateDefects(s.programme.state, entry).length;
    const facts = await readParticipantRole(entry, s.programme.settings, {
      ...deps(s, resilient()),
      limits: { wiqlPageSize: Math.ceil(n / 2), workItemBatchSize: 7 },
    });
    expect(facts.defects).toHaveLength(n);
    const wiql = dataRequests(s.sandbox).filter((e) => /\/wiql/.test(e.url));
    expect(wiql).toHaveLength(Math.floor(n / Math.ceil(n / 2)) + 1);
  });

  it("reports an empty defect scope as an incomplete read, without querying", async () => {
    const entry = { ...entryOf(s.programme.settings, "HOLL-X"), defectScope: {} };
    const facts = await readParticipantRole(entry, s.programme.settings, deps(s, resilient()));
    expect(facts.completeness.defects).toEqual({
      complete: false,
      reason: expect.stringMatching(/Defects cannot be queried: its defect scope is empty/),
    });
    expect(dataRequests(s.sandbox).filter((e) => /\/wiql/.test(e.url))).toHaveLength(0);
  });

  it("marks the defects incomplete when WIQL fails, and the engine cannot assess", async () => {
    s.sandbox.env.faults.set({ pathPattern: "/wiql", errorRate: 1 });
    const entry = entryOf(s.programme.settings, "OAKH-R");
    const facts = await readParticipantRole(entry, s.programme.settings, deps(s, resilient(8, 1)));
    expect(facts.completeness.points).toEqual({ complete: true });
    expect(facts.completeness.defects.complete).toBe(false);
    const reason = (facts.completeness.defects as { reason: string }).reason;
    expect(reason).toMatch(/^POST wit\/wiql failed: /);
    expect(reason).toMatch(/50[03]/);
    expect(facts.defects).toEqual([]);
    const assessment = assess(facts, s.programme.settings, emptyApprovals(), NOW);
    expect(assessment.verdict).toBe("cannot-assess");
  });

  it("reads the same facts through throttling and server errors, retried by the resilient caller", async () => {
    const entry = entryOf(s.programme.settings, "HOLL-X");
    const clean = await readParticipantRole(entry, s.programme.settings, deps(s, resilient()));
    s.sandbox.env.faults.set({ seed: 7, throttleRate: 0.2, retryAfterSeconds: 0, errorRate: 0.2 });
    s.sandbox.env.log.clear();
    const faulted = await readParticipantRole(entry, s.programme.settings, deps(s, resilient(8, 20)));
    expect(dataRequests(s.sandbox).some((e) => e.status === 429)).toBe(true);
    expect(faulted.completeness).toEqual(clean.completeness);
    expect(faulted.points).toEqual(clean.points);
    expect(faulted.defects).toEqual(clean.defects);
  });

  it("marks only the points incomplete when a TestPoint page fails, and stops reading them", async () => {
    s.sandbox.env.faults.set({ pathPattern: "/TestPoint", errorRate: 1 });
    const entry = entryOf(s.programme.settings, "HOLL-X");
    const facts = await readParticipantRole(entry, s.programme.settings, deps(s, resilient(8, 2)));
    expect(facts.completeness.defects).toEqual({ complete: true });
    expect(facts.completeness.points).toEqual({
      complete: false,
      reason: expect.stringMatching(
        /^GET testplan\/Plans\/\d+\/Suites\/\d+\/TestPoint failed: .*Gave up after 2 attempt/,
      ),
    });
    expect(facts.points).toEqual([]);
    expect(assess(facts, s.programme.settings, emptyApprovals(), NOW).verdict).toBe("cannot-assess");
  });

  it("marks only the metadata incomplete when the states cannot be read", async () => {
    s.sandbox.env.faults.set({ pathPattern: "/states", errorRate: 1 });
    const entries = s.programme.settings.registry.slice(0, 3);
    const facts = await readPortfolio(entries, s.programme.settings, deps(s, resilient(8, 1)));
    expect(facts[0].metadata.completeness.complete).toBe(false);
    expect(facts.every((f) => f.completeness.points.complete && f.completeness.defects.complete)).toBe(true);
    const verdicts = assessPortfolio(facts, s.programme.settings, emptyApprovals(), NOW).assessments.map(
      (a) => a.verdict,
    );
    expect(verdicts).toEqual(["cannot-assess", "cannot-assess", "cannot-assess"]);
  });

  it("stops at once, rejecting, when the token lacks a permission", async () => {
    const port = createNodePort({ orgUrl: s.sandbox.orgUrl, token: WORK_ONLY_PAT });
    const read = readPortfolio(s.programme.settings.registry, s.programme.settings, deps(s, resilient(), port));
    await expect(read).rejects.toMatchObject({ kind: "forbidden" });
    await expect(read).rejects.toBeInstanceOf(AdoRequestError);
    // Stopped: nowhere near a whole portfolio's requests were sent.
    expect(dataRequests(s.sandbox).length).toBeLessThan(40);
  });

  it("rejects for a refused token", async () => {
    const port = createNodePort({ orgUrl: s.sandbox.orgUrl, token: "not-a-token" });
    const entry = entryOf(s.programme.settings, "HOLL-X");
    await expect(readParticipantRole(entry, s.programme.settings, deps(s, resilient(), port))).rejects.toMatchObject({
      kind: "unauthenticated",
    });
  });

  it("gives the whole sample registry a plausible spread of verdicts", async () => {
    const facts: ParticipantRoleFacts[] = await readPortfolio(
      s.programme.settings.registry,
      s.programme.settings,
      deps(s, resilient()),
    );
    expect(facts).toHaveLength(28);
    for (const f of facts) expect(f.completeness).toEqual({ points: { complete: true }, defects: { complete: true } });
    const portfolio = assessPortfolio(facts, s.programme.settings, emptyApprovals(), NOW);
    const counts = portfolio.overall.verdicts;
    expect(counts["not-ready"]).toBeGreaterThan(10);
    expect(counts["ready-to-submit"]).toBeGreaterThanOrEqual(1); // OAKH-R: everything passed and closed
    expect(portfolio.assessments.find((a) => a.participantRole === "OAKH-R")?.verdict).toBe("ready-to-submit");
    // The SIT-route entries have no plan: nothing is read for points, and they are not ready without approvals.
    const sit = facts.find((f) => f.participantRole === "HERO-P")!;
    expect(sit.points).toEqual([]);
    expect(sit.testCaseCount).toBe(0);
  });
});

describe("the participant-role over 20,000 defects (scale 1)", () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve(1);
  });
  afterAll(() => s.sandbox.close());

  it("reads all of MOOR-X's 20,100 defects with partitioned WIQL, never hitting VS402337", async () => {
    const entry = entryOf(s.programme.settings, "MOOR-X");
    expect(stateDefects(s.programme.state, entry).length).toBeGreaterThan(20_000);
    s.sandbox.env.log.clear();
    const facts = await readParticipantRole(entry, s.programme.settings, deps(s, resilient()));
    expect(facts.completeness.defects).toEqual({ complete: true });
    const expected = stateDefects(s.programme.state, entry).map((w) => w.id);
    expect(facts.defects).toHaveLength(expected.length);
    expect(new Set(facts.defects.map((d) => d.id))).toEqual(new Set(expected));
    const log = dataRequests(s.sandbox);
    expect(log.every((e) => e.status === 200)).toBe(true);
    expect(log.filter((e) => /\/wiql/.test(e.url))).toHaveLength(2);
    const minimum = minimumRequests({
      participantRoles: [shapeOf(s, entry)],
      plansInProject: s.project.plans.size,
      workItemTypes: 1,
    });
    expect(log).toHaveLength(minimum.total);
  }, 60_000);

  it("follows every continuation page of the largest plan", async () => {
    const [entry] = [...s.programme.settings.registry]
      .filter((e) => e.testPlans.length > 0)
      .sort(
        (a, b) =>
          statePoints(s.project, b.testPlans[0].planId).length - statePoints(s.project, a.testPlans[0].planId).length,
      );
    const expected = statePoints(s.project, entry.testPlans[0].planId);
    expect(expected.length).toBeGreaterThan(200); // two pages or more
    s.sandbox.env.log.clear();
    const facts = await readParticipantRole(entry, s.programme.settings, deps(s, resilient()));
    expect(facts.points.map((p) => p.id)).toEqual(expected.map((p) => p.id).sort((a, b) => a - b));
    const log = dataRequests(s.sandbox);
    expect(log.filter((e) => /continuationToken=/i.test(e.url)).length).toBe(Math.ceil(expected.length / 200) - 1);
    const minimum = minimumRequests({
      participantRoles: [shapeOf(s, entry)],
      plansInProject: s.project.plans.size,
      workItemTypes: 1,
    });
    expect(log).toHaveLength(minimum.total);
  });
});
