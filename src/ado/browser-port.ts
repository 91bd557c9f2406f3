/**
 * The browser adapter: AdoPort over azure-devops-extension-api 5's REST clients (hubs and widgets). The hub gets
 * the root path and token provider from the SDK and passes them in; this module never imports the SDK.
 */
import { IAuthorizationTokenProvider } from "azure-devops-extension-api/Common";
import {
  ReportingRevisionsExpand,
  TreeStructureGroup,
  WorkItemErrorPolicy,
  WorkItemExpand,
  WorkItemTypeFieldsExpandLevel,
} from "azure-devops-extension-api/WorkItemTracking";
import { AdoRequestError } from "./errors";
import { Answer, analyticsMethods } from "./analytics-wire";
import { analyticsOperation } from "./odata";
import {
  AdoPort,
  DocumentAddress,
  Page,
  RawAreaNode,
  RawPlan,
  RawPoint,
  RawState,
  RawSuite,
  RawTestCase,
  RawTypeField,
  RawWorkItem,
  RawWorkItemType,
  StoredDocument,
} from "./port";
import {
  CheckedExtensionClient,
  CheckedSecurityClient,
  CheckedTestPlanClient,
  CheckedWorkItemClient,
  fromClientError,
} from "./browser-transport";
import {
  COLLECTION_MISSING,
  DOCUMENT_MISSING,
  ExtensionIdentity,
  assertBatchSize,
  isMissing,
  authenticatedUserOf,
  fieldsPatch,
  permissionBatchAnswers,
  permissionBatchBody,
  revisionBatchOf,
  attachedFilesOf,
  attachmentOf,
  teamMembersOf,
  writtenWorkItem,
  scopeValueOf,
} from "./wire";

export interface BrowserPortOptions {
  /** The organisation's root path as the SDK's location service gives it (`https://dev.azure.com/org/`). */
  orgUrl: string;
  /** Supplies `Bearer …` (the SDK's access token). */
  authTokenProvider: IAuthorizationTokenProvider;
  /** The extension whose data documents the store reads and writes. */
  extension?: ExtensionIdentity;
  /** The server asked on a successful response to wait `ms` before the next request to `area`. */
  onRateLimitDelay?: (area: string, ms: number) => void;
}

type Listed<T> = T[] & { continuationToken?: string | null };

export function createBrowserPort(options: BrowserPortOptions): AdoPort {
  const rootPath = options.orgUrl.endsWith("/") ? options.orgUrl : `${options.orgUrl}/`;
  const clientOptions = { rootPath, authTokenProvider: options.authTokenProvider };
  const hooks = { onRateLimitDelay: options.onRateLimitDelay };
  const testPlan = new CheckedTestPlanClient(clientOptions, hooks);
  const wit = new CheckedWorkItemClient(clientOptions, hooks);
  const data = new CheckedExtensionClient(clientOptions, hooks);
  const security = new CheckedSecurityClient(clientOptions, hooks);

  /** Runs a client call; anything that escapes the transport's checks is classified too. */
  async function run<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw fromClientError(error, operation);
    }
  }

  function ext(): ExtensionIdentity {
    if (!options.extension) throw new Error("createBrowserPort: the document methods need options.extension.");
    return options.extension;
  }

  function docArgs(address: DocumentAddress): [string, string, string, string, string] {
    const { publisher, id } = ext();
    return [publisher, id, address.scopeType, scopeValueOf(address), address.collection];
  }

  const docOp = (method: string, address: DocumentAddress, id?: string) =>
    `${method} ExtensionManagement/Data/${address.scopeType}/${address.collection}/Documents${id ? `/${id}` : ""}`;

  return {
    orgUrl: rootPath.replace(/\/+$/, ""),

    async listPlans(project, continuationToken) {
      const list = await run("GET testplan/Plans", () => testPlan.plansPage(project, continuationToken));
      return page<RawPlan>(list as unknown as Listed<RawPlan>);
    },

    async listSuites(project, planId, continuationToken) {
      const list = await run(`GET testplan/Plans/${planId}/Suites`, () =>
        testPlan.suitesPage(project, planId, continuationToken),
      );
      return page<RawSuite>(list as unknown as Listed<RawSuite>);
    },

    async listPoints(project, planId, suiteId, { recursive, continuationToken }) {
      const list = await run(`GET testplan/Plans/${planId}/Suites/${suiteId}/TestPoint`, () =>
        testPlan.pointsPage(project, planId, suiteId, { isRecursive: recursive || undefined, continuationToken }),
      );
      return page<RawPoint>(list as unknown as Listed<RawPoint>);
    },

    async listTestCases(project, planId, suiteId, continuationToken) {
      const list = await run(`GET testplan/Plans/${planId}/Suites/${suiteId}/TestCase`, () =>
        testPlan.testCasesPage(project, planId, suiteId, continuationToken),
      );
      return page<RawTestCase>(list as unknown as Listed<RawTestCase>);
    },

    async queryWiql(project, query, top) {
      const operation = "POST wit/wiql";
      const result = await run(operation, () => wit.queryByWiql({ query }, project, undefined, undefined, top));
      if (!result || !Array.isArray(result.workItems)) throw malformed(operation);
      return result.workItems.map((w) => w.id);
    },

    async getWorkItems(project, ids, fields) {
      assertBatchSize(ids);
      if (ids.length === 0) return [];
      const operation = "POST wit/workitemsbatch";
      // Only ids, fields and errorPolicy are sent; the request type's other members are optional on the service.
      const request = { ids, fields, errorPolicy: WorkItemErrorPolicy.Omit } as Parameters<
        typeof wit.getWorkItemsBatch
      >[0];
      const items = await run(operation, () => wit.getWorkItemsBatch(request, project));
      if (!Array.isArray(items)) throw malformed(operation);
      return (items as (RawWorkItem | null)[]).filter((w): w is RawWorkItem => w !== null);
    },

    async getWorkItemsWithRelations(project, ids) {
      assertBatchSize(ids);
      if (ids.length === 0) return [];
      const operation = "POST wit/workitemsbatch";
      // Every field and the links: the service refuses `fields` beside `$expand`, so none are named.
      const request = { ids, $expand: WorkItemExpand.Relations, errorPolicy: WorkItemErrorPolicy.Omit } as Parameters<
        typeof wit.getWorkItemsBatch
      >[0];
      const items = await run(operation, () => wit.getWorkItemsBatch(request, project));
      if (!Array.isArray(items)) throw malformed(operation);
      return (items as (RawWorkItem | null)[]).filter((w): w is RawWorkItem => w !== null);
    },

    async listWorkItemTypes(project) {
      const operation = "GET wit/workitemtypes";
      const types: unknown = await run(operation, () => wit.getWorkItemTypes(project));
      if (!Array.isArray(types)) throw malformed(operation);
      return types as RawWorkItemType[];
    },

    async listWorkItemTypeFields(project, workItemType) {
      const operation = `GET wit/workitemtypes/${workItemType}/fields`;
      const fields: unknown = await run(operation, () =>
        wit.getWorkItemTypeFieldsWithReferences(project, workItemType),
      );
      if (!Array.isArray(fields)) throw malformed(operation);
      return fields as RawTypeField[];
    },

    async getWorkItemTypeStates(project, workItemType) {
      const operation = `GET wit/workitemtypes/${workItemType}/states`;
      const states = await run(operation, () => wit.getWorkItemTypeStates(project, workItemType));
      if (!Array.isArray(states)) throw malformed(operation);
      return states as RawState[];
    },

    async getFieldAllowedValues(project, workItemType, field) {
      const operation = `GET wit/workitemtypes/${workItemType}/fields/${field}`;
      const result = await run(operation, () =>
        wit.getWorkItemTypeFieldWithReferences(
          project,
          workItemType,
          field,
          WorkItemTypeFieldsExpandLevel.AllowedValues,
        ),
      );
      const values = (result as { allowedValues?: unknown[] } | null)?.allowedValues;
      return Array.isArray(values) ? values.map(String) : [];
    },

    async getAreaTree(project, depth) {
      const operation = "GET wit/classificationnodes/Areas";
      const node = await run(operation, () =>
        wit.getClassificationNode(project, TreeStructureGroup.Areas, undefined, depth),
      );
      if (!node || typeof node !== "object") throw malformed(operation);
      return node as unknown as RawAreaNode;
    },

    async listWorkItemRevisions(project, { types, continuationToken }) {
      const operation = "GET wit/reporting/workitemrevisions";
      const batch = await run(operation, () =>
        // Deleted records and long text (a record's terms and note) are part of what a record says.
        wit.readReportingRevisionsGet(
          project,
          undefined,
          types,
          continuationToken,
          undefined,
          true,
          true,
          undefined,
          undefined,
          ReportingRevisionsExpand.Fields,
        ),
      );
      return revisionBatchOf(batch, operation);
    },

    async authenticatedUser() {
      const operation = "GET connectionData";
      return authenticatedUserOf(await run(operation, () => security.connectionData()), operation);
    },

    async listTeamMembers(project, team, { top, skip }) {
      const operation = `GET projects/${project}/teams/${team}/members`;
      return teamMembersOf(await run(operation, () => security.teamMembers(project, team, top, skip)), operation);
    },

    async createWorkItem(project, type, fields, attachments) {
      const operation = `POST wit/workitems/$${type}`;
      const item = await run(operation, () => wit.createWorkItem(fieldsPatch(fields, attachments), project, type));
      return writtenWorkItem(item, operation);
    },

    async uploadAttachment(project, fileName, content) {
      const operation = "POST wit/attachments";
      return attachmentOf(await run(operation, () => wit.createAttachment(content, project, fileName)), operation);
    },

    async listAttachedFiles(project, id) {
      const operation = `GET wit/workitems/${id}?$expand=relations`;
      const item = await run(operation, () =>
        wit.getWorkItem(id, project, undefined, undefined, WorkItemExpand.Relations),
      );
      return attachedFilesOf(item, operation);
    },

    async readAttachment(project, attachmentId) {
      const operation = `GET wit/attachments/${attachmentId}`;
      // The checked transport answers a non-JSON body as its text; the client's own type says bytes.
      const content: unknown = await run(operation, () => wit.getAttachmentContent(attachmentId, project));
      return typeof content === "string" ? content : new TextDecoder().decode(content as ArrayBuffer);
    },

    async updateWorkItem(project, id, fields) {
      const operation = `PATCH wit/workitems/${id}`;
      const item = await run(operation, () => wit.updateWorkItem(fieldsPatch(fields), id, project));
      return writtenWorkItem(item, operation);
    },

    async evaluatePermissions(checks) {
      if (checks.length === 0) return [];
      const operation = "POST security/permissionevaluationbatch";
      const body = permissionBatchBody(checks);
      const answer = await run(operation, () => security.evaluatePermissionBatch(body));
      return permissionBatchAnswers(answer, checks, operation);
    },

    async getDocument(address, id) {
      try {
        const doc: unknown = await run(docOp("GET", address, id), () =>
          data.getDocumentByName(...docArgs(address), id),
        );
        return doc as StoredDocument;
      } catch (error) {
        if (isMissing(error, [DOCUMENT_MISSING, COLLECTION_MISSING])) return undefined;
        throw error;
      }
    },

    async listDocuments(address) {
      const operation = docOp("GET", address);
      try {
        const docs: unknown = await run(operation, () => data.getDocumentsByName(...docArgs(address)));
        if (!Array.isArray(docs)) throw malformed(operation);
        return docs as StoredDocument[];
      } catch (error) {
        if (isMissing(error, [COLLECTION_MISSING])) return [];
        throw error;
      }
    },

    async setDocument(address, doc) {
      const saved: unknown = await run(docOp("PUT", address), () => data.setDocumentByName(doc, ...docArgs(address)));
      return saved as StoredDocument;
    },

    async deleteDocument(address, id) {
      await run(docOp("DELETE", address, id), () => data.deleteDocumentByName(...docArgs(address), id));
    },

    ...analyticsMethods(analyticsExchange, options.onRateLimitDelay),
  };

  /**
   * Analytics has no client in azure-devops-extension-api (and its own host on Azure DevOps Services): a fetch with
   * the SDK's token. Unlike the clients, it sees an error answer's headers, Retry-After included.
   */
  async function analyticsExchange(
    method: "GET" | "POST",
    url: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<Answer> {
    try {
      const authorization = await options.authTokenProvider.getAuthorizationHeader();
      const response = await fetch(url, { method, headers: { ...headers, Authorization: authorization }, body });
      const text = await response.text();
      return { status: response.status, text, header: (name) => response.headers.get(name) };
    } catch (error) {
      throw fromClientError(error, analyticsOperation(method, url));
    }
  }
}

function page<T>(list: Listed<T>): Page<T> {
  const items = Array.from(list);
  const token = list.continuationToken;
  return token ? { items, continuationToken: token } : { items };
}

function malformed(operation: string): AdoRequestError {
  return new AdoRequestError("network", `Azure DevOps sent a malformed answer at ${operation}.`, { operation });
}
