import { badRequest } from "../http/errors";
import { RequestContext } from "../http/router";
import { wireDate } from "../http/wire";
import { RouteModule, SandboxEnv } from "../server";
import { ProjectState, TestPoint, TestResult, TestRun } from "../state";
import {
  boolQuery,
  identityRef,
  idsQuery,
  intQuery,
  requireProject,
  shallow,
  testObjectNotFound,
  toInt,
  topSkip,
} from "./refs";
import { TestPlanView } from "./testplan-shapes";

/**
 * The legacy Test area (`{project}/_apis/test/...`), read side: runs, results of a run and the points of a suite.
 * Unlike testplan, this API spells outcomes and states as plain PascalCase strings (`Passed`, `NotApplicable`,
 * `Completed`), never as enums, and pages with `$top`/`$skip`. Results of a run come 1,000 at a time at most
 * (200 with details), as the service documents; larger `$top` values are a 400.
 */
export const MAX_RESULTS = 1000;
export const MAX_RESULTS_WITH_DETAILS = 200;

/** The legacy TestOutcome names, for the `outcomes` filter (case-insensitive, or by number). */
const TEST_OUTCOMES = [
  "Unspecified",
  "None",
  "Passed",
  "Failed",
  "Inconclusive",
  "Timeout",
  "Aborted",
  "Blocked",
  "NotExecuted",
  "Warning",
  "Error",
  "NotApplicable",
  "Paused",
  "InProgress",
  "NotImpacted",
];

/** ResultDetails flags: Iterations = 1, WorkItems = 2, SubResults = 4, Point = 8. */
const RESULT_DETAILS: Record<string, number> = { none: 0, iterations: 1, workitems: 2, subresults: 4, point: 8 };

export const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

type Json = Record<string, unknown>;

export const legacyTestRoutes: RouteModule = (router, env) => {
  const scope = "vso.test";
  const base = "/{org}/{project}/_apis/test";
  router
    .add({ method: "GET", template: `${base}/runs`, scope, handler: (ctx) => listRuns(viewOf(env, ctx), ctx) })
    .add({
      method: "GET",
      template: `${base}/runs/{runId}`,
      scope,
      handler: (ctx) => {
        const view = viewOf(env, ctx);
        return runWire(view, requireRun(view.project, ctx), boolQuery(ctx, "includeDetails", true));
      },
    })
    .add({
      method: "GET",
      template: `${base}/Runs/{runId}/results`,
      scope,
      handler: (ctx) => listResults(viewOf(env, ctx), ctx),
    })
    .add({
      method: "GET",
      template: `${base}/Runs/{runId}/results/{resultId}`,
      scope,
      handler: (ctx) => {
        const view = viewOf(env, ctx);
        const run = requireRun(view.project, ctx);
        const id = toInt(ctx.params.resultId, "testCaseResultId");
        const result = (view.project.resultsByRun.get(run.id) ?? []).find((r) => r.id === id);
        if (!result) throw testObjectNotFound(`Test result ${run.id}.${id} not found.`);
        return resultWire(view, run, result, parseDetails(ctx.query.get("detailstoinclude")));
      },
    })
    .add({
      method: "GET",
      template: `${base}/Plans/{planId}/Suites/{suiteId}/points`,
      scope,
      handler: (ctx) => listPoints(viewOf(env, ctx), ctx),
    })
    .add({
      method: "GET",
      template: `${base}/Plans/{planId}/Suites/{suiteId}/points/{pointId}`,
      scope,
      handler: (ctx) => {
        const view = viewOf(env, ctx);
        const id = toInt(ctx.params.pointId, "pointIds");
        const point = suitePoints(view, ctx).find((p) => p.id === id);
        if (!point) throw testObjectNotFound(`Test point ${id} not found.`);
        return pointWire(view, point, true, witFields(ctx));
      },
    });
};

function viewOf(env: SandboxEnv, ctx: RequestContext): TestPlanView {
  const state = env.state();
  return new TestPlanView(state, requireProject(state, ctx), env.orgUrl());
}

function requireRun(project: ProjectState, ctx: RequestContext): TestRun {
  const id = toInt(ctx.params.runId, "runId");
  const run = project.runs.get(id);
  if (!run) throw testObjectNotFound(`Test run ${id} not found.`);
  return run;
}

function runStatistics(results: readonly TestResult[]): Json[] {
  const counts = new Map<string, { state: string; outcome: string; count: number }>();
  for (const r of results) {
    const key = `${r.state}|${r.outcome}`;
    const entry = counts.get(key) ?? { state: r.state, outcome: pascal(r.outcome), count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()];
}

function runWire(view: TestPlanView, run: TestRun, details: boolean): Json {
  const plan = view.project.plans.get(run.planId);
  const url = `${view.projectUrl}/_apis/test/Runs/${run.id}`;
  const basic: Json = {
    id: run.id,
    name: run.name,
    url,
    isAutomated: run.isAutomated,
    iteration: plan?.iteration,
    owner: identityRef(view.orgUrl, run.owner),
    startedDate: wireDate(run.startedDate),
    completedDate: wireDate(run.completedDate),
    state: run.state,
    plan: shallow(
      run.planId,
      details ? plan?.name : undefined,
      details ? `${view.projectUrl}/_apis/test/Plans/${run.planId}` : undefined,
    ),
    revision: 1,
  };
  if (!details) return basic;
  const results = view.project.resultsByRun.get(run.id) ?? [];
  const count = (outcome: string) => results.filter((r) => pascal(r.outcome) === outcome).length;
  const lastUpdated = run.completedDate ?? run.startedDate;
  return {
    ...basic,
    postProcessState: "Complete",
    totalTests: results.length,
    incompleteTests: results.filter((r) => r.state !== "Completed").length,
    notApplicableTests: count("NotApplicable"),
    passedTests: count("Passed"),
    unanalyzedTests: count("Failed"),
    createdDate: wireDate(run.startedDate),
    lastUpdatedDate: wireDate(lastUpdated),
    lastUpdatedBy: identityRef(view.orgUrl, run.owner),
    project: shallow(view.project.id, view.project.name, `${view.orgUrl}/_apis/projects/${view.project.id}`),
    webAccessUrl: `${view.projectUrl}/_TestManagement/Runs?runId=${run.id}&_a=runCharts`,
    runStatistics: runStatistics(results),
  };
}

function listRuns(view: TestPlanView, ctx: RequestContext): Json[] {
  const planId = intQuery(ctx, "planId");
  const details = boolQuery(ctx, "includeRunDetails", false);
  const automatedText = ctx.query.get("automated");
  const automated =
    automatedText === undefined || automatedText === "" ? undefined : boolQuery(ctx, "automated", false);
  const owner = ctx.query.get("owner")?.toLowerCase();
  const { top, skip } = topSkip(ctx, 2147483647);
  const runs = [...view.project.runs.values()]
    .filter((r) => planId === undefined || planId === -1 || r.planId === planId)
    .filter((r) => automated === undefined || r.isAutomated === automated)
    .filter(
      (r) => !owner || [r.owner.id, r.owner.displayName, r.owner.uniqueName].some((v) => v.toLowerCase() === owner),
    )
    .sort((a, b) => a.id - b.id);
  return runs.slice(skip, skip + top).map((r) => runWire(view, r, details));
}

function parseDetails(value: string | undefined): number {
  let flags = 0;
  for (const part of (value ?? "").split(",").map((s) => s.trim().toLowerCase())) {
    if (part === "") continue;
    const named = RESULT_DETAILS[part];
    if (named !== undefined) flags |= named;
    else if (/^\d+$/.test(part) && Number(part) < 16) flags |= Number(part);
    else throw badRequest(`The value '${value}' is not valid for detailsToInclude.`);
  }
  return flags;
}

function parseOutcomes(value: string | undefined): Set<string> | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const out = new Set<string>();
  for (const part of value.split(",").map((s) => s.trim())) {
    if (part === "") continue;
    const byName = TEST_OUTCOMES.find((o) => o.toLowerCase() === part.toLowerCase());
    const byNumber = /^\d+$/.test(part) ? TEST_OUTCOMES[Number(part)] : undefined;
    const outcome = byName ?? byNumber;
    if (!outcome)
      throw badRequest(`The value '${part}' is not valid for the argument 'outcome'.`, "InvalidPropertyException");
    out.add(outcome);
  }
  return out;
}

function listResults(view: TestPlanView, ctx: RequestContext): Json[] {
  const run = requireRun(view.project, ctx);
  const details = parseDetails(ctx.query.get("detailstoinclude"));
  const withDetails = (details & (RESULT_DETAILS.iterations | RESULT_DETAILS.workitems)) !== 0;
  const max = withDetails ? MAX_RESULTS_WITH_DETAILS : MAX_RESULTS;
  const { top, skip } = topSkip(ctx, max);
  if (top > max) {
    throw badRequest(
      `The number of test results requested ($top=${top}) exceeds the maximum of ${max}${withDetails ? " when details are included" : ""}. Use $skip and $top to fetch them in pages.`,
      "InvalidPropertyException",
    );
  }
  const outcomes = parseOutcomes(ctx.query.get("outcomes"));
  const results = [...(view.project.resultsByRun.get(run.id) ?? [])]
    .filter((r) => !outcomes || outcomes.has(pascal(r.outcome)))
    .sort((a, b) => a.id - b.id);
  return results.slice(skip, skip + top).map((r) => resultWire(view, run, r, details));
}

function resultWire(view: TestPlanView, run: TestRun, result: TestResult, details: number): Json {
  const configuration = view.configuration(result.configurationId);
  const plan = view.project.plans.get(run.planId);
  const point = (details & RESULT_DETAILS.point) !== 0 ? view.point(result.pointId) : undefined;
  const suite = point ? view.project.suites.get(point.suiteId) : undefined;
  const completed = result.completedDate;
  return {
    id: result.id,
    project: shallow(view.project.id, view.project.name, `${view.orgUrl}/_apis/projects/${view.project.id}`),
    startedDate: wireDate(result.startedDate),
    completedDate: wireDate(completed),
    durationInMs: completed ? Math.max(0, Date.parse(completed) - Date.parse(result.startedDate)) : undefined,
    outcome: pascal(result.outcome),
    revision: 1,
    runBy: identityRef(view.orgUrl, result.runBy),
    state: result.state,
    testCase: shallow(result.testCaseId, result.testCaseTitle),
    testRun: shallow(run.id, run.name, `${view.projectUrl}/_apis/test/Runs/${run.id}`),
    testPlan: shallow(run.planId, plan?.name, `${view.projectUrl}/_apis/test/Plans/${run.planId}`),
    testPoint: (details & RESULT_DETAILS.point) !== 0 ? shallow(result.pointId) : undefined,
    testSuite: suite ? shallow(suite.id, suite.name) : undefined,
    configuration: shallow(configuration.id, configuration.name),
    lastUpdatedDate: wireDate(completed ?? result.startedDate),
    lastUpdatedBy: identityRef(view.orgUrl, result.runBy),
    owner: identityRef(view.orgUrl, result.runBy),
    priority: 2,
    createdDate: wireDate(result.startedDate),
    url: `${view.projectUrl}/_apis/test/Runs/${run.id}/Results/${result.id}`,
    failureType: "None",
    testCaseTitle: result.testCaseTitle,
    testCaseRevision: 1,
    iterationDetails: (details & RESULT_DETAILS.iterations) !== 0 ? [] : undefined,
    associatedBugs: (details & RESULT_DETAILS.workitems) !== 0 ? [] : undefined,
  };
}

function suitePoints(view: TestPlanView, ctx: RequestContext): TestPoint[] {
  const planId = toInt(ctx.params.planId, "planId");
  if (!view.project.plans.has(planId)) throw testObjectNotFound(`Test plan ${planId} not found.`);
  const suiteId = toInt(ctx.params.suiteId, "suiteId");
  const suite = view.project.suites.get(suiteId);
  if (!suite || suite.planId !== planId)
    throw testObjectNotFound(`Test suite ${suiteId} not found in test plan ${planId}.`);
  return view.project.pointsBySuite.get(suiteId) ?? [];
}

const witFields = (ctx: RequestContext): string[] =>
  (ctx.query.get("witfields") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

function listPoints(view: TestPlanView, ctx: RequestContext): Json[] {
  const configurationIds = idsQuery(ctx, "configurationId");
  const testCaseIds = idsQuery(ctx, "testCaseId");
  const pointIds = idsQuery(ctx, "testPointIds");
  const details = boolQuery(ctx, "includePointDetails", false);
  const { top, skip } = topSkip(ctx, 2147483647);
  const fields = witFields(ctx);
  return suitePoints(view, ctx)
    .filter((p) => !configurationIds || configurationIds.has(p.configurationId))
    .filter((p) => !testCaseIds || testCaseIds.has(p.testCaseId))
    .filter((p) => !pointIds || pointIds.has(p.id))
    .slice(skip, skip + top)
    .map((p) => pointWire(view, p, details, fields));
}

function pointWire(view: TestPlanView, point: TestPoint, details: boolean, fields: string[]): Json {
  const configuration = view.configuration(point.configurationId);
  const item = view.workItem(point.testCaseId);
  const automation = item?.fields["Microsoft.VSTS.TCM.AutomationStatus"];
  const properties: Json[] = [
    { workItem: { key: "Microsoft.VSTS.TCM.AutomationStatus", value: automation ?? "Not Automated" } },
  ];
  for (const field of fields) {
    const value = item?.fields[field];
    if (value !== undefined && field !== "Microsoft.VSTS.TCM.AutomationStatus")
      properties.push({ workItem: { key: field, value } });
  }
  const pointsUrl = `${view.projectUrl}/_apis/test/Plans/${point.planId}/Suites/${point.suiteId}/Points`;
  const basic: Json = {
    id: point.id,
    url: `${pointsUrl}/${point.id}`,
    assignedTo: identityRef(view.orgUrl, point.tester),
    configuration: shallow(configuration.id, configuration.name),
    lastTestRun: point.lastRunId === undefined ? undefined : shallow(point.lastRunId),
    lastResult: point.lastResultId === undefined ? undefined : shallow(point.lastResultId),
    outcome: pascal(point.outcome),
    state: pascal(point.state),
    testCase: {
      id: String(point.testCaseId),
      name: view.title(point.testCaseId),
      url: `${view.orgUrl}/_apis/wit/workItems/${point.testCaseId}`,
    },
    workItemProperties: properties,
  };
  if (!details) return basic;
  const plan = view.project.plans.get(point.planId);
  const suite = view.project.suites.get(point.suiteId);
  const result = view.result(point.lastRunId, point.lastResultId);
  const completed = result ? (result.completedDate ?? result.startedDate) : undefined;
  return {
    ...basic,
    automated: automation === "Automated",
    testPlan: shallow(point.planId, plan?.name, `${view.projectUrl}/_apis/test/Plans/${point.planId}`),
    suite: shallow(
      point.suiteId,
      suite?.name,
      `${view.projectUrl}/_apis/test/Plans/${point.planId}/Suites/${point.suiteId}`,
    ),
    lastUpdatedDate: wireDate(point.lastUpdatedDate),
    lastUpdatedBy: identityRef(view.orgUrl, point.tester),
    revision: 1,
    lastResultState: result ? result.state : undefined,
    lastResultDetails:
      result && completed
        ? {
            dateCompleted: wireDate(completed),
            duration: Math.max(0, Date.parse(completed) - Date.parse(result.startedDate)),
            runBy: identityRef(view.orgUrl, result.runBy),
          }
        : undefined,
    failureType: "None",
    lastResolutionStateId: 0,
    lastResetToActive: result ? undefined : wireDate(point.lastUpdatedDate),
  };
}
