import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_ROLES } from "../../src/core/roles";
import { registryKey } from "../../src/core/settings";
import { formatSettingsErrors, validateSettings } from "../../src/core/validate-settings";
import { DEFAULT_WINDOWS, windowTiming } from "../../src/core/windows";
import { Programme, generateProgramme } from "../../sandbox/generator";
import { castProgramme } from "../../sandbox/generator/cast";
import { HEAVY_DEFECTS, WIQL_LIMIT } from "../../sandbox/generator/defects";
import { EDGE_CASE_KINDS, EdgeCaseKind } from "../../sandbox/generator/edge-cases";
import {
  BUG_STATES,
  QT_SEVERITIES,
  QT_SEVERITY_FIELD,
  STOCK_SEVERITIES,
  STOCK_SEVERITY_FIELD,
  UNKNOWN_SEVERITY,
} from "../../sandbox/generator/process";
import { resolveOptions } from "../../sandbox/generator/options";
import { SAMPLE_PAT, WORK_ONLY_PAT } from "../../sandbox/generator/tokens";
import { AreaNode, SandboxState, TestPoint, WorkItem } from "../../sandbox/state";

/** The whole state as text (Maps as entry lists), to compare programmes exactly. */
function fingerprint(state: SandboxState): string {
  return JSON.stringify(state, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v));
}

const bugs = (p: Programme): WorkItem[] =>
  [...p.state.workItems.values()].filter((w) => w.fields["System.WorkItemType"] === "Bug");
const allPoints = (p: Programme): TestPoint[] => [...p.state.projects[0].pointsBySuite.values()].flat();
const categoryOf = (state: string) => BUG_STATES.find((s) => s.name === state)?.category;
const isOutstanding = (w: WorkItem) =>
  !["Completed", "Removed"].includes(categoryOf(String(w.fields["System.State"])) ?? "");

function areaPaths(node: AreaNode, prefix = ""): string[] {
  const path = prefix ? `${prefix}\\${node.name}` : node.name;
  return [path, ...node.children.flatMap((c) => areaPaths(c, path))];
}

let sample: Programme;
beforeAll(() => {
  sample = generateProgramme({ seed: 1, scale: 1 });
});

describe("sample programme generator", () => {
  it("is deterministic by seed", () => {
    const a = generateProgramme({ seed: 7, scale: 0.1 });
    const b = generateProgramme({ seed: 7, scale: 0.1 });
    const c = generateProgramme({ seed: 8, scale: 0.1 });
    expect(fingerprint(a.state)).toBe(fingerprint(b.state));
    expect(a.settings).toEqual(b.settings);
    expect(a.summary).toEqual(b.summary);
    expect(fingerprint(c.state)).not.toBe(fingerprint(a.state));
    expect(c.settings.registry.map((e) => e.mpid)).not.toEqual(a.settings.registry.map((e) => e.mpid));
  });

  it("keeps plan ids and area paths, so the settings, independent of the scale", () => {
    expect(generateProgramme({ seed: 1, scale: 0.05 }).settings).toEqual(sample.settings);
  });

  it("has participant-roles in every role and window, on both routes, with fictional four-letter MPIDs", () => {
    const { registry } = sample.settings;
    expect(new Set(registry.map((e) => e.roleCode))).toEqual(new Set(DEFAULT_ROLES.map((r) => r.code)));
    expect(new Set(registry.flatMap((e) => (e.window ? [e.window] : [])))).toEqual(
      new Set(DEFAULT_WINDOWS.map((w) => w.id)),
    );
    expect(registry.filter((e) => e.route === "SIT").length).toBeGreaterThanOrEqual(2);
    expect(registry.filter((e) => e.route === "QT").length).toBeGreaterThan(20);
    for (const e of registry) expect(e.mpid).toMatch(/^[A-Z]{4}$/);
    expect(new Set(registry.map(registryKey)).size).toBe(registry.length);
  });

  it("gives each QT participant-role a plan named by convention, with a root suite and suites by scenario group", () => {
    const project = sample.state.projects[0];
    for (const entry of sample.settings.registry.filter((e) => e.route === "QT")) {
      const key = registryKey(entry);
      const window = DEFAULT_WINDOWS.find((w) => w.id === entry.window);
      const plan = project.plans.get(entry.testPlans[0].planId);
      expect(plan?.name).toBe(`QT ${key} ${window?.name}`);
      expect(plan?.areaPath).toBe(`MHHS QT\\${entry.window}\\${key}`);
      const root = project.suites.get(plan?.rootSuiteId ?? 0);
      expect(root?.parentSuiteId).toBeUndefined();
      for (const childId of root?.childSuiteIds ?? [])
        expect(project.suites.get(childId)?.parentSuiteId).toBe(root?.id);
    }
  });

  it("maps every registry entry to an existing area node and plan, and tags defects with the participant-role", () => {
    const project = sample.state.projects[0];
    const paths = new Set(areaPaths(project.areas));
    for (const entry of sample.settings.registry) {
      for (const area of entry.defectScope.areaPaths ?? []) expect(paths).toContain(area);
      for (const plan of entry.testPlans) expect(project.plans.has(plan.planId)).toBe(true);
    }
    const misplaced = bugs(sample).filter((bug) => {
      const area = String(bug.fields["System.AreaPath"]);
      return !paths.has(area) || !String(bug.fields["System.Tags"]).split("; ").includes(area.split("\\")[2]);
    });
    expect(misplaced).toEqual([]);
  });

  it("makes test cases work items with titles and one to three configurations each", () => {
    const pointsByCase = new Map<number, number[]>();
    for (const p of allPoints(sample))
      pointsByCase.set(p.testCaseId, [...(pointsByCase.get(p.testCaseId) ?? []), p.configurationId]);
    const wrong = [...pointsByCase].filter(([caseId, configurations]) => {
      const item = sample.state.workItems.get(caseId);
      const titled =
        item?.fields["System.WorkItemType"] === "Test Case" && String(item.fields["System.Title"] ?? "") !== "";
      return !titled || configurations.length > 3 || new Set(configurations).size !== configurations.length;
    });
    expect(wrong).toEqual([]);
    expect(new Set([...pointsByCase.values()].map((c) => c.length))).toEqual(new Set([1, 2, 3]));
  });

  it("runs early windows further than later ones", () => {
    const executed = (windowId: string) => {
      const planIds = new Set(
        sample.settings.registry.filter((e) => e.window === windowId).flatMap((e) => e.testPlans.map((t) => t.planId)),
      );
      const points = allPoints(sample).filter((p) => planIds.has(p.planId) && p.isActive);
      return points.filter((p) => p.outcome !== "none").length / points.length;
    };
    expect(executed("non-sit-ldso")).toBe(1);
    expect(executed("tranche-1")).toBeGreaterThan(0.6);
    expect(executed("tranche-1")).toBeGreaterThan(executed("tranche-3"));
    expect(executed("tranche-3")).toBeGreaterThan(executed("tranche-5"));
    expect(executed("tranche-6")).toBe(0);
    expect(executed("tranche-7")).toBe(0);
    const outcomes = new Set(allPoints(sample).map((p) => p.outcome));
    for (const o of ["passed", "failed", "blocked", "notApplicable", "none", "paused", "inProgress"])
      expect(outcomes).toContain(o);
  });

  it("records a run result for every executed point", () => {
    const project = sample.state.projects[0];
    const wrong = allPoints(sample).filter((p) => {
      if (p.outcome === "none") return p.lastRunId !== undefined;
      const result = project.resultsByRun.get(p.lastRunId ?? 0)?.find((r) => r.id === p.lastResultId);
      const sameOutcome = result?.outcome.toLowerCase() === p.outcome.toLowerCase();
      return result?.pointId !== p.id || !sameOutcome || project.runs.get(p.lastRunId ?? 0)?.planId !== p.planId;
    });
    expect(wrong).toEqual([]);
  });

  it("has defects in every severity value and every state category, and a value outside the picklist", () => {
    const all = bugs(sample);
    const qt = new Set(all.map((w) => w.fields[QT_SEVERITY_FIELD]));
    for (const value of QT_SEVERITIES) expect(qt).toContain(value);
    expect(qt).toContain(UNKNOWN_SEVERITY);
    expect(qt).toContain(undefined);
    const stock = new Set(all.map((w) => w.fields[STOCK_SEVERITY_FIELD]));
    for (const value of STOCK_SEVERITIES) expect(stock).toContain(value);
    const pairs = new Set(
      all.map((w) => `${String(w.fields[QT_SEVERITY_FIELD])}|${categoryOf(String(w.fields["System.State"]))}`),
    );
    for (const value of QT_SEVERITIES) for (const s of BUG_STATES) expect(pairs).toContain(`${value}|${s.category}`);
  });

  it("has outstanding Sev3/Sev4 defects with and without impact and mitigation", () => {
    const mitigable = bugs(sample).filter(
      (w) => isOutstanding(w) && /^Sev[34]/.test(String(w.fields[QT_SEVERITY_FIELD])),
    );
    const has = (w: WorkItem, f: string) => typeof w.fields[f] === "string";
    const kinds = new Set(
      mitigable.map((w) => `${has(w, "Custom.ImpactAssessment")}/${has(w, "Custom.MitigationPlan")}`),
    );
    expect(kinds).toEqual(new Set(["true/true", "true/false", "false/true", "false/false"]));
  });

  it("lists every edge case where it put it", () => {
    const kinds = new Set(sample.summary.edgeCases.map((e) => e.kind));
    for (const kind of EDGE_CASE_KINDS) expect(kinds).toContain(kind);
    const project = sample.state.projects[0];
    const ids = (kind: EdgeCaseKind) => sample.summary.edgeCases.find((e) => e.kind === kind)?.ids ?? [];
    const point = (id: number) => allPoints(sample).find((p) => p.id === id);
    const item = (id: number) => sample.state.workItems.get(id);
    expect(point(ids("inactive-point")[0])?.isActive).toBe(false);
    expect(point(ids("paused-point")[0])?.outcome).toBe("paused");
    expect(point(ids("in-progress-point")[0])?.outcome).toBe("inProgress");
    expect(item(ids("unknown-severity")[0])?.fields[QT_SEVERITY_FIELD]).toBe(UNKNOWN_SEVERITY);
    expect(item(ids("missing-severity")[0])?.fields[QT_SEVERITY_FIELD]).toBeUndefined();
    for (const id of ids("resolved-not-closed")) expect(item(id)?.fields["System.State"]).toBe("Resolved");
    for (const id of ids("removed-defect")) expect(item(id)?.fields["System.State"]).toBe("Removed");
    expect(
      String(item(ids("markup-only-impact")[0])?.fields["Custom.ImpactAssessment"]).replace(/<[^>]*>|&nbsp;|\s/g, ""),
    ).toBe("");
    const empty = project.plans.get(ids("empty-plan")[0]);
    expect(project.suites.get(empty?.rootSuiteId ?? 0)?.childSuiteIds).toEqual([]);
    expect(project.pointsBySuite.get(empty?.rootSuiteId ?? 0)).toEqual([]);
    const clean = sample.summary.windows
      .flatMap((w) => w.participantRoles)
      .find((r) => r.key === sample.summary.edgeCases.find((e) => e.kind === "all-passed")?.participantRole);
    expect(clean && clean.passedPoints === clean.activePoints && clean.outstandingDefects === 0).toBe(true);
  });

  it("has exactly one participant-role whose defect scope passes 20,000 work items at scale 1, and none at small scales", () => {
    const over = (p: Programme) =>
      p.summary.windows.flatMap((w) => w.participantRoles).filter((r) => r.defects > WIQL_LIMIT);
    expect(over(sample).map((r) => r.defects)).toEqual([HEAVY_DEFECTS]);
    expect(over(sample)[0].key).toBe(
      sample.summary.edgeCases.find((e) => e.kind === "defect-scope-over-20000")?.participantRole,
    );
    expect(over(generateProgramme({ seed: 1, scale: 0.1 }))).toEqual([]);
  });

  it("numbers work items sequentially and registers every field it uses", () => {
    const ids = [...sample.state.workItems.keys()];
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    const registered = new Set(sample.state.fields.map((f) => f.referenceName));
    const used = new Set([...sample.state.workItems.values()].flatMap((item) => Object.keys(item.fields)));
    expect([...used].filter((name) => !registered.has(name))).toEqual([]);
    const bug = sample.state.projects[0].workItemTypes.find((t) => t.name === "Bug");
    expect(bug?.fields.find((f) => f.referenceName === QT_SEVERITY_FIELD)?.allowedValues).toEqual([...QT_SEVERITIES]);
    expect(bug?.fields.find((f) => f.referenceName === STOCK_SEVERITY_FIELD)?.allowedValues).toEqual([
      ...STOCK_SEVERITIES,
    ]);
    const misdated = bugs(sample).filter((w) => {
      const [created, changed] = [String(w.fields["System.CreatedDate"]), String(w.fields["System.ChangedDate"])];
      return w.fields["System.TeamProject"] !== "MHHS QT" || changed < created || changed > "2025-06-01T23:59:59Z";
    });
    expect(misdated).toEqual([]);
  });

  it("issues a full-scope token and a work-only token", () => {
    expect(sample.state.tokens.get(SAMPLE_PAT)?.scopes).toEqual(["app_token"]);
    expect(sample.state.tokens.get(WORK_ONLY_PAT)?.scopes).toEqual(["vso.work"]);
  });

  it("ships sample settings that validate and match sandbox/sample-settings.json", () => {
    const validation = validateSettings(sample.settings);
    expect(validation.valid ? [] : formatSettingsErrors(validation.errors)).toEqual([]);
    expect(Object.keys(sample.settings.defects.severityMap)).toEqual([...QT_SEVERITIES]);
    expect(new Set(sample.settings.assurers.map((a) => a.body))).toEqual(new Set(["BSC", "REC"]));
    const file: unknown = JSON.parse(
      readFileSync(join(__dirname, "..", "..", "sandbox", "sample-settings.json"), "utf8"),
    );
    expect(file).toEqual(sample.settings);
  });

  it("rejects options it cannot honour", () => {
    expect(() => resolveOptions({ seed: 1.5, scale: 1 })).toThrow(RangeError);
    expect(() => resolveOptions({ seed: 1, scale: 0 })).toThrow(/scale/);
    expect(() => resolveOptions({ seed: 1, scale: 1, today: "2025-02-30" })).toThrow(/today/);
    expect(() => resolveOptions({ seed: 1, scale: 1, participantRoles: 27 })).toThrow(/participantRoles/);
    expect(() => resolveOptions({ seed: 1, scale: 1, participantRoles: 40.5 })).toThrow(/participantRoles/);
    expect(() => resolveOptions({ seed: 1, scale: 1, participantRoles: 601 })).toThrow(/participantRoles/);
    expect(() => resolveOptions({ seed: 1, scale: 1, calendar: "lunar" as "live" })).toThrow(/calendar/);
    expect(resolveOptions({ seed: 1, scale: 1 })).toEqual({
      seed: 1,
      scale: 1,
      today: "2025-06-01",
      participantRoles: 28,
      calendar: "qa-and-p",
      orgName: "mhhs-sandbox",
      projectName: "MHHS QT",
    });
  });

  it("grows the cast to the participant-roles asked for, starting with the fixed roster", () => {
    const large = generateProgramme({ seed: 1, scale: 0.05, participantRoles: 200 });
    const { registry } = large.settings;
    expect(registry).toHaveLength(200);
    expect(registry.slice(0, sample.settings.registry.length).map(registryKey)).toEqual(
      sample.settings.registry.map(registryKey),
    );
    expect(new Set(registry.map(registryKey)).size).toBe(200);
    expect(new Set(registry.map((e) => e.participantName)).size).toBe(new Set(registry.map((e) => e.mpid)).size);
    for (const e of registry) expect(e.mpid).toMatch(/^[A-Z]{4}$/);
    const extra = registry.slice(sample.settings.registry.length);
    expect(extra.every((e) => e.route === "QT" && e.window !== undefined)).toBe(true);
    expect(new Set(extra.map((e) => e.window))).toEqual(new Set(DEFAULT_WINDOWS.map((w) => w.id)));
    const validation = validateSettings(large.settings);
    expect(validation.valid ? [] : formatSettingsErrors(validation.errors)).toEqual([]);
    expect(large.summary.parameters.participantRoles).toBe(200);
    const plans = new Set(large.state.projects[0].plans.keys());
    for (const e of extra) for (const p of e.testPlans) expect(plans.has(p.planId)).toBe(true);
  });
});

describe("the live sample programme", () => {
  const live = generateProgramme({ seed: 1, scale: 0.05, today: "2026-12-07", calendar: "live" });

  it("places the windows around today so every phase shows", () => {
    const phases = live.settings.windows.map((w) => windowTiming(w, new Date("2026-12-07T12:00:00Z")).phase);
    expect(phases).toEqual([
      "closed",
      "execution",
      "execution",
      "execution",
      "execution",
      "execution",
      "environment-preparation",
      "not-started",
    ]);
    expect(validateSettings(live.settings).valid).toBe(true);
  });

  it("has a second clean participant-role and one whose settings select a suite that is gone", () => {
    expect(castProgramme(1, 28, true).filter((m) => m.story === "clean")).toHaveLength(2);
    expect(castProgramme(1, 28).filter((m) => m.story === "clean")).toHaveLength(1);
    const unreadable = live.summary.edgeCases.find((e) => e.kind === "unreadable-suite");
    expect(unreadable).toBeDefined();
    const entry = live.settings.registry.find((e) => registryKey(e) === unreadable!.participantRole)!;
    const suite = entry.testPlans![0].suiteIds![0];
    expect(live.state.projects[0].suites.has(suite)).toBe(false);
    expect(live.summary.parameters.calendar).toBe("live");
  });

  it("leaves the pinned programme as it was", () => {
    expect(sample.summary.edgeCases.some((e) => e.kind === "unreadable-suite")).toBe(false);
    expect(sample.settings.windows).toEqual(DEFAULT_WINDOWS);
  });
});
