/**
 * The settings the verdict uses, kept where Azure DevOps protects them: a record (a work item of the settings type,
 * kind "settings") whose terms hold the settings as JSON. Azure DevOps stamps who made each revision, so the
 * settings count only as the members of the settings team (QT Administrators) made them.
 *
 * Which record holds the settings: the one an administrator wrote to last (its latest revision stamped with an
 * administrator is the latest of all), unless an administrator deleted it. Saves update it, so its revisions are the
 * settings' history. Its current content must be vouched for by an administrator (record-evidence.ts): if anyone
 * else changed or deleted it since, the settings are *untrusted* and nothing is assessed, rather than falling back
 * to an older version (which would let an attacker roll back to laxer settings by editing the current ones); an
 * administrator's next save puts that right (into a new record, if the old one was deleted). Settings records
 * nobody in the team ever wrote are
 * ignored and listed, so a rival record cannot take over and cannot go unnoticed. Pure: the caller reads the
 * revisions and says who the administrators are.
 */
import type { RecordHistory } from "./approval-records";
import { canonicalJson } from "./canonical-json";
import { RecordRevision, StampedIdentity, evidenceOf, identityOf, onBehalf } from "./record-evidence";
import { Settings } from "./settings";

/** The work item type that keeps approvals, unless the settings name another. */
export const RECORD_TYPE = "QT Approval";
/**
 * The work item type that keeps the settings: a type of its own, so that reading the settings (every surface does,
 * every widget on a dashboard) reads their few revisions, not every approval's.
 */
export const SETTINGS_TYPE = "QT Settings";
/** The team (in the project) whose members may make the settings. */
export const SETTINGS_TEAM = "QT Administrators";
export const SETTINGS_KIND = "settings";

const FIELDS = {
  kind: "Custom.QTRecordKind",
  terms: "Custom.QTTerms",
  deleted: "System.IsDeleted",
} as const;

/** One version of the settings, as a revision of the record made it. */
export interface SettingsVersion {
  rev: number;
  by?: StampedIdentity;
  at: string;
  /** The settings as written (JSON text), or "" when the revision deleted the record. */
  text: string;
  deleted: boolean;
  /** Whether an administrator made this version. */
  byAdministrator: boolean;
}

export type ProtectedSettings =
  /** No settings record exists (or every one was deleted by an administrator): the settings are kept elsewhere. */
  | { kind: "none"; ignored: string[] }
  | {
      kind: "ok";
      id: number;
      rev: number;
      /** The settings' JSON text, as the administrator wrote it. */
      text: string;
      by: StampedIdentity;
      at: string;
      /** Settings records that do not count, each with why. */
      ignored: string[];
    }
  /** The record holding the settings says what no administrator wrote: nothing may be assessed on it. */
  | { kind: "untrusted"; id: number; rev: number; reason: string; deleted: boolean; ignored: string[] };

const text = (value: unknown) =>
  typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);

const isDeleted = (fields: Readonly<Record<string, unknown>>) =>
  fields[FIELDS.deleted] === true || text(fields[FIELDS.deleted]).toLowerCase() === "true";

const who = (identity: StampedIdentity | undefined) =>
  identity ? (identity.displayName ?? identity.uniqueName ?? identity.id) : "an identity Azure DevOps did not name";

/** An administrator saved it as themselves (not someone else in their name, with bypass rules). */
const savedByAdministrator = (r: RecordRevision, isAdministrator: (identity: StampedIdentity) => boolean) =>
  r.changedBy !== undefined && !onBehalf(r) && isAdministrator(r.changedBy);

const isSettingsRecord = (history: RecordHistory) =>
  history.revisions.some((r) => text(r.fields[FIELDS.kind]) === SETTINGS_KIND);

function revisionsOf(history: RecordHistory): RecordRevision[] {
  return [...history.revisions]
    .sort((a, b) => a.rev - b.rev)
    .map((r) => ({
      rev: r.rev,
      changedBy: identityOf(r.fields["System.ChangedBy"]),
      authorizedAs: identityOf(r.fields["System.AuthorizedAs"]),
      changedDate: text(r.fields["System.ChangedDate"]),
      content: {
        kind: text(r.fields[FIELDS.kind]),
        terms: text(r.fields[FIELDS.terms]),
        deleted: isDeleted(r.fields) ? "true" : "",
      },
    }));
}

/** The settings the records vouch for, out of every record's history (only settings records are looked at). */
export function protectedSettingsOf(
  histories: readonly RecordHistory[],
  isAdministrator: (identity: StampedIdentity) => boolean,
): ProtectedSettings {
  const ignored: string[] = [];
  const candidates: { id: number; revisions: RecordRevision[]; lastByAdministrator: string }[] = [];
  for (const history of [...histories].filter(isSettingsRecord).sort((a, b) => a.id - b.id)) {
    const revisions = revisionsOf(history);
    const byAdministrator = revisions.filter((r) => savedByAdministrator(r, isAdministrator));
    if (byAdministrator.length === 0) {
      const maker = revisions[0]?.changedBy;
      ignored.push(
        `Settings record #${history.id} does not count: ${who(maker)} made it, and is not in the ${SETTINGS_TEAM} team.`,
      );
      continue;
    }
    const last = revisions[revisions.length - 1];
    if (last.content.deleted === "true" && savedByAdministrator(last, isAdministrator)) {
      ignored.push(`Settings record #${history.id} does not count: ${who(last.changedBy)} deleted it.`);
      continue;
    }
    candidates.push({
      id: history.id,
      revisions,
      lastByAdministrator: byAdministrator[byAdministrator.length - 1].changedDate,
    });
  }
  candidates.sort((a, b) => b.lastByAdministrator.localeCompare(a.lastByAdministrator) || b.id - a.id);
  const current = candidates[0];
  if (!current) return { kind: "none", ignored };
  for (const other of candidates.slice(1))
    ignored.push(
      `Settings record #${other.id} does not count: an administrator wrote the settings in record #${current.id} later.`,
    );
  const evidence = evidenceOf(current.revisions, (identity) => isAdministrator(identity));
  const last = current.revisions[current.revisions.length - 1];
  if (evidence.status !== "vouched")
    return {
      kind: "untrusted",
      id: current.id,
      rev: last.rev,
      reason:
        `The settings in record #${current.id} cannot be trusted: ` +
        (last.content.deleted === "true" ? `${who(last.changedBy)} deleted the record; ` : "") +
        evidence.reason,
      deleted: last.content.deleted === "true",
      ignored,
    };
  return {
    kind: "ok",
    id: current.id,
    rev: last.rev,
    text: text(last.content.terms),
    by: evidence.by,
    at: evidence.at,
    ignored,
  };
}

/** Every version of a settings record, oldest first, for its history (a version is a revision that changed it). */
export function settingsVersions(
  history: RecordHistory,
  isAdministrator: (identity: StampedIdentity) => boolean,
): SettingsVersion[] {
  const versions: SettingsVersion[] = [];
  let previous: string | undefined;
  for (const revision of revisionsOf(history)) {
    const content = canonicalJson(revision.content);
    if (content === previous) continue;
    previous = content;
    const deleted = revision.content.deleted === "true";
    versions.push({
      rev: revision.rev,
      by: revision.changedBy,
      at: revision.changedDate,
      text: deleted ? "" : text(revision.content.terms),
      deleted,
      byAdministrator: savedByAdministrator(revision, isAdministrator),
    });
  }
  return versions;
}

/** The fields of a settings record that keeps `settings` (pretty JSON, so a diff of two versions reads well). */
export function settingsRecordFields(settings: Settings): Record<string, string> {
  return {
    "System.Title": "QT Assurance settings",
    [FIELDS.kind]: SETTINGS_KIND,
    [FIELDS.terms]: JSON.stringify(settings, null, 2),
  };
}

/** Only the terms change when settings are saved again. */
export function settingsUpdateFields(settings: Settings): Record<string, string> {
  return { [FIELDS.terms]: JSON.stringify(settings, null, 2) };
}
