import { FieldDef, TestConfiguration, WorkItemStateDef, WorkItemTypeDef } from "../state";

/** The sample organisation's process: an inherited Agile-like process with QT fields added. */

export const BUG = "Bug";
export const TEST_CASE = "Test Case";
/** A participant-role's requirements (its PIT RTTM, MHHS-DEL1050), linked to its test cases by Tested By. */
export const REQUIREMENT = "Requirement";
/** Approvals kept as work items (settings `approvalRecords`), vouched for by who Azure DevOps says wrote them. */
export const QT_APPROVAL = "QT Approval";
export const QT_SETTINGS = "QT Settings";
const RECORD_FIELDS = [
  "Custom.QTRecordKind",
  "Custom.QTParticipantRole",
  "Custom.QTWindow",
  "Custom.QTBody",
  "Custom.QTSubject",
  "Custom.QTTerms",
] as const;

export const STOCK_SEVERITY_FIELD = "Microsoft.VSTS.Common.Severity";
export const QT_SEVERITY_FIELD = "Custom.QTSeverity";
export const IMPACT_FIELD = "Custom.ImpactAssessment";
export const MITIGATION_FIELD = "Custom.MitigationPlan";

export const STOCK_SEVERITIES = ["1 - Critical", "2 - High", "3 - Medium", "4 - Low"] as const;
/** The custom five-level picklist, in level order (index + 1 = QA&P Appendix D level). */
export const QT_SEVERITIES = [
  "Sev1 - Critical",
  "Sev2 - Major",
  "Sev3 - Moderate",
  "Sev4 - Minor",
  "Sev5 - Cosmetic",
] as const;
/** A value some defects carry that the picklist does not allow (imported before the picklist was tightened). */
export const UNKNOWN_SEVERITY = "Showstopper";

export type Level = 1 | 2 | 3 | 4 | 5;

/** The stock value an organisation would have set beside the custom one (Sev5 has no stock level: 4 - Low). */
export function stockSeverityFor(level: Level): string {
  return STOCK_SEVERITIES[Math.min(level, 4) - 1];
}

/** Bug states with their categories, as `workitemtypes/Bug/states` answers. */
export const BUG_STATES: readonly WorkItemStateDef[] = [
  { name: "New", category: "Proposed", color: "b2b2b2" },
  { name: "Active", category: "InProgress", color: "007acc" },
  { name: "Resolved", category: "Resolved", color: "ff9d00" },
  { name: "Closed", category: "Completed", color: "339933" },
  { name: "Removed", category: "Removed", color: "ffffff" },
];

export type BugState = "New" | "Active" | "Resolved" | "Closed" | "Removed";

const TEST_CASE_STATES: readonly WorkItemStateDef[] = [
  { name: "Design", category: "Proposed", color: "b2b2b2" },
  { name: "Ready", category: "InProgress", color: "007acc" },
  { name: "Closed", category: "Completed", color: "339933" },
];

/** Requirement states with their categories (CMMI's Requirement). */
export const REQUIREMENT_STATES: readonly WorkItemStateDef[] = [
  { name: "Proposed", category: "Proposed", color: "b2b2b2" },
  { name: "Active", category: "InProgress", color: "007acc" },
  { name: "Resolved", category: "Resolved", color: "ff9d00" },
  { name: "Closed", category: "Completed", color: "339933" },
];

const field = (referenceName: string, name: string, type: string, readOnly = false): FieldDef =>
  readOnly ? { referenceName, name, type, readOnly } : { referenceName, name, type };

export function fieldRegistry(): FieldDef[] {
  return [
    field("System.Id", "ID", "integer", true),
    field("System.Rev", "Rev", "integer", true),
    field("System.Title", "Title", "string"),
    field("System.WorkItemType", "Work Item Type", "string", true),
    field("System.State", "State", "string"),
    field("System.AreaPath", "Area Path", "treePath"),
    field("System.IterationPath", "Iteration Path", "treePath"),
    field("System.TeamProject", "Team Project", "string", true),
    field("System.Tags", "Tags", "plainText"),
    field("System.CreatedDate", "Created Date", "dateTime", true),
    field("System.ChangedDate", "Changed Date", "dateTime", true),
    field("System.CreatedBy", "Created By", "identity", true),
    field("System.ChangedBy", "Changed By", "identity", true),
    field("System.AuthorizedAs", "Authorized As", "identity", true),
    field("System.IsDeleted", "Is Deleted", "boolean", true),
    field(STOCK_SEVERITY_FIELD, "Severity", "string"),
    field(QT_SEVERITY_FIELD, "QT Severity", "string"),
    field(IMPACT_FIELD, "Impact Assessment", "html"),
    field(MITIGATION_FIELD, "Mitigation Plan", "html"),
    field("System.Description", "Description", "html"),
    field("Custom.QTRecordKind", "QT Record Kind", "string"),
    field("Custom.QTParticipantRole", "QT Participant-Role", "string"),
    field("Custom.QTWindow", "QT Window", "string"),
    field("Custom.QTBody", "QT Governing Body", "string"),
    field("Custom.QTSubject", "QT Subject", "string"),
    field("Custom.QTTerms", "QT Terms", "plainText"),
  ];
}

export const COMMON_FIELDS = [
  "System.Id",
  "System.Rev",
  "System.Title",
  "System.WorkItemType",
  "System.State",
  "System.AreaPath",
  "System.IterationPath",
  "System.TeamProject",
  "System.Tags",
  "System.CreatedDate",
  "System.ChangedDate",
  "System.CreatedBy",
  "System.ChangedBy",
  "System.AuthorizedAs",
];

export function workItemTypes(): WorkItemTypeDef[] {
  return [
    {
      name: BUG,
      referenceName: "Microsoft.VSTS.WorkItemTypes.Bug",
      description:
        "Describes a divergence between required and actual behavior, and tracks the work done to correct it.",
      color: "CC293D",
      states: BUG_STATES.map((s) => ({ ...s })),
      fields: [
        ...COMMON_FIELDS.map((referenceName) => ({ referenceName })),
        { referenceName: STOCK_SEVERITY_FIELD, allowedValues: [...STOCK_SEVERITIES], defaultValue: "3 - Medium" },
        { referenceName: QT_SEVERITY_FIELD, allowedValues: [...QT_SEVERITIES] },
        { referenceName: IMPACT_FIELD },
        { referenceName: MITIGATION_FIELD },
      ],
    },
    {
      name: QT_APPROVAL,
      referenceName: "Custom.QTApproval",
      description:
        "A Code Body's approval for QT: a waiver, descope, mitigation agreement, entry decision, sign-off or submission.",
      color: "5C2D91",
      states: [
        { name: "Approved", category: "InProgress", color: "007acc" },
        { name: "Revoked", category: "Removed", color: "b2b2b2" },
      ],
      fields: [
        ...COMMON_FIELDS.map((referenceName) => ({ referenceName })),
        { referenceName: "System.Description" },
        ...RECORD_FIELDS.map((referenceName) => ({ referenceName })),
      ],
    },
    {
      name: QT_SETTINGS,
      referenceName: "Custom.QTSettings",
      description: "The QT Assurance settings: they count only as a member of the QT Administrators team saved them.",
      color: "339947",
      states: [{ name: "Active", category: "InProgress", color: "007acc" }],
      fields: [
        ...COMMON_FIELDS.map((referenceName) => ({ referenceName })),
        { referenceName: "Custom.QTRecordKind" },
        { referenceName: "Custom.QTTerms" },
      ],
    },
    {
      name: TEST_CASE,
      referenceName: "Microsoft.VSTS.WorkItemTypes.TestCase",
      description: "Server-side data for a set of steps to be tested.",
      color: "004B50",
      states: TEST_CASE_STATES.map((s) => ({ ...s })),
      fields: COMMON_FIELDS.map((referenceName) => ({ referenceName })),
    },
    {
      name: REQUIREMENT,
      referenceName: "Microsoft.VSTS.WorkItemTypes.Requirement",
      description: "A requirement the participant's solution must meet, traced to the test cases that test it.",
      color: "009CCC",
      states: REQUIREMENT_STATES.map((s) => ({ ...s })),
      fields: COMMON_FIELDS.map((referenceName) => ({ referenceName })),
    },
  ];
}

/** Test configurations: each test case runs in one to three of them (one test point per case and configuration). */
export function testConfigurations(): TestConfiguration[] {
  return [
    { id: 1, name: "UIT - Standard", description: "UIT environment, standard settlement data", isDefault: true },
    { id: 2, name: "UIT - Smart Metering", description: "UIT environment, smart metering data set", isDefault: false },
    {
      id: 3,
      name: "UIT - Advanced Metering",
      description: "UIT environment, advanced metering data set",
      isDefault: false,
    },
  ];
}
