/**
 * Small pieces both adapters share: reading bodies, unwrapping lists, and keeping secrets out of messages.
 */
import { AdoRequestError } from "./errors";
import { DocumentAddress } from "./port";

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
