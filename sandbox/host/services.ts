/**
 * The Azure DevOps side of the SDK's conversation, for one framed page: `DevOps.HostControl` (handshake, load
 * notifications, tokens, resize) and `DevOps.ServiceManager` (the host services a page asks for by id). The page
 * cannot tell these from Azure DevOps's own; what the local host cannot do (dialogs, panels) is reported in the
 * host's UI and answered with an error, never left unanswered.
 */
import { HostConfig, HostContribution, HostIdentity, HostTheme } from "./contributions";
import { createExtensionDataManager } from "./data-manager";
import { themeData } from "./theme";

export type NoticeLevel = "info" | "warning" | "error" | "success";

/** What the services need from the host page around them. */
export interface HostSurface {
  notice(level: NoticeLevel, text: string, options?: { banner?: boolean; durationMs?: number }): void;
  closeBanner(): void;
  /** The page's SDK handshake was answered (a dashboard then looks for the object the page registers). */
  handshaken?(): void;
  loadSucceeded(): void;
  loadFailed(message: string): void;
  resized(width: number | undefined, height: number | undefined): void;
  fullScreen(on?: boolean): boolean;
  navigation: {
    getHash(): string;
    setHash(hash: string, replace: boolean): void;
    onHashChanged(callback: (hash: string) => void): void;
    getQueryParams(): Record<string, string>;
    setQueryParams(parameters: Record<string, string>): void;
    navigate(url: string): void;
    openNewWindow(url: string, features?: string): void;
    reload(): void;
    setDocumentTitle(title: string): void;
  };
}

export interface HostSession {
  config: HostConfig;
  identity: HostIdentity;
  contribution: HostContribution;
  theme: HostTheme;
}

export const LOCATION_SERVICE = "ms.vss-features.location-service";
export const PROJECT_PAGE_SERVICE = "ms.vss-tfs-web.tfs-page-data-service";
export const NAVIGATION_SERVICE = "ms.vss-features.host-navigation-service";
export const EXTENSION_DATA_SERVICE = "ms.vss-features.extension-data-service";
export const GLOBAL_MESSAGES_SERVICE = "ms.vss-tfs-web.tfs-global-messages-service";
export const PAGE_LAYOUT_SERVICE = "ms.vss-features.host-page-layout-service";

const BANNER_LEVELS: Record<number, NoticeLevel> = { 0: "info", 1: "warning", 2: "error", 3: "success" };

/** An initials avatar, so `imageUrl` shows something without a profile service. */
function avatar(name: string): string {
  const initials = name
    .split(/\s+/)
    .filter((w) => /^[A-Za-z]/.test(w))
    .slice(0, 2)
    .map((w) => w[0].toUpperCase())
    .join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" rx="16" fill="#0078d4"/><text x="16" y="21" font-family="sans-serif" font-size="13" fill="#fff" text-anchor="middle">${initials}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

export function hostControl(session: HostSession, surface: HostSurface) {
  const { config, identity, contribution } = session;
  return {
    initialHandshake(_options: unknown) {
      // Dashboards pass widgets and their configurations their settings through load(), not initialConfig.
      setTimeout(() => surface.handshaken?.(), 0);
      // No top-level pageContext: that key switches SDK 4.2 to its legacy format.
      return {
        contributionId: contribution.contributionId,
        initialConfig: {},
        themeData: themeData(session.theme),
        context: {
          extension: { ...config.extension },
          user: {
            id: identity.id,
            name: identity.uniqueName,
            displayName: identity.displayName,
            descriptor: `sandbox.${identity.id}`,
            imageUrl: avatar(identity.displayName),
          },
          host: {
            id: config.organization.id,
            name: config.organization.name,
            serviceVersion: config.serviceVersion,
            type: 4,
            isHosted: true,
          },
        },
      };
    },
    notifyLoadSucceeded() {
      surface.loadSucceeded();
    },
    notifyLoadFailed(error: unknown) {
      const message =
        typeof error === "string"
          ? error
          : error && typeof error === "object" && "message" in error
            ? String((error as { message: unknown }).message)
            : "the page did not say why";
      surface.loadFailed(message);
    },
    getAccessToken: () => ({ token: identity.token }),
    getAppToken: () => ({ token: identity.token }),
    resize(width?: number, height?: number) {
      surface.resized(width, height);
    },
  };
}

export function serviceManager(session: HostSession, surface: HostSurface) {
  const services = hostServices(session, surface);
  return {
    getService(id: string) {
      const service = services[id];
      if (!service) {
        surface.notice("warning", `The page asked for the service "${id}", which the local host does not provide.`);
        throw new Error(`The service "${id}" is not provided by the local extension host.`);
      }
      return service;
    },
  };
}

function hostServices(session: HostSession, surface: HostSurface): Record<string, object> {
  const { config, contribution } = session;
  const orgRoot = `${config.orgUrl.replace(/\/+$/, "")}/`;
  const nav = surface.navigation;
  const unsupported = (what: string) => {
    const message = `${what} is not supported by the local host.`;
    surface.notice("warning", message);
    throw new Error(message);
  };
  return {
    [LOCATION_SERVICE]: {
      // Every resource area of the sandbox is served under the organisation URL.
      getResourceAreaLocation: (_areaId: string) => orgRoot,
      getServiceLocation: (_serviceInstanceType?: string, _hostType?: number) => orgRoot,
      routeUrl(routeId: string, routeValues?: Record<string, string>, hostPath?: string) {
        const values = Object.entries(routeValues ?? {})
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
          .join("&");
        return `${hostPath ?? orgRoot}_route/${encodeURIComponent(routeId)}${values ? `?${values}` : ""}`;
      },
    },
    [PROJECT_PAGE_SERVICE]: {
      getProject: () => ({ id: config.project.id, name: config.project.name }),
    },
    [NAVIGATION_SERVICE]: {
      getHash: () => nav.getHash(),
      setHash: (hash: string) => nav.setHash(hash, false),
      replaceHash: (hash: string) => nav.setHash(hash, true),
      onHashChanged: (callback: (hash: string) => void) => nav.onHashChanged(callback),
      getQueryParams: () => nav.getQueryParams(),
      setQueryParams: (parameters: Record<string, string>) => nav.setQueryParams(parameters ?? {}),
      navigate: (url: string) => nav.navigate(url),
      openNewWindow: (url: string, features?: string) => nav.openNewWindow(url, features),
      reload: () => nav.reload(),
      setDocumentTitle: (title: string) => nav.setDocumentTitle(title),
      getPageRoute: () => ({
        id: "ms.vss-tfs-web.project-hub-route",
        routeValues: { project: config.project.name, contributionId: contribution.contributionId },
      }),
      getPageNavigationElements: () => [
        {
          id: contribution.contributionId,
          name: contribution.title,
          type: contribution.kind === "hub" ? "ms.vss-web.hub" : `ms.vss-dashboards-web.${contribution.kind}`,
        },
      ],
    },
    [EXTENSION_DATA_SERVICE]: {
      getExtensionDataManager: (extensionId: string, accessToken: string) =>
        createExtensionDataManager(config.orgUrl, extensionId, accessToken),
    },
    [GLOBAL_MESSAGES_SERVICE]: {
      addBanner(banner: { message?: string; messageFormat?: string; level?: number } = {}) {
        const text = banner.message ?? banner.messageFormat ?? "(a banner without a message)";
        surface.notice(BANNER_LEVELS[banner.level ?? 0] ?? "info", text, { banner: true });
      },
      closeBanner: () => surface.closeBanner(),
      addToast(toast: { message?: string; duration?: number } = {}) {
        surface.notice("info", toast.message ?? "", { durationMs: toast.duration ?? 5000 });
      },
      addDialog: () => unsupported("A global dialog (addDialog)"),
      closeDialog: () => undefined,
    },
    [PAGE_LAYOUT_SERVICE]: {
      getFullScreenMode: () => surface.fullScreen(),
      setFullScreenMode: (on: boolean) => {
        surface.fullScreen(Boolean(on));
      },
      openMessageDialog: () => unsupported("A message dialog (openMessageDialog)"),
      openCustomDialog: () => unsupported("A custom dialog (openCustomDialog)"),
      openPanel: () => unsupported("A panel (openPanel)"),
    },
  };
}
