import { badRequest } from "../http/errors";
import { RequestContext } from "../http/router";
import { RouteModule, SandboxEnv } from "../server";
import { TestPlan, TestPoint, TestSuite } from "../state";
import { pageByKey, parseToken, withContinuation } from "./continuation";
import { boolQuery, idsQuery, requireProject, testObjectNotFound, toInt } from "./refs";
import {
  DEFAULT_TEST_CASE_FIELDS,
  SuiteExpansion,
  TestPlanView,
  testCaseWire,
  testConfigurationWire,
  testPlanWire,
  testPointWire,
  testSuiteWire,
} from "./testplan-shapes";

/**
 * The testplan area (`{project}/_apis/testplan/...`), read side: plans, suites (flat or as a tree), test points
 * of a suite (optionally its whole subtree), test cases of a suite and configurations. Lists page like the
 * service: at most 200 items, the rest behind the `x-ms-continuationtoken` response header (see continuation.ts).
 * Everything needs the `vso.test` scope.
 */
export const testPlanRoutes: RouteModule = (router, env) => {
  const scope = "vso.test";
  const base = "/{org}/{project}/_apis/testplan";
  const suiteBase = `${base}/Plans/{planId}/Suites/{suiteId}`;
  router
    .add({ method: "GET", template: `${base}/plans`, scope, handler: (ctx) => listPlans(viewOf(env, ctx), ctx) })
    .add({
      method: "GET",
      template: `${base}/plans/{planId}`,
      scope,
      handler: (ctx) => {
        const view = viewOf(env, ctx);
        return testPlanWire(view, requirePlan(view, ctx), true);
      },
    })
    .add({
      method: "GET",
      template: `${base}/Plans/{planId}/Suites`,
      scope,
      handler: (ctx) => listSuites(viewOf(env, ctx), ctx),
    })
    .add({
      method: "GET",
      template: suiteBase,
      scope,
      handler: (ctx) => {
        const view = viewOf(env, ctx);
        const suite = requireSuite(view, requirePlan(view, ctx), ctx);
        return testSuiteWire(view, suite, parseExpand(ctx.query.get("expand")));
      },
    })
    .add({
      method: "GET",
      template: `${suiteBase}/TestPoint`,
      scope,
      handler: (ctx) => listPoints(viewOf(env, ctx), ctx),
    })
    .add({
      method: "GET",
      template: `${suiteBase}/TestPoint/{pointIds}`,
      scope,
      handler: (ctx) => pointsById(viewOf(env, ctx), ctx, ctx.params.pointIds),
    })
    .add({
      method: "GET",
      template: `${suiteBase}/TestCase`,
      scope,
      handler: (ctx) => listTestCases(viewOf(env, ctx), ctx),
    })
    .add({
      method: "GET",
      template: `${suiteBase}/TestCase/{testCaseId}`,
      scope,
      handler: (ctx) => listTestCases(viewOf(env, ctx), ctx, idList(ctx.params.testCaseId, "testCaseId")),
    })
    .add({
      method: "GET",
      template: `${base}/configurations`,
      scope,
      handler: (ctx) => {
        const view = viewOf(env, ctx);
        const all = [...view.project.configurations.values()].sort((a, b) => a.id - b.id);
        const page = pageByKey(all, (c) => c.id, parseToken(ctx.query.get("continuationtoken")));
        return withContinuation(page, ctx.headers).map((c) => testConfigurationWire(view, c));
      },
    })
    .add({
      method: "GET",
      template: `${base}/configurations/{configurationId}`,
      scope,
      handler: (ctx) => {
        const view = viewOf(env, ctx);
        const id = toInt(ctx.params.configurationId, "testConfigurationId");
        const configuration = view.project.configurations.get(id);
        if (!configuration) throw testObjectNotFound(`Test configuration ${id} not found.`);
        return testConfigurationWire(view, configuration);
      },
    });
};

function viewOf(env: SandboxEnv, ctx: RequestContext): TestPlanView {
  const state = env.state();
  return new TestPlanView(state, requireProject(state, ctx), env.orgUrl());
}

function requirePlan(view: TestPlanView, ctx: RequestContext): TestPlan {
  const id = toInt(ctx.params.planId, "planId");
  const plan = view.project.plans.get(id);
  if (!plan) throw testObjectNotFound(`Test plan ${id} not found.`);
  return plan;
}

function requireSuite(view: TestPlanView, plan: TestPlan, ctx: RequestContext): TestSuite {
  const id = toInt(ctx.params.suiteId, "suiteId");
  const suite = view.project.suites.get(id);
  if (!suite) throw testObjectNotFound(`Test suite ${id} not found.`);
  if (suite.planId !== plan.id) throw testObjectNotFound(`Test suite ${id} does not exist in test plan ${plan.id}.`);
  return suite;
}

function idList(value: string, name: string): Set<number> {
  return new Set(
    value
      .split(",")
      .filter((s) => s.trim() !== "")
      .map((s) => toInt(s, name)),
  );
}

function listPlans(view: TestPlanView, ctx: RequestContext): unknown[] {
  const owner = ctx.query.get("owner")?.toLowerCase();
  const activeOnly = boolQuery(ctx, "filterActivePlans", false);
  const details = boolQuery(ctx, "includePlanDetails", false);
  const token = parseToken(ctx.query.get("continuationtoken"));
  const plans = [...view.project.plans.values()]
    .filter((p) => !activeOnly || p.state === "Active")
    .filter(
      (p) => !owner || [p.owner.id, p.owner.displayName, p.owner.uniqueName].some((v) => v.toLowerCase() === owner),
    )
    .sort((a, b) => a.id - b.id);
  return withContinuation(
    pageByKey(plans, (p) => p.id, token),
    ctx.headers,
  ).map((p) => testPlanWire(view, p, details));
}

/** `expand` as names (`Children, DefaultTesters`) or SuiteExpand's numbers (the node client sends `1`). */
export function parseExpand(value: string | undefined): SuiteExpansion {
  let flags = 0;
  for (const part of (value ?? "").split(",").map((s) => s.trim().toLowerCase())) {
    if (part === "" || part === "none") continue;
    else if (part === "children") flags |= 1;
    else if (part === "defaulttesters") flags |= 2;
    else if (/^\d+$/.test(part) && Number(part) <= 3) flags |= Number(part);
    else throw badRequest(`The value '${value}' is not valid for expand.`);
  }
  return { children: (flags & 1) !== 0, defaultTesters: (flags & 2) !== 0 };
}

function listSuites(view: TestPlanView, ctx: RequestContext): unknown[] {
  const plan = requirePlan(view, ctx);
  const expand = parseExpand(ctx.query.get("expand"));
  const token = parseToken(ctx.query.get("continuationtoken"));
  if (boolQuery(ctx, "asTreeView", false)) {
    const root = view.project.suites.get(plan.rootSuiteId);
    return root ? [testSuiteWire(view, root, expand, true)] : [];
  }
  const suites = [...view.project.suites.values()].filter((s) => s.planId === plan.id).sort((a, b) => a.id - b.id);
  return withContinuation(
    pageByKey(suites, (s) => s.id, token),
    ctx.headers,
  ).map((s) => testSuiteWire(view, s, expand));
}

/** The suite and, when recursive, every suite below it (depth first, each once). */
function suiteTree(view: TestPlanView, suite: TestSuite, recursive: boolean): TestSuite[] {
  if (!recursive) return [suite];
  const out: TestSuite[] = [];
  const seen = new Set<number>();
  const stack = [suite];
  while (stack.length > 0) {
    const next = stack.pop() as TestSuite;
    if (seen.has(next.id)) continue;
    seen.add(next.id);
    out.push(next);
    for (const id of [...next.childSuiteIds].reverse()) {
      const child = view.project.suites.get(id);
      if (child) stack.push(child);
    }
  }
  return out;
}

function pointOptions(ctx: RequestContext) {
  return {
    details: boolQuery(ctx, "includePointDetails", true),
    identityRef: boolQuery(ctx, "returnIdentityRef", false),
  };
}

function listPoints(view: TestPlanView, ctx: RequestContext): unknown[] {
  const pointId = ctx.query.get("pointid");
  if (pointId !== undefined && pointId !== "") return pointsById(view, ctx, pointId);
  const plan = requirePlan(view, ctx);
  const suite = requireSuite(view, plan, ctx);
  const recursive = boolQuery(ctx, "isRecursive", false);
  const options = pointOptions(ctx);
  const pointIds = idsQuery(ctx, "testPointIds");
  const testCaseIds = idsQuery(ctx, "testCaseId");
  const token = parseToken(ctx.query.get("continuationtoken"), true);
  const suites = suiteTree(view, suite, recursive);
  let points: TestPoint[] = suites.flatMap((s) => view.project.pointsBySuite.get(s.id) ?? []);
  if (suites.length > 1) points.sort((a, b) => a.id - b.id);
  if (pointIds || testCaseIds) {
    points = points.filter((p) => (!pointIds || pointIds.has(p.id)) && (!testCaseIds || testCaseIds.has(p.testCaseId)));
  }
  return withContinuation(
    pageByKey(points, (p) => p.id, token),
    ctx.headers,
  ).map((p) => testPointWire(view, p, options));
}

/** GetPoints: named points of one suite, unpaged (`pointId=1,2` or `.../TestPoint/1,2`). */
function pointsById(view: TestPlanView, ctx: RequestContext, ids: string): unknown[] {
  const suite = requireSuite(view, requirePlan(view, ctx), ctx);
  const wanted = idList(ids, "pointId");
  const options = pointOptions(ctx);
  return (view.project.pointsBySuite.get(suite.id) ?? [])
    .filter((p) => wanted.has(p.id))
    .map((p) => testPointWire(view, p, options));
}

/** ExcludeFlags as names or numbers: PointAssignments = 1, ExtraInformation = 2. */
function parseExcludeFlags(value: string | undefined): number {
  let flags = 0;
  for (const part of (value ?? "").split(",").map((s) => s.trim().toLowerCase())) {
    if (part === "" || part === "none") continue;
    else if (part === "pointassignments") flags |= 1;
    else if (part === "extrainformation") flags |= 2;
    else if (/^\d+$/.test(part) && Number(part) <= 3) flags |= Number(part);
    else throw badRequest(`The value '${value}' is not valid for excludeFlags.`);
  }
  return flags;
}

interface SuiteEntry {
  suite: TestSuite;
  testCaseId: number;
  /** 1-based position of the test case in its suite. */
  order: number;
}

/**
 * Test cases of a suite (GetTestCaseList), or the named ones (GetTestCase). Pages by the test case's order in
 * the suite, or by test case id when recursive, as the service does.
 */
function listTestCases(view: TestPlanView, ctx: RequestContext, only?: Set<number>): unknown[] {
  const suite = requireSuite(view, requirePlan(view, ctx), ctx);
  const recursive = only === undefined && boolQuery(ctx, "isRecursive", false);
  const testIds = only ?? idsQuery(ctx, "testIds");
  const configurationIds = only ? undefined : idsQuery(ctx, "configurationIds");
  const exclude = only ? 0 : parseExcludeFlags(ctx.query.get("excludeflags"));
  const expand = only ? true : boolQuery(ctx, "expand", true);
  const witFields = (ctx.query.get("witfields") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const options = {
    extraInformation: expand && (exclude & 2) === 0,
    pointAssignments: (exclude & 1) === 0,
    identityRef: boolQuery(ctx, "returnIdentityRef", false),
    fields: witFields.length > 0 ? witFields : DEFAULT_TEST_CASE_FIELDS,
  };
  const pointsOf = new Map<number, Map<number, TestPoint[]>>();
  const pointsFor = (s: TestSuite, testCaseId: number): TestPoint[] => {
    let bySuite = pointsOf.get(s.id);
    if (!bySuite) {
      bySuite = new Map();
      for (const p of view.project.pointsBySuite.get(s.id) ?? []) {
        const list = bySuite.get(p.testCaseId) ?? [];
        list.push(p);
        bySuite.set(p.testCaseId, list);
      }
      pointsOf.set(s.id, bySuite);
    }
    return bySuite.get(testCaseId) ?? [];
  };
  let entries: SuiteEntry[] = suiteTree(view, suite, recursive).flatMap((s) =>
    s.testCaseIds.map((testCaseId, i) => ({ suite: s, testCaseId, order: i + 1 })),
  );
  if (testIds) entries = entries.filter((e) => testIds.has(e.testCaseId));
  if (configurationIds) {
    entries = entries.filter((e) => {
      const configured = new Set(pointsFor(e.suite, e.testCaseId).map((p) => p.configurationId));
      return [...configurationIds].every((id) => configured.has(id));
    });
  }
  const render = (e: SuiteEntry) =>
    testCaseWire(view, e.suite, e.testCaseId, e.order, pointsFor(e.suite, e.testCaseId), options);
  if (only) return entries.map(render);
  if (recursive) entries.sort((a, b) => a.testCaseId - b.testCaseId || a.suite.id - b.suite.id);
  const key = recursive ? (e: SuiteEntry) => e.testCaseId : (e: SuiteEntry) => e.order;
  return withContinuation(pageByKey(entries, key, parseToken(ctx.query.get("continuationtoken"))), ctx.headers).map(
    render,
  );
}
