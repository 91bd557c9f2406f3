/**
 * Creating and updating work items as the service does (`POST …/wit/workitems/$Type`, `PATCH …/wit/workitems/{id}`,
 * JSON Patch): the fields the service stamps — who created and changed the item, when, its id and revision — are
 * set by the server from the authenticated caller, never taken from the request, except with `bypassRules=true`
 * from an identity that holds "Bypass rules on work item updates". A write under an area the caller may not edit
 * ("Edit work items in this node") is refused; an item the caller may not read answers as missing. Every write
 * keeps a revision, which the reporting revisions API serves (routes/wit-reporting.ts).
 */
import { randomUUID } from "node:crypto";
import { WORK_ITEM_WRITE, mayReadWorkItems } from "./area-security";
import { AdoError, badRequest, notFound } from "./http/errors";
import {
  Attachment,
  Identity,
  ProjectState,
  SandboxState,
  WorkItem,
  WorkItemRelation,
  WorkItemRevision,
} from "./state";

/** Fields the service sets itself on every write. */
const STAMPED = new Set(
  [
    "System.Id",
    "System.Rev",
    "System.CreatedBy",
    "System.CreatedDate",
    "System.ChangedBy",
    "System.ChangedDate",
    "System.AuthorizedAs",
    "System.AuthorizedDate",
    "System.RevisedDate",
    "System.Watermark",
    "System.TeamProject",
    "System.WorkItemType",
    "System.IsDeleted",
  ].map((f) => f.toLowerCase()),
);
/** Of those, what a bypass-rules holder may set (history imports): never the id or the revision. */
const SETTABLE_WITH_BYPASS = new Set(
  ["System.CreatedBy", "System.CreatedDate", "System.ChangedBy", "System.ChangedDate"].map((f) => f.toLowerCase()),
);

export interface PatchOperation {
  op: string;
  path: string;
  value?: unknown;
}

export interface WriteContext {
  caller: Identity;
  bypassRules: boolean;
  now: Date;
}

function parsePatch(body: unknown): PatchOperation[] {
  if (!Array.isArray(body) || body.length === 0)
    throw badRequest(
      "You must pass a valid patch document in the body of the request.",
      "VssPropertyValidationException",
    );
  return body.map((raw) => {
    const op = raw as Partial<PatchOperation> | null;
    if (!op || typeof op.op !== "string" || typeof op.path !== "string")
      throw badRequest("Each patch operation needs op and path.", "VssPropertyValidationException");
    const isRelation = op.op.toLowerCase() === "add" && op.path === "/relations/-";
    if (
      !isRelation &&
      (!["add", "replace", "remove"].includes(op.op.toLowerCase()) || !op.path.toLowerCase().startsWith("/fields/"))
    )
      // The sandbox writes fields and adds relations: removing a relation and `test` operations are not played.
      throw badRequest(`The sandbox does not play the patch operation ${op.op} ${op.path}.`);
    return { op: op.op.toLowerCase(), path: op.path, value: op.value };
  });
}

function mayEditWorkItems(state: SandboxState, identityId: string, areaPath: unknown): boolean {
  if (typeof areaPath !== "string") return true;
  const path = areaPath.toLowerCase();
  return !state.areaDenies.some(
    (d) =>
      d.identityId === identityId &&
      (d.permissions & WORK_ITEM_WRITE) !== 0 &&
      (path === d.areaPath.toLowerCase() || path.startsWith(`${d.areaPath.toLowerCase()}\\`)),
  );
}

const cannotSave = () =>
  new AdoError(
    403,
    "TF237111: The current user does not have permissions to save work items under the specified area path.",
    "WorkItemTrackingSecurityException",
  );

/** Ids are never reused, not even those of items in the recycle bin. */
function highestId(state: SandboxState): number {
  return Math.max(0, ...state.workItems.keys(), ...(state.deletedWorkItems?.keys() ?? []));
}

function nextWatermark(state: SandboxState): number {
  if (state.nextWatermark === undefined) state.nextWatermark = highestId(state) + 1;
  return state.nextWatermark++;
}

/** The item's revisions so far: written ones, or its current fields as its one revision. */
export function revisionsOf(item: WorkItem): WorkItemRevision[] {
  return item.revisions ?? [{ rev: item.rev, watermark: item.id, fields: { ...item.fields } }];
}

/** An identity field written as text (`name@example.org` or `Name <name@example.org>`), as the service resolves it. */
function identityOf(state: SandboxState, value: unknown): unknown {
  if (typeof value !== "string") return value;
  const key = (/<([^>]+)>\s*$/.exec(value)?.[1] ?? value).trim().toLowerCase();
  const known = [...(state.directory ?? []), ...[...state.tokens.values()].map((g) => g.identity)].find(
    (i) => i.uniqueName.toLowerCase() === key || i.id.toLowerCase() === key,
  );
  if (!known) throw badRequest(`TF401320: ${value} is not a known identity.`, "WorkItemFieldInvalidException");
  return { ...known };
}

/** An `AttachedFile` relation must name an uploaded attachment; other links are kept as given. */
function relationOf(state: SandboxState, value: unknown): WorkItemRelation {
  const v = value as Partial<WorkItemRelation> | null;
  if (!v || typeof v.rel !== "string" || typeof v.url !== "string")
    throw badRequest("A relation needs rel and url.", "VssPropertyValidationException");
  const attributes: Record<string, unknown> = { ...(v.attributes ?? {}) };
  if (v.rel === "AttachedFile") {
    const id = /\/_apis\/wit\/attachments\/([0-9a-f-]+)/i.exec(v.url)?.[1];
    const attachment = id ? state.attachments?.get(id.toLowerCase()) : undefined;
    if (!attachment) throw badRequest(`TF401308: The attachment ${v.url} does not exist.`);
    Object.assign(attributes, { id: attachment.id, name: attachment.fileName, resourceSize: attachment.bytes.length });
  }
  return { rel: v.rel, url: v.url, attributes };
}

function apply(
  state: SandboxState,
  fields: Record<string, unknown>,
  operations: PatchOperation[],
  context: WriteContext,
  relations: WorkItemRelation[] = [],
): void {
  const known = new Map(state.fields.map((f) => [f.referenceName.toLowerCase(), f.referenceName]));
  const bypass = context.bypassRules && (state.bypassRulesHolders ?? []).includes(context.caller.id);
  if (context.bypassRules && !bypass)
    throw new AdoError(
      403,
      `${context.caller.displayName} does not have the permission "Bypass rules on work item updates".`,
      "WorkItemTrackingSecurityException",
    );
  const identityTyped = new Set(state.fields.filter((f) => f.type === "identity").map((f) => f.referenceName));
  for (const op of operations) {
    if (op.path === "/relations/-") {
      relations.push(relationOf(state, op.value));
      continue;
    }
    const name = op.path.slice("/fields/".length);
    const referenceName = known.get(name.toLowerCase());
    if (!referenceName) throw badRequest(`TF51535: Cannot find field ${name}.`, "WorkItemFieldInvalidException");
    if (STAMPED.has(referenceName.toLowerCase()) && !(bypass && SETTABLE_WITH_BYPASS.has(referenceName.toLowerCase())))
      throw badRequest(`The field ${referenceName} is read-only: the service sets it.`);
    if (op.op === "remove") delete fields[referenceName];
    else fields[referenceName] = identityTyped.has(referenceName) ? identityOf(state, op.value) : op.value;
  }
}

function keepRevision(state: SandboxState, item: WorkItem, previous: WorkItemRevision[]): void {
  item.revisions = [...previous, { rev: item.rev, watermark: nextWatermark(state), fields: { ...item.fields } }];
}

/** `POST {project}/_apis/wit/workitems/$Type`. */
export function createWorkItem(
  state: SandboxState,
  project: ProjectState,
  typeName: string,
  body: unknown,
  context: WriteContext,
): WorkItem {
  const type = project.workItemTypes.find((t) => t.name.toLowerCase() === typeName.toLowerCase());
  if (!type)
    throw notFound(
      `TF201077: Work item type ${typeName} does not exist in ${project.name}.`,
      "WorkItemTypeNotFoundException",
    );
  const operations = parsePatch(body);
  const at = context.now.toISOString();
  const fields: Record<string, unknown> = {
    "System.AreaPath": project.areas.name,
    "System.IterationPath": project.name,
    "System.State": type.states[0]?.name ?? "New",
    "System.Reason": "New",
  };
  const relations: WorkItemRelation[] = [];
  apply(state, fields, operations, context, relations);
  if (!mayEditWorkItems(state, context.caller.id, fields["System.AreaPath"])) throw cannotSave();
  const id = highestId(state) + 1;
  const item: WorkItem = {
    id,
    rev: 1,
    fields: {
      ...fields,
      "System.Id": id,
      "System.Rev": 1,
      "System.TeamProject": project.name,
      "System.WorkItemType": type.name,
      "System.CreatedBy": fields["System.CreatedBy"] ?? { ...context.caller },
      "System.CreatedDate": fields["System.CreatedDate"] ?? at,
      "System.ChangedBy": fields["System.ChangedBy"] ?? { ...context.caller },
      "System.ChangedDate": fields["System.ChangedDate"] ?? at,
      "System.AuthorizedAs": { ...context.caller },
    },
  };
  if (!Object.keys(item.fields).includes("System.Title") || String(item.fields["System.Title"] ?? "").trim() === "")
    throw badRequest(
      "TF401320: Rule Error for field Title. Error code: Required, HasValues, LimitedToValues, AllowsOldValue, InvalidEmpty.",
    );
  if (relations.length > 0) item.relations = relations;
  state.workItems.set(id, item);
  keepRevision(state, item, []);
  return item;
}

/** The item, if the caller may read it (else it answers as missing) and edit it where it is. */
function editableItem(state: SandboxState, id: number, context: WriteContext): WorkItem {
  const item = state.workItems.get(id);
  if (!item || !mayReadWorkItems(state, context.caller.id, item.fields["System.AreaPath"]))
    throw notFound(
      `TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`,
      "WorkItemUnauthorizedAccessException",
    );
  if (!mayEditWorkItems(state, context.caller.id, item.fields["System.AreaPath"])) throw cannotSave();
  return item;
}

/** `PATCH _apis/wit/workitems/{id}`. */
export function updateWorkItem(state: SandboxState, id: number, body: unknown, context: WriteContext): WorkItem {
  const item = editableItem(state, id, context);
  const operations = parsePatch(body);
  const previous = revisionsOf(item);
  const fields = { ...item.fields };
  const relations = [...(item.relations ?? [])];
  apply(state, fields, operations, context, relations);
  if (!mayEditWorkItems(state, context.caller.id, fields["System.AreaPath"])) throw cannotSave();
  if (relations.length > 0) item.relations = relations;
  const rev = item.rev + 1;
  const at = context.now.toISOString();
  item.fields = {
    ...fields,
    "System.Rev": rev,
    "System.ChangedBy": operations.some((o) => o.path.toLowerCase() === "/fields/system.changedby")
      ? fields["System.ChangedBy"]
      : { ...context.caller },
    "System.ChangedDate": operations.some((o) => o.path.toLowerCase() === "/fields/system.changeddate")
      ? fields["System.ChangedDate"]
      : at,
    "System.AuthorizedAs": { ...context.caller },
  };
  item.rev = rev;
  keepRevision(state, item, previous);
  return item;
}

/**
 * `DELETE _apis/wit/workitems/{id}` (to the recycle bin, as the service does without `destroy`): the item leaves
 * queries and reads, and its deletion is kept as a revision stamped with who deleted it (`System.IsDeleted` true),
 * which the reporting revisions API serves with `includeDeleted=true`. Contributors may delete work items by default
 * ("Delete and restore work items"), so the sandbox lets anyone who may edit the item's area delete it.
 */
export function deleteWorkItem(state: SandboxState, id: number, context: WriteContext): WorkItem {
  const item = editableItem(state, id, context);
  const previous = revisionsOf(item);
  const rev = item.rev + 1;
  const at = context.now.toISOString();
  item.fields = {
    ...item.fields,
    "System.Rev": rev,
    "System.IsDeleted": true,
    "System.ChangedBy": { ...context.caller },
    "System.ChangedDate": at,
    "System.AuthorizedAs": { ...context.caller },
  };
  item.rev = rev;
  keepRevision(state, item, previous);
  state.workItems.delete(id);
  (state.deletedWorkItems ??= new Map()).set(id, item);
  return item;
}

/** `POST {project}/_apis/wit/attachments?fileName=…`: the bytes as given, under a new id. */
export function uploadAttachment(state: SandboxState, fileName: string, bytes: Buffer, caller: Identity): Attachment {
  if (fileName.trim() === "") throw badRequest("The attachment needs a fileName.", "ArgumentException");
  const id = randomUUID();
  const attachment: Attachment = { id, fileName, bytes: Buffer.from(bytes), uploadedBy: caller.id };
  (state.attachments ??= new Map()).set(id, attachment);
  return attachment;
}
