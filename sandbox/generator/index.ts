import { Settings } from "../../src/core/settings";
import { ProjectState, SandboxState } from "../state";
import { areaTree } from "./areas";
import { castProgramme } from "./cast";
import { GenerationContext, programmeWindows, todayNumber, windowsById } from "./context";
import { buildDefects } from "./defects";
import { buildRequirements } from "./requirements";
import { EdgeCase } from "./edge-cases";
import { guidFor, idSequences } from "./ids";
import { BSC_ASSURER, REC_ASSURER, SAMPLE_IDENTITY, TESTERS } from "./identities";
import { ProgrammeOptions, resolveOptions } from "./options";
import { fieldRegistry, testConfigurations, workItemTypes } from "./process";
import { sampleSettings } from "./sample-settings";
import { ProgrammeSummary, summarise } from "./summary";
import { buildTesting } from "./testing";
import { sampleTeams } from "./teams";
import { sampleTokens } from "./tokens";
import { rememberToday } from "../analytics/today";

export interface Programme {
  state: SandboxState;
  /** Settings that map this programme (they validate with validateSettings). */
  settings: Settings;
  summary: ProgrammeSummary;
}

/**
 * Generates the sample QT programme: deterministic for given options (same options, same programme), with
 * `scale` sizing test cases and ordinary defects. See sandbox/README.md for the conventions and edge cases.
 */
export function generateProgramme(input: ProgrammeOptions): Programme {
  const options = resolveOptions(input);
  const ids = idSequences();
  const live = options.calendar === "live";
  const cast = castProgramme(options.seed, options.participantRoles, live);
  const windows = programmeWindows(options);
  const project: ProjectState = {
    id: guidFor(`project:${options.orgName}/${options.projectName}`),
    name: options.projectName,
    description: "Sample MHHS Qualification Testing programme (generated; every participant is fictional).",
    areas: areaTree(options.projectName, cast, ids.areas),
    workItemTypes: workItemTypes(),
    plans: new Map(),
    suites: new Map(),
    configurations: new Map(testConfigurations().map((c) => [c.id, c])),
    pointsBySuite: new Map(),
    runs: new Map(),
    resultsByRun: new Map(),
  };
  const state: SandboxState = {
    organization: { name: options.orgName, id: guidFor(`organization:${options.orgName}`) },
    projects: [project],
    fields: fieldRegistry(),
    workItems: new Map(),
    extensionData: new Map(),
    tokens: sampleTokens(),
    areaDenies: [],
    teams: sampleTeams(project),
    projectAdministrators: [SAMPLE_IDENTITY.id],
    directory: [SAMPLE_IDENTITY, ...TESTERS, BSC_ASSURER, REC_ASSURER].map((i) => ({ ...i })),
  };
  const ctx: GenerationContext = {
    options,
    today: todayNumber(options),
    ids,
    state,
    project,
    windows: windowsById(windows),
    edgeCases: [],
  };

  const planIds = new Map<string, number>();
  for (const member of cast) {
    const window = member.windowId ? ctx.windows.get(member.windowId) : undefined;
    const tester = TESTERS[member.index % TESTERS.length];
    let share = 1;
    if (window) {
      const outline = buildTesting(ctx, member, window, tester);
      planIds.set(member.key, outline.planId);
      share = outline.share;
    }
    buildDefects(ctx, member, window, share);
  }
  ctx.edgeCases.push(...castEdgeCases(cast, planIds));

  const settings = sampleSettings(options.projectName, cast, planIds, windows);
  if (live) ctx.edgeCases.push(selectMissingSuite(settings, cast, project));
  // Last, from streams of their own: every id, point, outcome and defect above stays as it was.
  buildRequirements(ctx, cast, planIds);
  // Analytics' history ends on this day (kept beside the state, not in it: the state stays byte for byte).
  rememberToday(state, options.today, live);
  const parameters = {
    seed: options.seed,
    scale: options.scale,
    today: options.today,
    participantRoles: options.participantRoles,
    ...(live ? { calendar: options.calendar } : {}),
  };
  return { state, settings, summary: summarise(state, settings, parameters, ctx.edgeCases) };
}

/** The live programme's participant-role that cannot be assessed: its settings select a suite that is gone. */
const LIVE_UNREADABLE_SLOT = 9;

/**
 * Points one participant-role's plan selection at a suite the project does not have, as when a suite is deleted
 * after it was mapped: every read of it fails with 404, so the live portfolio shows "cannot assess" and why.
 */
function selectMissingSuite(
  settings: Settings,
  cast: ReturnType<typeof castProgramme>,
  project: ProjectState,
): EdgeCase {
  const member = cast[LIVE_UNREADABLE_SLOT];
  const entry = settings.registry.find((e) => e.mpid === member.mpid && e.roleCode === member.roleCode);
  const selection = entry?.testPlans?.[0];
  if (!entry || !selection) throw new Error(`The live programme's slot ${LIVE_UNREADABLE_SLOT} has no plan.`);
  const missingSuite = Math.max(0, ...project.suites.keys()) + 1000;
  selection.suiteIds = [missingSuite];
  return {
    kind: "unreadable-suite",
    participantRole: member.key,
    what: "plans",
    ids: [selection.planId],
    note: `settings select suite ${missingSuite}, which the plan does not have: every read fails (404), so it cannot be assessed`,
  };
}

function castEdgeCases(cast: ReturnType<typeof castProgramme>, planIds: ReadonlyMap<string, number>): EdgeCase[] {
  const out: EdgeCase[] = [];
  const clean = cast.find((m) => m.story === "clean");
  if (clean) {
    out.push({
      kind: "all-passed",
      participantRole: clean.key,
      what: "plans",
      ids: [planIds.get(clean.key) ?? 0],
      note: "every point passed, every defect Closed or Removed, Sev3/4 with impact and mitigation: ready to submit",
    });
  }
  const byMpid = new Map<string, string[]>();
  for (const m of cast) byMpid.set(m.mpid, [...(byMpid.get(m.mpid) ?? []), m.key]);
  for (const keys of byMpid.values()) {
    if (keys.length > 1) {
      out.push({
        kind: "several-roles-one-participant",
        participantRole: keys[0],
        what: "participant-roles",
        ids: [],
        note: `one MPID in several roles: ${keys.join(", ")}`,
      });
    }
  }
  for (const m of cast.filter((c) => c.route === "SIT")) {
    out.push({
      kind: "sit-route",
      participantRole: m.key,
      what: "participant-roles",
      ids: [],
      note: "SIT route: no QT window or plan; defects under MHHS QT\\sit",
    });
  }
  return out;
}

export { resolveOptions } from "./options";
export type { ProgrammeOptions } from "./options";
export type { ProgrammeSummary, ParticipantRoleSummary, WindowSummary, ProgrammeParameters } from "./summary";
export type { EdgeCase, EdgeCaseKind } from "./edge-cases";
export { summarise } from "./summary";
