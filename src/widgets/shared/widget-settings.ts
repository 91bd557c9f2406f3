/**
 * What each widget stores in its dashboard settings (`customSettings.data`, a JSON string), how it is read back
 * (never trusting it: a hand-edited or older value reads as "unconfigured", not as a crash) and whether it can be
 * saved against the registry. Pure: the configurations and the widgets share it.
 */
import type { CustomSettings } from "azure-devops-extension-api/Dashboard";
import { Settings, registryKey } from "../../core/settings";

/** The version written beside the data, so a later shape can tell old settings apart. */
export const CUSTOM_SETTINGS_VERSION = { major: 1, minor: 0, patch: 0 };

export interface ExitReadinessConfig {
  /** `MPID-ROLE`, e.g. `ABCD-X`. */
  participantRole: string;
}

export interface WindowPortfolioConfig {
  /** A window id, or `sit` for the SIT route. */
  window: string;
  /** A market role's code, or undefined: every role. */
  role?: string;
  /** A governing body (BSC, REC …), or undefined: every body. */
  body?: string;
}

function parseObject(data: string | null | undefined): Record<string, unknown> | undefined {
  if (!data) return undefined;
  try {
    const parsed: unknown = JSON.parse(data);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);

export function parseExitReadinessConfig(data: string | null | undefined): ExitReadinessConfig | undefined {
  const participantRole = text(parseObject(data)?.participantRole)?.toUpperCase();
  return participantRole ? { participantRole } : undefined;
}

export function parseWindowPortfolioConfig(data: string | null | undefined): WindowPortfolioConfig | undefined {
  const raw = parseObject(data);
  const window = text(raw?.window);
  if (!raw || !window) return undefined;
  return { window, role: text(raw.role), body: text(raw.body) };
}

export function toCustomSettings(config: ExitReadinessConfig | WindowPortfolioConfig): CustomSettings {
  return { data: JSON.stringify(config), version: CUSTOM_SETTINGS_VERSION };
}

/** Why the choice cannot be saved, or undefined when it can. */
export function exitReadinessProblem(config: ExitReadinessConfig | undefined, settings: Settings): string | undefined {
  if (!config) return "Pick a participant-role.";
  if (!settings.registry.some((e) => registryKey(e) === config.participantRole))
    return `${config.participantRole} is not in the participant registry: pick one that is.`;
  return undefined;
}

export function windowPortfolioProblem(
  config: WindowPortfolioConfig | undefined,
  settings: Settings,
): string | undefined {
  if (!config) return "Pick a window.";
  if (config.window !== "sit" && !settings.windows.some((w) => w.id === config.window))
    return `The window "${config.window}" is not in the settings: pick one that is.`;
  if (config.role && !settings.roles.some((r) => r.code === config.role))
    return `The role "${config.role}" is not in the settings: pick one that is.`;
  if (entriesFor(config, settings).length === 0)
    return "No participant-role in the registry matches this window and these filters: widen them.";
  return undefined;
}

/** The registry entries a portfolio widget shows. */
export function entriesFor(config: WindowPortfolioConfig, settings: Settings) {
  const roles = new Map(settings.roles.map((r) => [r.code, r]));
  return settings.registry.filter((e) => {
    if ((e.route === "SIT" ? "sit" : e.window) !== config.window) return false;
    if (config.role && e.roleCode !== config.role) return false;
    if (config.body && !(roles.get(e.roleCode)?.governingBodies ?? []).includes(config.body)) return false;
    return true;
  });
}

export function windowName(settings: Settings, window: string): string {
  if (window === "sit") return "SIT route";
  return settings.windows.find((w) => w.id === window)?.name ?? window;
}
