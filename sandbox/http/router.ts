import { IncomingMessage } from "node:http";
import { WireOptions } from "./wire";

export interface RequestContext {
  method: string;
  /** Path params from the route template, decoded. */
  params: Record<string, string>;
  /** Query string, with keys lower-cased (ADO's query parameters are case-insensitive). */
  query: Map<string, string>;
  body: unknown;
  wire: WireOptions;
  req: IncomingMessage;
  /** Response headers a handler wants to add (e.g. x-ms-continuationtoken). */
  headers: Record<string, string>;
  /** The identity the request authenticated as (set by auth). */
  identity?: { id: string; displayName: string; uniqueName: string };
}

export type Handler = (ctx: RequestContext) => unknown | Promise<unknown>;

export interface Route {
  method: string;
  /** `/{org}/{project}/_apis/testplan/Plans/{planId}/suites` — `{name}` segments capture, matching is case-insensitive. */
  template: string;
  /** Scope a token needs (`vso.test`, `vso.work`, `vso.extension.data`…); undefined: any authenticated caller. */
  scope?: string;
  handler: Handler;
  /** Answer 201 instead of 200. */
  created?: boolean;
  /**
   * A non-GET that changes no programme state (WIQL, work item batches; fault settings and the request log): read
   * answers cached before it stay valid.
   */
  reads?: boolean;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(route: Route): this {
    const names: string[] = [];
    const source = route.template
      .split("/")
      .map((segment) => {
        const m = /^\{(\w+)\}$/.exec(segment);
        if (m) {
          names.push(m[1]);
          return "([^/]+)";
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      })
      .join("/");
    this.routes.push({ ...route, pattern: new RegExp(`^${source}/?$`, "i"), names });
    return this;
  }

  /** The route for a method and path, or why there is none (404 vs 405). */
  match(
    method: string,
    path: string,
  ): { route: CompiledRoute; params: Record<string, string> } | "no-path" | "no-method" {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
      return { route, params };
    }
    return pathMatched ? "no-method" : "no-path";
  }
}
