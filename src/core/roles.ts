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
  /** The programme milestone the role must be qualified by (QA&P §7.1); a window ending after it is a warning. */
  milestone?: RoleMilestone;
}

export interface RoleMilestone {
  id: string;
  name: string;
  /** YYYY-MM-DD, a UK calendar day. */
  date: string;
}

/** The QA&P §7.1 milestones each role's qualification supports. */
const M10: RoleMilestone = { id: "M10", name: "Central Systems ready for migration", date: "2025-03-07" };
const M14: RoleMilestone = {
  id: "M14",
  name: "All Suppliers able to accept MPANs under the new TOM",
  date: "2026-03-16",
};
const M15: RoleMilestone = { id: "M15", name: "Migration Completion", date: "2026-10-05" };

function role(
  code: string,
  name: string,
  abbreviation: string,
  bodies: GoverningBody[],
  milestone: RoleMilestone,
): RoleDefinition {
  return { code, name, abbreviation, governingBodies: bodies, approvers: [...bodies], milestone: { ...milestone } };
}

/** The QA&P §7.1 catalogue. MDR is not qualified under this process, so it is absent on purpose. */
export const DEFAULT_ROLES: readonly RoleDefinition[] = [
  role("N", "Smart Data Service", "SDS", ["BSC"], M15),
  role("O", "Advanced Data Service", "ADS", ["BSC"], M15),
  role("Q", "Unmetered Supply Data Service", "UMSDS", ["BSC"], M15),
  role("3", "Unmetered Supplies Operator", "UMSO", ["BSC"], M10),
  role("R", "Licensed Distribution System Operator", "LDSO", ["BSC", "REC"], M10),
  role("P", "SMRA / ERDA", "SMRA", ["BSC", "REC"], M10),
  role("X", "Supplier", "Supplier", ["BSC", "REC"], M14),
  role("T", "Metering Equipment Manager (Advanced)", "MEM-A", ["REC"], M15),
  role("S", "Metering Equipment Manager (Smart)", "MEM-S", ["REC"], M15),
];

export function findRole(roles: readonly RoleDefinition[], code: RoleCode): RoleDefinition | undefined {
  return roles.find((r) => r.code === code);
}
