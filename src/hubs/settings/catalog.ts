/**
 * The two lists the settings hub needs that AdoPort does not offer (it has one method per request the engine
 * makes): the project's work item types and a type's fields. Read through src/ado's checked browser transport, so
 * failures are classified AdoRequestErrors like the port's. Kept behind an interface so tests give a fake and a
 * later port method can replace it.
 */
import { CheckedWorkItemClient, fromClientError } from "../../ado/browser-transport";
import { ResilientCaller } from "../../ado/resilience";
import { HostConnection } from "../../ui/host-connection";

export interface FieldRef {
  referenceName: string;
  name: string;
}

export interface TypeCatalog {
  listWorkItemTypes(project: string): Promise<string[]>;
  listFields(project: string, workItemType: string): Promise<FieldRef[]>;
}

export function createTypeCatalog(host: HostConnection, caller: ResilientCaller): TypeCatalog {
  const wit = new CheckedWorkItemClient(
    {
      rootPath: host.orgUrl,
      authTokenProvider: { getAuthorizationHeader: async () => `Bearer ${await host.accessToken()}` },
    },
    { onRateLimitDelay: caller.delayArea },
  );
  async function run<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw fromClientError(error, operation);
    }
  }
  return {
    async listWorkItemTypes(project) {
      const types = await run("GET wit/workitemtypes", () => wit.getWorkItemTypes(project));
      return (Array.isArray(types) ? types : []).map((t) => t.name).filter((n): n is string => typeof n === "string");
    },
    async listFields(project, workItemType) {
      const fields = await run(`GET wit/workitemtypes/${workItemType}/fields`, () =>
        wit.getWorkItemTypeFieldsWithReferences(project, workItemType),
      );
      return (Array.isArray(fields) ? fields : []).map((f) => ({ referenceName: f.referenceName, name: f.name }));
    },
  };
}
