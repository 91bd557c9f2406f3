/**
 * The hub's shell and router: the host connection and the settings (missing, invalid, unreadable, host absent),
 * the view chosen from the URL's query, and navigation written back to the host's URL.
 */
import * as React from "react";
import * as ReactDOM from "react-dom";
import { act } from "react-dom/test-utils";
import { App } from "../../../../src/hubs/qt-assurance/App";
import { HubShell } from "../../../../src/hubs/qt-assurance/hub-shell/HubShell";
import { HubRoute } from "../../../../src/hubs/qt-assurance/routes";
import { HostUnavailableError } from "../../../../src/ui/host-connection";
import { HubData } from "../../../../src/ui/hub-data";
import { sdkMock } from "../../../support/sdk-mock";
import { NOW, fakeHubData, portfolioSettings } from "./portfolio-fixture";

jest.mock("../../../../src/hubs/qt-assurance/detail/ParticipantRoleDetail", () => ({
  ParticipantRoleDetail: (props: { participantRole: string; tab?: string }) => (
    <div className="mock-detail">
      detail {props.participantRole} {props.tab ?? "-"}
    </div>
  ),
}));
jest.mock("../../../../src/hubs/qt-assurance/report/CompletionReportView", () => ({
  CompletionReportView: (props: { participantRole: string; compare?: [string, string] }) => (
    <div className="mock-report">
      report {props.participantRole} {props.compare ? props.compare.join("/") : "-"}
    </div>
  ),
}));
jest.mock("../../../../src/hubs/qt-assurance/portfolio/PortfolioView", () => ({
  PortfolioView: (props: { route: { window?: string }; navigate(to: unknown): void }) => (
    <div className="mock-portfolio">
      portfolio {props.route.window ?? "all"}
      <button onClick={() => props.navigate({ view: "detail", participantRole: "HOLL-X" })}>open</button>
    </div>
  ),
}));

let container: HTMLDivElement;
const settings = portfolioSettings();

beforeEach(() => {
  sdkMock.reset();
  container = document.createElement("div");
  document.body.appendChild(container);
});

afterEach(() => {
  act(() => {
    ReactDOM.unmountComponentAtNode(container);
  });
  container.remove();
});

const text = () => container.textContent ?? "";
const button = (label: string) => [...container.querySelectorAll("button")].find((b) => b.textContent === label);

describe("App", () => {
  const render = (route: HubRoute) =>
    act(() => {
      ReactDOM.render(
        <App data={fakeHubData()} settings={settings} navigate={jest.fn()} now={() => NOW} route={route} />,
        container,
      );
    });

  it("shows the portfolio for a portfolio route", () => {
    render({ view: "portfolio", window: "tranche-1" });
    expect(text()).toContain("portfolio tranche-1");
  });

  it("shows a participant-role's detail with its tab", () => {
    render({ view: "detail", participantRole: "HOLL-X", tab: "waivers" });
    expect(text()).toContain("detail HOLL-X waivers");
  });

  it("shows the completion report with a comparison", () => {
    const a = "a".repeat(64);
    const b = "b".repeat(64);
    render({ view: "report", participantRole: "HOLL-X", compare: [a, b] });
    expect(text()).toContain(`report HOLL-X ${a}/${b}`);
  });
});

describe("HubShell", () => {
  function shellData(load: () => Promise<unknown>, query: Record<string, string> = {}): HubData {
    const data = fakeHubData();
    (data.host.navigation.getQueryParams as jest.Mock).mockResolvedValue(query);
    data.store = { loadSettings: jest.fn(load) } as unknown as HubData["store"];
    return data;
  }

  async function mount(data: HubData | (() => Promise<never>)): Promise<void> {
    const connect = typeof data === "function" ? data : async () => data.host;
    const createData = typeof data === "function" ? undefined : () => data;
    await act(async () => {
      ReactDOM.render(<HubShell connect={connect} createData={createData} now={() => NOW} />, container);
    });
  }

  it("opens the view the URL names and writes navigation back to the host's URL", async () => {
    const data = shellData(async () => ({ kind: "ok", settings, etag: 1 }), { view: "portfolio", window: "tranche-2" });
    await mount(data);
    expect(text()).toContain("portfolio tranche-2");
    expect(sdkMock.loadSucceeded).toBe(true);
    await act(async () => button("open")!.click());
    expect(text()).toContain("detail HOLL-X");
    expect(data.host.navigation.setQueryParams).toHaveBeenLastCalledWith(
      expect.objectContaining({ view: "detail", pr: "HOLL-X", window: "" }),
    );
  });

  it("follows the host's URL when it changes (back and forward)", async () => {
    const data = shellData(async () => ({ kind: "ok", settings, etag: 1 }));
    await mount(data);
    expect(text()).toContain("portfolio all");
    const onHashChanged = data.host.navigation.onHashChanged as jest.Mock;
    (data.host.navigation.getQueryParams as jest.Mock).mockResolvedValue({ view: "report", pr: "ABCD-X" });
    await act(async () => onHashChanged.mock.calls[0][0]("#"));
    expect(text()).toContain("report ABCD-X");
  });

  it("says where to set QT Assurance up when no settings are stored", async () => {
    await mount(shellData(async () => ({ kind: "missing" })));
    expect(text()).toContain("QT Assurance is not set up yet");
    expect(text()).toContain("Project settings → QT Assurance");
  });

  it("lists each error of invalid settings", async () => {
    await mount(
      shellData(async () => ({
        kind: "invalid",
        etag: 3,
        errors: [
          { path: "$.registry[0].mpid", message: "must be 4 letters", fix: "Use the MPID, e.g. ABCD." },
          { path: "$.windows", message: "is empty", fix: "" },
        ],
      })),
    );
    expect(text()).toContain("The stored QT Assurance settings are invalid");
    const items = [...container.querySelectorAll(".qt-error-list li")].map((li) => li.textContent);
    expect(items).toEqual(["$.registry[0].mpid: must be 4 letters Use the MPID, e.g. ABCD.", "$.windows: is empty"]);
  });

  it("shows why the settings could not be read, and retries", async () => {
    let calls = 0;
    const data = shellData(async () => {
      if (++calls === 1) throw new Error("HTTP 503 from extension data");
      return { kind: "ok", settings, etag: 1 };
    });
    await mount(data);
    expect(container.querySelector("[role=alert]")!.textContent).toContain("Could not read the QT Assurance settings");
    expect(text()).toContain("HTTP 503 from extension data");
    await act(async () => button("Retry")!.click());
    expect(text()).toContain("portfolio all");
  });

  it("says the page must be opened inside Azure DevOps when the host does not answer", async () => {
    await mount(async () => {
      throw new HostUnavailableError("The Azure DevOps host did not answer within 15 s.");
    });
    expect(container.querySelector("[role=alert]")!.textContent).toContain(
      "This page must be opened inside Azure DevOps",
    );
    expect(text()).toContain("did not answer within 15 s");
    expect(button("Retry")).toBeDefined();
    expect(sdkMock.loadFailure).toBeDefined();
  });
});
