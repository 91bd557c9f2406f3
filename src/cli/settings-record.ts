/** `qt-assure settings protect` and `qt-assure settings history`: the settings record, from the command line. */
import { SETTINGS_TEAM, SettingsVersion } from "../core/settings-record";
import { settingsDiff } from "../core/settings-diff";
import { formatSettingsErrors } from "../core/validate-settings";
import { Settings } from "../core/settings";
import { QtStore } from "../ado/store-types";
import { CliError, EXIT } from "./io";

/** Keeps `settings` in a new settings record, as the token's identity; says what happened in one line. */
export async function protectSettingsCommand(store: QtStore, settings: Settings): Promise<string> {
  if (!store.protectSettings) throw new CliError("Settings can be protected only within a project.", EXIT.cannotAssess);
  const result = await store.protectSettings(settings);
  if (result.kind === "saved")
    return `The settings are now kept in a settings record (revision ${result.etag}): from now on they count only as a member of the ${SETTINGS_TEAM} team saved them, and approvals are kept as work items.\n`;
  if (result.kind === "conflict") throw new CliError(result.message, EXIT.blocked);
  throw new CliError(
    `The settings were not protected:\n${formatSettingsErrors(result.errors)
      .map((e) => `  ${e}`)
      .join("\n")}`,
    EXIT.blocked,
  );
}

const who = (v: SettingsVersion) =>
  v.by?.displayName ?? v.by?.uniqueName ?? v.by?.id ?? "someone Azure DevOps did not name";

/** Every version of the settings record, oldest first, each with what it changed. */
export function historyText(versions: readonly SettingsVersion[]): string {
  if (versions.length === 0) return "The settings are not kept in a settings record, so they have no history here.\n";
  const lines: string[] = [];
  let before = "";
  for (const version of versions) {
    const standing = version.byAdministrator ? "" : `  NOT BY AN ADMINISTRATOR (${SETTINGS_TEAM}): does not count`;
    lines.push(`revision ${version.rev}  ${version.at.slice(0, 16).replace("T", " ")}  ${who(version)}${standing}`);
    if (version.deleted) lines.push("  deleted the record");
    else if (before === "") lines.push("  the first version of the settings in this record");
    else
      for (const line of settingsDiff(before, version.text)) {
        if (line.kind === "folded") lines.push(`  … ${line.count} unchanged line${line.count === 1 ? "" : "s"}`);
        else if (line.kind !== "same" || before !== "")
          lines.push(`  ${line.kind === "added" ? "+" : line.kind === "removed" ? "-" : " "} ${line.text}`);
      }
    if (!version.deleted) before = version.text;
    lines.push("");
  }
  return `${lines.join("\n")}`;
}
