import { emptyApprovals } from "../../src/core/approvals";
import { appendAudit } from "../../src/core/audit";
import { reportHash } from "../../src/core/report";
import { AdoRequestError } from "../../src/ado/errors";
import { openNodeStoreSource } from "../../src/ado/node-store-source";
import { AdoPort, DocumentAddress, StoredDocument } from "../../src/ado/port";
import { createResilientCaller } from "../../src/ado/resilience";
import { resilientPort } from "../../src/ado/resilient-port";
import { storeCollections } from "../../src/ado/store";
import { StoredCollection, checkWholeStore, readWholeStore } from "../../src/ado/store-export";
import { generateProgramme } from "../../sandbox/generator";
import { reportFixture } from "../support/fixtures";

/** Reading the whole store for a backup (src/ado/store-export.ts): one list per collection, the store's checks. */

const NOW = new Date("2025-06-01T12:00:00Z");
const by = { id: "lead", displayName: "Test Lead" };
const names = storeCollections();

/** A port that only lists documents, from a table, counting the lists; `fail` makes a collection's list throw. */
function listingPort(docs: Record<string, StoredDocument[]>, fail?: (collection: string) => AdoRequestError) {
  const listed: DocumentAddress[] = [];
  const unused = () => Promise.reject(new Error("not used by an export"));
  const port = {
    orgUrl: "https://dev.azure.com/contoso",
    listDocuments: (address: DocumentAddress) => {
      listed.push(address);
      const error = fail?.(address.collection);
      if (error) return Promise.reject(error);
      return Promise.resolve(docs[address.collection] ?? []);
    },
    getDocument: unused,
    setDocument: unused,
    deleteDocument: unused,
  } as unknown as AdoPort;
  return { port, listed };
}

const resilient = (port: AdoPort) =>
  resilientPort(port, createResilientCaller({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 }));

describe("readWholeStore", () => {
  it("lists each of the four collections once, in the Default scope, absent ones as empty", async () => {
    const settings = { id: "settings", __etag: 3, settings: {} };
    const { port, listed } = listingPort({ [names.settings]: [settings] }, (c) =>
      c === names.audit
        ? new AdoRequestError("not-found", "no such collection", { operation: "GET", status: 404 })
        : (undefined as unknown as AdoRequestError),
    );
    const events: string[] = [];
    const read = await readWholeStore(resilient(port), {
      onCollection: (e) => events.push(`${e.collection}${e.count === undefined ? "" : `=${e.count}`}`),
    });
    expect(listed).toEqual(Object.values(names).map((collection) => ({ scopeType: "Default", collection })));
    expect(read.map((c) => [c.kind, c.collection, c.documents.length])).toEqual([
      ["settings", "qt-settings", 1],
      ["approvals", "qt-approvals", 0],
      ["audit", "qt-audit", 0],
      ["snapshots", "qt-snapshots", 0],
    ]);
    expect(read[0].documents[0]).toBe(settings);
    expect(events).toEqual([
      "qt-settings",
      "qt-settings=1",
      "qt-approvals",
      "qt-approvals=0",
      "qt-audit",
      "qt-audit=0",
      "qt-snapshots",
      "qt-snapshots=0",
    ]);
  });

  it("retries a failing list through the caller, then throws and lists nothing after it", async () => {
    const { port, listed } = listingPort({}, (c) =>
      c === names.approvals
        ? new AdoRequestError("server", "HTTP 503", { operation: "GET", status: 503 })
        : (undefined as unknown as AdoRequestError),
    );
    await expect(readWholeStore(resilient(port))).rejects.toThrow(/HTTP 503.*Gave up after 3 attempt/);
    expect(listed.map((a) => a.collection)).toEqual([names.settings, ...Array(3).fill(names.approvals)]);
  });

  it("refuses a list that holds something other than documents", async () => {
    const { port } = listingPort({ [names.snapshots]: [{ nope: 1 } as unknown as StoredDocument] });
    await expect(readWholeStore(resilient(port))).rejects.toThrow(
      /qt-snapshots holds something that is not a document/,
    );
  });

  it("opens a store source without a project, checking its options", () => {
    const options = { orgUrl: "https://dev.azure.com/contoso/", token: "t", extension: { publisher: "p", id: "e" } };
    expect(openNodeStoreSource({ ...options, concurrency: 2 }).port.orgUrl).toBe("https://dev.azure.com/contoso");
    expect(() => openNodeStoreSource({ ...options, concurrency: 0 })).toThrow(/concurrency/);
    expect(() => openNodeStoreSource({ ...options, orgUrl: "contoso", concurrency: 2 })).toThrow(/http\(s\)/);
  });
});

describe("checkWholeStore", () => {
  const collection = (kind: StoredCollection["kind"], documents: StoredDocument[]): StoredCollection => ({
    kind,
    collection: names[kind],
    documents,
  });
  const settings = generateProgramme({ seed: 1, scale: 0.05 }).settings;
  const chain = appendAudit(
    appendAudit([], { by, action: "a", subject: "s", detail: "one" }, NOW),
    {
      by,
      action: "b",
      subject: "s",
      detail: "two",
    },
    NOW,
  );
  const report = reportFixture().report;
  const sha = reportHash(report);
  const snapshot = { id: sha, __etag: 1, sha256: sha, participantRole: "X", window: "w", report };

  it("finds nothing in a store that verifies", () => {
    const approvals = { ...emptyApprovals(), audit: chain };
    expect(
      checkWholeStore([
        collection("settings", [{ id: "settings", __etag: 1, settings }]),
        collection("approvals", [{ id: "HOLL-X", __etag: 2, approvals }]),
        collection("audit", [{ id: "log", __etag: 2, entries: chain }]),
        collection("snapshots", [snapshot]),
      ]),
    ).toEqual([]);
  });

  it("reports invalid settings, broken chains, bad shapes, tampered snapshots and stray documents", () => {
    const edited = chain.map((e, i) => (i === 0 ? { ...e, detail: "changed" } : e));
    const findings = checkWholeStore([
      collection("settings", [
        { id: "settings", settings: { ...settings, windows: "none" } },
        { id: "other", settings },
      ]),
      collection("approvals", [
        { id: "HOLL-X", approvals: { ...emptyApprovals(), audit: edited } },
        { id: "OAKH-R", approvals: "no" },
      ]),
      collection("audit", [{ id: "log", entries: edited }]),
      collection("snapshots", [{ ...snapshot, report: { ...report, generatedAt: "2030-01-01T00:00:00.000Z" } }]),
    ]);
    expect(findings.map((f) => [f.kind, f.collection, f.id])).toEqual([
      ["settings-invalid", "qt-settings", "settings"],
      ["unexpected-document", "qt-settings", "other"],
      ["audit-broken", "qt-approvals", "HOLL-X"],
      ["document-invalid", "qt-approvals", "OAKH-R"],
      ["audit-broken", "qt-audit", "log"],
      ["snapshot-tampered", "qt-snapshots", sha],
    ]);
    expect(findings[0].message).toMatch(/\$\.windows/);
    expect(findings[2].message).toMatch(/^The audit log of HOLL-X is broken: /);
  });
});
