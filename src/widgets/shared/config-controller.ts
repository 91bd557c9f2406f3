/**
 * The object a configuration page registers with the dashboard (`load`, `onSave`), shared by both widgets. It owns
 * the draft: every change re-renders the form and notifies the dashboard, which previews the widget with it
 * (`ConfigurationChange`); `onSave` is valid only for a choice the registry can answer, and otherwise shows why
 * inside the page and refuses.
 */
import type {
  CustomSettings,
  IWidgetConfiguration,
  IWidgetConfigurationContext,
  SaveStatus,
  WidgetSettings,
  WidgetStatus,
} from "azure-devops-extension-api/Dashboard";
import { ConfigurationEvent, WidgetConfigurationSave, WidgetStatusHelper } from "azure-devops-extension-api/Dashboard";
import { Settings } from "../../core/settings";
import { HubData } from "../../ui/hub-data";
import { Failure, describeFailure, loadSettings } from "./load";

/** The event id, spelled out as ADO's ConfigurationEvent.ConfigurationChange has it. */
export const CONFIGURATION_CHANGE = "ms.vss-dashboards-web.configurationChange";

export type ConfigState = { kind: "loading" } | Failure | { kind: "ready"; settings: Settings };

export interface ConfigViewProps<C> {
  state: ConfigState;
  value: C | undefined;
  /** Why the draft cannot be saved: shown once a save was refused, or once the person has changed something. */
  problem: string | undefined;
  onChange(value: C | undefined): void;
}

export interface ConfigControllerOptions<C> {
  parse(data: string | null | undefined): C | undefined;
  problem(value: C | undefined, settings: Settings): string | undefined;
  toCustomSettings(value: C): CustomSettings;
  render(props: ConfigViewProps<C>): void;
  data(): Promise<HubData>;
}

export function createConfigController<C>(options: ConfigControllerOptions<C>): IWidgetConfiguration {
  let state: ConfigState = { kind: "loading" };
  let value: C | undefined;
  let showProblem = false;
  let context: IWidgetConfigurationContext | undefined;

  const currentProblem = (): string | undefined => {
    if (state.kind === "loading") return "The settings are still being read: wait a moment and save again.";
    if (state.kind !== "ready") return state.kind === "error" ? `${state.cause} ${state.advice}` : state.reason;
    return options.problem(value, state.settings);
  };

  const render = () =>
    options.render({ state, value, problem: showProblem ? currentProblem() : undefined, onChange: change });

  function change(next: C | undefined): void {
    value = next;
    showProblem = true;
    render();
    if (next !== undefined && context)
      void context.notify(CONFIGURATION_CHANGE, ConfigurationEvent.Args(options.toCustomSettings(next)));
  }

  return {
    async load(ws: WidgetSettings, ctx: IWidgetConfigurationContext): Promise<WidgetStatus> {
      context = ctx;
      value = options.parse(ws?.customSettings?.data);
      showProblem = false;
      state = { kind: "loading" };
      render();
      try {
        state = { kind: "ready", settings: await loadSettings(await options.data()) };
      } catch (error) {
        state = describeFailure(error);
      }
      render();
      return WidgetStatusHelper.Success();
    },
    onSave(): Promise<SaveStatus> {
      const problem = currentProblem();
      if (problem !== undefined || value === undefined) {
        showProblem = true;
        render();
        return WidgetConfigurationSave.Invalid();
      }
      return WidgetConfigurationSave.Valid(options.toCustomSettings(value));
    },
  };
}
