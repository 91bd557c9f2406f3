import { randomUUID } from "node:crypto";
import { AdoError, badRequest, notFound } from "../http/errors";
import { RequestContext } from "../http/router";
import { RouteModule } from "../server";
import { ExtensionDocument, SandboxState } from "../state";

/**
 * Extension data (documents in collections), as the data storage service keeps them for an extension:
 * `__etag` optimistic concurrency (a stale etag fails; -1 writes whatever is there), 404 for a missing
 * collection or document. User-scoped collections are kept per caller.
 */
const BASE =
  "/{org}/_apis/ExtensionManagement/InstalledExtensions/{publisher}/{extension}/Data/Scopes/{scopeType}/{scopeValue}/Collections/{collection}/Documents";

export const extensionDataRoutes: RouteModule = (router, env) => {
  const read = "vso.extension.data";
  const write = "vso.extension.data_write";
  router
    .add({
      method: "GET",
      template: BASE,
      scope: read,
      handler: (ctx) => [...requireCollection(env.state(), ctx).values()].map(toWire),
    })
    .add({
      method: "GET",
      template: `${BASE}/{documentId}`,
      scope: read,
      handler: (ctx) => toWire(requireDocument(requireCollection(env.state(), ctx), ctx.params.documentId)),
    })
    .add({ method: "POST", template: BASE, scope: write, handler: (ctx) => create(env.state(), ctx) })
    .add({ method: "PUT", template: BASE, scope: write, handler: (ctx) => upsert(env.state(), ctx, false) })
    .add({ method: "PATCH", template: BASE, scope: write, handler: (ctx) => upsert(env.state(), ctx, true) })
    .add({
      method: "DELETE",
      template: `${BASE}/{documentId}`,
      scope: write,
      handler: (ctx) => {
        const docs = requireCollection(env.state(), ctx);
        requireDocument(docs, ctx.params.documentId);
        docs.delete(ctx.params.documentId.toLowerCase());
        return undefined;
      },
    });
};

function collectionKey(ctx: RequestContext): string {
  const { publisher, extension, scopeType, scopeValue, collection } = ctx.params;
  const type = scopeType.toLowerCase();
  if (type !== "default" && type !== "user")
    throw badRequest(`The scope type "${scopeType}" is not valid: use Default or User.`);
  // "Me" and "Current" name the caller's own user scope / the collection's default scope.
  const value = type === "user" && /^(me|current)$/i.test(scopeValue) ? (ctx.identity?.id ?? "anonymous") : scopeValue;
  return [`${publisher}.${extension}`, type, value, collection].join("|").toLowerCase();
}

function requireCollection(state: SandboxState, ctx: RequestContext): Map<string, ExtensionDocument> {
  const docs = state.extensionData.get(collectionKey(ctx));
  if (!docs) {
    throw notFound(
      `The collection '${ctx.params.collection}' does not exist.`,
      "DocumentCollectionDoesNotExistException",
    );
  }
  return docs;
}

function requireDocument(docs: Map<string, ExtensionDocument>, id: string): ExtensionDocument {
  const doc = docs.get(id.toLowerCase());
  if (!doc) throw notFound(`The document '${id}' does not exist.`, "DocumentDoesNotExistException");
  return doc;
}

function toWire(doc: ExtensionDocument): Record<string, unknown> {
  return { ...doc.value, id: doc.id, __etag: doc.etag };
}

interface IncomingDocument {
  id: string;
  etag: number | undefined;
  value: Record<string, unknown>;
}

function incoming(body: unknown, generateId: boolean): IncomingDocument {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw badRequest("The document must be a JSON object.", "InvalidDocumentException");
  }
  const { id, __etag, ...value } = body as Record<string, unknown>;
  if (id !== undefined && (typeof id !== "string" || id.trim() === ""))
    throw badRequest("A document id must be a non-empty string.", "InvalidDocumentException");
  if (__etag !== undefined && typeof __etag !== "number" && typeof __etag !== "string")
    throw badRequest("__etag must be a number.", "InvalidDocumentException");
  const etag = __etag === undefined ? undefined : Number(__etag);
  if (etag !== undefined && !Number.isInteger(etag))
    throw badRequest("__etag must be a whole number.", "InvalidDocumentException");
  const docId = (id as string | undefined) ?? (generateId ? randomUUID() : undefined);
  if (!docId) throw badRequest("The document has no id.", "InvalidDocumentException");
  return { id: docId, etag, value };
}

function collectionFor(state: SandboxState, ctx: RequestContext): Map<string, ExtensionDocument> {
  const key = collectionKey(ctx);
  let docs = state.extensionData.get(key);
  if (!docs) state.extensionData.set(key, (docs = new Map()));
  return docs;
}

function create(state: SandboxState, ctx: RequestContext): Record<string, unknown> {
  const doc = incoming(ctx.body, true);
  const docs = collectionFor(state, ctx);
  if (docs.has(doc.id.toLowerCase())) {
    throw new AdoError(
      409,
      `A document with id '${doc.id}' already exists in the collection.`,
      "DocumentExistsException",
    );
  }
  const stored: ExtensionDocument = { id: doc.id, etag: 1, value: doc.value };
  docs.set(doc.id.toLowerCase(), stored);
  return toWire(stored);
}

/** PUT (set) creates or replaces; PATCH (update) requires the document. Both check `__etag` unless it is -1. */
function upsert(state: SandboxState, ctx: RequestContext, mustExist: boolean): Record<string, unknown> {
  const doc = incoming(ctx.body, !mustExist);
  const docs = mustExist ? requireCollection(state, ctx) : collectionFor(state, ctx);
  const existing = docs.get(doc.id.toLowerCase());
  if (!existing && mustExist)
    throw notFound(`The document '${doc.id}' does not exist.`, "DocumentDoesNotExistException");
  const currentEtag = existing?.etag ?? 0;
  // No __etag means "I expect no document yet"; -1 means last writer wins.
  const expected = doc.etag ?? 0;
  if (expected !== -1 && expected !== currentEtag) {
    throw new AdoError(
      409,
      `The document '${doc.id}' has been modified: expected version ${expected}, current version ${currentEtag}.`,
      "InvalidDocumentVersionException",
    );
  }
  const stored: ExtensionDocument = { id: existing?.id ?? doc.id, etag: currentEtag + 1, value: doc.value };
  docs.set(stored.id.toLowerCase(), stored);
  return toWire(stored);
}
