import { IncomingMessage } from "node:http";
import { AdoError } from "./http/errors";
import { Identity, SandboxState, TokenGrant } from "./state";

/** What a scope also grants: a write scope includes its read scope, as on the service. */
const IMPLIED: Record<string, string[]> = {
  "vso.work_write": ["vso.work"],
  "vso.work_full": ["vso.work_write", "vso.work"],
  "vso.test_write": ["vso.test"],
  "vso.extension.data_write": ["vso.extension.data"],
  "vso.project_write": ["vso.project"],
  "vso.project_manage": ["vso.project_write", "vso.project"],
  "vso.graph_manage": ["vso.graph"],
};

/** Analytics (OData): its own scope, which no other implies; `app_token` (full access) grants it. */
export const ANALYTICS_SCOPE = "vso.analytics";

export function grants(scopes: readonly string[], needed: string): boolean {
  if (scopes.includes("app_token") || scopes.includes(needed)) return true;
  return scopes.some((s) => (IMPLIED[s] ?? []).includes(needed));
}

export type AuthOutcome = { ok: true; grant: TokenGrant } | { ok: false; signIn: boolean };

/** Reads Basic (any user name, the PAT as password) or Bearer credentials. */
export function authenticate(state: SandboxState, req: IncomingMessage): AuthOutcome {
  const header = req.headers.authorization ?? "";
  let token: string | undefined;
  const basic = /^Basic\s+(.+)$/i.exec(header);
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    token = decoded.slice(decoded.indexOf(":") + 1);
  } else if (bearer) token = bearer[1].trim();
  const grant = token ? state.tokens.get(token) : undefined;
  if (grant) return { ok: true, grant };
  const suppress = String(req.headers["x-tfs-fedauthredirect"] ?? "").toLowerCase() === "suppress";
  return { ok: false, signIn: !suppress };
}

/** The service's answer to a token it does not accept: a sign-in page (203), or 401 when redirects are suppressed. */
export const SIGN_IN_PAGE = `<!DOCTYPE html>
<html><head><title>Azure DevOps Services | Sign In</title></head>
<body><p>Sign in to your account to continue to Azure DevOps.</p></body></html>`;

export function missingScope(identity: Identity, scope: string): AdoError {
  return new AdoError(
    401,
    `TF400813: The user '${identity.id}' is not authorized to access this resource. The token does not grant the scope ${scope}.`,
    "UnauthorizedRequestException",
  );
}
