import { IsoDate, dayNumber, ukDayNumber } from "./calendar";

export interface DateRange {
  start: IsoDate;
  end: IsoDate;
}

/** A QT window (the QA&P's "tranche"; later the programme's "wave"): configuration, not code. */
export interface QtWindow {
  id: string;
  name: string;
  environmentPreparation: DateRange;
  execution: DateRange;
}

function window(id: string, name: string, prep: [IsoDate, IsoDate], exec: [IsoDate, IsoDate]): QtWindow {
  return {
    id,
    name,
    environmentPreparation: { start: prep[0], end: prep[1] },
    execution: { start: exec[0], end: exec[1] },
  };
}

/** QA&P v0.2's calendar (current values of its tracked changes). */
export const DEFAULT_WINDOWS: readonly QtWindow[] = [
  window("non-sit-ldso", "Non-SIT LDSO", ["2024-01-29", "2024-07-05"], ["2024-07-15", "2025-01-24"]),
  window("tranche-1", "Tranche 1", ["2024-08-06", "2025-01-13"], ["2025-01-20", "2025-09-29"]),
  window("tranche-2", "Tranche 2", ["2024-09-03", "2025-02-10"], ["2025-02-17", "2025-10-27"]),
  window("tranche-3", "Tranche 3", ["2024-10-01", "2025-03-10"], ["2025-03-17", "2025-11-24"]),
  window("tranche-4", "Tranche 4", ["2024-10-29", "2025-04-07"], ["2025-04-14", "2025-12-22"]),
  window("tranche-5", "Tranche 5", ["2024-11-26", "2025-05-05"], ["2025-05-12", "2026-01-19"]),
  window("tranche-6", "Tranche 6", ["2024-12-24", "2025-06-02"], ["2025-06-09", "2026-02-16"]),
  window("tranche-7", "Tranche 7", ["2025-01-21", "2025-06-30"], ["2025-07-07", "2026-03-16"]),
];

export type WindowPhase = "not-started" | "environment-preparation" | "awaiting-execution" | "execution" | "closed";

export interface WindowTiming {
  phase: WindowPhase;
  /**
   * UK calendar days from today to the last day of execution: 0 on the last day, negative once it has closed.
   */
  daysLeft: number;
}

export function windowTiming(w: QtWindow, now: Date): WindowTiming {
  const today = ukDayNumber(now);
  const execEnd = dayNumber(w.execution.end);
  let phase: WindowPhase;
  if (today < dayNumber(w.environmentPreparation.start)) phase = "not-started";
  else if (today <= dayNumber(w.environmentPreparation.end)) phase = "environment-preparation";
  else if (today < dayNumber(w.execution.start)) phase = "awaiting-execution";
  else if (today <= execEnd) phase = "execution";
  else phase = "closed";
  return { phase, daysLeft: execEnd - today };
}
