import { mayReadWorkItems } from "../area-security";
import { badRequest } from "../http/errors";
import { RequestContext } from "../http/router";
import { RouteModule, SandboxEnv } from "../server";
import { Identity, SandboxState, WorkItem } from "../state";
import { revisionsOf } from "../work-item-writes";
import { requireProject } from "./refs";

/**
 * `GET {project}/_apis/wit/reporting/workitemrevisions`: every revision of every work item the caller may read,
 * in watermark order, a batch at a time. The continuation token is the last watermark served, so a client that
 * kept it reads only what was written since. `types` filters by work item type, `fields` by field;
 * `includeIdentityRef` answers identity fields as references rather than "Name <unique name>" strings;
 * `includeDeleted` adds the items in the recycle bin, whose last revision is their deletion. Long text fields
 * (HTML and plain text: a description, a record's terms) come only with `$expand=fields`, as the service serves them.
 */
export const witReportingRoutes: RouteModule = (router, env) => {
  router.add({
    method: "GET",
    template: "/{org}/{project}/_apis/wit/reporting/workitemrevisions",
    scope: "vso.work",
    handler: (ctx) => reportingRevisions(env, ctx),
  });
};

/** Revisions per batch unless `$maxPageSize` asks for fewer. */
export const REVISIONS_PER_BATCH = 1000;

function isIdentity(value: unknown): value is Identity {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === "string" && typeof v.uniqueName === "string";
}

function list(text: string | undefined): string[] | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  return text
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== "");
}

function reportingRevisions(env: SandboxEnv, ctx: RequestContext): unknown {
  const state: SandboxState = env.state();
  const project = requireProject(state, ctx);
  const token = ctx.query.get("continuationtoken");
  const after = token === undefined || token === "" ? 0 : Number(token);
  if (!Number.isSafeInteger(after) || after < 0)
    throw badRequest(`The continuation token '${token}' is not valid.`, "InvalidContinuationTokenException");
  const size = ctx.query.has("$maxpagesize") ? Number(ctx.query.get("$maxpagesize")) : REVISIONS_PER_BATCH;
  if (!Number.isInteger(size) || size < 1)
    throw badRequest("$maxPageSize must be a whole number of at least 1.", "ArgumentOutOfRangeException");
  const types = list(ctx.query.get("types"));
  const fields = list(ctx.query.get("fields"));
  const identityRef = /^true$/i.test(ctx.query.get("includeidentityref") ?? "");
  // Clients send the enum by name or, as the typed clients do, by number (Fields = 1).
  const expandFields = /^(fields|1)$/i.test(ctx.query.get("$expand") ?? "");
  const longText = new Set(
    state.fields.filter((f) => f.type === "html" || f.type === "plainText").map((f) => f.referenceName.toLowerCase()),
  );
  const served = (name: string) =>
    (!fields || fields.includes(name.toLowerCase())) && (expandFields || !longText.has(name.toLowerCase()));
  const inProject = (item: WorkItem) =>
    String(item.fields["System.TeamProject"] ?? "").toLowerCase() === project.name.toLowerCase();
  const includeDeleted = /^true$/i.test(ctx.query.get("includedeleted") ?? "");
  const items = [...state.workItems.values(), ...(includeDeleted ? (state.deletedWorkItems?.values() ?? []) : [])];
  const all = items
    .filter(inProject)
    .filter((item) => !types || types.includes(String(item.fields["System.WorkItemType"] ?? "").toLowerCase()))
    .filter((item) => mayReadWorkItems(state, ctx.identity?.id, item.fields["System.AreaPath"]))
    .flatMap((item) => revisionsOf(item).map((revision) => ({ item, revision })))
    .filter(({ revision }) => revision.watermark > after)
    .sort((a, b) => a.revision.watermark - b.revision.watermark);
  const batch = all.slice(0, Math.min(size, REVISIONS_PER_BATCH));
  const last = batch.length > 0 ? batch[batch.length - 1].revision.watermark : after;
  const isLastBatch = batch.length === all.length;
  const shapeValue = (value: unknown) =>
    isIdentity(value)
      ? identityRef
        ? { id: value.id, displayName: value.displayName, uniqueName: value.uniqueName }
        : `${value.displayName} <${value.uniqueName}>`
      : value;
  const continuationToken = String(last);
  return {
    values: batch.map(({ item, revision }) => ({
      id: item.id,
      rev: revision.rev,
      fields: Object.fromEntries(
        Object.entries(revision.fields)
          .filter(([name]) => served(name))
          .map(([name, value]) => [name, shapeValue(value)]),
      ),
    })),
    nextLink: `${env.orgUrl()}/${encodeURIComponent(project.name)}/_apis/wit/reporting/workItemRevisions?continuationToken=${continuationToken}&api-version=7.1`,
    continuationToken,
    isLastBatch,
  };
}
