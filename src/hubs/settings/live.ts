/**
 * The organisation's metadata the settings are checked against, read live: work item types, each defect type's
 * states (with categories) and fields, the severity field's allowed values, the area tree and the test plans.
 * Every request goes through the page's resilient caller. A part that cannot be read is recorded as such (and
 * its checks are skipped with a warning), never guessed.
 */
import { AdoRequestError } from "../../ado/errors";
import { RawAreaNode, RawPlan, RawState } from "../../ado/port";
import { readAllPlans as readProjectPlans, readAreaTree as readProjectAreaTree } from "../../ado/project-structure";
import { Settings } from "../../core/settings";
import { HubData } from "../../ui/hub-data";
import { FieldRef, TypeCatalog } from "./catalog";

export type Part<T> = { status: "ok"; value: T } | { status: "failed"; message: string };

export interface TypeMetadata {
  states: Part<RawState[]>;
  fields: Part<FieldRef[]>;
}

export interface LiveMetadata {
  types: Part<string[]>;
  /** Per defect work item type (as configured), keyed by the name lower-cased. */
  byType: Record<string, TypeMetadata>;
  /** The severity field's allowed values, per defect type (lower-cased), for the field they were read for. */
  severityValues: Record<string, Part<string[]>>;
  severityField: string;
  areaPaths: Part<string[]>;
  plans: Part<RawPlan[]>;
}

export function describeError(error: unknown): string {
  if (error instanceof AdoRequestError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

async function part<T>(work: () => Promise<T>): Promise<Part<T>> {
  try {
    return { status: "ok", value: await work() };
  } catch (error) {
    return { status: "failed", message: describeError(error) };
  }
}

/** Area paths as work items carry them (`Project\child\grandchild`), from the root node down. */
export function areaPathsOf(root: RawAreaNode): string[] {
  const out: string[] = [];
  const walk = (node: RawAreaNode, trail: string[]) => {
    const path = [...trail, node.name];
    out.push(path.join("\\"));
    for (const child of node.children ?? []) walk(child, path);
  };
  walk(root, []);
  return out;
}

export function readAllPlans(data: HubData): Promise<RawPlan[]> {
  return readProjectPlans(data.api, data.project);
}

export function readAreaTree(data: HubData): Promise<RawAreaNode> {
  return readProjectAreaTree(data.api, data.project);
}

export const typeKey = (t: string) => t.trim().toLowerCase();

/** Reads what checking `settings` needs. `previous` parts still valid for these settings are reused. */
export async function readLiveMetadata(
  data: HubData,
  catalog: TypeCatalog,
  settings: Settings,
  previous?: LiveMetadata,
): Promise<LiveMetadata> {
  const { project, api } = data;
  const types = [...new Set(settings.defects.workItemTypes.map((t) => t.trim()).filter((t) => t !== ""))];
  const field = settings.defects.severityField.trim();
  const reuseSeverity = previous && previous.severityField === field;
  const [typeList, areaPaths, plans, perType] = await Promise.all([
    previous?.types.status === "ok" ? previous.types : part(() => catalog.listWorkItemTypes(project)),
    previous?.areaPaths.status === "ok" ? previous.areaPaths : part(async () => areaPathsOf(await readAreaTree(data))),
    previous?.plans.status === "ok" ? previous.plans : part(() => readAllPlans(data)),
    Promise.all(
      types.map(async (type) => {
        const k = typeKey(type);
        const old = previous?.byType[k];
        const oldValues = reuseSeverity ? previous.severityValues[k] : undefined;
        const [states, fields, values] = await Promise.all([
          old?.states.status === "ok" ? old.states : part(() => api.getWorkItemTypeStates(project, type)),
          old?.fields.status === "ok" ? old.fields : part(() => catalog.listFields(project, type)),
          oldValues?.status === "ok" || field === ""
            ? (oldValues ?? ({ status: "ok", value: [] } as Part<string[]>))
            : part(() => api.getFieldAllowedValues(project, type, field)),
        ]);
        return { k, meta: { states, fields }, values };
      }),
    ),
  ]);
  const byType: Record<string, TypeMetadata> = {};
  const severityValues: Record<string, Part<string[]>> = {};
  for (const { k, meta, values } of perType) {
    byType[k] = meta;
    severityValues[k] = values;
  }
  return { types: typeList, byType, severityValues, severityField: field, areaPaths, plans };
}

/** Whether the metadata read covers these settings' types and severity field (else it must be re-read). */
export function coversSettings(live: LiveMetadata, settings: Settings): boolean {
  return (
    live.severityField === settings.defects.severityField.trim() &&
    settings.defects.workItemTypes.every((t) => t.trim() === "" || live.byType[typeKey(t)] !== undefined)
  );
}
