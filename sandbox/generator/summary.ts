import { Settings, registryKey } from "../../src/core/settings";
import { WindowPhase, windowTiming } from "../../src/core/windows";
import { ProjectState, SandboxState, TestPoint } from "../state";
import { EdgeCase } from "./edge-cases";
import { isNotRun } from "./outcomes";
import { ProgrammeCalendar } from "./options";

/** One participant-role's counts, read from the state through the settings that map it. */
export interface ParticipantRoleSummary {
  key: string;
  participantName: string;
  route: "QT" | "SIT";
  planIds: number[];
  testCases: number;
  points: number;
  activePoints: number;
  /** Active points with an outcome other than not run. */
  executedPoints: number;
  passedPoints: number;
  defects: number;
  /** Defects whose state's category is not Completed or Removed. */
  outstandingDefects: number;
}

export interface WindowSummary {
  /** A window id, or `sit` for the SIT-route participant-roles. */
  id: string;
  name: string;
  phase: WindowPhase | "sit";
  participantRoles: ParticipantRoleSummary[];
}

export interface ProgrammeTotals {
  participantRoles: number;
  plans: number;
  suites: number;
  testCases: number;
  points: number;
  runs: number;
  results: number;
  defects: number;
  workItems: number;
}

export interface ProgrammeParameters {
  seed: number;
  scale: number;
  today: string;
  participantRoles: number;
  calendar?: ProgrammeCalendar;
}

export interface ProgrammeSummary {
  parameters: ProgrammeParameters;
  organization: string;
  project: string;
  totals: ProgrammeTotals;
  windows: WindowSummary[];
  edgeCases: EdgeCase[];
}

const CLOSED_CATEGORIES = new Set(["Completed", "Removed"]);

/** Counts per participant-role and window, from the state as it is now (it follows control-API changes). */
export function summarise(
  state: SandboxState,
  settings: Settings,
  parameters: ProgrammeParameters,
  edgeCases: readonly EdgeCase[],
): ProgrammeSummary {
  const project = state.projects[0];
  const pointsByPlan = groupPointsByPlan(project);
  const defectTypes = new Set(settings.defects.workItemTypes.map((t) => t.toLowerCase()));
  const closedStates = closedStatesByType(project);
  const defectsByArea = new Map<string, { defects: number; outstanding: number }>();
  let defects = 0;
  let testCases = 0;
  for (const item of state.workItems.values()) {
    const type = String(item.fields["System.WorkItemType"] ?? "");
    if (type === "Test Case") testCases++;
    if (!defectTypes.has(type.toLowerCase())) continue;
    defects++;
    const area = String(item.fields["System.AreaPath"] ?? "").toLowerCase();
    const counts = defectsByArea.get(area) ?? { defects: 0, outstanding: 0 };
    counts.defects++;
    if (!closedStates.get(type.toLowerCase())?.has(String(item.fields["System.State"] ?? "").toLowerCase()))
      counts.outstanding++;
    defectsByArea.set(area, counts);
  }

  const now = new Date(`${parameters.today}T12:00:00Z`);
  const windows: WindowSummary[] = settings.windows.map((w) => ({
    id: w.id,
    name: w.name,
    phase: windowTiming(w, now).phase,
    participantRoles: [],
  }));
  const sit: WindowSummary = { id: "sit", name: "SIT route", phase: "sit", participantRoles: [] };
  for (const entry of settings.registry) {
    const planIds = entry.testPlans.map((p) => p.planId);
    const points = planIds.flatMap((id) => pointsByPlan.get(id) ?? []);
    const active = points.filter((p) => p.isActive);
    const scope = (entry.defectScope.areaPaths ?? []).map((a) => a.toLowerCase());
    let inScope = 0;
    let outstanding = 0;
    for (const [area, counts] of defectsByArea) {
      if (scope.some((s) => area === s || area.startsWith(`${s}\\`))) {
        inScope += counts.defects;
        outstanding += counts.outstanding;
      }
    }
    const summary: ParticipantRoleSummary = {
      key: registryKey(entry),
      participantName: entry.participantName,
      route: entry.route,
      planIds,
      testCases: new Set(points.map((p) => p.testCaseId)).size,
      points: points.length,
      activePoints: active.length,
      executedPoints: active.filter((p) => !isNotRun(p.outcome)).length,
      passedPoints: active.filter((p) => p.outcome === "passed").length,
      defects: inScope,
      outstandingDefects: outstanding,
    };
    const home = entry.route === "SIT" ? sit : windows.find((w) => w.id === entry.window);
    (home ?? sit).participantRoles.push(summary);
  }
  if (sit.participantRoles.length > 0) windows.push(sit);

  let results = 0;
  for (const list of project.resultsByRun.values()) results += list.length;
  return {
    parameters,
    organization: state.organization.name,
    project: project.name,
    totals: {
      participantRoles: settings.registry.length,
      plans: project.plans.size,
      suites: project.suites.size,
      testCases,
      points: [...pointsByPlan.values()].reduce((n, list) => n + list.length, 0),
      runs: project.runs.size,
      results,
      defects,
      workItems: state.workItems.size,
    },
    windows,
    edgeCases: edgeCases.map((e) => ({ ...e, ids: [...e.ids] })),
  };
}

function groupPointsByPlan(project: ProjectState): Map<number, TestPoint[]> {
  const byPlan = new Map<number, TestPoint[]>();
  for (const [suiteId, points] of project.pointsBySuite) {
    const planId = project.suites.get(suiteId)?.planId;
    if (planId === undefined) continue;
    const list = byPlan.get(planId) ?? [];
    for (const p of points) list.push(p);
    byPlan.set(planId, list);
  }
  return byPlan;
}

function closedStatesByType(project: ProjectState): Map<string, Set<string>> {
  return new Map(
    project.workItemTypes.map((t) => [
      t.name.toLowerCase(),
      new Set(t.states.filter((s) => CLOSED_CATEGORIES.has(s.category)).map((s) => s.name.toLowerCase())),
    ]),
  );
}
