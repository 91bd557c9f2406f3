import { AreaNode } from "../state";
import { CastMember } from "./cast";
import { Sequence, guidFor } from "./ids";

/** The area path convention: `<project>\<window id or sit>\<MPID>-<role>`, backslash separated as ADO prints it. */
export function areaPathOf(project: string, member: Pick<CastMember, "areaGroup" | "key">): string {
  return `${project}\\${member.areaGroup}\\${member.key}`;
}

/** The project's area tree: the root (named as the project), a node per window (and `sit`), a node per participant-role. */
export function areaTree(project: string, cast: readonly CastMember[], ids: Sequence): AreaNode {
  const node = (path: string, name: string): AreaNode => ({
    id: ids.next(),
    identifier: guidFor(`area:${path}`),
    name,
    children: [],
  });
  const root = node(project, project);
  const groups = new Map<string, AreaNode>();
  for (const member of cast) {
    let group = groups.get(member.areaGroup);
    if (!group) {
      group = node(`${project}\\${member.areaGroup}`, member.areaGroup);
      groups.set(member.areaGroup, group);
      root.children.push(group);
    }
    group.children.push(node(areaPathOf(project, member), member.key));
  }
  return root;
}
