import { Settings } from "../../src/core/settings";
import { ProjectState, SandboxState } from "../state";
import { areaTree } from "./areas";
import { castProgramme } from "./cast";
import { GenerationContext, todayNumber, windowsById } from "./context";
import { buildDefects } from "./defects";
import { EdgeCase } from "./edge-cases";
import { guidFor, idSequences } from "./ids";
import { TESTERS } from "./identities";
import { ProgrammeOptions, resolveOptions } from "./options";
import { fieldRegistry, testConfigurations, workItemTypes } from "./process";
import { sampleSettings } from "./sample-settings";
import { ProgrammeSummary, summarise } from "./summary";
import { buildTesting } from "./testing";
import { sampleTokens } from "./tokens";

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
  const cast = castProgramme(options.seed, options.participantRoles);
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
  };
  const ctx: GenerationContext = {
    options,
    today: todayNumber(options),
    ids,
    state,
    project,
    windows: windowsById(),
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

  const settings = sampleSettings(options.projectName, cast, planIds);
  const parameters = {
    seed: options.seed,
    scale: options.scale,
    today: options.today,
    participantRoles: options.participantRoles,
  };
  return { state, settings, summary: summarise(state, settings, parameters, ctx.edgeCases) };
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
