import { RoleCode } from "./participant-role";

/** A body whose approval a role's qualification needs (BSC, REC, later the DIP Manager…): configuration. */
export type GoverningBody = string;

export interface RoleDefinition {
  code: RoleCode;
  name: string;
  abbreviation: string;
  /** The codes whose rules govern the role (QA&P §7.1). */
  governingBodies: GoverningBody[];
  /** Every body whose sign-off qualification needs; by default the governing bodies. */
  approvers: GoverningBody[];
}

function role(code: string, name: string, abbreviation: string, bodies: GoverningBody[]): RoleDefinition {
  return { code, name, abbreviation, governingBodies: bodies, approvers: [...bodies] };
}

/** The QA&P §7.1 catalogue. MDR is not qualified under this process, so it is absent on purpose. */
export const DEFAULT_ROLES: readonly RoleDefinition[] = [
  role("N", "Smart Data Service", "SDS", ["BSC"]),
  role("O", "Advanced Data Service", "ADS", ["BSC"]),
  role("Q", "Unmetered Supply Data Service", "UMSDS", ["BSC"]),
  role("3", "Unmetered Supplies Operator", "UMSO", ["BSC"]),
  role("R", "Licensed Distribution System Operator", "LDSO", ["BSC", "REC"]),
  role("P", "SMRA / ERDA", "SMRA", ["BSC", "REC"]),
  role("X", "Supplier", "Supplier", ["BSC", "REC"]),
  role("T", "Metering Equipment Manager (Advanced)", "MEM-A", ["REC"]),
  role("S", "Metering Equipment Manager (Smart)", "MEM-S", ["REC"]),
];

export function findRole(roles: readonly RoleDefinition[], code: RoleCode): RoleDefinition | undefined {
  return roles.find((r) => r.code === code);
}
