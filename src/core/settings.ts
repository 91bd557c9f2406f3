import { ParticipantRoleKey, RoleCode } from "./participant-role";
import { DEFAULT_ROLES, GoverningBody, RoleDefinition } from "./roles";
import { SeverityLevel } from "./severity";
import { StateOverride } from "./states";
import { DEFAULT_WINDOWS, QtWindow } from "./windows";

export const SETTINGS_SCHEMA_VERSION = 1;

export type Route = "SIT" | "QT";

/** Which defects belong to a participant-role. Every condition given must hold (they are ANDed). */
export interface DefectScope {
  /** Area paths; a defect under any of them (UNDER semantics) is in scope. */
  areaPaths?: string[];
  /** Tags; a defect carrying any of them is in scope. */
  tags?: string[];
  /** A field that names the participant-role, e.g. `Custom.ParticipantRole` = `ABCD-X`. */
  field?: { referenceName: string; value: string };
}

export interface PlanSelection {
  planId: number;
  /** Only these suites (and their children); all of the plan when absent. */
  suiteIds?: number[];
}

export interface RegistryEntry {
  mpid: string;
  roleCode: RoleCode;
  participantName: string;
  route: Route;
  /** Id of the window the participant-role is (or was last) in; SIT-route entries may leave it empty. */
  window?: string;
  /** Windows of earlier attempts (QA&P scenarios 3 and 5), kept for reference. */
  previousWindows?: string[];
  testPlans: PlanSelection[];
  defectScope: DefectScope;
}

export interface DefectSettings {
  workItemTypes: string[];
  severityField: string;
  severityMap: Record<string, SeverityLevel>;
  inferSeverityFromNumber: boolean;
  impactField: string;
  mitigationField: string;
  /** A date field holding when a defect is to be resolved (the report's resolution timeline); absent: not read. */
  resolutionDateField?: string;
  stateOverrides: StateOverride[];
}

/**
 * Where a participant-role's requirements come from, for its Requirements to Test Traceability Matrix (RTTM,
 * MHHS-DEL1050). Requirements are work items of these types, linked to test cases by Tested By
 * (`Microsoft.VSTS.Common.TestedBy-Forward`) or through requirement-based suites.
 */
export interface TraceabilitySettings {
  /** The work item types that are requirements, e.g. "Requirement", "User Story", "Feature". */
  requirementTypes: string[];
  /**
   * The requirements a participant-role is expected to trace, by registry key (`ABCD-X`) or role code (`X`); a
   * registry key's scope wins over its role code's. A participant-role with no scope traces the requirements its
   * test cases and requirement-based suites link to, so only an empty requirement-based suite shows a requirement
   * without a test.
   */
  scopes?: Record<string, DefectScope>;
  /** A participant-role with no scope above has its requirements selected by its defect scope. */
  useDefectScope?: boolean;
}

export interface Assurer {
  /** The ADO identity's unique name (usually an e-mail address) or id. */
  user: string;
  displayName?: string;
  body: GoverningBody;
  /** Set on assurers read from this Azure DevOps team (assurerTeams); such entries are never saved. */
  team?: string;
}

/** A team in the project whose members are assurers of the body. */
export interface AssurerTeam {
  team: string;
  body: GoverningBody;
}

export interface Settings {
  schemaVersion: typeof SETTINGS_SCHEMA_VERSION;
  defects: DefectSettings;
  registry: RegistryEntry[];
  windows: QtWindow[];
  roles: RoleDefinition[];
  assurers: Assurer[];
  /** Teams whose members Azure DevOps lists as assurers of a body: membership only administrators may change. */
  assurerTeams?: AssurerTeam[];
  /**
   * Where a role has several governing bodies, whether every one of them must approve a waiver, descope, mitigation
   * or sign-off ("all", the default: QA&P §15, "both will need to individually approve"), or any one ("any").
   */
  bodiesMustAgree?: "all" | "any";
  /**
   * Keep approvals as work items of this type, vouched for by Azure DevOps (docs/security.md), instead of in the
   * extension's data. Absent: the extension's data, where a record counts if it names an assurer.
   */
  approvalRecords?: { workItemType: string };
  /** Where requirements come from for the traceability matrix; absent: those the test cases link to. */
  traceability?: TraceabilitySettings;
}

export const STOCK_SEVERITY_MAP: Readonly<Record<string, SeverityLevel>> = {
  "1 - Critical": 1,
  "2 - High": 2,
  "3 - Medium": 3,
  "4 - Low": 4,
};

export function defaultSettings(): Settings {
  return {
    schemaVersion: SETTINGS_SCHEMA_VERSION,
    defects: {
      workItemTypes: ["Bug"],
      severityField: "Microsoft.VSTS.Common.Severity",
      severityMap: { ...STOCK_SEVERITY_MAP },
      inferSeverityFromNumber: true,
      impactField: "Custom.ImpactAssessment",
      mitigationField: "Custom.MitigationPlan",
      stateOverrides: [],
    },
    registry: [],
    windows: DEFAULT_WINDOWS.map((w) => structuredClone(w)),
    roles: DEFAULT_ROLES.map((r) => structuredClone(r)),
    assurers: [],
  };
}

export function registryKey(entry: Pick<RegistryEntry, "mpid" | "roleCode">): ParticipantRoleKey {
  return `${entry.mpid}-${entry.roleCode}`;
}

/**
 * The scope that selects a participant-role's requirements: its registry key's, else its role code's, else its
 * defect scope when `useDefectScope` is set; undefined when none applies (its requirements are then those its test
 * cases and requirement-based suites link to).
 */
export function requirementScopeOf(
  settings: Pick<Settings, "traceability">,
  entry: Pick<RegistryEntry, "mpid" | "roleCode" | "defectScope">,
): DefectScope | undefined {
  const t = settings.traceability;
  if (!t) return undefined;
  const scopes = t.scopes ?? {};
  const own = Object.prototype.hasOwnProperty.call(scopes, registryKey(entry)) ? scopes[registryKey(entry)] : undefined;
  const role = Object.prototype.hasOwnProperty.call(scopes, entry.roleCode) ? scopes[entry.roleCode] : undefined;
  return own ?? role ?? (t.useDefectScope ? entry.defectScope : undefined);
}
