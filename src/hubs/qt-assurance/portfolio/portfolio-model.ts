/**
 * The portfolio table's rows and what the route does to them: filtering by role, governing body, route, verdict
 * and keywords, and sorting by a column. Pure functions over assessments, so they are cheap to memoise and test.
 */
import { Assessment, verdictRank } from "../../../core/assessment";
import { stageRank } from "../../../core/lifecycle";
import { Forecast } from "../../../core/forecast";
import { Settings } from "../../../core/settings";
import { ForecastFilter, HubRoute } from "../routes";

/** A participant-role's execution forecast, as the portfolio reads it after the verdicts. */
export type ForecastCell =
  { kind: "reading" } | { kind: "read"; forecast: Forecast } | { kind: "unavailable"; reason: string };

export type PortfolioRoute = Extract<HubRoute, { view: "portfolio" }>;

export interface PortfolioRow {
  key: string;
  assessment: Assessment;
  sev1: number;
  sev2: number;
  unclassified: number;
  /** Waivers still to be recorded: missing ones, and stale ones that need approving again. */
  waiversPending: number;
  forecast: ForecastCell;
  /** Lower-cased text the keyword search looks in: key, MPID, participant name, role name and code. */
  searchText: string;
}

function outstanding(a: Assessment, severity: 1 | 2 | "unclassified"): number {
  return a.defectCounts.find((c) => c.severity === severity)?.outstanding ?? 0;
}

const READING: ForecastCell = { kind: "reading" };

export function toRow(a: Assessment, forecast: ForecastCell = READING): PortfolioRow {
  return {
    forecast,
    key: a.participantRole,
    assessment: a,
    sev1: outstanding(a, 1),
    sev2: outstanding(a, 2),
    unclassified: outstanding(a, "unclassified"),
    waiversPending: a.waivers.missing + a.waivers.stale,
    searchText: [a.participantRole, a.mpid, a.participantName, a.roleName, a.roleCode].join(" ").toLowerCase(),
  };
}

/** Filters other than the verdict (the summary counts verdicts over these). */
export function filterRows(rows: readonly PortfolioRow[], route: PortfolioRoute, withVerdict = true): PortfolioRow[] {
  const terms = (route.search ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((row) => {
    const a = row.assessment;
    if (route.role && a.roleCode !== route.role) return false;
    if (route.body && !a.governingBodies.includes(route.body)) return false;
    if (route.route && a.route !== route.route) return false;
    if (withVerdict && route.verdict && a.verdict !== route.verdict) return false;
    if (route.forecast && forecastFilterOf(row.forecast) !== route.forecast) return false;
    return terms.every((t) => row.searchText.includes(t));
  });
}

export function hasFilters(route: PortfolioRoute): boolean {
  return Boolean(route.role || route.body || route.route || route.verdict || route.forecast || route.search);
}

export type SortColumnId =
  | "key"
  | "role"
  | "verdict"
  | "stage"
  | "forecast"
  | "execution"
  | "sev1"
  | "sev2"
  | "unclassified"
  | "mitigation"
  | "waivers"
  | "days";

const byKey = (a: PortfolioRow, b: PortfolioRow) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const daysLeft = (r: PortfolioRow) => r.assessment.window?.daysLeft ?? Number.POSITIVE_INFINITY;
const numeric =
  (value: (r: PortfolioRow) => number) =>
  (a: PortfolioRow, b: PortfolioRow): number => {
    const x = value(a);
    const y = value(b);
    return x === y ? 0 : x < y ? -1 : 1;
  };

/** A figure that was not read sorts as the worst there could be, beside the largest counts. */
const defects = (value: (r: PortfolioRow) => number) => (r: PortfolioRow) =>
  r.assessment.counted.defects ? value(r) : Number.POSITIVE_INFINITY;
const points = (value: (r: PortfolioRow) => number, unread: number) => (r: PortfolioRow) =>
  r.assessment.counted.points ? value(r) : unread;

export const SORTS: Readonly<Record<SortColumnId, (a: PortfolioRow, b: PortfolioRow) => number>> = {
  key: byKey,
  role: (a, b) => a.assessment.roleName.localeCompare(b.assessment.roleName),
  verdict: numeric((r) => verdictRank(r.assessment.verdict)),
  stage: numeric((r) => stageRank(r.assessment.stage.id)),
  forecast: numeric((r) => FORECAST_RANK[forecastFilterOf(r.forecast) ?? "reading"]),
  execution: numeric(points((r) => r.assessment.coverage.executionPercent, Number.NEGATIVE_INFINITY)),
  sev1: numeric(defects((r) => r.sev1)),
  sev2: numeric(defects((r) => r.sev2)),
  unclassified: numeric(defects((r) => r.unclassified)),
  mitigation: numeric(defects((r) => r.assessment.mitigationGaps)),
  waivers: numeric(points((r) => r.waiversPending, Number.POSITIVE_INFINITY)),
  days: numeric(daysLeft),
};

export interface SortState {
  column: SortColumnId;
  descending: boolean;
}

/** Worst verdict first by default: what an assurer looks at first. */
export const DEFAULT_SORT: SortState = { column: "verdict", descending: false };

export function parseSort(sort: string | undefined): SortState {
  if (!sort) return DEFAULT_SORT;
  const descending = sort.startsWith("-");
  const column = (descending ? sort.slice(1) : sort) as SortColumnId;
  return column in SORTS ? { column, descending } : DEFAULT_SORT;
}

export function sortToParam(sort: SortState): string | undefined {
  if (sort.column === DEFAULT_SORT.column && sort.descending === DEFAULT_SORT.descending) return undefined;
  return `${sort.descending ? "-" : ""}${sort.column}`;
}

/** A new sorted array; ties keep participant-role key order, so the order is stable and predictable. */
export function sortRows(rows: readonly PortfolioRow[], sort: SortState): PortfolioRow[] {
  const compare = SORTS[sort.column];
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => sign * compare(a, b) || byKey(a, b));
}

export interface Option {
  id: string;
  text: string;
}

export const ALL_WINDOWS = "";

/** The window picker: each configured window, the SIT route, and every participant-role. */
export function windowOptions(settings: Settings): Option[] {
  return [
    { id: ALL_WINDOWS, text: "All windows" },
    ...settings.windows.map((w) => ({ id: w.id, text: w.name })),
    { id: "sit", text: "SIT route" },
  ];
}

export function windowLabel(settings: Settings, window: string | undefined): string {
  if (!window) return "all windows";
  if (window === "sit") return "the SIT route";
  return settings.windows.find((w) => w.id === window)?.name ?? `window "${window}"`;
}

export function roleOptions(settings: Settings): Option[] {
  return [{ id: "", text: "All roles" }, ...settings.roles.map((r) => ({ id: r.code, text: `${r.name} (${r.code})` }))];
}

export function bodyOptions(settings: Settings): Option[] {
  const bodies = [...new Set(settings.roles.flatMap((r) => r.governingBodies))].sort();
  return [{ id: "", text: "All governing bodies" }, ...bodies.map((b) => ({ id: b, text: b }))];
}

export const ROUTE_OPTIONS: Option[] = [
  { id: "", text: "All routes" },
  { id: "QT", text: "QT" },
  { id: "SIT", text: "SIT" },
];

export function daysLeftText(a: Assessment): string {
  const w = a.window;
  if (!w) return "—";
  if (w.phase === "closed" || w.daysLeft < 0) return "Closed";
  return w.daysLeft === 1 ? "1 day" : `${w.daysLeft} days`;
}

export const PHASE_LABELS: Readonly<Record<string, string>> = {
  "not-started": "Not started",
  "environment-preparation": "Environment preparation",
  "awaiting-execution": "Awaiting execution",
  execution: "In execution",
  closed: "Closed",
};

/** The filter a forecast cell falls under; undefined while it is read. */
export function forecastFilterOf(cell: ForecastCell): ForecastFilter | undefined {
  return cell.kind === "read" ? cell.forecast.status : cell.kind === "unavailable" ? "unavailable" : undefined;
}

/** Worst first: missed, will miss, at risk, then what cannot be told, then the good news. */
const FORECAST_RANK: Readonly<Record<ForecastFilter | "reading", number>> = {
  "window-closed": 0,
  "will-miss": 1,
  "at-risk": 2,
  unavailable: 3,
  "not-enough-history": 4,
  reading: 5,
  "on-track": 6,
  finished: 7,
};

export const FORECAST_FILTER_LABELS: Readonly<Record<ForecastFilter, string>> = {
  "will-miss": "Will miss",
  "at-risk": "At risk",
  "on-track": "On track",
  finished: "Finished",
  "window-closed": "Window closed",
  "not-enough-history": "Not enough history",
  unavailable: "No forecast",
};
