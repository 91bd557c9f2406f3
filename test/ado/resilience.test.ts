/**
 * The resilient caller over the Node adapter against the sandbox with injected faults: it honours Retry-After per
 * area, recovers 5xx, resets and cut-short bodies, gives up within its budget with the cause, never exceeds its
 * concurrency, and stops at once on refusals.
 */
import { AdoRequestError } from "../../src/ado/errors";
import { createNodePort } from "../../src/ado/node-port";
import { AdoPort, RawPoint } from "../../src/ado/port";
import { RetriesExhaustedError, areaOf, createResilientCaller } from "../../src/ado/resilience";
import { SAMPLE_PAT } from "../../sandbox/generator/tokens";
import { RunningSandbox } from "../../sandbox/server";
import { SandboxState } from "../../sandbox/state";
import { EXTENSION, caught, startProgrammeSandbox } from "./port-sandbox";

let sandbox: RunningSandbox;
let state: SandboxState;
let project: string;

beforeAll(async () => {
  ({ sandbox, state } = await startProgrammeSandbox());
  project = state.projects[0].name;
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.env.faults.set({});
  sandbox.env.log.clear();
});

/** A port whose discovery is done (so faults hit the calls under test), and its delay hook wired to a caller. */
async function warmPort(caller?: { delayArea(area: string, ms: number): void }): Promise<AdoPort> {
  const port = createNodePort({
    orgUrl: sandbox.orgUrl,
    token: SAMPLE_PAT,
    extension: EXTENSION,
    onRateLimitDelay: (area, ms) => caller?.delayArea(area, ms),
  });
  await port.listPlans(project);
  await port.getWorkItemTypeStates(project, "Bug");
  sandbox.env.log.clear();
  return port;
}

const testplanRequests = () => sandbox.env.log.list().filter((e) => /\/_apis\/testplan\//i.test(e.url));

/** Every point of every plan, page by page, through the caller. */
async function readPoints(port: AdoPort, call: ReturnType<typeof createResilientCaller>["call"]) {
  const points: RawPoint[] = [];
  for (const plan of state.projects[0].plans.values()) {
    let token: string | undefined;
    do {
      const t: string | undefined = token;
      const page = await call(`GET testplan/Plans/${plan.id}/Suites/${plan.rootSuiteId}/TestPoint`, () =>
        port.listPoints(project, plan.id, plan.rootSuiteId, { recursive: true, continuationToken: t }),
      );
      points.push(...page.items);
      token = page.continuationToken;
    } while (token);
  }
  return points.map((p) => p.id).sort((a, b) => a - b);
}

describe("areaOf", () => {
  it("takes the first path segment of the operation, lower-cased", () => {
    expect(areaOf("GET testplan/Plans/1/Suites/2/TestPoint")).toBe("testplan");
    expect(areaOf("POST wit/wiql")).toBe("wit");
    expect(areaOf("PUT ExtensionManagement/Data/Default/x/Documents")).toBe("extensionmanagement");
  });
});

describe("throttling", () => {
  it("after a 429 with Retry-After: 1, sends nothing more to that area for a second, but other areas go on", async () => {
    const caller = createResilientCaller({ concurrency: 4 });
    const port = await warmPort(caller);
    sandbox.env.faults.set({ throttleRate: 1, retryAfterSeconds: 1, pathPattern: "/_apis/testplan/Plans$" });
    const sent: { area: string; at: number }[] = [];
    let throttledAt = 0;
    const first = caller.call("GET testplan/Plans", async () => {
      sent.push({ area: "testplan", at: Date.now() });
      try {
        return await port.listPlans(project);
      } catch (error) {
        throttledAt = Date.now();
        sandbox.env.faults.set({}); // the retry will succeed
        throw error;
      }
    });
    // Once the 429 is in, another testplan read and a wit read start.
    while (throttledAt === 0) await new Promise((r) => setTimeout(r, 5));
    const second = caller.call("GET testplan/Plans/1/Suites", async () => {
      sent.push({ area: "testplan", at: Date.now() });
      return port.listSuites(project, [...state.projects[0].plans.keys()][0]);
    });
    const other = caller.call("GET wit/workitemtypes/Bug/states", async () => {
      sent.push({ area: "wit", at: Date.now() });
      return port.getWorkItemTypeStates(project, "Bug");
    });
    await Promise.all([first, second, other]);

    const testplanAfter = sent.filter((s) => s.area === "testplan").slice(1);
    expect(testplanAfter).toHaveLength(2);
    for (const s of testplanAfter) expect(s.at - throttledAt).toBeGreaterThanOrEqual(1000 - 5);
    const wit = sent.find((s) => s.area === "wit")!;
    expect(wit.at - throttledAt).toBeLessThan(900);
    expect(testplanRequests().map((e) => e.status)).toEqual([429, 200, 200]);
    expect(caller.stats()).toMatchObject({ requests: 4, retries: 1 });
    expect(caller.stats().throttledWaitMs).toBeGreaterThanOrEqual(900);
  });

  it("honours X-RateLimit-Delay on a successful response before the next request to the area", async () => {
    let clock = 0;
    const sleeps: number[] = [];
    const caller = createResilientCaller({
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    });
    const port = await warmPort(caller);
    sandbox.env.faults.set({ delayHeadersOnSuccess: true, retryAfterSeconds: 2, pathPattern: "/_apis/testplan/" });
    await caller.call("GET testplan/Plans", () => port.listPlans(project));
    expect(sleeps).toEqual([]);
    sandbox.env.faults.set({});
    await caller.call("GET testplan/Plans", () => port.listPlans(project));
    expect(sleeps).toEqual([2000]);
    await caller.call("GET wit/workitemtypes/Bug/states", () => port.getWorkItemTypeStates(project, "Bug"));
    expect(sleeps).toEqual([2000]);
    expect(caller.stats()).toEqual({ requests: 3, retries: 0, throttledWaitMs: 2000 });
  });

  it("gives up at once when the server's delay is beyond the budget, with the cause", async () => {
    const caller = createResilientCaller({ budgetMs: 2000 });
    const port = await warmPort(caller);
    sandbox.env.faults.set({ throttleRate: 1, retryAfterSeconds: 30, pathPattern: "/_apis/testplan/" });
    const started = Date.now();
    const error = await caught(() => caller.call("GET testplan/Plans", () => port.listPlans(project)));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(error).toMatchObject({ kind: "throttled", attempts: 1, details: { status: 429, retryAfterMs: 30_000 } });
    expect((error as Error).message).toMatch(/429.*Gave up after 1 attempt.*budget/s);
    expect(testplanRequests()).toHaveLength(1);
  });
});

describe("faults mid-read", () => {
  const fast = { baseDelayMs: 2, maxDelayMs: 20, maxAttempts: 12 };

  it("recovers 500/503s and connection resets: every point once, and the caller counts what the sandbox saw", async () => {
    const baseline = await readPoints(await warmPort(), createResilientCaller().call);
    const total = [...state.projects[0].pointsBySuite.values()].reduce((n, points) => n + points.length, 0);
    expect(baseline).toHaveLength(total);
    const caller = createResilientCaller(fast);
    const port = await warmPort(caller);
    sandbox.env.faults.set({ seed: 7, errorRate: 0.3, resetRate: 0.2, pathPattern: "/_apis/testplan/" });
    expect(await readPoints(port, caller.call)).toEqual(baseline);
    const log = testplanRequests();
    expect(log.some((e) => e.status >= 500)).toBe(true);
    expect(log.some((e) => e.fault === "reset")).toBe(true);
    expect(caller.stats().requests).toBe(log.length);
    expect(caller.stats().retries).toBe(log.filter((e) => e.status !== 200 || e.fault).length);
  });

  it("recovers bodies cut short (never reads them as fewer points)", async () => {
    const baseline = await readPoints(await warmPort(), createResilientCaller().call);
    const caller = createResilientCaller(fast);
    const port = await warmPort(caller);
    sandbox.env.faults.set({ seed: 3, truncateRate: 0.4, pathPattern: "/_apis/testplan/" });
    expect(await readPoints(port, caller.call)).toEqual(baseline);
    expect(testplanRequests().some((e) => e.fault === "truncate")).toBe(true);
    expect(caller.stats().retries).toBeGreaterThan(0);
  });

  it("gives up after its budget with the last cause and the attempts made", async () => {
    const caller = createResilientCaller({ budgetMs: 300, baseDelayMs: 50, maxAttempts: 100 });
    const port = await warmPort(caller);
    sandbox.env.faults.set({ errorRate: 1, pathPattern: "/_apis/testplan/" });
    const started = Date.now();
    const error = (await caught(() => caller.call("GET testplan/Plans", () => port.listPlans(project)))) as
      RetriesExhaustedError | undefined;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(error?.kind).toBe("server");
    expect(error?.attempts).toBe(testplanRequests().length);
    expect(error?.message).toMatch(/Gave up after \d+ attempt\(s\): the next try would pass the 0 s budget|budget/);
  });

  it("gives up after maxAttempts", async () => {
    const caller = createResilientCaller({ ...fast, maxAttempts: 3 });
    const port = await warmPort(caller);
    sandbox.env.faults.set({ resetRate: 1, pathPattern: "/_apis/testplan/" });
    const error = await caught(() => caller.call("GET testplan/Plans", () => port.listPlans(project)));
    expect(error).toMatchObject({ kind: "network", attempts: 3 });
    expect(testplanRequests()).toHaveLength(3);
  });
});

describe("bounded concurrency", () => {
  it("never has more requests in flight than the limit, across areas", async () => {
    const caller = createResilientCaller({ concurrency: 3 });
    const port = await warmPort(caller);
    sandbox.env.faults.set({ latencyMs: 15 });
    let active = 0;
    let peak = 0;
    const track = async <T>(fn: () => Promise<T>): Promise<T> => {
      active++;
      peak = Math.max(peak, active);
      try {
        return await fn();
      } finally {
        active--;
      }
    };
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        i % 2 === 0
          ? caller.call("GET testplan/Plans", () => track(() => port.listPlans(project)))
          : caller.call("GET wit/workitemtypes/Bug/states", () =>
              track(() => port.getWorkItemTypeStates(project, "Bug")),
            ),
      ),
    );
    expect(peak).toBe(3);
    expect(caller.stats().requests).toBe(24);
    expect(sandbox.env.log.list()).toHaveLength(24);
  });
});

describe("refusals stop at once", () => {
  it("an unauthenticated token stops after exactly one request", async () => {
    const caller = createResilientCaller(fast());
    const port = createNodePort({ orgUrl: sandbox.orgUrl, token: "not-a-token" });
    const error = await caught(() => caller.call("GET testplan/Plans", () => port.listPlans(project)));
    expect(error).toMatchObject({ kind: "unauthenticated" });
    expect(error).not.toBeInstanceOf(RetriesExhaustedError);
    expect(sandbox.env.log.list()).toHaveLength(1);
    // X-TFS-FedAuthRedirect: Suppress turns the sign-in page into a 401.
    expect(sandbox.env.log.list()[0].status).toBe(401);
    expect(caller.stats()).toMatchObject({ requests: 1, retries: 0 });
  });

  it("not-found, forbidden and bad-request are not retried", async () => {
    const caller = createResilientCaller(fast());
    const port = await warmPort(caller);
    await expect(
      caller.call("GET testplan/Plans/1/Suites", () => port.listSuites(project, 999_999)),
    ).rejects.toMatchObject({ kind: "not-found" });
    const wiql = "SELECT nonsense";
    await expect(caller.call("POST wit/wiql", () => port.queryWiql(project, wiql, 10))).rejects.toMatchObject({
      kind: "bad-request",
    });
    expect(caller.stats()).toMatchObject({ requests: 2, retries: 0 });
    expect(sandbox.env.log.list()).toHaveLength(2);
  });

  it("errors that are not AdoRequestErrors (programming errors) pass through untouched", async () => {
    const caller = createResilientCaller(fast());
    const boom = new TypeError("boom");
    await expect(caller.call("GET wit/x", () => Promise.reject(boom))).rejects.toBe(boom);
    expect(caller.stats().requests).toBe(1);
  });
});

describe("back-off with an injected clock", () => {
  const fakeClock = () => {
    const clock = { t: 0, sleeps: [] as number[] };
    return {
      clock,
      options: {
        now: () => clock.t,
        sleep: async (ms: number) => {
          clock.sleeps.push(ms);
          clock.t += ms;
        },
      },
    };
  };

  it("a 429 without Retry-After waits the fallback, doubling, before the next request to the area", async () => {
    const { clock, options } = fakeClock();
    const caller = createResilientCaller({ ...options, throttleFallbackMs: 1000 });
    let n = 0;
    const at: number[] = [];
    await caller.call("GET testplan/Plans", async () => {
      at.push(clock.t);
      if (++n < 3) throw new AdoRequestError("throttled", "429", { status: 429, operation: "GET testplan/Plans" });
    });
    expect(at).toEqual([0, 1000, 3000]);
  });

  it("a first request held by another request's delay beyond its budget gives up without sending", async () => {
    const { options } = fakeClock();
    const caller = createResilientCaller({ ...options, budgetMs: 5000 });
    caller.delayArea("wit", 10_000);
    let sent = 0;
    const error = await caught(() => caller.call("POST wit/wiql", async () => void sent++));
    expect(error).toMatchObject({ kind: "throttled", attempts: 0 });
    expect(sent).toBe(0);
  });

  it("waits with full jitter under an exponential ceiling on server errors", async () => {
    let clock = 0;
    const sleeps: number[] = [];
    const caller = createResilientCaller({
      baseDelayMs: 100,
      maxDelayMs: 1000,
      maxAttempts: 6,
      random: () => 0.5,
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    });
    let n = 0;
    const result = await caller.call("GET wit/x", async () => {
      if (++n < 6) throw new AdoRequestError("server", "503", { status: 503, operation: "GET wit/x" });
      return "ok";
    });
    expect(result).toBe("ok");
    expect(sleeps).toEqual([50, 100, 200, 400, 500]);
  });

  it("a 429's Retry-After holds every request to the area until it has elapsed", async () => {
    let clock = 0;
    const sends: { op: string; at: number }[] = [];
    const caller = createResilientCaller({
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    let throttled = false;
    await caller.call("GET wit/a", async () => {
      sends.push({ op: "a", at: clock });
      if (!throttled) {
        throttled = true;
        throw new AdoRequestError("throttled", "429", { status: 429, operation: "GET wit/a", retryAfterMs: 1500 });
      }
    });
    await caller.call("GET wit/b", async () => void sends.push({ op: "b", at: clock }));
    expect(sends).toEqual([
      { op: "a", at: 0 },
      { op: "a", at: 1500 },
      { op: "b", at: 1500 },
    ]);
  });
});

function fast() {
  return { baseDelayMs: 2, maxDelayMs: 20, maxAttempts: 12 };
}
