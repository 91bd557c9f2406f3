/**
 * How an item behind a reason is named to a person. A test point is named as an assurer knows it — its test case's
 * title and its configuration ("Register a new MPAN · UIT") — never by its point id alone, which nobody outside
 * Azure Test Plans recognises.
 */
import { ItemRef } from "./assessment";

export interface NameablePoint {
  id: number | string;
  title?: string | null;
  configurationName?: string | null;
}

export function pointName(point: NameablePoint): string {
  const name = point.title || `Test point ${point.id}`;
  return point.configurationName ? `${name} · ${point.configurationName}` : name;
}

/** The short label of any item: a point by its name, a defect by its number, anything else by its id. */
export function itemLabel(item: NameablePoint & { kind: ItemRef["kind"] }): string {
  if (item.kind === "test-point") return pointName(item);
  if (item.kind === "defect") return `Defect ${item.id}`;
  return String(item.id);
}
