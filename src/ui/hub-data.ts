/**
 * What a hub or widget reads and writes, built from its host connection: the browser port, one resilient caller
 * for the page (bounded concurrency, Retry-After honoured) and the extension-data store.
 */
import { createBrowserPort } from "../ado/browser-port";
import { AdoPort } from "../ado/port";
import { ResilientCaller, createResilientCaller } from "../ado/resilience";
import { createStore } from "../ado/store";
import { QtStore } from "../ado/store-types";
import { UserRef } from "../core/audit";
import { HostConnection } from "./host-connection";

export interface HubData {
  host: HostConnection;
  port: AdoPort;
  caller: ResilientCaller;
  store: QtStore;
  project: string;
  /** The signed-in user as the audit log records them. */
  me: UserRef;
}

export function createHubData(host: HostConnection, concurrency = 6): HubData {
  const caller = createResilientCaller({ concurrency });
  const port = createBrowserPort({
    orgUrl: host.orgUrl,
    authTokenProvider: { getAuthorizationHeader: async () => `Bearer ${await host.accessToken()}` },
    extension: { publisher: host.extension.publisherId, id: host.extension.extensionId },
    onRateLimitDelay: caller.delayArea,
  });
  return {
    host,
    port,
    caller,
    store: createStore(port),
    project: host.project.name,
    me: { id: host.user.id, uniqueName: host.user.name, displayName: host.user.displayName },
  };
}
