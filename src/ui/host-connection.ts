/**
 * The page's link to its Azure DevOps host, through azure-devops-extension-sdk: everything a hub or widget needs
 * from the host, each call under a time limit, because the SDK has none and an unanswered host call would leave a
 * blank frame. Nothing here knows which host it is (Azure DevOps or the local one in sandbox/).
 */
import * as SDK from "azure-devops-extension-sdk";
import type { IHostNavigationService, ILocationService, IProjectPageService } from "azure-devops-extension-api/Common";
import { cachedToken } from "./token-cache";

// CommonServiceIds is a const enum in a .d.ts: isolated (per-file) compilation cannot inline it, so its values
// are spelled out here.
const LOCATION_SERVICE = "ms.vss-features.location-service";
const PROJECT_PAGE_SERVICE = "ms.vss-tfs-web.tfs-page-data-service";
const NAVIGATION_SERVICE = "ms.vss-features.host-navigation-service";

export const HOST_TIMEOUT_MS = 15_000;

export class HostUnavailableError extends Error {
  override readonly name = "HostUnavailableError";
}

/** Resolves like `work`, or rejects naming `what` when the host has not answered in time. */
export function withTimeout<T>(work: Promise<T>, what: string, ms = HOST_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new HostUnavailableError(`${what} did not answer within ${Math.round(ms / 1000)} s.`)),
      ms,
    );
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export interface HostUser {
  id: string;
  /** The sign-in name (an e-mail address in Azure DevOps). */
  name: string;
  displayName: string;
}

export interface HostConnection {
  /** The organisation's root URL, ending with `/`, as the location service gives it. */
  orgUrl: string;
  project: { id: string; name: string };
  user: HostUser;
  extension: { publisherId: string; extensionId: string };
  /** The contribution's configuration (a widget's settings come through load/reload instead). */
  configuration: Record<string, unknown>;
  /** A fresh `Bearer` token for REST calls: the host renews it, so ask each time. */
  accessToken(): Promise<string>;
  navigation: IHostNavigationService;
}

/**
 * Initialises the SDK and gathers the context. Rejects with HostUnavailableError when the page is not inside a
 * host that answers (opened on its own, or the host failed), so the page can say so instead of hanging.
 */
export async function connectToHost(options: { loaded?: boolean } = {}): Promise<HostConnection> {
  await withTimeout(
    SDK.init({ loaded: options.loaded ?? false, applyTheme: true }),
    "The Azure DevOps host (this page must be opened inside Azure DevOps)",
  );
  await withTimeout(SDK.ready(), "The Azure DevOps host");
  const [location, projects, navigation] = await Promise.all([
    withTimeout(SDK.getService<ILocationService>(LOCATION_SERVICE), "The location service"),
    withTimeout(SDK.getService<IProjectPageService>(PROJECT_PAGE_SERVICE), "The project page service"),
    withTimeout(SDK.getService<IHostNavigationService>(NAVIGATION_SERVICE), "The navigation service"),
  ]);
  const [orgUrl, project] = await Promise.all([
    withTimeout(location.getServiceLocation(), "The location service"),
    withTimeout(projects.getProject(), "The project page service"),
  ]);
  if (!project) throw new HostUnavailableError("This page must be opened inside a project.");
  const user = SDK.getUser();
  const extension = SDK.getExtensionContext();
  return {
    orgUrl: orgUrl.endsWith("/") ? orgUrl : `${orgUrl}/`,
    project: { id: project.id, name: project.name },
    user: { id: user.id, name: user.name, displayName: user.displayName },
    extension: { publisherId: extension.publisherId, extensionId: extension.extensionId },
    configuration: SDK.getConfiguration(),
    accessToken: cachedToken(() => withTimeout(SDK.getAccessToken(), "The host's access token")),
    navigation,
  };
}

/** Tells the host the page is shown (or failed), so it removes its loading indicator. */
export function notifyLoaded(error?: unknown): void {
  if (error === undefined) void SDK.notifyLoadSucceeded();
  else void SDK.notifyLoadFailed(error instanceof Error ? error : String(error));
}
