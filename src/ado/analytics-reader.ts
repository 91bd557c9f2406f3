/**
 * Reads one Analytics query to its last row: the GET, or a `$batch` POST when the URL would pass the service's
 * 3,000-character limit; every `@odata.nextLink` page after it (a page holds at most 10,000 rows). Each request
 * goes through the caller (bounded concurrency, retries, Retry-After). A next link that leaves the project's
 * Analytics root is refused rather than followed: the token must never be sent anywhere else.
 */
import { AdoRequestError } from "./errors";
import { AnalyticsEndpoint, AnalyticsQuery, MAX_GET_URL_LENGTH, analyticsOperation, queryUrl } from "./odata";
import { AdoPort } from "./port";
import { Caller } from "./reader-deps";

export interface AnalyticsDeps {
  port: AdoPort;
  call: Caller;
}

/** More rows than any aggregated query of one participant-role gives: a bigger answer is a query gone wrong. */
export const MAX_ANALYTICS_ROWS = 200_000;

export interface AnalyticsRead {
  rows: Record<string, unknown>[];
  /** Requests made: the first, and one per next page. */
  requests: number;
  /** Whether the query went as a `$batch` POST. */
  batched: boolean;
}

export async function readAnalytics(
  deps: AnalyticsDeps,
  endpoint: AnalyticsEndpoint,
  query: AnalyticsQuery,
): Promise<AnalyticsRead> {
  const { base } = endpoint;
  const url = queryUrl(base, query);
  const operation = analyticsOperation("GET", url);
  const batched = url.length > MAX_GET_URL_LENGTH;
  // A next link carries the whole query too: one that is too long for a GET goes as a $batch like the first.
  const get = (target: string) =>
    target.length > MAX_GET_URL_LENGTH
      ? deps.port.batchAnalytics(endpoint.batch, target)
      : deps.port.getAnalytics(target);
  let page = await deps.call(operation, () => get(url));
  const rows: Record<string, unknown>[] = [];
  let requests = 1;
  const seen = new Set<string>();
  for (;;) {
    for (const row of page.value) {
      if (!row || typeof row !== "object") throw malformed(operation, "a row that is not an object");
      rows.push(row as Record<string, unknown>);
    }
    if (rows.length > MAX_ANALYTICS_ROWS) throw malformed(operation, `more than ${MAX_ANALYTICS_ROWS} rows`);
    const next = page.nextLink;
    if (!next) break;
    if (!next.startsWith(`${base}/`)) throw malformed(operation, "a next page outside the project's Analytics");
    if (seen.has(next)) throw malformed(operation, "the same next page twice");
    seen.add(next);
    page = await deps.call(operation, () => get(next), { continuation: true });
    requests++;
  }
  return { rows, requests, batched };
}

function malformed(operation: string, what: string): AdoRequestError {
  return new AdoRequestError("network", `${operation} answered with ${what}.`, { operation });
}

/** Why a trend could not be read, in words a user can act on. */
export function analyticsFailure(error: unknown): string {
  if (error instanceof AdoRequestError) {
    if (error.kind === "not-found")
      return `Analytics is not available for this project (switched off, or not installed on this Azure DevOps Server): no trend is drawn. Azure DevOps said: ${error.message}`;
    if (error.kind === "forbidden")
      return `Analytics refused the read: the token needs the scope vso.analytics, and the user the "View analytics" permission. ${error.message}`;
    return `The Analytics read failed: ${error.message}`;
  }
  return `The Analytics read failed: ${error instanceof Error ? error.message : String(error)}`;
}
