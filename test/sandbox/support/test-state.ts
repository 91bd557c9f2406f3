import {
  Identity,
  SandboxState,
  TestPlan,
  TestPoint,
  TestResult,
  TestRun,
  TestSuite,
  WorkItem,
} from "../../../sandbox/state";

/**
 * A small hand-built organisation for the testplan, legacy test and discovery routes:
 *
 * - plan 1 "QT ABCD-X" (active): root suite 10 → suites 11 "Scenario group 1" (→ 13 "Nested group") and 12
 *   "Large scenario group" with 1,250 points (417 test cases × configurations 1–3, the last test case on two);
 * - plan 2 (inactive) and plan 3 (active, empty);
 * - run 1 holds the large suite's results (over 1,000 of them), run 2 those of suite 11, run 3 is empty;
 * - tokens: `test-token` (vso.test, vso.work, vso.project), `work-only-token` (vso.work) and `profile-token`
 *   (vso.profile).
 *
 * Point ids are not in suite order (suite 13's come last), so recursive listings must sort across suites.
 */
export const ORG = "test-org";
export const PROJECT = "QT";
export const PROJECT_ID = "6f6c7a2e-5b1d-4c3a-9e8f-0a1b2c3d4e5f";
export const TOKEN = "test-token";
export const WORK_ONLY_TOKEN = "work-only-token";
export const PROFILE_TOKEN = "profile-token";

export const PLAN_ID = 1;
export const INACTIVE_PLAN_ID = 2;
export const EMPTY_PLAN_ID = 3;
export const ROOT_SUITE = 10;
export const GROUP_SUITE = 11;
export const LARGE_SUITE = 12;
export const NESTED_SUITE = 13;
export const LARGE_POINTS = 1250;
export const LARGE_TEST_CASES = 417;
export const LARGE_RUN = 1;
export const GROUP_RUN = 2;
export const EMPTY_RUN = 3;

export const ALICE: Identity = {
  id: "a11ce000-0000-4000-8000-000000000001",
  displayName: "Alice Tester",
  uniqueName: "alice@example.org",
};
export const BOB: Identity = {
  id: "b0b00000-0000-4000-8000-000000000002",
  displayName: "Bob Assurer",
  uniqueName: "bob@example.org",
};

/** The outcomes the large suite cycles through (testplan camelCase); none/unspecified points have no result. */
export const OUTCOME_CYCLE = [
  "passed",
  "passed",
  "failed",
  "passed",
  "blocked",
  "notApplicable",
  "passed",
  "inProgress",
  "paused",
  "none",
  "passed",
  "failed",
  "unspecified",
];

const POINT_STATE: Record<string, string> = {
  passed: "Completed",
  notApplicable: "Completed",
  failed: "Ready",
  blocked: "NotReady",
  inProgress: "InProgress",
  paused: "InProgress",
  none: "Ready",
  unspecified: "Ready",
};

const BASE_TIME = Date.parse("2025-03-03T09:00:00.000Z");
const at = (minutes: number) => new Date(BASE_TIME + minutes * 60_000).toISOString();
const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function testCase(id: number, title: string, assignee?: Identity, automated = false): WorkItem {
  return {
    id,
    rev: 1,
    fields: {
      "System.Id": id,
      "System.WorkItemType": "Test Case",
      "System.TeamProject": PROJECT,
      "System.AreaPath": `${PROJECT}\\ABCD-X`,
      "System.Title": title,
      "System.State": id % 5 === 0 ? "Design" : "Ready",
      ...(assignee ? { "System.AssignedTo": assignee } : {}),
      "Microsoft.VSTS.TCM.AutomationStatus": automated ? "Automated" : "Not Automated",
    },
  };
}

function suite(
  id: number,
  planId: number,
  name: string,
  parentSuiteId: number | undefined,
  childSuiteIds: number[],
  testCaseIds: number[],
): TestSuite {
  return {
    id,
    planId,
    parentSuiteId,
    name,
    suiteType: "staticTestSuite",
    childSuiteIds,
    testCaseIds,
    revision: 2,
    lastUpdatedDate: at(-600 + id),
  };
}

function plan(id: number, name: string, state: TestPlan["state"], rootSuiteId: number, owner: Identity): TestPlan {
  return {
    id,
    name,
    areaPath: `${PROJECT}\\${name.replace(/^QT /, "")}`,
    iteration: `${PROJECT}\\Tranche 1`,
    state,
    rootSuiteId,
    startDate: "2025-01-20T00:00:00.000Z",
    endDate: "2025-09-29T00:00:00.000Z",
    owner,
    revision: 3,
    description: `QT plan for ${name}`,
  };
}

export function testState(): SandboxState {
  const workItems = new Map<number, WorkItem>();
  const add = (w: WorkItem) => workItems.set(w.id, w);
  const rootCases = [2001, 2002];
  const groupCases = [2011, 2012, 2013, 2014, 2015];
  const nestedCases = [2021, 2022, 2023];
  const largeCases = Array.from({ length: LARGE_TEST_CASES }, (_, i) => 3000 + i);
  for (const id of rootCases) add(testCase(id, `Entry check ${id}`, BOB));
  for (const id of groupCases) add(testCase(id, `Scenario 1 case ${id}`, ALICE, id === 2015));
  for (const id of nestedCases) add(testCase(id, `Nested case ${id}`));
  for (const id of largeCases) add(testCase(id, `Large scenario case ${id}`, id % 2 === 0 ? ALICE : undefined));
  // A work item that is not a test case, so lookups cannot assume every work item is one.
  add({
    id: 9001,
    rev: 1,
    fields: { "System.Id": 9001, "System.WorkItemType": "Bug", "System.Title": "Defect", "System.State": "Active" },
  });

  const suites = new Map<number, TestSuite>([
    [ROOT_SUITE, suite(ROOT_SUITE, PLAN_ID, "QT ABCD-X", undefined, [GROUP_SUITE, LARGE_SUITE], rootCases)],
    [GROUP_SUITE, suite(GROUP_SUITE, PLAN_ID, "Scenario group 1", ROOT_SUITE, [NESTED_SUITE], groupCases)],
    [LARGE_SUITE, suite(LARGE_SUITE, PLAN_ID, "Large scenario group", ROOT_SUITE, [], largeCases)],
    [NESTED_SUITE, suite(NESTED_SUITE, PLAN_ID, "Nested group", GROUP_SUITE, [], nestedCases)],
    [20, suite(20, INACTIVE_PLAN_ID, "QT WXYZ-R", undefined, [], [])],
    [30, suite(30, EMPTY_PLAN_ID, "QT EFGH-S", undefined, [], [])],
  ]);
  const plans = new Map<number, TestPlan>([
    [PLAN_ID, plan(PLAN_ID, "QT ABCD-X", "Active", ROOT_SUITE, BOB)],
    [INACTIVE_PLAN_ID, plan(INACTIVE_PLAN_ID, "QT WXYZ-R", "Inactive", 20, ALICE)],
    [EMPTY_PLAN_ID, plan(EMPTY_PLAN_ID, "QT EFGH-S", "Active", 30, BOB)],
  ]);

  let nextPointId = 10_001;
  let nextResultId = 100_000;
  const resultsByRun = new Map<number, TestResult[]>([
    [LARGE_RUN, []],
    [GROUP_RUN, []],
    [EMPTY_RUN, []],
  ]);
  const makePoints = (
    suiteId: number,
    cases: number[],
    configsFor: (tc: number, i: number) => number[],
    run?: number,
  ): TestPoint[] => {
    const points: TestPoint[] = [];
    cases.forEach((testCaseId, i) => {
      for (const configurationId of configsFor(testCaseId, i)) {
        const n = points.length;
        const outcome = run === undefined ? "unspecified" : OUTCOME_CYCLE[n % OUTCOME_CYCLE.length];
        const point: TestPoint = {
          id: nextPointId++,
          planId: PLAN_ID,
          suiteId,
          testCaseId,
          configurationId,
          isActive: n % 97 !== 96,
          outcome,
          state: POINT_STATE[outcome],
          lastUpdatedDate: at(n),
          tester: n % 3 === 0 ? BOB : ALICE,
        };
        if (run !== undefined && outcome !== "none" && outcome !== "unspecified") {
          const final = outcome !== "inProgress" && outcome !== "paused";
          const result: TestResult = {
            id: nextResultId++,
            runId: run,
            pointId: point.id,
            testCaseId,
            testCaseTitle: (workItems.get(testCaseId)?.fields["System.Title"] as string) ?? "",
            configurationId,
            outcome: pascal(outcome),
            state: final ? "Completed" : outcome === "paused" ? "Paused" : "InProgress",
            startedDate: at(n - 5),
            completedDate: final ? at(n - 2) : undefined,
            runBy: point.tester,
          };
          resultsByRun.get(run)?.push(result);
          point.lastRunId = run;
          point.lastResultId = result.id;
        }
        points.push(point);
      }
    });
    return points;
  };
  const pointsBySuite = new Map<number, TestPoint[]>();
  pointsBySuite.set(
    ROOT_SUITE,
    makePoints(ROOT_SUITE, rootCases, () => [1]),
  );
  pointsBySuite.set(
    GROUP_SUITE,
    makePoints(GROUP_SUITE, groupCases, () => [1, 2], GROUP_RUN),
  );
  pointsBySuite.set(
    LARGE_SUITE,
    makePoints(LARGE_SUITE, largeCases, (_tc, i) => (i === LARGE_TEST_CASES - 1 ? [1, 2] : [1, 2, 3]), LARGE_RUN),
  );
  pointsBySuite.set(
    NESTED_SUITE,
    makePoints(NESTED_SUITE, nestedCases, () => [3]),
  );

  const run = (id: number, name: string, planId: number, state: TestRun["state"], isAutomated: boolean): TestRun => ({
    id,
    name,
    planId,
    state,
    isAutomated,
    startedDate: at(-10 + id),
    completedDate: state === "Completed" ? at(2000 + id) : undefined,
    owner: BOB,
  });

  return {
    organization: { name: ORG, id: "0e9a1c55-7d2f-4e61-a3b4-5c6d7e8f9a0b" },
    projects: [
      {
        id: PROJECT_ID,
        name: PROJECT,
        description: "Qualification testing",
        areas: { id: 1, identifier: "c0ffee00-0000-4000-8000-000000000001", name: PROJECT, children: [] },
        workItemTypes: [],
        plans,
        suites,
        configurations: new Map([
          [1, { id: 1, name: "Windows 10", description: "Default operating system for testing", isDefault: true }],
          [2, { id: 2, name: "Chrome", description: "Latest Chrome", isDefault: false }],
          [3, { id: 3, name: "Firefox", description: "Latest Firefox", isDefault: false }],
        ]),
        pointsBySuite,
        runs: new Map([
          [LARGE_RUN, run(LARGE_RUN, "QT ABCD-X large group", PLAN_ID, "InProgress", false)],
          [GROUP_RUN, run(GROUP_RUN, "QT ABCD-X scenario group 1", PLAN_ID, "Completed", false)],
          [EMPTY_RUN, run(EMPTY_RUN, "Automated smoke", INACTIVE_PLAN_ID, "Completed", true)],
        ]),
        resultsByRun,
      },
    ],
    fields: [],
    workItems,
    extensionData: new Map(),
    areaDenies: [],
    tokens: new Map([
      [TOKEN, { identity: ALICE, scopes: ["vso.test", "vso.work", "vso.project"] }],
      [WORK_ONLY_TOKEN, { identity: ALICE, scopes: ["vso.work"] }],
      [PROFILE_TOKEN, { identity: BOB, scopes: ["vso.profile"] }],
    ]),
  };
}

export const basic = (token: string) => `Basic ${Buffer.from(`:${token}`).toString("base64")}`;
