/** The portfolio widget's model: the assessments of the configured window and a description of that scope. */
import { Assessment } from "../../core/assessment";
import { Settings } from "../../core/settings";
import { HubData } from "../../ui/hub-data";
import { WindowPortfolioConfig, windowName } from "../shared/widget-settings";
import { WindowPortfolioModel } from "./WindowPortfolioView";

type Loader = (data: HubData, settings: Settings, config: WindowPortfolioConfig, now: Date) => Promise<Assessment[]>;

export function scopeText(settings: Settings, config: WindowPortfolioConfig): string {
  const role = config.role ? settings.roles.find((r) => r.code === config.role) : undefined;
  return [
    windowName(settings, config.window),
    config.role ? (role ? `${role.name} (${role.code})` : config.role) : undefined,
    config.body,
  ]
    .filter(Boolean)
    .join(" · ");
}

export function readWindowPortfolio(load: Loader) {
  return async (
    data: HubData,
    settings: Settings,
    config: WindowPortfolioConfig,
    now: Date,
  ): Promise<WindowPortfolioModel> => ({
    scope: scopeText(settings, config),
    assessments: await load(data, settings, config, now),
  });
}
