/**
 * The Node adapter: AdoPort over azure-devops-node-api 17 (the CLI and the pipeline tasks).
 *
 * Routing (resource-area discovery, location OPTIONS, route templates, api versions) is the node-api clients' own:
 * `vsoClient.getVersioningData`. The request itself goes through the same client's `http` client, so this adapter
 * sees every status, header and raw body. That is what the typed methods hide: they drop `x-ms-continuationtoken`
 * (so paging would stop after one page), resolve a 404 to `null`, leave a cut-short JSON body as `null`, take a
 * 203 sign-in page for success, and lose Retry-After on successful responses. Every answer is classified by
 * errors.ts `classifyResponse`, as in the browser adapter.
 *
 * The token goes only into node-api's PAT handler; messages are scrubbed of it.
 */
import { WebApi, getPersonalAccessTokenHandler } from "azure-devops-node-api";
import { IHttpClientResponse } from "azure-devops-node-api/interfaces/common/VsoBaseInterfaces";
import { AdoRequestError, classifyResponse, delayFromHeaders } from "./errors";
import { Exchange, analyticsMethods } from "./analytics-wire";
import { analyticsOperation } from "./odata";
import {
  AdoPort,
  AttachmentLink,
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
  COLLECTION_MISSING,
  ExtensionIdentity,
  DOCUMENT_MISSING,
  assertBatchSize,
  isMissing,
  listOf,
  parseJson,
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
  scrub,
  scrubError,
} from "./wire";

export type { ExtensionIdentity };

export interface NodePortOptions {
  /** `https://dev.azure.com/org` (or the sandbox's organisation URL). */
  orgUrl: string;
  /** A PAT or System.AccessToken, from the caller (env var or task lib). Never logged. */
  token: string;
  /** The extension whose data documents the store reads and writes. Required by the document methods. */
  extension?: ExtensionIdentity;
  /** The server asked on a successful response to wait `ms` before the next request to `area`. */
  onRateLimitDelay?: (area: string, ms: number) => void;
  /** Socket timeout per request (default 60 000 ms). */
  socketTimeoutMs?: number;
}

/** A resource the port calls: its area, location id and the api version node-api 17 uses for it. */
interface Resource {
  area: string;
  locationId: string;
  version: string;
}

const RESOURCES = {
  plans: { area: "testplan", locationId: "0e292477-a0c2-47f3-a9b6-34f153d627f4", version: "7.2-preview.1" },
  suites: { area: "testplan", locationId: "1046d5d3-ab61-4ca7-a65a-36118a978256", version: "7.2-preview.1" },
  points: { area: "testplan", locationId: "52df686e-bae4-4334-b0ee-b6cf4e6f6b73", version: "7.2-preview.2" },
  testCases: { area: "testplan", locationId: "a9bd61ac-45cf-4d13-9441-43dcd01edf8d", version: "7.2-preview.3" },
  wiql: { area: "wit", locationId: "1a9c53f7-f243-4447-b110-35ef023636e4", version: "7.1-preview.2" },
  batch: { area: "wit", locationId: "908509b6-4248-4475-a1cd-829139ba419f", version: "7.1-preview.1" },
  types: { area: "wit", locationId: "7c8d7a76-4a09-43e8-b5df-bd792f4ac6aa", version: "7.1-preview.2" },
  states: { area: "wit", locationId: "7c9d7a76-4a09-43e8-b5df-bd792f4ac6aa", version: "7.1-preview.1" },
  typeField: { area: "wit", locationId: "bd293ce5-3d25-4192-8e67-e8092e879efb", version: "7.1-preview.3" },
  nodes: { area: "wit", locationId: "5a172953-1b41-49d3-840a-33f79c3ce89f", version: "7.1-preview.2" },
  // Served at the organisation URL; asked through the extension management client, whose base URL that is.
  // Served at the organisation URL; asked through the extension management client, whose base URL that is.
  connectionData: { area: "Location", locationId: "00d9565f-ed9c-4a06-9a50-00e7896ccab4", version: "7.1-preview.1" },
  revisions: { area: "wit", locationId: "f828fe59-dd87-495d-a17c-7a8d6211ca6c", version: "7.1-preview.2" },
  createWorkItem: { area: "wit", locationId: "62d3d110-0047-428c-ad3c-4fe872c91c74", version: "7.1-preview.3" },
  updateWorkItem: { area: "wit", locationId: "72c7ddf8-2cdc-4f60-90cd-ab71c14a399b", version: "7.1-preview.3" },
  workItem: { area: "wit", locationId: "72c7ddf8-2cdc-4f60-90cd-ab71c14a399b", version: "7.1-preview.3" },
  attachments: { area: "wit", locationId: "e07b5fa4-1499-494d-a496-64b860fd64ff", version: "7.1-preview.3" },
  teamMembers: { area: "core", locationId: "294c494c-2600-4d7e-b76c-3dd50c3c95be", version: "7.2-preview.2" },
  permissions: { area: "Security", locationId: "cf1faa59-1b63-4448-bf04-13d981a46f5d", version: "7.1" },
  documents: {
    area: "ExtensionManagement",
    locationId: "bbe06c18-1c8b-4fcd-b9c6-1535aaab8749",
    version: "7.2-preview.1",
  },
} satisfies Record<string, Resource>;

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

interface Request {
  resource: Resource;
  method: Method;
  /** For messages and scope hints: `GET testplan/Plans/12/Suites/40/TestPoint`. */
  operation: string;
  routeValues: Record<string, string | number | undefined>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** The answer is a file's content: kept as text, not parsed. */
  raw?: boolean;
}

interface Answer {
  status: number;
  body: unknown;
  /** The answer as it came (for a file's content). */
  text: string;
  header(name: string): string | undefined;
}

/** The node-api client type every area's client shares (vsoClient + http). */
type ApiClient = Awaited<ReturnType<WebApi["getTestPlanApi"]>>;

export function createNodePort(options: NodePortOptions): AdoPort {
  const orgUrl = options.orgUrl.replace(/\/+$/, "");
  const secret = options.token;
  const web = new WebApi(orgUrl, getPersonalAccessTokenHandler(secret), {
    // Ask for 401 instead of a 203 sign-in page when the token is refused (203/HTML is still detected).
    headers: { "X-TFS-FedAuthRedirect": "Suppress" },
    socketTimeout: options.socketTimeoutMs ?? 60_000,
  });

  const clients = new Map<string, Promise<ApiClient>>();
  /** One node-api client per area (each does its own discovery once); a failed discovery is not cached. */
  function clientFor(area: string): Promise<ApiClient> {
    let client = clients.get(area);
    if (!client) {
      // All three clients share ClientApiBase's vsoClient and http; the area picks the resource-area id.
      const make: () => Promise<ApiClient> =
        area === "testplan"
          ? () => web.getTestPlanApi()
          : area === "wit"
            ? () => web.getWorkItemTrackingApi() as unknown as Promise<ApiClient>
            : () => web.getExtensionManagementApi() as unknown as Promise<ApiClient>;
      client = make();
      clients.set(area, client);
      client.catch(() => clients.delete(area));
    }
    return client;
  }

  /** A work item written with a JSON Patch that sets each field, and the item as the service answered it. */
  async function writeWorkItem(
    resource: Resource,
    method: "POST" | "PATCH",
    operation: string,
    routeValues: Record<string, string | number>,
    fields: Record<string, unknown>,
    attachments: readonly AttachmentLink[] = [],
  ): Promise<RawWorkItem> {
    const a = await send({ resource, method, operation, routeValues, body: fieldsPatch(fields, attachments) });
    return writtenWorkItem(a.body, operation);
  }

  async function send(request: Request): Promise<Answer> {
    const { resource, operation } = request;
    let discovering = true;
    try {
      const client = await clientFor(resource.area);
      const query = request.query && Object.keys(request.query).length > 0 ? request.query : undefined;
      const ver = await client.vsoClient.getVersioningData(
        resource.version,
        resource.area,
        resource.locationId,
        request.routeValues,
        query,
      );
      discovering = false;
      const url = ver.requestUrl ?? "";
      const headers = {
        accept: `application/json;api-version=${ver.apiVersion}`,
        // Work item writes take a JSON Patch document, and the service refuses it under another media type.
        "content-type":
          request.method === "PATCH" || resource === RESOURCES.createWorkItem
            ? "application/json-patch+json; charset=utf-8"
            : resource === RESOURCES.attachments
              ? "application/octet-stream"
              : "application/json; charset=utf-8",
      };
      // An upload is sent as it is; everything else is JSON.
      const data =
        request.body === undefined
          ? ""
          : resource === RESOURCES.attachments
            ? String(request.body)
            : JSON.stringify(request.body);
      const res: IHttpClientResponse =
        request.method === "GET"
          ? await client.http.get(url, headers)
          : request.method === "POST"
            ? await client.http.post(url, data, headers)
            : request.method === "PUT"
              ? await client.http.put(url, data, headers)
              : request.method === "PATCH"
                ? await client.http.patch(url, data, headers)
                : await client.http.del(url, headers);
      const text = await res.readBody();
      const status = res.message.statusCode ?? 0;
      const header = (name: string): string | undefined => {
        const value = res.message.headers[name.toLowerCase()];
        return Array.isArray(value) ? value[0] : value;
      };
      const isJson = /json/i.test(header("content-type") ?? "");
      const errorBody =
        status >= 400 && isJson && text ? (safeParse(text) as { message?: string; typeKey?: string }) : undefined;
      const refused = classifyResponse(status, errorBody, header, operation);
      if (refused) throw refused;
      const delay = delayFromHeaders(header);
      if (delay !== undefined && delay > 0) options.onRateLimitDelay?.(resource.area.toLowerCase(), delay);
      const body = request.raw || text.length === 0 ? undefined : parseJson(text, operation, status);
      return { status, body, text, header };
    } catch (error) {
      const classified = toAdoError(error, operation, secret);
      // node-api's discovery takes a 203 sign-in page (or any unreadable answer) for "no data" and fails later
      // with a generic message: ask the organisation once, raw, what it answers.
      const diagnosed = discovering && classified.kind === "network" ? await diagnose(operation) : undefined;
      throw scrubError(diagnosed ?? classified, secret);
    }
  }

  /** One request, its answer read by `decode` (which names the operation in any error). */
  async function ask<T>(request: Request, decode: (body: unknown, operation: string) => T): Promise<T> {
    return decode((await send(request)).body, request.operation);
  }

  /** `POST wit/workitemsbatch` for ≤200 ids; missing ids (errorPolicy omit answers null) are dropped. */
  async function workItemsBatch(
    project: string,
    ids: number[],
    ask: { fields: string[] } | { $expand: "relations" },
  ): Promise<RawWorkItem[]> {
    assertBatchSize(ids);
    if (ids.length === 0) return [];
    const operation = "POST wit/workitemsbatch";
    const a = await send({
      resource: RESOURCES.batch,
      method: "POST",
      operation,
      routeValues: { project },
      body: { ids, ...ask, errorPolicy: "omit" },
    });
    return listOf<RawWorkItem | null>(a.body, operation).filter((w): w is RawWorkItem => w !== null);
  }

  /** One raw GET of the organisation's resource areas; its refusal, if it refuses. */
  async function diagnose(operation: string): Promise<AdoRequestError | undefined> {
    try {
      const res = await web.rest.client.get(`${orgUrl}/_apis/ResourceAreas`, { accept: "application/json" });
      await res.readBody();
      const status = res.message.statusCode ?? 0;
      const header = (name: string) => {
        const value = res.message.headers[name.toLowerCase()];
        return Array.isArray(value) ? value[0] : value;
      };
      const refused = classifyResponse(status, undefined, header, operation);
      return refused && !refused.retryable ? refused : undefined;
    } catch {
      return undefined;
    }
  }

  const tp = (project: string) => ({ project });

  /** One GET of a resource that answers a list (a malformed answer is an error, never an empty list). */
  async function getList<T>(resource: Resource, operation: string, routeValues: Request["routeValues"]): Promise<T[]> {
    const a = await send({ resource, method: "GET", operation, routeValues });
    return listOf<T>(a.body, operation);
  }

  return {
    orgUrl,

    async listPlans(project, continuationToken) {
      const a = await send({
        resource: RESOURCES.plans,
        method: "GET",
        operation: "GET testplan/Plans",
        routeValues: tp(project),
        query: { continuationToken },
      });
      return page<RawPlan>(a, "GET testplan/Plans");
    },

    async listSuites(project, planId, continuationToken) {
      const operation = `GET testplan/Plans/${planId}/Suites`;
      const a = await send({
        resource: RESOURCES.suites,
        method: "GET",
        operation,
        routeValues: { project, planId },
        query: { continuationToken },
      });
      return page<RawSuite>(a, operation);
    },

    async listPoints(project, planId, suiteId, { recursive, continuationToken }) {
      const operation = `GET testplan/Plans/${planId}/Suites/${suiteId}/TestPoint`;
      const a = await send({
        resource: RESOURCES.points,
        method: "GET",
        operation,
        routeValues: { project, planId, suiteId },
        query: { continuationToken, isRecursive: recursive ? true : undefined },
      });
      return page<RawPoint>(a, operation);
    },

    async listTestCases(project, planId, suiteId, continuationToken) {
      const operation = `GET testplan/Plans/${planId}/Suites/${suiteId}/TestCase`;
      const a = await send({
        resource: RESOURCES.testCases,
        method: "GET",
        operation,
        routeValues: { project, planId, suiteId },
        query: { continuationToken },
      });
      return page<RawTestCase>(a, operation);
    },

    async queryWiql(project, wiql, top) {
      const operation = "POST wit/wiql";
      const a = await send({
        resource: RESOURCES.wiql,
        method: "POST",
        operation,
        routeValues: { project },
        query: { $top: top },
        body: { query: wiql },
      });
      const items = (a.body as { workItems?: { id: number }[] } | undefined)?.workItems;
      if (!Array.isArray(items)) throw malformed(operation);
      return items.map((w) => w.id);
    },

    getWorkItems: (project, ids, fields) => workItemsBatch(project, ids, { fields }),
    // The service refuses `fields` with `$expand`: the relations come with every field.
    getWorkItemsWithRelations: (project, ids) => workItemsBatch(project, ids, { $expand: "relations" }),

    listWorkItemTypes: (project) => getList<RawWorkItemType>(RESOURCES.types, "GET wit/workitemtypes", { project }),

    listWorkItemTypeFields: (project, workItemType) =>
      getList<RawTypeField>(RESOURCES.typeField, `GET wit/workitemtypes/${workItemType}/fields`, {
        project,
        type: workItemType,
      }),

    getWorkItemTypeStates: (project, workItemType) =>
      getList<RawState>(RESOURCES.states, `GET wit/workitemtypes/${workItemType}/states`, {
        project,
        type: workItemType,
      }),

    async getFieldAllowedValues(project, workItemType, field) {
      const operation = `GET wit/workitemtypes/${workItemType}/fields/${field}`;
      const a = await send({
        resource: RESOURCES.typeField,
        method: "GET",
        operation,
        routeValues: { project, type: workItemType, field },
        query: { $expand: "allowedValues" },
      });
      const values = (a.body as { allowedValues?: unknown[] } | undefined)?.allowedValues;
      return Array.isArray(values) ? values.map(String) : [];
    },

    async getAreaTree(project, depth) {
      const operation = "GET wit/classificationnodes/Areas";
      const a = await send({
        resource: RESOURCES.nodes,
        method: "GET",
        operation,
        routeValues: { project, structureGroup: "Areas" },
        query: { $depth: depth },
      });
      if (!a.body || typeof a.body !== "object") throw malformed(operation);
      return a.body as RawAreaNode;
    },

    listWorkItemRevisions: (project, { types, continuationToken }) =>
      ask(
        {
          resource: RESOURCES.revisions,
          method: "GET",
          operation: "GET wit/reporting/workitemrevisions",
          routeValues: { project },
          // Deleted records and long text (a record's terms and note) are part of what a record says.
          query: {
            types: types.join(","),
            includeIdentityRef: true,
            includeDeleted: true,
            $expand: "fields",
            continuationToken,
          },
        },
        revisionBatchOf,
      ),

    authenticatedUser: () =>
      ask(
        { resource: RESOURCES.connectionData, method: "GET", operation: "GET connectionData", routeValues: {} },
        authenticatedUserOf,
      ),

    listTeamMembers: (project, team, { top, skip }) =>
      ask(
        {
          resource: RESOURCES.teamMembers,
          method: "GET",
          operation: `GET projects/${project}/teams/${team}/members`,
          routeValues: { projectId: project, teamId: team },
          query: { $top: top, $skip: skip },
        },
        teamMembersOf,
      ),

    createWorkItem: (project, type, fields, attachments) =>
      writeWorkItem(
        RESOURCES.createWorkItem,
        "POST",
        `POST wit/workitems/$${type}`,
        { project, type },
        fields,
        attachments,
      ),

    uploadAttachment: (project, fileName, content) =>
      ask(
        {
          resource: RESOURCES.attachments,
          method: "POST",
          operation: "POST wit/attachments",
          routeValues: { project },
          query: { fileName },
          body: content,
        },
        attachmentOf,
      ),

    listAttachedFiles: (project, id) =>
      ask(
        {
          resource: RESOURCES.workItem,
          method: "GET",
          operation: `GET wit/workitems/${id}?$expand=relations`,
          routeValues: { project, id },
          query: { $expand: "relations" },
        },
        attachedFilesOf,
      ),

    async readAttachment(project, attachmentId) {
      const operation = `GET wit/attachments/${attachmentId}`;
      const a = await send({
        resource: RESOURCES.attachments,
        method: "GET",
        operation,
        routeValues: { project, id: attachmentId },
        raw: true,
      });
      return a.text;
    },

    updateWorkItem: (project, id, fields) =>
      writeWorkItem(RESOURCES.updateWorkItem, "PATCH", `PATCH wit/workitems/${id}`, { project, id }, fields),

    async evaluatePermissions(checks) {
      if (checks.length === 0) return [];
      const operation = "POST security/permissionevaluationbatch";
      const body = permissionBatchBody(checks);
      const a = await send({ resource: RESOURCES.permissions, method: "POST", operation, routeValues: {}, body });
      return permissionBatchAnswers(a.body, checks, operation);
    },

    async getDocument(address, id) {
      try {
        const a = await send(documentRequest("GET", address, id));
        return a.body as StoredDocument;
      } catch (error) {
        if (isMissing(error, [DOCUMENT_MISSING, COLLECTION_MISSING])) return undefined;
        throw error;
      }
    },

    async listDocuments(address) {
      try {
        const a = await send(documentRequest("GET", address));
        return listOf<StoredDocument>(a.body, `GET ExtensionManagement/${address.collection}/Documents`);
      } catch (error) {
        if (isMissing(error, [COLLECTION_MISSING])) return [];
        throw error;
      }
    },

    async setDocument(address, doc) {
      const a = await send({ ...documentRequest("PUT", address), body: doc });
      return a.body as StoredDocument;
    },

    async deleteDocument(address, id) {
      await send(documentRequest("DELETE", address, id));
    },

    ...analyticsMethods(analyticsExchange, options.onRateLimitDelay),
  };

  /**
   * Analytics is not a REST area the clients route (its own host on Azure DevOps Services): a request to the URL
   * odata.ts built, with the same PAT handler as every other request.
   */
  async function analyticsExchange(
    method: "GET" | "POST",
    url: string,
    headers: Record<string, string>,
    body?: string,
  ): ReturnType<Exchange> {
    const operation = analyticsOperation(method, url);
    try {
      const res =
        method === "GET"
          ? await web.rest.client.get(url, headers)
          : await web.rest.client.post(url, body ?? "", headers);
      const text = await res.readBody();
      return {
        status: res.message.statusCode ?? 0,
        text,
        header: (name) => {
          const value = res.message.headers[name.toLowerCase()];
          return Array.isArray(value) ? value[0] : value;
        },
      };
    } catch (error) {
      throw scrubError(toAdoError(error, operation, secret), secret);
    }
  }

  function documentRequest(method: Method, address: DocumentAddress, id?: string): Request {
    const extension = options.extension;
    if (!extension) throw new Error("createNodePort: the document methods need options.extension {publisher, id}.");
    return {
      resource: RESOURCES.documents,
      method,
      operation: `${method} ExtensionManagement/Data/${address.scopeType}/${address.collection}/Documents${id ? `/${id}` : ""}`,
      routeValues: {
        publisherName: extension.publisher,
        extensionName: extension.id,
        scopeType: address.scopeType,
        scopeValue: scopeValueOf(address),
        collectionName: address.collection,
        documentId: id,
      },
    };
  }
}

function page<T>(answer: Answer, operation: string): Page<T> {
  const items = listOf<T>(answer.body, operation);
  const token = answer.header("x-ms-continuationtoken");
  return token ? { items, continuationToken: token } : { items };
}

function malformed(operation: string): AdoRequestError {
  return new AdoRequestError("network", `Azure DevOps sent a malformed answer at ${operation}.`, { operation });
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** What node-api / typed-rest-client attach to the errors they throw (discovery requests). */
interface NodeApiError {
  statusCode?: number;
  result?: { message?: string; typeKey?: string } | null;
  responseHeaders?: Record<string, string | string[] | undefined>;
  message?: string;
  code?: string;
}

/** Any failure → a classified AdoRequestError; without an HTTP status it is a network failure (retryable). */
export function toAdoError(error: unknown, operation: string, secret?: string): AdoRequestError {
  if (error instanceof AdoRequestError) return error;
  const e = (error ?? {}) as NodeApiError;
  if (typeof e.statusCode === "number") {
    const headers = e.responseHeaders ?? {};
    const header = (name: string) => {
      const value = headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    };
    const classified = classifyResponse(e.statusCode, e.result ?? { message: e.message }, header, operation);
    if (classified) return classified;
  }
  const detail = e.code ?? e.message ?? String(error);
  return new AdoRequestError("network", `Could not complete ${operation}: ${scrub(detail, secret)}`, { operation });
}
