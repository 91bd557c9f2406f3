import { createHash } from "node:crypto";
import { authenticate, grants, missingScope } from "../auth";
import { AdoError, badRequest, notFound } from "../http/errors";
import { RequestContext } from "../http/router";
import { wireEnum } from "../http/wire";
import { RouteModule, SandboxEnv } from "../server";
import { Identity, ProjectState, findProject } from "../state";
import { RESOURCE_AREAS, locationsOf } from "./locations";
import { PROJECT_STATE, intQuery, projectRef, requireOrg } from "./refs";

/**
 * What the official clients call before any resource: azure-devops-node-api's discovery (`OPTIONS
 * /_apis/Location`, `GET /_apis/ResourceAreas`, then `OPTIONS /_apis/{area}` per client), `connectionData`, and
 * core's projects. Discovery answers any authenticated caller (the server authenticates every API request).
 *
 * Projects need a token that can read projects. The 7.1 spec lists `vso.profile` and `vso.project` for the
 * projects operations; on the service either one is enough, so the sandbox accepts either (or a scope that
 * implies one, such as `vso.project_write`). `vso.work` alone does not read projects: clients that only hold
 * `vso.work` must already know the project, as on the service.
 */
export const PROJECT_SCOPES = ["vso.project", "vso.profile"] as const;

/** DeploymentFlags, for connectionData. */
const DEPLOYMENT_FLAGS = { none: 0, hosted: 1, onPremises: 2 } as const;

/** Core's page size for `GET _apis/projects` when `$top` is not given. */
export const DEFAULT_PROJECTS_TOP = 100;

export const discoveryRoutes: RouteModule = (router, env) => {
  router
    .add({
      method: "OPTIONS",
      template: "/{org}/_apis/{area}",
      handler: (ctx) => {
        requireOrg(env.state(), ctx.params.org);
        return [...(locationsOf(ctx.params.area) ?? [])];
      },
    })
    .add({
      method: "GET",
      template: "/{org}/_apis/ResourceAreas",
      handler: (ctx) => {
        requireOrg(env.state(), ctx.params.org);
        return RESOURCE_AREAS.map((a) => resourceArea(env, a));
      },
    })
    .add({
      method: "GET",
      template: "/{org}/_apis/ResourceAreas/{areaId}",
      handler: (ctx) => {
        requireOrg(env.state(), ctx.params.org);
        const key = ctx.params.areaId.toLowerCase();
        const area = RESOURCE_AREAS.find((a) => a.id === key || a.name.toLowerCase() === key);
        if (!area)
          throw notFound(`The resource area ${ctx.params.areaId} could not be found.`, "ResourceAreaNotFoundException");
        return resourceArea(env, area);
      },
    })
    .add({ method: "GET", template: "/{org}/_apis/connectionData", handler: (ctx) => connectionData(env, ctx) })
    .add({ method: "GET", template: "/{org}/_apis/projects", handler: (ctx) => listProjects(env, ctx) })
    .add({ method: "GET", template: "/{org}/_apis/projects/{projectId}", handler: (ctx) => getProject(env, ctx) });
};

function resourceArea(env: SandboxEnv, area: { id: string; name: string }) {
  return { id: area.id, name: area.name, locationUrl: `${env.orgUrl()}/` };
}

/** A stable GUID derived from a name, for ids the state does not carry (deployment, default team). */
export function derivedGuid(name: string): string {
  const h = createHash("sha1").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function identity(who: Identity): Record<string, unknown> {
  return {
    id: who.id,
    descriptor: `Microsoft.IdentityModel.Claims.ClaimsIdentity;sandbox\\${who.uniqueName}`,
    subjectDescriptor: `aad.${Buffer.from(who.id).toString("base64url")}`,
    providerDisplayName: who.displayName,
    isActive: true,
    isContainer: false,
    members: [],
    memberOf: [],
    memberIds: [],
    properties: { Account: { $type: "System.String", $value: who.uniqueName } },
    resourceVersion: 2,
    metaTypeId: 0,
  };
}

function connectionData(env: SandboxEnv, ctx: RequestContext): Record<string, unknown> {
  const state = env.state();
  requireOrg(state, ctx.params.org);
  const who = ctx.identity ?? {
    id: "00000000-0000-0000-0000-000000000000",
    displayName: "Anonymous",
    uniqueName: "anonymous",
  };
  const serviceOwner = "00025394-6065-48ca-87d9-7f5672854ef7";
  return {
    authenticatedUser: identity(who),
    authorizedUser: identity(who),
    instanceId: state.organization.id,
    deploymentId: derivedGuid(`deployment:${state.organization.id}`),
    deploymentType: wireEnum(DEPLOYMENT_FLAGS, "hosted"),
    locationServiceData: {
      serviceOwner,
      defaultAccessMappingMoniker: "PublicAccessMapping",
      lastChangeId: 1,
      lastChangeId64: 1,
      accessMappings: [
        {
          displayName: "Public Access Mapping",
          moniker: "PublicAccessMapping",
          accessPoint: `${env.orgUrl()}/`,
          serviceOwner,
          virtualDirectory: "",
        },
      ],
    },
  };
}

/** Projects need vso.project or vso.profile (either one, as the spec's security lists them). */
function requireProjectScope(env: SandboxEnv, ctx: RequestContext): void {
  const auth = authenticate(env.state(), ctx.req);
  if (!auth.ok) return; // the server has already turned unauthenticated requests away
  if (!PROJECT_SCOPES.some((scope) => grants(auth.grant.scopes, scope)))
    throw missingScope(auth.grant.identity, PROJECT_SCOPES[0]);
}

function listProjects(env: SandboxEnv, ctx: RequestContext): unknown[] {
  const state = env.state();
  requireOrg(state, ctx.params.org);
  requireProjectScope(env, ctx);
  const stateFilter = (ctx.query.get("statefilter") ?? "wellFormed").toLowerCase();
  const filter = Object.keys(PROJECT_STATE).find((s) => s.toLowerCase() === stateFilter);
  if (!filter) throw badRequest(`The value '${ctx.query.get("statefilter")}' is not valid for stateFilter.`);
  const top = intQuery(ctx, "$top") ?? DEFAULT_PROJECTS_TOP;
  const skip = continuation(ctx) ?? intQuery(ctx, "$skip") ?? 0;
  if (top < 0 || skip < 0) throw badRequest("$top and $skip must not be negative.");
  // Every sandbox project is wellFormed, so the filters wellFormed and all both list them all.
  const projects = filter === "wellFormed" || filter === "all" ? [...state.projects] : [];
  projects.sort((a, b) => a.name.localeCompare(b.name));
  const page = projects.slice(skip, skip + top);
  if (skip + top < projects.length) ctx.headers["x-ms-continuationtoken"] = String(skip + top);
  return page.map((p) => projectRef(env.orgUrl(), p));
}

/** Core's continuation token is the number of projects already returned. */
function continuation(ctx: RequestContext): number | undefined {
  const token = ctx.query.get("continuationtoken");
  if (token === undefined || token === "") return undefined;
  if (!/^\d{1,9}$/.test(token))
    throw badRequest(`The continuation token '${token}' is not valid.`, "InvalidContinuationTokenException");
  return Number(token);
}

function getProject(env: SandboxEnv, ctx: RequestContext): Record<string, unknown> {
  const state = env.state();
  requireOrg(state, ctx.params.org);
  requireProjectScope(env, ctx);
  const project = findProject(state, ctx.params.projectId);
  if (!project) throw projectNotFound(ctx.params.projectId);
  return teamProject(env, project, ctx.query.get("includecapabilities")?.toLowerCase() === "true");
}

function projectNotFound(name: string): AdoError {
  return notFound(
    `TF200016: The following project does not exist: ${name}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
    "ProjectDoesNotExistWithNameException",
  );
}

function teamProject(env: SandboxEnv, project: ProjectState, capabilities: boolean): Record<string, unknown> {
  const orgUrl = env.orgUrl();
  const teamName = `${project.name} Team`;
  const teamId = derivedGuid(`team:${project.id}`);
  return {
    ...projectRef(orgUrl, project),
    _links: {
      self: { href: `${orgUrl}/_apis/projects/${project.id}` },
      collection: { href: `${orgUrl}/_apis/projectCollections/${env.state().organization.id}` },
      web: { href: `${orgUrl}/${encodeURIComponent(project.name)}` },
    },
    capabilities: capabilities
      ? {
          versioncontrol: { sourceControlType: "Git", gitEnabled: "True", tfvcEnabled: "False" },
          processTemplate: { templateName: "Agile", templateTypeId: "adcc42ab-9882-485e-a3ed-7678f01f66bc" },
        }
      : undefined,
    defaultTeam: { id: teamId, name: teamName, url: `${orgUrl}/_apis/projects/${project.id}/teams/${teamId}` },
  };
}
