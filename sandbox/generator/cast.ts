import { Route } from "../../src/core/settings";
import { dice } from "./dice";

/**
 * Who is in the sample programme: participants (made-up MPIDs) in every role of the QA&P catalogue, spread over
 * the default windows, plus a few on the SIT route. The first 28 participant-roles are fixed (each story appears
 * once); a larger cast adds ordinary participant-roles, cycling through the roster's QT windows and roles. The
 * seed picks the names.
 */

/** What a participant-role is there to show. */
export type Story =
  /** Everything executed and passed, every defect closed: the one that is ready to submit. */
  | "clean"
  /** Defects in every severity × state, unknown/missing severities, impact/mitigation variants, odd points. */
  | "matrix"
  /** A defect scope over 20,000 work items at scale 1: one WIQL query cannot return it (VS402337). */
  | "heavy"
  /** A plan with its root suite only: no test cases loaded yet. */
  | "empty"
  | "ordinary";

/** The area node under which SIT-route participant-roles keep their defects. */
export const SIT_AREA = "sit";

interface Slot {
  window: string;
  roles: string[];
  story?: Story;
}

const QT = (window: string, roles: string[], story?: Story): Slot => ({ window, roles, story });

const ROSTER: readonly Slot[] = [
  QT("non-sit-ldso", ["R"], "clean"),
  QT("non-sit-ldso", ["R"]),
  QT("non-sit-ldso", ["R"]),
  QT("tranche-1", ["X"], "matrix"),
  QT("tranche-1", ["X"]),
  QT("tranche-1", ["N", "O"]),
  QT("tranche-2", ["X"], "heavy"),
  QT("tranche-2", ["S"]),
  QT("tranche-2", ["Q"]),
  QT("tranche-3", ["X"]),
  QT("tranche-3", ["3"]),
  QT("tranche-3", ["T"]),
  QT("tranche-4", ["X"]),
  QT("tranche-4", ["P"]),
  QT("tranche-4", ["N"]),
  QT("tranche-5", ["X"]),
  QT("tranche-5", ["O"]),
  QT("tranche-5", ["S"]),
  QT("tranche-6", ["X"]),
  QT("tranche-6", ["T"]),
  QT("tranche-6", ["Q"]),
  QT("tranche-7", ["X"]),
  QT("tranche-7", ["N"]),
  QT("tranche-7", ["3"], "empty"),
  QT(SIT_AREA, ["P"]),
  QT(SIT_AREA, ["R"]),
  QT(SIT_AREA, ["X"]),
];

/** Invented place-like words: names and MPIDs (their first four letters) of the fictional participants. */
const STEMS = [
  "Larkspur",
  "Quillon",
  "Brackenmoor",
  "Thistledown",
  "Emberlea",
  "Corriewold",
  "Fennick",
  "Hollowmere",
  "Kestrelby",
  "Marrowgate",
  "Nettlefold",
  "Oakhallow",
  "Pellmire",
  "Ravensholt",
  "Saltweir",
  "Tarnbrook",
  "Umbercroft",
  "Wrenhallow",
  "Yarrowdale",
  "Zennick",
  "Galebright",
  "Heronsgate",
  "Ivyholme",
  "Juniperra",
  "Moorvane",
  "Orchardly",
  "Pebblewick",
  "Quarrendon",
  "Rushwater",
  "Sorrelby",
  "Teaselton",
  "Vetchley",
  "Willowmere",
  "Alderwick",
  "Bramblecote",
  "Dunnockley",
];

const SUFFIX: Readonly<Record<string, string>> = {
  X: "Energy Supply",
  R: "Distribution Networks",
  P: "Registration Services",
  N: "Smart Data Services",
  O: "Advanced Data Services",
  Q: "Unmetered Data",
  "3": "Street Lighting",
  T: "Advanced Metering",
  S: "Smart Metering",
};

export interface CastMember {
  /** Position in the cast: the order of the registry, plans and work item ids. */
  index: number;
  mpid: string;
  roleCode: string;
  /** `ABCD-X` */
  key: string;
  participantName: string;
  route: Route;
  /** The window id (QT route); undefined on the SIT route. */
  windowId?: string;
  /** The area node under the project: the window id, or `sit`. */
  areaGroup: string;
  story: Story;
}

/** The fixed roster's participant-roles: the smallest cast, and the default. */
export const BASE_CAST_SIZE = ROSTER.reduce((sum, slot) => sum + slot.roles.length, 0);

/** Places that qualify an invented name once the stems run out ("Larkspur Vale Energy Supply"). */
const QUALIFIERS = ["Vale", "Cross", "Reach", "Moor", "Ford", "Heath", "Combe", "Wold", "Fell", "Mere"];

/** Ordinary single-role slots beyond the fixed roster, cycling through the roster's QT (window, role) pairs. */
function extraSlots(count: number): Slot[] {
  const pairs = ROSTER.filter((slot) => slot.window !== SIT_AREA).flatMap((slot) =>
    slot.roles.map((role) => ({ window: slot.window, role })),
  );
  return Array.from({ length: count }, (_, i) => QT(pairs[i % pairs.length].window, [pairs[i % pairs.length].role]));
}

/**
 * The cast: `size` participant-roles (default and minimum: the fixed roster's {@link BASE_CAST_SIZE}). The same
 * seed and size give the same cast, and a larger cast starts with the smaller one.
 */
/**
 * The live programme (options.calendar "live") has a second clean participant-role, so one can be shown exit
 * criteria met (its report submitted) and another ready to submit.
 */
const LIVE_SECOND_CLEAN_SLOT = 1;

export function castProgramme(seed: number, size: number = BASE_CAST_SIZE, live = false): CastMember[] {
  const stems = dice(seed, "cast").shuffle(STEMS);
  const letters = dice(seed, "mpid");
  const used = new Set<string>();
  const members: CastMember[] = [];
  const slots = [...ROSTER, ...extraSlots(Math.max(0, size - BASE_CAST_SIZE))];
  slots.forEach((slot, i) => {
    const round = Math.floor(i / stems.length);
    const base = stems[i % stems.length];
    const stem = round === 0 ? base : `${base} ${QUALIFIERS[(round - 1) % QUALIFIERS.length]}`;
    let mpid = base.slice(0, 4).toUpperCase();
    while (used.has(mpid)) mpid = mpid.slice(0, 3) + String.fromCharCode(65 + letters.int(0, 25));
    used.add(mpid);
    const suffix = slot.roles.length > 1 ? "Data Services" : SUFFIX[slot.roles[0]];
    for (const roleCode of slot.roles) {
      const sit = slot.window === SIT_AREA;
      members.push({
        index: members.length,
        mpid,
        roleCode,
        key: `${mpid}-${roleCode}`,
        participantName: `${stem} ${suffix}`,
        route: sit ? "SIT" : "QT",
        windowId: sit ? undefined : slot.window,
        areaGroup: slot.window,
        story: slot.story ?? (live && i === LIVE_SECOND_CLEAN_SLOT ? "clean" : "ordinary"),
      });
    }
  });
  return members;
}
