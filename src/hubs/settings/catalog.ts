/**
 * The two lists the settings hub offers to pick from: the project's work item types and a type's fields. Read
 * through the page's AdoPort (`listWorkItemTypes`, `listWorkItemTypeFields`: one request each, failures already
 * classified AdoRequestErrors); the hub gives it the port already wrapped in its resilient caller. Kept behind an
 * interface so the hub's tests can give a fake.
 */
import { AdoPort } from "../../ado/port";

export interface FieldRef {
  referenceName: string;
  name: string;
}

export interface TypeCatalog {
  listWorkItemTypes(project: string): Promise<string[]>;
  listFields(project: string, workItemType: string): Promise<FieldRef[]>;
}

export function createTypeCatalog(port: Pick<AdoPort, "listWorkItemTypes" | "listWorkItemTypeFields">): TypeCatalog {
  return {
    async listWorkItemTypes(project) {
      const types = await port.listWorkItemTypes(project);
      // An entry without a name cannot be picked or matched: leave it out.
      return types.map((t) => t.name).filter((n): n is string => typeof n === "string" && n !== "");
    },
    async listFields(project, workItemType) {
      const fields = await port.listWorkItemTypeFields(project, workItemType);
      return fields
        .filter((f) => typeof f.referenceName === "string" && f.referenceName !== "")
        .map((f) => ({ referenceName: f.referenceName, name: typeof f.name === "string" ? f.name : f.referenceName }));
    },
  };
}
