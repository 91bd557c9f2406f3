import { AdoRequestError } from "./errors";
import { AdoPort } from "./port";

/** How a request relates to others: a continuation (the next page of a list being read) goes first. */
export interface CallOptions {
  continuation?: boolean;
}

/** Runs one port request: the resilient caller (resilience.ts) bounds concurrency and retries. */
export type Caller = <T>(operation: string, fn: () => Promise<T>, options?: CallOptions) => Promise<T>;

/**
 * The read was cancelled by its caller (e.g. the user left the page or asked for a fresh read): no request is sent
 * after it, and nothing read so far is assessed. Not a failure to report.
 */
export class ReadCancelledError extends Error {
  override readonly name = "ReadCancelledError";
  constructor() {
    super("The read was cancelled.");
  }
}

/** Sizes the reader pages and batches by; the defaults are the service's limits. */
export interface ReaderLimits {
  /** `$top` of each partitioned WIQL query; below the service's cap of 20,000 (VS402337). Default 19,999. */
  wiqlPageSize?: number;
  /** Work items per batch request; at most 200 (VS403474). Default 200. */
  workItemBatchSize?: number;
}

export interface ReaderDeps {
  port: AdoPort;
  /** Project name (or id) every request is made in. */
  project: string;
  /** Every port request goes through it, named by its operation (`GET testplan/Plans/12/Suites/40/TestPoint`). */
  call: Caller;
  limits?: ReaderLimits;
}

export const DEFAULT_WIQL_PAGE_SIZE = 19_999;
export const MAX_WORK_ITEM_BATCH = 200;

export function resolvedLimits(limits: ReaderLimits | undefined): Required<ReaderLimits> {
  const wiqlPageSize = Math.floor(limits?.wiqlPageSize ?? DEFAULT_WIQL_PAGE_SIZE);
  const workItemBatchSize = Math.floor(limits?.workItemBatchSize ?? MAX_WORK_ITEM_BATCH);
  if (!(wiqlPageSize >= 1 && wiqlPageSize < 20_000)) throw new RangeError("wiqlPageSize must be 1–19,999");
  if (!(workItemBatchSize >= 1 && workItemBatchSize <= MAX_WORK_ITEM_BATCH))
    throw new RangeError("workItemBatchSize must be 1–200");
  return { wiqlPageSize, workItemBatchSize };
}

/**
 * A refused token or a missing permission applies to every request of a read: the reader stops and rethrows it
 * (the user must fix the token), rather than reporting every participant-role as incomplete.
 */
export function isFatal(error: unknown): error is AdoRequestError {
  return error instanceof AdoRequestError && (error.kind === "unauthenticated" || error.kind === "forbidden");
}

/** `GET testplan/Plans/12 failed: <cause>`: names the operation and the cause, never a secret. */
export function describeFailure(operation: string, error: unknown): string {
  const cause = error instanceof Error ? error.message : String(error);
  return `${operation} failed: ${cause}`;
}
