import { DefectScope } from "../core/settings";

/**
 * WIQL text for a participant-role's defects. Literals are quoted with single quotes doubled; field reference
 * names are checked (they go inside `[...]`, which has no escape), so settings can never change a query's shape.
 */

/** A WIQL string literal: `'it''s'`. */
export function wiqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const REFERENCE_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/** `[Custom.Field]`; throws for a name that is not a field reference name (letters, digits, `_` and `.`). */
export function wiqlField(referenceName: string): string {
  if (!REFERENCE_NAME.test(referenceName))
    throw new Error(`"${referenceName}" is not a work item field reference name (e.g. Custom.ParticipantRole).`);
  return `[${referenceName}]`;
}

const present = (values: readonly string[] | undefined): string[] =>
  (values ?? []).map((v) => v.trim()).filter((v) => v !== "");

/** `(a OR b)`, or the single condition without parentheses. */
const anyOf = (conditions: string[]): string =>
  conditions.length === 1 ? conditions[0] : `(${conditions.join(" OR ")})`;

/**
 * The WHERE conditions of a participant-role's defects (without the id partition): the project, the configured
 * work item types, and the scope — areas (UNDER), tags (CONTAINS) and the field (=): OR within a kind, AND
 * between kinds. Throws when the scope is empty (it would select every defect of the project) or no work item
 * type is configured: both are settings mistakes, and the reader reports them as an incomplete read.
 */
export function defectScopeCondition(workItemTypes: readonly string[], scope: DefectScope): string {
  return scopeCondition(workItemTypes, scope, {
    noType: "no defect work item type is configured (settings.defects.workItemTypes).",
    empty: "its defect scope is empty: give area paths, tags or a field, or every defect would count.",
  });
}

/**
 * The WHERE conditions of a participant-role's requirements (its traceability matrix): as a defect scope's, over
 * the requirement types. Throws when no type is configured or the scope is empty.
 */
export function requirementScopeCondition(requirementTypes: readonly string[], scope: DefectScope): string {
  return scopeCondition(requirementTypes, scope, {
    noType: "no requirement work item type is configured (settings.traceability.requirementTypes).",
    empty: "its requirement scope is empty: give area paths, tags or a field, or every requirement would count.",
  });
}

function scopeCondition(
  workItemTypes: readonly string[],
  scope: DefectScope,
  messages: { noType: string; empty: string },
): string {
  const types = present(workItemTypes);
  if (types.length === 0) throw new Error(messages.noType);
  const areas = present(scope.areaPaths);
  const tags = present(scope.tags);
  const field = scope.field && scope.field.referenceName.trim() !== "" ? scope.field : undefined;
  if (areas.length === 0 && tags.length === 0 && !field) throw new Error(messages.empty);
  const parts = [
    "[System.TeamProject] = @project",
    types.length === 1
      ? `[System.WorkItemType] = ${wiqlLiteral(types[0])}`
      : `[System.WorkItemType] IN (${types.map(wiqlLiteral).join(", ")})`,
  ];
  if (areas.length > 0) parts.push(anyOf(areas.map((a) => `[System.AreaPath] UNDER ${wiqlLiteral(a)}`)));
  if (tags.length > 0) parts.push(anyOf(tags.map((t) => `[System.Tags] CONTAINS ${wiqlLiteral(t)}`)));
  if (field) parts.push(`${wiqlField(field.referenceName.trim())} = ${wiqlLiteral(field.value)}`);
  return parts.join(" AND ");
}

/**
 * One partition of the defect query: ids above `afterId`, in id order. Run with `$top` = the page size, and
 * repeated from the last id returned until a page comes back short, no query can pass the service's 20,000
 * cap (VS402337) and nothing is cut off.
 */
export function partitionedQuery(condition: string, afterId: number): string {
  if (!Number.isSafeInteger(afterId)) throw new Error(`invalid work item id ${afterId}`);
  return `SELECT [System.Id] FROM WorkItems WHERE ${condition} AND [System.Id] > ${afterId} ORDER BY [System.Id]`;
}
