/**
 * The portfolio's forecast column: read once every verdict is in, shown as a word with its sentence, sortable
 * (worst first) and filterable from the route; a forecast that cannot be made says why, never "on track".
 */
import * as React from "react";
import * as ReactDOM from "react-dom";
import { act } from "react-dom/test-utils";
import { PortfolioView } from "../../../../src/hubs/qt-assurance/portfolio/PortfolioView";
import * as loader from "../../../../src/hubs/qt-assurance/portfolio/load-portfolio";
import * as trendReader from "../../../../src/ado/trend-reader";
import { HubRoute, parseRoute, routeToQuery } from "../../../../src/hubs/qt-assurance/routes";
import { Forecast } from "../../../../src/core/forecast";
import { NOW, PortfolioRouteOf, fakeHubData, portfolioAssessments, portfolioSettings } from "./portfolio-fixture";

jest.mock("../../../../src/hubs/qt-assurance/portfolio/load-portfolio", () => {
  const actual = jest.requireActual("../../../../src/hubs/qt-assurance/portfolio/load-portfolio");
  return { ...actual, loadPortfolio: jest.fn() };
});
jest.mock("../../../../src/ado/trend-reader", () => {
  const actual = jest.requireActual("../../../../src/ado/trend-reader");
  return { ...actual, readForecast: jest.fn() };
});
const loadPortfolio = loader.loadPortfolio as jest.MockedFunction<typeof loader.loadPortfolio>;
const readForecast = trendReader.readForecast as jest.MockedFunction<typeof trendReader.readForecast>;

const settings = portfolioSettings();
let container: HTMLDivElement;

const forecast = (status: Forecast["status"], summary: string): Forecast => ({
  status,
  summary,
  rule: "At the pace of the last 14 days.",
  remaining: 1,
});

const ANSWERS: Record<string, trendReader.ForecastRead> = {
  "ABCD-X": {
    ok: true,
    forecast: forecast("on-track", "100% execution between 2025-06-03 and 2025-06-09."),
    requests: 1,
  },
  "EFGH-X": { ok: true, forecast: forecast("will-miss", "100% execution after the window ends."), requests: 1 },
  "IJKL-N": { ok: false, reason: "The test points were not all read." },
  "MNOP-S": {
    ok: true,
    forecast: forecast("at-risk", "100% execution between 2025-06-03 and 2025-09-01."),
    requests: 1,
  },
};

beforeEach(() => {
  jest.useFakeTimers();
  container = document.createElement("div");
  document.body.appendChild(container);
  loadPortfolio.mockReset();
  loadPortfolio.mockImplementation(async () => ({ assessments: portfolioAssessments(settings), at: NOW }));
  readForecast.mockReset();
  readForecast.mockImplementation(async (_source, a) => ANSWERS[a.participantRole]);
});

afterEach(() => {
  act(() => {
    ReactDOM.unmountComponentAtNode(container);
  });
  container.remove();
  jest.useRealTimers();
});

async function render(route: Partial<PortfolioRouteOf> = {}): Promise<void> {
  await act(async () => {
    ReactDOM.render(
      <PortfolioView
        data={fakeHubData()}
        settings={settings}
        navigate={jest.fn<void, [HubRoute]>()}
        now={() => NOW}
        route={{ view: "portfolio", ...route }}
      />,
      container,
    );
  });
  // The verdicts, then the forecasts (shown as they arrive, at most once a second).
  await act(async () => {
    jest.advanceTimersByTime(1500);
    await Promise.resolve();
  });
}

const rows = () =>
  [...container.querySelectorAll<HTMLElement>(".qt-portfolio-table .bolt-table-row")].map((r) => ({
    key: r.querySelector(".qt-pr-key")?.textContent,
    forecast: r.querySelector(".qt-forecast, [title]")?.textContent,
    text: r.textContent ?? "",
  }));

describe("portfolio forecast column", () => {
  it("reads one forecast per participant-role and shows each, with why it cannot be made", async () => {
    await render();
    expect(readForecast).toHaveBeenCalledTimes(4);
    const byKey = new Map(rows().map((r) => [r.key, r.text]));
    expect(byKey.get("ABCD-X")).toContain("On track");
    expect(byKey.get("EFGH-X")).toContain("Will miss");
    expect(byKey.get("MNOP-S")).toContain("At risk");
    expect(byKey.get("IJKL-N")).toContain("No forecast");
    expect(byKey.get("IJKL-N")).toContain("The test points were not all read.");
  });

  it("sorts worst first and filters by the forecast in the route", async () => {
    await render({ sort: "forecast" });
    expect(rows().map((r) => r.key)).toEqual(["EFGH-X", "MNOP-S", "IJKL-N", "ABCD-X"]);
    ReactDOM.unmountComponentAtNode(container);
    await render({ forecast: "will-miss" });
    expect(rows().map((r) => r.key)).toEqual(["EFGH-X"]);
  });

  it("sends no forecast request once the user has left the portfolio", async () => {
    const sent = jest.fn(async () => ({ value: [] }));
    let release!: () => void;
    const later = new Promise<void>((r) => (release = r));
    readForecast.mockImplementation(async (source) => {
      await later;
      await source.call("GET _odata/TestPointHistorySnapshot", sent);
      return ANSWERS["ABCD-X"];
    });
    await render();
    act(() => {
      ReactDOM.unmountComponentAtNode(container);
    });
    release();
    await act(async () => {
      await Promise.resolve();
      await Promise.resolve();
    });
    expect(readForecast).toHaveBeenCalledTimes(4);
    expect(sent).not.toHaveBeenCalled();
  });

  it("keeps the filter in the URL", () => {
    const route: HubRoute = { view: "portfolio", forecast: "at-risk" };
    expect(parseRoute(routeToQuery(route))).toMatchObject({ view: "portfolio", forecast: "at-risk" });
    expect(parseRoute({ view: "portfolio", forecast: "rosy" })).toMatchObject({ forecast: undefined });
  });
});
