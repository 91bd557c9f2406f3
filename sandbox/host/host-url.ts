/**
 * The host's state lives in its URL, so a view can be shared and survives a reload:
 * `/_host/?page=qt-hub&user=bsc&theme=dark&<the page's own query>#<the page's own hash>`. `page`, `user` and
 * `theme` belong to the host; every other query parameter and the hash are the page's (its navigation service's
 * getQueryParams/setQueryParams and getHash/setHash).
 */
import { HOST_USER_KEYS, HostTheme, HostUserKey } from "./contributions";

export const HOST_PARAMS = ["page", "user", "theme"] as const;

/** `?page=dashboard`: the host's dashboard of widgets (dashboard.ts) rather than a contribution's page. */
export const DASHBOARD_PAGE = "dashboard";

export interface HostUrlState {
  page: string;
  user: HostUserKey;
  theme: HostTheme;
  /** The page's own query parameters. */
  query: Record<string, string>;
  /** The page's hash, without `#`. */
  hash: string;
}

export function parseHostUrl(href: string, defaultPage: string): HostUrlState {
  const url = new URL(href);
  const user = url.searchParams.get("user");
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => {
    if (!(HOST_PARAMS as readonly string[]).includes(key)) query[key] = value;
  });
  return {
    page: url.searchParams.get("page") || defaultPage,
    user: HOST_USER_KEYS.includes(user as HostUserKey) ? (user as HostUserKey) : "tester",
    theme: url.searchParams.get("theme") === "dark" ? "dark" : "light",
    query,
    hash: url.hash.replace(/^#/, ""),
  };
}

/** `base` is the host page's address without query or hash (`http://127.0.0.1:8091/_host/`). */
export function formatHostUrl(base: string, state: HostUrlState): string {
  const params = new URLSearchParams({ page: state.page, user: state.user, theme: state.theme });
  for (const [key, value] of Object.entries(state.query))
    if (!(HOST_PARAMS as readonly string[]).includes(key)) params.set(key, value);
  return `${base}?${params.toString()}${state.hash ? `#${state.hash}` : ""}`;
}
