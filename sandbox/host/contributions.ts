/**
 * What the local extension host shows: the extension's identity and its contributions (hubs now, widgets later),
 * each served as `dist/web/<page>.html`. Plain data, read by the host page (through `/_host/config.json`), the
 * sandbox's banner and the browser tests, so adding a contribution is one line here.
 */

export interface HostExtension {
  /** `publisher.extension`. */
  id: string;
  publisherId: string;
  extensionId: string;
  version: string;
}

export interface HostContribution {
  /** Short id used in the host URL (`?page=`), also the page's bundle name. */
  id: string;
  /** `dist/web/<page>.html`. */
  page: string;
  title: string;
  kind: "hub" | "widget";
  /** The full contribution id the page gets from `SDK.getContributionId()`. */
  contributionId: string;
}

/** The development publisher (src/ado/extension-identity.ts's DEFAULT_EXTENSION) until packaging substitutes it. */
export const PUBLISHER_ID = "qt-assurance-dev";
export const EXTENSION_ID = "qt-assurance";
export const FULL_EXTENSION_ID = `${PUBLISHER_ID}.${EXTENSION_ID}`;

function contribution(id: string, title: string, kind: HostContribution["kind"]): HostContribution {
  return { id, page: id, title, kind, contributionId: `${FULL_EXTENSION_ID}.${id}` };
}

export const CONTRIBUTIONS: readonly HostContribution[] = [
  contribution("qt-hub", "QT Assurance", "hub"),
  contribution("settings-hub", "Settings", "hub"),
];

/** The sample people the host can act as: keys of the user switcher and of `?user=`. */
export type HostUserKey = "tester" | "bsc" | "rec";
export const HOST_USER_KEYS: readonly HostUserKey[] = ["tester", "bsc", "rec"];

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
}
