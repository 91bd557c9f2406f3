import { AdoRequestError } from "../../src/ado/errors";
import { AdoPort, RawWorkItem, RevisionBatch, StoredDocument } from "../../src/ado/port";
import { CallOptions } from "../../src/ado/reader-deps";
import { ResilientCaller, createResilientCaller } from "../../src/ado/resilience";
import { resilientPort } from "../../src/ado/resilient-port";

/** The port wrapped once in the resilient caller (src/ado/resilient-port.ts). */

const address = { scopeType: "Default" as const, collection: "qt-approvals" };

/** A port whose every method answers at once and records that it was called. */
function recordingPort(): { port: AdoPort; called: string[] } {
  const called: string[] = [];
  // The answers' types do not matter to the wrapper, which hands back whatever the port gave.
  const answer =
    <T>(name: string, value: T) =>
    (): Promise<T> => {
      called.push(name);
      return Promise.resolve(value);
    };
  const page = { items: [] as never[] };
  const port: AdoPort = {
    orgUrl: "https://dev.azure.com/contoso",
    listPlans: answer("listPlans", page),
    listSuites: answer("listSuites", page),
    listPoints: answer("listPoints", page),
    listTestCases: answer("listTestCases", page),
    queryWiql: answer<number[]>("queryWiql", []),
    getWorkItems: answer<RawWorkItem[]>("getWorkItems", []),
    getWorkItemsWithRelations: answer<RawWorkItem[]>("getWorkItemsWithRelations", []),
    listWorkItemTypes: answer("listWorkItemTypes", []),
    getWorkItemTypeStates: answer("getWorkItemTypeStates", []),
    listWorkItemTypeFields: answer("listWorkItemTypeFields", []),
    getFieldAllowedValues: answer("getFieldAllowedValues", []),
    getAreaTree: answer("getAreaTree", { id: 1, name: "MHHS" }),
    evaluatePermissions: answer<boolean[]>("evaluatePermissions", []),
    listWorkItemRevisions: answer<RevisionBatch>("listWorkItemRevisions", { items: [], isLastBatch: true }),
    authenticatedUser: answer("authenticatedUser", { id: "u", displayName: "U" }),
    listTeamMembers: answer("listTeamMembers", []),
    uploadAttachment: answer("uploadAttachment", { id: "a", url: "u" }),
    listAttachedFiles: answer("listAttachedFiles", []),
    readAttachment: answer("readAttachment", "{}"),
    createWorkItem: answer<RawWorkItem>("createWorkItem", { id: 1, fields: {} }),
    updateWorkItem: answer<RawWorkItem>("updateWorkItem", { id: 1, fields: {} }),
    getDocument: answer<StoredDocument | undefined>("getDocument", undefined),
    listDocuments: answer("listDocuments", []),
    setDocument: answer("setDocument", { id: "x", __etag: 1 }),
    deleteDocument: answer<void>("deleteDocument", undefined),
    getAnalytics: answer("getAnalytics", { value: [] }),
    batchAnalytics: answer("batchAnalytics", { value: [] }),
  };
  return { port, called };
}

function recordingCaller(): { caller: ResilientCaller; calls: { operation: string; options?: CallOptions }[] } {
  const calls: { operation: string; options?: CallOptions }[] = [];
  const caller: ResilientCaller = {
    call: (operation, fn, options) => {
      calls.push({ operation, options });
      return fn();
    },
    delayArea: () => undefined,
    stats: () => ({ requests: calls.length, retries: 0, throttledWaitMs: 0 }),
  };
  return { caller, calls };
}

describe("resilientPort", () => {
  it("runs every request of every method through the caller, once, named by its REST operation", async () => {
    const { port, called } = recordingPort();
    const { caller, calls } = recordingCaller();
    const api = resilientPort(port, caller);
    await api.listPlans("MHHS");
    await api.listPlans("MHHS", "next");
    await api.listSuites("MHHS", 12);
    await api.listPoints("MHHS", 12, 40, { recursive: true, continuationToken: "p2" });
    await api.listTestCases("MHHS", 12, 40);
    await api.queryWiql("MHHS", "SELECT [System.Id] FROM WorkItems", 100);
    await api.getWorkItems("MHHS", [1, 2], ["System.Title"]);
    await api.getWorkItemsWithRelations("MHHS", [1, 2]);
    await api.listWorkItemTypes("MHHS");
    await api.getWorkItemTypeStates("MHHS", "Bug");
    await api.listWorkItemTypeFields("MHHS", "Bug");
    await api.getFieldAllowedValues("MHHS", "Bug", "Microsoft.VSTS.Common.Severity");
    await api.getAreaTree("MHHS", 6);
    await api.evaluatePermissions([]);
    await api.listWorkItemRevisions("MHHS", { types: ["QT Approval"] });
    await api.listWorkItemRevisions("MHHS", { types: ["QT Approval"], continuationToken: "794" });
    await api.authenticatedUser();
    await api.listTeamMembers("MHHS", "BSC Assurers", { top: 100, skip: 0 });
    await api.createWorkItem("MHHS", "QT Approval", { "System.Title": "x" });
    await api.updateWorkItem("MHHS", 7, { "System.State": "Revoked" });
    await api.uploadAttachment("MHHS", "report.json", "{}");
    await api.listAttachedFiles("MHHS", 7);
    await api.readAttachment("MHHS", "a");
    await api.getDocument(address, "ABCD-X");
    await api.listDocuments(address);
    await api.setDocument(address, { id: "ABCD-X" });
    await api.deleteDocument(address, "ABCD-X");
    const odata = "https://analytics.dev.azure.com/contoso/MHHS/_odata/v4.0-preview";
    await api.getAnalytics(`${odata}/TestPointHistorySnapshot?$apply=x`);
    await api.batchAnalytics(`${odata}/$batch`, `${odata}/WorkItemSnapshot?$apply=y`);

    expect(api.orgUrl).toBe(port.orgUrl);
    // Every port method is wrapped (the list is the port's own: a method added to it must be wrapped too).
    expect(new Set(called)).toEqual(new Set(Object.keys(port).filter((k) => k !== "orgUrl")));
    expect(calls.map((c) => c.operation)).toEqual([
      "GET testplan/Plans",
      "GET testplan/Plans",
      "GET testplan/Plans/12/Suites",
      "GET testplan/Plans/12/Suites/40/TestPoint",
      "GET testplan/Plans/12/Suites/40/TestCase",
      "POST wit/wiql",
      "POST wit/workitemsbatch",
      "POST wit/workitemsbatch",
      "GET wit/workitemtypes",
      "GET wit/workitemtypes/Bug/states",
      "GET wit/workitemtypes/Bug/fields",
      "GET wit/workitemtypes/Bug/fields/Microsoft.VSTS.Common.Severity",
      "GET wit/classificationnodes/areas",
      "POST security/permissionevaluationbatch",
      "GET wit/reporting/workitemrevisions",
      "GET wit/reporting/workitemrevisions",
      "GET connectionData",
      "GET projects/MHHS/teams/BSC Assurers/members",
      "POST wit/workitems/$QT Approval",
      "PATCH wit/workitems/7",
      "POST wit/attachments",
      "GET wit/workitems/7?$expand=relations",
      "GET wit/attachments/a",
      "GET extensionmanagement/Default/qt-approvals/Documents/ABCD-X",
      "GET extensionmanagement/Default/qt-approvals/Documents",
      "PUT extensionmanagement/Default/qt-approvals/Documents",
      "DELETE extensionmanagement/Default/qt-approvals/Documents/ABCD-X",
      "GET _odata/TestPointHistorySnapshot",
      "GET _odata/WorkItemSnapshot",
    ]);
    // A later page of a list goes first: only requests with a continuation token say so.
    expect(calls.filter((c) => c.options?.continuation).map((c) => c.operation)).toEqual([
      "GET testplan/Plans",
      "GET testplan/Plans/12/Suites/40/TestPoint",
      "GET wit/reporting/workitemrevisions",
    ]);
  });

  it("retries a failing request through the real caller and gives up with the last error", async () => {
    const { port } = recordingPort();
    let attempts = 0;
    port.getDocument = () => {
      attempts += 1;
      return Promise.reject(new AdoRequestError("server", "HTTP 503", { operation: "GET", status: 503 }));
    };
    const api = resilientPort(port, createResilientCaller({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 }));
    await expect(api.getDocument(address, "ABCD-X")).rejects.toThrow(/HTTP 503.*Gave up after 3 attempt/);
    expect(attempts).toBe(3);
  });
});
