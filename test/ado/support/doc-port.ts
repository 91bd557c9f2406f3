import { AdoRequestError, classifyResponse } from "../../../src/ado/errors";
import { AdoPort, DocumentAddress, StoredDocument } from "../../../src/ado/port";

/**
 * A stand-in AdoPort for the store tests until src/ado/node-port.ts exists: only the four extension-data document
 * methods, each one HTTP request to the (in-process) sandbox with a PAT, errors classified as the real ports do.
 * Every other method throws: the store must not need them.
 */
export function createDocumentPort(options: {
  orgUrl: string;
  token: string;
  extension: { publisher: string; id: string };
}): AdoPort {
  const { orgUrl, token, extension } = options;
  const authorization = `Basic ${Buffer.from(`:${token}`).toString("base64")}`;
  const documentsUrl = (address: DocumentAddress) =>
    [
      orgUrl,
      "_apis/ExtensionManagement/InstalledExtensions",
      extension.publisher,
      extension.id,
      "Data/Scopes",
      address.scopeType,
      address.scopeType === "User" ? "Me" : "Current",
      "Collections",
      encodeURIComponent(address.collection),
      "Documents",
    ].join("/");

  async function call(method: string, url: string, operation: string, body?: unknown): Promise<unknown> {
    const res = await fetch(url, {
      method,
      headers: {
        authorization,
        accept: "application/json;api-version=7.1-preview.1",
        "content-type": "application/json",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const error = classifyResponse(
      res.status,
      parsed as { message?: string; typeKey?: string } | undefined,
      (name) => res.headers.get(name),
      operation,
    );
    if (error) throw error;
    return parsed;
  }

  const unsupported = (name: string) => (): never => {
    throw new Error(`test document port: ${name} is not implemented`);
  };

  return {
    orgUrl,
    listPlans: unsupported("listPlans"),
    getAnalytics: unsupported("getAnalytics"),
    batchAnalytics: unsupported("batchAnalytics"),
    listSuites: unsupported("listSuites"),
    listPoints: unsupported("listPoints"),
    listTestCases: unsupported("listTestCases"),
    queryWiql: unsupported("queryWiql"),
    getWorkItems: unsupported("getWorkItems"),
    getWorkItemsWithRelations: unsupported("getWorkItemsWithRelations"),
    listWorkItemTypes: unsupported("listWorkItemTypes"),
    getWorkItemTypeStates: unsupported("getWorkItemTypeStates"),
    listWorkItemTypeFields: unsupported("listWorkItemTypeFields"),
    getFieldAllowedValues: unsupported("getFieldAllowedValues"),
    getAreaTree: unsupported("getAreaTree"),
    evaluatePermissions: unsupported("evaluatePermissions"),
    listWorkItemRevisions: unsupported("listWorkItemRevisions"),
    authenticatedUser: unsupported("authenticatedUser"),
    listTeamMembers: unsupported("listTeamMembers"),
    uploadAttachment: unsupported("uploadAttachment"),
    listAttachedFiles: unsupported("listAttachedFiles"),
    readAttachment: unsupported("readAttachment"),
    createWorkItem: unsupported("createWorkItem"),
    updateWorkItem: unsupported("updateWorkItem"),
    async getDocument(address, id) {
      try {
        const url = `${documentsUrl(address)}/${encodeURIComponent(id)}`;
        return (await call("GET", url, `GET ExtensionManagement document ${id}`)) as StoredDocument;
      } catch (error) {
        if (error instanceof AdoRequestError && error.kind === "not-found") return undefined;
        throw error;
      }
    },
    async listDocuments(address) {
      try {
        const answer = (await call("GET", documentsUrl(address), "GET ExtensionManagement documents")) as {
          value?: StoredDocument[];
        };
        return answer.value ?? [];
      } catch (error) {
        if (error instanceof AdoRequestError && error.kind === "not-found") return [];
        throw error;
      }
    },
    async setDocument(address, doc) {
      return (await call("PUT", documentsUrl(address), "PUT ExtensionManagement document", doc)) as StoredDocument;
    },
    async deleteDocument(address, id) {
      await call("DELETE", `${documentsUrl(address)}/${encodeURIComponent(id)}`, "DELETE ExtensionManagement document");
    },
  };
}
