/**
 * Control API for area path security (`/_sandbox/areas…`): what a project administrator does in Azure DevOps'
 * UI to set up, or an attacker with area rights does to hide work: add an area node, and deny an identity
 * "View work items in this node" there.
 */
import { guidFor } from "./generator/ids";
import { badRequest, notFound } from "./http/errors";
import { AreaDeny, AreaNode, SandboxState } from "./state";
import { WORK_ITEM_READ } from "./area-security";

function nodeAt(state: SandboxState, path: string): AreaNode | undefined {
  const [projectName, ...rest] = path.split("\\");
  const project = state.projects.find((p) => p.areas.name.toLowerCase() === projectName.toLowerCase());
  let node = project?.areas;
  for (const name of rest) node = node?.children.find((c) => c.name.toLowerCase() === name.toLowerCase());
  return node;
}

function maxId(node: AreaNode): number {
  return node.children.reduce((max, child) => Math.max(max, maxId(child)), node.id);
}

/** `{ parentPath, name }` → the new node, as `Project\Parent\Name`. */
export function addAreaNode(state: SandboxState, input: Record<string, unknown>): { path: string; id: number } {
  const { parentPath, name } = input;
  if (typeof parentPath !== "string" || typeof name !== "string" || name.trim() === "" || name.includes("\\"))
    throw badRequest("Give parentPath (an existing area path) and name (one level, no backslash).");
  const parent = nodeAt(state, parentPath);
  if (!parent) throw notFound(`VS402485: The area path ${parentPath} does not exist.`);
  const path = `${parentPath}\\${name}`;
  const existing = parent.children.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (existing) return { path, id: existing.id };
  const id = Math.max(...state.projects.map((p) => maxId(p.areas))) + 1;
  parent.children.push({ id, identifier: guidFor(`area:${path}`), name, children: [] });
  return { path, id };
}

/** `{ identity (unique name), areaPath, permissions? }`: denies WORK_ITEM_READ (or the bits given) there. */
export function denyArea(state: SandboxState, input: Record<string, unknown>): AreaDeny {
  const { identity, areaPath } = input;
  const permissions = input.permissions ?? WORK_ITEM_READ;
  if (typeof identity !== "string" || typeof areaPath !== "string" || !Number.isInteger(permissions))
    throw badRequest("Give identity (a unique name), areaPath and, optionally, permissions (CSS bits).");
  if (!nodeAt(state, areaPath)) throw notFound(`VS402485: The area path ${areaPath} does not exist.`);
  const grant = [...state.tokens.values()].find((g) => g.identity.uniqueName.toLowerCase() === identity.toLowerCase());
  if (!grant) throw notFound(`No token of the sandbox authenticates as ${identity}.`);
  const deny: AreaDeny = { identityId: grant.identity.id, areaPath, permissions: permissions as number };
  state.areaDenies.push(deny);
  return deny;
}

/** `{ identity }`: grants "Bypass rules on work item updates" (which lets a write set the stamped fields). */
export function grantBypassRules(state: SandboxState, input: Record<string, unknown>): { identityId: string } {
  const grant = [...state.tokens.values()].find(
    (g) => typeof input.identity === "string" && g.identity.uniqueName.toLowerCase() === input.identity.toLowerCase(),
  );
  if (!grant) throw notFound(`No token of the sandbox authenticates as ${String(input.identity)}.`);
  state.bypassRulesHolders = [...new Set([...(state.bypassRulesHolders ?? []), grant.identity.id])];
  return { identityId: grant.identity.id };
}
