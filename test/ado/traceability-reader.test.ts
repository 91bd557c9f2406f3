import { AdoPort } from "../../src/ado/port";
import { createNodePort } from "../../src/ado/node-port";
import { Caller, ReaderDeps, readParticipantRole } from "../../src/ado/reader";
import { createResilientCaller } from "../../src/ado/resilience";
import {
  TESTED_BY_FORWARD,
  TraceShape,
  linkedWorkItemId,
  minimumTraceRequests,
  readTraceLinks,
  traceabilityOf,
} from "../../src/ado/traceability-reader";
import { emptyApprovals } from "../../src/core/approvals";
import { assess } from "../../src/core/assess";
import { Assessment } from "../../src/core/assessment";
import { ParticipantRoleFacts } from "../../src/core/facts";
import { RegistryEntry, Settings, registryKey } from "../../src/core/settings";
import { Traceability } from "../../src/core/traceability";
import { EdgeCaseKind, Programme, generateProgramme } from "../../sandbox/generator";
import { SAMPLE_PAT } from "../../sandbox/generator/tokens";
import { ALL_ROUTES } from "../../sandbox/routes";
import { RunningSandbox, startSandbox } from "../../sandbox/server";
import { ProjectState, WorkItem } from "../../sandbox/state";

/**
 * The traceability matrix's reads against the sample programme in-process (scale 0.3), through the real node port
 * and resilient caller: what they find is what the generator put there, in the fewest requests (counted from the
 * sandbox's log, without the node client's route discovery), and any failure means no matrix, never a partial one.
 */
const NOW = new Date("2025-06-01T12:00:00Z");

const isDiscovery = (e: { method: string; url: string }) =>
  e.method === "OPTIONS" || /\/_apis\/(resourceareas|location|connectiondata)\b/i.test(e.url);

const programme: Programme = generateProgramme({ seed: 1, scale: 0.3 });
const project: ProjectState = programme.state.projects[0];
let sandbox: RunningSandbox;
let port: AdoPort;

beforeAll(async () => {
  sandbox = await startSandbox({ state: programme.state, routes: ALL_ROUTES });
  port = createNodePort({ orgUrl: sandbox.orgUrl, token: SAMPLE_PAT });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.env.faults.set({ errorRate: 0, vanishedWorkItemIds: [], pathPattern: undefined });
});

const caller = (): Caller => {
  const c = createResilientCaller({ concurrency: 8, maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 });
  return (operation, fn, options) => c.call(operation, fn, options);
};
const deps = (): ReaderDeps => ({ port, project: project.name, call: caller() });

const edge = (kind: EdgeCaseKind, key?: string) =>
  programme.summary.edgeCases.filter((e) => e.kind === kind && (key === undefined || e.participantRole === key));
const entryOf = (settings: Settings, key: string): RegistryEntry =>
  settings.registry.find((e) => registryKey(e) === key)!;
const items = () => [...programme.state.workItems.values()];
const targets = (w: WorkItem, rel: string) => (w.relations ?? []).filter((r) => r.rel === rel).map((r) => r.targetId!);

/** A participant-role with every kind of gap: untraced tests, a defect linked to a test case by Tested By. */
const KEY = edge("defect-tests-a-case").find(
  (e) => edge("test-without-requirement", e.participantRole).length > 0,
)!.participantRole;

async function readAll(settings: Settings, key = KEY) {
  const entry = entryOf(settings, key);
  const facts: ParticipantRoleFacts = await readParticipantRole(entry, settings, deps());
  const assessment: Assessment = assess(facts, settings, emptyApprovals(), NOW);
  sandbox.env.log.clear();
  const read = await readTraceLinks(entry, settings, facts, deps());
  const requests = sandbox.env.log.list().filter((e) => !isDiscovery(e));
  return { entry, facts, assessment, read, requests, result: traceabilityOf(assessment, read) };
}

const matrix = (r: ReturnType<typeof traceabilityOf>): Traceability => {
  if (r.kind !== "read") throw new Error(r.reason);
  return r.traceability;
};

/** The requirements under the entry's area, as the state holds them. */
const requirementsOf = (entry: RegistryEntry) =>
  items().filter(
    (w) =>
      w.fields["System.WorkItemType"] === "Requirement" &&
      w.fields["System.AreaPath"] === entry.defectScope.areaPaths![0],
  );

describe("the traceability reads, with the sample settings' requirement scope (the defect scope's areas)", () => {
  it("finds every requirement in scope, each with its Tested By cases, and flags both kinds of gap", async () => {
    const { entry, facts, read, result } = await readAll(programme.settings);
    expect(read.completeness).toEqual({ complete: true });
    expect(read.links?.source).toBe("scope");
    const t = matrix(result);
    const expected = requirementsOf(entry);
    expect(t.rows.map((r) => r.requirement.id)).toEqual(expected.map((w) => w.id).sort((a, b) => a - b));
    for (const w of expected) {
      const row = t.rows.find((r) => r.requirement.id === w.id)!;
      expect(row.requirement.title).toBe(w.fields["System.Title"]);
      expect(row.requirement.state).toBe(w.fields["System.State"]);
      expect(row.requirement.url).toBe(`${sandbox.orgUrl}/${encodeURIComponent(project.name)}/_workitems/edit/${w.id}`);
      expect(row.cases.map((c) => c.testCaseId)).toEqual(targets(w, TESTED_BY_FORWARD).sort((a, b) => a - b));
    }
    const [untested] = edge("requirement-without-test", KEY)[0].ids;
    const [suited] = edge("requirement-suite-without-cases", KEY)[0].ids;
    expect(t.rows.find((r) => r.requirement.id === untested)?.status).toBe("no-test");
    expect(t.rows.find((r) => r.requirement.id === suited)?.status).toBe("no-test");
    expect(t.untraced.map((u) => u.testCaseId)).toEqual(
      [...edge("test-without-requirement", KEY)[0].ids].sort((a, b) => a - b),
    );
    // Each traced case's results are its points, one per configuration.
    const pointsByCase = new Map<number, number>();
    for (const p of facts.points) pointsByCase.set(p.testCaseId, (pointsByCase.get(p.testCaseId) ?? 0) + 1);
    for (const row of t.rows)
      for (const c of row.cases) expect(c.results).toHaveLength(pointsByCase.get(c.testCaseId) ?? 0);
  });

  it("links defects to the requirements and cases they are linked to, and never takes a defect for a requirement", async () => {
    const { read, facts } = await readAll(programme.settings);
    const defectIds = new Set(facts.defects.map((d) => d.id));
    for (const id of edge("defect-tests-a-case", KEY)[0].ids) {
      const bug = programme.state.workItems.get(id)!;
      expect(read.links?.defectLinks.get(id)).toEqual(expect.arrayContaining(targets(bug, TESTED_BY_FORWARD)));
    }
    expect(read.links?.requirements.some((r) => defectIds.has(r.id))).toBe(false);
  });

  it("makes the fewest requests: suites, the scope's area check and query, requirements and cases by 200", async () => {
    const { entry, facts, read, requests } = await readAll(programme.settings);
    const planId = entry.testPlans[0].planId;
    const shape: TraceShape = {
      suitesPerPlan: [[...project.suites.values()].filter((s) => s.planId === planId).length],
      testCases: new Set(facts.points.map((p) => p.testCaseId)).size,
      defects: facts.defects.length,
      scoped: { requirements: read.links!.requirements.length, areaNodes: 1 },
    };
    const minimum = minimumTraceRequests(shape);
    expect(minimum).toMatchObject({ suitePages: 1, wiqlQueries: 1, areaChecks: 2, requirementBatches: 1 });
    expect(requests).toHaveLength(minimum.total);
    expect(requests.filter((r) => /workitemsbatch/i.test(r.url))).toHaveLength(
      minimum.requirementBatches + minimum.testCaseBatches,
    );
  });
});

describe("the traceability reads, with no requirement scope (requirements are what the tests link to)", () => {
  const linked = () => ({ ...programme.settings, traceability: undefined });

  it("takes the requirements the cases' Tests links and the requirement-based suites name, and no defect", async () => {
    const { entry, read, result } = await readAll(linked());
    expect(read.links?.source).toBe("links");
    const t = matrix(result);
    const [untested] = edge("requirement-without-test", KEY)[0].ids;
    const [suited] = edge("requirement-suite-without-cases", KEY)[0].ids;
    const expected = requirementsOf(entry)
      .filter((w) => targets(w, TESTED_BY_FORWARD).length > 0 || w.id === suited)
      .map((w) => w.id)
      .sort((a, b) => a - b);
    expect(t.rows.map((r) => r.requirement.id)).toEqual(expected);
    expect(t.rows.some((r) => r.requirement.id === untested)).toBe(false);
    // Only an empty requirement-based suite can show a requirement without a test.
    expect(t.rows.filter((r) => r.status === "no-test").map((r) => r.requirement.id)).toEqual([suited]);
    expect(t.rows.every((r) => r.requirement.workItemType === "Requirement")).toBe(true);
  });

  it("makes the fewest requests: suites, cases by 200, then the candidates by 200", async () => {
    const { entry, facts, requests } = await readAll(linked());
    const caseIds = new Set(facts.points.map((p) => p.testCaseId));
    const defectIds = new Set(facts.defects.map((d) => d.id));
    const candidates = new Set<number>(edge("requirement-suite-without-cases", KEY)[0].ids);
    for (const id of caseIds)
      for (const r of programme.state.workItems.get(id)!.relations ?? [])
        if (r.rel === "Microsoft.VSTS.Common.TestedBy-Reverse" && !defectIds.has(r.targetId!))
          candidates.add(r.targetId!);
    const planId = entry.testPlans[0].planId;
    const minimum = minimumTraceRequests({
      suitesPerPlan: [[...project.suites.values()].filter((s) => s.planId === planId).length],
      testCases: caseIds.size,
      defects: defectIds.size,
      linkedCandidates: candidates.size,
    });
    expect(requests).toHaveLength(minimum.total);
    expect(minimum.wiqlQueries + minimum.areaChecks).toBe(0);
  });
});

describe("the traceability reads fail closed", () => {
  it("gives no matrix, only the reason, when a batch keeps failing", async () => {
    const entry = entryOf(programme.settings, KEY);
    const facts = await readParticipantRole(entry, programme.settings, deps());
    sandbox.env.faults.set({ errorRate: 1, pathPattern: "workitemsbatch" });
    const read = await readTraceLinks(entry, programme.settings, facts, deps());
    expect(read.links).toBeUndefined();
    expect(read.completeness).toMatchObject({ complete: false });
    if (!read.completeness.complete) expect(read.completeness.reason).toMatch(/POST wit\/workitemsbatch failed/);
    const result = traceabilityOf(assess(facts, programme.settings, emptyApprovals(), NOW), read);
    expect(result.kind).toBe("cannot-assess");
  });

  it("gives no matrix when a requirement the query returned cannot be read back", async () => {
    const entry = entryOf(programme.settings, KEY);
    const facts = await readParticipantRole(entry, programme.settings, deps());
    const [gone] = edge("requirement-without-test", KEY)[0].ids;
    sandbox.env.faults.set({ vanishedWorkItemIds: [gone] });
    const read = await readTraceLinks(entry, programme.settings, facts, deps());
    expect(read.links).toBeUndefined();
    if (!read.completeness.complete) expect(read.completeness.reason).toContain(`#${gone}`);
  });

  it("reads nothing when the assessment's points or defects were not read completely", async () => {
    const entry = entryOf(programme.settings, KEY);
    const facts = await readParticipantRole(entry, programme.settings, deps());
    sandbox.env.log.clear();
    const read = await readTraceLinks(
      entry,
      programme.settings,
      { ...facts, completeness: { ...facts.completeness, defects: { complete: false, reason: "WIQL failed" } } },
      deps(),
    );
    expect(read.completeness).toEqual({
      complete: false,
      reason: "The traceability matrix cannot be shown: the defects were not read completely (WIQL failed)",
    });
    expect(sandbox.env.log.list().filter((e) => !isDiscovery(e))).toHaveLength(0);
  });
});

describe("a requirement-based suite holding test cases", () => {
  it("traces the cases of its points to its requirement", async () => {
    // A suite the sample programme does not have (its plans' points must stay as they are): added here.
    const entry = entryOf(programme.settings, KEY);
    const plan = project.plans.get(entry.testPlans[0].planId)!;
    const root = project.suites.get(plan.rootSuiteId)!;
    const caseId = edge("test-without-requirement", KEY)[0].ids[0];
    const requirementId = Math.max(...programme.state.workItems.keys()) + 1;
    programme.state.workItems.set(requirementId, {
      id: requirementId,
      rev: 1,
      fields: {
        "System.WorkItemType": "Requirement",
        "System.Title": "Handle a late reading",
        "System.State": "Active",
        "System.AreaPath": entry.defectScope.areaPaths![0],
        "System.TeamProject": project.name,
      },
    });
    const suiteId = Math.max(...project.suites.keys()) + 1;
    project.suites.set(suiteId, {
      id: suiteId,
      planId: plan.id,
      parentSuiteId: root.id,
      name: `${requirementId} : Handle a late reading`,
      suiteType: "requirementTestSuite",
      requirementId,
      childSuiteIds: [],
      testCaseIds: [caseId],
      revision: 1,
      lastUpdatedDate: root.lastUpdatedDate,
    });
    root.childSuiteIds.push(suiteId);
    const pointId = Math.max(...[...project.pointsBySuite.values()].flat().map((p) => p.id)) + 1;
    const model = [...project.pointsBySuite.values()].flat().find((p) => p.testCaseId === caseId)!;
    project.pointsBySuite.set(suiteId, [{ ...model, id: pointId, suiteId, outcome: "passed", state: "Completed" }]);
    try {
      for (const settings of [programme.settings, { ...programme.settings, traceability: undefined }]) {
        const { result } = await readAll(settings);
        const t = matrix(result);
        const row = t.rows.find((r) => r.requirement.id === requirementId)!;
        expect(row.cases.map((c) => [c.testCaseId, c.via])).toEqual([[caseId, ["suite"]]]);
        expect(row.cases[0].results.map((r) => r.pointId)).toContain(pointId);
        expect(t.untraced.some((u) => u.testCaseId === caseId)).toBe(false);
      }
    } finally {
      root.childSuiteIds.pop();
      project.suites.delete(suiteId);
      project.pointsBySuite.delete(suiteId);
      programme.state.workItems.delete(requirementId);
    }
  });
});

describe("linkedWorkItemId", () => {
  it("reads the id of a work item link and nothing else", () => {
    expect(linkedWorkItemId("https://dev.azure.com/org/_apis/wit/workItems/123")).toBe(123);
    expect(linkedWorkItemId("https://dev.azure.com/org/_apis/wit/attachments/0a1b")).toBeUndefined();
    expect(linkedWorkItemId(undefined)).toBeUndefined();
  });
});
