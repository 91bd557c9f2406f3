import { AdoError, badRequest, notFound } from "../http/errors";
import { RequestContext } from "../http/router";
import { EnumTable, wireDate, wireEnum } from "../http/wire";
import { Identity, ProjectState, SandboxState, findProject } from "../state";

/**
 * Pieces every route module shares: the organisation and project a request names, typed query parameters, and
 * the shallow references (identities, projects) that the service embeds in its resources.
 */

/** Core's ProjectState and ProjectVisibility, as the service numbers them (names as the 7.1 spec spells them). */
export const PROJECT_STATE: EnumTable = {
  new: 0,
  wellFormed: 1,
  deleting: 2,
  createPending: 3,
  deleted: 4,
  all: -1,
  unchanged: -2,
};
export const PROJECT_VISIBILITY: EnumTable = { private: 0, organization: 1, public: 2, unchanged: -1 };

/** The sandbox's projects were all created at this instant: a fixed date keeps responses deterministic. */
export const PROJECT_CREATED = "2024-01-02T09:00:00.000Z";

/** A 404 for an organisation the sandbox does not host, as the service answers for an unknown account. */
export function requireOrg(state: SandboxState, org: string): void {
  if (org.toLowerCase() !== state.organization.name.toLowerCase()) {
    throw notFound(`The organization '${org}' could not be found.`, "AccountNotFoundException");
  }
}

export function requireProject(state: SandboxState, ctx: RequestContext): ProjectState {
  requireOrg(state, ctx.params.org);
  const project = findProject(state, ctx.params.project);
  if (!project) {
    throw notFound(
      `TF200016: The following project does not exist: ${ctx.params.project}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
      "ProjectDoesNotExistWithNameException",
    );
  }
  return project;
}

/** An int32 path or query value; anything else is a 400, as ASP.NET's model binding answers. */
export function toInt(value: string, name: string): number {
  if (!/^-?\d{1,10}$/.test(value.trim())) throw badRequest(`The value '${value}' is not valid for ${name}.`);
  const n = Number(value);
  if (n > 2147483647 || n < -2147483648) throw badRequest(`The value '${value}' is not valid for ${name}.`);
  return n;
}

export function intQuery(ctx: RequestContext, name: string): number | undefined {
  const value = ctx.query.get(name.toLowerCase());
  return value === undefined || value === "" ? undefined : toInt(value, name);
}

export function boolQuery(ctx: RequestContext, name: string, fallback: boolean): boolean {
  const value = ctx.query.get(name.toLowerCase());
  if (value === undefined || value === "") return fallback;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw badRequest(`The value '${value}' is not valid for ${name}.`);
}

/** A comma-separated list of ids (`testPointIds=1,2,3`); undefined when the parameter is absent or empty. */
export function idsQuery(ctx: RequestContext, name: string): Set<number> | undefined {
  const value = ctx.query.get(name.toLowerCase());
  if (value === undefined || value.trim() === "") return undefined;
  const ids = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return new Set(ids.map((s) => toInt(s, name)));
}

/** `$top`/`$skip` as the legacy APIs take them: non-negative skip, positive top. */
export function topSkip(ctx: RequestContext, defaultTop: number): { top: number; skip: number } {
  const top = intQuery(ctx, "$top") ?? defaultTop;
  const skip = intQuery(ctx, "$skip") ?? 0;
  if (skip < 0) throw badRequest("The value of $skip must be zero or greater.", "InvalidPropertyException");
  if (top <= 0) throw badRequest("The value of $top must be greater than zero.", "InvalidPropertyException");
  return { top, skip };
}

export function identityRef(orgUrl: string, who: Identity): Record<string, unknown> {
  const descriptor = `aad.${Buffer.from(who.id).toString("base64url")}`;
  return {
    displayName: who.displayName,
    url: `${orgUrl}/_apis/Identities/${who.id}`,
    _links: { avatar: { href: `${orgUrl}/_apis/GraphProfile/MemberAvatars/${descriptor}` } },
    id: who.id,
    uniqueName: who.uniqueName,
    imageUrl: `${orgUrl}/_api/_common/identityImage?id=${who.id}`,
    descriptor,
  };
}

/** How identity fields read when the caller did not ask for IdentityRefs: `Display Name <unique@name>`. */
export const identityText = (who: Identity): string => `${who.displayName} <${who.uniqueName}>`;

export function projectRef(orgUrl: string, project: ProjectState): Record<string, unknown> {
  return {
    id: project.id,
    name: project.name,
    description: project.description === "" ? undefined : project.description,
    url: `${orgUrl}/_apis/projects/${project.id}`,
    state: wireEnum(PROJECT_STATE, "wellFormed"),
    revision: 1,
    visibility: wireEnum(PROJECT_VISIBILITY, "private"),
    lastUpdateTime: wireDate(PROJECT_CREATED),
  };
}

/** The legacy test API's ShallowReference: ids as strings. */
export function shallow(id: number | string, name?: string, url?: string): Record<string, unknown> {
  return { id: String(id), name, url };
}

/** The service's answer to a test object that does not exist (plans, suites, runs, results, points). */
export const testObjectNotFound = (message: string): AdoError => notFound(message, "TestObjectNotFoundException");
