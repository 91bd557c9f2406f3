import { AdoPort, DocumentAddress, StoredDocument } from "./port";
import { AdoRequestError } from "./errors";

/**
 * Optimistic-concurrency plumbing over extension data, used by every store collection: read a document (absent is
 * an answer, not an error), and update one by read → pure mutation → write with the read `__etag`, re-reading and
 * re-applying the mutation when another writer got there first. Only commuting changes may use `updateDocument`;
 * a change that must not be re-applied (settings edited from a base version) writes once and reports the conflict.
 */

/** What a mutation decides for the document it was shown (undefined: there is none yet). */
export type Mutation<R> =
  /** Write this body (id and `__etag` are supplied); `result` is returned once the write lands. */
  | { write: Record<string, unknown>; result: R }
  /** Write nothing and return this (e.g. the change was refused, or it is already there). */
  | { stop: R };

export type UpdateOutcome<R> =
  | { kind: "done"; result: R; etag: number | undefined; attempts: number; wrote: boolean }
  /** Every attempt met a newer version: the change was not written. */
  | { kind: "conflict"; attempts: number; message: string };

export interface UpdateOptions {
  maxAttempts: number;
  /** Waits before re-reading after a conflict (jittered by the store), so colliding writers spread out. */
  pause: (attempt: number) => Promise<void>;
}

/** A document, or undefined when it (or its whole collection) does not exist yet. Other failures throw. */
export async function readDocument(
  port: AdoPort,
  address: DocumentAddress,
  id: string,
): Promise<StoredDocument | undefined> {
  try {
    return (await port.getDocument(address, id)) ?? undefined;
  } catch (error) {
    if (error instanceof AdoRequestError && error.kind === "not-found") return undefined;
    throw error;
  }
}

/** Every document of a collection; an absent collection is empty. Other failures throw. */
export async function readCollection(port: AdoPort, address: DocumentAddress): Promise<StoredDocument[]> {
  try {
    return await port.listDocuments(address);
  } catch (error) {
    if (error instanceof AdoRequestError && error.kind === "not-found") return [];
    throw error;
  }
}

export const isConflict = (error: unknown): boolean => error instanceof AdoRequestError && error.kind === "conflict";

/**
 * Writes `body` as document `id` only if the stored version is still `etag` (undefined: only if there is none).
 * Returns the new etag, or "conflict" when another writer changed (or created) it meanwhile.
 */
export async function writeIfUnchanged(
  port: AdoPort,
  address: DocumentAddress,
  id: string,
  body: Record<string, unknown>,
  etag: number | undefined,
): Promise<{ etag: number | undefined } | "conflict"> {
  const doc: StoredDocument = { ...body, id };
  if (etag !== undefined) doc.__etag = etag;
  else delete doc.__etag;
  try {
    const saved = await port.setDocument(address, doc);
    return { etag: typeof saved.__etag === "number" ? saved.__etag : undefined };
  } catch (error) {
    if (isConflict(error)) return "conflict";
    throw error;
  }
}

/**
 * Applies a commuting change: read, mutate, write with the etag read; on a conflict, read the newer version and
 * apply the mutation to it again, up to `maxAttempts` writes. The mutation must be pure: it runs once per attempt.
 */
export async function updateDocument<R>(
  port: AdoPort,
  address: DocumentAddress,
  id: string,
  mutate: (current: StoredDocument | undefined) => Mutation<R>,
  options: UpdateOptions,
): Promise<UpdateOutcome<R>> {
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    const current = await readDocument(port, address, id);
    const decision = mutate(current);
    if ("stop" in decision) {
      return { kind: "done", result: decision.stop, etag: current?.__etag, attempts: attempt, wrote: false };
    }
    const written = await writeIfUnchanged(port, address, id, decision.write, current?.__etag);
    if (written !== "conflict") {
      return { kind: "done", result: decision.result, etag: written.etag, attempts: attempt, wrote: true };
    }
    if (attempt < options.maxAttempts) await options.pause(attempt);
  }
  return {
    kind: "conflict",
    attempts: options.maxAttempts,
    message: `Document '${id}' in '${address.collection}' kept changing under us: ${options.maxAttempts} attempts met a newer version. Nothing was written; try again.`,
  };
}
