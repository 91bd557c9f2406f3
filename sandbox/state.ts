/**
 * The sandbox's organisation, held in memory. Names and casing follow the ADO REST resources they back; route
 * handlers turn these records into the service's response shapes.
 */

export interface Identity {
  id: string;
  displayName: string;
  uniqueName: string;
}

export interface AreaNode {
  id: number;
  identifier: string;
  name: string;
  children: AreaNode[];
}

export interface WorkItemStateDef {
  name: string;
  /** Proposed | InProgress | Resolved | Completed | Removed */
  category: string;
  color: string;
}

export interface WorkItemTypeDef {
  name: string;
  referenceName: string;
  description: string;
  color: string;
  states: WorkItemStateDef[];
  /** Fields on the type; allowedValues for picklists. */
  fields: { referenceName: string; allowedValues?: string[]; defaultValue?: string }[];
}

export interface FieldDef {
  referenceName: string;
  name: string;
  /** string | integer | dateTime | plainText | html | treePath | boolean | double | identity */
  type: string;
  readOnly?: boolean;
}

/** A link from a work item: an attached file is `AttachedFile` to the attachment's URL. */
export interface WorkItemRelation {
  rel: string;
  url: string;
  attributes: Record<string, unknown>;
  /**
   * A link to another work item made by the generator, which does not know the organisation's address: served
   * with `url` = that item's `…/_apis/wit/workItems/{id}` (`url` is then empty here).
   */
  targetId?: number;
}

/** An uploaded file: its bytes never change once uploaded. */
export interface Attachment {
  id: string;
  fileName: string;
  bytes: Buffer;
  uploadedBy: string;
}

export interface WorkItem {
  id: number;
  rev: number;
  /** Its links, attached files among them (`$expand=relations`). */
  relations?: WorkItemRelation[];
  /** Field reference name → value, e.g. `System.Title`, `Microsoft.VSTS.Common.Severity`. */
  fields: Record<string, unknown>;
  /**
   * Every revision written through the API, oldest first, each a copy of the fields as that revision left them
   * (work-item-writes.ts). A generated item that was never written has none: its current fields are its one
   * revision, at watermark = its id.
   */
  revisions?: WorkItemRevision[];
}

export interface WorkItemRevision {
  rev: number;
  /** The reporting API's order: each revision written gets the next one, across the organisation. */
  watermark: number;
  fields: Record<string, unknown>;
}

export interface TestPlan {
  id: number;
  name: string;
  areaPath: string;
  iteration: string;
  state: "Active" | "Inactive";
  rootSuiteId: number;
  startDate: string;
  endDate: string;
  owner: Identity;
  revision: number;
  description?: string;
}

export interface TestSuite {
  id: number;
  planId: number;
  parentSuiteId?: number;
  name: string;
  suiteType: "staticTestSuite" | "dynamicTestSuite" | "requirementTestSuite";
  /** A requirement-based suite's requirement (work item id). */
  requirementId?: number;
  childSuiteIds: number[];
  /** Test case work item ids directly in the suite. */
  testCaseIds: number[];
  revision: number;
  lastUpdatedDate: string;
}

export interface TestConfiguration {
  id: number;
  name: string;
  description: string;
  isDefault: boolean;
}

export interface TestPoint {
  id: number;
  planId: number;
  suiteId: number;
  testCaseId: number;
  configurationId: number;
  isActive: boolean;
  /** Outcome in the testplan API's camelCase: passed, failed, blocked, notApplicable, inProgress, paused, none… */
  outcome: string;
  /** Point state: None, Ready, Completed, NotReady, InProgress. */
  state: string;
  lastUpdatedDate: string;
  tester: Identity;
  lastRunId?: number;
  lastResultId?: number;
}

export interface TestRun {
  id: number;
  name: string;
  planId: number;
  state: "NotStarted" | "InProgress" | "Completed" | "Aborted" | "Waiting" | "NeedsInvestigation";
  isAutomated: boolean;
  startedDate: string;
  completedDate?: string;
  owner: Identity;
}

export interface TestResult {
  id: number;
  runId: number;
  pointId: number;
  testCaseId: number;
  testCaseTitle: string;
  configurationId: number;
  /** PascalCase, as the legacy test API spells outcomes: Passed, Failed, Blocked, NotApplicable… */
  outcome: string;
  state: "Pending" | "Queued" | "InProgress" | "Paused" | "Completed";
  startedDate: string;
  completedDate?: string;
  runBy: Identity;
}

export interface ProjectState {
  id: string;
  name: string;
  description: string;
  areas: AreaNode;
  workItemTypes: WorkItemTypeDef[];
  plans: Map<number, TestPlan>;
  suites: Map<number, TestSuite>;
  configurations: Map<number, TestConfiguration>;
  /** Points by suite, in id order (the order the service pages them). */
  pointsBySuite: Map<number, TestPoint[]>;
  runs: Map<number, TestRun>;
  resultsByRun: Map<number, TestResult[]>;
}

export interface ExtensionDocument {
  id: string;
  /** Incremented on every write; `__etag` on the wire. */
  etag: number;
  value: Record<string, unknown>;
}

export interface TokenGrant {
  identity: Identity;
  /** `vso.work`, `vso.test`, `vso.extension.data_write`…; `app_token` grants everything, as a full-scope PAT does. */
  scopes: string[];
}

/** An identity denied permissions (CSS bits) on an area node and everything under it. */
export interface AreaDeny {
  identityId: string;
  /** `Project\Area\Child`, as System.AreaPath spells it. */
  areaPath: string;
  permissions: number;
}

/** A project's team: the members Azure DevOps lists for it (team administrators are members too). */
export interface Team {
  id: string;
  projectId: string;
  name: string;
  description: string;
  members: { identity: Identity; isTeamAdmin: boolean }[];
}

export interface SandboxState {
  organization: { name: string; id: string };
  projects: ProjectState[];
  fields: FieldDef[];
  workItems: Map<number, WorkItem>;
  /** Uploaded attachments, by id (`POST …/wit/attachments`). */
  attachments?: Map<string, Attachment>;
  /** Work items in the recycle bin: gone from queries and reads, kept for the reporting revisions API. */
  deletedWorkItems?: Map<number, WorkItem>;
  /** `{publisher}.{extension}|{scopeType}|{scopeValue}|{collection}` (lower-case) → documents by id. */
  extensionData: Map<string, Map<string, ExtensionDocument>>;
  /** Token value → what it grants. PATs (Basic) and bearer tokens share the table. */
  tokens: Map<string, TokenGrant>;
  /** Area permissions denied (area-security.ts); none in the sample programme. */
  areaDenies: AreaDeny[];
  /** Identities holding "Bypass rules on work item updates": only they may set the fields the service stamps. */
  bypassRulesHolders?: string[];
  /** Teams of every project (routes/teams.ts); none: each project has only its default team, with no members. */
  teams?: Team[];
  /** Everyone the organisation knows (besides those holding tokens): who can be added to a team. */
  directory?: Identity[];
  /** Project Administrators: who may create teams and change any team's members. */
  projectAdministrators?: string[];
  /** The next revision's watermark; unset: one above the highest work item id. */
  nextWatermark?: number;
}

export function findProject(state: SandboxState, nameOrId: string): ProjectState | undefined {
  const key = nameOrId.toLowerCase();
  return state.projects.find((p) => p.name.toLowerCase() === key || p.id.toLowerCase() === key);
}
