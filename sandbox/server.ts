import { IncomingMessage, Server, ServerResponse, createServer } from "node:http";
import { AddressInfo } from "node:net";
import { AnalyticsOptions, AnalyticsSettings } from "./analytics/settings";
import { SIGN_IN_PAGE, authenticate, grants, missingScope } from "./auth";
import { FaultDecision, FaultInjector, FaultSettings } from "./faults";
import { DashboardWidget, HostContribution } from "./host/contributions";
import { isHostPath, serveHost } from "./host/serve";
import { AdoError, badRequest } from "./http/errors";
import { RequestContext, Router } from "./http/router";
import { serialize, wireOptions } from "./http/wire";
import { RawBody } from "./http/raw";
import { ReadCache } from "./read-cache";
import { RequestLog } from "./request-log";
import { SandboxState } from "./state";

/** What route modules get: the current state (replaced on reset/fixture load) and the server's parts. */
export interface SandboxEnv {
  state(): SandboxState;
  replaceState(next: SandboxState): void;
  baseUrl(): string;
  orgUrl(): string;
  faults: FaultInjector;
  log: RequestLog;
  /** Analytics' switches (on/off, page size): sandbox/analytics/settings.ts. */
  analytics: AnalyticsSettings;
}

export type RouteModule = (router: Router, env: SandboxEnv) => void;

export interface SandboxOptions {
  state: SandboxState;
  /** Builds a fresh state for `POST /_sandbox/reset`; defaults to a deep copy of the initial state being impossible, so give one. */
  reset?: () => SandboxState;
  port?: number;
  host?: string;
  faults?: Partial<FaultSettings>;
  /** Analytics switched off (`{enabled: false}`), its page size, the last day of its history. */
  analytics?: Partial<AnalyticsOptions>;
  routes: RouteModule[];
  /** Control API routes (under `/_sandbox/`), which are never faulted or authenticated. */
  controlRoutes?: RouteModule[];
  /**
   * Keep the text of read answers (GETs and reading POSTs) until any other request or a state replacement, so a
   * benchmark measures the client rather than the emulator building the same page again. Off by default: a test
   * that edits `env.state()` in place would otherwise be served stale answers.
   */
  cacheReads?: boolean;
  /**
   * The built web pages (dist/web): when given, the local extension host is served under `/_host/` from it
   * (sandbox/host/serve.ts) — never authenticated, faulted or logged, like the control API.
   */
  webRoot?: string;
  /** The contributions the host offers (default sandbox/host/contributions.ts's); tests add their own pages. */
  hostContributions?: readonly HostContribution[];
  /** The local host's default dashboard (default sandbox/host/contributions.ts's); tests put their probes on it. */
  hostDashboard?: readonly DashboardWidget[];
}

export interface RunningSandbox {
  url: string;
  orgUrl: string;
  env: SandboxEnv;
  close(): Promise<void>;
}

const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers":
    "authorization, content-type, accept, x-tfs-fedauthredirect, x-vss-reauthenticationaction, x-tfs-session, x-vss-forcemsapassthrough",
  "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD",
  "access-control-expose-headers":
    "x-ms-continuationtoken, retry-after, x-ratelimit-resource, x-ratelimit-delay, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, activityid",
  "access-control-max-age": "600",
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  let state = options.state;
  let baseUrl = "";
  const faults = new FaultInjector();
  if (options.faults) faults.set(options.faults);
  const log = new RequestLog();
  const analytics = new AnalyticsSettings(options.analytics);
  const cache = options.cacheReads ? new ReadCache() : undefined;
  const env: SandboxEnv = {
    state: () => state,
    replaceState: (next) => {
      state = next;
      cache?.clear();
    },
    baseUrl: () => baseUrl,
    orgUrl: () => `${baseUrl}/${state.organization.name}`,
    faults,
    log,
    analytics,
  };
  const api = new Router();
  for (const register of options.routes) register(api, env);
  const control = new Router();
  for (const register of options.controlRoutes ?? []) register(control, env);

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { message: `sandbox: ${String(error)}` }, {});
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? "/", "http://sandbox");
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;
    const rawPath = (req.url ?? "/").split("?")[0];
    if (options.webRoot !== undefined && (isHostPath(path) || isHostPath(rawPath))) {
      await serveHost(req, res, {
        path,
        rawPath,
        webRoot: options.webRoot,
        env,
        contributions: options.hostContributions,
        dashboard: options.hostDashboard,
      });
      return;
    }

    if (method === "OPTIONS" && req.headers["access-control-request-method"]) {
      res.writeHead(204, CORS_HEADERS).end();
      return;
    }
    const isControl = path.startsWith("/_sandbox/") || path === "/_sandbox";
    const finish = (status: number, fault?: string, user?: string) => {
      if (!isControl)
        log.add({
          method,
          url: `${path}${url.search}`,
          status,
          ms: Math.round(performance.now() - started),
          fault,
          user,
        });
    };

    let decision: FaultDecision = { kind: "none" };
    if (!isControl && faults.applies(path)) {
      const delay = faults.latency();
      if (delay > 0) await sleep(delay);
      decision = faults.decide();
    }
    if (decision.kind === "reset") {
      finish(0, "reset");
      req.socket.destroy();
      return;
    }

    const body = await readBody(req);
    const router = isControl ? control : api;
    const match = router.match(method, path);
    const wire = wireOptions(req.headers.accept);
    const extra: Record<string, string> = {};
    try {
      if (match === "no-path")
        throw new AdoError(404, `The requested resource ${path} does not exist.`, "NotFoundException");
      if (match === "no-method")
        throw new AdoError(405, `The requested resource does not support http method '${method}'.`, "MethodNotAllowed");

      let identity: RequestContext["identity"];
      if (!isControl) {
        const auth = authenticate(state, req);
        if (!auth.ok) {
          finish(auth.signIn ? 203 : 401, undefined);
          if (auth.signIn)
            res.writeHead(203, { "content-type": "text/html; charset=utf-8", ...CORS_HEADERS }).end(SIGN_IN_PAGE);
          else {
            res
              .writeHead(401, {
                "www-authenticate": 'Bearer authorization_uri=https://login.invalid, Basic realm="sandbox"',
                ...CORS_HEADERS,
              })
              .end();
          }
          return;
        }
        identity = auth.grant.identity;
        if (match.route.scope && !grants(auth.grant.scopes, match.route.scope))
          throw missingScope(identity, match.route.scope);
        if (decision.kind === "throttle") {
          throw new AdoError(
            429,
            "Request was blocked due to exceeding usage of resource 'ATCPU' in namespace 'User'.",
            "RequestBlockedException",
            throttleHeaders(faults.current.retryAfterSeconds),
          );
        }
        if (decision.kind === "error") {
          throw new AdoError(
            decision.status,
            decision.status === 503 ? "The service is temporarily unavailable." : "An unexpected error occurred.",
            decision.status === 503 ? "ServiceUnavailableException" : "InternalServerErrorException",
          );
        }
        if (
          path.includes("/_apis/") &&
          !wire.apiVersion &&
          !url.searchParams.has("api-version") &&
          !isVersionFree(method, path)
        ) {
          throw badRequest(
            `No api-version was supplied for the "${method}" request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as a query parameter (e.g. "?api-version=1.0").`,
            "VssVersionNotSpecifiedException",
          );
        }
      }

      const query = new Map<string, string>();
      url.searchParams.forEach((v, k) => query.set(k.toLowerCase(), v));
      if (!wire.apiVersion && query.has("api-version")) wire.apiVersion = query.get("api-version");
      let parsed: unknown = undefined;
      // Uploads (attachments) are bytes, not JSON; so is a multipart body (an OData $batch).
      if (/application\/octet-stream|multipart\//i.test(req.headers["content-type"] ?? "")) parsed = body;
      else if (body.length > 0) {
        try {
          parsed = JSON.parse(body.toString("utf8"));
        } catch {
          throw badRequest("The request body is not valid JSON.", "VssRequestContentException");
        }
      }
      const ctx: RequestContext = {
        method,
        params: match.params,
        query,
        body: parsed,
        wire,
        req,
        headers: extra,
        identity,
      };
      const reads = method === "GET" || match.route.reads === true;
      if (!reads) cache?.clear();
      const cacheKey = cache && reads && !isControl ? ReadCache.key(identity?.id, method, url, req, body) : undefined;
      const cached = cacheKey === undefined ? undefined : cache?.get(cacheKey);
      let text: string;
      if (cached) {
        text = cached.text;
        Object.assign(extra, cached.headers);
      } else {
        const result = await match.route.handler(ctx);
        if (result instanceof RawBody) {
          finish(result.status, undefined, identity?.uniqueName);
          res.writeHead(result.status, {
            ...(result.contentType ? { "content-type": result.contentType } : {}),
            "content-length": String(result.bytes.length),
            ...CORS_HEADERS,
            ...extra,
          });
          res.end(result.bytes);
          return;
        }
        text = result === undefined ? "" : serialize(result, wire);
        if (cacheKey !== undefined) cache?.set(cacheKey, { text, headers: { ...extra } });
      }
      if (!isControl && faults.current.delayHeadersOnSuccess && faults.applies(path))
        Object.assign(extra, throttleHeaders(faults.current.retryAfterSeconds));
      const status = match.route.created ? 201 : 200;
      if (decision.kind === "truncate" && text.length > 1) {
        finish(status, "truncate", identity?.uniqueName);
        res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...CORS_HEADERS, ...extra });
        res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
        return;
      }
      finish(status, undefined, identity?.uniqueName);
      sendText(res, status, text, extra);
    } catch (error) {
      if (error instanceof AdoError) {
        finish(error.status, decision.kind === "none" ? undefined : decision.kind);
        send(res, error.status, error.body(), { ...error.headers, ...extra });
      } else if (error instanceof RangeError || error instanceof TypeError) {
        finish(400);
        send(res, 400, badRequest(error.message).body(), extra);
      } else throw error;
    }
  }

  await new Promise<void>((resolve, reject) => {
    // A port in use (EADDRINUSE) rejects instead of surfacing as an unhandled 'error' event.
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${address.address}:${address.port}`;
  return {
    url: baseUrl,
    orgUrl: env.orgUrl(),
    env,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Discovery routes the clients call before they know a version. */
function isVersionFree(method: string, path: string): boolean {
  return (
    /\/_apis\/(resourceareas|location|connectiondata)\b/i.test(path) ||
    (method === "OPTIONS" && /\/_apis\/[^/]+\/?$/i.test(path))
  );
}

function throttleHeaders(retryAfterSeconds: number): Record<string, string> {
  return {
    "retry-after": String(retryAfterSeconds),
    "x-ratelimit-resource": "ATCPU",
    "x-ratelimit-delay": String(retryAfterSeconds),
    "x-ratelimit-limit": "200",
    "x-ratelimit-remaining": "0",
    "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + retryAfterSeconds),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  sendText(res, status, JSON.stringify(body), headers);
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8; api-version=7.1",
    "content-length": String(Buffer.byteLength(text)),
    ...CORS_HEADERS,
    ...headers,
  });
  res.end(text);
}
