/**
 * Small pieces both adapters share: reading bodies, unwrapping lists, and keeping secrets out of messages.
 */
import { AdoRequestError } from "./errors";
import {
  AttachedFile,
  AttachmentLink,
  DocumentAddress,
  PermissionCheck,
  RawRevision,
  RawWorkItem,
  RevisionBatch,
  TeamMember,
} from "./port";

/** Parses a JSON body; a body cut short (or not JSON) is a network failure, retryable, never "no data". */
export function parseJson(text: string, operation: string, status?: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AdoRequestError("network", `Azure DevOps sent an incomplete or unreadable response at ${operation}.`, {
      status,
      operation,
    });
  }
}

/** `{count, value: [...]}` or a bare array (noArrayWrap) → the array; anything else is a malformed answer. */
export function listOf<T>(body: unknown, operation: string): T[] {
  if (Array.isArray(body)) return body as T[];
  const value = (body as { value?: unknown } | null)?.value;
  if (Array.isArray(value)) return value as T[];
  throw new AdoRequestError("network", `Azure DevOps sent a malformed list at ${operation}.`, { operation });
}

/** The route's scope value: the collection's default scope is "Current", the caller's own user scope "Me". */
export function scopeValueOf(address: DocumentAddress): string {
  return address.scopeType === "User" ? "Me" : "Current";
}

/** Replaces every occurrence of a secret (and its Basic-auth encodings) with `***`. */
export function scrub(text: string, secret: string | undefined): string {
  if (!secret) return text;
  const forms = [secret, safeBase64(`:${secret}`), safeBase64(`PAT:${secret}`)].filter((f): f is string => !!f);
  return forms.reduce((out, form) => out.split(form).join("***"), text);
}

function safeBase64(text: string): string | undefined {
  try {
    return btoa(text);
  } catch {
    return undefined; // not Latin-1: it cannot have been sent as Basic auth in this form
  }
}

/** Returns an error equal to `error` but with any secret removed from its message. */
export function scrubError(error: AdoRequestError, secret: string | undefined): AdoRequestError {
  const message = scrub(error.message, secret);
  return message === error.message ? error : new AdoRequestError(error.kind, message, error.details);
}

/** The extension whose data documents a port reads and writes. */
export interface ExtensionIdentity {
  publisher: string;
  id: string;
}

/** Service type keys that mean "no such document" or "no such collection". */
export const DOCUMENT_MISSING = "DocumentDoesNotExistException";
export const COLLECTION_MISSING = "DocumentCollectionDoesNotExistException";

/** A not-found whose service type key is one of `typeKeys`. */
export function isMissing(error: unknown, typeKeys: string[]): boolean {
  return (
    error instanceof AdoRequestError &&
    error.kind === "not-found" &&
    error.details.typeKey !== undefined &&
    typeKeys.includes(error.details.typeKey)
  );
}

export function assertBatchSize(ids: number[]): void {
  if (ids.length > 200)
    throw new RangeError(`getWorkItems takes at most 200 ids a call (VS403474); it was given ${ids.length}.`);
}

/** Permission checks per evaluation batch: the product's own bound, like the work item batches'. */
export const MAX_PERMISSION_CHECKS = 200;

/** The evaluation batch body both adapters send. */
export function permissionBatchBody(checks: readonly PermissionCheck[]): unknown {
  if (checks.length > MAX_PERMISSION_CHECKS)
    throw new RangeError(
      `evaluatePermissions takes at most ${MAX_PERMISSION_CHECKS} checks a call; it was given ${checks.length}.`,
    );
  return {
    alwaysAllowAdministrators: false,
    evaluations: checks.map((c) => ({
      securityNamespaceId: c.namespaceId,
      token: c.token,
      permissions: c.permissions,
    })),
  };
}

/**
 * The answers, in the order asked. An answer that does not match what was asked (another count, token or a value
 * that is not a boolean) is malformed: a permission not read is never taken as granted.
 */
export function permissionBatchAnswers(
  body: unknown,
  checks: readonly PermissionCheck[],
  operation: string,
): boolean[] {
  const evaluations = (body as { evaluations?: unknown } | undefined)?.evaluations;
  const malformed = () =>
    new AdoRequestError("network", `Azure DevOps sent a malformed answer at ${operation}.`, { operation });
  if (!Array.isArray(evaluations) || evaluations.length !== checks.length) throw malformed();
  return evaluations.map((e, i) => {
    const answer = e as { token?: unknown; value?: unknown } | null;
    if (!answer || typeof answer.value !== "boolean") throw malformed();
    if (typeof answer.token === "string" && answer.token.toLowerCase() !== checks[i].token.toLowerCase())
      throw malformed();
    return answer.value;
  });
}

/** The JSON Patch document that sets each field (`add` replaces a value that is there). */
export function fieldsPatch(
  fields: Record<string, unknown>,
  attachments: readonly AttachmentLink[] = [],
): { op: "add"; path: string; value: unknown }[] {
  return [
    ...Object.entries(fields).map(([name, value]) => ({ op: "add" as const, path: `/fields/${name}`, value })),
    ...attachments.map((a) => ({
      op: "add" as const,
      path: "/relations/-",
      value: { rel: "AttachedFile", url: a.url, attributes: a.comment ? { comment: a.comment } : {} },
    })),
  ];
}

/** An attachment reference as the upload answers it (`{ id, url }`). */
export function attachmentOf(body: unknown, operation: string): AttachmentLink {
  const a = body as { id?: unknown; url?: unknown } | undefined;
  if (!a || typeof a.id !== "string" || typeof a.url !== "string")
    throw new AdoRequestError("network", `Azure DevOps sent a malformed answer at ${operation}.`, { operation });
  return { id: a.id, url: a.url };
}

/** The `AttachedFile` relations of a work item read with `$expand=relations`. */
export function attachedFilesOf(body: unknown, operation: string): AttachedFile[] {
  const item = body as { relations?: unknown } | undefined;
  if (!item || typeof item !== "object")
    throw new AdoRequestError("network", `Azure DevOps sent a malformed answer at ${operation}.`, { operation });
  const relations = Array.isArray(item.relations) ? item.relations : [];
  return relations
    .map((r) => r as { rel?: unknown; url?: unknown; attributes?: Record<string, unknown> })
    .filter((r) => r.rel === "AttachedFile" && typeof r.url === "string")
    .map((r) => {
      const url = r.url as string;
      const comment = r.attributes?.comment;
      return {
        id: url.split("/").pop()!.split("?")[0],
        url,
        name: typeof r.attributes?.name === "string" ? r.attributes.name : "",
        ...(typeof comment === "string" && comment !== "" ? { comment } : {}),
      };
    });
}

/** A reporting revisions batch, checked: a batch without its list or its last-batch flag is not "no revisions". */
export function revisionBatchOf(body: unknown, operation: string): RevisionBatch {
  const b = body as { values?: unknown; continuationToken?: unknown; isLastBatch?: unknown } | undefined;
  const malformed = () =>
    new AdoRequestError("network", `Azure DevOps sent a malformed answer at ${operation}.`, { operation });
  if (!b || !Array.isArray(b.values) || typeof b.isLastBatch !== "boolean") throw malformed();
  const items = b.values.map((v) => {
    const r = v as Partial<RawRevision> | null;
    if (!r || !Number.isInteger(r.id) || !Number.isInteger(r.rev) || typeof r.fields !== "object" || r.fields === null)
      throw malformed();
    return { id: r.id as number, rev: r.rev as number, fields: r.fields as Record<string, unknown> };
  });
  const token = typeof b.continuationToken === "string" && b.continuationToken !== "" ? b.continuationToken : undefined;
  if (!b.isLastBatch && token === undefined) throw malformed();
  return token === undefined
    ? { items, isLastBatch: b.isLastBatch }
    : { items, continuationToken: token, isLastBatch: b.isLastBatch };
}

/** A written work item, checked. */
export function writtenWorkItem(body: unknown, operation: string): RawWorkItem {
  const item = body as Partial<RawWorkItem> | undefined;
  if (!item || !Number.isInteger(item.id) || typeof item.fields !== "object" || item.fields === null)
    throw new AdoRequestError("network", `Azure DevOps sent a malformed answer at ${operation}.`, { operation });
  return item as RawWorkItem;
}

/** The authenticated user of a connectionData answer: its id, display name and sign-in name (the Account property). */
export function authenticatedUserOf(
  body: unknown,
  operation: string,
): { id: string; displayName: string; uniqueName?: string } {
  const user = (body as { authenticatedUser?: Record<string, unknown> } | undefined)?.authenticatedUser;
  if (!user || typeof user.id !== "string" || user.id === "")
    throw new AdoRequestError("network", `Azure DevOps sent a malformed answer at ${operation}.`, { operation });
  const account = (user.properties as { Account?: { $value?: unknown } } | undefined)?.Account?.$value;
  const displayName =
    typeof user.providerDisplayName === "string"
      ? user.providerDisplayName
      : typeof account === "string"
        ? account
        : user.id;
  return typeof account === "string" ? { id: user.id, displayName, uniqueName: account } : { id: user.id, displayName };
}

/** A page of team members (`{ value: [{ isTeamAdmin, identity }] }`, or the bare array a typed client returns). */
export function teamMembersOf(body: unknown, operation: string): TeamMember[] {
  const list = Array.isArray(body) ? body : (body as { value?: unknown } | undefined)?.value;
  if (!Array.isArray(list))
    throw new AdoRequestError("network", `Azure DevOps sent a malformed answer at ${operation}.`, { operation });
  return list.map((raw) => {
    const entry = raw as { isTeamAdmin?: unknown; identity?: Record<string, unknown> } | null;
    const identity = entry?.identity;
    if (!identity || typeof identity.id !== "string" || identity.id === "")
      throw new AdoRequestError("network", `Azure DevOps sent a team member without an id at ${operation}.`, {
        operation,
      });
    return {
      id: identity.id,
      ...(typeof identity.displayName === "string" ? { displayName: identity.displayName } : {}),
      ...(typeof identity.uniqueName === "string" ? { uniqueName: identity.uniqueName } : {}),
      isTeamAdmin: entry.isTeamAdmin === true,
    };
  });
}
