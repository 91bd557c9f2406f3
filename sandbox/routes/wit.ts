import { mayReadWorkItems } from "../area-security";
import { RawBody } from "../http/raw";
import { WriteContext, createWorkItem, deleteWorkItem, updateWorkItem, uploadAttachment } from "../work-item-writes";
import { AdoError, badRequest, notFound } from "../http/errors";
import { RequestContext } from "../http/router";
import { EnumTable, WireDate, wireEnum } from "../http/wire";
import { RouteModule, SandboxEnv } from "../server";
import { AreaNode, FieldDef, findProject, ProjectState, SandboxState, WorkItem, WorkItemTypeDef } from "../state";
import { FieldCatalog, runWiql, WiqlError } from "../wiql";
import { getter } from "../wiql/values";

/**
 * Work item tracking: WIQL, work items by id (GET and batch), fields, work item types with their states and
 * per-type fields, and area classification nodes — in the service's shapes (7.1), limits and error messages.
 */

/** The service refuses a flat query whose result passes this size (VS402337) unless `$top` caps it. */
export const WIQL_RESULT_LIMIT = 20_000;
/** The most work items one GET `workitems?ids=` or POST `workitemsbatch` may ask for (VS403474). */
export const WORK_ITEMS_PER_REQUEST = 200;

const QUERY_TYPE: EnumTable = { flat: 1, tree: 2, oneHop: 3 };
const QUERY_RESULT_TYPE: EnumTable = { workItem: 1, workItemLink: 2 };
const STRUCTURE_TYPE: EnumTable = { area: 0, iteration: 1 };
const FIELD_USAGE: EnumTable = { none: 0, workItem: 1, workItemLink: 2, tree: 3, workItemTypeExtension: 4 };
const FIELD_TYPE: EnumTable = {
  string: 0,
  integer: 1,
  dateTime: 2,
  plainText: 3,
  html: 4,
  treePath: 5,
  history: 6,
  double: 7,
  guid: 8,
  boolean: 9,
  identity: 10,
  picklistString: 11,
  picklistInteger: 12,
  picklistDouble: 13,
};
const WORK_ITEM_EXPAND: EnumTable = { none: 0, relations: 1, fields: 2, links: 3, all: 4 };
const ERROR_POLICY: EnumTable = { fail: 1, omit: 2 };
/** A flags enum: all = allowedValues | dependentFields. */
const TYPE_FIELDS_EXPAND: EnumTable = { none: 0, allowedValues: 1, dependentFields: 2, all: 3 };
const STRUCTURE_GROUP: EnumTable = { areas: 0, iterations: 1 };

export const witRoutes: RouteModule = (router, env) => {
  const scope = "vso.work";
  const get = (template: string, handler: (ctx: RequestContext) => unknown) =>
    router.add({ method: "GET", template, scope, handler });
  const post = (template: string, handler: (ctx: RequestContext) => unknown) =>
    router.add({ method: "POST", template, scope, handler, reads: true });

  const write = (method: string, template: string, handler: (ctx: RequestContext) => unknown) =>
    router.add({ method, template, scope: "vso.work_write", handler });
  write("POST", "/{org}/{project}/_apis/wit/workitems/{type}", (ctx) => {
    const project = requireProject(env, ctx);
    if (!ctx.params.type.startsWith("$"))
      throw badRequest("Give the work item type as $Type: POST …/_apis/wit/workitems/$Bug.");
    const item = createWorkItem(env.state(), project, ctx.params.type.slice(1), ctx.body, writeContext(ctx));
    return shapeOne(env, item);
  });
  for (const prefix of ["/{org}", "/{org}/{project}"]) {
    write("PATCH", `${prefix}/_apis/wit/workitems/{id}`, (ctx) => {
      scopeOf(env, ctx);
      const item = updateWorkItem(env.state(), readId(ctx.params.id), ctx.body, writeContext(ctx));
      return shapeOne(env, item);
    });
    write("DELETE", `${prefix}/_apis/wit/workitems/{id}`, (ctx) => {
      scopeOf(env, ctx);
      if (/^true$/i.test(ctx.query.get("destroy") ?? ""))
        throw new AdoError(
          403,
          "TF401305: You do not have the permission to permanently delete work items.",
          "WorkItemTrackingSecurityException",
        );
      const item = deleteWorkItem(env.state(), readId(ctx.params.id), writeContext(ctx));
      return {
        id: item.id,
        type: item.fields["System.WorkItemType"],
        name: item.fields["System.Title"],
        project: item.fields["System.TeamProject"],
        deletedDate: item.fields["System.ChangedDate"],
        deletedBy: (item.fields["System.ChangedBy"] as { displayName?: string }).displayName,
        url: `${env.orgUrl()}/_apis/wit/recyclebin/${item.id}`,
      };
    });
  }

  write("POST", "/{org}/{project}/_apis/wit/attachments", (ctx) => {
    requireProject(env, ctx);
    if (!Buffer.isBuffer(ctx.body))
      throw badRequest("Send the attachment's content as application/octet-stream.", "VssRequestContentException");
    const made = uploadAttachment(env.state(), ctx.query.get("filename") ?? "", ctx.body, writeContext(ctx).caller);
    return { id: made.id, url: `${env.orgUrl()}/_apis/wit/attachments/${made.id}` };
  });
  for (const prefix of ["/{org}", "/{org}/{project}"])
    get(`${prefix}/_apis/wit/attachments/{id}`, (ctx) => {
      scopeOf(env, ctx);
      const attachment = env.state().attachments?.get(ctx.params.id.toLowerCase());
      if (!attachment)
        throw notFound(`TF401308: The attachment ${ctx.params.id} does not exist.`, "AttachmentNotFoundException");
      return new RawBody("application/octet-stream", attachment.bytes);
    });

  for (const prefix of ["/{org}", "/{org}/{project}"]) {
    post(`${prefix}/_apis/wit/wiql`, (ctx) => queryByWiql(env, ctx));
    get(`${prefix}/_apis/wit/workitems`, (ctx) => getWorkItems(env, ctx, readQueryRequest(ctx)));
    get(`${prefix}/_apis/wit/workitems/{id}`, (ctx) => getWorkItem(env, ctx));
    post(`${prefix}/_apis/wit/workitemsbatch`, (ctx) => getWorkItems(env, ctx, readBatchRequest(ctx)));
    get(
      `${prefix}/_apis/wit/fields`,
      (ctx) => (scopeOf(env, ctx), catalogOf(env.state()).fields.map((f) => fieldShape(env, f))),
    );
    get(
      `${prefix}/_apis/wit/fields/{field}`,
      (ctx) => (scopeOf(env, ctx), fieldShape(env, requireField(env.state(), ctx.params.field))),
    );
  }
  // A team segment is accepted (and ignored) on WIQL, as in the service's route.
  post("/{org}/{project}/{team}/_apis/wit/wiql", (ctx) => queryByWiql(env, ctx));

  const types = "/{org}/{project}/_apis/wit/workitemtypes";
  get(types, (ctx) => {
    const project = requireProject(env, ctx);
    const catalog = catalogOf(env.state());
    return project.workItemTypes.map((t) => typeShape(env, catalog, project, t));
  });
  get(`${types}/{type}`, (ctx) =>
    typeShape(env, catalogOf(env.state()), requireProject(env, ctx), requireType(env, ctx)),
  );
  get(`${types}/{type}/states`, (ctx) =>
    requireType(env, ctx).states.map(({ name, color, category }) => ({ name, color, category })),
  );
  get(`${types}/{type}/fields`, (ctx) => {
    const type = requireType(env, ctx);
    const expand = typeFieldsExpand(ctx);
    const catalog = catalogOf(env.state());
    return type.fields.map((f) => typeFieldShape(env, catalog, f, expand));
  });
  get(`${types}/{type}/fields/{field}`, (ctx) => {
    const type = requireType(env, ctx);
    const catalog = catalogOf(env.state());
    const field = catalog.find(ctx.params.field);
    const onType =
      field && type.fields.find((f) => f.referenceName.toLowerCase() === field.referenceName.toLowerCase());
    if (!onType) throw fieldNotFound(ctx.params.field);
    return typeFieldShape(env, catalog, onType, typeFieldsExpand(ctx));
  });

  const nodes = "/{org}/{project}/_apis/wit/classificationnodes";
  get(nodes, (ctx) => {
    const project = requireProject(env, ctx);
    const depth = readDepth(ctx);
    return [nodeShape(env, project, "area", project.areas, [], depth), iterationRoot(env, project)];
  });
  get(`${nodes}/{group}`, (ctx) => classificationNode(env, ctx, ""));
  // Clients encode the whole path into one segment (`Area%5CChild`); a path written with slashes also works.
  for (const extra of ["{p1}", "{p1}/{p2}", "{p1}/{p2}/{p3}", "{p1}/{p2}/{p3}/{p4}", "{p1}/{p2}/{p3}/{p4}/{p5}"]) {
    get(`${nodes}/{group}/${extra}`, (ctx) => {
      const parts = ["p1", "p2", "p3", "p4", "p5"].map((k) => ctx.params[k]).filter((p) => p !== undefined);
      return classificationNode(env, ctx, parts.join("\\"));
    });
  }
};

// ---------------------------------------------------------------------------------------------------------
// Scope: organisation and project

/** Checks the organisation in the path and returns the project it names, if any (404 when it does not exist). */
function scopeOf(env: SandboxEnv, ctx: RequestContext): ProjectState | undefined {
  const state = env.state();
  if (ctx.params.org.toLowerCase() !== state.organization.name.toLowerCase()) {
    throw notFound(`The organization '${ctx.params.org}' does not exist.`, "HostNotFoundException");
  }
  if (ctx.params.project === undefined) return undefined;
  const project = findProject(state, ctx.params.project);
  if (!project) {
    throw notFound(
      `TF200016: The following project does not exist: ${ctx.params.project}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
      "ProjectDoesNotExistWithNameException",
    );
  }
  return project;
}

function requireProject(env: SandboxEnv, ctx: RequestContext): ProjectState {
  return scopeOf(env, ctx) as ProjectState;
}

function requireType(env: SandboxEnv, ctx: RequestContext): WorkItemTypeDef {
  const project = requireProject(env, ctx);
  const wanted = ctx.params.type.toLowerCase();
  const type = project.workItemTypes.find(
    (t) => t.name.toLowerCase() === wanted || t.referenceName.toLowerCase() === wanted,
  );
  if (!type) {
    throw notFound(
      `VS402323: Work item type ${ctx.params.type} does not exist in project ${project.name} or you do not have permission to access it.`,
      "WorkItemTypeNotFoundException",
    );
  }
  return type;
}

/** Every field the organisation has: the state's, plus the system fields any organisation has. */
function catalogOf(state: SandboxState): FieldCatalog {
  return new FieldCatalog(state.fields);
}

const fieldNotFound = (name: string) =>
  notFound(`TF51535: Cannot find field ${name}.`, "WorkItemTrackingFieldDefinitionNotFoundException");

function requireField(state: SandboxState, name: string): FieldDef {
  const field = catalogOf(state).find(name);
  if (!field) throw fieldNotFound(name);
  return field;
}

// ---------------------------------------------------------------------------------------------------------
// WIQL

function queryByWiql(env: SandboxEnv, ctx: RequestContext): unknown {
  const project = scopeOf(env, ctx);
  const state = env.state();
  const body = ctx.body as { query?: unknown } | undefined;
  if (!body || typeof body !== "object" || typeof body.query !== "string") {
    throw new AdoError(400, "Value cannot be null.\r\nParameter name: wiql", "ArgumentNullException");
  }
  const top = readInteger(ctx.query.get("$top"), "$top");
  const now = new Date();
  let result;
  try {
    // A query returns only what the caller may read: items under an area denied to it are left out, silently.
    const readable =
      state.areaDenies.length === 0
        ? state.workItems.values()
        : [...state.workItems.values()].filter((item) =>
            mayReadWorkItems(state, ctx.identity?.id, item.fields["System.AreaPath"]),
          );
    result = runWiql(body.query, readable, {
      catalog: catalogOf(state),
      project: project?.name,
      me: ctx.identity,
      now,
      timePrecision: /^true$/i.test(ctx.query.get("timeprecision") ?? ""),
      areaPaths: allAreaPaths(state),
    });
  } catch (error) {
    if (error instanceof WiqlError) throw badRequest(error.message, error.typeKey);
    throw error;
  }
  if (result.workItems.length > WIQL_RESULT_LIMIT && (top === undefined || top > WIQL_RESULT_LIMIT)) {
    throw badRequest(
      `VS402337: The number of work items returned exceeds the size limit of ${WIQL_RESULT_LIMIT}. Change the query to return fewer work items.`,
      "WorkItemTrackingQueryResultSizeLimitExceededException",
    );
  }
  const items = top === undefined ? result.workItems : result.workItems.slice(0, top);
  return {
    queryType: wireEnum(QUERY_TYPE, "flat"),
    queryResultType: wireEnum(QUERY_RESULT_TYPE, "workItem"),
    asOf: new WireDate(now.toISOString()),
    columns: result.columns.map((f) => fieldReference(env, f)),
    sortColumns: result.sortColumns.map((s) => ({ field: fieldReference(env, s.field), descending: s.descending })),
    workItems: items.map((item) => ({ id: item.id, url: workItemUrl(env, item.id) })),
  };
}

function allAreaPaths(state: SandboxState): Set<string> {
  const paths = new Set<string>();
  const walk = (node: AreaNode, path: string) => {
    paths.add(path.toLowerCase());
    for (const child of node.children) walk(child, `${path}\\${child.name}`);
  };
  for (const project of state.projects) walk(project.areas, project.areas.name);
  return paths;
}

// ---------------------------------------------------------------------------------------------------------
// Work items

interface WorkItemsRequest {
  ids: number[];
  fields?: string[];
  expand: string;
  errorPolicy: string;
  asOf?: string;
}

function readQueryRequest(ctx: RequestContext): WorkItemsRequest {
  const ids = ctx.query.get("ids");
  if (ids === undefined || ids.trim() === "")
    throw new AdoError(400, "Value cannot be null.\r\nParameter name: ids", "ArgumentNullException");
  const fields = ctx.query.get("fields");
  return {
    ids: ids.split(",").map((s) => readId(s.trim())),
    fields: fields === undefined || fields.trim() === "" ? undefined : fields.split(",").map((s) => s.trim()),
    expand: readEnum(ctx.query.get("$expand"), WORK_ITEM_EXPAND, "$expand", "none"),
    errorPolicy: readEnum(ctx.query.get("errorpolicy"), ERROR_POLICY, "errorPolicy", "fail"),
    asOf: ctx.query.get("asof"),
  };
}

function readBatchRequest(ctx: RequestContext): WorkItemsRequest {
  if (!ctx.body || typeof ctx.body !== "object" || Array.isArray(ctx.body)) {
    throw new AdoError(400, "Value cannot be null.\r\nParameter name: workItemGetRequest", "ArgumentNullException");
  }
  // The service binds JSON members case-insensitively.
  const body = new Map(Object.entries(ctx.body as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
  const ids = body.get("ids");
  if (!Array.isArray(ids) || ids.length === 0)
    throw new AdoError(400, "Value cannot be null.\r\nParameter name: ids", "ArgumentNullException");
  const fields = body.get("fields");
  if (
    fields !== undefined &&
    fields !== null &&
    (!Array.isArray(fields) || fields.some((f) => typeof f !== "string"))
  ) {
    throw badRequest("The fields member must be an array of field names.");
  }
  const asOf = body.get("asof");
  return {
    ids: ids.map((id) => readId(String(id))),
    fields: Array.isArray(fields) && fields.length > 0 ? (fields as string[]) : undefined,
    expand: readEnum(body.get("$expand"), WORK_ITEM_EXPAND, "$expand", "none"),
    errorPolicy: readEnum(body.get("errorpolicy"), ERROR_POLICY, "errorPolicy", "fail"),
    asOf: typeof asOf === "string" ? asOf : undefined,
  };
}

function getWorkItems(env: SandboxEnv, ctx: RequestContext, request: WorkItemsRequest): unknown[] {
  scopeOf(env, ctx);
  if (request.ids.length > WORK_ITEMS_PER_REQUEST) {
    throw badRequest(
      `VS403474: The maximum number of work items that can be requested is ${WORK_ITEMS_PER_REQUEST}.`,
      "VssPropertyValidationException",
    );
  }
  const shape = workItemShaper(env, request);
  const state = env.state();
  return request.ids.map((id) => {
    const item = env.faults.vanished(id) ? undefined : readableItem(state, ctx, id);
    if (item) return shape(item);
    if (request.errorPolicy === "omit") return null;
    throw workItemNotFound(id);
  });
}

function getWorkItem(env: SandboxEnv, ctx: RequestContext): unknown {
  scopeOf(env, ctx);
  const id = readId(ctx.params.id);
  const fields = ctx.query.get("fields");
  const request: WorkItemsRequest = {
    ids: [id],
    fields: fields === undefined || fields.trim() === "" ? undefined : fields.split(",").map((s) => s.trim()),
    expand: readEnum(ctx.query.get("$expand"), WORK_ITEM_EXPAND, "$expand", "none"),
    errorPolicy: "fail",
    asOf: ctx.query.get("asof"),
  };
  const item = env.faults.vanished(id) ? undefined : readableItem(env.state(), ctx, id);
  if (!item) throw workItemNotFound(id);
  const shaped = workItemShaper(env, request)(item);
  // A single work item carries its links even unexpanded.
  return { ...shaped, _links: shaped._links ?? links(env, item), url: shaped.url };
}

function writeContext(ctx: RequestContext): WriteContext {
  if (!ctx.identity) throw new AdoError(401, "The request was not authenticated.", "UnauthorizedRequestException");
  return {
    caller: { ...ctx.identity },
    bypassRules: /^true$/i.test(ctx.query.get("bypassrules") ?? ""),
    now: new Date(),
  };
}

/** A written item as the service answers it: like `GET _apis/wit/workitems/{id}`, links included. */
function shapeOne(env: SandboxEnv, item: WorkItem): unknown {
  const shaped = workItemShaper(env, { ids: [item.id], expand: "none", errorPolicy: "fail" })(item);
  return { ...shaped, _links: links(env, item), url: shaped.url };
}

/** An item the caller may not read answers as one that does not exist (TF401232 names both cases). */
function readableItem(state: SandboxState, ctx: RequestContext, id: number): WorkItem | undefined {
  const item = state.workItems.get(id);
  return item && mayReadWorkItems(state, ctx.identity?.id, item.fields["System.AreaPath"]) ? item : undefined;
}

const workItemNotFound = (id: number) =>
  notFound(
    `TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`,
    "WorkItemUnauthorizedAccessException",
  );

/**
 * Validates what to return and builds the shaper: `fields` filters (unknown names: TF51535), `$expand`
 * adds links (and relations: links to other work items and attached files); the two together are refused, as the service
 * refuses them. `asOf` is checked but the sandbox keeps no history, so it reads the current revision.
 */
function workItemShaper(env: SandboxEnv, request: WorkItemsRequest): (item: WorkItem) => Record<string, unknown> {
  if (request.fields && request.expand !== "none") {
    throw badRequest(
      "The expand parameter can not be used with the fields parameter.",
      "ConflictingParametersException",
    );
  }
  if (request.asOf !== undefined && Number.isNaN(Date.parse(request.asOf))) {
    throw badRequest(`The value '${request.asOf}' is not a valid date for asOf.`);
  }
  const catalog = catalogOf(env.state());
  const selected = request.fields?.map((name) => {
    const field = catalog.find(name);
    if (!field)
      throw badRequest(`TF51535: Cannot find field ${name}.`, "WorkItemTrackingFieldDefinitionNotFoundException");
    return { name: field.referenceName, read: getter(field) };
  });
  const withLinks = request.expand === "links" || request.expand === "all";
  const withRelations = request.expand === "relations" || request.expand === "all";
  return (item) => {
    let fields: Record<string, unknown> = item.fields;
    if (selected) {
      fields = {};
      for (const { name, read } of selected) {
        const value = read(item);
        if (value !== undefined && value !== null) fields[name] = value;
      }
    }
    return {
      id: item.id,
      rev: item.rev,
      fields,
      relations: withRelations
        ? (item.relations ?? []).map((r) => ({
            rel: r.rel,
            url: r.targetId === undefined ? r.url : workItemUrl(env, r.targetId),
            attributes: { ...r.attributes },
          }))
        : undefined,
      _links: withLinks ? links(env, item) : undefined,
      url: workItemUrl(env, item.id),
    };
  };
}

function links(env: SandboxEnv, item: WorkItem): Record<string, { href: string }> {
  const url = workItemUrl(env, item.id);
  const href = (h: string) => ({ href: h });
  const type = item.fields["System.WorkItemType"];
  const project = item.fields["System.TeamProject"];
  return {
    self: href(url),
    workItemUpdates: href(`${url}/updates`),
    workItemRevisions: href(`${url}/revisions`),
    workItemComments: href(`${url}/comments`),
    html: href(`${env.orgUrl()}/${encodeURIComponent(String(project ?? ""))}/_workitems/edit/${item.id}`),
    workItemType: href(
      `${env.orgUrl()}/${encodeURIComponent(String(project ?? ""))}/_apis/wit/workItemTypes/${encodeURIComponent(String(type ?? ""))}`,
    ),
    fields: href(`${env.orgUrl()}/_apis/wit/fields`),
  };
}

const workItemUrl = (env: SandboxEnv, id: number) => `${env.orgUrl()}/_apis/wit/workItems/${id}`;

// ---------------------------------------------------------------------------------------------------------
// Fields and work item types

const fieldUrl = (env: SandboxEnv, referenceName: string) => `${env.orgUrl()}/_apis/wit/fields/${referenceName}`;

function fieldReference(env: SandboxEnv, field: FieldDef): { referenceName: string; name: string; url: string } {
  return { referenceName: field.referenceName, name: field.name, url: fieldUrl(env, field.referenceName) };
}

/** WorkItemField2. */
function fieldShape(env: SandboxEnv, field: FieldDef): Record<string, unknown> {
  const type = field.type in FIELD_TYPE ? field.type : "string";
  return {
    name: field.name,
    referenceName: field.referenceName,
    description: "",
    type: wireEnum(FIELD_TYPE, type),
    usage: wireEnum(FIELD_USAGE, "workItem"),
    readOnly: field.readOnly ?? false,
    canSortBy: type !== "html" && type !== "history",
    isQueryable: true,
    supportedOperations: supportedOperations(field),
    isIdentity: type === "identity",
    isPicklist: type.startsWith("picklist"),
    isPicklistSuggested: false,
    isLocked: false,
    url: fieldUrl(env, field.referenceName),
  };
}

const OPERATIONS: Record<string, [string, string]> = {
  eq: ["SupportedOperations.Equals", "="],
  ne: ["SupportedOperations.NotEquals", "<>"],
  gt: ["SupportedOperations.GreaterThan", ">"],
  lt: ["SupportedOperations.LessThan", "<"],
  ge: ["SupportedOperations.GreaterThanEquals", ">="],
  le: ["SupportedOperations.LessThanEquals", "<="],
  in: ["SupportedOperations.In", "In"],
  notIn: ["SupportedOperations.NotIn", "Not In"],
  contains: ["SupportedOperations.Contains", "Contains"],
  notContains: ["SupportedOperations.NotContains", "Does Not Contain"],
  words: ["SupportedOperations.ContainsWords", "Contains Words"],
  notWords: ["SupportedOperations.NotContainsWords", "Does Not Contain Words"],
  under: ["SupportedOperations.Under", "Under"],
  notUnder: ["SupportedOperations.NotUnder", "Not Under"],
};

function supportedOperations(field: FieldDef): { referenceName: string; name: string }[] {
  const ordered = ["eq", "ne", "gt", "lt", "ge", "le", "in", "notIn"];
  let keys: string[];
  if (field.referenceName.toLowerCase() === "system.tags") keys = ["contains", "notContains"];
  else if (field.type === "treePath") keys = ["under", "notUnder", "eq", "ne", "in", "notIn"];
  else if (field.type === "plainText" || field.type === "html" || field.type === "history")
    keys = ["words", "notWords"];
  else if (field.type === "string" || field.type === "identity") keys = [...ordered, "contains", "notContains"];
  else if (field.type === "boolean") keys = ["eq", "ne"];
  else keys = ordered;
  return keys.map((k) => ({ referenceName: OPERATIONS[k][0], name: OPERATIONS[k][1] }));
}

/** WorkItemType. */
function typeShape(
  env: SandboxEnv,
  catalog: FieldCatalog,
  project: ProjectState,
  type: WorkItemTypeDef,
): Record<string, unknown> {
  const fields = type.fields.map((f) => {
    const def = catalog.find(f.referenceName);
    return {
      alwaysRequired: ALWAYS_REQUIRED.has(f.referenceName),
      defaultValue: f.defaultValue,
      referenceName: f.referenceName,
      name: def?.name ?? f.referenceName,
      url: fieldUrl(env, f.referenceName),
    };
  });
  const icon = /bug|defect/i.test(type.name) ? "icon_insect" : "icon_clipboard";
  const url = `${env.orgUrl()}/${project.id}/_apis/wit/workItemTypes/${encodeURIComponent(type.name)}`;
  return {
    name: type.name,
    referenceName: type.referenceName,
    description: type.description,
    color: type.color,
    icon: { id: icon, url: `${env.orgUrl()}/_apis/wit/workItemIcons/${icon}?color=${type.color}&v=2` },
    isDisabled: false,
    fields,
    fieldInstances: fields,
    states: type.states.map(({ name, color, category }) => ({ name, color, category })),
    _links: { self: { href: url } },
    url,
  };
}

const ALWAYS_REQUIRED = new Set(["System.Title", "System.State"]);

/** WorkItemTypeFieldWithReferences; allowed values and dependent fields only when `$expand` asks for them. */
function typeFieldShape(
  env: SandboxEnv,
  catalog: FieldCatalog,
  field: WorkItemTypeDef["fields"][number],
  expand: number,
): Record<string, unknown> {
  const def = catalog.find(field.referenceName);
  return {
    alwaysRequired: ALWAYS_REQUIRED.has(field.referenceName),
    defaultValue: field.defaultValue ?? null,
    allowedValues: expand & TYPE_FIELDS_EXPAND.allowedValues ? [...(field.allowedValues ?? [])] : undefined,
    dependentFields: expand & TYPE_FIELDS_EXPAND.dependentFields ? [] : undefined,
    referenceName: field.referenceName,
    name: def?.name ?? field.referenceName,
    url: fieldUrl(env, field.referenceName),
  };
}

function typeFieldsExpand(ctx: RequestContext): number {
  return TYPE_FIELDS_EXPAND[readEnum(ctx.query.get("$expand"), TYPE_FIELDS_EXPAND, "$expand", "none")];
}

// ---------------------------------------------------------------------------------------------------------
// Classification nodes

function classificationNode(env: SandboxEnv, ctx: RequestContext, path: string): unknown {
  const project = requireProject(env, ctx);
  const group = readEnum(ctx.params.group, STRUCTURE_GROUP, "structureGroup", "areas");
  const depth = readDepth(ctx);
  const names = path.split(/[\\/]/).filter((s) => s !== "");
  if (group === "iterations") {
    if (names.length > 0) throw nodeNotFound(path);
    return iterationRoot(env, project);
  }
  let node = project.areas;
  const trail: string[] = [];
  for (const name of names) {
    const child = node.children.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (!child) throw nodeNotFound(path);
    trail.push(child.name);
    node = child;
  }
  return nodeShape(env, project, "area", node, trail, depth);
}

const nodeNotFound = (path: string) =>
  notFound(`VS402485: The classification node '${path}' does not exist.`, "WorkItemTrackingTreeNodeNotFoundException");

/** WorkItemClassificationNode, with children down to `depth` levels. `trail`: the names below the root. */
function nodeShape(
  env: SandboxEnv,
  project: ProjectState,
  type: "area" | "iteration",
  node: AreaNode,
  trail: string[],
  depth: number,
): Record<string, unknown> {
  const group = type === "area" ? "Area" : "Iteration";
  const url = [
    `${env.orgUrl()}/${project.id}/_apis/wit/classificationNodes/${group}s`,
    ...trail.map(encodeURIComponent),
  ].join("/");
  const hasChildren = node.children.length > 0;
  return {
    id: node.id,
    identifier: node.identifier,
    name: node.name,
    structureType: wireEnum(STRUCTURE_TYPE, type),
    hasChildren,
    children:
      depth > 0 && hasChildren
        ? node.children.map((c) => nodeShape(env, project, type, c, [...trail, c.name], depth - 1))
        : undefined,
    path: ["", project.name, group, ...trail].join("\\"),
    _links: trail.length === 0 ? { self: { href: url } } : undefined,
    url,
  };
}

/**
 * The sandbox keeps no iterations, but every project has an iteration root and the service lists it beside the
 * area root; its id is one past the largest area id, so it never collides with an area.
 */
function iterationRoot(env: SandboxEnv, project: ProjectState): Record<string, unknown> {
  const maxId = (node: AreaNode): number => Math.max(node.id, ...node.children.map(maxId));
  const root: AreaNode = {
    id: maxId(project.areas) + 1,
    identifier: iterationIdentifier(project.id),
    name: project.name,
    children: [],
  };
  return nodeShape(env, project, "iteration", root, [], 0);
}

/** A stable GUID for the project's iteration root, derived from the project id. */
function iterationIdentifier(projectId: string): string {
  const hex = projectId
    .replace(/[^0-9a-f]/gi, "")
    .padEnd(32, "0")
    .slice(0, 32)
    .split("")
    .reverse()
    .join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Parameters

function readDepth(ctx: RequestContext): number {
  return readInteger(ctx.query.get("$depth"), "$depth") ?? 0;
}

function readInteger(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  if (!/^\d+$/.test(raw.trim()))
    throw badRequest(`The value '${raw}' is not valid for ${name}. It must be a non-negative whole number.`);
  return Number(raw);
}

function readId(raw: string): number {
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id <= 0)
    throw badRequest(`The value '${raw}' is not a valid work item id.`);
  return id;
}

/** An enum parameter by name (any casing) or by number, as the service binds them; returns the name. */
function readEnum(raw: unknown, table: EnumTable, parameter: string, fallback: string): string {
  if (raw === undefined || raw === null || raw === "") return fallback;
  const text = String(raw).trim().toLowerCase();
  for (const [name, value] of Object.entries(table)) {
    if (name.toLowerCase() === text || String(value) === text) return name;
  }
  throw badRequest(
    `The value '${String(raw)}' is not valid for ${parameter}. Valid values: ${Object.keys(table).join(", ")}.`,
  );
}
