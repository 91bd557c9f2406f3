import { AdoError } from "../http/errors";

/**
 * Continuation-token paging as the testplan service does it. A token is `{watermark};{top}`: the watermark is
 * the key (an id, or a test case's order in its suite) of the first item of the next page, `top` an optional
 * page size (0 = the default). A page holds at most 200 items; when more remain, the response carries the
 * token in `x-ms-continuationtoken` and the client sends it back as `continuationToken`. Malformed tokens, and
 * page sizes over 5,000, are a 400 (ArgumentOutOfRangeException), as on the service.
 */
export const PAGE_SIZE = 200;
export const MAX_TOKEN_TOP = 5000;
export const CONTINUATION_HEADER = "x-ms-continuationtoken";

export interface ContinuationToken {
  watermark: number;
  top: number;
}

export function invalidToken(): AdoError {
  return new AdoError(
    400,
    "Specified argument was out of the range of valid values.\r\nParameter name: continuationToken",
    "ArgumentOutOfRangeException",
  );
}

/**
 * Reads a token. `allowNegative` is for test points, whose watermark may be any int32 (the service parses those
 * without the sign check it applies to plans, suites, test cases and configurations).
 */
export function parseToken(token: string | undefined, allowNegative = false): ContinuationToken | undefined {
  if (token === undefined || token === "") return undefined;
  const parts = token.split(";").filter((p) => p !== "");
  if (parts.length < 1 || parts.length > 2 || !parts.every((p) => /^-?\d{1,10}$/.test(p))) throw invalidToken();
  const [watermark, top = 0] = parts.map(Number);
  const int32 = (n: number) => n <= 2147483647 && n >= -2147483648;
  if (!int32(watermark) || !int32(top)) throw invalidToken();
  if (!allowNegative && (watermark < 0 || top < 0)) throw invalidToken();
  if (top > MAX_TOKEN_TOP) throw invalidToken();
  return { watermark, top };
}

export interface Page<T> {
  items: T[];
  /** The token for the next page, when more remain. */
  next?: string;
}

/**
 * One page of `items`, which must be sorted by `key` (non-decreasing). The page starts at the first item whose
 * key reaches the watermark. Items sharing a key are never split across pages (the next page starts at a key),
 * so paging returns every item exactly once even when keys repeat.
 */
export function pageByKey<T>(
  items: readonly T[],
  key: (item: T) => number,
  token: ContinuationToken | undefined,
): Page<T> {
  const size = token && token.top > 0 ? token.top : PAGE_SIZE;
  let start = 0;
  if (token) {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (key(items[mid]) < token.watermark) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  let end = Math.min(start + size, items.length);
  if (end < items.length && key(items[end]) === key(items[end - 1])) {
    const shared = key(items[end]);
    let groupStart = end;
    while (groupStart > start && key(items[groupStart - 1]) === shared) groupStart--;
    if (groupStart > start) end = groupStart;
    else while (end < items.length && key(items[end]) === shared) end++;
  }
  const next = end < items.length ? `${key(items[end])};0` : undefined;
  return { items: items.slice(start, end), next };
}

/** Sets the continuation header on the response when there is a next page. */
export function withContinuation<T>(page: Page<T>, headers: Record<string, string>): T[] {
  if (page.next) headers[CONTINUATION_HEADER] = page.next;
  return page.items;
}
