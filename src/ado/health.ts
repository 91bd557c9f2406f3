/**
 * What in the current set-up would let the assessed party improve its own verdict, as far as the reading identity
 * can tell (`qt-assure doctor`). Each finding is "ok", "weak" (a way the verdict could be forged or a defect hidden
 * today) or "not-checked" (this identity cannot find out), with what to do. docs/security.md says why each matters.
 */
import { Settings, registryKey } from "../core/settings";
import { AdoSource, approvalStoreFor } from "./assessment-run";
import { AreaNodeRef, assertScopeReadable, checksFor, flattenAreaTree, permissionChecks } from "./area-access";
import { readAreaTree } from "./project-structure";

export type FindingStatus = "ok" | "weak" | "not-checked";

export interface Finding {
  id: "defect-areas-readable" | "settings-protected" | "approvals-vouched" | "bypass-rules";
  status: FindingStatus;
  title: string;
  /** What was found, and what to do about it. */
  detail: string;
}

/** Where the settings the verdict uses came from. */
export type SettingsOrigin = "extension-data" | "file";

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

function settingsProtection(origin: SettingsOrigin): Finding {
  const title = "The settings the verdict uses are protected";
  return origin === "file"
    ? {
        id: "settings-protected",
        status: "ok",
        title,
        detail:
          "Read from the file given. Keep it in a repository whose branch policy requires review, so every change " +
          "is attributed and approved.",
      }
    : {
        id: "settings-protected",
        status: "weak",
        title,
        detail:
          "Read from the extension's data, which anyone who uses the extension in the organisation can change " +
          "(a severity map, a state override, the assurer list), leaving no trace outside the hub. For the pipeline " +
          "gate, pass reviewed settings as settingsFile.",
      };
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
        a.submissions.length;
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
  status: "not-checked",
  title: 'Nobody outside the administrators holds "Bypass rules on work item updates"',
  detail:
    "Who holds it is read from the project's security, which this check does not read yet. Review it in Project " +
    "settings → Permissions: a holder can set the fields Azure DevOps stamps on work items.",
};

export async function checkHealth(source: AdoSource, settings: Settings, origin: SettingsOrigin): Promise<Finding[]> {
  const [areas, approvals] = await Promise.all([defectAreas(source, settings), approvalsVouched(source, settings)]);
  return [areas, settingsProtection(origin), approvals, BYPASS_RULES];
}
