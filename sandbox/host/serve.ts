/**
 * Serves the local extension host (Node side): `GET /_host/` (the host page), `GET /_host/web/<file>` (the built
 * pages in the web root, dist/web) and `GET /_host/config.json` (the organisation, project, extension, sample
 * identities with their tokens, and the contributions). Like the control API it is never authenticated, faulted
 * or logged; unlike it, it is only there when the sandbox is started with a web root.
 */
import { existsSync, readFileSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { IncomingMessage, ServerResponse } from "node:http";
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { BSC_ASSURER, REC_ASSURER, SAMPLE_IDENTITY, TESTERS } from "../generator/identities";
import { BSC_ASSURER_PAT, REC_ASSURER_PAT, SAMPLE_PAT, TESTER_PAT } from "../generator/tokens";
import type { SandboxEnv } from "../server";
import {
  CONTRIBUTIONS,
  DEFAULT_DASHBOARD,
  DashboardWidget,
  EXTENSION_ID,
  FULL_EXTENSION_ID,
  HostConfig,
  HostContribution,
  HostIdentity,
  PUBLISHER_ID,
} from "./contributions";

export const HOST_PATH = "/_host";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".eot": "application/vnd.ms-fontobject",
  ".txt": "text/plain; charset=utf-8",
};

export function isHostPath(path: string): boolean {
  return path === HOST_PATH || path.startsWith(`${HOST_PATH}/`);
}

/** The sample people the host can act as, with the tokens the sandbox accepts for them. */
export function hostIdentities(): HostIdentity[] {
  return [
    { key: "tester", ...SAMPLE_IDENTITY, token: SAMPLE_PAT, role: "administrator, QT Administrators (sample token)" },
    { key: "bsc", ...BSC_ASSURER, token: BSC_ASSURER_PAT, role: "BSC assurer" },
    { key: "rec", ...REC_ASSURER, token: REC_ASSURER_PAT, role: "REC assurer" },
    // The assessed party, to try in the hubs what docs/security.md says cannot improve a verdict.
    { key: "participant", ...TESTERS[0], token: TESTER_PAT, role: "a participant's tester (the assessed party)" },
  ];
}

let version: string | undefined;
/** The product's version, from the package.json above this file (its depth differs in dist/ and under ts-jest). */
function productVersion(): string {
  if (version) return version;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "qt-assurance" && pkg.version) return (version = pkg.version);
    }
    dir = dirname(dir);
  }
  return (version = "0.0.0");
}

export function hostConfig(
  env: SandboxEnv,
  contributions: readonly HostContribution[] = CONTRIBUTIONS,
  dashboard: readonly DashboardWidget[] = DEFAULT_DASHBOARD,
): HostConfig {
  const state = env.state();
  const project = state.projects[0];
  return {
    orgUrl: env.orgUrl(),
    organization: { id: state.organization.id, name: state.organization.name },
    project: { id: project.id, name: project.name },
    extension: {
      id: FULL_EXTENSION_ID,
      publisherId: PUBLISHER_ID,
      extensionId: EXTENSION_ID,
      version: productVersion(),
    },
    serviceVersion: "Dev19.M240 (sandbox)",
    identities: hostIdentities(),
    contributions: [...contributions],
    dashboard: structuredClone([...dashboard]),
  };
}

const NOT_BUILT = (webRoot: string) =>
  [
    "<!DOCTYPE html>",
    '<html lang="en-GB"><head><meta charset="utf-8"><title>Local extension host not built</title></head>',
    "<body><h1>The local extension host is not built</h1>",
    `<p>${escapeHtml(webRoot)} has no host page: run <code>npm run build</code> (or <code>npm start</code>, which builds first).</p>`,
    "</body></html>",
  ].join("\n");

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);
}

function sendPlain(res: ServerResponse, status: number, text: string, type = "text/plain; charset=utf-8"): void {
  res.writeHead(status, {
    "content-type": type,
    "content-length": String(Buffer.byteLength(text)),
    "cache-control": "no-store",
  });
  res.end(text);
}

export interface HostRequest {
  /** The URL's path, normalised. */
  path: string;
  /** The path as sent, before normalisation would turn `/_host/web/../../x` into `/x`. */
  rawPath: string;
  webRoot: string;
  env: SandboxEnv;
  contributions?: readonly HostContribution[];
  dashboard?: readonly DashboardWidget[];
}

/** Answers a request under `/_host`. */
export async function serveHost(req: IncomingMessage, res: ServerResponse, request: HostRequest): Promise<void> {
  const { path, rawPath, webRoot, env } = request;
  const method = (req.method ?? "GET").toUpperCase();
  if (method !== "GET" && method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }).end("Method not allowed");
    return;
  }
  if (path === HOST_PATH) {
    res.writeHead(302, { location: `${HOST_PATH}/` }).end();
    return;
  }
  if (path === `${HOST_PATH}/config.json`) {
    sendPlain(
      res,
      200,
      JSON.stringify(hostConfig(env, request.contributions, request.dashboard)),
      CONTENT_TYPES[".json"],
    );
    return;
  }
  let file: string;
  if (path === `${HOST_PATH}/` || path === `${HOST_PATH}/index.html`) file = "host.html";
  else {
    // The pages under /_host/web/; the host page's own script (host.html says `host.js`) beside it at /_host/.
    const prefix = rawPath.startsWith(`${HOST_PATH}/web/`) ? `${HOST_PATH}/web/` : `${HOST_PATH}/`;
    const requested = webFile(rawPath.slice(prefix.length));
    if (requested === undefined) {
      sendPlain(res, 403, "Forbidden: the path leaves the web root.");
      return;
    }
    file = requested;
  }
  const root = resolve(webRoot);
  const target = resolve(root, file);
  const inside = relative(root, target);
  if (inside === "" || inside.split(sep).includes("..") || isAbsolute(inside)) {
    sendPlain(res, 403, "Forbidden: the path leaves the web root.");
    return;
  }
  const info = await stat(target).catch(() => undefined);
  if (!info?.isFile()) {
    if (file === "host.html" || !existsSync(join(root, "host.html")))
      sendPlain(res, 503, NOT_BUILT(root), CONTENT_TYPES[".html"]);
    else sendPlain(res, 404, `Not found: ${file}`);
    return;
  }
  const body = await readFile(target);
  res.writeHead(200, {
    "content-type": CONTENT_TYPES[extname(target).toLowerCase()] ?? "application/octet-stream",
    "content-length": String(body.length),
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
  });
  res.end(method === "HEAD" ? undefined : body);
}

/**
 * The file a raw path under `/_host/web/` names, or undefined when it tries to leave the web root: `..` or `.`
 * segments (plain or percent-encoded), backslashes, NUL, absolute or drive paths.
 */
function webFile(rawRest: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawRest);
  } catch {
    return undefined;
  }
  if (decoded === "" || /[\\\0]/.test(decoded) || /^[a-z]:/i.test(decoded) || decoded.startsWith("/")) return undefined;
  const segments = decoded.split("/");
  if (segments.some((s) => s === ".." || s === "." || s === "")) return undefined;
  return segments.join("/");
}
