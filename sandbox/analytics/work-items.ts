/**
 * `WorkItemSnapshot` (entity-reference-boards.md): one row per work item per UK day, from the day it was created to
 * today, with its fields as the last revision of that day left them.
 *
 * Derived from the live state at query time:
 * - the revisions the sandbox keeps (every write through the API, work-item-writes.ts), each from the UK day of
 *   its `System.ChangedDate`; then the item's current fields, which are always the last word (a control-API edit
 *   changes them without keeping a revision), so today's row is the item as the work item routes serve it now;
 * - a generated item has no kept revisions, only its current fields at a revision above 1: the revisions before
 *   it are not known. The sandbox's choice: it was created in its type's first state (`New`) and reached its
 *   current fields on its `System.ChangedDate`, which is what makes a defect burn-down go down;
 * - items in the recycle bin are left out (Analytics keeps no deleted work items), and so is nothing else: Analytics
 *   does not apply area-path security (analytics-security.md), only the project;
 * - dates after today (a change made now to a programme pinned in the past) count as today.
 *
 * Properties: the system fields by their Analytics names, `StateCategory` from the type's states, `TagNames`, the
 * `Area`, `Iteration`, `Project` and `Date` navigations, and every other field (custom ones) as its reference name
 * with `.` replaced by `_` (`Custom.QTSeverity` → `Custom_QTSeverity`). HTML fields are not in Analytics.
 */
import { AreaNode, FieldDef, ProjectState, SandboxState, WorkItem, WorkItemTypeDef } from "../state";
import { parseInstant, ukDayOf } from "./calendar";
import {
  BOOLEAN,
  DATE_TIME_OFFSET,
  DOUBLE,
  EdmType,
  EntityModel,
  GUID,
  INT32,
  INT64,
  LEVELS,
  NavigationDef,
  PropertyDef,
  STRING,
  Segment,
  Value,
  byName,
  dayProperties,
  prop,
} from "./model";

/** System fields under their Analytics names (entity-reference-boards.md) and their types. */
const SYSTEM_FIELDS: readonly [string, string, EdmType][] = [
  ["System.Title", "Title", STRING],
  ["System.WorkItemType", "WorkItemType", STRING],
  ["System.State", "State", STRING],
  ["System.Reason", "Reason", STRING],
  ["Microsoft.VSTS.Common.Severity", "Severity", STRING],
  ["Microsoft.VSTS.Common.Priority", "Priority", INT32],
];

/** Handled by name above or as navigations/dates below: never exposed under their generic name. */
const NOT_GENERIC = new Set(
  [
    ...SYSTEM_FIELDS.map(([ref]) => ref),
    "System.Id",
    "System.Rev",
    "System.Tags",
    "System.AreaPath",
    "System.IterationPath",
    "System.TeamProject",
    "System.CreatedDate",
    "System.ChangedDate",
  ].map((f) => f.toLowerCase()),
);

/** The Analytics property name of a field reference name, or undefined when Analytics does not expose it. */
export function analyticsFieldName(field: FieldDef): string | undefined {
  const known = SYSTEM_FIELDS.find(([ref]) => ref.toLowerCase() === field.referenceName.toLowerCase());
  if (known) return known[1];
  if (field.type === "html") return undefined;
  if (NOT_GENERIC.has(field.referenceName.toLowerCase())) return undefined;
  // Other System fields (identities, IsDeleted…) are navigations or internal in Analytics: not played.
  if (/^System\./i.test(field.referenceName)) return undefined;
  if (field.type === "identity") return undefined;
  return field.referenceName.replace(/\./g, "_");
}

function typeOfField(field: FieldDef): EdmType {
  switch (field.type) {
    case "integer":
      return INT64;
    case "double":
      return DOUBLE;
    case "boolean":
      return BOOLEAN;
    case "dateTime":
      return DATE_TIME_OFFSET;
    default:
      return STRING;
  }
}

interface ItemRow {
  item: WorkItem;
  fields: Record<string, unknown>;
  rev: number;
  changedMs: number | null;
  revisedMs: number | null;
  project: ProjectState;
  type?: WorkItemTypeDef;
}

const asMs = (value: unknown): number | null => {
  if (typeof value !== "string" || value === "") return null;
  const ms = parseInstant(value);
  return Number.isNaN(ms) ? null : ms;
};

function fieldValue(type: EdmType, value: unknown): Value {
  if (value === undefined || value === null || value === "") return null;
  switch (type.kind) {
    case "DateTimeOffset":
      return asMs(value);
    case "Int32":
    case "Int64":
    case "Double": {
      const n = typeof value === "number" ? value : Number(value);
      return Number.isFinite(n) ? n : null;
    }
    case "Boolean":
      return typeof value === "boolean" ? value : String(value).toLowerCase() === "true";
    default:
      return typeof value === "object" ? JSON.stringify(value) : String(value);
  }
}

/** `A; B` as Analytics' TagNames writes tags; null without tags. */
function tagNames(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const tags = value
    .split(";")
    .map((t) => t.trim())
    .filter((t) => t !== "");
  return tags.length > 0 ? tags.join("; ") : null;
}

interface Version {
  fields: Record<string, unknown>;
  rev: number;
  changedMs: number | null;
}

const versionOf = (fields: Record<string, unknown>, rev: number): Version => ({
  fields,
  rev,
  changedMs: asMs(fields["System.ChangedDate"]),
});

/** The item's versions, oldest first: kept revisions, then its current fields (always the last word). */
function versionsOf(item: WorkItem, type: WorkItemTypeDef | undefined, createdMs: number | null): Version[] {
  const kept = (item.revisions ?? []).filter((r) => r.rev < item.rev).sort((a, b) => a.rev - b.rev);
  const versions = [...kept.map((r) => versionOf(r.fields, r.rev)), versionOf(item.fields, item.rev)];
  const first = versions[0];
  const initialState = type?.states[0]?.name;
  if (
    first.rev > 1 &&
    initialState !== undefined &&
    first.fields["System.State"] !== initialState &&
    createdMs !== null &&
    first.changedMs !== null &&
    ukDayOf(first.changedMs) > ukDayOf(createdMs)
  ) {
    // Revisions before the first one known: created in the type's first state, changed on its ChangedDate.
    const fields = {
      ...first.fields,
      "System.State": initialState,
      "System.ChangedDate": first.fields["System.CreatedDate"],
    };
    versions.unshift({ fields, rev: 1, changedMs: createdMs });
  }
  return versions;
}

function itemSegments(state: SandboxState, projects: readonly ProjectState[], today: number): Segment[] {
  const segments: Segment[] = [];
  const byName = new Map(projects.map((p) => [p.name.toLowerCase(), p]));
  const typeOf = new Map<string, WorkItemTypeDef | undefined>();
  for (const item of state.workItems.values()) {
    const project = byName.get(String(item.fields["System.TeamProject"] ?? "").toLowerCase());
    if (!project) continue;
    const typeName = String(item.fields["System.WorkItemType"] ?? "");
    const typeKey = `${project.id}|${typeName.toLowerCase()}`;
    if (!typeOf.has(typeKey))
      typeOf.set(
        typeKey,
        project.workItemTypes.find((t) => t.name.toLowerCase() === typeName.toLowerCase()),
      );
    const type = typeOf.get(typeKey);
    const firstFields = item.revisions?.find((r) => r.rev < item.rev)?.fields ?? item.fields;
    const createdMs = asMs(firstFields["System.CreatedDate"] ?? item.fields["System.CreatedDate"]);
    const versions = versionsOf(item, type, createdMs);
    const created = Math.min(createdMs === null ? today : ukDayOf(createdMs), today);
    let previousDay = created;
    const starts = versions.map((v, i) => {
      const changed = v.changedMs;
      const day =
        i === 0 ? created : Math.min(today, Math.max(previousDay, changed === null ? today : ukDayOf(changed)));
      previousDay = day;
      return day;
    });
    for (let i = 0; i < versions.length; i++) {
      const from = starts[i];
      // Superseded the same day: not the last revision of any day.
      if (i + 1 < versions.length && starts[i + 1] === from) continue;
      const to = i + 1 < versions.length ? starts[i + 1] - 1 : today;
      const next = versions[i + 1];
      const row: ItemRow = {
        item,
        fields: versions[i].fields,
        rev: versions[i].rev,
        changedMs: versions[i].changedMs,
        revisedMs: next ? next.changedMs : null,
        project,
        type,
      };
      segments.push({ from, to, row });
    }
  }
  return segments;
}

function areaIndex(root: AreaNode): Map<string, AreaNode> {
  const index = new Map<string, AreaNode>();
  const walk = (node: AreaNode, path: string) => {
    index.set(path.toLowerCase(), node);
    for (const child of node.children) walk(child, `${path}\\${child.name}`);
  };
  walk(root, root.name);
  return index;
}

function pathNavigation(
  name: "Area" | "Iteration",
  field: string,
  sk: (row: ItemRow, path: string) => string | null,
): NavigationDef {
  const path = (r: ItemRow) => {
    const value = r.fields[field];
    return typeof value === "string" && value !== "" ? value : null;
  };
  const parts = (r: ItemRow) => path(r)?.split("\\") ?? [];
  const withSk = (r: ItemRow) => {
    const p = path(r);
    return p === null ? null : sk(r, p);
  };
  return {
    name,
    typeName: name,
    properties: byName([
      prop<ItemRow>(`${name}SK`, GUID, withSk),
      prop<ItemRow>(`${name}Id`, GUID, withSk),
      prop<ItemRow>(`${name}Name`, STRING, (r) => parts(r).at(-1) ?? null),
      prop<ItemRow>(`${name}Path`, STRING, path),
      prop<ItemRow>("Depth", INT32, (r) => (path(r) === null ? null : parts(r).length - 1)),
      ...Array.from({ length: LEVELS }, (_, i) =>
        prop<ItemRow>(`${name}Level${i + 1}`, STRING, (r) => parts(r)[i] ?? null),
      ),
    ]),
  };
}

export function workItemSnapshotModel(
  state: SandboxState,
  projects: readonly ProjectState[],
  today: number,
): EntityModel {
  const { properties: dayProps, date } = dayProperties(today, true);
  const areas = new Map(projects.map((p) => [p.id, areaIndex(p.areas)]));
  const area = pathNavigation(
    "Area",
    "System.AreaPath",
    (r, p) => areas.get(r.project.id)?.get(p.toLowerCase())?.identifier ?? null,
  );
  const iteration = pathNavigation("Iteration", "System.IterationPath", () => null);
  const project: NavigationDef = {
    name: "Project",
    typeName: "Project",
    properties: byName([
      prop<ItemRow>("ProjectSK", GUID, (r) => r.project.id, false),
      prop<ItemRow>("ProjectId", GUID, (r) => r.project.id, false),
      prop<ItemRow>("ProjectName", STRING, (r) => r.project.name, false),
    ]),
  };
  const dateOf = (ms: number | null) => (ms === null ? null : Math.min(ukDayOf(ms), today));
  const skOf = (ms: number | null) => {
    const day = dateOf(ms);
    if (day === null) return null;
    const d = new Date(day * 86_400_000);
    return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
  };
  const properties: PropertyDef[] = [
    prop<ItemRow>("WorkItemId", INT32, (r) => r.item.id, false),
    prop<ItemRow>("Revision", INT32, (r) => r.rev, false),
    ...dayProps,
    ...SYSTEM_FIELDS.map(([ref, name, type]) => prop<ItemRow>(name, type, (r) => fieldValue(type, r.fields[ref]))),
    prop<ItemRow>("StateCategory", STRING, (r) => {
      const stateName = String(r.fields["System.State"] ?? "").toLowerCase();
      return r.type?.states.find((s) => s.name.toLowerCase() === stateName)?.category ?? null;
    }),
    prop<ItemRow>("TagNames", STRING, (r) => tagNames(r.fields["System.Tags"])),
    prop<ItemRow>("ProjectSK", GUID, (r) => r.project.id, false),
    prop<ItemRow>("AreaSK", GUID, (r) => area.properties.get("AreaSK")?.get(r, 0) ?? null),
    prop<ItemRow>("IterationSK", GUID, () => null),
    prop<ItemRow>("CreatedDate", DATE_TIME_OFFSET, (r) => asMs(r.fields["System.CreatedDate"])),
    prop<ItemRow>("CreatedDateSK", INT32, (r) => skOf(asMs(r.fields["System.CreatedDate"]))),
    prop<ItemRow>("ChangedDate", DATE_TIME_OFFSET, (r) => r.changedMs),
    prop<ItemRow>("ChangedDateSK", INT32, (r) => skOf(r.changedMs)),
    prop<ItemRow>("RevisedDate", DATE_TIME_OFFSET, (r) => r.revisedMs),
    prop<ItemRow>("RevisedDateSK", INT32, (r) => skOf(r.revisedMs)),
  ];
  const taken = new Set(properties.map((p) => p.name));
  for (const field of state.fields) {
    const name = analyticsFieldName(field);
    if (name === undefined || taken.has(name)) continue;
    taken.add(name);
    const type = typeOfField(field);
    properties.push(prop<ItemRow>(name, type, (r) => fieldValue(type, r.fields[field.referenceName])));
  }
  return {
    entitySet: "WorkItemSnapshot",
    typeName: "WorkItemSnapshot",
    keys: ["WorkItemId", "DateSK"],
    properties: byName(properties),
    navigations: new Map([area, iteration, project, date].map((n) => [n.name, n])),
    snapshot: true,
    today,
    segments: () => itemSegments(state, projects, today),
  };
}
