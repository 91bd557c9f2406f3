/**
 * A fake HubData for the settings hub's unit tests: an in-memory AdoPort (extension data with real `__etag`
 * behaviour, work item types, states, fields, allowed values, areas and plans), the real store over it, a
 * pass-through caller, and the type catalogue over that port.
 */
import { AdoRequestError } from "../../../../src/ado/errors";
import { AdoPort, RawAreaNode, RawPlan, RawState, StoredDocument } from "../../../../src/ado/port";
import { ResilientCaller } from "../../../../src/ado/resilience";
import { createStore } from "../../../../src/ado/store";
import { Settings } from "../../../../src/core/settings";
import { HubData } from "../../../../src/ui/hub-data";
import { HostConnection } from "../../../../src/ui/host-connection";
import { FieldRef, TypeCatalog, createTypeCatalog } from "../../../../src/hubs/settings/catalog";

export interface FakeOrg {
  types: Record<string, { states: RawState[]; fields: (FieldRef & { allowedValues?: string[] })[] }>;
  areas: RawAreaNode;
  plans: RawPlan[];
  documents: Map<string, StoredDocument>;
  /** Make every document read fail (e.g. the host is unreachable). */
  failReads?: boolean;
}

export function fakeOrg(): FakeOrg {
  const bugFields = [
    { referenceName: "System.Title", name: "Title" },
    { referenceName: "System.State", name: "State" },
    {
      referenceName: "Custom.QTSeverity",
      name: "QT Severity",
      allowedValues: [
        "Sev1 - Critical",
        "Sev2 - Major",
        "Sev3 - Moderate",
        "Sev4 - Minor",
        "Sev5 - Cosmetic",
        "Sev9 - Unknown",
      ],
    },
    {
      referenceName: "Microsoft.VSTS.Common.Severity",
      name: "Severity",
      allowedValues: ["1 - Critical", "2 - High", "3 - Medium", "4 - Low"],
    },
    { referenceName: "Custom.ImpactAssessment", name: "Impact Assessment" },
    { referenceName: "Custom.MitigationPlan", name: "Mitigation Plan" },
  ];
  return {
    types: {
      Bug: {
        states: [
          { name: "New", category: "Proposed" },
          { name: "Active", category: "InProgress" },
          { name: "Resolved", category: "Resolved" },
          { name: "Closed", category: "Completed" },
        ],
        fields: bugFields,
      },
      "Test Case": { states: [{ name: "Design", category: "Proposed" }], fields: bugFields.slice(0, 2) },
    },
    areas: {
      id: 1,
      name: "MHHS QT",
      children: [
        {
          id: 2,
          name: "tranche-1",
          children: [
            { id: 3, name: "HOLL-X" },
            { id: 4, name: "ORCH-X" },
          ],
        },
      ],
    },
    plans: [
      { id: 1, name: "QT tranche-1 HOLL-X" },
      { id: 2, name: "QT tranche-1 ORCH-X" },
    ],
    documents: new Map(),
  };
}

export function sampleSettings(): Settings {
  return {
    schemaVersion: 1,
    defects: {
      workItemTypes: ["Bug"],
      severityField: "Custom.QTSeverity",
      severityMap: {
        "Sev1 - Critical": 1,
        "Sev2 - Major": 2,
        "Sev3 - Moderate": 3,
        "Sev4 - Minor": 4,
        "Sev5 - Cosmetic": 5,
      },
      inferSeverityFromNumber: false,
      impactField: "Custom.ImpactAssessment",
      mitigationField: "Custom.MitigationPlan",
      stateOverrides: [],
    },
    registry: [
      {
        mpid: "HOLL",
        roleCode: "X",
        participantName: "Hollowmere Energy Supply",
        route: "QT",
        window: "tranche-1",
        testPlans: [{ planId: 1 }],
        defectScope: { areaPaths: ["MHHS QT\\tranche-1\\HOLL-X"] },
      },
    ],
    windows: [
      {
        id: "tranche-1",
        name: "Tranche 1",
        environmentPreparation: { start: "2024-08-06", end: "2025-01-13" },
        execution: { start: "2025-01-20", end: "2025-09-29" },
      },
    ],
    roles: [
      {
        code: "X",
        name: "Supplier",
        abbreviation: "Supplier",
        governingBodies: ["BSC", "REC"],
        approvers: ["BSC", "REC"],
      },
    ],
    assurers: [{ user: "beatrix@example.org", displayName: "Beatrix", body: "BSC" }],
  };
}

const notFound = (what: string) =>
  new AdoRequestError("not-found", `${what} not found`, { operation: what, status: 404 });

export function fakePort(org: FakeOrg): AdoPort {
  const docKey = (collection: string, id: string) => `${collection}/${id}`;
  const type = (name: string) => {
    const t = Object.entries(org.types).find(([k]) => k.toLowerCase() === name.toLowerCase());
    if (!t) throw notFound(`work item type ${name}`);
    return t[1];
  };
  const unsupported = (): never => {
    throw new Error("not used by the settings hub");
  };
  return {
    orgUrl: "https://dev.azure.com/fake",
    listPlans: async () => ({ items: org.plans }),
    listSuites: unsupported,
    getAnalytics: unsupported,
    batchAnalytics: unsupported,
    listPoints: unsupported,
    listTestCases: unsupported,
    queryWiql: unsupported,
    getWorkItems: unsupported,
    getWorkItemsWithRelations: unsupported,
    listWorkItemTypes: async () => Object.keys(org.types).map((name) => ({ name })),
    getWorkItemTypeStates: async (_, t) => type(t).states,
    listWorkItemTypeFields: async (_, t) => type(t).fields.map(({ referenceName, name }) => ({ referenceName, name })),
    getFieldAllowedValues: async (_, t, f) => {
      const field = type(t).fields.find((x) => x.referenceName.toLowerCase() === f.toLowerCase());
      if (!field) throw notFound(`field ${f}`);
      return field.allowedValues ?? [];
    },
    getAreaTree: async () => org.areas,
    evaluatePermissions: async (checks) => checks.map(() => true),
    listWorkItemRevisions: async () => ({ items: [], isLastBatch: true }),
    authenticatedUser: async () => ({ id: "u-settings", displayName: "Settings Admin" }),
    listTeamMembers: async () => [],
    uploadAttachment: () => Promise.reject(new Error("not in this fake")),
    listAttachedFiles: async () => [],
    readAttachment: () => Promise.reject(new Error("not in this fake")),
    createWorkItem: () => Promise.reject(new Error("the settings hub writes no work item")),
    updateWorkItem: () => Promise.reject(new Error("the settings hub writes no work item")),
    getDocument: async (address, id) => {
      if (org.failReads) throw new AdoRequestError("forbidden", "TF400813: not authorised", { operation: "GET doc" });
      const doc = org.documents.get(docKey(address.collection, id));
      return doc ? structuredClone(doc) : undefined;
    },
    listDocuments: async (address) =>
      [...org.documents.entries()]
        .filter(([k]) => k.startsWith(`${address.collection}/`))
        .map(([, d]) => structuredClone(d)),
    setDocument: async (address, doc) => {
      const k = docKey(address.collection, doc.id);
      const current = org.documents.get(k);
      const etag = doc.__etag;
      if (etag !== -1 && (current ? etag !== current.__etag : etag !== undefined && etag !== 0)) {
        throw new AdoRequestError("conflict", "etag mismatch", { operation: "PUT doc", status: 409 });
      }
      const saved = { ...structuredClone(doc), __etag: (current?.__etag ?? 0) + 1 };
      org.documents.set(k, saved);
      return structuredClone(saved);
    },
    deleteDocument: async (address, id) => void org.documents.delete(docKey(address.collection, id)),
  };
}

export function storeSettingsDoc(org: FakeOrg, settings: unknown, etag = 1): void {
  org.documents.set("qt-settings/settings", { id: "settings", __etag: etag, settings });
}

/** Stores sample settings that do not validate: window 0's execution ends before it starts ($.windows[0].execution.end). */
export function storeInvalidSettingsDoc(org: FakeOrg, etag = 4): Record<string, unknown> {
  const broken = sampleSettings() as unknown as Record<string, unknown>;
  (broken.windows as { execution: { end: string } }[])[0].execution.end = "2020-01-01";
  storeSettingsDoc(org, broken, etag);
  return broken;
}

const passThrough: ResilientCaller = {
  call: (_operation, fn) => fn(),
  delayArea: () => undefined,
  stats: () => ({ requests: 0, retries: 0, throttledWaitMs: 0 }),
};

export function fakeHubData(org: FakeOrg): HubData {
  const port = fakePort(org);
  const host = {
    orgUrl: "https://dev.azure.com/fake/",
    project: { id: "p1", name: "MHHS QT" },
    user: { id: "u1", name: "admin@example.org", displayName: "Admin" },
    extension: { publisherId: "qt-assurance", extensionId: "qt-assurance" },
    configuration: {},
    accessToken: async () => "token",
    navigation: {} as HostConnection["navigation"],
  } satisfies HostConnection;
  return {
    host,
    port,
    api: port,
    caller: passThrough,
    store: createStore(port, { pause: async () => undefined }),
    project: "MHHS QT",
    me: { id: "u1", uniqueName: "admin@example.org", displayName: "Admin" },
  };
}

/** The hub's real catalogue over the fake port. */
export function fakeCatalog(org: FakeOrg): TypeCatalog {
  return createTypeCatalog(fakePort(org));
}
