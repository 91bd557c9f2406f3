import { TestSuite, WorkItem, WorkItemRelation } from "../state";
import { areaPathOf } from "./areas";
import { CastMember } from "./cast";
import { GenerationContext } from "./context";
import { Dice, dice } from "./dice";
import { BUG, REQUIREMENT } from "./process";
import { SCENARIO_GROUPS } from "./scenarios";

/**
 * Each QT participant-role's requirements (its PIT RTTM, MHHS-DEL1050): Requirement work items under its area
 * path, linked to its test cases by Tested By, as the service keeps links, on both ends:
 * `Microsoft.VSTS.Common.TestedBy-Forward` on the requirement, `…-Reverse` ("Tests") on the test case.
 *
 * Made after everything else, from streams of their own (`dice(seed, "requirements", key)`), so every id, point,
 * outcome and defect the programme had before is unchanged: requirements take the next work item ids, their
 * suites the next suite ids, and the only change to what existed is links added to test cases and defects.
 *
 * Per participant-role with a plan: about one requirement per three test cases, each tested by one to three of
 * them (now and then a case tests two); about one case in ten left untraced; one requirement with no test at all,
 * and one with a requirement-based suite that holds no test case yet (not in an empty plan, which stays a root
 * suite only). About
 * one defect in four is linked: to a requirement (Related), or to a test case by Tested By, as a bug raised from
 * the Test Runner is (so a test case's "Tests" links are not all requirements).
 */

export const TESTED_BY = "Microsoft.VSTS.Common.TestedBy-Forward";
export const TESTS = "Microsoft.VSTS.Common.TestedBy-Reverse";
export const RELATED = "System.LinkTypes.Related";

const STATES = { Active: 60, Resolved: 15, Closed: 15, Proposed: 10 } as const;
const LINK_NAMES: Record<string, string> = { [TESTED_BY]: "Tested By", [TESTS]: "Tests", [RELATED]: "Related" };

/** Adds the link `rel` from `from` to `to`, and its opposite end on `to`. */
function link(from: WorkItem, rel: string, to: WorkItem, opposite: string): void {
  const end = (r: string, targetId: number): WorkItemRelation => ({
    rel: r,
    url: "",
    targetId,
    attributes: { isLocked: false, name: LINK_NAMES[r] },
  });
  (from.relations ??= []).push(end(rel, to.id));
  (to.relations ??= []).push(end(opposite, from.id));
}

/** The test cases of a plan, suite by suite in the order they were made. */
function casesOfPlan(ctx: GenerationContext, planId: number): number[] {
  const plan = ctx.project.plans.get(planId);
  const root = plan ? ctx.project.suites.get(plan.rootSuiteId) : undefined;
  return (root?.childSuiteIds ?? []).flatMap((id) => ctx.project.suites.get(id)?.testCaseIds ?? []);
}

/** `REG-001 Register a new metering point` → `Register a new metering point`. */
const phraseOf = (title: unknown) => String(title ?? "").replace(/^[A-Z]+-\d+\s+/, "");

export function buildRequirements(
  ctx: GenerationContext,
  cast: readonly CastMember[],
  planIds: ReadonlyMap<string, number>,
): void {
  const { state, options } = ctx;
  const bugsByArea = new Map<string, WorkItem[]>();
  for (const item of state.workItems.values()) {
    if (item.fields["System.WorkItemType"] !== BUG) continue;
    const area = String(item.fields["System.AreaPath"]);
    const list = bugsByArea.get(area);
    if (list) list.push(item);
    else bugsByArea.set(area, [item]);
  }
  for (const member of cast) {
    const planId = planIds.get(member.key);
    if (planId === undefined) continue;
    const d = dice(options.seed, "requirements", member.key);
    const areaPath = areaPathOf(options.projectName, member);
    const cases = d.shuffle(casesOfPlan(ctx, planId)).map((id) => state.workItems.get(id)!);
    const created = String(cases[0]?.fields["System.CreatedDate"] ?? `${ctx.project.plans.get(planId)!.startDate}`);
    let n = 0;
    const requirement = (title: string): WorkItem => {
      const id = ctx.ids.workItems.next();
      const item: WorkItem = {
        id,
        rev: 1,
        fields: {
          "System.AreaPath": areaPath,
          "System.TeamProject": options.projectName,
          "System.IterationPath": options.projectName,
          "System.WorkItemType": REQUIREMENT,
          "System.State": d.weighted(STATES),
          "System.CreatedDate": created,
          "System.ChangedDate": created,
          "System.Title": `${member.key}-REQ-${String(++n).padStart(3, "0")} ${title}`,
          "System.Tags": "RTTM",
        },
      };
      state.workItems.set(id, item);
      return item;
    };

    const untraced = cases.length >= 5 ? Math.max(1, Math.round(cases.length * 0.1)) : 0;
    const traced = cases.slice(untraced);
    const requirements: WorkItem[] = [];
    for (let i = 0; i < traced.length;) {
      const take = traced.slice(i, i + d.int(1, 3));
      i += take.length;
      const req = requirement(phraseOf(take[0].fields["System.Title"]));
      for (const c of take) link(req, TESTED_BY, c, TESTS);
      // Now and then a case already traced tests this requirement too.
      const also = requirements.length > 0 && d.chance(0.1) ? d.pick(requirements) : undefined;
      const shared = also?.relations?.find((r) => r.rel === TESTED_BY)?.targetId;
      if (shared !== undefined) link(req, TESTED_BY, state.workItems.get(shared)!, TESTS);
      requirements.push(req);
    }
    const groups = SCENARIO_GROUPS[member.roleCode];
    const spare = (k: number) => `${d.pick(groups[k % groups.length].phrases)} (not yet tested)`;
    const untested = requirement(spare(0));
    // An empty plan stays a root suite only (its own edge case): no requirement-based suite there.
    const suited = cases.length > 0 ? requirement(spare(1)) : undefined;
    if (suited) requirementSuite(ctx, planId, suited);
    if (untraced > 0)
      ctx.edgeCases.push({
        kind: "test-without-requirement",
        participantRole: member.key,
        what: "work items",
        ids: cases.slice(0, untraced).map((c) => c.id),
        note: "test cases in the plan that no requirement is Tested By",
      });
    ctx.edgeCases.push({
      kind: "requirement-without-test",
      participantRole: member.key,
      what: "work items",
      ids: [untested.id],
      note: "a requirement with no Tested By link and no requirement-based suite",
    });
    if (suited)
      ctx.edgeCases.push({
        kind: "requirement-suite-without-cases",
        participantRole: member.key,
        what: "work items",
        ids: [suited.id],
        note: "a requirement whose requirement-based suite holds no test case yet",
      });
    linkDefects(ctx, member, d, bugsByArea.get(areaPath) ?? [], [...requirements, untested], traced);
  }
}

/** A requirement-based suite under the plan's root, named as the service names one: `{id} : {title}`. */
function requirementSuite(ctx: GenerationContext, planId: number, requirement: WorkItem): TestSuite {
  const plan = ctx.project.plans.get(planId)!;
  const root = ctx.project.suites.get(plan.rootSuiteId)!;
  const suite: TestSuite = {
    id: ctx.ids.plansAndSuites.next(),
    planId,
    parentSuiteId: root.id,
    name: `${requirement.id} : ${String(requirement.fields["System.Title"])}`,
    suiteType: "requirementTestSuite",
    requirementId: requirement.id,
    childSuiteIds: [],
    testCaseIds: [],
    revision: 1,
    lastUpdatedDate: root.lastUpdatedDate,
  };
  root.childSuiteIds.push(suite.id);
  ctx.project.suites.set(suite.id, suite);
  ctx.project.pointsBySuite.set(suite.id, []);
  return suite;
}

function linkDefects(
  ctx: GenerationContext,
  member: CastMember,
  d: Dice,
  bugs: readonly WorkItem[],
  requirements: readonly WorkItem[],
  cases: readonly WorkItem[],
): void {
  // At most a few hundred per participant-role: the heavy scope's tens of thousands need not all be looked at.
  const byTestedBy: number[] = [];
  for (const bug of bugs.slice(0, 400)) {
    if (!d.chance(0.25)) continue;
    if (cases.length > 0 && d.chance(0.5)) {
      link(bug, TESTED_BY, d.pick(cases), TESTS);
      byTestedBy.push(bug.id);
    } else if (requirements.length > 0) link(bug, RELATED, d.pick(requirements), RELATED);
  }
  if (byTestedBy.length > 0)
    ctx.edgeCases.push({
      kind: "defect-tests-a-case",
      participantRole: member.key,
      what: "work items",
      ids: byTestedBy,
      note: "defects linked to a test case by Tested By (as one raised from a test run is): not requirements",
    });
}
