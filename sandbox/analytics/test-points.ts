/**
 * `TestPointHistorySnapshot` (entity-reference-test-plans.md): one row per test point per UK day, from the day the
 * point came to be to today, with the outcome it had at the end of that day.
 *
 * Derived from the live state at query time:
 * - a point exists from the day its test case was created (the suite's date for a test case the state does not
 *   have), or from its first result if that is earlier;
 * - its outcome is `None` until its first result, then each result's outcome from the UK day it completed (or
 *   started, while in progress): the legacy runs keep every result of a point, the generated one and any recorded
 *   since;
 * - the last change is the point's current outcome, from the UK day of its `lastUpdatedDate`, so today's row is
 *   always the point as the testplan API serves it now. Days after today never appear; dates after today (a change
 *   made now to a programme pinned in the past) count as today.
 */
import { ProjectState, SandboxState, TestPoint, TestSuite } from "../state";
import { ukDayOfIso } from "./calendar";
import {
  BOOLEAN,
  EntityModel,
  GUID,
  INT32,
  LEVELS,
  NavigationDef,
  PropertyDef,
  STRING,
  Segment,
  byName,
  dayProperties,
  enumType,
  prop,
} from "./model";

/** TestOutcome (entity-reference-test-plans.md). */
export const TEST_OUTCOMES: Readonly<Record<string, number>> = {
  Unspecified: 0,
  None: 1,
  Passed: 2,
  Failed: 3,
  Inconclusive: 4,
  Timeout: 5,
  Aborted: 6,
  Blocked: 7,
  NotExecuted: 8,
  Warning: 9,
  Error: 10,
  NotApplicable: 11,
  Paused: 12,
  InProgress: 13,
  NotImpacted: 14,
};
const TEST_OUTCOME = enumType("TestOutcome", TEST_OUTCOMES);
const SUITE_TYPE = enumType("TestSuiteType", { None: 0, QueryBased: 1, Static: 2, RequirementBased: 3 });
const SUITE_TYPES: Readonly<Record<TestSuite["suiteType"], string>> = {
  staticTestSuite: "Static",
  dynamicTestSuite: "QueryBased",
  requirementTestSuite: "RequirementBased",
};

/** The testplan API's camelCase outcome (`notApplicable`) as the Analytics enum member (`NotApplicable`). */
export function analyticsOutcome(outcome: string): string {
  const pascal = outcome.charAt(0).toUpperCase() + outcome.slice(1);
  const member = Object.keys(TEST_OUTCOMES).find((m) => m.toLowerCase() === pascal.toLowerCase());
  return member ?? "None";
}

interface SuiteInfo {
  suite: TestSuite;
  planTitle: string | null;
  /** Suite ids from the plan's root suite down to this one. */
  ids: number[];
  titles: string[];
}

interface PointRow {
  point: TestPoint;
  project: ProjectState;
  suite: SuiteInfo;
  outcome: string;
}

function suiteInfos(project: ProjectState): Map<number, SuiteInfo> {
  const infos = new Map<number, SuiteInfo>();
  const infoOf = (suite: TestSuite): SuiteInfo => {
    const known = infos.get(suite.id);
    if (known) return known;
    const parent = suite.parentSuiteId === undefined ? undefined : project.suites.get(suite.parentSuiteId);
    const above = parent && parent.id !== suite.id ? infoOf(parent) : undefined;
    const info: SuiteInfo = {
      suite,
      planTitle: project.plans.get(suite.planId)?.name ?? null,
      ids: [...(above?.ids ?? []), suite.id],
      titles: [...(above?.titles ?? []), suite.name],
    };
    infos.set(suite.id, info);
    return info;
  };
  for (const suite of project.suites.values()) infoOf(suite);
  return infos;
}

interface Change {
  day: number;
  outcome: string;
}

/** Each point's results from the legacy runs, oldest first. */
function resultsByPoint(project: ProjectState): Map<number, Change[]> {
  const byPoint = new Map<number, Change[]>();
  for (const results of project.resultsByRun.values()) {
    for (const result of results) {
      const day = ukDayOfIso(result.completedDate ?? result.startedDate);
      if (day === undefined) continue;
      const list = byPoint.get(result.pointId) ?? [];
      list.push({ day, outcome: analyticsOutcome(result.outcome) });
      byPoint.set(result.pointId, list);
    }
  }
  for (const list of byPoint.values()) list.sort((a, b) => a.day - b.day);
  return byPoint;
}

function pointSegments(state: SandboxState, projects: readonly ProjectState[], today: number): Segment[] {
  const segments: Segment[] = [];
  for (const project of projects) {
    const suites = suiteInfos(project);
    const results = resultsByPoint(project);
    for (const [suiteId, points] of project.pointsBySuite) {
      const suiteInfo = suites.get(suiteId);
      if (!suiteInfo) continue;
      const suiteDay = ukDayOfIso(suiteInfo.suite.lastUpdatedDate);
      for (const point of points) {
        const caseDay = ukDayOfIso(state.workItems.get(point.testCaseId)?.fields["System.CreatedDate"]);
        const changes = (results.get(point.id) ?? []).map((c) => ({ day: Math.min(c.day, today), outcome: c.outcome }));
        const lastChange = changes.length > 0 ? changes[changes.length - 1].day : -Infinity;
        const currentDay = Math.min(today, Math.max(ukDayOfIso(point.lastUpdatedDate) ?? today, lastChange));
        changes.push({ day: currentDay, outcome: analyticsOutcome(point.outcome) });
        const start = Math.min(caseDay ?? suiteDay ?? today, changes[0].day, today);
        const timeline: Change[] = [{ day: start, outcome: "None" }, ...changes];
        for (let i = 0; i < timeline.length; i++) {
          const { day, outcome } = timeline[i];
          // A later change on the same day wins: the row shows the outcome at the end of the day.
          const next = timeline.slice(i + 1).find((c) => c.day > day);
          if (timeline[i + 1] && timeline[i + 1].day === day) continue;
          const to = next ? next.day - 1 : today;
          const row: PointRow = { point, project, suite: suiteInfo, outcome };
          const previous = segments[segments.length - 1];
          const sameRun =
            previous &&
            (previous.row as PointRow).point === point &&
            (previous.row as PointRow).outcome === outcome &&
            previous.to === day - 1;
          if (sameRun) previous.to = to;
          else segments.push({ from: day, to, row });
        }
      }
    }
  }
  return segments;
}

function levelProperties(kind: "Id" | "Title"): PropertyDef[] {
  return Array.from({ length: LEVELS }, (_, i) =>
    prop<PointRow>(`${kind}Level${i + 1}`, kind === "Id" ? INT32 : STRING, (r) =>
      kind === "Id" ? (r.suite.ids[i] ?? null) : (r.suite.titles[i] ?? null),
    ),
  );
}

export function testPointHistoryModel(
  state: SandboxState,
  projects: readonly ProjectState[],
  today: number,
): EntityModel {
  const { properties: dayProps, date } = dayProperties(today, false);
  const testSuite: NavigationDef = {
    name: "TestSuite",
    typeName: "TestSuite",
    properties: byName([
      prop<PointRow>("TestSuiteSK", INT32, (r) => r.suite.suite.id, false),
      prop<PointRow>("TestSuiteId", INT32, (r) => r.suite.suite.id, false),
      prop<PointRow>("TestPlanId", INT32, (r) => r.suite.suite.planId, false),
      prop<PointRow>("TestPlanTitle", STRING, (r) => r.suite.planTitle),
      prop<PointRow>("Title", STRING, (r) => r.suite.suite.name),
      prop<PointRow>("Depth", INT32, (r) => r.suite.ids.length),
      prop<PointRow>("Type", SUITE_TYPE, (r) => SUITE_TYPES[r.suite.suite.suiteType] ?? "None"),
      ...levelProperties("Id"),
      ...levelProperties("Title"),
    ]),
  };
  const testConfiguration: NavigationDef = {
    name: "TestConfiguration",
    typeName: "TestConfiguration",
    properties: byName([
      prop<PointRow>("TestConfigurationSK", INT32, (r) => r.point.configurationId, false),
      prop<PointRow>("TestConfigurationId", INT32, (r) => r.point.configurationId, false),
      prop<PointRow>("Name", STRING, (r) => r.project.configurations.get(r.point.configurationId)?.name ?? null),
      prop<PointRow>("State", STRING, () => "Active"),
    ]),
  };
  const project: NavigationDef = {
    name: "Project",
    typeName: "Project",
    properties: byName([
      prop<PointRow>("ProjectSK", GUID, (r) => r.project.id, false),
      prop<PointRow>("ProjectId", GUID, (r) => r.project.id, false),
      prop<PointRow>("ProjectName", STRING, (r) => r.project.name, false),
    ]),
  };
  const properties: PropertyDef[] = [
    prop<PointRow>("TestPointSK", INT32, (r) => r.point.id, false),
    ...dayProps,
    prop<PointRow>("ProjectSK", GUID, (r) => r.project.id, false),
    prop<PointRow>("TestPlanId", INT32, (r) => r.point.planId, false),
    prop<PointRow>("TestSuiteId", INT32, (r) => r.point.suiteId, false),
    prop<PointRow>("TestSuiteSK", INT32, (r) => r.point.suiteId, false),
    prop<PointRow>("TestCaseId", INT32, (r) => r.point.testCaseId, false),
    prop<PointRow>("TestConfigurationId", INT32, (r) => r.point.configurationId, false),
    prop<PointRow>("TestConfigurationSK", INT32, (r) => r.point.configurationId, false),
    prop<PointRow>("TesterUserSK", GUID, (r) => r.point.tester?.id ?? null),
    prop<PointRow>("AssignedToUserSK", GUID, (r) => r.point.tester?.id ?? null),
    prop<PointRow>("ResultOutcome", TEST_OUTCOME, (r) => r.outcome, false),
    prop<PointRow>("IsActive", BOOLEAN, (r) => r.point.isActive, false),
  ];
  return {
    entitySet: "TestPointHistorySnapshot",
    typeName: "TestPointHistorySnapshot",
    keys: ["TestPointSK", "DateSK"],
    properties: byName(properties),
    navigations: new Map([testSuite, testConfiguration, project, date].map((n) => [n.name, n])),
    snapshot: true,
    today,
    segments: () => pointSegments(state, projects, today),
  };
}
