/**
 * The local extension host (`/_host/`): plays Azure DevOps for our built pages. It frames `/_host/web/<page>.html`,
 * answers the SDK's handshake and services through an XDM channel, and keeps its state in its URL
 * (`?page=qt-hub&user=bsc&theme=dark` plus the page's own query and hash), so a view can be shared and reloaded.
 * Plain DOM: a header with a link per hub and to the dashboard, a user switcher, a theme switch, messages and the
 * frame — or, at `?page=dashboard`, the dashboard of widgets (dashboard.ts).
 */
import { HostConfig, HostContribution, HostIdentity, HostTheme } from "./contributions";
import { HOST_PARAMS, HostUrlState, formatHostUrl, parseHostUrl } from "./host-url";
import { el } from "./dom";
import { DASHBOARD_PAGE, DASHBOARD_STYLE, Dashboard, FrameHooks } from "./dashboard";
import { HostSession, HostSurface, NoticeLevel, hostControl, serviceManager } from "./services";
import { themeData } from "./theme";
import { HostChannel } from "./xdm-channel";

const HANDSHAKE_TIMEOUT_MS = 15_000;

const STYLE = `
:root { color-scheme: light; --host-bg: #f8f8f8; --host-fg: #1e1e1e; --host-bar: #ffffff; --host-border: #d0d0d0;
  --host-link: #005a9e; --host-accent: #0078d4; }
:root.dark { color-scheme: dark; --host-bg: #1b1a19; --host-fg: #f3f2f1; --host-bar: #252423; --host-border: #484644;
  --host-link: #6cb8f6; --host-accent: #2899f5; }
html, body { margin: 0; height: 100%; background: var(--host-bg); color: var(--host-fg);
  font: 14px "Segoe UI", system-ui, -apple-system, sans-serif; }
#root { display: flex; flex-direction: column; height: 100%; }
.host-header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 20px; padding: 8px 16px;
  background: var(--host-bar); border-bottom: 1px solid var(--host-border); }
.host-brand { font-weight: 600; }
.host-brand small { font-weight: 400; opacity: .7; }
.host-nav ul { display: flex; gap: 4px; list-style: none; margin: 0; padding: 0; }
.host-nav a { color: var(--host-link); padding: 4px 8px; border-radius: 4px; text-decoration: none; }
.host-nav a[aria-current="page"] { background: var(--host-accent); color: #fff; }
.host-nav a:focus-visible, select:focus-visible, button:focus-visible { outline: 2px solid var(--host-accent); outline-offset: 2px; }
.host-field { display: flex; align-items: center; gap: 6px; }
.host-field select { font: inherit; padding: 2px 4px; background: var(--host-bg); color: var(--host-fg);
  border: 1px solid var(--host-border); border-radius: 4px; }
.host-status { margin-left: auto; opacity: .8; }
.host-status[data-state="failed"] { color: #d13438; opacity: 1; font-weight: 600; }
.host-messages:empty { display: none; }
.host-messages { display: flex; flex-direction: column; gap: 4px; padding: 6px 16px; }
.host-message { display: flex; gap: 8px; align-items: center; padding: 6px 10px; border-radius: 4px;
  border-left: 4px solid var(--host-accent); background: var(--host-bar); }
.host-message[data-level="warning"] { border-color: #c19c00; }
.host-message[data-level="error"] { border-color: #d13438; }
.host-message[data-level="success"] { border-color: #107c10; }
.host-message button { margin-left: auto; font: inherit; }
.host-frame-box { flex: 1; min-height: 0; display: flex; }
#contribution-frame { flex: 1; border: 0; width: 100%; background: var(--host-bg); }
body.full-screen .host-header { display: none; }
`;

const hostBase = () => `${location.origin}${location.pathname}`;

async function main(): Promise<void> {
  const root = document.getElementById("root") ?? document.body.appendChild(el("div", { id: "root" }));
  document.head.appendChild(el("style", {}, STYLE + DASHBOARD_STYLE));
  let config: HostConfig;
  try {
    const response = await fetch("config.json", { cache: "no-store" });
    if (!response.ok) throw new Error(`config.json answered ${response.status}`);
    config = (await response.json()) as HostConfig;
  } catch (error) {
    root.append(el("p", { role: "alert" }, `The local host could not read its configuration: ${String(error)}`));
    return;
  }
  new LocalHost(root, config).start();
}

class LocalHost {
  private state: HostUrlState;
  private channel: HostChannel | undefined;
  /** The dashboard's channels (one per widget frame and configuration frame). */
  private readonly dashboardChannels = new Set<HostChannel>();
  private dashboard: Dashboard | undefined;
  private frame: HTMLIFrameElement | undefined;
  private hashListeners: ((hash: string) => void)[] = [];
  private isFullScreen = false;
  private handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly status = el("span", { class: "host-status", id: "host-status", role: "status" });
  private readonly messages = el("div", {
    class: "host-messages",
    id: "host-messages",
    "aria-live": "polite",
    "aria-label": "Messages from the page",
  });
  private readonly nav = el("nav", { class: "host-nav", "aria-label": "Contributions" });
  private readonly userSelect = el("select", { id: "host-user" });
  private readonly themeSelect = el("select", { id: "host-theme" });
  private readonly frameBox = el("div", { class: "host-frame-box" });

  constructor(
    private readonly root: HTMLElement,
    private readonly config: HostConfig,
  ) {
    this.state = parseHostUrl(location.href, config.contributions[0]?.page ?? "");
  }

  start(): void {
    for (const identity of this.config.identities)
      this.userSelect.append(el("option", { value: identity.key }, `${identity.displayName} — ${identity.role}`));
    this.themeSelect.append(el("option", { value: "light" }, "Light"), el("option", { value: "dark" }, "Dark"));
    this.userSelect.addEventListener("change", () => this.switchUser(this.userSelect.value));
    this.themeSelect.addEventListener("change", () => this.switchTheme(this.themeSelect.value as HostTheme));
    const header = el(
      "header",
      { class: "host-header" },
      el("span", { class: "host-brand" }, "QT Assurance ", el("small", {}, "local extension host")),
      this.nav,
      el("span", { class: "host-field" }, el("label", { for: "host-user" }, "User"), this.userSelect),
      el("span", { class: "host-field" }, el("label", { for: "host-theme" }, "Theme"), this.themeSelect),
      this.status,
    );
    this.root.append(header, this.messages, el("main", { class: "host-frame-box-wrap" }, this.frameBox));
    this.frameBox.style.height = "100%";
    (this.frameBox.parentElement as HTMLElement).style.cssText = "flex:1;min-height:0;display:flex";

    window.addEventListener("message", (event) => {
      if (this.channel?.handleEvent(event)) return;
      for (const channel of this.dashboardChannels) if (channel.handleEvent(event)) return;
    });
    window.addEventListener("popstate", () => this.onHostUrlChanged());
    window.addEventListener("hashchange", () => this.onHostUrlChanged());
    this.render();
    this.loadFrame();
  }

  private contribution(): HostContribution | undefined {
    return this.config.contributions.find((c) => c.page === this.state.page || c.id === this.state.page);
  }

  private identity(): HostIdentity {
    return this.config.identities.find((i) => i.key === this.state.user) ?? this.config.identities[0];
  }

  private render(): void {
    document.documentElement.classList.toggle("dark", this.state.theme === "dark");
    this.userSelect.value = this.state.user;
    this.themeSelect.value = this.state.theme;
    const list = el("ul");
    for (const c of this.config.contributions) {
      if (c.kind !== "hub") continue; // widgets and their configurations live on the dashboard
      const href = formatHostUrl(hostBase(), { ...this.state, page: c.page, query: {}, hash: "" });
      const link = el("a", { href, "data-contribution": c.id }, c.title);
      if (c.page === this.contribution()?.page) link.setAttribute("aria-current", "page");
      list.append(el("li", {}, link));
    }
    const href = formatHostUrl(hostBase(), { ...this.state, page: DASHBOARD_PAGE, query: {}, hash: "" });
    const dashboardLink = el("a", { href, "data-contribution": DASHBOARD_PAGE }, "Dashboard");
    if (this.state.page === DASHBOARD_PAGE) dashboardLink.setAttribute("aria-current", "page");
    list.append(el("li", {}, dashboardLink));
    this.nav.replaceChildren(list);
  }

  private writeUrl(next: HostUrlState, replace: boolean): void {
    this.state = next;
    const url = formatHostUrl(hostBase(), next);
    if (url === location.href) return;
    if (replace) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
  }

  /** Back/forward or an edited hash: reload the frame if the host's part changed, else tell the page. */
  private onHostUrlChanged(): void {
    const before = this.state;
    const after = parseHostUrl(location.href, this.state.page);
    this.state = after;
    this.render();
    if (before.page !== after.page || before.user !== after.user) this.loadFrame();
    else if (before.theme !== after.theme) this.pushTheme();
    else if (before.hash !== after.hash) for (const listener of this.hashListeners) this.safely(listener, after.hash);
  }

  private safely(listener: (hash: string) => void, hash: string): void {
    try {
      void Promise.resolve(listener(hash)).catch(() => undefined);
    } catch {
      // the page's callback failed: nothing for the host to do
    }
  }

  private switchUser(key: string): void {
    this.writeUrl({ ...this.state, user: key as HostUrlState["user"] }, false);
    this.render();
    this.loadFrame();
  }

  private switchTheme(theme: HostTheme): void {
    this.writeUrl({ ...this.state, theme }, false);
    this.render();
    this.pushTheme();
  }

  /** A theme change reaches a connected page live, as Azure DevOps sends it: a `themeChanged` event. */
  private pushTheme(): void {
    if (this.dashboard) return this.dashboard.pushTheme(this.state.theme);
    const channel = this.channel;
    if (!channel?.connected) return this.loadFrame();
    channel
      .invoke("DevOps.SdkClient", "dispatchEvent", ["themeChanged", { detail: { data: themeData(this.state.theme) } }])
      .catch(() => this.loadFrame());
  }

  private setStatus(text: string, state: "loading" | "loaded" | "failed"): void {
    this.status.textContent = text;
    this.status.dataset.state = state;
  }

  private loadFrame(): void {
    this.channel?.close();
    this.hashListeners = [];
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.frame?.remove();
    this.frame = undefined;
    this.dashboard?.destroy();
    this.dashboard = undefined;
    this.messages.replaceChildren();
    if (this.state.page === DASHBOARD_PAGE) return this.loadDashboard();
    const contribution = this.contribution();
    if (!contribution) {
      this.setStatus(`No contribution "${this.state.page}"`, "failed");
      this.notice("error", `There is no contribution "${this.state.page}": pick one above.`);
      return;
    }
    const identity = this.identity();
    const session: HostSession = { config: this.config, identity, contribution, theme: this.state.theme };
    const frame = el("iframe", {
      id: "contribution-frame",
      title: contribution.title,
      src: `web/${encodeURIComponent(contribution.page)}.html`,
    });
    this.frameBox.append(frame);
    this.frame = frame;
    const channel = new HostChannel(frame.contentWindow as Window, (what) =>
      this.notice("warning", `Not answered: ${what}.`),
    );
    const surface = this.surface(session);
    channel.register("DevOps.HostControl", hostControl(session, surface));
    channel.register("DevOps.ServiceManager", serviceManager(session, surface));
    this.channel = channel;
    document.title = `${contribution.title} · ${identity.displayName} · QT Assurance local host`;
    this.setStatus(`Loading ${contribution.title} as ${identity.displayName}…`, "loading");
    this.handshakeTimer = setTimeout(() => {
      if (this.channel === channel && !channel.connected)
        this.loadFailed(`the page did not start the SDK handshake within ${HANDSHAKE_TIMEOUT_MS / 1000} s`);
    }, HANDSHAKE_TIMEOUT_MS);
  }

  private loadDashboard(): void {
    const identity = this.identity();
    const dashboard = new Dashboard({
      config: this.config,
      session: (contribution) => ({ config: this.config, identity, contribution, theme: this.state.theme }),
      surface: (session, hooks) => this.frameSurface(session, hooks),
      addChannel: (channel) => this.dashboardChannels.add(channel),
      removeChannel: (channel) => this.dashboardChannels.delete(channel),
    });
    this.dashboard = dashboard;
    this.frameBox.append(dashboard.element);
    document.title = `Dashboard · ${identity.displayName} · QT Assurance local host`;
    this.setStatus(`Dashboard · ${identity.displayName}`, "loaded");
    dashboard.start(this.state.theme);
  }

  /** The surface of a dashboard frame: its notices go to the host, its navigation to the hub it names. */
  private frameSurface(session: HostSession, hooks: FrameHooks): HostSurface {
    const surface = this.surface(session);
    return {
      ...surface,
      handshaken: () => hooks.handshaken(),
      loadSucceeded: () => hooks.loadSucceeded(),
      loadFailed: (message) => hooks.loadFailed(message),
      resized: (width, height) => hooks.resized(width, height),
      navigation: {
        ...surface.navigation,
        getHash: () => "",
        setHash: () => undefined,
        onHashChanged: () => undefined,
        getQueryParams: () => ({}),
        setQueryParams: () => undefined,
      },
    };
  }

  /** A hub's Azure DevOps address (`…/_apps/hub/<contribution id>?…#…`) as the host's page for it, else unchanged. */
  private hostAddressOf(url: string): string {
    const target = new URL(url, location.href);
    const match = /\/_apps\/hub\/([^/?#]+)/.exec(target.pathname);
    const hub = match && this.config.contributions.find((c) => c.contributionId === decodeURIComponent(match[1]));
    if (!hub) return target.href;
    const query: Record<string, string> = {};
    target.searchParams.forEach((value, key) => (query[key] = value));
    return formatHostUrl(hostBase(), { ...this.state, page: hub.page, query, hash: target.hash.replace(/^#/, "") });
  }

  private loadFailed(message: string): void {
    this.setStatus("Failed to load", "failed");
    this.notice("error", `The page failed to load: ${message}`);
  }

  notice(level: NoticeLevel, text: string, options: { banner?: boolean; durationMs?: number } = {}): void {
    const close = el("button", { type: "button", "aria-label": "Dismiss message" }, "×");
    const item = el("div", {
      class: "host-message",
      "data-level": level,
      role: level === "error" ? "alert" : "status",
    });
    item.append(el("span", {}, text), close);
    if (options.banner) item.dataset.banner = "true";
    close.addEventListener("click", () => item.remove());
    this.messages.append(item);
    if (options.durationMs) setTimeout(() => item.remove(), options.durationMs);
  }

  private surface(session: HostSession): HostSurface {
    return {
      notice: (level, text, options) => this.notice(level, text, options),
      closeBanner: () => this.messages.querySelectorAll("[data-banner]").forEach((b) => b.remove()),
      loadSucceeded: () => {
        if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
        this.setStatus(`${session.contribution.title} · ${session.identity.displayName}`, "loaded");
      },
      loadFailed: (message) => this.loadFailed(message),
      resized: (_width, height) => {
        if (session.contribution.kind === "widget" && this.frame && typeof height === "number")
          this.frame.style.height = `${height}px`;
      },
      fullScreen: (on) => {
        if (on !== undefined) {
          this.isFullScreen = on;
          document.body.classList.toggle("full-screen", on);
        }
        return this.isFullScreen;
      },
      navigation: {
        getHash: () => this.state.hash,
        setHash: (hash, replace) =>
          this.writeUrl({ ...this.state, hash: String(hash ?? "").replace(/^#/, "") }, replace),
        onHashChanged: (callback) => {
          if (typeof callback === "function") this.hashListeners.push(callback);
        },
        getQueryParams: () => ({ ...this.state.query }),
        setQueryParams: (parameters) => {
          const query = { ...this.state.query };
          for (const [key, value] of Object.entries(parameters)) {
            if ((HOST_PARAMS as readonly string[]).includes(key)) {
              this.notice("warning", `The page tried to set the host's own query parameter "${key}": ignored.`);
              continue;
            }
            if (value === undefined || value === null || value === "") delete query[key];
            else query[key] = String(value);
          }
          this.writeUrl({ ...this.state, query }, false);
        },
        navigate: (url) => {
          location.href = this.hostAddressOf(url);
        },
        openNewWindow: (url, features) => {
          window.open(this.hostAddressOf(url), "_blank", features);
        },
        reload: () => location.reload(),
        setDocumentTitle: (title) => {
          document.title = String(title);
        },
      },
    };
  }
}

void main();
