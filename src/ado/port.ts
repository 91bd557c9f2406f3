/**
 * What the product needs from Azure DevOps, and nothing more: one interface, two adapters (azure-devops-node-api in
 * Node, azure-devops-extension-api in the browser). Each method is ONE REST request; paging, batching, concurrency,
 * retries and completeness live above the port (reader.ts, resilience.ts), written once for both transports.
 *
 * Adapters return the service's payloads as they arrive (enums as strings or numbers, dates as strings or Date
 * objects) and throw AdoRequestError (errors.ts) for every failure, classified.
 */

/** One page of a paged list; `continuationToken` is the `x-ms-continuationtoken` header, absent on the last page. */
export interface Page<T> {
  items: T[];
  continuationToken?: string;
}

/** A test plan as the testplan API returns it (only the members the product reads). */
export interface RawPlan {
  id: number;
  name: string;
  areaPath?: string;
  state?: string;
  rootSuite?: { id: number; name?: string };
}

export interface RawSuite {
  id: number;
  name: string;
  parentSuite?: { id: number; name?: string } | null;
  plan?: { id: number };
  /** `requirementTestSuite` (or 3, as a numeric enum) for a requirement-based suite. */
  suiteType?: string | number;
  /** The requirement a requirement-based suite is for. */
  requirementId?: number;
}

/** A test point from `testplan/Plans/{planId}/Suites/{suiteId}/TestPoint` (camelCase or numeric enums). */
export interface RawPoint {
  id: number;
  isActive?: boolean;
  testPlan?: { id: number; name?: string };
  testSuite?: { id: number; name?: string };
  testCaseReference?: { id: number; name?: string };
  configuration?: { id: number; name?: string };
  results?: { outcome?: string | number | null; lastTestRunId?: number | null; lastResultId?: number | null };
  lastUpdatedDate?: string | Date;
}

export interface RawTestCase {
  workItem?: { id: number; name?: string };
}

export interface RawWorkItem {
  id: number;
  rev?: number;
  fields: Record<string, unknown>;
  url?: string;
  /** Its links (`$expand=relations`): `rel` is the link type, `url` the other end's address. */
  relations?: RawRelation[] | null;
}

/** A work item's link: `Microsoft.VSTS.Common.TestedBy-Forward` to `…/_apis/wit/workItems/123`, or a file. */
export interface RawRelation {
  rel: string;
  url: string;
  attributes?: Record<string, unknown> | null;
}

export interface RawState {
  name: string;
  category: string;
}

/** A work item type from `wit/workitemtypes` (only the members the product reads). */
export interface RawWorkItemType {
  name: string;
  referenceName?: string;
  isDisabled?: boolean;
}

/** A field of a work item type from `wit/workitemtypes/{type}/fields` (WorkItemTypeFieldWithReferences). */
export interface RawTypeField {
  referenceName: string;
  name: string;
  alwaysRequired?: boolean;
}

export interface RawAreaNode {
  id: number;
  /** The node's GUID: what its security token is made of. */
  identifier?: string;
  name: string;
  path?: string;
  hasChildren?: boolean;
  children?: RawAreaNode[];
}

/** One revision of a work item from the reporting revisions API: identity fields as references (`{id, …}`). */
export interface RawRevision {
  id: number;
  rev: number;
  fields: Record<string, unknown>;
}

/** A batch of revisions; `continuationToken` is also the watermark to read on from next time. */
export interface RevisionBatch {
  items: RawRevision[];
  continuationToken?: string;
  isLastBatch: boolean;
}

/** An uploaded attachment, to attach to a work item. */
export interface AttachmentLink {
  id: string;
  url: string;
  /** Shown beside the file on the work item. */
  comment?: string;
}

/** A file attached to a work item. */
export interface AttachedFile {
  /** The attachment's id (the last segment of its URL). */
  id: string;
  url: string;
  name: string;
  comment?: string;
}

/** A member of a team, as Azure DevOps lists it. */
export interface TeamMember {
  id: string;
  displayName?: string;
  uniqueName?: string;
  isTeamAdmin: boolean;
}

/** One permission to evaluate for the caller: a security namespace, a token in it and the permission bits. */
export interface PermissionCheck {
  namespaceId: string;
  token: string;
  permissions: number;
}

/** An extension data document: `id` and `__etag` plus whatever the product stores. */
export interface StoredDocument {
  id: string;
  __etag?: number;
  [key: string]: unknown;
}

export interface DocumentAddress {
  /** Default (project collection) or User (the caller's own). */
  scopeType: "Default" | "User";
  collection: string;
}

/** One page of an Analytics OData answer: its rows, and the next page's URL (`@odata.nextLink`) if there is one. */
export interface ODataPage {
  value: unknown[];
  nextLink?: string;
}

export interface AdoPort {
  /** The organisation URL the port talks to, for links in reasons (`https://dev.azure.com/org`). */
  readonly orgUrl: string;

  listPlans(project: string, continuationToken?: string): Promise<Page<RawPlan>>;
  listSuites(project: string, planId: number, continuationToken?: string): Promise<Page<RawSuite>>;
  /** Points of a suite; `recursive` includes its child suites' points. */
  listPoints(
    project: string,
    planId: number,
    suiteId: number,
    options: { recursive: boolean; continuationToken?: string },
  ): Promise<Page<RawPoint>>;
  listTestCases(
    project: string,
    planId: number,
    suiteId: number,
    continuationToken?: string,
  ): Promise<Page<RawTestCase>>;

  /** WIQL; the ids in the query's order. `top` caps the result (the service refuses results over 20,000). */
  queryWiql(project: string, wiql: string, top: number): Promise<number[]>;
  /** At most 200 ids a call (VS403474); missing ids are omitted (`errorPolicy: omit`). */
  getWorkItems(project: string, ids: number[], fields: string[]): Promise<RawWorkItem[]>;
  /**
   * Work items with every field and their links (`POST wit/workitemsbatch`, `$expand: relations`: the service
   * refuses `fields` beside `$expand`). At most 200 ids a call; missing ids are omitted (`errorPolicy: omit`).
   */
  getWorkItemsWithRelations(project: string, ids: number[]): Promise<RawWorkItem[]>;
  /** The project's work item types (one unpaged list). */
  listWorkItemTypes(project: string): Promise<RawWorkItemType[]>;
  getWorkItemTypeStates(project: string, workItemType: string): Promise<RawState[]>;
  /** The fields of a work item type (one unpaged list). */
  listWorkItemTypeFields(project: string, workItemType: string): Promise<RawTypeField[]>;
  getFieldAllowedValues(project: string, workItemType: string, field: string): Promise<string[]>;
  getAreaTree(project: string, depth: number): Promise<RawAreaNode>;
  /**
   * Whether the caller holds each permission (`POST _apis/security/permissionevaluationbatch`), in the order asked;
   * administrators are not let through regardless (`alwaysAllowAdministrators: false`). At most 200 a call.
   */
  evaluatePermissions(checks: PermissionCheck[]): Promise<boolean[]>;
  /**
   * One batch of every revision of the project's work items of these types, oldest first
   * (`GET wit/reporting/workitemrevisions`, identities as references), from a continuation token on.
   */
  listWorkItemRevisions(
    project: string,
    options: { types: string[]; continuationToken?: string },
  ): Promise<RevisionBatch>;
  /** Who the token is, as the organisation says (`GET _apis/connectionData`, its authenticated user). */
  authenticatedUser(): Promise<{ id: string; displayName: string; uniqueName?: string }>;
  /**
   * One page of a project team's members (`GET _apis/projects/{project}/teams/{team}/members`, `$top`/`$skip`);
   * a team that does not exist is AdoRequestError "not-found".
   */
  listTeamMembers(project: string, team: string, page: { top: number; skip: number }): Promise<TeamMember[]>;
  /** Creates a work item of the type with these fields (`POST wit/workitems/$Type`, JSON Patch `add`s). */
  createWorkItem(
    project: string,
    type: string,
    fields: Record<string, unknown>,
    attachments?: AttachmentLink[],
  ): Promise<RawWorkItem>;
  /** Uploads a file (`POST wit/attachments?fileName=`): it can then be attached; its content never changes. */
  uploadAttachment(project: string, fileName: string, content: string): Promise<AttachmentLink>;
  /** The files attached to a work item (`GET wit/workitems/{id}?$expand=relations`, its `AttachedFile` links). */
  listAttachedFiles(project: string, id: number): Promise<AttachedFile[]>;
  /** An attachment's content, as text (`GET wit/attachments/{id}`). */
  readAttachment(project: string, attachmentId: string): Promise<string>;
  /** Sets these fields of a work item (`PATCH wit/workitems/{id}`, JSON Patch `add`s). */
  updateWorkItem(project: string, id: number, fields: Record<string, unknown>): Promise<RawWorkItem>;

  /** One GET of an Analytics OData URL (absolute: built by odata.ts, or a page's `@odata.nextLink`). */
  getAnalytics(url: string): Promise<ODataPage>;
  /** The query at `queryUrl` sent as the one request of a `POST {base}/$batch` (for URLs over 3,000 characters). */
  batchAnalytics(batchUrl: string, queryUrl: string): Promise<ODataPage>;

  getDocument(address: DocumentAddress, id: string): Promise<StoredDocument | undefined>;
  listDocuments(address: DocumentAddress): Promise<StoredDocument[]>;
  /** Create-or-replace honouring `__etag` (absent: expect no document; -1: last writer wins). Conflict: AdoRequestError "conflict". */
  setDocument(address: DocumentAddress, doc: StoredDocument): Promise<StoredDocument>;
  deleteDocument(address: DocumentAddress, id: string): Promise<void>;
}
