/**
 * The participant-role detail view in jsdom, over the real engine and the real store (createStore over an
 * in-memory extension-data port with etags). Only the ADO read is replaced: readParticipantRole returns facts
 * built with the test builders.
 */
import * as React from "react";
import * as ReactDOM from "react-dom";
import { act } from "react-dom/test-utils";
import { Approvals, emptyApprovals } from "../../../../src/core/approvals";
import { UserRef } from "../../../../src/core/audit";
import { ParticipantRoleFacts } from "../../../../src/core/facts";
import { Settings } from "../../../../src/core/settings";
import { AdoRequestError } from "../../../../src/ado/errors";
import { AdoPort, StoredDocument } from "../../../../src/ado/port";
import { createResilientCaller } from "../../../../src/ado/resilience";
import { QtStore, createStore } from "../../../../src/ado/store";
import { HostConnection } from "../../../../src/ui/host-connection";
import { HubRoute } from "../../../../src/hubs/qt-assurance/routes";
import { HubViewProps } from "../../../../src/hubs/qt-assurance/view-props";
import { ParticipantRoleDetail } from "../../../../src/hubs/qt-assurance/detail/ParticipantRoleDetail";
import { BSC_ASSURER, NOW, PARTICIPANT, defect, facts, point, settings } from "../../../support/builders";
import { sdkMock } from "../../../support/sdk-mock";

jest.mock("../../../../src/ado/reader", () => ({
  ...jest.requireActual("../../../../src/ado/reader"),
  readParticipantRole: jest.fn(),
}));
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the mocked module, typed
const reader = require("../../../../src/ado/reader") as { readParticipantRole: jest.Mock };

const ORG = "https://dev.azure.com/mhhs/";

/** Extension data documents in memory, with the service's __etag rules. */
function memoryPort(): AdoPort & { docs: Map<string, StoredDocument> } {
  const docs = new Map<string, StoredDocument>();
  const id = (collection: string, docId: string) => `${collection}/${docId.toLowerCase()}`;
  const refuse = (): never => {
    throw new Error("memory port: not a document method");
  };
  const copy = <T,>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
  return {
    docs,
    orgUrl: ORG,
    listPlans: refuse,
    getAnalytics: refuse,
    batchAnalytics: refuse,
    listSuites: refuse,
    listPoints: refuse,
    listTestCases: refuse,
    queryWiql: refuse,
    getWorkItems: refuse,
    getWorkItemsWithRelations: refuse,
    listWorkItemTypes: refuse,
    getWorkItemTypeStates: refuse,
    listWorkItemTypeFields: refuse,
    getFieldAllowedValues: refuse,
    getAreaTree: refuse,
    evaluatePermissions: refuse,
    listWorkItemRevisions: refuse,
    authenticatedUser: refuse,
    listTeamMembers: refuse,
    uploadAttachment: refuse,
    listAttachedFiles: refuse,
    readAttachment: refuse,
    createWorkItem: refuse,
    updateWorkItem: refuse,
    async getDocument(address, docId) {
      const found = docs.get(id(address.collection, docId));
      return found ? copy(found) : undefined;
    },
    async listDocuments(address) {
      return [...docs.entries()].filter(([k]) => k.startsWith(`${address.collection}/`)).map(([, d]) => copy(d));
    },
    async setDocument(address, doc) {
      const k = id(address.collection, doc.id);
      const current = docs.get(k);
      const etag = doc.__etag;
      if (etag !== -1 && (current ? etag !== current.__etag : etag !== undefined && etag !== 0))
        throw new AdoRequestError("conflict", "The document was changed", { status: 409, operation: "PUT document" });
      const stored = { ...copy(doc), __etag: (current?.__etag ?? 0) + 1 };
      docs.set(k, stored);
      return copy(stored);
    },
    async deleteDocument(address, docId) {
      docs.delete(id(address.collection, docId));
    },
  };
}

const TESTS_SETTINGS: Settings = settings();
const FAILED = 7001;
const NOT_RUN = 7002;
const SEV2 = 501;
const SEV3 = 502;

function sampleFacts(): ParticipantRoleFacts {
  return facts({
    points: [
      point({ id: 7000, outcome: "passed" }),
      point({ id: FAILED, outcome: "failed", url: `${ORG}points/${FAILED}` }),
      point({ id: NOT_RUN, outcome: "unspecified" }),
    ],
    defects: [
      defect({
        id: SEV2,
        title: "Payment file rejected",
        severity: "2 - High",
        url: `${ORG}MHHS/_workitems/edit/${SEV2}`,
      }),
      defect({
        id: SEV3,
        title: "Report footer misaligned",
        severity: "3 - Medium",
        impact: "Cosmetic only",
        mitigation: "Fix in next release",
        url: `${ORG}MHHS/_workitems/edit/${SEV3}`,
      }),
    ],
    testCaseCount: 3,
  });
}

let container: HTMLDivElement;
let port: ReturnType<typeof memoryPort>;
let store: QtStore;
let navigate: jest.Mock<void, [HubRoute]>;

beforeEach(() => {
  sdkMock.reset();
  reader.readParticipantRole.mockReset();
  reader.readParticipantRole.mockImplementation(async () => sampleFacts());
  port = memoryPort();
  store = createStore(port, { pause: async () => undefined });
  navigate = jest.fn();
  container = document.createElement("div");
  document.body.appendChild(container);
});

afterEach(() => {
  ReactDOM.unmountComponentAtNode(container);
  container.remove();
});

function props(me: UserRef, overrides: Partial<HubViewProps> = {}): HubViewProps {
  return {
    data: {
      // The view never uses the host connection itself: an empty stand-in is enough.
      host: {} as HostConnection,
      port,
      // The bare memory port: its requests cost nothing to retry, and the store under test already wraps it.
      api: port,
      caller: createResilientCaller(),
      store,
      project: "MHHS",
      me,
    },
    settings: TESTS_SETTINGS,
    navigate,
    now: () => NOW,
    ...overrides,
  };
}

async function flush(): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (condition()) return;
    await flush();
  }
  throw new Error(`timed out waiting for ${what}; page text: ${container.textContent}`);
}

async function renderDetail(me: UserRef, tab?: string, overrides: Partial<HubViewProps> = {}): Promise<void> {
  act(() => {
    ReactDOM.render(<ParticipantRoleDetail {...props(me, overrides)} participantRole="ABCD-X" tab={tab} />, container);
  });
  await waitFor("the view to load", () => !container.querySelector(".bolt-spinner"));
}

const text = () => container.textContent ?? "";
const buttons = () => [...container.querySelectorAll("button")];
const button = (label: string | RegExp) => {
  const found = buttons().find((b) =>
    typeof label === "string" ? b.textContent?.trim() === label : label.test(b.textContent ?? ""),
  );
  if (!found)
    throw new Error(
      `no button ${label}; buttons: ${buttons()
        .map((b) => b.textContent)
        .join(" | ")}`,
    );
  return found;
};
function click(el: Element): void {
  act(() => {
    el.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  });
}
function type(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  act(() => {
    Object.getOwnPropertyDescriptor(proto, "value")!.set!.call(el, value);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
}
/** The text field a FormItem labels (through aria-labelledby, as assistive technology finds it). */
function field(label: string): HTMLInputElement | HTMLTextAreaElement {
  const labelEl = [...container.querySelectorAll("label")].find((l) => l.textContent?.trim() === label);
  if (!labelEl) throw new Error(`no label "${label}"`);
  const found = container.querySelector(`[aria-labelledby~="${labelEl.id}"]`);
  if (!(found instanceof HTMLInputElement || found instanceof HTMLTextAreaElement))
    throw new Error(`no field labelled "${label}"`);
  return found;
}
const criterion = (id: string) => container.querySelector(`[data-criterion="${id}"]`) as HTMLElement;

describe("the participant-role detail view", () => {
  it("shows the header and every criterion with its reasons, defects linking to their work items", async () => {
    await renderDetail(PARTICIPANT);
    expect(text()).toContain("Alpha Energy · ABCD-X");
    expect(text()).toContain("Governing bodies: BSC, REC");
    expect(text()).toContain("Tranche 1");
    expect(text()).toMatch(/\d+ days left/);
    expect(text()).toContain("Not ready");
    for (const id of ["E1", "E2", "E3", "E4", "E5"]) expect(criterion(id)).not.toBeNull();
    const e2 = criterion("E2");
    expect(e2.textContent).toContain("Not met");
    const link = e2.querySelector(`a[href="${ORG}MHHS/_workitems/edit/${SEV2}"]`) as HTMLAnchorElement;
    expect(link).not.toBeNull();
    expect(link.target).toBe("_blank");
    expect(link.rel).toBe("noopener noreferrer");
    expect(link.textContent).toBe(`Defect ${SEV2}`);
    // E4 names the failed point and the point not run by their test cases and configurations, the point ids in
    // the tooltips.
    const titles = [...criterion("E4").querySelectorAll("[title]")].map((e) => e.getAttribute("title"));
    expect(titles.some((t) => t?.includes(`(test point ${FAILED})`))).toBe(true);
    expect(titles.some((t) => t?.includes(`(test point ${NOT_RUN})`))).toBe(true);
    expect(criterion("E4").textContent).toMatch(/Test case \d+ · UIT/);
    expect(criterion("E4").textContent).not.toContain(`Point ${FAILED}`);
  });

  it("keeps the tab in the URL, and links back to the portfolio and on to the report", async () => {
    await renderDetail(PARTICIPANT);
    const tab = [...container.querySelectorAll('[role="tab"]')].find((t) => t.textContent === "Coverage");
    expect(tab).toBeDefined();
    click(tab!);
    expect(navigate).toHaveBeenCalledWith({ view: "detail", participantRole: "ABCD-X", tab: "coverage" });
    expect(text()).toContain("3 planned");
    click(container.querySelector('[aria-label="Back to the portfolio"]')!);
    expect(navigate).toHaveBeenLastCalledWith({ view: "portfolio" });
    click(button("Completion report"));
    expect(navigate).toHaveBeenLastCalledWith({ view: "report", participantRole: "ABCD-X" });
  });

  it("lists outstanding defects by severity and filters them", async () => {
    await renderDetail(PARTICIPANT, "defects");
    expect(text()).toContain("Payment file rejected");
    expect(text()).toContain("Report footer misaligned");
    click(button(/^Sev2/));
    expect(text()).toContain("Payment file rejected");
    expect(text()).not.toContain("Report footer misaligned");
  });

  it("shows no actions to a user who is not an assurer, and says why", async () => {
    for (const tab of ["waivers", "mitigations", "entry", "signoffs"]) {
      await renderDetail(PARTICIPANT, tab);
      expect(text()).toContain("Read only");
      expect(buttons().filter((b) => /Record|Agree|Approve|Reject|Update|Revoke/.test(b.textContent ?? ""))).toEqual(
        [],
      );
      expect(container.querySelector('[role="checkbox"], input[type="checkbox"]')).toBeNull();
      ReactDOM.unmountComponentAtNode(container);
    }
  });

  it("lets a BSC assurer waive a failed point with a reason, recording it through the store, and shows E4 change", async () => {
    const recordApproval = jest.spyOn(store, "recordApproval");
    await renderDetail(BSC_ASSURER, "waivers");
    expect(text()).toContain("cannot enforce this on the server");
    expect(text()).toContain("0 approved, 2 missing");
    // No reason: refused before anything is written.
    const row = [...container.querySelectorAll("tr")].find((r) => r.textContent?.includes(String(FAILED)));
    expect(row).toBeDefined();
    // The row's checkbox cell (ColumnSelect) toggles the row on mouse down, as it does on Space.
    expect(row!.querySelector('[role="checkbox"]')).not.toBeNull();
    const cell = row!.querySelector("td.bolt-table-cell-select") as HTMLElement;
    act(() => {
      cell.dispatchEvent(new MouseEvent("mousedown", { bubbles: true }));
    });
    expect(text()).toContain("1 selected");
    click(button("Record waiver (1)"));
    expect(text()).toContain("A reason is required.");
    expect(recordApproval).not.toHaveBeenCalled();

    type(field("Reason for the waiver (required)"), "Known environment fault, accepted by BSC");
    click(button("Record waiver (1)"));
    await waitFor("the waiver to be recorded", () => text().includes("recorded."));
    expect(recordApproval).toHaveBeenCalledTimes(1);
    expect(recordApproval.mock.calls[0][0]).toBe("ABCD-X");
    const change = recordApproval.mock.calls[0][1];
    const changed = change(emptyApprovals());
    expect(changed.ok).toBe(true);
    const waivers = (changed as { ok: true; value: Approvals }).value.waivers;
    expect(waivers).toEqual([
      expect.objectContaining({
        participantRole: "ABCD-X",
        window: "tranche-1",
        pointId: FAILED,
        kind: "waiver",
        outcomeAtApproval: "failed",
        reason: "Known environment fault, accepted by BSC",
        body: "BSC",
        approvedBy: BSC_ASSURER,
      }),
    ]);
    // ABCD-X is a Supplier: BSC's waiver stands, and REC's is still needed.
    expect(text()).toMatch(/E4 still not met: 0 waived, 2 missing.* → 0 waived, 2 missing/);
    click([...container.querySelectorAll('[role="tab"]')].find((t) => t.textContent === "Criteria")!);
    expect(text()).toContain("1 test point approved by only some of the governing bodies: awaiting REC.");
    // Stored, with its audit entry.
    const loaded = await store.loadApprovals("ABCD-X");
    expect(loaded.kind === "ok" && loaded.approvals.waivers.length).toBe(1);
    expect(loaded.kind === "ok" && loaded.audit).toBe("intact");
  });

  it("offers no sign-off before a report is submitted, and shows where the participant-role stands", async () => {
    await renderDetail(BSC_ASSURER, "signoffs");
    expect(container.querySelector('[data-testid="no-report"]')).not.toBeNull();
    expect(buttons().some((b) => /Sign off for/.test(b.textContent ?? ""))).toBe(false);
    // No entry criterion accepted yet: the stage is Entry, naming them, whatever the execution.
    const stage = container.querySelector('[data-testid="stage"]')!;
    expect(stage.querySelector("[data-stage]")?.getAttribute("data-stage")).toBe("entry");
    expect(stage.textContent).toContain("6 must-have entry criteria are not yet accepted");
    expect(stage.querySelector('[aria-current="step"]')?.textContent).toContain("Entry");
  });

  it("agrees a Sev3 mitigation with a note", async () => {
    await renderDetail(BSC_ASSURER, "mitigations");
    click(button("Agree mitigation…"));
    type(field(`Note on the agreement of defect ${SEV3} (optional)`), "ok");
    click(button("Record agreement"));
    await waitFor("the agreement", () => text().includes(`Mitigation agreement for defect ${SEV3} recorded.`));
    // ABCD-X is a Supplier: BSC's agreement stands, REC's is still needed, and BSC has nothing more to agree.
    expect(text()).toContain("agreement missing (awaiting REC)");
    expect(buttons().some((b) => b.textContent === "Agree mitigation…")).toBe(false);
    expect(button("Revoke agreement…")).toBeDefined();
  });

  it("shows the core's reasons when a change is rejected", async () => {
    await renderDetail(BSC_ASSURER, "entry");
    click(buttons().find((b) => b.getAttribute("aria-label")?.startsWith("Update MHHS-DEL1049"))!);
    type(field("Evidence link (http or https)"), "ftp://nope");
    click(button("Record"));
    await waitFor("the rejection", () => text().includes("was not recorded"));
    expect(text()).toContain('The evidence link must be an http(s) address; "ftp://nope" is not.');
    expect(container.querySelector('[role="alert"]')).not.toBeNull();
  });

  it("says someone else changed the approvals on a conflict, and reloads", async () => {
    const conflicting: QtStore = {
      ...store,
      recordApproval: async () => ({ kind: "conflict", message: "changed 12 times while recording", attempts: 12 }),
    };
    await renderDetail(BSC_ASSURER, "entry", { data: { ...props(BSC_ASSURER).data, store: conflicting } });
    expect(reader.readParticipantRole).toHaveBeenCalledTimes(1);
    click(buttons().find((b) => b.getAttribute("aria-label")?.startsWith("Update MHHS-DEL1049"))!);
    type(field("Evidence link (http or https)"), "https://evidence.example/del1049");
    click(button("Record"));
    await waitFor("the conflict message", () => text().includes("Someone else changed"));
    await waitFor("the reload", () => reader.readParticipantRole.mock.calls.length === 2);
    await waitFor("the view", () => !container.querySelector(".bolt-spinner"));
    expect(text()).toContain("Someone else changed this participant-role's approvals");
    expect(text()).toContain("changed 12 times while recording");
  });

  it("refuses to assess over a broken audit chain, with a Retry", async () => {
    await store.recordApproval("ABCD-X", (a) => ({
      ok: true,
      value: {
        ...a,
        audit: [
          {
            seq: 1,
            at: NOW.toISOString(),
            by: BSC_ASSURER,
            action: "waiver.recorded",
            subject: "x",
            detail: "edited",
            prevHash: "0".repeat(64),
            hash: "f".repeat(64),
          },
        ],
      },
    }));
    await renderDetail(BSC_ASSURER);
    expect(text()).toContain("audit log of ABCD-X is broken");
    expect(container.querySelector("[data-criterion]")).toBeNull();
    port.docs.clear();
    click(button("Retry"));
    await waitFor("the retry", () => !!container.querySelector("[data-criterion]"));
  });

  it("shows an error with a Retry when the read fails", async () => {
    reader.readParticipantRole.mockRejectedValueOnce(new Error("TF400813: not authorised"));
    await renderDetail(PARTICIPANT);
    expect(text()).toContain("ABCD-X cannot be shown: TF400813: not authorised");
    click(button("Retry"));
    await waitFor("the retry", () => !!container.querySelector("[data-criterion]"));
  });
});
