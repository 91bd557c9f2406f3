import fc from "fast-check";
import { AdoRequestError } from "../../src/ado/errors";
import { AdoPort, Page, RawPoint, RawWorkItem } from "../../src/ado/port";
import { Caller, readParticipantRole, readPortfolio, unreadDefectsMessage } from "../../src/ado/reader";
import { assess } from "../../src/core/assess";
import { CANNOT_ASSESS_OUTPUTS, decideGate } from "../../src/core/gate";
import { NOW, approvals, registryEntry, settings } from "../support/builders";

/**
 * Whatever goes missing on the way (a page that fails, an id the batch read leaves out or answers null for), the
 * read says so and neither the verdict nor the gate comes out better than "cannot assess". An in-memory port
 * stands in for the service, with small pages and batches so every read spans several of each.
 */

const SETTINGS = settings();
const ENTRY = registryEntry();
const SEVERITIES = ["1 - Critical", "2 - High", "3 - Medium", "4 - Low"] as const;
const PAGE = 3;
const LIMITS = { wiqlPageSize: 4, workItemBatchSize: 2 };

interface World {
  /** The caller may not view work items in the participant-role's defect area. */
  hiddenArea?: boolean;
  points: { id: number; outcome: "passed" | "failed" }[];
  defects: { id: number; severity: (typeof SEVERITIES)[number]; state: "Active" | "Closed" }[];
}

interface Faults {
  /** Ids the batch read answers null for (as `errorPolicy: omit` does for a deleted or unreadable item). */
  nulled: ReadonlySet<number>;
  /** Ids the batch read leaves out of its answer altogether. */
  dropped: ReadonlySet<number>;
  /** The n-th request (0-based, in the order they are made) fails with a 503 that retries did not clear. */
  failingRequest?: number;
}

const NO_FAULTS: Faults = { nulled: new Set(), dropped: new Set() };

/** The port over a world; counts requests so a fault can hit any one of them. */
function memoryPort(world: World, faults: Faults): AdoPort {
  let requests = 0;
  const request = (operation: string) => {
    if (requests++ === faults.failingRequest)
      throw new AdoRequestError("server", "HTTP 503 Service Unavailable", { status: 503, operation });
  };
  const paged = <T>(items: T[], token: string | undefined): Page<T> => {
    const start = token ? Number(token) : 0;
    const next = start + PAGE;
    return next < items.length
      ? { items: items.slice(start, next), continuationToken: String(next) }
      : { items: items.slice(start) };
  };
  const unused = (name: string) => () => Promise.reject(new Error(`the reader does not call ${name}`));
  return {
    orgUrl: "https://dev.azure.com/contoso",
    async listPlans(_project, token) {
      request("GET testplan/Plans");
      return paged([{ id: 10, name: "QT plan", rootSuite: { id: 11 } }], token);
    },
    async listPoints(_project, planId, suiteId, { continuationToken }) {
      request(`GET testplan/Plans/${planId}/Suites/${suiteId}/TestPoint`);
      const raw: RawPoint[] = world.points.map((p) => ({
        id: p.id,
        testPlan: { id: planId },
        testSuite: { id: suiteId },
        testCaseReference: { id: p.id + 1000, name: `Case ${p.id}` },
        // Only passed points have been run here: a failed one stands for a point whose run the service dropped.
        results: {
          outcome: p.outcome,
          ...(p.outcome === "passed" ? { lastTestRunId: 500 + p.id, lastResultId: 100_000 + p.id } : {}),
        },
      }));
      return paged(raw, continuationToken);
    },
    async queryWiql(_project, wiql, top) {
      request("POST wit/wiql");
      const above = Number(/\[System\.Id\] > (\d+)/.exec(wiql)?.[1] ?? 0);
      return world.defects
        .map((d) => d.id)
        .filter((id) => id > above)
        .sort((a, b) => a - b)
        .slice(0, top);
    },
    getWorkItemsWithRelations: unused("getWorkItemsWithRelations"),
    async getWorkItems(_project, ids) {
      request("POST wit/workitemsbatch");
      const answer: (RawWorkItem | null)[] = [];
      for (const id of ids) {
        if (faults.dropped.has(id)) continue;
        const d = world.defects.find((x) => x.id === id);
        if (!d || faults.nulled.has(id)) {
          answer.push(null);
          continue;
        }
        answer.push({
          id,
          fields: {
            "System.Id": id,
            "System.Title": `Defect ${id}`,
            "System.WorkItemType": "Bug",
            "System.State": d.state,
            "Microsoft.VSTS.Common.Severity": d.severity,
          },
        });
      }
      // The real ports drop the nulls; this one hands them on too, to prove the reader copes either way.
      return answer as RawWorkItem[];
    },
    async getWorkItemTypeStates() {
      request("GET wit/workitemtypes/Bug/states");
      return [
        { name: "Active", category: "InProgress" },
        { name: "Closed", category: "Completed" },
      ];
    },
    listSuites: unused("listSuites"),
    listTestCases: unused("listTestCases"),
    listWorkItemTypes: unused("listWorkItemTypes"),
    listWorkItemTypeFields: unused("listWorkItemTypeFields"),
    getFieldAllowedValues: unused("getFieldAllowedValues"),
    async getAreaTree() {
      request("GET wit/classificationnodes/areas");
      return {
        id: 1,
        identifier: "root-guid",
        name: "QT",
        hasChildren: true,
        children: [{ id: 2, identifier: "abcd-guid", name: "ABCD-X", hasChildren: false }],
      };
    },
    async evaluatePermissions(checks) {
      request("POST security/permissionevaluationbatch");
      return checks.map((c) => !(world.hiddenArea && c.token.endsWith("abcd-guid")));
    },
    listWorkItemRevisions: unused("listWorkItemRevisions"),
    authenticatedUser: unused("authenticatedUser"),
    listTeamMembers: unused("listTeamMembers"),
    uploadAttachment: unused("uploadAttachment"),
    listAttachedFiles: unused("listAttachedFiles"),
    readAttachment: unused("readAttachment"),
    createWorkItem: unused("createWorkItem"),
    updateWorkItem: unused("updateWorkItem"),
    getDocument: unused("getDocument"),
    listDocuments: unused("listDocuments"),
    setDocument: unused("setDocument"),
    deleteDocument: unused("deleteDocument"),
    getAnalytics: unused("getAnalytics"),
    batchAnalytics: unused("batchAnalytics"),
  };
}

const direct: Caller = (_operation, fn) => fn();

async function read(world: World, faults: Faults = NO_FAULTS) {
  const facts = await readParticipantRole(ENTRY, SETTINGS, {
    port: memoryPort(world, faults),
    project: "QT",
    call: direct,
    limits: LIMITS,
  });
  const assessment = assess(facts, SETTINGS, approvals(), NOW);
  return { facts, assessment, gate: decideGate(assessment) };
}

const worldArb: fc.Arbitrary<World> = fc.record({
  points: fc
    .uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 10 })
    .chain((ids) =>
      fc.tuple(...ids.map((id) => fc.record({ id: fc.constant(id), outcome: fc.constantFrom("passed", "failed") }))),
    )
    .map((points) => points as World["points"]),
  defects: fc
    .uniqueArray(fc.integer({ min: 100, max: 400 }), { maxLength: 12 })
    .chain((ids) =>
      fc.tuple(
        ...ids.map((id) =>
          fc.record({
            id: fc.constant(id),
            severity: fc.constantFrom(...SEVERITIES),
            state: fc.constantFrom("Active", "Closed"),
          }),
        ),
      ),
    )
    .map((defects) => defects as World["defects"]),
});

describe("the reader proves its reads complete", () => {
  it("reads a world whole when nothing goes missing", async () => {
    const world: World = {
      points: [{ id: 1, outcome: "passed" }],
      defects: [101, 102, 103, 104, 105].map((id) => ({ id, severity: "4 - Low", state: "Closed" })),
    };
    const { facts, assessment } = await read(world);
    expect(facts.completeness).toEqual({ points: { complete: true }, defects: { complete: true } });
    expect(facts.defects.map((d) => d.id)).toEqual([101, 102, 103, 104, 105]);
    expect(assessment.counted).toEqual({ points: true, defects: true });
  });

  it("an area of the scope the caller may not view makes the defects incomplete, naming the area", async () => {
    // The query answers only with what the caller may read: here, nothing at all, as if there were no defects.
    const world: World = { hiddenArea: true, points: [{ id: 1, outcome: "passed" }], defects: [] };
    const { facts, assessment, gate } = await read(world);
    expect(facts.completeness.defects).toMatchObject({ complete: false });
    const reason = (facts.completeness.defects as { reason: string }).reason;
    expect(reason).toMatch(/may not view work items in area 'QT\\ABCD-X'/);
    expect(reason).toMatch(/View work items in this node/);
    expect(assessment.verdict).toBe("cannot-assess");
    expect(gate.outcome).toBe("cannot-assess");
    expect(gate.outputs).toEqual(CANNOT_ASSESS_OUTPUTS);
  });

  it.each([
    ["answered null", { nulled: new Set([102]), dropped: new Set<number>() }],
    ["left out", { nulled: new Set<number>(), dropped: new Set([102]) }],
  ])("a Sev2 the batch read %s makes the defects incomplete, naming it", async (_how, faults) => {
    const world: World = {
      points: [{ id: 1, outcome: "passed" }],
      defects: [
        { id: 101, severity: "4 - Low", state: "Active" },
        { id: 102, severity: "2 - High", state: "Active" },
      ],
    };
    const { facts, assessment, gate } = await read(world, faults);
    expect(facts.completeness.defects).toEqual({ complete: false, reason: unreadDefectsMessage([102]) });
    expect(unreadDefectsMessage([102])).toMatch(/^1 defect the query returned could not be read back \(#102\): /);
    expect(assessment.verdict).toBe("cannot-assess");
    expect(assessment.counted.defects).toBe(false);
    expect(gate.outcome).toBe("cannot-assess");
    expect(gate.outputs).toEqual(CANNOT_ASSESS_OUTPUTS);
  });

  it("names at most ten missing ids, and counts the rest", () => {
    const ids = Array.from({ length: 13 }, (_, i) => 200 - i);
    const message = unreadDefectsMessage(ids);
    expect(message).toMatch(/^13 defects the query returned could not be read back \(#188, #189, .*#197 and 3 more\)/);
  });

  it("for any world and any page or id that goes missing, nothing comes out better than cannot assess", async () => {
    await fc.assert(
      fc.asyncProperty(
        worldArb.chain((world) =>
          fc.tuple(
            fc.constant(world),
            fc.subarray(world.defects.map((d) => d.id)),
            fc.subarray(world.defects.map((d) => d.id)),
            fc.option(fc.nat(30), { nil: undefined }),
          ),
        ),
        async ([world, nulled, dropped, failingRequest]) => {
          const whole = await read(world);
          expect(whole.facts.completeness).toEqual({ points: { complete: true }, defects: { complete: true } });

          let made = 0;
          const counting: Faults = { nulled: new Set(nulled), dropped: new Set(dropped), failingRequest };
          // How many requests a faultless read makes, to know whether `failingRequest` hit one.
          const probe = memoryPort(world, NO_FAULTS);
          const countingPort = new Proxy(probe, {
            get(target, key, receiver) {
              const value = Reflect.get(target, key, receiver) as unknown;
              if (typeof value !== "function") return value;
              return (...args: unknown[]) => {
                made++;
                return (value as (...a: unknown[]) => unknown).apply(target, args);
              };
            },
          });
          await readParticipantRole(ENTRY, SETTINGS, {
            port: countingPort,
            project: "QT",
            call: direct,
            limits: LIMITS,
          });

          const faulted = await read(world, counting);
          const somethingMissing =
            nulled.length > 0 || dropped.length > 0 || (failingRequest !== undefined && failingRequest < made);
          if (somethingMissing) {
            expect(faulted.assessment.verdict).toBe("cannot-assess");
            expect(faulted.gate.outcome).toBe("cannot-assess");
            expect(faulted.gate.outputs).toEqual(CANNOT_ASSESS_OUTPUTS);
            if (nulled.length + dropped.length > 0)
              expect(faulted.facts.completeness.defects).toMatchObject({ complete: false });
          } else {
            expect(faulted.assessment.verdict).toBe(whole.assessment.verdict);
            expect(faulted.gate).toEqual(whole.gate);
          }
        },
      ),
      { numRuns: 250 },
    );
  });
});

describe("what a point is known by", () => {
  it("links its test case and, once run, its latest run and result", async () => {
    const { facts } = await read({
      points: [
        { id: 1, outcome: "passed" },
        { id: 2, outcome: "failed" },
      ],
      defects: [],
    });
    const [run, unrun] = facts.points;
    expect(run).toMatchObject({
      testCaseId: 1001,
      testCaseTitle: "Case 1",
      testCaseUrl: "https://dev.azure.com/contoso/QT/_workitems/edit/1001",
      lastRunId: 501,
      lastResultId: 100_001,
      runUrl: "https://dev.azure.com/contoso/QT/_testManagement/runs?_a=resultSummary&runId=501&resultId=100001",
    });
    expect(unrun.runUrl).toBeUndefined();
    expect(unrun.lastRunId).toBeUndefined();
  });
});

describe("reading many participant-roles", () => {
  const world: World = {
    points: [{ id: 1, outcome: "passed" }],
    defects: [{ id: 101, severity: "4 - Low", state: "Closed" }],
  };
  const entries = ["ABCD", "EFGH", "IJKL", "MNOP", "QRST"].map((mpid) => registryEntry({ mpid }));

  it("starts at most participantRolesInFlight at once, and hands each over with its index as it finishes", async () => {
    const port = memoryPort(world, NO_FAULTS);
    let running = 0;
    let most = 0;
    const slow: Caller = async (operation, fn) => {
      if (operation !== "POST wit/wiql") return fn();
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return fn();
    };
    const seen: [string, number][] = [];
    const facts = await readPortfolio(
      entries,
      SETTINGS,
      { port, project: "QT", call: slow, limits: LIMITS },
      (_done, _total, key, f, index) => {
        expect(f.participantRole).toBe(key);
        seen.push([key, index]);
      },
      { participantRolesInFlight: 2 },
    );
    expect(most).toBe(2);
    expect(facts.map((f) => f.participantRole)).toEqual(["ABCD-X", "EFGH-X", "IJKL-X", "MNOP-X", "QRST-X"]);
    expect([...seen].sort((a, b) => a[1] - b[1])).toEqual(facts.map((f, i) => [f.participantRole, i]));
  });
});
