/**
 * What an administrator's set-up changes in Azure DevOps (`qt-assure setup`), over azure-devops-node-api's HTTP
 * client: the project's process and its work item types, fields and states (processes REST API), organisation
 * fields, and the project's teams. Separate from the reading port: no surface but the CLI's setup ever writes these,
 * and none of it is asked for by the extension's manifest (the CLI's token carries its own scopes).
 */
import { WebApi, getPersonalAccessTokenHandler } from "azure-devops-node-api";
import { AdoRequestError, classifyResponse } from "./errors";
import { toAdoError } from "./node-port";
import { parseJson } from "./wire";

export interface AdminPort {
  /** The id of the process the project uses (`System.ProcessTemplateType`). */
  processOf(project: string): Promise<string>;
  listProcessTypes(processId: string): Promise<{ referenceName: string; name: string }[]>;
  createProcessType(
    processId: string,
    type: { name: string; description: string; color: string },
  ): Promise<{ referenceName: string }>;
  /** Whether the organisation has the field. */
  hasField(referenceName: string): Promise<boolean>;
  createField(field: { name: string; referenceName: string; type: string; description: string }): Promise<void>;
  addTypeField(processId: string, typeRef: string, referenceName: string): Promise<void>;
  listTypeStates(processId: string, typeRef: string): Promise<{ name: string }[]>;
  addTypeState(
    processId: string,
    typeRef: string,
    state: { name: string; color: string; stateCategory: string },
  ): Promise<void>;
  listTeams(project: string): Promise<{ id: string; name: string }[]>;
  createTeam(project: string, team: { name: string; description: string }): Promise<void>;
}

const PROCESSES_VERSION = "7.1-preview.2";

export function createNodeAdminPort(options: { orgUrl: string; token: string }): AdminPort {
  const orgUrl = options.orgUrl.replace(/\/+$/, "");
  const web = new WebApi(orgUrl, getPersonalAccessTokenHandler(options.token), {
    headers: { "X-TFS-FedAuthRedirect": "Suppress" },
  });
  const http = web.rest.client;

  async function call(method: "GET" | "POST", path: string, version: string, body?: unknown): Promise<unknown> {
    const operation = `${method} ${path.split("?")[0]}`;
    const url = `${orgUrl}/${path}${path.includes("?") ? "&" : "?"}api-version=${version}`;
    const headers = { accept: "application/json", "content-type": "application/json; charset=utf-8" };
    try {
      const res = method === "GET" ? await http.get(url, headers) : await http.post(url, JSON.stringify(body), headers);
      const text = await res.readBody();
      const status = res.message.statusCode ?? 0;
      const header = (name: string) => {
        const value = res.message.headers[name.toLowerCase()];
        return Array.isArray(value) ? value[0] : value;
      };
      const parsed = text ? (parseJson(text, operation, status) as { message?: string; typeKey?: string }) : undefined;
      const refused = classifyResponse(status, status >= 400 ? parsed : undefined, header, operation);
      if (refused) throw refused;
      return parsed;
    } catch (error) {
      if (error instanceof AdoRequestError) throw error;
      throw toAdoError(error, operation, options.token);
    }
  }
  const list = <T>(body: unknown): T[] => ((body as { value?: T[] } | undefined)?.value ?? []) as T[];
  const p = encodeURIComponent;

  return {
    async processOf(project) {
      const props = list<{ name: string; value: string }>(
        await call("GET", `_apis/projects/${p(project)}/properties?keys=System.ProcessTemplateType`, "7.1-preview.1"),
      );
      const id = props.find((x) => x.name === "System.ProcessTemplateType")?.value;
      if (!id)
        throw new AdoRequestError("not-found", `The project ${project} does not say which process it uses.`, {
          operation: "GET projects/properties",
        });
      return id;
    },
    listProcessTypes: async (processId) =>
      list(await call("GET", `_apis/work/processes/${p(processId)}/workitemtypes`, PROCESSES_VERSION)),
    createProcessType: async (processId, type) =>
      (await call("POST", `_apis/work/processes/${p(processId)}/workitemtypes`, PROCESSES_VERSION, type)) as {
        referenceName: string;
      },
    async hasField(referenceName) {
      try {
        await call("GET", `_apis/wit/fields/${p(referenceName)}`, "7.1");
        return true;
      } catch (error) {
        if (error instanceof AdoRequestError && error.kind === "not-found") return false;
        throw error;
      }
    },
    createField: async (field) => {
      await call("POST", "_apis/wit/fields", "7.1", field);
    },
    addTypeField: async (processId, typeRef, referenceName) => {
      await call("POST", `_apis/work/processes/${p(processId)}/workItemTypes/${p(typeRef)}/fields`, PROCESSES_VERSION, {
        referenceName,
      });
    },
    listTypeStates: async (processId, typeRef) => {
      const body = await call(
        "GET",
        `_apis/work/processes/${p(processId)}/workItemTypes/${p(typeRef)}/states`,
        PROCESSES_VERSION,
      );
      return Array.isArray(body) ? (body as { name: string }[]) : list(body);
    },
    addTypeState: async (processId, typeRef, state) => {
      await call(
        "POST",
        `_apis/work/processes/${p(processId)}/workItemTypes/${p(typeRef)}/states`,
        PROCESSES_VERSION,
        state,
      );
    },
    listTeams: async (project) => list(await call("GET", `_apis/projects/${p(project)}/teams?$top=1000`, "7.1")),
    createTeam: async (project, team) => {
      await call("POST", `_apis/projects/${p(project)}/teams`, "7.1", team);
    },
  };
}
