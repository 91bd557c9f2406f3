import { evaluatePermission } from "../area-security";
import { badRequest } from "../http/errors";
import { RequestContext } from "../http/router";
import { RouteModule, SandboxEnv } from "../server";
import { requireOrg } from "./refs";

/**
 * `POST _apis/security/permissionevaluationbatch`: evaluates the caller's own permissions, one answer per
 * evaluation in the order asked (the spec names no scope: any authenticated caller may ask about itself). The
 * sandbox models the CSS namespace's WORK_ITEM_READ (area-security.ts); other evaluations answer false.
 */
export const securityRoutes: RouteModule = (router, env) => {
  router.add({
    method: "POST",
    template: "/{org}/_apis/security/permissionevaluationbatch",
    reads: true,
    handler: (ctx) => evaluateBatch(env, ctx),
  });
};

interface Evaluation {
  securityNamespaceId: string;
  token: string;
  permissions: number;
}

function evaluateBatch(env: SandboxEnv, ctx: RequestContext): unknown {
  requireOrg(env.state(), ctx.params.org);
  const body = ctx.body as { evaluations?: unknown; alwaysAllowAdministrators?: unknown } | undefined;
  if (!body || typeof body !== "object" || !Array.isArray(body.evaluations))
    throw badRequest("Value cannot be null.\r\nParameter name: evalBatch", "ArgumentNullException");
  const evaluations = body.evaluations.map((e, i): Evaluation => {
    const item = e as Partial<Evaluation> | null;
    if (
      !item ||
      typeof item.securityNamespaceId !== "string" ||
      typeof item.token !== "string" ||
      !Number.isInteger(item.permissions)
    )
      throw badRequest(`Evaluation ${i} needs securityNamespaceId, token and permissions.`, "ArgumentException");
    return {
      securityNamespaceId: item.securityNamespaceId,
      token: item.token,
      permissions: item.permissions as number,
    };
  });
  const identityId = ctx.identity?.id ?? "";
  return {
    alwaysAllowAdministrators: body.alwaysAllowAdministrators === true,
    evaluations: evaluations.map((e) => ({
      ...e,
      value: evaluatePermission(env.state(), identityId, e.securityNamespaceId, e.token, e.permissions),
    })),
  };
}
