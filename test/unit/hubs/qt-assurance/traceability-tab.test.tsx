/**
 * The detail view's Traceability tab in jsdom, over the real reader (readTraceLinks) and core, with a port that
 * answers the three reads it makes: the plan's suites, and work items with their links.
 */
import * as React from "react";
import * as ReactDOM from "react-dom";
import { act } from "react-dom/test-utils";
import { emptyApprovals } from "../../../../src/core/approvals";
import { assess } from "../../../../src/core/assess";
import { AdoRequestError } from "../../../../src/ado/errors";
import { AdoPort, RawSuite, RawWorkItem } from "../../../../src/ado/port";
import { createResilientCaller } from "../../../../src/ado/resilience";
import { TESTED_BY_FORWARD, TESTED_BY_REVERSE } from "../../../../src/ado/traceability-reader";
import { HubData } from "../../../../src/ui/hub-data";
import { DetailModel } from "../../../../src/hubs/qt-assurance/detail/load";
import { TraceabilityTab } from "../../../../src/hubs/qt-assurance/detail/TraceabilityTab";
import { NOW, defect, facts, point, registryEntry, settings } from "../../../support/builders";
import { useMountPoint } from "../../../support/mount";

const ORG = "https://dev.azure.com/mhhs";
const wi = (id: number) => `${ORG}/_apis/wit/workItems/${id}`;

/** Requirement 900 tested by case 100 (passed) and 901 by case 101 (failed, with an open Sev2); case 102 untraced. */
function world() {
  const entry = registryEntry();
  const s = settings();
  const f = facts({
    points: [
      point({ id: 1, testCaseId: 100, testCaseTitle: "Register", outcome: "passed" }),
      point({ id: 2, testCaseId: 101, testCaseTitle: "Send readings", outcome: "failed" }),
      point({ id: 3, testCaseId: 102, testCaseTitle: '=HYPERLINK("x")', outcome: "passed" }),
    ],
    defects: [defect({ id: 500, title: "Readings rejected", severity: "2 - High", state: "Active" })],
  });
  const items: Record<number, RawWorkItem> = {
    100: {
      id: 100,
      fields: { "System.WorkItemType": "Test Case" },
      relations: [{ rel: TESTED_BY_REVERSE, url: wi(900) }],
    },
    101: {
      id: 101,
      fields: { "System.WorkItemType": "Test Case" },
      relations: [
        { rel: TESTED_BY_REVERSE, url: wi(901) },
        { rel: TESTED_BY_REVERSE, url: wi(500) },
      ],
    },
    102: { id: 102, fields: { "System.WorkItemType": "Test Case" }, relations: [] },
    900: {
      id: 900,
      fields: { "System.Title": "Register an MPAN", "System.WorkItemType": "Requirement", "System.State": "Active" },
      relations: [{ rel: TESTED_BY_FORWARD, url: wi(100) }],
    },
    901: {
      id: 901,
      fields: { "System.Title": "Send D0010 readings", "System.WorkItemType": "Requirement", "System.State": "Active" },
      relations: [{ rel: TESTED_BY_FORWARD, url: wi(101) }],
    },
  };
  const model: DetailModel = {
    key: "ABCD-X",
    entry,
    facts: f,
    approvals: emptyApprovals(),
    etag: undefined,
    assessment: assess(f, s, emptyApprovals(), NOW),
    notCounted: [],
  };
  return { s, model, items };
}

function dataOver(items: Record<number, RawWorkItem>, fail = false): { data: HubData; asked: string[] } {
  const asked: string[] = [];
  const port = {
    orgUrl: ORG,
    listSuites: async (): Promise<{ items: RawSuite[] }> => {
      asked.push("suites");
      return { items: [{ id: 20, name: "Scenario group 1", suiteType: "staticTestSuite" }] };
    },
    getWorkItemsWithRelations: async (_project: string, ids: number[]) => {
      asked.push(`batch ${ids.join(",")}`);
      if (fail) throw new AdoRequestError("server", "HTTP 500", { status: 500, operation: "POST wit/workitemsbatch" });
      return ids.flatMap((id) => (items[id] ? [items[id]] : []));
    },
  } as unknown as AdoPort;
  const caller = createResilientCaller({ concurrency: 4, maxAttempts: 1 });
  return { data: { port, api: port, caller, project: "MHHS" } as unknown as HubData, asked };
}

const mount = useMountPoint();

async function render(element: React.ReactElement) {
  await act(async () => {
    ReactDOM.render(element, mount.root);
  });
  // The reads resolve on later ticks.
  for (let i = 0; i < 5; i++) await act(() => new Promise((r) => setTimeout(r, 0)));
}

describe("the Traceability tab", () => {
  it("shows each requirement with its cases, results and open defects, and flags the untraced test", async () => {
    const { s, model, items } = world();
    const { data, asked } = dataOver(items);
    await render(<TraceabilityTab data={data} settings={s} model={model} now={() => NOW} />);
    expect(asked).toEqual(["suites", "batch 100,101,102", "batch 900,901"]);
    const groups = [...mount.root.querySelectorAll("tbody.qt-trace-group")];
    expect(groups.map((g) => [g.getAttribute("data-requirement"), g.getAttribute("data-status")])).toEqual([
      ["900", "passed"],
      ["901", "failing"],
    ]);
    expect(groups[1].textContent).toContain("Send readings");
    expect(groups[1].textContent).toContain("UIT: Failed");
    expect(groups[1].textContent).toMatch(/500.*Sev2: Readings rejected/);
    const link = groups[0].querySelector("a")!;
    expect(link.getAttribute("href")).toBe(`${ORG}/MHHS/_workitems/edit/900`);
    expect(mount.root.querySelector("[data-test-case='102']")?.textContent).toContain('=HYPERLINK("x")');
    expect(mount.root.querySelector("[data-testid='traceability-source']")?.textContent).toMatch(
      /No requirement scope is set/,
    );
  });

  it("filters to the gaps only, with keyboard-reachable toggle buttons", async () => {
    const { s, model, items } = world();
    await render(<TraceabilityTab data={dataOver(items).data} settings={s} model={model} now={() => NOW} />);
    const gaps = [...mount.root.querySelectorAll("button")].find((b) => /Only gaps \(1\)/.test(b.textContent ?? ""))!;
    expect(gaps.getAttribute("aria-pressed")).toBe("false");
    await act(async () => gaps.click());
    expect(gaps.getAttribute("aria-pressed")).toBe("true");
    expect(
      [...mount.root.querySelectorAll("tbody.qt-trace-group")].map((g) => g.getAttribute("data-requirement")),
    ).toEqual(["901"]);
  });

  it("downloads the matrix as formula-safe CSV", async () => {
    const { s, model, items } = world();
    const saved: Blob[] = [];
    const create = jest.fn((b: Blob) => {
      saved.push(b);
      return "blob:x";
    });
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: jest.fn() });
    const click = jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
    await render(<TraceabilityTab data={dataOver(items).data} settings={s} model={model} now={() => NOW} />);
    const button = [...mount.root.querySelectorAll("button")].find((b) => b.textContent === "Download CSV")!;
    await act(async () => button.click());
    expect(click).toHaveBeenCalled();
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(saved[0]);
    });
    expect(text).toContain(`,,,untraced,102,"'=HYPERLINK(""x"")",`);
    click.mockRestore();
  });

  it("shows why, and no matrix, when a read fails; Retry reads again", async () => {
    const { s, model, items } = world();
    const { data, asked } = dataOver(items, true);
    await render(<TraceabilityTab data={data} settings={s} model={model} now={() => NOW} />);
    expect(mount.root.querySelector("[role='alert']")?.textContent).toMatch(
      /The traceability matrix cannot be shown: POST wit\/workitemsbatch failed/,
    );
    expect(mount.root.querySelector("table")).toBeNull();
    const before = asked.length;
    const retry = [...mount.root.querySelectorAll("button")].find((b) => b.textContent === "Retry")!;
    await act(async () => retry.click());
    for (let i = 0; i < 5; i++) await act(() => new Promise((r) => setTimeout(r, 0)));
    expect(asked.length).toBeGreaterThan(before);
  });
});
