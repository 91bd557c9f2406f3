import { QtWindow } from "../../src/core/windows";
import { Identity, TestPlan, TestPoint, TestResult, TestRun, TestSuite } from "../state";
import { areaPathOf } from "./areas";
import { CastMember } from "./cast";
import { GenerationContext } from "./context";
import { Dice, dice } from "./dice";
import { isNotRun, legacyOutcome, pointStateFor, resultStateFor } from "./outcomes";
import { TEST_CASE } from "./process";
import { BASE_CASES, SCENARIO_GROUPS, ScenarioGroup } from "./scenarios";
import { dayBetween, executedShare, isoAt, windowDays, workingTime } from "./timeline";

/** What the defects of a participant-role are sized and dated by. */
export interface TestingOutline {
  planId: number;
  testCases: number;
  /** Share of the points executed by today (0–1). */
  share: number;
}

const RUNNING_OUTCOMES = { passed: 82, failed: 7, blocked: 4, notApplicable: 2, inProgress: 3, paused: 2 } as const;
const CLOSED_OUTCOMES = { passed: 93, failed: 3, blocked: 2, notApplicable: 2 } as const;
const CONFIGURATION_COUNT = { one: 40, two: 35, three: 25 } as const;
const COUNT_OF = { one: 1, two: 2, three: 3 } as const;

/** A plan per participant-role (`QT ABCD-X Tranche 1`): root suite, a child suite per scenario group, points. */
export function buildTesting(
  ctx: GenerationContext,
  member: CastMember,
  window: QtWindow,
  tester: Identity,
): TestingOutline {
  const { project, ids, options } = ctx;
  const days = windowDays(window, ctx.today);
  const share = member.story === "clean" ? 1 : executedShare(window, ctx.today);
  const d = dice(options.seed, "testing", member.key);
  const createdDay = Math.max(days.prepStart, Math.min(ctx.today - 1, days.execStart - 7));
  const created = workingTime(createdDay, d);
  const areaPath = areaPathOf(options.projectName, member);
  const planName = `QT ${member.key} ${window.name}`;

  const plan: TestPlan = {
    id: ids.plansAndSuites.next(),
    name: planName,
    areaPath,
    iteration: options.projectName,
    state: "Active",
    rootSuiteId: ids.plansAndSuites.next(),
    startDate: `${window.execution.start}T00:00:00Z`,
    endDate: `${window.execution.end}T00:00:00Z`,
    owner: tester,
    revision: 1,
    description: `QT test plan of ${member.participantName} (${member.key}), ${window.name}.`,
  };
  project.plans.set(plan.id, plan);
  const root = suite(plan.rootSuiteId, plan.id, planName, undefined, created);
  project.suites.set(root.id, root);
  project.pointsBySuite.set(root.id, []);

  const testCases =
    member.story === "empty" ? 0 : Math.max(1, Math.round(BASE_CASES[member.roleCode] * options.scale * d.jitter(0.2)));
  if (testCases === 0) {
    ctx.edgeCases.push({
      kind: "empty-plan",
      participantRole: member.key,
      what: "plans",
      ids: [plan.id],
      note: "root suite only, no test cases",
    });
    return { planId: plan.id, testCases, share };
  }

  const groups = SCENARIO_GROUPS[member.roleCode];
  const sizes = groupSizes(groups, testCases, d);
  const childSuites: TestSuite[] = groups.map((group) => {
    const child = suite(ids.plansAndSuites.next(), plan.id, group.name, root.id, created);
    root.childSuiteIds.push(child.id);
    project.suites.set(child.id, child);
    return child;
  });

  const pointsBySuite = childSuites.map((child, i) => {
    const points = casesAndPoints(ctx, child, groups[i], sizes[i], {
      areaPath,
      created,
      tester,
      share,
      member,
      days,
      d,
    });
    project.pointsBySuite.set(child.id, points);
    return points;
  });
  if (member.story === "matrix")
    markPointEdgeCases(ctx, member, pointsBySuite, workingTime(Math.max(days.execStart, ctx.today - 1), d));
  childSuites.forEach((child, i) => recordRun(ctx, plan, child, pointsBySuite[i], tester, d));
  return { planId: plan.id, testCases, share };
}

function suite(
  id: number,
  planId: number,
  name: string,
  parentSuiteId: number | undefined,
  lastUpdatedDate: string,
): TestSuite {
  return {
    id,
    planId,
    parentSuiteId,
    name,
    suiteType: "staticTestSuite",
    childSuiteIds: [],
    testCaseIds: [],
    revision: 1,
    lastUpdatedDate,
  };
}

/** Splits the test cases over the groups by random weights (every group keeps its suite, even when empty). */
function groupSizes(groups: readonly ScenarioGroup[], total: number, d: Dice): number[] {
  const weights = groups.map(() => 0.5 + d.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.floor((total * w) / sum));
  for (let left = total - sizes.reduce((a, b) => a + b, 0), i = 0; left > 0; left--, i++) sizes[i % sizes.length]++;
  return sizes;
}

interface PointDraw {
  areaPath: string;
  created: string;
  tester: Identity;
  share: number;
  member: CastMember;
  days: ReturnType<typeof windowDays>;
  d: Dice;
}

function casesAndPoints(
  ctx: GenerationContext,
  child: TestSuite,
  group: ScenarioGroup,
  count: number,
  draw: PointDraw,
): TestPoint[] {
  const { ids, options, state } = ctx;
  const { d } = draw;
  const points: TestPoint[] = [];
  for (let n = 1; n <= count; n++) {
    const caseId = ids.workItems.next();
    const phrase = group.phrases[(n - 1) % group.phrases.length];
    const variant = n > group.phrases.length ? ` (variant ${Math.ceil(n / group.phrases.length)})` : "";
    state.workItems.set(caseId, {
      id: caseId,
      rev: 1,
      fields: {
        "System.AreaPath": draw.areaPath,
        "System.TeamProject": options.projectName,
        "System.IterationPath": options.projectName,
        "System.WorkItemType": TEST_CASE,
        "System.State": "Ready",
        "System.CreatedDate": draw.created,
        "System.ChangedDate": draw.created,
        "System.Title": `${group.code}-${String(n).padStart(3, "0")} ${phrase}${variant}`,
      },
    });
    child.testCaseIds.push(caseId);
    const configs = COUNT_OF[d.weighted(CONFIGURATION_COUNT)];
    const configurationIds = d
      .shuffle([1, 2, 3])
      .slice(0, configs)
      .sort((a, b) => a - b);
    for (const configurationId of configurationIds) {
      const outcome = drawOutcome(draw);
      const executed = !isNotRun(outcome);
      points.push({
        id: ids.points.next(),
        planId: child.planId,
        suiteId: child.id,
        testCaseId: caseId,
        configurationId,
        isActive: draw.member.story === "clean" || !d.chance(0.01),
        outcome,
        state: pointStateFor(outcome),
        lastUpdatedDate: executed
          ? workingTime(dayBetween(draw.days.execStart, draw.days.lastActive, d), d)
          : draw.created,
        tester: draw.tester,
      });
    }
  }
  return points;
}

function drawOutcome({ share, member, d }: PointDraw): string {
  if (member.story === "clean") return "passed";
  if (d.next() >= share) return "none";
  return share >= 1 ? d.weighted(CLOSED_OUTCOMES) : d.weighted(RUNNING_OUTCOMES);
}

/** The matrix participant-role's first suite starts with an inactive, a paused and an in-progress point. */
function markPointEdgeCases(ctx: GenerationContext, member: CastMember, suites: TestPoint[][], recently: string): void {
  const first = suites.find((points) => points.length >= 3);
  if (!first) return;
  const [inactive, paused, inProgress] = first;
  inactive.isActive = false;
  paused.outcome = "paused";
  paused.state = pointStateFor("paused");
  inProgress.outcome = "inProgress";
  inProgress.state = pointStateFor("inProgress");
  paused.isActive = inProgress.isActive = true;
  paused.lastUpdatedDate = inProgress.lastUpdatedDate = recently;
  const add = (kind: "inactive-point" | "paused-point" | "in-progress-point", p: TestPoint, note: string) =>
    ctx.edgeCases.push({ kind, participantRole: member.key, what: "points", ids: [p.id], note });
  add("inactive-point", inactive, "isActive false: not planned work");
  add("paused-point", paused, "outcome paused, result state Paused");
  add("in-progress-point", inProgress, "outcome inProgress, result state InProgress");
}

/** One run per suite with results for its executed points; the points point back at their latest result. */
function recordRun(
  ctx: GenerationContext,
  plan: TestPlan,
  child: TestSuite,
  points: TestPoint[],
  tester: Identity,
  d: Dice,
): void {
  const executed = points.filter((p) => !isNotRun(p.outcome));
  if (executed.length === 0) return;
  const runId = ctx.ids.runs.next();
  const titles = new Map<number, string>();
  const results: TestResult[] = executed.map((p, i) => {
    let title = titles.get(p.testCaseId);
    if (title === undefined) {
      title = String(ctx.state.workItems.get(p.testCaseId)?.fields["System.Title"] ?? "");
      titles.set(p.testCaseId, title);
    }
    const completed = resultStateFor(p.outcome) === "Completed";
    const started = isoAt(Date.parse(p.lastUpdatedDate) - d.int(5, 90) * 60_000);
    p.lastRunId = runId;
    p.lastResultId = 100000 + i;
    return {
      id: 100000 + i,
      runId,
      pointId: p.id,
      testCaseId: p.testCaseId,
      testCaseTitle: title,
      configurationId: p.configurationId,
      outcome: legacyOutcome(p.outcome),
      state: resultStateFor(p.outcome),
      startedDate: started,
      completedDate: completed ? p.lastUpdatedDate : undefined,
      runBy: tester,
    };
  });
  const starts = results.map((r) => r.startedDate).sort();
  const ends = results.flatMap((r) => (r.completedDate ? [r.completedDate] : [])).sort();
  const finished = results.every((r) => r.state === "Completed");
  const run: TestRun = {
    id: runId,
    name: `${plan.name} - ${child.name}`,
    planId: plan.id,
    state: finished ? "Completed" : "InProgress",
    isAutomated: false,
    startedDate: starts[0],
    completedDate: finished ? ends[ends.length - 1] : undefined,
    owner: tester,
  };
  ctx.project.runs.set(runId, run);
  ctx.project.resultsByRun.set(runId, results);
}
