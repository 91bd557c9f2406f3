/**
 * The QT Assurance hub's views and their state, kept in the host page's query string (through the host navigation
 * service) so a view can be shared by URL and survives a reload. Parsing never throws: an unknown or malformed
 * parameter falls back to the portfolio with defaults.
 */
import { Verdict, VERDICTS } from "../../core/assessment";
import { ForecastStatus } from "../../core/forecast";

/** A forecast status, or `unavailable` (no forecast could be made). */
export type ForecastFilter = ForecastStatus | "unavailable";
export const FORECAST_FILTERS: readonly ForecastFilter[] = [
  "will-miss",
  "at-risk",
  "on-track",
  "finished",
  "window-closed",
  "not-enough-history",
  "unavailable",
];

export type HubRoute =
  | {
      view: "portfolio";
      /** A window id, `sit` for the SIT route, or undefined: every participant-role. */
      window?: string;
      role?: string;
      body?: string;
      route?: "QT" | "SIT";
      verdict?: Verdict;
      /** Only participant-roles whose execution forecast is this. */
      forecast?: ForecastFilter;
      /** Free-text search over MPID, participant name and role. */
      search?: string;
      /** Column id, `-` prefixed for descending. */
      sort?: string;
    }
  | { view: "detail"; participantRole: string; tab?: string }
  | { view: "report"; participantRole: string; compare?: [string, string] }
  /** The Qualification Assessment Document view of a window (`sit`: the SIT route; undefined: every window). */
  | { view: "qad"; window?: string };

export type QueryParams = Record<string, string>;

const KEY = /^[A-Z]{4}-[A-Z0-9]{1,2}$/;
const text = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

export function parseRoute(query: QueryParams): HubRoute {
  const pr = text(query.pr)?.toUpperCase();
  if (query.view === "detail" && pr && KEY.test(pr))
    return { view: "detail", participantRole: pr, tab: text(query.tab) };
  if (query.view === "report" && pr && KEY.test(pr)) {
    const pair = text(query.compare)?.split(",");
    const compare =
      pair && pair.length === 2 && pair.every((h) => /^[0-9a-f]{64}$/.test(h)) ? (pair as [string, string]) : undefined;
    return { view: "report", participantRole: pr, compare };
  }
  if (query.view === "qad") return { view: "qad", window: text(query.window) };
  const verdict = VERDICTS.find((v) => v === query.verdict);
  const route = query.route === "QT" || query.route === "SIT" ? query.route : undefined;
  return {
    view: "portfolio",
    window: text(query.window),
    role: text(query.role),
    body: text(query.body),
    route,
    verdict,
    forecast: FORECAST_FILTERS.find((f) => f === query.forecast),
    search: text(query.q),
    sort: text(query.sort),
  };
}

/**
 * The query parameters of a route. Every parameter the hub owns is present (empty when unset), so that
 * `setQueryParams` — which only adds, updates, or removes the ones given empty — clears stale state.
 */
export function routeToQuery(route: HubRoute): QueryParams {
  const empty: QueryParams = {
    view: "",
    pr: "",
    tab: "",
    compare: "",
    window: "",
    role: "",
    body: "",
    route: "",
    verdict: "",
    forecast: "",
    q: "",
    sort: "",
  };
  switch (route.view) {
    case "detail":
      return { ...empty, view: "detail", pr: route.participantRole, tab: route.tab ?? "" };
    case "report":
      return { ...empty, view: "report", pr: route.participantRole, compare: route.compare?.join(",") ?? "" };
    case "qad":
      return { ...empty, view: "qad", window: route.window ?? "" };
    default:
      return {
        ...empty,
        view: "portfolio",
        window: route.window ?? "",
        role: route.role ?? "",
        body: route.body ?? "",
        route: route.route ?? "",
        verdict: route.verdict ?? "",
        forecast: route.forecast ?? "",
        q: route.search ?? "",
        sort: route.sort ?? "",
      };
  }
}
