/**
 * Real assessments (builders + the engine) for the portfolio's UI tests, and a HubData whose I/O is never reached
 * (the tests replace the portfolio's loader).
 */
import { assess } from "../../../../src/core/assess";
import { Assessment } from "../../../../src/core/assessment";
import { Settings } from "../../../../src/core/settings";
import { HubData } from "../../../../src/ui/hub-data";
import { HubRoute } from "../../../../src/hubs/qt-assurance/routes";
import {
  NOW,
  approvals,
  defect,
  facts,
  incompleteFacts,
  point,
  registryEntry,
  settings,
} from "../../../support/builders";

export function portfolioSettings(): Settings {
  return settings((x) => {
    x.registry.push(
      registryEntry({ mpid: "EFGH", roleCode: "X", participantName: "Beta Power", window: "tranche-2" }),
      registryEntry({ mpid: "IJKL", roleCode: "N", participantName: "Gamma Data", window: "tranche-1" }),
      registryEntry({
        mpid: "MNOP",
        roleCode: "S",
        participantName: "Delta Meters",
        route: "SIT",
        window: undefined,
        testPlans: [],
      }),
    );
  });
}

export function portfolioAssessments(s: Settings = portfolioSettings()): Assessment[] {
  return [
    facts(),
    facts({
      participantRole: "EFGH-X",
      points: [point(), point({ outcome: "failed" }), point({ outcome: undefined })],
      defects: [
        defect({ severity: "1 - Critical" }),
        defect({ severity: "1 - Critical" }),
        defect({ severity: "2 - High" }),
      ],
    }),
    {
      ...incompleteFacts("points", "the test points of plan 10 could not be read (HTTP 503)"),
      participantRole: "IJKL-N",
    },
    facts({ participantRole: "MNOP-S", points: [point({ outcome: "failed" })] }),
  ].map((f) => assess(f, s, approvals(), NOW));
}

export function fakeHubData(): HubData {
  const navigation = {
    getQueryParams: jest.fn(async () => ({})),
    setQueryParams: jest.fn(),
    onHashChanged: jest.fn(),
  };
  return {
    host: {
      orgUrl: "https://dev.azure.com/example/",
      project: { id: "p1", name: "MHHS Programme" },
      user: { id: "u1", name: "bea@bsc.example", displayName: "Bea Assurer" },
      extension: { publisherId: "qt-assurance", extensionId: "qt-assurance" },
      configuration: {},
      accessToken: async () => "token",
      // Only the methods the shell calls are faked.
      navigation: navigation as unknown as HubData["host"]["navigation"],
    },
    port: {} as HubData["port"],
    api: {} as HubData["api"],
    caller: { call: (_op: string, fn: () => Promise<unknown>) => fn() } as unknown as HubData["caller"],
    store: {} as HubData["store"],
    project: "MHHS Programme",
    me: { id: "u1", uniqueName: "bea@bsc.example", displayName: "Bea Assurer" },
  };
}

export type PortfolioRouteOf = Extract<HubRoute, { view: "portfolio" }>;
export { NOW };
