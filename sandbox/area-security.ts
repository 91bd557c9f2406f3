/**
 * Area path security as the service enforces it for reading work items, the part the product depends on: the CSS
 * security namespace's "View work items in this node" (WORK_ITEM_READ), denied to an identity on a node and so on
 * everything under it. Queries, batches and single reads leave out (or refuse) what the caller may not read, and
 * the permission evaluation batch answers for the caller's own permissions, as the service does.
 */
import { AreaNode, ProjectState, SandboxState } from "./state";

/** The CSS namespace: area path (classification node) permissions. */
export const CSS_NAMESPACE_ID = "83e28ad4-2d72-4ceb-97b0-c7726d5502c3";
/** "View work items in this node". */
export const WORK_ITEM_READ = 16;
/** "Edit work items in this node". */
export const WORK_ITEM_WRITE = 32;

const NODE_PREFIX = "vstfs:///classification/node/";

const samePath = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const isUnder = (path: string, node: string) =>
  samePath(path, node) || path.toLowerCase().startsWith(`${node.toLowerCase()}\\`);

/** Whether `identityId` may read work items at `areaPath`: no deny on the node or any node above it. */
export function mayReadWorkItems(state: SandboxState, identityId: string | undefined, areaPath: unknown): boolean {
  if (identityId === undefined || typeof areaPath !== "string") return true;
  return !state.areaDenies.some(
    (d) => d.identityId === identityId && (d.permissions & WORK_ITEM_READ) !== 0 && isUnder(areaPath, d.areaPath),
  );
}

/** The node a CSS token names (its last `vstfs:///Classification/Node/{identifier}` part), with its path. */
function nodeOfToken(project: ProjectState, token: string): string | undefined {
  const parts = token.split(":vstfs:").map((p, i) => (i === 0 ? p : `vstfs:${p}`));
  const last = parts[parts.length - 1].toLowerCase();
  if (!last.startsWith(NODE_PREFIX)) return undefined;
  const identifier = last.slice(NODE_PREFIX.length);
  const walk = (node: AreaNode, path: string): string | undefined => {
    if (node.identifier.toLowerCase() === identifier) return path;
    for (const child of node.children) {
      const found = walk(child, `${path}\\${child.name}`);
      if (found) return found;
    }
    return undefined;
  };
  return walk(project.areas, project.areas.name);
}

/**
 * One evaluation for the caller. CSS tokens answer WORK_ITEM_READ from the denies and grant the other area bits
 * (the sandbox does not model them); a token naming no node, or a namespace the sandbox does not model, is false.
 */
export function evaluatePermission(
  state: SandboxState,
  identityId: string,
  namespaceId: string,
  token: string,
  permissions: number,
): boolean {
  if (namespaceId.toLowerCase() !== CSS_NAMESPACE_ID) return false;
  for (const project of state.projects) {
    const path = nodeOfToken(project, token);
    if (path === undefined) continue;
    return (permissions & WORK_ITEM_READ) === 0 || mayReadWorkItems(state, identityId, path);
  }
  return false;
}
