import { generateProgramme } from "../../sandbox/generator";
import { SAMPLE_PAT } from "../../sandbox/generator/tokens";
import { ALL_ROUTES } from "../../sandbox/routes";
import { RunningSandbox, startSandbox } from "../../sandbox/server";
import { SandboxState, TestResult } from "../../sandbox/state";

/** The generated programme served end to end: what the API says must be what the state holds. */
let sandbox: RunningSandbox;
let state: SandboxState;

beforeAll(async () => {
  state = generateProgramme({ seed: 1, scale: 0.3 }).state;
  sandbox = await startSandbox({ state, routes: ALL_ROUTES });
});
afterAll(() => sandbox.close());

const auth = {
  authorization: `Basic ${Buffer.from(`:${SAMPLE_PAT}`).toString("base64")}`,
  accept: "application/json;api-version=7.1",
};

interface WirePoint {
  id: number;
  results: {
    outcome: string;
    lastResultState: string;
    lastTestRunId?: number;
    lastResultId?: number;
    lastResultDetails?: { dateCompleted: string };
  };
}

async function allPoints(planId: number, suiteId: number): Promise<WirePoint[]> {
  const project = encodeURIComponent(state.projects[0].name);
  const points: WirePoint[] = [];
  let token: string | null = null;
  do {
    const query: string = `isRecursive=true&includePointDetails=true${token ? `&continuationToken=${encodeURIComponent(token)}` : ""}`;
    const res = await fetch(
      `${sandbox.orgUrl}/${project}/_apis/testplan/Plans/${planId}/Suites/${suiteId}/TestPoint?${query}`,
      { headers: auth },
    );
    expect(res.status).toBe(200);
    points.push(...((await res.json()) as { value: WirePoint[] }).value);
    token = res.headers.get("x-ms-continuationtoken");
  } while (token);
  return points;
}

describe("the generated programme, served", () => {
  it("reports each point's own last result, even though result ids repeat across runs", async () => {
    const project = state.projects[0];
    const stored = new Map([...project.pointsBySuite.values()].flat().map((p) => [p.id, p]));
    const resultOf = (runId: number, id: number): TestResult | undefined =>
      project.resultsByRun.get(runId)?.find((r) => r.id === id);
    let checked = 0;
    for (const plan of [...project.plans.values()].slice(0, 6)) {
      for (const point of await allPoints(plan.id, plan.rootSuiteId)) {
        const own = stored.get(point.id)!;
        expect(point.results.outcome).toBe(own.outcome.charAt(0).toLowerCase() + own.outcome.slice(1));
        expect(point.results.lastTestRunId).toBe(own.lastRunId);
        if (own.lastRunId !== undefined && own.lastResultId !== undefined) {
          const result = resultOf(own.lastRunId, own.lastResultId)!;
          expect(point.results.lastResultDetails?.dateCompleted).toBe(result.completedDate ?? result.startedDate);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
