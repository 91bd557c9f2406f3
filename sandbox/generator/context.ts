import { dayNumber } from "../../src/core/calendar";
import { DEFAULT_WINDOWS, QtWindow } from "../../src/core/windows";
import { ProjectState, SandboxState } from "../state";
import { EdgeCase } from "./edge-cases";
import { IdSequences } from "./ids";
import { ResolvedOptions } from "./options";

/** What every part of the generator works in: the options, the counters, the state being filled. */
export interface GenerationContext {
  options: ResolvedOptions;
  /** Day number of the programme's today. */
  today: number;
  ids: IdSequences;
  state: SandboxState;
  project: ProjectState;
  windows: ReadonlyMap<string, QtWindow>;
  edgeCases: EdgeCase[];
}

export function windowsById(): Map<string, QtWindow> {
  return new Map(DEFAULT_WINDOWS.map((w) => [w.id, w]));
}

export const todayNumber = (options: ResolvedOptions): number => dayNumber(options.today);
