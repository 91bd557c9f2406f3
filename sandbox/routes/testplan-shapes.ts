import { EnumTable, wireDate, wireEnum } from "../http/wire";
import {
  Identity,
  ProjectState,
  SandboxState,
  TestConfiguration,
  TestPlan,
  TestPoint,
  TestResult,
  TestSuite,
  WorkItem,
} from "../state";
import { identityRef, identityText, projectRef } from "./refs";

/**
 * The testplan area's resources (TestPlan, TestSuite, TestPoint, TestCase, TestConfiguration) in the shapes of
 * the 7.1 spec. Enum members are WireEnums with azure-devops-extension-api's TestPlan numbering and the spec's
 * camelCase names, so each request gets names or numbers as its Accept header asks.
 */
export const OUTCOME: EnumTable = {
  unspecified: 0,
  none: 1,
  passed: 2,
  failed: 3,
  inconclusive: 4,
  timeout: 5,
  aborted: 6,
  blocked: 7,
  notExecuted: 8,
  warning: 9,
  error: 10,
  notApplicable: 11,
  paused: 12,
  inProgress: 13,
  notImpacted: 14,
};
export const RESULT_STATE: EnumTable = {
  unspecified: 0,
  pending: 1,
  queued: 2,
  inProgress: 3,
  paused: 4,
  completed: 5,
};
export const POINT_STATE: EnumTable = { none: 0, ready: 1, completed: 2, notReady: 3, inProgress: 4 };
export const FAILURE_TYPE: EnumTable = {
  none: 0,
  regression: 1,
  new_Issue: 2,
  known_Issue: 3,
  unknown: 4,
  null_Value: 5,
};
export const LAST_RESOLUTION_STATE: EnumTable = {
  none: 0,
  needsInvestigation: 1,
  testIssue: 2,
  productIssue: 3,
  configurationIssue: 4,
  nullValue: 5,
};
export const SUITE_TYPE: EnumTable = { none: 0, dynamicTestSuite: 1, staticTestSuite: 2, requirementTestSuite: 3 };
export const CONFIGURATION_STATE: EnumTable = { active: 1, inactive: 2 };

/** `Passed` → `passed`, `NotApplicable` → `notApplicable`: the state may hold either casing. */
export const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

type Json = Record<string, unknown>;

/** What shape builders need for one request: the project, its base URLs, and lookups built once per request. */
export class TestPlanView {
  /** Run id → result id → result, built for the runs a request touches. */
  private readonly resultIndex = new Map<number, Map<number, TestResult>>();
  private pointIndex?: Map<number, TestPoint>;
  private readonly identities = new Map<string, Json>();
  private projectReference?: Json;
  readonly projectUrl: string;

  constructor(
    readonly state: SandboxState,
    readonly project: ProjectState,
    readonly orgUrl: string,
  ) {
    this.projectUrl = `${orgUrl}/${encodeURIComponent(project.name)}`;
  }

  /** A point's last result: result ids restart in every run (as on the service), so the run is part of the key. */
  result(runId: number | undefined, id: number | undefined): TestResult | undefined {
    if (runId === undefined || id === undefined) return undefined;
    let byId = this.resultIndex.get(runId);
    if (!byId) {
      byId = new Map((this.project.resultsByRun.get(runId) ?? []).map((r) => [r.id, r]));
      this.resultIndex.set(runId, byId);
    }
    return byId.get(id);
  }

  point(id: number): TestPoint | undefined {
    if (!this.pointIndex) {
      this.pointIndex = new Map();
      for (const points of this.project.pointsBySuite.values()) for (const p of points) this.pointIndex.set(p.id, p);
    }
    return this.pointIndex.get(id);
  }

  workItem(id: number): WorkItem | undefined {
    return this.state.workItems.get(id);
  }

  title(testCaseId: number): string {
    const title = this.workItem(testCaseId)?.fields["System.Title"];
    return typeof title === "string" ? title : `Test case ${testCaseId}`;
  }

  /** IdentityRefs and the project reference repeat on every point of a page: built once, shared. */
  identity(who: Identity): Json {
    let ref = this.identities.get(who.id);
    if (!ref) this.identities.set(who.id, (ref = identityRef(this.orgUrl, who)));
    return ref;
  }

  projectRef(): Json {
    this.projectReference ??= projectRef(this.orgUrl, this.project);
    return this.projectReference;
  }

  configuration(id: number): TestConfiguration {
    return (
      this.project.configurations.get(id) ?? { id, name: `Configuration ${id}`, description: "", isDefault: false }
    );
  }
}

const href = (url: string) => ({ href: url });

export function suiteRef(suite: TestSuite): Json {
  return { id: suite.id, name: suite.name };
}

export function testPlanWire(view: TestPlanView, plan: TestPlan, details: boolean): Json {
  const root = view.project.suites.get(plan.rootSuiteId);
  const planUrl = `${view.projectUrl}/_apis/testplan/Plans/${plan.id}`;
  const basic: Json = {
    id: plan.id,
    project: view.projectRef(),
    rootSuite: { id: plan.rootSuiteId, name: root?.name ?? plan.name },
    _links: {
      _self: href(planUrl),
      clientUrl: href(`${view.projectUrl}/_testPlans/define?planId=${plan.id}`),
      rootSuite: href(`${planUrl}/Suites/${plan.rootSuiteId}`),
    },
    revision: plan.revision,
    name: plan.name,
    areaPath: plan.areaPath,
    iteration: plan.iteration,
    state: plan.state,
  };
  if (!details) return basic;
  return {
    ...basic,
    updatedDate: wireDate(plan.startDate),
    updatedBy: view.identity(plan.owner),
    owner: view.identity(plan.owner),
    description: plan.description,
    startDate: wireDate(plan.startDate),
    endDate: wireDate(plan.endDate),
    testOutcomeSettings: { syncOutcomeAcrossSuites: false },
  };
}

export interface SuiteExpansion {
  children: boolean;
  defaultTesters: boolean;
}

/**
 * A suite. `tree` gives the tree view's form (children nested all the way down, no project or links);
 * otherwise `expand.children` adds the direct children.
 */
export function testSuiteWire(view: TestPlanView, suite: TestSuite, expand: SuiteExpansion, tree = false): Json {
  const plan = view.project.plans.get(suite.planId);
  const parent = suite.parentSuiteId === undefined ? undefined : view.project.suites.get(suite.parentSuiteId);
  const suiteUrl = `${view.projectUrl}/_apis/testplan/Plans/${suite.planId}/Suites/${suite.id}`;
  const legacyUrl = `${view.projectUrl}/_apis/test/Plans/${suite.planId}/Suites/${suite.id}`;
  const children = suite.childSuiteIds
    .map((id) => view.project.suites.get(id))
    .filter((s): s is TestSuite => s !== undefined);
  const body: Json = {
    id: suite.id,
    revision: suite.revision,
    project: tree ? undefined : view.projectRef(),
    lastUpdatedBy: plan ? view.identity(plan.owner) : undefined,
    lastUpdatedDate: wireDate(suite.lastUpdatedDate),
    plan: { id: suite.planId, name: plan?.name ?? String(suite.planId) },
    _links: tree
      ? undefined
      : {
          _self: href(suiteUrl),
          testCases: href(`${legacyUrl}/TestCases`),
          testPoints: href(`${legacyUrl}/Points`),
          ...(parent
            ? { parent: href(`${view.projectUrl}/_apis/testplan/Plans/${suite.planId}/Suites/${parent.id}`) }
            : {}),
        },
    suiteType: wireEnum(SUITE_TYPE, suite.suiteType),
    requirementId: suite.requirementId,
    name: suite.name,
    parentSuite: parent ? suiteRef(parent) : undefined,
    inheritDefaultConfigurations: parent !== undefined,
    hasChildren: children.length > 0,
    defaultTesters: expand.defaultTesters && plan ? [view.identity(plan.owner)] : undefined,
  };
  if (tree) {
    if (children.length > 0) body.children = children.map((c) => testSuiteWire(view, c, expand, true));
  } else if (expand.children) {
    body.children = children.map((c) =>
      testSuiteWire(view, c, { children: false, defaultTesters: expand.defaultTesters }),
    );
  }
  return body;
}

export interface PointOptions {
  /** `includePointDetails` (the service's default is true). */
  details: boolean;
  /** `returnIdentityRef`: the test case's AssignedTo as an IdentityRef rather than a display string. */
  identityRef: boolean;
}

function testCaseReference(view: TestPlanView, testCaseId: number, asRef: boolean): Json {
  const item = view.workItem(testCaseId);
  const assigned = item?.fields["System.AssignedTo"];
  let assignedTo: Json | undefined;
  if (isIdentity(assigned)) assignedTo = asRef ? view.identity(assigned) : { displayName: identityText(assigned) };
  else if (typeof assigned === "string" && assigned !== "") assignedTo = { displayName: assigned };
  const state = item?.fields["System.State"];
  return {
    id: testCaseId,
    name: view.title(testCaseId),
    state: typeof state === "string" ? state : undefined,
    assignedTo,
  };
}

function isIdentity(value: unknown): value is Identity {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === "string" && typeof v.displayName === "string" && typeof v.uniqueName === "string";
}

function isAutomated(view: TestPlanView, testCaseId: number): boolean {
  return view.workItem(testCaseId)?.fields["Microsoft.VSTS.TCM.AutomationStatus"] === "Automated";
}

function lastResultState(point: TestPoint, result: TestResult | undefined): string {
  if (result) return camel(result.state);
  const outcome = camel(point.outcome);
  return outcome === "inProgress" || outcome === "paused" ? outcome : "unspecified";
}

export function testPointWire(view: TestPlanView, point: TestPoint, options: PointOptions): Json {
  const plan = view.project.plans.get(point.planId);
  const suite = view.project.suites.get(point.suiteId);
  const configuration = view.configuration(point.configurationId);
  const result = view.result(point.lastRunId, point.lastResultId);
  const results: Json = {
    outcome: wireEnum(OUTCOME, camel(point.outcome)),
    state: wireEnum(POINT_STATE, camel(point.state)),
    lastResultState: wireEnum(RESULT_STATE, lastResultState(point, result)),
    lastResultId: point.lastResultId,
    lastTestRunId: point.lastRunId,
  };
  const body: Json = {
    id: point.id,
    testPlan: { id: point.planId, name: plan?.name ?? String(point.planId) },
    testSuite: { id: point.suiteId, name: suite?.name ?? String(point.suiteId) },
    testCaseReference: testCaseReference(view, point.testCaseId, options.identityRef),
    configuration: { id: configuration.id, name: configuration.name },
    isActive: point.isActive,
    isAutomated: isAutomated(view, point.testCaseId),
    tester: view.identity(point.tester),
    lastUpdatedDate: wireDate(point.lastUpdatedDate),
    results,
  };
  if (!options.details) return body;
  if (result) {
    const completed = result.completedDate ?? result.startedDate;
    results.lastResultDetails = {
      dateCompleted: wireDate(completed),
      duration: Math.max(0, Date.parse(completed) - Date.parse(result.startedDate)),
      runBy: view.identity(result.runBy),
    };
  }
  results.failureType = wireEnum(FAILURE_TYPE, "none");
  results.lastResolutionState = wireEnum(LAST_RESOLUTION_STATE, "none");
  const planUrl = `${view.projectUrl}/_apis/testplan/Plans/${point.planId}`;
  return {
    ...body,
    lastUpdatedBy: view.identity(point.tester),
    lastResetToActive: result ? undefined : wireDate(point.lastUpdatedDate),
    project: view.projectRef(),
    links: {
      _self: href(`${planUrl}/Suites/${point.suiteId}/TestPoint/${point.id}`),
      sourcePlan: href(planUrl),
      sourceSuite: href(`${planUrl}/Suites/${point.suiteId}`),
      sourceProject: href(`${view.orgUrl}/_apis/projects/${view.project.id}`),
      testCases: href(`${planUrl}/Suites/${point.suiteId}/TestCase/${point.testCaseId}`),
      ...(point.lastRunId !== undefined ? { run: href(`${view.projectUrl}/_apis/test/Runs/${point.lastRunId}`) } : {}),
    },
  };
}

export interface TestCaseOptions {
  /** `expand` (default true); false is ExcludeFlags.ExtraInformation: no links, plan, suite or project. */
  extraInformation: boolean;
  /** ExcludeFlags.PointAssignments not set. */
  pointAssignments: boolean;
  identityRef: boolean;
  /** `witFields`: the work item fields to return; the service's default is a small set. */
  fields: string[];
}

export const DEFAULT_TEST_CASE_FIELDS = ["System.State", "System.AssignedTo", "Microsoft.VSTS.TCM.AutomationStatus"];

export function testCaseWire(
  view: TestPlanView,
  suite: TestSuite,
  testCaseId: number,
  order: number,
  points: readonly TestPoint[],
  options: TestCaseOptions,
): Json {
  const item = view.workItem(testCaseId);
  const workItemFields: Json[] = [];
  for (const field of options.fields) {
    const value = item?.fields[field];
    if (value === undefined) continue;
    workItemFields.push({
      [field]: isIdentity(value) ? (options.identityRef ? view.identity(value) : identityText(value)) : value,
    });
  }
  const plan = view.project.plans.get(suite.planId);
  const planUrl = `${view.projectUrl}/_apis/testplan/Plans/${suite.planId}`;
  return {
    testPlan: options.extraInformation ? { id: suite.planId, name: plan?.name ?? String(suite.planId) } : undefined,
    testSuite: options.extraInformation ? suiteRef(suite) : undefined,
    project: options.extraInformation ? view.projectRef() : undefined,
    workItem: { id: testCaseId, name: view.title(testCaseId), workItemFields },
    pointAssignments: options.pointAssignments
      ? points.map((p) => ({
          id: p.id,
          configurationName: view.configuration(p.configurationId).name,
          configurationId: p.configurationId,
          tester: view.identity(p.tester),
        }))
      : undefined,
    links: options.extraInformation
      ? {
          testPoints: href(`${planUrl}/Suites/${suite.id}/TestPoint?testCaseId=${testCaseId}`),
          configuration: href(`${view.projectUrl}/_apis/testplan/Configurations`),
          _self: href(`${planUrl}/Suites/${suite.id}/TestCase/${testCaseId}`),
          sourcePlan: href(planUrl),
          sourceSuite: href(`${planUrl}/Suites/${suite.id}`),
          sourceProject: href(`${view.orgUrl}/_apis/projects/${view.project.id}`),
        }
      : undefined,
    order,
  };
}

export function testConfigurationWire(view: TestPlanView, configuration: TestConfiguration): Json {
  return {
    id: configuration.id,
    name: configuration.name,
    description: configuration.description,
    isDefault: configuration.isDefault,
    state: wireEnum(CONFIGURATION_STATE, "active"),
    values: [],
    project: view.projectRef(),
  };
}
