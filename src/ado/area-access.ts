/**
 * Whether a read could see every defect in scope. A query answers only with the work items its caller may read:
 * a defect under an area node the reading identity may not view is simply absent, and "no defects" cannot be told
 * from "not allowed to see them". So before a defect count is trusted, the caller's own "View work items in this
 * node" permission (CSS namespace, WORK_ITEM_READ) is evaluated by Azure DevOps on every area node the scope
 * covers: the scope's nodes and everything under them, or the whole tree when the scope names no area.
 *
 * One read of the area tree and one evaluation batch per 200 nodes serve every participant-role of a read.
 */
import { DefectScope, RegistryEntry } from "../core/settings";
import { PermissionCheck, RawAreaNode } from "./port";
import { MAX_PERMISSION_CHECKS } from "./wire";

/** The CSS security namespace: area path permissions. */
export const CSS_NAMESPACE_ID = "83e28ad4-2d72-4ceb-97b0-c7726d5502c3";
/** "View work items in this node". */
export const WORK_ITEM_READ = 16;

export interface AreaNodeRef {
  /** `Project\Area\Child`, as System.AreaPath spells it. */
  path: string;
  /** The node's security token: its and its ancestors' `vstfs:///Classification/Node/{identifier}`, root first. */
  token: string;
  /** The node has children the tree read did not reach (deeper than the depth asked for). */
  cut: boolean;
}

/** Every node of the tree with its path and token; a node without its identifier cannot be checked. */
export function flattenAreaTree(root: RawAreaNode): AreaNodeRef[] {
  const out: AreaNodeRef[] = [];
  const walk = (node: RawAreaNode, path: string, parentToken: string | undefined) => {
    if (typeof node.identifier !== "string" || node.identifier === "")
      throw new Error(`area node '${path}' came without its identifier, so its permissions cannot be checked.`);
    const own = `vstfs:///Classification/Node/${node.identifier}`;
    const token = parentToken === undefined ? own : `${parentToken}:${own}`;
    const children = node.children ?? [];
    out.push({ path, token, cut: node.hasChildren === true && children.length === 0 });
    for (const child of children) walk(child, `${path}\\${child.name}`, token);
  };
  walk(root, root.name, undefined);
  return out;
}

const lower = (s: string) => s.toLowerCase();
const isAtOrUnder = (path: string, area: string) =>
  lower(path) === lower(area) || lower(path).startsWith(`${lower(area)}\\`);

/** The nodes a defect scope covers: at or under each of its area paths, or every node when it names none. */
export function nodesInScope(nodes: readonly AreaNodeRef[], scope: DefectScope): AreaNodeRef[] {
  const areas = scope.areaPaths ?? [];
  if (areas.length === 0) return [...nodes];
  for (const area of areas) {
    if (!nodes.some((n) => lower(n.path) === lower(area)))
      throw new Error(`the defect scope's area path '${area}' is not in the project's area tree.`);
  }
  return nodes.filter((n) => areas.some((area) => isAtOrUnder(n.path, area)));
}

/** The checks for every node any of the entries' scopes covers, each node once. */
export function checksFor(nodes: readonly AreaNodeRef[], entries: readonly RegistryEntry[]): AreaNodeRef[] {
  const wanted = new Map<string, AreaNodeRef>();
  for (const entry of entries) {
    let covered: AreaNodeRef[];
    try {
      covered = nodesInScope(nodes, entry.defectScope ?? {});
    } catch {
      continue; // reported for that entry when its access is asked for
    }
    for (const node of covered) wanted.set(node.token, node);
  }
  return [...wanted.values()];
}

export function permissionChecks(nodes: readonly AreaNodeRef[]): PermissionCheck[][] {
  const checks = nodes.map((n) => ({ namespaceId: CSS_NAMESPACE_ID, token: n.token, permissions: WORK_ITEM_READ }));
  const batches: PermissionCheck[][] = [];
  for (let i = 0; i < checks.length; i += MAX_PERMISSION_CHECKS)
    batches.push(checks.slice(i, i + MAX_PERMISSION_CHECKS));
  return batches;
}

/** What the evaluation answered, by token. */
export type AreaReadability = ReadonlyMap<string, boolean>;

const LISTED = 3;

/**
 * Throws, naming the nodes, unless the caller may read work items on every node the scope covers. A node that
 * was not evaluated, or whose children were not read, counts as not readable: what was not checked is not trusted.
 */
export function assertScopeReadable(
  nodes: readonly AreaNodeRef[],
  readable: AreaReadability,
  scope: DefectScope,
): void {
  const covered = nodesInScope(nodes, scope);
  const cut = covered.filter((n) => n.cut);
  if (cut.length > 0)
    throw new Error(
      `the area tree under '${cut[0].path}' is deeper than was read, so the permissions there cannot be checked.`,
    );
  const denied = covered.filter((n) => readable.get(n.token) !== true);
  if (denied.length === 0) return;
  const named = denied
    .slice(0, LISTED)
    .map((n) => `'${n.path}'`)
    .join(", ");
  const more = denied.length > LISTED ? ` and ${denied.length - LISTED} more` : "";
  throw new Error(
    `the identity this read runs as may not view work items in area ${named}${more} ` +
      `(Azure DevOps permission "View work items in this node"), so defects there would be hidden from the ` +
      `count. Grant it that permission, or read as an identity that has it.`,
  );
}
