import { generateProgramme } from "../../sandbox/generator";
import { REQUIREMENT } from "../../sandbox/generator/process";
import { RELATED, TESTED_BY, TESTS } from "../../sandbox/generator/requirements";
import { WorkItem } from "../../sandbox/state";

/**
 * The sample programme's requirements (traceability): made after everything else, so what existed keeps its ids,
 * with links kept on both ends as the service keeps them.
 */
const sample = generateProgramme({ seed: 1, scale: 0.3 });
const project = sample.state.projects[0];
const items = [...sample.state.workItems.values()];
const isRequirement = (w: WorkItem) => w.fields["System.WorkItemType"] === REQUIREMENT;
const requirements = items.filter(isRequirement);
const typeOf = (id: number) => sample.state.workItems.get(id)?.fields["System.WorkItemType"];

describe("the sample programme's requirements", () => {
  it("take the work item ids after every other item, and their suites the suite ids after every other suite", () => {
    const highestOther = Math.max(...items.filter((w) => !isRequirement(w)).map((w) => w.id));
    expect(requirements.length).toBeGreaterThan(50);
    expect(Math.min(...requirements.map((r) => r.id))).toBe(highestOther + 1);
    const suites = [...project.suites.values()];
    const bySuite = suites.filter((s) => s.suiteType === "requirementTestSuite");
    const others = suites.filter((s) => s.suiteType !== "requirementTestSuite");
    expect(Math.min(...bySuite.map((s) => s.id))).toBeGreaterThan(Math.max(...others.map((s) => s.id)));
  });

  it("keep every link on both ends: Tested By and Tests, Related and Related", () => {
    const opposite: Record<string, string> = { [TESTED_BY]: TESTS, [TESTS]: TESTED_BY, [RELATED]: RELATED };
    let links = 0;
    for (const item of items)
      for (const r of item.relations ?? []) {
        if (r.targetId === undefined) continue;
        links++;
        const back = sample.state.workItems.get(r.targetId)?.relations ?? [];
        expect(back.some((b) => b.rel === opposite[r.rel] && b.targetId === item.id)).toBe(true);
      }
    expect(links).toBeGreaterThan(200);
    // A requirement is Tested By test cases only; a test case's Tests links reach requirements and defects.
    for (const r of requirements)
      for (const rel of r.relations ?? []) if (rel.rel === TESTED_BY) expect(typeOf(rel.targetId!)).toBe("Test Case");
  });

  it("each sit under their participant-role's area, with an empty requirement-based suite in its plan", () => {
    for (const suite of [...project.suites.values()].filter((s) => s.suiteType === "requirementTestSuite")) {
      const requirement = sample.state.workItems.get(suite.requirementId!)!;
      expect(isRequirement(requirement)).toBe(true);
      expect(suite.name).toBe(`${requirement.id} : ${String(requirement.fields["System.Title"])}`);
      expect(suite.testCaseIds).toEqual([]);
      expect(project.pointsBySuite.get(suite.id)).toEqual([]);
      const plan = project.plans.get(suite.planId)!;
      expect(requirement.fields["System.AreaPath"]).toBe(plan.areaPath);
      expect(project.suites.get(plan.rootSuiteId)?.childSuiteIds).toContain(suite.id);
    }
  });

  it("are selected by the sample settings through each participant-role's defect scope", () => {
    expect(sample.settings.traceability).toEqual({ requirementTypes: [REQUIREMENT], useDefectScope: true });
  });
});
