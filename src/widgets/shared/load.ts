/**
 * What the widgets read, through the same application layer as the hub: the stored settings, then for one
 * participant-role readAndAssess (registry entry, reader, approvals with the audit chain checked, the engine), and
 * for a window assessRegistryEntries (reader, approvals, the engine). One engine, one reader.
 */
import { CannotAssessError, assessRegistryEntries, loadStoredSettings, readAndAssess } from "../../ado/assessment-run";
import { AdoRequestError } from "../../ado/errors";
import { Assessment } from "../../core/assessment";
import { Trend } from "../../core/trend";
import { readTrend } from "../../ado/trend-reader";
import { Settings } from "../../core/settings";
import { HostUnavailableError } from "../../ui/host-connection";
import { HubData } from "../../ui/hub-data";
import { WindowPortfolioConfig, entriesFor, windowName } from "./widget-settings";

export function loadSettings(data: HubData): Promise<Settings> {
  return loadStoredSettings(data);
}

export async function loadExitReadiness(
  data: HubData,
  settings: Settings,
  participantRole: string,
  now: Date,
): Promise<Assessment> {
  const read = await readAndAssess(data, settings, participantRole, () => now);
  return read.assessment;
}

/** One participant-role and its trend: what the burn-up tile and the exit readiness sparkline draw. */
export interface TrendTile {
  assessment: Assessment;
  trend: Trend;
}

/**
 * The participant-role (for who, the window and the live figures) and its execution burn-up from Analytics (no
 * burn-down: the tiles do not draw it). `maxDays` bounds the range: a sparkline needs weeks, not the window.
 */
export async function loadBurnUp(
  data: HubData,
  settings: Settings,
  participantRole: string,
  now: Date,
  maxDays?: number,
): Promise<TrendTile> {
  const read = await readAndAssess(data, settings, participantRole, () => now);
  const { trend } = await readTrend(
    { port: data.port, project: data.project, call: data.caller.call.bind(data.caller) },
    settings,
    read,
    { now, maxDays, burnDown: false },
  );
  return { assessment: read.assessment, trend };
}

export async function loadWindowPortfolio(
  data: HubData,
  settings: Settings,
  config: WindowPortfolioConfig,
  now: Date,
): Promise<Assessment[]> {
  const entries = entriesFor(config, settings);
  if (entries.length === 0)
    throw new CannotAssessError(
      `No participant-role in the registry matches ${windowName(settings, config.window)}` +
        `${config.role ? `, role ${config.role}` : ""}${config.body ? `, ${config.body}` : ""}: reconfigure the widget.`,
    );
  return assessRegistryEntries(data, settings, entries, { now });
}

/** A failure as a widget shows it: the cause, and what the person looking at the dashboard can do. */
export type Failure = { kind: "cannot-assess"; reason: string } | { kind: "error"; cause: string; advice: string };

export function describeFailure(error: unknown): Failure {
  if (error instanceof CannotAssessError) return { kind: "cannot-assess", reason: error.message };
  const cause = error instanceof Error ? error.message : String(error);
  if (error instanceof HostUnavailableError)
    return { kind: "error", cause, advice: "Refresh the dashboard. This page only works inside Azure DevOps." };
  if (error instanceof AdoRequestError) {
    if (error.kind === "unauthenticated" || error.kind === "forbidden")
      return {
        kind: "error",
        cause,
        advice:
          "Azure DevOps refused the read: check that you can open Test Plans and work items in this project, " +
          "or ask a project administrator to re-approve the extension's permissions.",
      };
    if (error.kind === "throttled" || error.kind === "server" || error.kind === "network")
      return {
        kind: "error",
        cause,
        advice: "Azure DevOps did not answer in time: refresh the dashboard in a minute.",
      };
  }
  return {
    kind: "error",
    cause,
    advice: "Refresh the dashboard. If it keeps failing, open the QT Assurance hub, which shows more detail.",
  };
}
