import { isIsoDate } from "../../src/core/calendar";
import { BASE_CAST_SIZE } from "./cast";

/** What a generated programme depends on. Same options, same programme, byte for byte. */
export interface ProgrammeOptions {
  seed: number;
  /** Size knob: 1 is the demo programme (~4–5k test points); test cases and ordinary defects grow linearly. */
  scale: number;
  /** The programme's "today" (UK date, YYYY-MM-DD): how far each window has run. Default 2025-06-01. */
  today?: string;
  /**
   * How many participant-roles: default and minimum 28 (the fixed roster, every story once); more adds ordinary
   * QT participant-roles spread over the windows. Test cases per participant-role still follow `scale`.
   */
  participantRoles?: number;
  /**
   * "qa-and-p" (default): the QA&P v0.2 window calendar, for tests that pin `today`. "live": windows placed around
   * `today` so every phase shows (live-calendar.ts), with approvals seeded so every verdict shows (what `npm start`
   * serves when no `--today` is given).
   */
  calendar?: ProgrammeCalendar;
  orgName?: string;
  projectName?: string;
}

export type ProgrammeCalendar = "qa-and-p" | "live";
export const CALENDARS: readonly ProgrammeCalendar[] = ["qa-and-p", "live"];

export type ResolvedOptions = Required<ProgrammeOptions>;

export const DEFAULT_TODAY = "2025-06-01";
export const DEFAULT_ORG = "mhhs-sandbox";
export const DEFAULT_PROJECT = "MHHS QT";
/** Above this a programme no longer fits comfortably in memory (scale 20 is ~100k points). */
export const MAX_SCALE = 200;
/** The most participant-roles a programme may have (a real window has at most a few hundred). */
export const MAX_PARTICIPANT_ROLES = 600;

/** Fills in defaults and rejects options the generator cannot honour (RangeError: the sandbox answers 400). */
export function resolveOptions(options: ProgrammeOptions): ResolvedOptions {
  const { seed, scale } = options;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a whole number, not ${String(seed)}`);
  if (typeof scale !== "number" || !(scale > 0 && scale <= MAX_SCALE)) {
    throw new RangeError(`scale must be a number above 0 and at most ${MAX_SCALE}, not ${String(scale)}`);
  }
  const today = options.today ?? DEFAULT_TODAY;
  if (typeof today !== "string" || !isIsoDate(today))
    throw new RangeError(`today must be a date written YYYY-MM-DD, not ${String(today)}`);
  const participantRoles = options.participantRoles ?? BASE_CAST_SIZE;
  if (
    !Number.isSafeInteger(participantRoles) ||
    participantRoles < BASE_CAST_SIZE ||
    participantRoles > MAX_PARTICIPANT_ROLES
  ) {
    throw new RangeError(
      `participantRoles must be a whole number from ${BASE_CAST_SIZE} to ${MAX_PARTICIPANT_ROLES}, not ${String(participantRoles)}`,
    );
  }
  const calendar = options.calendar ?? "qa-and-p";
  if (!CALENDARS.includes(calendar))
    throw new RangeError(`calendar must be ${CALENDARS.join(" or ")}, not ${String(calendar)}`);
  const orgName = options.orgName ?? DEFAULT_ORG;
  const projectName = options.projectName ?? DEFAULT_PROJECT;
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(orgName))
    throw new RangeError(`orgName must be letters, digits and hyphens, not ${orgName}`);
  if (!/^[^\\/:*?"<>|;#$%&+,]+$/.test(projectName) || projectName.trim() !== projectName) {
    throw new RangeError(
      `projectName may not contain \\ / : * ? " < > | ; # $ % & + , or outer spaces: ${projectName}`,
    );
  }
  return { seed, scale, today, participantRoles, calendar, orgName, projectName };
}
