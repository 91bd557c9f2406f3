import {
  Approvals,
  WaiverInput,
  emptyApprovals,
  recordEntryItem,
  recordMitigationAgreement,
  recordWaiver,
} from "../../src/core/approvals";
import { UserRef } from "../../src/core/audit";
import { ENTRY_CRITERIA } from "../../src/core/entry-criteria";
import {
  COMPLETE,
  Completeness,
  DefectFact,
  ParticipantRoleFacts,
  PointFact,
  ProgrammeMetadata,
} from "../../src/core/facts";
import { RegistryEntry, Settings, defaultSettings } from "../../src/core/settings";

/** Small builders for engine tests: each call gives a fresh object with sensible defaults. */

export const NOW = new Date("2025-06-01T12:00:00Z");

export const BUG_STATES: Record<string, string> = {
  New: "Proposed",
  Active: "InProgress",
  Resolved: "Resolved",
  Closed: "Completed",
  Removed: "Removed",
};

export function metadata(overrides: Partial<ProgrammeMetadata> = {}): ProgrammeMetadata {
  return { stateCategories: { Bug: BUG_STATES }, completeness: COMPLETE, ...overrides };
}

let nextId = 1000;

export function point(overrides: Partial<PointFact> = {}): PointFact {
  const id = overrides.id ?? nextId++;
  return {
    id,
    planId: 10,
    planName: "QT ABCD-X",
    suiteId: 20,
    suiteName: "Scenario group 1",
    testCaseId: id + 50_000,
    testCaseTitle: `Test case ${id}`,
    configurationId: 1,
    configurationName: "UIT",
    isActive: true,
    outcome: "passed",
    ...overrides,
  };
}

export function defect(overrides: Partial<DefectFact> = {}): DefectFact {
  const id = overrides.id ?? nextId++;
  return {
    id,
    title: `Defect ${id}`,
    workItemType: "Bug",
    state: "Active",
    severity: "3 - Medium",
    impact: "",
    mitigation: "",
    ...overrides,
  };
}

export function facts(overrides: Partial<ParticipantRoleFacts> = {}): ParticipantRoleFacts {
  return {
    participantRole: "ABCD-X",
    points: [point(), point()],
    defects: [],
    testCaseCount: 2,
    metadata: metadata(),
    completeness: { points: COMPLETE, defects: COMPLETE },
    ...overrides,
  };
}

export function incompleteFacts(part: "points" | "defects", reason: string): ParticipantRoleFacts {
  const base = facts();
  const completeness: Record<"points" | "defects", Completeness> = { ...base.completeness };
  completeness[part] = { complete: false, reason };
  return { ...base, completeness };
}

export function registryEntry(overrides: Partial<RegistryEntry> = {}): RegistryEntry {
  return {
    mpid: "ABCD",
    roleCode: "X",
    participantName: "Alpha Energy",
    route: "QT",
    window: "tranche-1",
    testPlans: [{ planId: 10 }],
    defectScope: { areaPaths: ["QT\\ABCD-X"] },
    ...overrides,
  };
}

export const BSC_ASSURER: UserRef = { id: "u-bsc", displayName: "Bea Assurer", uniqueName: "bea@bsc.example" };
export const REC_ASSURER: UserRef = { id: "u-rec", displayName: "Rex Assurer", uniqueName: "rex@rec.example" };
export const PARTICIPANT: UserRef = { id: "u-part", displayName: "Pat Lead", uniqueName: "pat@alpha.example" };

export function settings(mutate: (s: Settings) => void = () => undefined): Settings {
  const s = defaultSettings();
  s.registry = [registryEntry()];
  s.assurers = [
    { user: "bea@bsc.example", displayName: "Bea Assurer", body: "BSC" },
    { user: "rex@rec.example", displayName: "Rex Assurer", body: "REC" },
  ];
  mutate(s);
  return s;
}

export function approvals(): Approvals {
  return emptyApprovals();
}

/** Unwraps a Result in tests, failing loudly with its errors. */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; errors: string[] }): T {
  if (!result.ok) throw new Error(result.errors.join("; "));
  return result.value;
}

const ASSURER_OF = { BSC: BSC_ASSURER, REC: REC_ASSURER } as const;
/** ABCD-X is a Supplier: BSC and REC govern it, and both must agree by default. */
const BOTH: readonly ("BSC" | "REC")[] = ["BSC", "REC"];

/** The mitigation agreement of a defect of ABCD-X by each body named (by default both of its governing bodies). */
export function agreeMitigation(
  a: Approvals,
  d: DefectFact,
  s: Settings = settings(),
  bodies: readonly ("BSC" | "REC")[] = BOTH,
): Approvals {
  return bodies.reduce(
    (acc, body) =>
      unwrap(
        recordMitigationAgreement(
          acc,
          s,
          {
            participantRole: "ABCD-X",
            defectId: d.id,
            severity: d.severity,
            impact: d.impact,
            mitigation: d.mitigation,
            body,
          },
          ASSURER_OF[body],
          NOW,
        ),
      ),
    a,
  );
}

/**
 * The waiver of the point for `outcome`, in tranche-1, by each of ABCD-X's governing bodies (or only `extra.body`);
 * `extra` changes any part of the input.
 */
export function waivePoint(
  a: Approvals,
  p: PointFact,
  outcome: string,
  s: Settings = settings(),
  extra: Partial<WaiverInput> = {},
): Approvals {
  const bodies = extra.body ? [extra.body as "BSC" | "REC"] : BOTH;
  return bodies.reduce(
    (acc, body) =>
      unwrap(
        recordWaiver(
          acc,
          s,
          {
            participantRole: "ABCD-X",
            window: "tranche-1",
            pointId: p.id,
            testCaseId: p.testCaseId,
            outcome,
            kind: "waiver",
            reason: "Agreed",
            body,
            ...extra,
          },
          ASSURER_OF[body] ?? BSC_ASSURER,
          NOW,
        ),
      ),
    a,
  );
}

/** Every must-have entry criterion of ABCD-X accepted for the window by the BSC assurer (entry is per window). */
export function acceptEntry(a: Approvals, s: Settings = settings(), window = "tranche-1"): Approvals {
  return ENTRY_CRITERIA.filter((c) => c.necessity === "must" && !c.derivedFrom).reduce(
    (acc, c) =>
      unwrap(
        recordEntryItem(
          acc,
          s,
          { participantRole: "ABCD-X", window, itemId: c.id, status: "accepted" },
          "BSC",
          BSC_ASSURER,
          NOW,
        ),
      ),
    a,
  );
}
