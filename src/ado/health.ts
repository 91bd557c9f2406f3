/**
 * What in the current set-up would let the assessed party improve its own verdict, as far as the reading identity
 * can tell (`qt-assure doctor`). Each finding is "ok", "weak" (a way the verdict could be forged or a defect hidden
 * today) or "not-checked" (this identity cannot find out), with what to do. docs/security.md says why each matters.
 */
import { Settings, registryKey } from "../core/settings";
import { AdoSource, approvalStoreFor } from "./assessment-run";
import { AreaNodeRef, assertScopeReadable, checksFor, flattenAreaTree, permissionChecks } from "./area-access";
import { readAreaTree } from "./project-structure";
import { SETTINGS_TEAM } from "../core/settings-record";
import { TeamMember } from "./port";
import { LoadSettingsResult } from "./store-types";
import { readTeamMembers } from "./teams";

export type FindingStatus = "ok" | "weak" | "not-checked";

export interface Finding {
  id:
    | "defect-areas-readable"
    | "settings-protected"
    | "assurers-from-azure-devops"
    | "approvals-vouched"
    | "bypass-rules";
  status: FindingStatus;
  title: string;
  /** What was found, and what to do about it. */
  detail: string;
}

/** Where the settings the verdict uses came from: a file given, or the store (a settings record or extension data). */
export type SettingsOrigin = "stored" | "file";

async function defectAreas(source: AdoSource, settings: Settings): Promise<Finding> {
  const title = "This identity can see every defect in scope";
  let nodes: AreaNodeRef[];
  const readable = new Map<string, boolean>();
  try {
    nodes = flattenAreaTree(await readAreaTree(source.api, source.project));
    for (const batch of permissionChecks(checksFor(nodes, settings.registry))) {
      const answers = await source.api.evaluatePermissions(batch);
      batch.forEach((check, i) => readable.set(check.token, answers[i]));
    }
  } catch (error) {
    return {
      id: "defect-areas-readable",
      status: "not-checked",
      title,
      detail: `Could not check: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const problems: string[] = [];
  for (const entry of settings.registry) {
    try {
      assertScopeReadable(nodes, readable, entry.defectScope ?? {});
    } catch (error) {
      problems.push(`${registryKey(entry)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems.length === 0
    ? {
        id: "defect-areas-readable",
        status: "ok",
        title,
        detail: `It may view work items on every area node of the ${settings.registry.length} participant-roles' defect scopes.`,
      }
    : {
        id: "defect-areas-readable",
        status: "weak",
        title,
        detail: `Defects there are hidden from it, so these participant-roles cannot be assessed by it:\n${problems.join("\n")}`,
      };
}

const names = (members: readonly TeamMember[]) =>
  members.length === 0 ? "nobody" : members.map((m) => m.displayName ?? m.uniqueName ?? m.id).join(", ");

async function settingsProtection(source: AdoSource, origin: SettingsOrigin): Promise<Finding> {
  const title = "The settings the verdict uses are protected";
  const finding = (status: FindingStatus, detail: string): Finding => ({
    id: "settings-protected",
    status,
    title,
    detail,
  });
  if (origin === "file")
    return finding(
      "ok",
      "Read from the file given. Keep it in a repository whose branch policy requires review, so every change " +
        "is attributed and approved.",
    );
  let loaded: LoadSettingsResult;
  let admins: TeamMember[] | undefined;
  try {
    [loaded, admins] = await Promise.all([
      source.store.loadSettings(),
      readTeamMembers(source.api, source.project, SETTINGS_TEAM),
    ]);
  } catch (error) {
    return finding(
      "not-checked",
      `Could not read the settings: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const ignored = loaded.kind === "missing" ? [] : (loaded.ignored ?? []);
  const notes = ignored.length > 0 ? `\n${ignored.join("\n")}` : "";
  if (loaded.kind !== "missing" && loaded.origin?.kind === "record") {
    const { id, rev, by, at } = loaded.origin;
    return finding(
      "ok",
      `Kept in settings record #${id} (revision ${rev}, saved by ${by.displayName ?? by.uniqueName ?? by.id} on ` +
        `${at.slice(0, 10)}). Only the ${SETTINGS_TEAM} team's saves count: ${names(admins ?? [])}; anyone else's ` +
        `change makes every verdict cannot-assess until one of them saves again.${notes}`,
    );
  }
  if (loaded.kind === "invalid" && !loaded.origin)
    return finding("weak", `${loaded.errors.map((e) => e.message).join("\n")}${notes}`);
  return finding(
    "weak",
    "Read from the extension's data, which anyone who uses the extension in the organisation can change " +
      "(a severity map, a state override, the assurer list), leaving no trace outside the hub. Keep them in a " +
      `settings record instead: qt-assure settings protect, run by a member of the ${SETTINGS_TEAM} team` +
      (admins ? ` (${names(admins)})` : `, a team the project does not have yet`) +
      ". For the pipeline gate, reviewed settings can also be passed as settingsFile.",
  );
}

async function assurersFromAzureDevOps(
  source: AdoSource,
  settings: Settings,
  origin: SettingsOrigin,
  settingsWeak: boolean,
): Promise<Finding> {
  const title = "Who is an assurer is kept by Azure DevOps";
  const finding = (status: FindingStatus, detail: string): Finding => ({
    id: "assurers-from-azure-devops",
    status,
    title,
    detail,
  });
  const lines: string[] = [];
  for (const { team, body } of settings.assurerTeams ?? []) {
    let members: TeamMember[] | undefined;
    try {
      members = await readTeamMembers(source.api, source.project, team);
    } catch (error) {
      return finding(
        "not-checked",
        `Could not read the team ${team}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!members)
      return finding("weak", `The team "${team}" (${body}) does not exist: its body's approvals cannot count.`);
    const teamAdmins = members.filter((m) => m.isTeamAdmin);
    lines.push(
      `${body}: the team "${team}": ${names(members)}` +
        (teamAdmins.length > 0 ? `; its administrators, who may add members: ${names(teamAdmins)}` : "") +
        ".",
    );
  }
  const named = settings.assurers.filter((a) => a.team === undefined);
  if (named.length > 0) {
    const who = named.map((a) => `${a.displayName ?? a.user} (${a.body})`).join(", ");
    if (origin === "stored" && settingsWeak)
      return finding(
        "weak",
        `Named in settings anyone may change: ${who}. Name a team per body instead (assurerTeams), and protect the settings.${lines.length > 0 ? `\n${lines.join("\n")}` : ""}`,
      );
    lines.push(
      `Named in the settings, which only their keepers may change: ${who}. A team per body (assurerTeams) keeps the list in Azure DevOps.`,
    );
  }
  if (settings.bodiesMustAgree === "any")
    lines.push(
      'bodiesMustAgree is "any": where several bodies govern a role, one body\'s approval stands for all of them (QA&P §15 asks each to approve).',
    );
  return finding("ok", lines.length > 0 ? lines.join("\n") : "No assurers are named: no approval counts.");
}

async function approvalsVouched(source: AdoSource, settings: Settings): Promise<Finding> {
  const title = "Approvals are vouched for by Azure DevOps";
  if (settings.approvalRecords) {
    try {
      const problems = (await approvalStoreFor(source, settings).notCounted?.()) ?? [];
      return {
        id: "approvals-vouched",
        status: "ok",
        title,
        detail:
          `Approvals are kept as "${settings.approvalRecords.workItemType}" work items and count only as Azure DevOps ` +
          "stamped them. " +
          (problems.length === 0
            ? "Every record counts."
            : `${problems.length} record${problems.length === 1 ? " does" : "s do"} not count:\n${problems.map((p) => p.message).join("\n")}`),
      };
    } catch (error) {
      return {
        id: "approvals-vouched",
        status: "not-checked",
        title,
        detail: `Could not read the approval records: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
  let records = 0;
  let participantRoles = 0;
  try {
    for (const result of (await source.store.loadAllApprovals()).values()) {
      if (result.kind !== "ok") continue;
      const a = result.approvals;
      const count =
        a.waivers.length +
        a.mitigationAgreements.length +
        a.entryItems.length +
        a.signOffs.length +
        a.submissions.length +
        (a.scopes?.length ?? 0);
      records += count;
      if (count > 0) participantRoles += 1;
    }
  } catch (error) {
    return {
      id: "approvals-vouched",
      status: "not-checked",
      title,
      detail: `Could not read the approvals: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  return records === 0
    ? { id: "approvals-vouched", status: "ok", title, detail: "No approvals are recorded yet." }
    : {
        id: "approvals-vouched",
        status: "weak",
        title,
        detail:
          `${records} approval record${records === 1 ? "" : "s"} of ${participantRoles} participant-role${participantRoles === 1 ? "" : "s"} ` +
          "are kept in the extension's data: a record counts if it names an assurer, whoever wrote it, and the " +
          "audit log records who each writer says they are. Keep them as work items instead (settings approvalRecords).",
      };
}

const BYPASS_RULES: Finding = {
  id: "bypass-rules",
  status: "ok",
  title: '"Bypass rules on work item updates" cannot put words in an assurer\'s mouth',
  detail:
    "A holder of that permission can set the identity a revision names (System.ChangedBy), but not the one that " +
    "really saved it (System.AuthorizedAs): a record or a settings version saved in someone else's name never " +
    "counts, and is listed with who saved it. Holders can still save defects without the process's rules, as " +
    "anyone who may edit them can change them: review who holds it in Project settings → Permissions.",
};

export async function checkHealth(source: AdoSource, settings: Settings, origin: SettingsOrigin): Promise<Finding[]> {
  const [areas, protection, approvals] = await Promise.all([
    defectAreas(source, settings),
    settingsProtection(source, origin),
    approvalsVouched(source, settings),
  ]);
  const assurers = await assurersFromAzureDevOps(source, settings, origin, protection.status !== "ok");
  return [areas, protection, assurers, approvals, BYPASS_RULES];
}
