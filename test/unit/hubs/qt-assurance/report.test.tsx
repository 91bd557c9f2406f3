/**
 * The completion report view in jsdom: the preview, the downloads (their Blobs and file names), who may submit,
 * the submit flow and its outcomes, the snapshot list and the comparison of two snapshots. ADO reads are replaced
 * by the fixture's facts; the store is an in-memory fake that hashes and records like the real one.
 */
import * as React from "react";
import * as ReactDOM from "react-dom";
import { act } from "react-dom/test-utils";
import { Approvals, emptyApprovals, recordSubmission } from "../../../../src/core/approvals";
import { assess } from "../../../../src/core/assess";
import { UserRef } from "../../../../src/core/audit";
import { ParticipantRoleFacts } from "../../../../src/core/facts";
import { CompletionReport, buildCompletionReport, reportHash } from "../../../../src/core/report";
import { Settings } from "../../../../src/core/settings";
import { QtStore, SnapshotResult, SubmitResult } from "../../../../src/ado/store-types";
import { HubData } from "../../../../src/ui/hub-data";
import { HubRoute } from "../../../../src/hubs/qt-assurance/routes";
import { CompletionReportView } from "../../../../src/hubs/qt-assurance/report/CompletionReportView";
import { reportFileName } from "../../../../src/hubs/qt-assurance/report/downloads";
import {
  BSC,
  FIXTURE_NOW,
  LEAD,
  PARTICIPANT_ROLE,
  WINDOW,
  fixtureApprovals,
  fixtureFacts,
  fixtureSettings,
} from "../../../support/fixtures";

jest.mock("../../../../src/ado/reader", () => ({ readParticipantRole: jest.fn() }));
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the mocked module, typed
const reader = require("../../../../src/ado/reader") as { readParticipantRole: jest.Mock };

const NOW = new Date("2025-06-01T12:30:00Z");
const ORG = "https://dev.azure.com/contoso/";

interface FakeStore {
  store: QtStore;
  snapshots: Map<string, CompletionReport>;
  approvals(): Approvals;
  submitReport: jest.Mock;
}

/** The store's methods the view uses, in memory: snapshots by their real hash, submissions recorded for real. */
function fakeStore(initial: Approvals = emptyApprovals()): FakeStore {
  let approvals = initial;
  const snapshots = new Map<string, CompletionReport>();
  const submitReport = jest.fn(async (report: CompletionReport, by: UserRef, now: Date): Promise<SubmitResult> => {
    const sha256 = reportHash(report);
    snapshots.set(sha256, JSON.parse(JSON.stringify(report)) as CompletionReport);
    const recorded = recordSubmission(
      approvals,
      {
        participantRole: report.scope.participantRole,
        window: WINDOW,
        sha256,
        verdictAtSubmission: report.verdict.code,
      },
      by,
      now,
    );
    if (!recorded.ok) return { kind: "rejected", errors: recorded.errors };
    approvals = recorded.value;
    return { kind: "submitted", sha256, approvals, etag: 2 };
  });
  const store: Partial<QtStore> = {
    loadApprovals: async () => ({ kind: "ok", approvals, etag: 1, audit: "intact" }),
    listSnapshots: async (key, window) =>
      [...snapshots]
        .filter(([, r]) => r.scope.participantRole === key && (r.scope.window?.id ?? "") === window)
        .map(([sha256, report]): SnapshotResult => ({ kind: "ok", sha256, report })),
    getSnapshot: async (sha256) => {
      const report = snapshots.get(sha256);
      return report ? { kind: "ok", sha256, report } : { kind: "missing", sha256 };
    },
    submitReport,
  };
  // Only the methods above are called by the view.
  return { store: store as QtStore, snapshots, approvals: () => approvals, submitReport };
}

function hubData(store: QtStore, me: UserRef): HubData {
  const data: Partial<HubData> = {
    host: { orgUrl: ORG } as HubData["host"], // only orgUrl is read
    port: {} as HubData["port"], // the reader is mocked
    caller: { call: (_op: string, fn: () => Promise<unknown>) => fn() } as unknown as HubData["caller"],
    store,
    project: "MHHS",
    me,
  };
  return data as HubData;
}

let container: HTMLDivElement;
let created: { blob: Blob; name: string }[];
let lastBlob: Blob | undefined;

beforeEach(() => {
  container = document.createElement("div");
  document.body.appendChild(container);
  reader.readParticipantRole.mockReset();
  reader.readParticipantRole.mockResolvedValue(fixtureFacts());
  created = [];
  lastBlob = undefined;
  URL.createObjectURL = jest.fn((blob: Blob) => {
    lastBlob = blob;
    return `blob:test/${created.length}`;
  });
  URL.revokeObjectURL = jest.fn();
  jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    if (lastBlob) created.push({ blob: lastBlob, name: this.download });
  });
});

afterEach(() => {
  act(() => {
    ReactDOM.unmountComponentAtNode(container);
  });
  container.remove();
  document.body.innerHTML = "";
  jest.restoreAllMocks();
});

async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++)
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
}

interface RenderOptions {
  me?: UserRef;
  store?: FakeStore;
  compare?: [string, string];
  settings?: Settings;
}

async function render(options: RenderOptions = {}) {
  const fake = options.store ?? fakeStore(fixtureApprovals());
  const navigate = jest.fn<void, [HubRoute]>();
  act(() => {
    ReactDOM.render(
      <CompletionReportView
        data={hubData(fake.store, options.me ?? BSC)}
        settings={options.settings ?? fixtureSettings()}
        navigate={navigate}
        now={() => NOW}
        participantRole={PARTICIPANT_ROLE}
        compare={options.compare}
      />,
      container,
    );
  });
  await flush();
  return { fake, navigate };
}

const buttons = () => [...document.querySelectorAll("button")];
const button = (text: string): HTMLButtonElement => {
  const found = buttons().find((b) => b.textContent?.trim() === text);
  if (!found)
    throw new Error(
      `no button "${text}" in: ${buttons()
        .map((b) => b.textContent?.trim())
        .join(" | ")}`,
    );
  return found;
};
const isDisabled = (b: HTMLButtonElement) => b.disabled || b.getAttribute("aria-disabled") === "true";
async function click(el: Element): Promise<void> {
  act(() => {
    el.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  });
  await flush();
}
const blobText = (blob: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsText(blob);
  });

describe("CompletionReportView", () => {
  it("loads like the CLI and previews the report's HTML in a fully sandboxed frame", async () => {
    await render();
    const frame = container.querySelector("iframe")!;
    expect(frame).not.toBeNull();
    expect(frame.getAttribute("sandbox")).toBe("");
    expect(frame.getAttribute("title")).toMatch(/Preview of the QT Completion Report of ABCD-X/);
    const srcdoc = frame.getAttribute("srcdoc")!;
    expect(srcdoc.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(srcdoc).toContain("Content-Security-Policy");
    // The hostile defect title is escaped in the HTML and never becomes markup in the hub.
    expect(srcdoc).not.toMatch(/<script>alert/);
    expect(container.querySelector("script")).toBeNull();
    expect(container.textContent).toContain("Alpha Energy Ltd");
    expect(reader.readParticipantRole).toHaveBeenCalledTimes(1);
  });

  it("says clearly when the approvals' audit chain is broken, and builds no report", async () => {
    const fake = fakeStore();
    fake.store.loadApprovals = async () => ({
      kind: "ok",
      approvals: emptyApprovals(),
      etag: 3,
      audit: { problem: "entry 2 was edited" },
    });
    await render({ store: fake });
    expect(container.querySelector("iframe")).toBeNull();
    expect(container.textContent).toContain("cannot be built");
    expect(container.textContent).toContain("entry 2 was edited");
  });

  it("downloads each format as a Blob of the right type and name", async () => {
    await render();
    const expected = [
      ["Markdown", "text/markdown", "md", "# "],
      ["HTML", "text/html", "html", "<!DOCTYPE html>"],
      ["CSV", "text/csv", "csv", "record,participant_role,window"],
      ["JSON", "application/json", "json", "{"],
    ] as const;
    for (const [label, mime, ext, start] of expected) {
      await click(button(label));
      const file = created[created.length - 1];
      expect(file.name).toBe(`qt-completion-report-ABCD-X-tranche-1-2025-06-01.${ext}`);
      expect(file.blob.type).toContain(mime);
      const text = await blobText(file.blob);
      expect(text.startsWith(start)).toBe(true);
      if (ext === "json") expect(() => JSON.parse(text) as unknown).not.toThrow();
    }
    expect(created).toHaveLength(4);
  });

  it("opens the printable HTML in a new tab, and says what to do when pop-ups are blocked", async () => {
    await render();
    const open = jest.spyOn(window, "open").mockImplementation(() => null);
    await click(button("Print / save as PDF"));
    expect(open).toHaveBeenCalledWith(expect.stringMatching(/^blob:/), "_blank");
    expect((await blobText(lastBlob!)).startsWith("<!DOCTYPE html>")).toBe(true);
    expect(container.textContent).toContain("The browser blocked the new tab");
  });

  it("disables Submit for someone who is not an assurer of the role's bodies, and says why", async () => {
    await render({ me: LEAD });
    expect(isDisabled(button("Submit report…"))).toBe(true);
    const hint = container.querySelector("#qt-report-submit-hint")!;
    expect(hint.textContent).toContain("Only a Code Body assurer of BSC or REC");
    expect(hint.textContent).toContain("Pat Lead is not listed");
  });

  it("submits after a confirmation that warns about unmet criteria, then shows the SHA-256 and the snapshot", async () => {
    const { fake } = await render({ me: BSC });
    const submit = button("Submit report…");
    expect(isDisabled(submit)).toBe(false);
    await click(submit);
    const dialog = document.body.textContent!;
    expect(dialog).toContain("immutable snapshot");
    expect(dialog).toContain("SHA-256");
    expect(dialog).toMatch(
      /Warning: this report shows the verdict “Not ready” and exit criteria E1, E2, E3, E4 not met/,
    );
    await click(button("Submit report"));
    expect(fake.submitReport).toHaveBeenCalledTimes(1);
    const [sha256] = [...fake.snapshots.keys()];
    expect(container.querySelector("[data-testid=submitted-sha]")!.textContent).toBe(sha256);
    const row = container.querySelector(`tr[data-sha256="${sha256}"]`)!;
    expect(row).not.toBeNull();
    expect(row.textContent).toContain("Bea Assurer");
    expect(row.querySelector("code")!.getAttribute("title")).toBe(sha256);
    // The earlier submission in the fixture has no snapshot: it is listed with that problem, not hidden.
    expect(container.textContent).toContain("The snapshot of this submission is missing.");
    // The dialog closed.
    expect(buttons().some((b) => b.textContent?.trim() === "Cancel")).toBe(false);
  });

  it("reports a conflict without claiming success, and offers to reload", async () => {
    const fake = fakeStore();
    fake.submitReport.mockResolvedValueOnce({ kind: "conflict", message: "etag 4 is stale", attempts: 3 });
    await render({ store: fake });
    await click(button("Submit report…"));
    await click(button("Submit report"));
    expect(container.textContent).toContain("The submission was not recorded");
    expect(container.textContent).toContain("etag 4 is stale");
    expect(container.querySelector("[data-testid=submitted-sha]")).toBeNull();
    await click(button("Reload report"));
    expect(reader.readParticipantRole).toHaveBeenCalledTimes(2);
  });

  it("lists snapshots newest first, selects two and navigates to their comparison", async () => {
    const fake = fakeStore();
    const [older, newer] = twoReports();
    fake.snapshots.set(reportHash(older), older);
    fake.snapshots.set(reportHash(newer), newer);
    const { navigate } = await render({ store: fake });
    const rows = [...container.querySelectorAll("tr[data-sha256]")].map((r) => r.getAttribute("data-sha256"));
    expect(rows).toEqual([reportHash(newer), reportHash(older)]);
    expect(isDisabled(button("Compare selected"))).toBe(true);
    for (const box of container.querySelectorAll("tr[data-sha256] [role=checkbox]")) await click(box);
    await click(button("Compare selected"));
    expect(navigate).toHaveBeenCalledWith({
      view: "report",
      participantRole: PARTICIPANT_ROLE,
      compare: [reportHash(newer), reportHash(older)],
    });
  });

  it("shows what improved, regressed, appeared and disappeared between two snapshots", async () => {
    const fake = fakeStore();
    const [older, newer] = twoReports();
    fake.snapshots.set(reportHash(older), older);
    fake.snapshots.set(reportHash(newer), newer);
    // Given newest first, as the list would: the view orders them by when they were generated.
    await render({ store: fake, compare: [reportHash(newer), reportHash(older)] });
    const improved = container.querySelector("section[aria-label=Improved]")!;
    expect(improved).not.toBeNull();
    expect(improved.querySelector("[data-change-id='defect:2001:state']")!.textContent).toContain(
      "Active (outstanding) → Closed (closed)",
    );
    expect(container.querySelector("section[aria-label=Appeared] [data-change-id='defect:2999']")).not.toBeNull();
    expect(container.querySelector("section[aria-label=Disappeared] [data-change-id='defect:2003']")).not.toBeNull();
    const checked = [...container.querySelectorAll("tr[data-sha256] [role=checkbox]")].map((b) =>
      b.getAttribute("aria-checked"),
    );
    expect(checked).toEqual(["true", "true"]);
  });

  it("names files by participant-role, window (or the SIT route) and date, with nothing unsafe in them", () => {
    const [report] = twoReports();
    expect(reportFileName(report, "md")).toBe("qt-completion-report-ABCD-X-tranche-1-2025-06-01.md");
    const sit = { ...report, scope: { ...report.scope, route: "SIT" as const, window: null } };
    expect(reportFileName(sit, "csv")).toBe("qt-completion-report-ABCD-X-sit-2025-06-01.csv");
    const odd = { ...report, scope: { ...report.scope, participantRole: "../AB CD/X" } };
    expect(reportFileName(odd, "json")).toBe("qt-completion-report-..-AB-CD-X-tranche-1-2025-06-01.json");
  });

  it("says when a snapshot to compare is missing", async () => {
    const fake = fakeStore();
    await render({ store: fake, compare: ["a".repeat(64), "b".repeat(64)] });
    expect(container.textContent).toContain("The two snapshots cannot be compared");
  });
});

/** Two reports of ABCD-X a week apart: a Sev1 closed, a Sev2 gone, a new defect. */
function twoReports(): [CompletionReport, CompletionReport] {
  const settings = fixtureSettings();
  const approvals = emptyApprovals();
  const base = fixtureFacts();
  const later: ParticipantRoleFacts = {
    ...base,
    defects: [
      ...base.defects.filter((d) => d.id !== 2003).map((d) => (d.id === 2001 ? { ...d, state: "Closed" } : d)),
      { ...base.defects.find((d) => d.id === 2005)!, id: 2999, title: "A new defect" },
    ],
  };
  const older = buildCompletionReport(assess(base, settings, approvals, FIXTURE_NOW), approvals, FIXTURE_NOW);
  const newer = buildCompletionReport(
    assess(later, settings, approvals, FIXTURE_NOW),
    approvals,
    new Date("2025-06-08T12:00:00Z"),
  );
  return [older, newer];
}
