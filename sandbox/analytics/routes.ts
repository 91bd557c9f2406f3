/**
 * Analytics' OData endpoints, at the Azure DevOps Server form of the URL (`{collection}/{project}/_odata/{version}/…`,
 * which is the sandbox's organisation URL): the snapshot entity sets, `$metadata` and `$batch`, project-scoped and
 * organisation-scoped. They need the scope `vso.analytics`, and go through authentication, fault injection and the
 * request log like every other route.
 *
 * - A GET whose URL (path and query, as sent) is over 3,000 characters is answered `404 Not Found` with an empty
 *   body, as odata-query-guidelines.md documents ("DO use batch endpoint for long queries").
 * - Switched off (`analyticsEnabled: false`), every endpoint answers 404 with an OData error saying so (the
 *   documentation gives no message for a collection without Analytics: the wording is the sandbox's).
 * - Versions: v4.0-preview and v3.0-preview are served; any other is answered 410 with the documented message
 *   (odata-api-version.md).
 */
import { ANALYTICS_SCOPE } from "../auth";
import { AdoError } from "../http/errors";
import { RawBody } from "../http/raw";
import { RequestContext, Router } from "../http/router";
import { RouteModule, SandboxEnv } from "../server";
import { ProjectState, findProject } from "../state";
import { isoDateOf } from "./calendar";
import { batchResponse, parseBatch } from "./batch";
import { ODATA_ERRORS, ODATA_HEADERS, ODATA_JSON, ODataError, notFoundSegment } from "./errors";
import { metadataXml } from "./metadata";
import { ENTITY_SETS, QueryRequest, modelFor, runQuery } from "./query";
import { AnalyticsOptions } from "./settings";
import { analyticsToday } from "./today";

/** odata-query-guidelines.md: "The current limit of OData queries sent with HTTP GET is 3,000 characters." */
export const MAX_GET_URL_LENGTH = 3000;
export const SERVED_VERSIONS = ["v4.0-preview", "v3.0-preview"];

export const analyticsRoutes: RouteModule = (router, env) => {
  const scope = ANALYTICS_SCOPE;
  for (const base of ["/{org}/{project}/_odata/{version}", "/{org}/_odata/{version}"]) {
    router
      .add({ method: "POST", template: `${base}/$batch`, scope, reads: true, handler: (ctx) => batch(env, ctx) })
      .add({ method: "GET", template: `${base}/$metadata`, scope, handler: (ctx) => metadata(env, ctx) })
      .add({ method: "GET", template: `${base}/{entitySet}`, scope, handler: (ctx) => entitySet(env, ctx) });
  }
};

function requireEnabled(env: SandboxEnv): void {
  if (!env.analytics.enabled)
    throw new ODataError(
      404,
      ODATA_ERRORS.disabled,
      "Analytics is not available for this project collection: the Analytics service is turned off or not installed.",
    );
}

function requireVersion(version: string): void {
  if (!SERVED_VERSIONS.includes(version))
    throw new ODataError(
      410,
      ODATA_ERRORS.version,
      `The ${version} OData endpoint for Analytics is not supported. Information on the latest recommended version is available here: https://go.microsoft.com/fwlink/?linkid=856818`,
    );
}

/** The projects a request covers: its project, or every project for the organisation-scoped endpoints. */
function projectsOf(env: SandboxEnv, org: string, project: string | undefined): ProjectState[] {
  const state = env.state();
  if (org.toLowerCase() !== state.organization.name.toLowerCase())
    throw new ODataError(404, ODATA_ERRORS.notFound, `The organization '${org}' could not be found.`);
  if (project === undefined) return state.projects;
  const found = findProject(state, project);
  if (!found)
    throw new ODataError(
      404,
      ODATA_ERRORS.notFound,
      `TF200016: The following project does not exist: ${project}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
    );
  return [found];
}

interface ODataPath {
  org: string;
  project?: string;
  version: string;
  /** The raw service root: `/mhhs-sandbox/MHHS%20QT/_odata/v4.0-preview`. */
  serviceRoot: string;
  /** The decoded last segment (entity set, `$metadata`), if any. */
  resource?: string;
}

/** Splits a raw request path (`/{org}[/{project}]/_odata/{version}[/{resource}]`). */
function parseODataPath(rawPath: string): ODataPath | undefined {
  const segments = rawPath.split("/");
  const at = segments.indexOf("_odata");
  if (segments[0] !== "" || (at !== 2 && at !== 3) || segments.length < at + 2 || segments.length > at + 3)
    return undefined;
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return undefined;
    }
  };
  const org = decode(segments[1]);
  const project = at === 3 ? decode(segments[2]) : undefined;
  const version = decode(segments[at + 1]);
  const resource = segments[at + 2] === undefined ? undefined : decode(segments[at + 2]);
  if (org === undefined || version === undefined || (at === 3 && project === undefined)) return undefined;
  return { org, project, version, serviceRoot: segments.slice(0, at + 2).join("/"), resource };
}

function queryRequest(env: SandboxEnv, path: ODataPath, origin: string, rawQuery: string): QueryRequest {
  const projects = projectsOf(env, path.org, path.project);
  return {
    state: env.state(),
    projects,
    today: analyticsToday(env.state(), env.analytics.today),
    pageSize: env.analytics.pageSize,
    origin,
    serviceRoot: path.serviceRoot,
    entitySet: path.resource ?? "",
    rawQuery,
  };
}

function splitUrl(raw: string): { path: string; query: string } {
  const q = raw.indexOf("?");
  return q < 0 ? { path: raw, query: "" } : { path: raw.slice(0, q), query: raw.slice(q + 1) };
}

function entitySet(env: SandboxEnv, ctx: RequestContext): unknown {
  const raw = ctx.req.url ?? "";
  // What the service's front end does with a long GET: a bare 404, before the query is even read.
  if (raw.length > MAX_GET_URL_LENGTH) return new RawBody("", Buffer.alloc(0), 404);
  requireEnabled(env);
  requireVersion(ctx.params.version);
  const { path, query } = splitUrl(raw);
  const odataPath = parseODataPath(path);
  if (!odataPath) throw notFoundSegment(ctx.params.entitySet);
  if (odataPath.resource?.startsWith("$")) throw notFoundSegment(odataPath.resource);
  const answer = runQuery(queryRequest(env, odataPath, env.baseUrl(), query));
  Object.assign(ctx.headers, ODATA_HEADERS);
  return answer;
}

function metadata(env: SandboxEnv, ctx: RequestContext): RawBody {
  requireEnabled(env);
  requireVersion(ctx.params.version);
  const projects = projectsOf(env, ctx.params.org, ctx.params.project);
  ctx.headers["odata-version"] = "4.0";
  return new RawBody("application/xml; charset=utf-8", Buffer.from(metadataFor(env, projects)));
}

function metadataFor(env: SandboxEnv, projects: ProjectState[]): string {
  const state = env.state();
  const today = analyticsToday(state, env.analytics.today);
  const models = ENTITY_SETS.map((name) => modelFor(name, state, projects, today)).filter(
    (m): m is NonNullable<typeof m> => m !== undefined,
  );
  return metadataXml(models);
}

const ABSOLUTE = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)(?:\?([^#]*))?/i;

/** `POST …/_odata/{version}/$batch`: the one GET inside, answered inside a multipart response. */
function batch(env: SandboxEnv, ctx: RequestContext): RawBody {
  requireEnabled(env);
  requireVersion(ctx.params.version);
  const batchPath = parseODataPath(splitUrl(ctx.req.url ?? "").path);
  if (!batchPath) throw notFoundSegment("$batch");
  projectsOf(env, batchPath.org, batchPath.project);
  const text = Buffer.isBuffer(ctx.body) ? ctx.body.toString("utf8") : typeof ctx.body === "string" ? ctx.body : "";
  const get = parseBatch(ctx.req.headers["content-type"], text);

  let origin = env.baseUrl();
  let target = get.target;
  const absolute = ABSOLUTE.exec(target);
  if (absolute) {
    origin = absolute[1];
    target = `${absolute[2] || "/"}${absolute[3] !== undefined ? `?${absolute[3]}` : ""}`;
  } else if (!target.startsWith("/")) target = `${batchPath.serviceRoot}/${target}`;

  let status = 200;
  let headers: Record<string, string> = { "Content-Type": ODATA_JSON, "OData-Version": "4.0" };
  let body: string;
  try {
    const { path, query } = splitUrl(target);
    const inner = parseODataPath(path);
    if (!inner || inner.resource === undefined) throw notFoundSegment(path);
    requireVersion(inner.version);
    if (inner.resource === "$metadata") {
      headers = { "Content-Type": "application/xml; charset=utf-8", "OData-Version": "4.0" };
      body = metadataFor(env, projectsOf(env, inner.org, inner.project));
    } else {
      if (inner.resource.startsWith("$")) throw notFoundSegment(inner.resource);
      body = JSON.stringify(runQuery(queryRequest(env, inner, origin, query)));
    }
  } catch (error) {
    if (!(error instanceof AdoError)) throw error;
    status = error.status;
    body = JSON.stringify(
      error instanceof ODataError ? error.body() : { error: { code: "0", message: error.message } },
    );
  }
  const answer = batchResponse(status, headers, body);
  ctx.headers["odata-version"] = "4.0";
  return new RawBody(answer.contentType, Buffer.from(answer.text, "utf8"));
}

/** The control API's part: `GET`/`PUT /_sandbox/analytics` (`{analyticsEnabled, analyticsPageSize, analyticsToday}`). */
export function analyticsControlRoutes(router: Router, env: SandboxEnv): void {
  const view = () => {
    const current = env.analytics.current();
    return {
      analyticsEnabled: current.enabled,
      analyticsPageSize: current.pageSize,
      analyticsToday: isoDateOf(analyticsToday(env.state(), current.today)),
    };
  };
  router.add({ method: "GET", template: "/_sandbox/analytics", handler: view });
  router.add({
    method: "PUT",
    template: "/_sandbox/analytics",
    handler: ({ body }) => {
      if (typeof body !== "object" || body === null || Array.isArray(body))
        throw new RangeError("The Analytics settings must be a JSON object.");
      const input = body as Record<string, unknown>;
      const names = ["analyticsEnabled", "analyticsPageSize", "analyticsToday"];
      const unknown = Object.keys(input).filter((k) => !names.includes(k));
      if (unknown.length > 0)
        throw new RangeError(`Unknown Analytics setting ${unknown.join(", ")}; expected ${names.join(", ")}.`);
      const next: Partial<AnalyticsOptions> = {
        enabled: input.analyticsEnabled as boolean | undefined,
        pageSize: input.analyticsPageSize as number | undefined,
        today: input.analyticsToday as string | undefined,
      };
      env.analytics.set(next);
      return view();
    },
  });
}
