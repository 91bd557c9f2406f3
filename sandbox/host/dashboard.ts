/**
 * The local host's dashboard (`/_host/?page=dashboard`): plays Azure DevOps' dashboard for our widget
 * contributions. Each widget instance is an iframe of its page sized to its span on a grid of 160 px cells with
 * 10 px gaps (WidgetSizeConverter's numbers); the page's SDK handshake is answered like a hub's, then the host
 * finds the object the page registered (`SDK.register(SDK.getContributionId(), widget)`; the short id is
 * accepted too) and calls it as ADO does:
 *
 * - `preload(widgetSettings)` if the object has it, then `load(widgetSettings)`; later `reload(widgetSettings)`
 *   when the settings or the size change (a widget without `reload` is framed again and loaded);
 * - widgetSettings = `{name, size: {rowSpan, columnSpan}, customSettings: {data, version}}` (`data` is absent while
 *   the widget is unconfigured);
 * - a resolved `{statusType: 0}` (WidgetStatusHelper.Success) shows the widget, `{statusType: 2}` (Unconfigured)
 *   shows the "configure" prompt, a rejection (WidgetStatusHelper.Failure) shows its message in the tile.
 *
 * "Configure" opens a side panel framing the widget's configuration contribution: the host calls
 * `load(widgetSettings, widgetConfigurationContext)`, the context's `notify(event, args)` reaching the page as a
 * proxy function; `ms.vss-dashboards-web.configurationChange` (args.data = customSettings) live-reloads the widget
 * with the unsaved settings; Save calls `onSave()` (`{isValid: true, customSettings}` saves, then `onSaveComplete()`;
 * `{isValid: false}`, resolved or rejected, keeps the panel open); Cancel reverts the preview.
 *
 * The dashboard's widgets are kept in localStorage (DASHBOARD_STORAGE_KEY), so a reload keeps them.
 */
import {
  DashboardWidget,
  HostConfig,
  HostContribution,
  HostTheme,
  WidgetCustomSettings,
  WidgetSize,
} from "./contributions";
import { el } from "./dom";
import { HostSession, HostSurface, hostControl, serviceManager } from "./services";
import { themeData } from "./theme";
import { HostChannel } from "./xdm-channel";

export { DASHBOARD_PAGE } from "./host-url";
export const DASHBOARD_STORAGE_KEY = "qt-assurance-local-host.dashboard";
export const CONFIGURATION_CHANGE = "ms.vss-dashboards-web.configurationChange";
export const CONFIGURATION_ERROR = "ms.vss-dashboards-web.configurationError";
export const GENERAL_SETTINGS_CHANGED = "ms.vss-dashboards-web.generalSettingsChanged";

/** ADO's grid: WidgetSizeConverter's cell and gutter. */
export const CELL_PX = 160;
export const GAP_PX = 10;
export const spanToPixels = (cells: number): number => cells * CELL_PX + (cells - 1) * GAP_PX;

const HANDSHAKE_TIMEOUT_MS = 15_000;
/** How long the host keeps asking for the registered object ("could not be found") after the handshake. */
export const REGISTER_TIMEOUT_MS = 5_000;
const REGISTER_RETRY_MS = 100;

/** The settings the host passes to `preload`, `load` and `reload` (ADO's WidgetSettings). */
export interface WidgetSettings {
  name: string;
  size: WidgetSize;
  customSettings: WidgetCustomSettings;
}

/** What the dashboard needs from the host page around it. */
export interface DashboardHost {
  config: HostConfig;
  session(contribution: HostContribution): HostSession;
  /** The surface of one framed page; `hooks` receive its load notifications and resizes. */
  surface(session: HostSession, hooks: FrameHooks): HostSurface;
  addChannel(channel: HostChannel): void;
  removeChannel(channel: HostChannel): void;
}

export interface FrameHooks {
  handshaken(): void;
  loadSucceeded(): void;
  loadFailed(message: string): void;
  resized(width: number | undefined, height: number | undefined): void;
}

const sizeLabel = (size: WidgetSize) => `${size.columnSpan}×${size.rowSpan}`;
const sameSize = (a: WidgetSize, b: WidgetSize) => a.rowSpan === b.rowSpan && a.columnSpan === b.columnSpan;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The message of whatever a page rejected with (an Error, WidgetStatusHelper.Failure's object, a string). */
export function messageOf(error: unknown): string {
  if (typeof error === "string") return error;
  if (error && typeof error === "object" && "message" in error) return String((error as { message: unknown }).message);
  return "the page did not say why";
}

const isNotFound = (error: unknown) => /could not be found/i.test(messageOf(error));

/**
 * One framed page of the dashboard (a widget or a configuration): its iframe, its XDM channel answering the
 * handshake and services, and the object it registered.
 */
class FramedPage {
  readonly iframe: HTMLIFrameElement;
  readonly channel: HostChannel;
  private instanceId: string | undefined;
  private readonly methods = new Set<string>();
  private readonly handshake: Promise<void>;
  private closed = false;

  constructor(
    private readonly host: DashboardHost,
    readonly contribution: HostContribution,
    container: HTMLElement,
    attributes: Record<string, string>,
    hooks: Partial<FrameHooks>,
  ) {
    this.iframe = el("iframe", { ...attributes, src: `web/${encodeURIComponent(contribution.page)}.html` });
    container.append(this.iframe);
    const session = host.session(contribution);
    let handshaken: () => void = () => undefined;
    this.handshake = new Promise<void>((resolve) => (handshaken = resolve));
    const surface = host.surface(session, {
      handshaken: () => {
        handshaken();
        hooks.handshaken?.();
      },
      loadSucceeded: () => hooks.loadSucceeded?.(),
      loadFailed: (message) => hooks.loadFailed?.(message),
      resized: (width, height) => hooks.resized?.(width, height),
    });
    this.channel = new HostChannel(this.iframe.contentWindow as Window, (what) =>
      surface.notice("warning", `Not answered (${contribution.title}): ${what}.`),
    );
    this.channel.register("DevOps.HostControl", hostControl(session, surface));
    this.channel.register("DevOps.ServiceManager", serviceManager(session, surface));
    host.addChannel(this.channel);
  }

  /** Waits for the handshake, then for the page's registered object (it registers after `init()` resolves). */
  async connect(): Promise<void> {
    const page = await fetch(`web/${encodeURIComponent(this.contribution.page)}.html`, { method: "HEAD" }).catch(
      () => undefined,
    );
    if (page && page.status === 404)
      throw new Error(`its page web/${this.contribution.page}.html is not built: run npm run build`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the page did not start the SDK handshake within ${HANDSHAKE_TIMEOUT_MS / 1000} s`)),
        HANDSHAKE_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([this.handshake, timeout]);
    } finally {
      clearTimeout(timer);
    }
    // As Microsoft's widget guide describes, the dashboard asks for the object by the contribution's id in the
    // manifest (the short id), and only by that.
    const id = this.contribution.id;
    const deadline = Date.now() + REGISTER_TIMEOUT_MS;
    while (!this.closed) {
      try {
        // An empty method name asks for the object itself: its functions arrive as proxies.
        const object = (await this.channel.invoke(id, "", [])) as Record<string, unknown> | undefined;
        this.instanceId = id;
        for (const [name, value] of Object.entries(object ?? {}))
          if (typeof value === "function") this.methods.add(name);
        return;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      if (Date.now() > deadline) break;
      await delay(REGISTER_RETRY_MS);
    }
    throw new Error(
      `the page did not register its object under the manifest id "${id}" (SDK.register) within ${
        REGISTER_TIMEOUT_MS / 1000
      } s`,
    );
  }

  has(method: string): boolean {
    return this.methods.has(method);
  }

  call(method: string, params: unknown[]): Promise<unknown> {
    if (!this.instanceId) return Promise.reject(new Error("the page has not registered its object"));
    return this.channel.invoke(this.instanceId, method, params);
  }

  pushTheme(theme: HostTheme): void {
    if (!this.channel.connected) return;
    this.channel
      .invoke("DevOps.SdkClient", "dispatchEvent", ["themeChanged", { detail: { data: themeData(theme) } }])
      .catch(() => undefined);
  }

  destroy(): void {
    this.closed = true;
    this.channel.close();
    this.host.removeChannel(this.channel);
    this.iframe.remove();
  }
}

type TileState = "loading" | "loaded" | "failed" | "unconfigured";

/** One widget instance on the grid: its chrome, its frame, and the calls to its registered object. */
class Tile {
  readonly element: HTMLElement;
  private readonly titleText = el("h2", { class: "dash-tile-title" });
  private readonly sizeSelect = el("select", { class: "dash-tile-size" });
  private readonly body = el("div", { class: "dash-tile-body" });
  private readonly message = el("div", { class: "dash-tile-message" });
  private frame: FramedPage | undefined;
  /** Calls to the widget go one after another, in the order the host made them. */
  private queue: Promise<void> = Promise.resolve();
  /** The settings last passed to the widget (the saved ones, or a configuration's preview). */
  private shown: WidgetSettings;

  constructor(
    private readonly dashboard: Dashboard,
    readonly instance: DashboardWidget,
    readonly contribution: HostContribution | undefined,
  ) {
    this.shown = settingsOf(instance);
    const configure = el("button", { type: "button", class: "dash-tile-configure" }, "Configure");
    const remove = el("button", { type: "button", class: "dash-tile-remove", "aria-label": "Remove widget" }, "×");
    for (const size of contribution?.supportedSizes ?? [instance.size])
      this.sizeSelect.append(el("option", { value: sizeLabel(size) }, sizeLabel(size)));
    this.sizeSelect.setAttribute("aria-label", "Widget size");
    this.sizeSelect.value = sizeLabel(instance.size);
    configure.disabled = !contribution?.configurationId;
    configure.addEventListener("click", () => this.dashboard.configure(this));
    remove.addEventListener("click", () => this.dashboard.remove(this));
    this.sizeSelect.addEventListener("change", () => {
      const size = (contribution?.supportedSizes ?? []).find((s) => sizeLabel(s) === this.sizeSelect.value);
      if (size) this.dashboard.resize(this, size);
    });
    this.message.hidden = true;
    this.body.append(this.message);
    this.element = el(
      "section",
      { class: "dash-tile", "data-widget-id": instance.id, "data-widget": instance.widget },
      el("header", { class: "dash-tile-header" }, this.titleText, this.sizeSelect, configure, remove),
      this.body,
    );
  }

  /** Frames the widget and loads it with `settings` (default: the saved ones). */
  start(settings: WidgetSettings = settingsOf(this.instance)): void {
    this.shown = settings;
    this.applySize(settings.size);
    this.titleText.textContent = settings.name;
    this.element.setAttribute("aria-label", settings.name);
    this.frame?.destroy();
    const contribution = this.contribution;
    if (!contribution) {
      this.showState("failed", `There is no widget contribution "${this.instance.widget}".`);
      return;
    }
    this.showState("loading", "");
    const frame = new FramedPage(
      this.dashboard.host,
      contribution,
      this.body,
      { class: "dash-tile-frame", title: settings.name },
      {
        resized: (_width, height) => {
          // A widget may ask to be smaller than its cell (never larger).
          if (typeof height === "number" && height > 0)
            frame.iframe.style.height = `${Math.min(height, spanToPixels(this.shown.size.rowSpan))}px`;
        },
        loadFailed: (message) => this.showState("failed", `${this.shown.name} failed to load: ${message}`),
      },
    );
    this.frame = frame;
    this.enqueue(async () => {
      await frame.connect();
      if (frame.has("preload")) await frame.call("preload", [settings]);
      this.applyStatus(await frame.call("load", [settings]));
    }, frame);
  }

  /** Shows other settings: `reload` if the widget has it, else a new frame loaded with them. */
  show(settings: WidgetSettings): void {
    this.shown = settings;
    this.applySize(settings.size);
    this.titleText.textContent = settings.name;
    const frame = this.frame;
    if (!frame) return;
    this.enqueue(async () => {
      if (frame.has("reload")) this.applyStatus(await frame.call("reload", [settings]));
      else this.start(settings);
    }, frame);
  }

  /** The saved settings again (after a cancelled configuration). */
  revert(): void {
    const saved = settingsOf(this.instance);
    if (JSON.stringify(saved) !== JSON.stringify(this.shown)) this.show(saved);
  }

  pushTheme(theme: HostTheme): void {
    this.frame?.pushTheme(theme);
  }

  destroy(): void {
    this.frame?.destroy();
    this.frame = undefined;
    this.element.remove();
  }

  private enqueue(work: () => Promise<void>, frame: FramedPage): void {
    this.queue = this.queue.then(work).catch((error: unknown) => {
      if (this.frame === frame) this.showState("failed", `${this.shown.name} failed: ${messageOf(error)}`);
    });
  }

  private applyStatus(status: unknown): void {
    const type = (status as { statusType?: unknown } | undefined)?.statusType;
    if (type === 2) this.showState("unconfigured", `${this.shown.name} is not configured yet.`);
    else this.showState("loaded", "");
  }

  private showState(state: TileState, text: string): void {
    this.element.dataset.state = state;
    this.message.replaceChildren();
    this.message.hidden = state === "loaded" || (state === "loading" && !text);
    this.message.setAttribute("role", state === "failed" ? "alert" : "status");
    if (text) this.message.append(el("p", {}, text));
    if (state === "unconfigured" && this.contribution?.configurationId) {
      const button = el("button", { type: "button" }, "Configure");
      button.addEventListener("click", () => this.dashboard.configure(this));
      this.message.append(button);
    }
    if (this.frame) this.frame.iframe.style.visibility = state === "failed" ? "hidden" : "visible";
  }

  private applySize(size: WidgetSize): void {
    this.element.style.gridColumn = `span ${size.columnSpan}`;
    this.element.style.width = `${spanToPixels(size.columnSpan)}px`;
    this.body.style.height = `${spanToPixels(size.rowSpan)}px`;
    this.element.dataset.size = sizeLabel(size);
    if (this.frame) this.frame.iframe.style.height = "";
    if (this.sizeSelect.value !== sizeLabel(size)) this.sizeSelect.value = sizeLabel(size);
  }
}

export function settingsOf(instance: DashboardWidget): WidgetSettings {
  return {
    name: instance.name,
    size: { ...instance.size },
    customSettings: instance.customSettings ? { ...instance.customSettings } : { data: undefined },
  };
}

/** The configuration side panel for one tile (ADO's "Configuration" blade: title, size, the page, Save/Cancel). */
class ConfigPanel {
  readonly element: HTMLElement;
  private readonly titleInput = el("input", { id: "dash-config-title", type: "text" });
  private readonly sizeSelect = el("select", { id: "dash-config-size" });
  private readonly status = el("p", { class: "dash-config-status", id: "dash-config-status", role: "status" });
  private readonly frameBox = el("div", { class: "dash-config-frame-box" });
  private readonly saveButton = el("button", { type: "button", id: "dash-config-save" }, "Save");
  private frame: FramedPage | undefined;
  private pending: WidgetSettings;
  private ready = false;

  constructor(
    private readonly dashboard: Dashboard,
    private readonly tile: Tile,
    private readonly contribution: HostContribution,
  ) {
    const widget = tile.contribution;
    this.pending = settingsOf(tile.instance);
    for (const size of widget?.supportedSizes ?? [tile.instance.size])
      this.sizeSelect.append(el("option", { value: sizeLabel(size) }, sizeLabel(size)));
    this.sizeSelect.value = sizeLabel(this.pending.size);
    this.titleInput.value = this.pending.name;
    const cancel = el("button", { type: "button", id: "dash-config-cancel" }, "Cancel");
    this.saveButton.classList.add("primary");
    this.element = el(
      "aside",
      { class: "dash-config", id: "dash-config", role: "dialog", "aria-label": `Configure ${tile.instance.name}` },
      el("h2", {}, `Configuration · ${widget?.title ?? tile.instance.widget}`),
      el("div", { class: "dash-config-field" }, el("label", { for: "dash-config-title" }, "Title"), this.titleInput),
      el("div", { class: "dash-config-field" }, el("label", { for: "dash-config-size" }, "Size"), this.sizeSelect),
      this.frameBox,
      this.status,
      el("footer", { class: "dash-config-footer" }, this.saveButton, cancel),
    );
    this.titleInput.addEventListener("input", () => this.generalSettingsChanged({ name: this.titleInput.value }));
    this.sizeSelect.addEventListener("change", () => {
      const size = (widget?.supportedSizes ?? []).find((s) => sizeLabel(s) === this.sizeSelect.value);
      if (size) this.generalSettingsChanged({ size });
    });
    this.saveButton.addEventListener("click", () => void this.save());
    cancel.addEventListener("click", () => this.cancel());
    this.element.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.cancel();
    });
  }

  open(): void {
    this.setStatus("loading", "Loading the configuration…");
    this.saveButton.disabled = true;
    const frame = new FramedPage(
      this.dashboard.host,
      this.contribution,
      this.frameBox,
      { class: "dash-config-frame", id: "dash-config-frame", title: `${this.contribution.title}` },
      {},
    );
    this.frame = frame;
    // The configuration context: `notify` reaches the page as a proxy function.
    const context = {
      notify: (event: string, args: { data?: unknown } | undefined) => this.notify(event, args),
    };
    void (async () => {
      try {
        await frame.connect();
        const status = await frame.call("load", [this.pending, context]);
        const type = (status as { statusType?: unknown } | undefined)?.statusType;
        if (type === 1) throw new Error((status as { state?: string }).state ?? "the configuration failed to load");
        this.ready = true;
        this.saveButton.disabled = false;
        this.setStatus("ready", "");
      } catch (error) {
        if (this.frame === frame) this.setStatus("error", `The configuration failed to load: ${messageOf(error)}`);
      }
    })();
    this.titleInput.focus();
  }

  private notify(event: string, args: { data?: unknown } | undefined): { getResponse(): Promise<string> } {
    const data = args?.data;
    if (event === CONFIGURATION_CHANGE) {
      const custom = (data ?? {}) as WidgetCustomSettings;
      this.pending = { ...this.pending, customSettings: { data: custom.data, version: custom.version } };
      this.setStatus("changed", "Unsaved changes: previewed on the dashboard.");
      this.tile.show(this.pending);
    } else if (event === CONFIGURATION_ERROR) {
      this.setStatus("error", `The configuration reports an error: ${messageOf(data)}`);
    } else if (event === GENERAL_SETTINGS_CHANGED) {
      const general = (data ?? {}) as { WidgetName?: string; WidgetSize?: WidgetSize };
      if (typeof general.WidgetName === "string") this.titleInput.value = general.WidgetName;
      this.preview({
        name: general.WidgetName ?? this.pending.name,
        size: general.WidgetSize ?? this.pending.size,
      });
    } else {
      this.setStatus("error", `The configuration sent an event the local host does not know: ${event}`);
    }
    return { getResponse: () => Promise.resolve("") };
  }

  /** The panel's own Title and Size fields: previewed, and told to the configuration through `listen`. */
  private generalSettingsChanged(change: { name?: string; size?: WidgetSize }): void {
    this.preview(change);
    const frame = this.frame;
    if (frame?.has("listen"))
      frame
        .call("listen", [
          GENERAL_SETTINGS_CHANGED,
          { data: { WidgetName: this.pending.name, WidgetSize: this.pending.size } },
        ])
        .catch(() => undefined);
  }

  private preview(change: { name?: string; size?: WidgetSize }): void {
    const size =
      change.size && !sameSize(change.size, this.pending.size) ? { ...change.size } : { ...this.pending.size };
    this.pending = { ...this.pending, name: change.name ?? this.pending.name, size };
    this.sizeSelect.value = sizeLabel(size);
    this.tile.show(this.pending);
  }

  private async save(): Promise<void> {
    const frame = this.frame;
    if (!frame || !this.ready) return;
    this.saveButton.disabled = true;
    this.setStatus("saving", "Saving…");
    let result: { isValid?: boolean; customSettings?: WidgetCustomSettings } | undefined;
    try {
      result = (await frame.call("onSave", [])) as typeof result;
    } catch (error) {
      // WidgetConfigurationSave.Invalid() rejects with {isValid: false}.
      result = error && typeof error === "object" && "isValid" in error ? (error as typeof result) : undefined;
      if (!result) {
        this.saveButton.disabled = false;
        this.setStatus("error", `Saving failed: ${messageOf(error)}`);
        return;
      }
    }
    this.saveButton.disabled = false;
    if (!result?.isValid) {
      this.setStatus("invalid", "The configuration is not valid: correct it, or cancel.");
      return;
    }
    const custom = result.customSettings ?? this.pending.customSettings;
    this.dashboard.commit(this.tile, {
      name: this.titleInput.value.trim() || this.pending.name,
      size: this.pending.size,
      customSettings: { data: custom.data, version: custom.version },
    });
    if (frame.has("onSaveComplete")) await frame.call("onSaveComplete", []).catch(() => undefined);
    this.close();
  }

  cancel(): void {
    this.tile.revert();
    this.close();
  }

  close(): void {
    this.frame?.destroy();
    this.frame = undefined;
    this.element.remove();
    this.dashboard.panelClosed(this);
  }

  pushTheme(theme: HostTheme): void {
    this.frame?.pushTheme(theme);
  }

  private setStatus(state: string, text: string): void {
    this.status.dataset.state = state;
    this.status.textContent = text;
    this.status.setAttribute("role", state === "invalid" || state === "error" ? "alert" : "status");
  }
}

/** The dashboard view: a toolbar (add widget, reset), the grid of tiles, and the configuration panel. */
export class Dashboard {
  readonly element: HTMLElement;
  private readonly grid = el("div", { class: "dash-grid", id: "dash-grid" });
  private widgets: DashboardWidget[];
  private tiles: Tile[] = [];
  private panel: ConfigPanel | undefined;
  private theme: HostTheme = "light";

  constructor(readonly host: DashboardHost) {
    this.widgets = loadDashboard(host.config);
    const widgetTypes = host.config.contributions.filter((c) => c.kind === "widget");
    const addSelect = el("select", { id: "dash-add-type", "aria-label": "Widget to add" });
    for (const c of widgetTypes) addSelect.append(el("option", { value: c.id }, c.title));
    const add = el("button", { type: "button", id: "dash-add" }, "Add widget");
    add.addEventListener("click", () => this.add(addSelect.value));
    const reset = el("button", { type: "button", id: "dash-reset" }, "Reset dashboard");
    reset.addEventListener("click", () => {
      localStorage.removeItem(DASHBOARD_STORAGE_KEY);
      this.widgets = structuredClone(host.config.dashboard);
      this.render();
    });
    this.element = el(
      "div",
      { class: "dash" },
      el(
        "div",
        { class: "dash-toolbar" },
        el("h1", {}, "Dashboard"),
        el("span", { class: "dash-hint" }, `${CELL_PX} px cells, ${GAP_PX} px gaps, as Azure DevOps draws them`),
        addSelect,
        add,
        reset,
      ),
      this.grid,
    );
  }

  start(theme: HostTheme): void {
    this.theme = theme;
    this.render();
  }

  private render(): void {
    this.panel?.close();
    for (const tile of this.tiles) tile.destroy();
    this.tiles = [];
    for (const instance of this.widgets) this.mountTile(instance);
    this.grid.dataset.widgets = String(this.widgets.length);
  }

  private mountTile(instance: DashboardWidget): void {
    const contribution = this.host.config.contributions.find((c) => c.kind === "widget" && c.id === instance.widget);
    const tile = new Tile(this, instance, contribution);
    this.tiles.push(tile);
    this.grid.append(tile.element);
    tile.start();
  }

  private save(): void {
    try {
      localStorage.setItem(DASHBOARD_STORAGE_KEY, JSON.stringify({ version: 1, widgets: this.widgets }));
    } catch {
      // storage full or denied: the dashboard still works for this visit
    }
  }

  add(widgetId: string): void {
    const contribution = this.host.config.contributions.find((c) => c.kind === "widget" && c.id === widgetId);
    if (!contribution) return;
    const used = new Set(this.widgets.map((w) => w.id));
    let n = this.widgets.length + 1;
    while (used.has(`w${n}`)) n++;
    const instance: DashboardWidget = {
      id: `w${n}`,
      widget: contribution.id,
      name: contribution.title,
      size: { ...(contribution.supportedSizes?.[0] ?? { rowSpan: 1, columnSpan: 1 }) },
    };
    this.widgets.push(instance);
    this.save();
    this.mountTile(instance);
    this.grid.dataset.widgets = String(this.widgets.length);
  }

  remove(tile: Tile): void {
    if (this.panel && this.panelTile === tile) this.panel.close();
    this.widgets = this.widgets.filter((w) => w !== tile.instance);
    this.tiles = this.tiles.filter((t) => t !== tile);
    tile.destroy();
    this.save();
    this.grid.dataset.widgets = String(this.widgets.length);
  }

  resize(tile: Tile, size: WidgetSize): void {
    tile.instance.size = { ...size };
    this.save();
    tile.show(settingsOf(tile.instance));
  }

  private panelTile: Tile | undefined;

  configure(tile: Tile): void {
    const id = tile.contribution?.configurationId;
    const contribution = this.host.config.contributions.find((c) => c.id === id);
    if (!contribution) return;
    this.panel?.cancel();
    const panel = new ConfigPanel(this, tile, contribution);
    this.panel = panel;
    this.panelTile = tile;
    this.element.append(panel.element);
    panel.open();
  }

  /** A valid save: the instance takes the settings, the dashboard is stored, the widget reloads with them. */
  commit(tile: Tile, settings: WidgetSettings): void {
    tile.instance.name = settings.name;
    tile.instance.size = { ...settings.size };
    tile.instance.customSettings = { ...settings.customSettings };
    this.save();
    tile.show(settingsOf(tile.instance));
  }

  panelClosed(panel: ConfigPanel): void {
    if (this.panel === panel) {
      this.panel = undefined;
      this.panelTile = undefined;
    }
  }

  pushTheme(theme: HostTheme): void {
    this.theme = theme;
    for (const tile of this.tiles) tile.pushTheme(this.theme);
    this.panel?.pushTheme(this.theme);
  }

  destroy(): void {
    this.panel?.close();
    for (const tile of this.tiles) tile.destroy();
    this.tiles = [];
    this.element.remove();
  }
}

function isWidget(value: unknown): value is DashboardWidget {
  const w = value as DashboardWidget | undefined;
  return (
    !!w &&
    typeof w.id === "string" &&
    typeof w.widget === "string" &&
    typeof w.name === "string" &&
    typeof w.size?.rowSpan === "number" &&
    typeof w.size?.columnSpan === "number"
  );
}

/** The stored dashboard, or the configured default when there is none (or it is unreadable). */
function loadDashboard(config: HostConfig): DashboardWidget[] {
  try {
    const stored = localStorage.getItem(DASHBOARD_STORAGE_KEY);
    if (stored) {
      const parsed = JSON.parse(stored) as { version?: number; widgets?: unknown[] };
      if (parsed.version === 1 && Array.isArray(parsed.widgets) && parsed.widgets.every(isWidget))
        return parsed.widgets;
    }
  } catch {
    // unreadable: the default below
  }
  return structuredClone(config.dashboard ?? []);
}

export const DASHBOARD_STYLE = `
.dash { position: relative; flex: 1; min-height: 0; overflow: auto; padding: 12px 16px 24px; }
.dash-toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; margin-bottom: 12px; }
.dash-toolbar h1 { font-size: 18px; margin: 0 12px 0 0; }
.dash-hint { opacity: .7; font-size: 12px; margin-right: auto; }
.dash button, .dash select, .dash input { font: inherit; padding: 3px 8px; background: var(--host-bar);
  color: var(--host-fg); border: 1px solid var(--host-border); border-radius: 4px; }
.dash button.primary { background: var(--host-accent); border-color: var(--host-accent); color: #fff; }
.dash button:disabled { opacity: .5; }
.dash-grid { display: grid; grid-template-columns: repeat(auto-fill, ${CELL_PX}px); gap: ${GAP_PX}px;
  grid-auto-flow: row dense; align-items: start; }
.dash-tile { display: flex; flex-direction: column; background: var(--host-bar); border: 1px solid var(--host-border);
  border-radius: 4px; box-sizing: content-box; }
.dash-tile-header { display: flex; align-items: center; gap: 4px; height: 30px; padding: 0 4px 0 8px;
  border-bottom: 1px solid var(--host-border); }
.dash-tile-title { flex: 1; min-width: 0; margin: 0; font-size: 13px; font-weight: 600; overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap; }
.dash .dash-tile-header button, .dash .dash-tile-header select { padding: 1px 4px; font-size: 12px; }
.dash-tile-body { position: relative; overflow: hidden; }
.dash-tile-frame { display: block; border: 0; width: 100%; height: 100%; background: transparent; }
.dash-tile-message { position: absolute; inset: 0; display: flex; flex-direction: column; align-items: center;
  justify-content: center; gap: 8px; padding: 12px; text-align: center; background: var(--host-bar); }
.dash-tile-message[hidden] { display: none; }
.dash-tile-message p { margin: 0; overflow-wrap: anywhere; }
.dash-tile[data-state="failed"] .dash-tile-message { color: var(--host-error, #d13438); }
.dash-tile[data-state="loading"] .dash-tile-message { background: transparent; }
.dash-config { position: fixed; top: 0; right: 0; bottom: 0; width: min(480px, 100vw); z-index: 10;
  display: flex; flex-direction: column; gap: 8px; padding: 12px 16px; box-sizing: border-box;
  background: var(--host-bar); border-left: 1px solid var(--host-border); box-shadow: -4px 0 16px rgba(0,0,0,.25); }
.dash-config h2 { font-size: 16px; margin: 0 0 4px; }
.dash-config-field { display: flex; align-items: center; gap: 8px; }
.dash-config-field label { width: 48px; }
.dash-config-field input { flex: 1; }
.dash-config-frame-box { flex: 1; min-height: 0; display: flex; border: 1px solid var(--host-border); }
.dash-config-frame { flex: 1; border: 0; width: 100%; }
.dash-config-status { margin: 0; min-height: 1.4em; }
.dash-config-status[data-state="invalid"], .dash-config-status[data-state="error"] { color: #d13438;
  font-weight: 600; }
.dash-config-footer { display: flex; gap: 8px; justify-content: flex-end; }
`;
