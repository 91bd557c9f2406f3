import { formatSettingsErrors, validateSettings } from "../core/validate-settings";
import { AdoPort, DocumentAddress, StoredDocument } from "./port";
import { AUDIT_LOG_DOCUMENT_ID, SETTINGS_DOCUMENT_ID, storeCollections } from "./store";
import { checkChain, decodeApprovals, decodeAuditLog } from "./store-codec";
import { readCollection } from "./store-documents";
import { verifySnapshot } from "./store-snapshots";

/**
 * Everything the store keeps, read whole for a backup (the CLI's `export`): one list request per collection, in
 * the scope the store uses, and the checks the store makes on read, reported instead of thrown so a backup of
 * damaged data is still taken. Documents are returned exactly as the service sent them (`id` and `__etag` too).
 */

export type StoreCollectionKind = keyof ReturnType<typeof storeCollections>;

/** The store's collections, in the order an export lists them. */
export const STORE_COLLECTION_KINDS: readonly StoreCollectionKind[] = ["settings", "approvals", "audit", "snapshots"];

/** The scope every store collection lives in (see store.ts). */
export const STORE_SCOPE: DocumentAddress["scopeType"] = "Default";

export interface StoredCollection {
  kind: StoreCollectionKind;
  /** The collection's name in extension data, e.g. `qt-settings`. */
  collection: string;
  documents: StoredDocument[];
}

export interface StoreReadOptions {
  /** The store's collection prefix (default `qt`, as createStore). */
  collectionPrefix?: string;
  /** Told before each collection is listed and after, with its document count. */
  onCollection?: (event: { kind: StoreCollectionKind; collection: string; count?: number }) => void;
}

/**
 * Lists every collection of the store (one request each); any failure throws. Give it a resilient port
 * (resilient-port.ts) for retries.
 */
export async function readWholeStore(port: AdoPort, options: StoreReadOptions = {}): Promise<StoredCollection[]> {
  const names = storeCollections(options.collectionPrefix);
  const read: StoredCollection[] = [];
  for (const kind of STORE_COLLECTION_KINDS) {
    const collection = names[kind];
    options.onCollection?.({ kind, collection });
    const address: DocumentAddress = { scopeType: STORE_SCOPE, collection };
    // An absent collection is empty (nothing was ever stored in it); every other failure ends the read.
    const documents = await readCollection(port, address);
    if (!Array.isArray(documents) || documents.some((d) => !isDocument(d))) {
      throw new TypeError(`The list of ${collection} holds something that is not a document.`);
    }
    read.push({ kind, collection, documents });
    options.onCollection?.({ kind, collection, count: documents.length });
  }
  return read;
}

const isDocument = (d: unknown): d is StoredDocument =>
  typeof d === "object" && d !== null && !Array.isArray(d) && typeof (d as { id?: unknown }).id === "string";

export type StoreFindingKind =
  /** The settings document does not validate. */
  | "settings-invalid"
  /** An approvals or audit log document is not of its shape. */
  | "document-invalid"
  /** A hash chain (a participant-role's approvals audit, or the store-wide log) does not verify. */
  | "audit-broken"
  /** A snapshot's report does not hash to its id. */
  | "snapshot-tampered"
  /** A document the store never writes (an unknown id in the settings or audit collection). */
  | "unexpected-document";

export interface StoreFinding {
  kind: StoreFindingKind;
  collection: string;
  id: string;
  message: string;
}

/** The store's read checks over everything read; empty when all verifies. */
export function checkWholeStore(collections: readonly StoredCollection[]): StoreFinding[] {
  const findings: StoreFinding[] = [];
  for (const { kind, collection, documents } of collections) {
    const add = (doc: StoredDocument, findingKind: StoreFindingKind, message: string) =>
      findings.push({ kind: findingKind, collection, id: doc.id, message });
    for (const doc of documents) {
      if (kind === "settings") {
        if (doc.id.toLowerCase() !== SETTINGS_DOCUMENT_ID) {
          add(doc, "unexpected-document", `'${doc.id}' is not a document the store writes.`);
          continue;
        }
        const validation = validateSettings(doc.settings);
        if (!validation.valid)
          add(
            doc,
            "settings-invalid",
            `The settings are invalid: ${formatSettingsErrors(validation.errors).join("; ")}`,
          );
      } else if (kind === "approvals") {
        const decoded = decodeApprovals(doc);
        if (!decoded.ok) add(doc, "document-invalid", decoded.errors.join(" "));
        else {
          const chain = checkChain(decoded.value.audit);
          if (chain !== "intact") add(doc, "audit-broken", `The audit log of ${doc.id} is broken: ${chain.problem}.`);
        }
      } else if (kind === "audit") {
        if (doc.id.toLowerCase() !== AUDIT_LOG_DOCUMENT_ID) {
          add(doc, "unexpected-document", `'${doc.id}' is not a document the store writes.`);
          continue;
        }
        const decoded = decodeAuditLog(doc);
        if (!decoded.ok) add(doc, "document-invalid", decoded.errors.join(" "));
        else {
          const chain = checkChain(decoded.value);
          if (chain !== "intact") add(doc, "audit-broken", `The store-wide audit log is broken: ${chain.problem}.`);
        }
      } else {
        const verified = verifySnapshot(doc, doc.id);
        if (verified.kind === "tampered") add(doc, "snapshot-tampered", verified.message);
      }
    }
  }
  return findings;
}
