/**
 * The extension data manager the host hands out (`ms.vss-features.extension-data-service`), as Azure DevOps's host
 * implements it: the host, not the page, calls the data REST routes, with the token the page passed in. Documents
 * keep `__etag`: a stale one is refused (409 InvalidDocumentVersionException), -1 writes whatever is there.
 */

export interface DocumentOptions {
  scopeType?: string;
  scopeValue?: string;
  defaultValue?: unknown;
}

/** The error a refused call rejects with: the service's message, its HTTP status and type key. */
export class ExtensionDataError extends Error {
  override readonly name = "ExtensionDataError";
  constructor(
    message: string,
    readonly status: number,
    readonly typeKey?: string,
  ) {
    super(message);
  }
}

const API_VERSION = "7.1-preview.1";
/** Where getValue/setValue keep values, as the service's own data manager does. */
const SETTINGS_COLLECTION = "$settings";

export function createExtensionDataManager(orgUrl: string, extensionId: string, accessToken: string) {
  const dot = extensionId.indexOf(".");
  if (dot <= 0) throw new Error(`getExtensionDataManager: "${extensionId}" is not of the form publisher.extension.`);
  const publisher = extensionId.slice(0, dot);
  const extension = extensionId.slice(dot + 1);
  const root = orgUrl.replace(/\/+$/, "");

  function url(collection: string, options: DocumentOptions | undefined, id?: string): string {
    const scopeType = options?.scopeType || "Default";
    const scopeValue = options?.scopeValue || (scopeType.toLowerCase() === "user" ? "Me" : "Current");
    const parts = [
      "_apis/ExtensionManagement/InstalledExtensions",
      publisher,
      extension,
      "Data/Scopes",
      scopeType,
      scopeValue,
      "Collections",
      collection,
      "Documents",
    ].map((part, i) => (i === 0 || i === 3 ? part : encodeURIComponent(part)));
    if (id !== undefined) parts.push(encodeURIComponent(id));
    return `${root}/${parts.join("/")}`;
  }

  async function call(method: string, target: string, body?: unknown): Promise<unknown> {
    const response = await fetch(target, {
      method,
      headers: {
        accept: `application/json;api-version=${API_VERSION}`,
        authorization: `Bearer ${accessToken}`,
        "x-tfs-fedauthredirect": "Suppress",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      let message = `${method} extension data answered ${response.status}`;
      let typeKey: string | undefined;
      try {
        const parsed = JSON.parse(text) as { message?: string; typeKey?: string };
        if (parsed.message) message = parsed.message;
        typeKey = parsed.typeKey;
      } catch {
        // not JSON: keep the status line
      }
      throw new ExtensionDataError(message, response.status, typeKey);
    }
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  const isMissing = (error: unknown) => error instanceof ExtensionDataError && error.status === 404;

  return {
    async getValue(key: string, options?: DocumentOptions): Promise<unknown> {
      try {
        const doc = (await call("GET", url(SETTINGS_COLLECTION, options, key))) as { value?: unknown };
        return doc?.value ?? options?.defaultValue;
      } catch (error) {
        if (isMissing(error)) return options?.defaultValue;
        throw error;
      }
    },
    async setValue(key: string, value: unknown, options?: DocumentOptions): Promise<unknown> {
      await call("PUT", url(SETTINGS_COLLECTION, options), { id: key, __etag: -1, value });
      return value;
    },
    getDocument: (collection: string, id: string, options?: DocumentOptions) =>
      call("GET", url(collection, options, id)),
    async getDocuments(collection: string, options?: DocumentOptions): Promise<unknown> {
      try {
        // The service wraps lists as {count, value}; the manager answers the documents.
        const list = (await call("GET", url(collection, options))) as unknown[] | { value?: unknown[] };
        return Array.isArray(list) ? list : (list?.value ?? []);
      } catch (error) {
        if (isMissing(error)) return [];
        throw error;
      }
    },
    createDocument: (collection: string, doc: unknown, options?: DocumentOptions) =>
      call("POST", url(collection, options), doc),
    setDocument: (collection: string, doc: unknown, options?: DocumentOptions) =>
      call("PUT", url(collection, options), doc),
    updateDocument: (collection: string, doc: unknown, options?: DocumentOptions) =>
      call("PATCH", url(collection, options), doc),
    async deleteDocument(collection: string, id: string, options?: DocumentOptions): Promise<void> {
      await call("DELETE", url(collection, options, id));
    },
    async queryCollectionsByName(names: string[]): Promise<unknown> {
      return Promise.all(
        names.map(async (collectionName) => ({
          collectionName,
          scopeType: "Default",
          scopeValue: "Current",
          documents: await this.getDocuments(collectionName),
        })),
      );
    },
    async queryCollections(
      collections: { collectionName: string; scopeType?: string; scopeValue?: string }[],
    ): Promise<unknown> {
      return Promise.all(
        collections.map(async (c) => ({
          ...c,
          documents: await this.getDocuments(c.collectionName, { scopeType: c.scopeType, scopeValue: c.scopeValue }),
        })),
      );
    },
  };
}
