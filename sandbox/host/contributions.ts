/**
 * What the local extension host shows: the extension's identity and its contributions (hubs, dashboard widgets and
 * their configuration pages), each served as `dist/web/<page>.html`. Plain data, read by the host page (through `/_host/config.json`), the
 * sandbox's banner and the browser tests, so adding a contribution is one line here.
 */

export interface HostExtension {
  /** `publisher.extension`. */
  id: string;
  publisherId: string;
  extensionId: string;
  version: string;
}

/** A widget's size in dashboard cells (the `size` of ADO's WidgetSettings). */
export interface WidgetSize {
  rowSpan: number;
  columnSpan: number;
}

export interface HostContribution {
  /** Short id used in the host URL (`?page=`), also the page's bundle name. */
  id: string;
  /** `dist/web/<page>.html`. */
  page: string;
  /** The hub's name, or the widget's default title (its catalog name). */
  title: string;
  /**
   * `hub` (`ms.vss-web.hub`), `widget` (`ms.vss-dashboards-web.widget`) or `widget-configuration`
   * (`ms.vss-dashboards-web.widget-configuration`). Only hubs are pages of their own; widgets live on the dashboard.
   */
  kind: "hub" | "widget" | "widget-configuration";
  /** The full contribution id the page gets from `SDK.getContributionId()`. */
  contributionId: string;
  /** Widgets: the sizes the dashboard offers (the manifest's `supportedSizes`), the first is the default. */
  supportedSizes?: WidgetSize[];
  /** Widgets: the short id of the widget's configuration contribution, if it has one. */
  configurationId?: string;
  /** Widgets: the catalog description. */
  description?: string;
}

/** `customSettings` of ADO's WidgetSettings: the configuration's serialised settings and their version. */
export interface WidgetCustomSettings {
  data?: string;
  version?: { major: number; minor: number; patch: number };
}

/** One widget on the local dashboard. */
export interface DashboardWidget {
  /** The instance's id on this dashboard (ADO's widget id). */
  id: string;
  /** The widget contribution's short id. */
  widget: string;
  /** The title (WidgetSettings.name). */
  name: string;
  size: WidgetSize;
  /** Absent while the widget is unconfigured. */
  customSettings?: WidgetCustomSettings;
}

/** The release identity (vss-extension.json; src/ado/extension-identity.ts's DEFAULT_EXTENSION). */
export const PUBLISHER_ID = "qt-assurance";
export const EXTENSION_ID = "qt-assurance";
export const FULL_EXTENSION_ID = `${PUBLISHER_ID}.${EXTENSION_ID}`;

function contribution(id: string, title: string, kind: HostContribution["kind"]): HostContribution {
  return { id, page: id, title, kind, contributionId: `${FULL_EXTENSION_ID}.${id}` };
}

function widget(
  id: string,
  title: string,
  configurationId: string,
  supportedSizes: WidgetSize[],
  description: string,
): HostContribution {
  return { ...contribution(id, title, "widget"), supportedSizes, configurationId, description };
}

/** 2×2 and 4×2: the window portfolio's and the burn-up's sizes (vss-extension.json). */
const SQUARE_AND_WIDE: WidgetSize[] = [
  { rowSpan: 2, columnSpan: 2 },
  { rowSpan: 2, columnSpan: 4 },
];

export const CONTRIBUTIONS: readonly HostContribution[] = [
  contribution("qt-hub", "QT Assurance", "hub"),
  contribution("settings-hub", "Settings", "hub"),
  widget(
    "exit-readiness-widget",
    "QT exit readiness",
    "exit-readiness-config",
    [
      { rowSpan: 1, columnSpan: 2 },
      { rowSpan: 2, columnSpan: 2 },
      { rowSpan: 2, columnSpan: 4 },
    ],
    "One participant-role's QT exit readiness: verdict, execution, outstanding defects, days left.",
  ),
  contribution("exit-readiness-config", "QT exit readiness configuration", "widget-configuration"),
  widget(
    "window-portfolio-widget",
    "QT window portfolio",
    "window-portfolio-config",
    SQUARE_AND_WIDE,
    "One window's participant-roles by verdict, and those furthest from exit.",
  ),
  contribution("window-portfolio-config", "QT window portfolio configuration", "widget-configuration"),
  widget(
    "burn-up-widget",
    "QT burn-up",
    "burn-up-config",
    SQUARE_AND_WIDE,
    "One participant-role's execution burn-up from Analytics, and whether it will finish in time.",
  ),
  contribution("burn-up-config", "QT burn-up configuration", "widget-configuration"),
];

const V1 = { major: 1, minor: 0, patch: 0 };

/**
 * The dashboard the local host shows until it is edited (it is then kept in the browser's localStorage): the
 * sample programme's HOLL-X (Tranche 1, every edge case) at each exit readiness size, OAKH-R (ready to submit),
 * Tranche 1's portfolio, one exit readiness widget not configured yet, and HOLL-X's burn-up at both sizes.
 */
/** A widget on the dashboard: `[rows, columns]`, and its settings unless it is not configured yet. */
function placed(
  id: string,
  widget: string,
  name: string,
  [rowSpan, columnSpan]: [number, number],
  settings?: Record<string, string>,
): DashboardWidget {
  const base = { id, widget, name, size: { rowSpan, columnSpan } };
  return settings ? { ...base, customSettings: { data: JSON.stringify(settings), version: V1 } } : base;
}

export const DEFAULT_DASHBOARD: readonly DashboardWidget[] = [
  placed("w1", "exit-readiness-widget", "HOLL-X exit readiness", [2, 2], { participantRole: "HOLL-X" }),
  placed("w2", "exit-readiness-widget", "OAKH-R exit readiness", [1, 2], { participantRole: "OAKH-R" }),
  placed("w3", "exit-readiness-widget", "HOLL-X exit readiness (detail)", [2, 4], { participantRole: "HOLL-X" }),
  placed("w4", "window-portfolio-widget", "Tranche 1 portfolio", [2, 4], { window: "tranche-1" }),
  placed("w5", "exit-readiness-widget", "QT exit readiness", [2, 2]),
  placed("w6", "burn-up-widget", "HOLL-X burn-up", [2, 2], { participantRole: "HOLL-X" }),
  placed("w7", "burn-up-widget", "HOLL-X burn-up (detail)", [2, 4], { participantRole: "HOLL-X" }),
];

/** The sample people the host can act as: keys of the user switcher and of `?user=`. */
export type HostUserKey = "tester" | "bsc" | "rec" | "participant";
export const HOST_USER_KEYS: readonly HostUserKey[] = ["tester", "bsc", "rec", "participant"];

export type HostTheme = "light" | "dark";

export interface HostIdentity {
  key: HostUserKey;
  id: string;
  displayName: string;
  uniqueName: string;
  /** The PAT the sandbox accepts for this person (as Basic or as a Bearer token). Public, like the sandbox. */
  token: string;
  /** What the switcher says about them. */
  role: string;
}

/** `GET /_host/config.json`: everything the host page knows about the organisation, so it duplicates no data. */
export interface HostConfig {
  /** The organisation URL, without a trailing slash. */
  orgUrl: string;
  organization: { id: string; name: string };
  project: { id: string; name: string };
  extension: HostExtension;
  serviceVersion: string;
  identities: HostIdentity[];
  contributions: HostContribution[];
  /** The dashboard shown until the user edits it. */
  dashboard: DashboardWidget[];
}
