/**
 * What the browser port puts between azure-devops-extension-api's clients and the network: every client request is
 * taken as a raw Response (the clients' own `returnRawResponse`), so a 203 sign-in page, a body cut short and a
 * Retry-After on a successful answer are seen here instead of surfacing as a parse error or not at all. Failures
 * the clients throw (`{status, responseText, serverError}` from Common/Fetch, or TF400893 NetworkException) are
 * classified by errors.ts like the Node adapter's.
 *
 * Limitation of the clients: on an error status they drop the response headers, so a 429's Retry-After is not
 * visible in the browser; the resilient caller then waits its own back-off before the next request to the area.
 */
import { ExtensionManagementRestClient } from "azure-devops-extension-api/ExtensionManagement";
import { TestCase, TestPlan, TestPlanRestClient, TestPoint, TestSuite } from "azure-devops-extension-api/TestPlan";
import { PagedList } from "azure-devops-extension-api/WebApi";
import { WorkItemTrackingRestClient } from "azure-devops-extension-api/WorkItemTracking";
import { IVssRestClientOptions } from "azure-devops-extension-api/Common";
import { AdoRequestError, classifyResponse, delayFromHeaders } from "./errors";
import { areaOf } from "./resilience";
import { parseJson } from "./wire";

/** The members of the clients' request parameters this layer reads (RestClientRequestParams is not exported). */
export interface RequestParams {
  apiVersion?: string;
  body?: unknown;
  customHeaders?: Record<string, string>;
  routeTemplate: string;
  routeValues?: Record<string, unknown>;
  queryParams?: Record<string, unknown>;
  method?: string;
  httpResponseType?: string;
  returnRawResponse?: boolean;
}

export interface TransportHooks {
  onRateLimitDelay?: (area: string, ms: number) => void;
}

/** `{project}/_apis/testplan/Plans/{planId}/...` with its values → `GET testplan/Plans/12/...`. */
export function operationOf(params: RequestParams): string {
  const values = params.routeValues ?? {};
  const path = params.routeTemplate
    .split("/")
    .map((segment) =>
      segment.replace(/\{\*?(\w+)\}/g, (_, name: string) => {
        const value = values[name];
        return value === undefined || value === null ? "" : String(value);
      }),
    )
    .filter((segment) => segment.length > 0);
  const apis = path.indexOf("_apis");
  return `${(params.method ?? "GET").toUpperCase()} ${(apis >= 0 ? path.slice(apis + 1) : path).join("/")}`;
}

const MS_DATE = /^\/Date\((-?\d+)\)\/$/;

/**
 * JSON with the service's `/Date(ms)/` dates (msDateFormat) turned into Dates, as the clients do. A body without
 * one (every body the services send unless asked for msDateFormat) is not walked: the walk copies the whole tree.
 */
function parseVssJson(text: string, operation: string, status: number): unknown {
  const value = parseJson(text, operation, status);
  return text.includes("Date(") ? reviveDates(value) : value;
}

function reviveDates(value: unknown): unknown {
  if (typeof value === "string") {
    const ms = MS_DATE.exec(value);
    return ms ? new Date(Number(ms[1])) : value;
  }
  if (Array.isArray(value)) return value.map(reviveDates);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = reviveDates(v);
    return out;
  }
  return value;
}

/** What Common/Fetch throws. */
interface FetchError {
  name?: string;
  status?: number;
  responseText?: string;
  serverError?: { message?: string; typeKey?: string } | null;
  message?: string;
}

export function fromClientError(error: unknown, operation: string): AdoRequestError {
  if (error instanceof AdoRequestError) return error;
  const e = (error ?? {}) as FetchError;
  if (typeof e.status === "number") {
    const body = e.serverError ?? (e.message ? { message: e.message } : undefined);
    const classified = classifyResponse(e.status, body, () => undefined, operation);
    if (classified) return classified;
  }
  return new AdoRequestError(
    "network",
    `Could not complete ${operation}: ${e.message ?? String(error)}`.replace(/\s+$/, ""),
    { operation },
  );
}

/**
 * The clients' own Accept header without `msDateFormat=true`: dates then come as ISO strings, which the reader
 * takes as they are, instead of `/Date(ms)/` strings that every body would have to be walked for (a third of the
 * hub's parsing time over a portfolio).
 */
function acceptOf(params: RequestParams): string {
  const type = params.httpResponseType ?? "application/json";
  return `${type};api-version=${params.apiVersion ?? ""};excludeUrls=true;enumsAsNumbers=true;noArrayWrap=true`;
}

/** Runs one client request raw, checks it, and returns what the client expects (parsed body or a Response). */
async function inspect(
  params: RequestParams,
  send: (raw: RequestParams) => Promise<Response>,
  hooks: TransportHooks,
): Promise<unknown> {
  const operation = operationOf(params);
  let response: Response;
  let text: string;
  try {
    response = await send({
      ...params,
      customHeaders: { ...params.customHeaders, Accept: acceptOf(params) },
      returnRawResponse: true,
    });
    text = await response.text();
  } catch (error) {
    throw fromClientError(error, operation);
  }
  const header = (name: string) => response.headers.get(name);
  const refused = classifyResponse(response.status, undefined, header, operation);
  if (refused) throw refused;
  const delay = delayFromHeaders(header);
  if (delay !== undefined && delay > 0) hooks.onRateLimitDelay?.(areaOf(operation), delay);
  const isJson = (params.httpResponseType ?? "application/json").toLowerCase().includes("json");
  if (params.returnRawResponse) {
    // The client reads the body and headers itself (paged lists) and revives its dates: only check that the body
    // is whole JSON (a cut-short body is a classified error, not the client's raw one), then hand the text over.
    if (isJson && text.length > 0) parseJson(text, operation, response.status);
    return new Response(text, { status: response.status === 204 ? 200 : response.status, headers: response.headers });
  }
  const body = isJson && text.length > 0 ? parseVssJson(text, operation, response.status) : isJson ? null : text;
  if (Array.isArray(body)) {
    const token = header("x-ms-continuationtoken");
    if (token) (body as unknown[] & { continuationToken?: string }).continuationToken = token;
  }
  return body;
}

/* Each client, with its requests routed through `inspect`. beginRequest is the clients' one protected entry. */

/**
 * The client's paged lists ask for the raw Response and parse its text themselves, after `inspect` has parsed it
 * once to check it is whole: two parses and a copy of every page, the hub's largest CPU cost over a portfolio. The
 * four lists the port reads are asked here as plain requests instead (the client's routes and versions, and only
 * the parameters the port uses), so `inspect` parses each page once and attaches its continuation token.
 */
export class CheckedTestPlanClient extends TestPlanRestClient {
  constructor(
    options: IVssRestClientOptions,
    private readonly hooks: TransportHooks,
  ) {
    super(options);
  }
  protected override beginRequest<T>(params: RequestParams): Promise<T> {
    return inspect(params, (raw) => super.beginRequest<Response>(raw as never), this.hooks) as Promise<T>;
  }

  private listPage<T>(
    apiVersion: string,
    routeTemplate: string,
    routeValues: Record<string, unknown>,
    queryParams: Record<string, unknown>,
  ): Promise<PagedList<T>> {
    const params: RequestParams & { apiVersion: string; queryParams: Record<string, unknown> } = {
      apiVersion,
      routeTemplate,
      routeValues,
      queryParams,
    };
    return this.beginRequest<PagedList<T>>(params);
  }

  plansPage(project: string, continuationToken?: string): Promise<PagedList<TestPlan>> {
    return this.listPage(
      "7.2-preview.1",
      "{project}/_apis/testplan/Plans/{planId}",
      { project },
      { continuationToken },
    );
  }

  suitesPage(project: string, planId: number, continuationToken?: string): Promise<PagedList<TestSuite>> {
    const route = "{project}/_apis/testplan/Plans/{planId}/Suites/{suiteId}";
    return this.listPage("7.2-preview.1", route, { project, planId }, { continuationToken });
  }

  pointsPage(
    project: string,
    planId: number,
    suiteId: number,
    query: { isRecursive?: boolean; continuationToken?: string },
  ): Promise<PagedList<TestPoint>> {
    const route = "{project}/_apis/testplan/Plans/{planId}/Suites/{suiteId}/TestPoint/{pointIds}";
    return this.listPage("7.2-preview.2", route, { project, planId, suiteId }, query);
  }

  testCasesPage(
    project: string,
    planId: number,
    suiteId: number,
    continuationToken?: string,
  ): Promise<PagedList<TestCase>> {
    const route = "{project}/_apis/testplan/Plans/{planId}/Suites/{suiteId}/TestCase/{testCaseId}";
    return this.listPage("7.2-preview.3", route, { project, planId, suiteId }, { continuationToken });
  }
}

export class CheckedWorkItemClient extends WorkItemTrackingRestClient {
  constructor(
    options: IVssRestClientOptions,
    private readonly hooks: TransportHooks,
  ) {
    super(options);
  }
  protected override beginRequest<T>(params: RequestParams): Promise<T> {
    return inspect(params, (raw) => super.beginRequest<Response>(raw as never), this.hooks) as Promise<T>;
  }
}

export class CheckedExtensionClient extends ExtensionManagementRestClient {
  constructor(
    options: IVssRestClientOptions,
    private readonly hooks: TransportHooks,
  ) {
    super(options);
  }
  protected override beginRequest<T>(params: RequestParams): Promise<T> {
    return inspect(params, (raw) => super.beginRequest<Response>(raw as never), this.hooks) as Promise<T>;
  }
}

/**
 * The Security area has no client in azure-devops-extension-api, and the package does not export the base client
 * the others extend. Any of them routes a request the same way (the root path plus the route template, with the
 * token and Accept header): this one borrows the checked extension management client's, and adds the requests the
 * product makes at the organisation URL outside the typed clients — who the token is, team members, and the
 * caller's own permissions — through its `inspect`.
 */
export class CheckedSecurityClient extends CheckedExtensionClient {
  /** `GET _apis/connectionData`: who the token is. */
  connectionData(): Promise<unknown> {
    return this.beginRequest<unknown>({ apiVersion: "7.1-preview.1", routeTemplate: "_apis/connectionData" });
  }

  /**
   * `GET _apis/projects/{project}/teams/{team}/members` (Core, at the organisation URL as Security is): asked here
   * rather than through the Core client so the page comes back as the service sent it, `value` and all.
   */
  teamMembers(project: string, team: string, top: number, skip: number): Promise<unknown> {
    return this.beginRequest<unknown>({
      apiVersion: "7.1",
      routeTemplate: "_apis/projects/{projectId}/teams/{teamId}/members",
      routeValues: { projectId: project, teamId: team },
      queryParams: { $top: top, $skip: skip },
    });
  }

  /** `POST _apis/security/permissionevaluationbatch` (released in 3.0; asked at 7.1). */
  evaluatePermissionBatch(body: unknown): Promise<unknown> {
    return this.beginRequest<unknown>({
      apiVersion: "7.1",
      method: "POST",
      routeTemplate: "_apis/security/permissionevaluationbatch",
      body,
    });
  }
}
