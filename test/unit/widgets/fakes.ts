/** Shared test doubles for the widgets: a HubData over in-memory settings and approvals, and engine assessments. */
import { AdoRequestError } from "../../../src/ado/errors";
import { emptyApprovals } from "../../../src/core/approvals";
import { Assessment } from "../../../src/core/assessment";
import { assessWith, createAssessmentContext } from "../../../src/core/assess";
import { ParticipantRoleFacts } from "../../../src/core/facts";
import { Settings } from "../../../src/core/settings";
import { HubData } from "../../../src/ui/hub-data";
import { NOW, facts, registryEntry, settings } from "../../support/builders";

export const ORG = "https://dev.azure.com/mhhs/";
export const HUB_DETAIL = `${ORG}MHHS%20Programme/_apps/hub/qt-assurance.qt-assurance.qt-hub?view=detail&pr=`;

/** Four participant-roles in tranche-1 (three of role X, one of role Y… as the default roles allow) and one SIT. */
export function widgetSettings(): Settings {
  return settings((s) => {
    s.registry = [
      registryEntry(),
      registryEntry({ mpid: "BBBB", participantName: "Bravo Power" }),
      registryEntry({ mpid: "CCCC", participantName: "Charlie Supply" }),
      registryEntry({ mpid: "DDDD", participantName: "Delta Meters" }),
      registryEntry({ mpid: "SITT", participantName: "Sierra", route: "SIT", window: undefined }),
    ];
  });
}

export function assess(f: Partial<ParticipantRoleFacts> = {}, s: Settings = widgetSettings()): Assessment {
  return assessWith(createAssessmentContext(s, emptyApprovals()), facts(f), NOW);
}

export interface FakeData {
  data: HubData;
  navigate: jest.Mock;
  loadSettings: jest.Mock;
}

export function fakeData(s: Settings | "missing" | "forbidden" = widgetSettings()): FakeData {
  const navigate = jest.fn();
  const loadSettings = jest.fn(async () => {
    if (s === "forbidden")
      throw new AdoRequestError("forbidden", "TF400813: not authorised", { status: 401, operation: "GET settings" });
    return s === "missing" ? { kind: "missing" } : { kind: "ok", settings: s, etag: 1 };
  });
  const data = {
    host: {
      orgUrl: ORG,
      project: { id: "p1", name: "MHHS Programme" },
      extension: { publisherId: "qt-assurance", extensionId: "qt-assurance" },
      navigation: { navigate },
    },
    port: {},
    caller: { call: (_op: string, work: () => Promise<unknown>) => work() },
    store: {
      loadSettings,
      loadApprovals: async () => ({ kind: "ok", approvals: emptyApprovals(), etag: undefined, audit: "intact" }),
      loadAllApprovals: async () => new Map(),
    },
    project: "MHHS Programme",
    me: { id: "u1", uniqueName: "me@example.org", displayName: "Me" },
  };
  // Only what the widgets touch is faked: the rest of HubData is never reached in these tests.
  return { data: data as unknown as HubData, navigate, loadSettings };
}
