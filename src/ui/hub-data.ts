/**
 * What a hub or widget reads and writes, built from its host connection: the browser port, one resilient caller
 * for the page (bounded concurrency, Retry-After honoured), the port wrapped in it, and the extension-data store.
 */
import { createBrowserPort } from "../ado/browser-port";
import { AdoPort } from "../ado/port";
import { ResilientCaller, createResilientCaller } from "../ado/resilience";
import { resilientPort } from "../ado/resilient-port";
import { createStore } from "../ado/store";
import { QtStore } from "../ado/store-types";
import { UserRef } from "../core/audit";
import { HostConnection } from "./host-connection";

export interface HubData {
  host: HostConnection;
  /** The bare port, for the reader, which runs each request through `caller` itself. */
  port: AdoPort;
  /** The port with every request run through `caller`: what the hub's own reads use. */
  api: AdoPort;
  caller: ResilientCaller;
  /** The extension's data, over `api`. */
  store: QtStore;
  project: string;
  /** The signed-in user as the audit log records them. */
  me: UserRef;
}

/**
 * 8 requests in flight, as the CLI's reader keeps. Azure DevOps answers over HTTP/2, where all 8 are on the wire at
 * once; over HTTP/1.1 (the local sandbox) Chromium sends 6 per origin and holds the others, so a connection that
 * frees up starts the next request at once, even while the page is busy rendering.
 */
export const HUB_CONCURRENCY = 8;

export function createHubData(host: HostConnection, concurrency = HUB_CONCURRENCY): HubData {
  const caller = createResilientCaller({ concurrency });
  const port = createBrowserPort({
    orgUrl: host.orgUrl,
    authTokenProvider: { getAuthorizationHeader: async () => `Bearer ${await host.accessToken()}` },
    extension: { publisher: host.extension.publisherId, id: host.extension.extensionId },
    onRateLimitDelay: caller.delayArea,
  });
  const api = resilientPort(port, caller);
  return {
    host,
    port,
    api,
    caller,
    store: createStore(api, { project: host.project.name }),
    project: host.project.name,
    me: { id: host.user.id, uniqueName: host.user.name, displayName: host.user.displayName },
  };
}
