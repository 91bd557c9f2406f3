/**
 * The portfolio view over real assessments: rendering, filters/sort/search through the route, progress while it
 * reads, zero-data and error states, and opening a row from the keyboard.
 */
import * as React from "react";
import * as ReactDOM from "react-dom";
import { act } from "react-dom/test-utils";
import { PortfolioView } from "../../../../src/hubs/qt-assurance/portfolio/PortfolioView";
import * as loader from "../../../../src/hubs/qt-assurance/portfolio/load-portfolio";
import { HubRoute } from "../../../../src/hubs/qt-assurance/routes";
import { Assessment } from "../../../../src/core/assessment";
import { HubData } from "../../../../src/ui/hub-data";
import { NOW, PortfolioRouteOf, fakeHubData, portfolioAssessments, portfolioSettings } from "./portfolio-fixture";

jest.mock("../../../../src/hubs/qt-assurance/portfolio/load-portfolio", () => {
  const actual = jest.requireActual("../../../../src/hubs/qt-assurance/portfolio/load-portfolio");
  return { ...actual, loadPortfolio: jest.fn() };
});
const loadPortfolio = loader.loadPortfolio as jest.MockedFunction<typeof loader.loadPortfolio>;

let container: HTMLDivElement;
let data: HubData;
const settings = portfolioSettings();
const navigate = jest.fn<void, [HubRoute]>();

beforeEach(() => {
  container = document.createElement("div");
  document.body.appendChild(container);
  data = fakeHubData(); // a new connection: nothing cached
  navigate.mockReset();
  loadPortfolio.mockReset();
  loadPortfolio.mockImplementation(async () => ({ assessments: portfolioAssessments(settings), at: NOW }));
});

afterEach(() => {
  act(() => {
    ReactDOM.unmountComponentAtNode(container);
  });
  container.remove();
});

async function render(route: Partial<PortfolioRouteOf> = {}): Promise<void> {
  await act(async () => {
    ReactDOM.render(
      <PortfolioView
        data={data}
        settings={settings}
        navigate={navigate}
        now={() => NOW}
        route={{ view: "portfolio", ...route }}
      />,
      container,
    );
  });
}

const rowKeys = () =>
  [...container.querySelectorAll(".qt-portfolio-table .bolt-table-row .qt-pr-key")].map((e) => e.textContent);
const rowOf = (key: string) =>
  [...container.querySelectorAll<HTMLElement>(".qt-portfolio-table .bolt-table-row")].find((r) =>
    r.textContent?.includes(key),
  );
const text = () => container.textContent ?? "";

describe("portfolio view", () => {
  it("shows every participant-role with its verdict, counts and execution", async () => {
    await render();
    expect(loadPortfolio).toHaveBeenCalledWith(
      data,
      settings,
      undefined,
      NOW,
      expect.any(Function),
      expect.any(Function),
      expect.objectContaining({ aborted: false }),
    );
    // Worst verdict first by default.
    expect(rowKeys()).toEqual(["IJKL-N", "EFGH-X", "MNOP-S", "ABCD-X"]);
    const blocked = rowOf("EFGH-X")!;
    expect(blocked.textContent).toContain("Beta Power");
    expect(blocked.textContent).toContain("Not ready");
    expect(blocked.textContent).toContain("2 / 3 · 66.6%");
    const cells = [...blocked.querySelectorAll("td")].map((td) => td.textContent);
    // Sev1 2, Sev2 1, unclassified 0.
    expect(cells).toEqual(expect.arrayContaining(["2", "1", "0"]));
    expect(rowOf("ABCD-X")!.textContent).toContain("Ready to submit");
    // Summary counts per verdict.
    const chips = [...container.querySelectorAll(".qt-summary-chip")].map((c) => c.textContent);
    // Each pill carries a symbol as well as its colour and text.
    expect(chips).toEqual(["1?Cannot assess", "2✕Not ready", "1◔Ready to submit", "0✓Exit criteria met"]);
  });

  it("gives the reason of a participant-role that cannot be assessed", async () => {
    await render();
    expect(rowOf("IJKL-N")!.textContent).toContain("Cannot assess");
    const card = container.querySelector(".qt-portfolio-message")!;
    expect(card.textContent).toContain("1 participant-role cannot be assessed");
    expect(card.textContent).toContain("IJKL-N");
    expect(card.textContent).toContain("HTTP 503");
  });

  it("shows — for figures that were not read, never a 0, and says the totals leave them out", async () => {
    await render();
    const row = rowOf("IJKL-N")!;
    const unread = row.querySelectorAll('[title="Not counted: the test points were not read completely"]');
    expect(unread).toHaveLength(2); // execution and waivers pending
    expect(row.textContent).toContain("— not counted");
    expect(container.querySelector(".qt-summary-totals")!.textContent).toContain(
      "(1 participant-role not counted: test points not read)",
    );
  });

  it("filters by role, governing body, route and verdict from the route", async () => {
    await render({ role: "X" });
    expect(rowKeys().sort()).toEqual(["ABCD-X", "EFGH-X"]);
    await render({ route: "SIT" });
    expect(rowKeys()).toEqual(["MNOP-S"]);
    await render({ body: "REC" });
    expect(rowKeys().sort()).toEqual(["ABCD-X", "EFGH-X", "MNOP-S"]);
    await render({ verdict: "not-ready" });
    expect(rowKeys().sort()).toEqual(["EFGH-X", "MNOP-S"]);
    // Filters change the URL state, not local state.
    act(() => {
      (container.querySelectorAll(".qt-summary-chip")[3] as HTMLButtonElement).click();
    });
    expect(navigate).toHaveBeenLastCalledWith(
      expect.objectContaining({ view: "portfolio", verdict: "exit-criteria-met" }),
    );
  });

  it("searches MPID, participant name and role", async () => {
    await render({ search: "gamma" });
    expect(rowKeys()).toEqual(["IJKL-N"]);
    await render({ search: "supplier beta" });
    expect(rowKeys()).toEqual(["EFGH-X"]);
    await render({ search: "mnop" });
    expect(rowKeys()).toEqual(["MNOP-S"]);
  });

  it("sorts by the column in the route and asks to re-sort through navigate", async () => {
    await render({ sort: "-sev1" });
    expect(rowKeys()[0]).toBe("EFGH-X");
    await render({ sort: "key" });
    expect(rowKeys()).toEqual(["ABCD-X", "EFGH-X", "IJKL-N", "MNOP-S"]);
    const header = [...container.querySelectorAll<HTMLElement>(".bolt-table-header-cell")].find((h) =>
      h.textContent?.includes("Sev2"),
    )!;
    // ColumnSorting acts on clicks inside the header cell.
    const actionable = header.querySelector(".bolt-table-header-cell-text span")!;
    act(() => {
      actionable.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    });
    expect(navigate).toHaveBeenLastCalledWith(expect.objectContaining({ view: "portfolio", sort: "sev2" }));
  });

  it("shows progress as participant-roles are read", async () => {
    let progress: ((done: number, total: number) => void) | undefined;
    loadPortfolio.mockImplementation((_d, _s, _w, _n, onProgress) => {
      progress = onProgress;
      return new Promise(() => undefined);
    });
    await render();
    act(() => progress!(37, 200));
    const status = container.querySelector(".qt-progress")!;
    expect(status.getAttribute("aria-live")).toBe("polite");
    expect(status.textContent).toContain("Read 37 of 200 participant-roles");
    expect(container.querySelector("[role=progressbar]")!.getAttribute("aria-valuenow")).toBe("37");
  });

  it("shows each participant-role as soon as it is assessed, before the last one is read", async () => {
    let progress: ((done: number, total: number) => void) | undefined;
    let assessed: ((assessment: Assessment, index: number) => void) | undefined;
    loadPortfolio.mockImplementation((_d, _s, _w, _n, onProgress, onAssessed) => {
      progress = onProgress;
      assessed = onAssessed;
      return new Promise(() => undefined);
    });
    await render();
    const [first, second] = portfolioAssessments(settings);
    // Shown at once, then at most once a second: a row that arrives just after the progress waits that long.
    await act(async () => {
      progress!(1, 4);
      assessed!(first, 0);
      await new Promise((resolve) => setTimeout(resolve, 1100));
    });
    expect(rowKeys()).toEqual(["ABCD-X"]);
    expect(text()).toContain("1 of 4 participant-roles assessed so far; the rest appear as they are read.");
    expect(container.querySelector(".qt-portfolio-footnote")).toBeNull();
    await act(async () => {
      progress!(2, 4);
      assessed!(second, 1);
      await new Promise((resolve) => setTimeout(resolve, 1100));
    });
    expect(rowKeys()).toEqual(["EFGH-X", "ABCD-X"]);
    expect(text()).toContain("2 of 4 participant-roles assessed so far");
  });

  it("says when nothing matches and how to clear the filters", async () => {
    await render({ search: "nobody-here" });
    expect(text()).toContain("No participant-role matches these filters");
    const clear = [...container.querySelectorAll("button")].find((b) => b.textContent === "Clear filters")!;
    act(() => clear.click());
    expect(navigate).toHaveBeenLastCalledWith(
      expect.objectContaining({ view: "portfolio", search: undefined, role: undefined, verdict: undefined }),
    );
  });

  it("says when a window has no participant-role", async () => {
    loadPortfolio.mockImplementation(async () => ({ assessments: [], at: NOW }));
    await render({ window: "tranche-7" });
    expect(text()).toContain("No participant-role is registered in Tranche 7");
    expect(text()).toContain("Show all windows");
  });

  it("shows why a read failed and retries", async () => {
    loadPortfolio.mockImplementationOnce(async () => {
      throw new Error("TF400813: the user is not authorized to access this resource.");
    });
    await render();
    const alert = container.querySelector("[role=alert]")!;
    expect(alert.textContent).toContain("could not be read");
    expect(alert.textContent).toContain("TF400813");
    const retry = [...container.querySelectorAll("button")].find((b) => b.textContent === "Retry")!;
    await act(async () => retry.click());
    expect(loadPortfolio).toHaveBeenCalledTimes(2);
    expect(rowKeys()).toHaveLength(4);
  });

  it("opens a participant-role with Enter on its row", async () => {
    await render();
    const row = rowOf("EFGH-X")!;
    act(() => {
      row.focus();
      row.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", keyCode: 13, which: 13, bubbles: true }));
    });
    expect(navigate).toHaveBeenLastCalledWith({ view: "detail", participantRole: "EFGH-X" });
  });

  it("does not read again when it comes back to a window it has read", async () => {
    await render();
    act(() => {
      ReactDOM.unmountComponentAtNode(container);
    });
    await render();
    expect(loadPortfolio).toHaveBeenCalledTimes(1);
    const refresh = [...container.querySelectorAll("button")].find((b) => b.textContent?.includes("Refresh"))!;
    await act(async () => refresh.click());
    expect(loadPortfolio).toHaveBeenCalledTimes(2);
  });

  it("cancels its read when the user leaves before it finishes", async () => {
    let signal: AbortSignal | undefined;
    loadPortfolio.mockImplementation((_d, _s, _w, _n, _p, _a, given) => {
      signal = given;
      return new Promise(() => undefined); // still reading
    });
    await render();
    expect(signal?.aborted).toBe(false);
    act(() => {
      ReactDOM.unmountComponentAtNode(container);
    });
    expect(signal?.aborted).toBe(true);
  });
});
