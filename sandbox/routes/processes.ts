import { createHash } from "node:crypto";
import { AdoError, badRequest, notFound } from "../http/errors";
import { RequestContext } from "../http/router";
import { RouteModule, SandboxEnv } from "../server";
import { ProjectState, SandboxState, WorkItemTypeDef, findProject } from "../state";
import { COMMON_FIELDS } from "../generator/process";
import { requireOrg } from "./refs";

/**
 * The inherited process the sample project uses, as the processes REST API shows and changes it: which process a
 * project uses (`GET _apis/projects/{id}/properties`), its work item types, a type's fields and states, and new
 * organisation fields (`POST _apis/wit/fields`). Changing a process is for Project Administrators here (the service
 * asks for "Edit process" at the organisation): anyone else is refused as the service refuses. One process per
 * project, named after it; the type a change adds or alters is the project's.
 */
export const processRoutes: RouteModule = (router, env) => {
  const manage = "vso.work_full";
  const types = "/{org}/_apis/work/processes/{processId}/workitemtypes";
  router.add({
    method: "GET",
    template: "/{org}/_apis/projects/{projectId}/properties",
    scope: "vso.project",
    handler: (ctx) => projectProperties(env, ctx),
  });
  router.add({ method: "GET", template: types, scope: "vso.work", handler: (ctx) => listTypes(env, ctx) });
  router.add({ method: "POST", template: types, scope: manage, created: true, handler: (ctx) => createType(env, ctx) });
  router.add({
    method: "POST",
    template: `${types}/{witRefName}/fields`,
    scope: manage,
    handler: (ctx) => addField(env, ctx),
  });
  router.add({
    method: "GET",
    template: `${types}/{witRefName}/states`,
    scope: "vso.work",
    handler: (ctx) => requireTypeOf(env, ctx).type.states.map((s, i) => stateShape(s, i)),
  });
  router.add({
    method: "POST",
    template: `${types}/{witRefName}/states`,
    scope: manage,
    handler: (ctx) => addState(env, ctx),
  });
  router.add({
    method: "POST",
    template: "/{org}/_apis/wit/fields",
    scope: manage,
    handler: (ctx) => createField(env, ctx),
  });
};

/** The process a project uses: a stable id derived from the project. */
export function processIdOf(project: ProjectState): string {
  const h = createHash("sha1").update(`process:${project.id}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function projectProperties(env: SandboxEnv, ctx: RequestContext): unknown {
  const state = env.state();
  requireOrg(state, ctx.params.org);
  const project = findProject(state, ctx.params.projectId);
  if (!project) throw notFound(`TF200016: The following project does not exist: ${ctx.params.projectId}.`);
  const properties = [
    { name: "System.ProcessTemplateType", value: processIdOf(project) },
    { name: "System.Process Template", value: `${project.name} process` },
  ];
  const keys = (ctx.query.get("keys") ?? "").split(",").filter((k) => k.trim() !== "");
  const value = keys.length === 0 ? properties : properties.filter((p) => keys.includes(p.name));
  return { count: value.length, value };
}

function requireProcess(env: SandboxEnv, ctx: RequestContext): ProjectState {
  const state = env.state();
  requireOrg(state, ctx.params.org);
  const project = state.projects.find((p) => processIdOf(p) === ctx.params.processId.toLowerCase());
  if (!project)
    throw notFound(`The process ${ctx.params.processId} does not exist.`, "ProcessNotFoundByTypeIdException");
  return project;
}

function requireEditor(state: SandboxState, ctx: RequestContext): void {
  if (!(state.projectAdministrators ?? []).includes(ctx.identity?.id ?? ""))
    throw new AdoError(
      403,
      `VS402367: ${ctx.identity?.displayName ?? "The caller"} does not have the permission "Edit process".`,
      "ProcessPermissionException",
    );
}

function requireTypeOf(env: SandboxEnv, ctx: RequestContext): { project: ProjectState; type: WorkItemTypeDef } {
  const project = requireProcess(env, ctx);
  const key = ctx.params.witRefName.toLowerCase();
  const type = project.workItemTypes.find((t) => t.referenceName.toLowerCase() === key);
  if (!type)
    throw notFound(`The work item type ${ctx.params.witRefName} does not exist.`, "WorkItemTypeNotFoundException");
  return { project, type };
}

function typeShape(env: SandboxEnv, processId: string, t: WorkItemTypeDef): Record<string, unknown> {
  return {
    referenceName: t.referenceName,
    name: t.name,
    description: t.description,
    url: `${env.orgUrl()}/_apis/work/processes/${processId}/workItemTypes/${t.referenceName}`,
    customization: t.referenceName.startsWith("Microsoft.") ? "system" : "custom",
    color: t.color,
    icon: "icon_clipboard",
    isDisabled: false,
    inherits: null,
  };
}

function listTypes(env: SandboxEnv, ctx: RequestContext): unknown {
  const project = requireProcess(env, ctx);
  const value = project.workItemTypes.map((t) => typeShape(env, processIdOf(project), t));
  return { count: value.length, value };
}

/** What a new type inherits: the system fields every type has, and a description. */
const BASE_FIELDS = [...COMMON_FIELDS, "System.Description"];

function createType(env: SandboxEnv, ctx: RequestContext): unknown {
  const state = env.state();
  const project = requireProcess(env, ctx);
  requireEditor(state, ctx);
  const body = (ctx.body ?? {}) as { name?: unknown; description?: unknown; color?: unknown };
  if (typeof body.name !== "string" || body.name.trim() === "") throw badRequest("The work item type needs a name.");
  if (project.workItemTypes.some((t) => t.name.toLowerCase() === String(body.name).toLowerCase()))
    throw new AdoError(
      409,
      `VS402802: A work item type named ${body.name} already exists.`,
      "WorkItemTypeExistsException",
    );
  const type: WorkItemTypeDef = {
    name: body.name,
    referenceName: `${project.name.replace(/\W/g, "")}.${body.name.replace(/\W/g, "")}`,
    description: typeof body.description === "string" ? body.description : "",
    color: typeof body.color === "string" ? body.color : "009ccc",
    // A new type starts with the inherited states New, Active and Closed, as the service gives it.
    states: [
      { name: "New", category: "Proposed", color: "b2b2b2" },
      { name: "Active", category: "InProgress", color: "007acc" },
      { name: "Closed", category: "Completed", color: "339933" },
    ],
    fields: BASE_FIELDS.map((referenceName) => ({ referenceName })),
  };
  project.workItemTypes.push(type);
  return typeShape(env, processIdOf(project), type);
}

function createField(env: SandboxEnv, ctx: RequestContext): unknown {
  const state = env.state();
  requireOrg(state, ctx.params.org);
  requireEditor(state, ctx);
  const body = (ctx.body ?? {}) as { name?: unknown; referenceName?: unknown; type?: unknown };
  if (typeof body.name !== "string" || typeof body.referenceName !== "string" || typeof body.type !== "string")
    throw badRequest("A field needs name, referenceName and type.");
  if (state.fields.some((f) => f.referenceName.toLowerCase() === String(body.referenceName).toLowerCase()))
    throw new AdoError(409, `TF26177: The field ${body.referenceName} already exists.`, "WorkItemFieldExistsException");
  const field = { referenceName: body.referenceName, name: body.name, type: body.type };
  state.fields.push(field);
  return { ...field, url: `${env.orgUrl()}/_apis/wit/fields/${field.referenceName}` };
}

function addField(env: SandboxEnv, ctx: RequestContext): unknown {
  const state = env.state();
  const { type } = requireTypeOf(env, ctx);
  requireEditor(state, ctx);
  const body = (ctx.body ?? {}) as { referenceName?: unknown };
  const field = state.fields.find(
    (f) => typeof body.referenceName === "string" && f.referenceName.toLowerCase() === body.referenceName.toLowerCase(),
  );
  if (!field) throw notFound(`TF51535: Cannot find field ${String(body.referenceName)}.`);
  if (!type.fields.some((f) => f.referenceName === field.referenceName))
    type.fields.push({ referenceName: field.referenceName });
  return { referenceName: field.referenceName, name: field.name, type: field.type, customization: "custom" };
}

function stateShape(s: { name: string; category: string; color: string }, order: number): Record<string, unknown> {
  return { name: s.name, color: s.color, stateCategory: s.category, order: order + 1, customizationType: "custom" };
}

function addState(env: SandboxEnv, ctx: RequestContext): unknown {
  const state = env.state();
  const { type } = requireTypeOf(env, ctx);
  requireEditor(state, ctx);
  const body = (ctx.body ?? {}) as { name?: unknown; color?: unknown; stateCategory?: unknown };
  if (typeof body.name !== "string" || typeof body.stateCategory !== "string")
    throw badRequest("A state needs name and stateCategory.");
  if (type.states.some((s) => s.name.toLowerCase() === String(body.name).toLowerCase()))
    throw new AdoError(409, `VS402813: The state ${body.name} already exists.`, "WorkItemStateExistsException");
  const added = {
    name: body.name,
    category: body.stateCategory,
    color: typeof body.color === "string" ? body.color : "b2b2b2",
  };
  type.states.push(added);
  return stateShape(added, type.states.length - 1);
}
