/**
 * Every failure talking to ADO, classified once at the transport so the layers above decide by kind, never by
 * parsing messages: what to retry, what stops at once, and what to tell the user.
 */
export type AdoErrorKind =
  /** The token was refused: HTTP 203 with a sign-in page, or 401 without TF400813. Stop at once. */
  | "unauthenticated"
  /** The token works but lacks a scope or permission (401/403, TF400813). Stop at once. */
  | "forbidden"
  /** 429, or a 200 that asked us to slow down. Retry after the server's delay. */
  | "throttled"
  /** 5xx. Retry with back-off. */
  | "server"
  /** Connection reset, refused, timed out, or a body cut short. Retry with back-off. */
  | "network"
  | "not-found"
  /** `__etag` conflict on extension data (or another 409). */
  | "conflict"
  /** A request the service refuses as wrong (400), e.g. VS402337 or VS403474. Not retried. */
  | "bad-request";

export class AdoRequestError extends Error {
  constructor(
    readonly kind: AdoErrorKind,
    message: string,
    readonly details: {
      status?: number;
      /** What the request was, without query secrets: `GET testplan/Plans/12/Suites/40/TestPoint`. */
      operation: string;
      /** How long the server asked us to wait, from Retry-After or X-RateLimit-Delay. */
      retryAfterMs?: number;
      /** The service's error code, e.g. TF400813, VS402337, VS403474. */
      code?: string;
      typeKey?: string;
    },
  ) {
    super(message);
    this.name = "AdoRequestError";
  }

  get retryable(): boolean {
    return this.kind === "throttled" || this.kind === "server" || this.kind === "network";
  }
}

/** The TFxxxxx / VSxxxxxx code at the start of an ADO error message, if any. */
export function serviceErrorCode(message: string | undefined): string | undefined {
  return /\b(TF\d{5,6}|VS\d{6})\b/.exec(message ?? "")?.[1];
}

/** Seconds (Retry-After, X-RateLimit-Delay) to milliseconds; undefined when absent or unreadable. */
export function delayFromHeaders(headers: (name: string) => string | null | undefined): number | undefined {
  const candidates = [headers("retry-after"), headers("x-ratelimit-delay")]
    .map((v) => (v === null || v === undefined ? Number.NaN : Number(v)))
    .filter((n) => Number.isFinite(n) && n >= 0);
  return candidates.length > 0 ? Math.max(...candidates) * 1000 : undefined;
}

/** Classifies an HTTP answer the same way for every transport. */
export function classifyResponse(
  status: number,
  body: { message?: string; typeKey?: string } | undefined,
  headers: (name: string) => string | null | undefined,
  operation: string,
): AdoRequestError | undefined {
  const contentType = headers("content-type") ?? "";
  if (status === 203 || (status >= 200 && status < 300 && /text\/html/i.test(contentType))) {
    return new AdoRequestError(
      "unauthenticated",
      "Azure DevOps answered with a sign-in page: the token is missing, expired or not valid for this organisation.",
      { status, operation },
    );
  }
  if (status < 400) return undefined;
  const message = body?.message;
  const code = serviceErrorCode(message);
  const details = { status, operation, code, typeKey: body?.typeKey, retryAfterMs: delayFromHeaders(headers) };
  if (status === 401 || status === 403) {
    return code === "TF400813" || status === 403
      ? new AdoRequestError("forbidden", permissionMessage(operation, message), details)
      : new AdoRequestError(
          "unauthenticated",
          "Azure DevOps refused the token (401): it is missing, expired or revoked.",
          details,
        );
  }
  if (status === 429)
    return new AdoRequestError("throttled", `Azure DevOps is throttling requests (429) at ${operation}.`, details);
  if (status >= 500)
    return new AdoRequestError(
      "server",
      `Azure DevOps failed with ${status} at ${operation}${message ? `: ${message}` : "."}`,
      details,
    );
  if (status === 404) return new AdoRequestError("not-found", message ?? `Not found: ${operation}.`, details);
  if (status === 409) return new AdoRequestError("conflict", message ?? `Conflict at ${operation}.`, details);
  return new AdoRequestError("bad-request", message ?? `Azure DevOps refused ${operation} (${status}).`, details);
}

/** Which scope an operation needs, so a refusal can say what to grant. */
export function scopeFor(operation: string): string {
  if (/_odata/i.test(operation)) return "vso.analytics";
  if (/ExtensionManagement/i.test(operation))
    return /^(PUT|PATCH|POST|DELETE)/.test(operation) ? "vso.extension.data_write" : "vso.extension.data";
  if (/testplan|\/test\//i.test(operation) || /^\w+ test/i.test(operation)) return "vso.test";
  if (/wit/i.test(operation)) return "vso.work";
  return "vso.project";
}

function permissionMessage(operation: string, message: string | undefined): string {
  return `The token may not ${operation}: it needs the scope ${scopeFor(operation)} (Test Management read, Work Items read, Analytics read, or Extension Data) and the user needs permission on the project.${message ? ` Azure DevOps said: ${message}` : ""}`;
}
