import { AdoError, badRequest, notFound } from "../http/errors";
import { RequestContext } from "../http/router";
import { RouteModule, SandboxEnv } from "../server";
import { Identity, ProjectState, SandboxState, Team, findProject } from "../state";
import { derivedGuid } from "./discovery";
import { intQuery, requireOrg } from "./refs";

/**
 * Core's teams (`_apis/projects/{projectId}/teams…`, scope vso.project): a project's teams and each team's members,
 * paged with `$top`/`$skip` as the service pages them. Membership changes go through the Graph memberships API
 * (`PUT/DELETE _apis/graph/memberships/{subjectDescriptor}/{containerDescriptor}`), which the service allows to
 * Project Administrators and the team's own administrators only: anyone else is refused, as the service refuses.
 * Creating a team (`POST …/teams`) is for Project Administrators.
 */
export const teamRoutes: RouteModule = (router, env) => {
  const teams = "/{org}/_apis/projects/{projectId}/teams";
  router.add({ method: "GET", template: teams, scope: "vso.project", handler: (ctx) => listTeams(env, ctx) });
  router.add({
    method: "GET",
    template: `${teams}/{teamId}`,
    scope: "vso.project",
    handler: (ctx) => teamShape(env, requireTeam(env.state(), requireProjectOf(env, ctx), ctx.params.teamId)),
  });
  router.add({
    method: "GET",
    template: `${teams}/{teamId}/members`,
    scope: "vso.project",
    handler: (ctx) => listMembers(env, ctx),
  });
  router.add({
    method: "POST",
    template: teams,
    scope: "vso.project_manage",
    handler: (ctx) => createTeam(env, ctx),
  });
  router.add({
    method: "GET",
    template: "/{org}/_apis/graph/descriptors/{storageKey}",
    scope: "vso.graph",
    handler: (ctx) => ({ value: descriptorOf(env.state(), ctx.params.storageKey) }),
  });
  for (const method of ["PUT", "DELETE"])
    router.add({
      method,
      template: "/{org}/_apis/graph/memberships/{subjectDescriptor}/{containerDescriptor}",
      scope: "vso.graph_manage",
      handler: (ctx) => changeMembership(env, ctx, method === "PUT"),
    });
};

const encode = (id: string) => Buffer.from(id, "utf8").toString("base64url");
const decode = (text: string) => Buffer.from(text, "base64url").toString("utf8");

/** Graph descriptors as the service forms them: a subject type, a dot, the base64 of its storage key. */
export const userDescriptor = (id: string) => `aad.${encode(id)}`;
export const teamDescriptor = (id: string) => `vssgp.${encode(id)}`;

export function teamsOf(state: SandboxState, project: ProjectState): Team[] {
  const defaultTeam: Team = {
    id: defaultTeamId(project),
    projectId: project.id,
    name: `${project.name} Team`,
    description: "The default project team.",
    members: [],
  };
  const own = (state.teams ?? []).filter((t) => t.projectId === project.id);
  return own.some((t) => t.id === defaultTeam.id) ? own : [defaultTeam, ...own];
}

export const defaultTeamId = (project: Pick<ProjectState, "id">): string => derivedGuid(`team:${project.id}`);

function requireProjectOf(env: SandboxEnv, ctx: RequestContext): ProjectState {
  const state = env.state();
  requireOrg(state, ctx.params.org);
  const project = findProject(state, ctx.params.projectId);
  if (!project)
    throw notFound(
      `TF200016: The following project does not exist: ${ctx.params.projectId}.`,
      "ProjectDoesNotExistWithNameException",
    );
  return project;
}

function requireTeam(state: SandboxState, project: ProjectState, idOrName: string): Team {
  const key = idOrName.toLowerCase();
  const team = teamsOf(state, project).find((t) => t.id.toLowerCase() === key || t.name.toLowerCase() === key);
  if (!team)
    throw notFound(
      `The team with id or name ${idOrName} does not exist in project ${project.name}.`,
      "TeamNotFoundException",
    );
  return team;
}

function teamShape(env: SandboxEnv, team: Team): Record<string, unknown> {
  const url = `${env.orgUrl()}/_apis/projects/${team.projectId}/teams/${team.id}`;
  return {
    id: team.id,
    name: team.name,
    url,
    description: team.description,
    identityUrl: `${env.orgUrl()}/_apis/Identities/${team.id}`,
    projectId: team.projectId,
  };
}

function page<T>(ctx: RequestContext, items: T[], defaultTop: number): T[] {
  const top = intQuery(ctx, "$top") ?? defaultTop;
  const skip = intQuery(ctx, "$skip") ?? 0;
  if (top < 0 || skip < 0) throw badRequest("$top and $skip must not be negative.");
  return items.slice(skip, skip + top);
}

function listTeams(env: SandboxEnv, ctx: RequestContext): unknown {
  const project = requireProjectOf(env, ctx);
  const teams = page(
    ctx,
    [...teamsOf(env.state(), project)].sort((a, b) => a.name.localeCompare(b.name)),
    100,
  );
  return { value: teams.map((t) => teamShape(env, t)), count: teams.length };
}

function identityShape(env: SandboxEnv, identity: Identity): Record<string, unknown> {
  return {
    id: identity.id,
    displayName: identity.displayName,
    uniqueName: identity.uniqueName,
    descriptor: userDescriptor(identity.id),
    url: `${env.orgUrl()}/_apis/Identities/${identity.id}`,
    imageUrl: `${env.orgUrl()}/_api/_common/identityImage?id=${identity.id}`,
  };
}

function listMembers(env: SandboxEnv, ctx: RequestContext): unknown {
  const team = requireTeam(env.state(), requireProjectOf(env, ctx), ctx.params.teamId);
  const members = page(ctx, team.members, 100);
  return {
    value: members.map((m) => ({ isTeamAdmin: m.isTeamAdmin, identity: identityShape(env, m.identity) })),
    count: members.length,
  };
}

const isProjectAdministrator = (state: SandboxState, id: string | undefined) =>
  id !== undefined && (state.projectAdministrators ?? []).includes(id);

function createTeam(env: SandboxEnv, ctx: RequestContext): unknown {
  const state = env.state();
  const project = requireProjectOf(env, ctx);
  if (!isProjectAdministrator(state, ctx.identity?.id))
    throw new AdoError(
      403,
      `TF50309: The following account does not have sufficient permissions to complete the operation: ${ctx.identity?.displayName}. The following permissions are needed to perform this operation: Manage project properties.`,
      "UnauthorizedRequestException",
    );
  const body = ctx.body as { name?: unknown; description?: unknown } | undefined;
  if (!body || typeof body.name !== "string" || body.name.trim() === "")
    throw badRequest("The team needs a name.", "ArgumentException");
  if (teamsOf(state, project).some((t) => t.name.toLowerCase() === String(body.name).toLowerCase()))
    throw new AdoError(409, `A team named ${body.name} already exists.`, "TeamAlreadyExistsException");
  const team: Team = {
    id: derivedGuid(`team:${project.id}/${body.name.toLowerCase()}`),
    projectId: project.id,
    name: body.name,
    description: typeof body.description === "string" ? body.description : "",
    members: [],
  };
  (state.teams ??= []).push(team);
  return teamShape(env, team);
}

/** Everyone the organisation knows: its directory and whoever holds a token. */
function people(state: SandboxState): Identity[] {
  return [...(state.directory ?? []), ...[...state.tokens.values()].map((g) => g.identity)];
}

function descriptorOf(state: SandboxState, storageKey: string): string {
  const key = storageKey.toLowerCase();
  const team = state.teams?.find((t) => t.id.toLowerCase() === key);
  if (team) return teamDescriptor(team.id);
  const known = people(state).some((i) => i.id.toLowerCase() === key);
  if (!known) throw notFound(`No subject has the storage key ${storageKey}.`, "StorageKeyNotFoundException");
  return userDescriptor(storageKey.toLowerCase());
}

function changeMembership(env: SandboxEnv, ctx: RequestContext, add: boolean): unknown {
  const state = env.state();
  requireOrg(state, ctx.params.org);
  const [containerKind, containerKey] = ctx.params.containerDescriptor.split(".");
  const [subjectKind, subjectKey] = ctx.params.subjectDescriptor.split(".");
  const team = containerKind === "vssgp" ? state.teams?.find((t) => t.id === decode(containerKey ?? "")) : undefined;
  if (!team)
    throw notFound(`The group ${ctx.params.containerDescriptor} does not exist.`, "GraphSubjectNotFoundException");
  const caller = ctx.identity?.id;
  const mayManage =
    isProjectAdministrator(state, caller) || team.members.some((m) => m.isTeamAdmin && m.identity.id === caller);
  if (!mayManage)
    throw new AdoError(
      403,
      `VS402392: ${ctx.identity?.displayName ?? "The caller"} does not have permission to manage the membership of ${team.name}.`,
      "GraphPermissionException",
    );
  const subjectId = subjectKind === "aad" ? decode(subjectKey ?? "") : "";
  const identity = people(state).find((i) => i.id === subjectId);
  if (!identity)
    throw notFound(`The subject ${ctx.params.subjectDescriptor} does not exist.`, "GraphSubjectNotFoundException");
  const at = team.members.findIndex((m) => m.identity.id === identity.id);
  if (add && at < 0) team.members.push({ identity: { ...identity }, isTeamAdmin: false });
  if (!add && at >= 0) team.members.splice(at, 1);
  return add
    ? { containerDescriptor: ctx.params.containerDescriptor, memberDescriptor: ctx.params.subjectDescriptor }
    : undefined;
}
