import { dayNumber } from "../../src/core/calendar";
import { DEFAULT_WINDOWS, QtWindow } from "../../src/core/windows";
import { ProjectState, SandboxState } from "../state";
import { EdgeCase } from "./edge-cases";
import { liveWindows } from "./live-calendar";
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

/** The programme's windows: the QA&P calendar, or the live one placed around today. */
export function programmeWindows(options: ResolvedOptions): QtWindow[] {
  return options.calendar === "live" ? liveWindows(options.today) : DEFAULT_WINDOWS.map((w) => structuredClone(w));
}

export function windowsById(windows: readonly QtWindow[] = DEFAULT_WINDOWS): Map<string, QtWindow> {
  return new Map(windows.map((w) => [w.id, w]));
}

export const todayNumber = (options: ResolvedOptions): number => dayNumber(options.today);
