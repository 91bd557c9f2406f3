/**
 * "Download settings (JSON)": what the settings hub offers to download, worked out from what is stored, never from
 * the draft being edited. The file is the stored document exactly as saved, pretty-printed, so it validates with
 * validateSettings and can be kept, reviewed, given to the pipeline tasks' `settingsFile` or to
 * `qt-assure --settings`.
 *
 * - valid settings stored: `qt-assurance-settings-<yyyy-mm-dd>.json`, the last version read or saved; with unsaved
 *   edits the label says "Download saved settings" (the edits are not in the file);
 * - nothing stored yet: disabled, with the reason (the defaults on screen are not settings anyone saved);
 * - an invalid document stored: the raw stored document, as a backup before it is replaced, named
 *   `qt-assurance-settings-<yyyy-mm-dd>-invalid.json` so it is not mistaken for usable settings (the CLI and the
 *   pipeline tasks reject it anyway).
 *
 * The date is the UK calendar date of the hub's clock, as everywhere else in the product.
 */
import { ukDate } from "../../core/calendar";
import { Settings } from "../../core/settings";

/** What is stored, as last read or saved by the hub. */
export type SavedSettings =
  | { kind: "missing" }
  | { kind: "ok"; settings: Settings; etag: number | undefined }
  | { kind: "invalid"; raw: unknown; etag: number | undefined };

export const SETTINGS_MIME = "application/json;charset=utf-8";

export interface SettingsDownload {
  /** The button's visible text. */
  text: string;
  /** The accessible name: begins with the visible text and adds what the file holds or why there is none. */
  ariaLabel: string;
  tooltip: string;
  /** Absent when nothing can be downloaded (the button is disabled). */
  file?: { name: string; text: string };
}

/** `JSON.stringify` with two-space indents and a final newline: what a reviewer diffs and a pipeline reads. */
export function settingsJson(document: unknown): string {
  return `${JSON.stringify(document ?? null, null, 2)}\n`;
}

export function settingsFileName(now: Date, invalid = false): string {
  return `qt-assurance-settings-${ukDate(now)}${invalid ? "-invalid" : ""}.json`;
}

export function settingsDownload(saved: SavedSettings, unsavedEdits: boolean, now: Date): SettingsDownload {
  if (saved.kind === "missing") {
    const reason = "Nothing is saved yet, so there is nothing to download: save the settings first.";
    return { text: "Download settings (JSON)", ariaLabel: `Download settings (JSON): ${reason}`, tooltip: reason };
  }
  const version = saved.etag === undefined ? "" : ` (version ${saved.etag})`;
  if (saved.kind === "invalid") {
    const tooltip =
      `Downloads the stored document${version} as it is, although it does not validate: keep it as a backup ` +
      "before you replace it. It cannot be used as a settings file.";
    return {
      text: "Download stored settings (invalid)",
      ariaLabel: "Download stored settings (invalid), as JSON",
      tooltip,
      file: { name: settingsFileName(now, true), text: settingsJson(saved.raw) },
    };
  }
  const file = { name: settingsFileName(now), text: settingsJson(saved.settings) };
  if (unsavedEdits) {
    return {
      text: "Download saved settings (JSON)",
      ariaLabel: "Download saved settings (JSON), without your unsaved changes",
      tooltip: `Downloads the saved settings${version}. Your unsaved changes are not in the file: save them first to include them.`,
      file,
    };
  }
  return {
    text: "Download settings (JSON)",
    ariaLabel: "Download settings (JSON)",
    tooltip: `Downloads the saved settings${version} as JSON, for review, a pipeline's settingsFile or qt-assure --settings.`,
    file,
  };
}
