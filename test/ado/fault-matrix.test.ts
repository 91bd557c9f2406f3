import { emptyApprovals } from "../../src/core/approvals";
import { Assessment } from "../../src/core/assessment";
import { assessPortfolio } from "../../src/core/portfolio";
import { Settings } from "../../src/core/settings";
import { AdoRequestError } from "../../src/ado/errors";
import { createNodePort } from "../../src/ado/node-port";
import { readPortfolio } from "../../src/ado/reader";
import { createResilientCaller } from "../../src/ado/resilience";
import { generateProgramme } from "../../sandbox/generator";
import { SAMPLE_PAT } from "../../sandbox/generator/tokens";
import { ALL_ROUTES } from "../../sandbox/routes";
import { RunningSandbox, startSandbox } from "../../sandbox/server";
import { FaultSettings } from "../../sandbox/faults";

/**
 * Every fault, in the middle of a portfolio read, gives either the clean answer or "cannot assess" (or stops the
 * read outright) — never a different verdict, and above all never a wrong "ready".
 */
const NOW = new Date("2025-06-01T12:00:00Z");
let sandbox: RunningSandbox;
let settings: Settings;
let clean: Assessment[];

function signature(a: Assessment) {
  return {
    verdict: a.verdict,
    coverage: a.coverage,
    defects: a.defectCounts,
    criteria: a.criteria.map((c) => [c.id, c.status]),
  };
}

async function readAll(callerOptions: Parameters<typeof createResilientCaller>[0] = {}) {
  const caller = createResilientCaller({
    concurrency: 6,
    baseDelayMs: 5,
    maxDelayMs: 50,
    budgetMs: 20_000,
    maxAttempts: 8,
    ...callerOptions,
  });
  const port = createNodePort({ orgUrl: sandbox.orgUrl, token: SAMPLE_PAT, onRateLimitDelay: caller.delayArea });
  const entries = settings.registry.slice(0, 10);
  const facts = await readPortfolio(entries, settings, { port, project: "MHHS QT", call: caller.call });
  return assessPortfolio(facts, settings, emptyApprovals(), NOW).assessments;
}

beforeAll(async () => {
  const programme = generateProgramme({ seed: 1, scale: 0.3 });
  settings = programme.settings;
  sandbox = await startSandbox({ state: programme.state, routes: ALL_ROUTES });
  clean = await readAll();
}, 60_000);
afterAll(() => sandbox.close());
afterEach(() => {
  sandbox.env.faults.set({});
});

function expectCleanOrCannotAssess(faulted: Assessment[]) {
  faulted.forEach((a, i) => {
    if (a.verdict === "cannot-assess") return;
    expect(signature(a)).toEqual(signature(clean[i]));
  });
}

describe("faults in the middle of a read", () => {
  it("the clean read assesses every participant-role", () => {
    expect(clean.every((a) => a.verdict !== "cannot-assess")).toBe(true);
    expect(new Set(clean.map((a) => a.verdict)).size).toBeGreaterThan(1);
  });

  const recoverable: [string, Partial<FaultSettings>][] = [
    ["503s and 500s", { errorRate: 0.25, seed: 3 }],
    ["connection resets", { resetRate: 0.15, seed: 4 }],
    ["truncated bodies", { truncateRate: 0.15, seed: 5 }],
    ["429 with Retry-After", { throttleRate: 0.05, retryAfterSeconds: 1, seed: 6 }],
    ["Retry-After on successful responses", { delayHeadersOnSuccess: true, retryAfterSeconds: 0, seed: 7 }],
  ];
  it.each(recoverable)(
    "%s: recovered to the clean answer",
    async (_name, faults) => {
      sandbox.env.faults.set(faults);
      const faulted = await readAll();
      expect(faulted.map(signature)).toEqual(clean.map(signature));
    },
    60_000,
  );

  it("server errors that outlast the retries: cannot assess, never a different verdict", async () => {
    sandbox.env.faults.set({ errorRate: 0.6, seed: 8 });
    const faulted = await readAll({ maxAttempts: 2 });
    expect(faulted.some((a) => a.verdict === "cannot-assess")).toBe(true);
    expectCleanOrCannotAssess(faulted);
  }, 60_000);

  it("a throttle longer than the budget: cannot assess, never a different verdict", async () => {
    sandbox.env.faults.set({ throttleRate: 0.3, retryAfterSeconds: 5, seed: 9, pathPattern: "/wiql" });
    const faulted = await readAll({ budgetMs: 1_000 });
    expect(faulted.some((a) => a.verdict === "cannot-assess")).toBe(true);
    expectCleanOrCannotAssess(faulted);
  }, 60_000);

  it.each([
    ["a revoked token (203 sign-in page)", "unauthenticated", () => sandbox.env.state().tokens.delete(SAMPLE_PAT)],
    [
      "a scope withdrawn (TF400813)",
      "forbidden",
      () => (sandbox.env.state().tokens.get(SAMPLE_PAT)!.scopes = ["vso.work"]),
    ],
  ] as const)(
    "%s mid-read stops the read",
    async (_name, kind, revoke) => {
      const grant = structuredClone(sandbox.env.state().tokens.get(SAMPLE_PAT)!);
      let requests = 0;
      const caller = createResilientCaller({ concurrency: 4, baseDelayMs: 5 });
      const port = createNodePort({ orgUrl: sandbox.orgUrl, token: SAMPLE_PAT });
      const call = <T>(operation: string, fn: () => Promise<T>) => {
        if (++requests === 15) revoke();
        return caller.call(operation, fn);
      };
      try {
        await expect(
          readPortfolio(settings.registry.slice(0, 10), settings, { port, project: "MHHS QT", call }),
        ).rejects.toMatchObject({ kind });
      } finally {
        sandbox.env.state().tokens.set(SAMPLE_PAT, grant);
      }
    },
    60_000,
  );

  it("never sends a query over 20,000 results or a batch over 200 ids (no VS402337, no VS403474)", async () => {
    sandbox.env.log.clear();
    await readAll();
    const refused = sandbox.env.log.list().filter((e) => e.status === 400);
    expect(refused).toEqual([]);
  }, 60_000);

  it("a refused token is reported as an AdoRequestError, not as data", async () => {
    const port = createNodePort({ orgUrl: sandbox.orgUrl, token: "revoked" });
    const error = await readPortfolio(settings.registry.slice(0, 1), settings, {
      port,
      project: "MHHS QT",
      call: (_op, fn) => fn(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdoRequestError);
  });
});
