/**
 * The object a widget page registers with the dashboard (`preload`, `load`, `reload`), shared by both widgets:
 * parses the widget's settings, shows loading, reads through the given loader and renders each honest state.
 * `load` resolves once the result is on screen, so the dashboard (and the timing in the browser test) sees the
 * widget as loaded only when it is.
 */
import type { IConfigurableWidget, WidgetSettings, WidgetStatus } from "azure-devops-extension-api/Dashboard";
import { WidgetStatusHelper } from "azure-devops-extension-api/Dashboard";
import { Settings } from "../../core/settings";
import { HubData } from "../../ui/hub-data";
import { HubLinkHost } from "./hub-link";
import { Failure, describeFailure, loadSettings } from "./load";

export type TileSize = "compact" | "medium" | "wide";

/** A 1-row tile is compact; 4 columns or more is wide; anything else medium (2x2). */
export function tileSize(size: { rowSpan?: number; columnSpan?: number } | undefined): TileSize {
  if (!size) return "medium";
  if ((size.rowSpan ?? 2) <= 1) return "compact";
  if ((size.columnSpan ?? 2) >= 4) return "wide";
  return "medium";
}

export type WidgetState<T> =
  | { kind: "loading" }
  | { kind: "unconfigured" }
  | Failure
  | { kind: "ready"; value: T; link: HubLinkHost; open?: (url: string) => void };

export interface WidgetViewProps<T> {
  title: string;
  size: TileSize;
  state: WidgetState<T>;
}

export interface WidgetControllerOptions<C, T> {
  parse(data: string | null | undefined): C | undefined;
  /** `size`: the tile's, so a read can skip what that size does not draw. */
  read(data: HubData, settings: Settings, config: C, now: Date, size: TileSize): Promise<T>;
  render(props: WidgetViewProps<T>): void;
  data(): Promise<HubData>;
  now?: () => Date;
}

/** User Timing names: how long from the dashboard's `load`/`reload` to the result on screen (read by the browser test). */
export const LOAD_MARK = "qt-widget-load";
export const RENDERED_MEASURE = "qt-widget-load-to-rendered";

function mark(name: string): void {
  if (typeof performance !== "undefined" && typeof performance.mark === "function") performance.mark(name);
}

function measure(): void {
  if (typeof performance === "undefined" || typeof performance.measure !== "function") return;
  try {
    performance.measure(RENDERED_MEASURE, LOAD_MARK);
  } catch {
    // no start mark (jsdom without User Timing): nothing to measure
  }
}

export function createWidgetController<C, T>(options: WidgetControllerOptions<C, T>): IConfigurableWidget {
  const now = options.now ?? (() => new Date());
  let generation = 0;
  let prefetched: Promise<Settings> | undefined;

  const frame = (ws: WidgetSettings) => ({ title: ws?.name ?? "", size: tileSize(ws?.size) });

  async function show(ws: WidgetSettings, fresh: boolean): Promise<WidgetStatus> {
    const mine = ++generation;
    mark(LOAD_MARK);
    const config = options.parse(ws?.customSettings?.data);
    if (!config) {
      options.render({ ...frame(ws), state: { kind: "unconfigured" } });
      measure();
      return WidgetStatusHelper.Unconfigured();
    }
    options.render({ ...frame(ws), state: { kind: "loading" } });
    let state: WidgetState<T>;
    try {
      const data = await options.data();
      const settingsRead = !fresh && prefetched ? prefetched : loadSettings(data);
      prefetched = undefined;
      const settings = await settingsRead;
      const value = await options.read(data, settings, config, now(), frame(ws).size);
      state = { kind: "ready", value, link: data.host, open: (url) => data.host.navigation.navigate(url) };
    } catch (error) {
      state = describeFailure(error);
    }
    if (mine !== generation) return WidgetStatusHelper.Success(); // a later load or reload took over
    options.render({ ...frame(ws), state });
    measure();
    if (state.kind === "error") return WidgetStatusHelper.Failure(`${state.cause} ${state.advice}`);
    return WidgetStatusHelper.Success();
  }

  return {
    preload(ws: WidgetSettings) {
      // Start the connection and the settings read while the dashboard lays out; load uses them.
      const settings = options.data().then(loadSettings);
      settings.catch(() => undefined); // load reports it
      prefetched = settings;
      options.render({ ...frame(ws), state: { kind: "loading" } });
      return WidgetStatusHelper.Success();
    },
    load: (ws: WidgetSettings) => show(ws, false),
    reload: (ws: WidgetSettings) => show(ws, true),
  };
}
