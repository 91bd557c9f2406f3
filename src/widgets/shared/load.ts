/**
 * What the widgets read, through the same application layer as the hub: the stored settings, then for one
 * participant-role readAndAssess (registry entry, reader, approvals with the audit chain checked, the engine), and
 * for a window assessRegistryEntries (reader, approvals, the engine). One engine, one reader.
 */
import { CannotAssessError, assessRegistryEntries, loadStoredSettings, readAndAssess } from "../../ado/assessment-run";
import { AdoRequestError } from "../../ado/errors";
import { Assessment } from "../../core/assessment";
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
