import { DEFAULT_ROLES } from "../../src/core/roles";
import { RegistryEntry, SETTINGS_SCHEMA_VERSION, Settings } from "../../src/core/settings";
import { SeverityLevel } from "../../src/core/severity";
import { DEFAULT_WINDOWS, QtWindow } from "../../src/core/windows";
import { areaPathOf } from "./areas";
import { CastMember } from "./cast";
import { BSC_ASSURER, REC_ASSURER } from "./identities";
import { ASSURER_TEAMS } from "./teams";
import {
  BUG,
  QT_APPROVAL,
  IMPACT_FIELD,
  MITIGATION_FIELD,
  QT_SEVERITIES,
  QT_SEVERITY_FIELD,
  REQUIREMENT,
} from "./process";

/** The settings that map the generated programme: every participant-role's plans and area path, the custom severity. */
export function sampleSettings(
  project: string,
  cast: readonly CastMember[],
  planIds: ReadonlyMap<string, number>,
  windows: readonly QtWindow[] = DEFAULT_WINDOWS,
): Settings {
  const registry = cast.map((member): RegistryEntry => {
    const planId = planIds.get(member.key);
    const entry: RegistryEntry = {
      mpid: member.mpid,
      roleCode: member.roleCode,
      participantName: member.participantName,
      route: member.route,
      ...(member.windowId ? { window: member.windowId } : {}),
      testPlans: planId === undefined ? [] : [{ planId }],
      defectScope: { areaPaths: [areaPathOf(project, member)] },
    };
    return entry;
  });
  return {
    schemaVersion: SETTINGS_SCHEMA_VERSION,
    defects: {
      workItemTypes: [BUG],
      severityField: QT_SEVERITY_FIELD,
      severityMap: Object.fromEntries(QT_SEVERITIES.map((value, i) => [value, (i + 1) as SeverityLevel])),
      inferSeverityFromNumber: true,
      impactField: IMPACT_FIELD,
      mitigationField: MITIGATION_FIELD,
      stateOverrides: [],
    },
    registry,
    windows: windows.map((w) => structuredClone(w)),
    roles: DEFAULT_ROLES.map((r) => structuredClone(r)),
    assurers: [
      { user: BSC_ASSURER.uniqueName, displayName: BSC_ASSURER.displayName, body: "BSC" },
      { user: REC_ASSURER.uniqueName, displayName: REC_ASSURER.displayName, body: "REC" },
    ],
    // Each participant-role's requirements are under its own area path, as its defects are.
    traceability: { requirementTypes: [REQUIREMENT], useDefectScope: true },
  };
}

/**
 * The sample settings as the protected set-up keeps them (docs/security.md): assurers are the members of each
 * body's team, as Azure DevOps lists them, rather than names in the settings.
 */
export function protectedSampleSettings(settings: Settings): Settings {
  return {
    ...settings,
    assurers: [],
    assurerTeams: [
      { team: ASSURER_TEAMS.BSC, body: "BSC" },
      { team: ASSURER_TEAMS.REC, body: "REC" },
    ],
    approvalRecords: { workItemType: QT_APPROVAL },
  };
}
