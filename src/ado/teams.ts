/**
 * Teams as Azure DevOps lists them: who is in a team (assurers of a body, the settings' administrators), read a
 * page at a time. Membership is what Azure DevOps enforces: only project and team administrators may change it.
 */
import { assurerTeamNames, withTeamAssurers } from "../core/assurer-teams";
import { StampedIdentity } from "../core/record-evidence";
import { Settings } from "../core/settings";
import { SettingsError } from "../core/validate-settings";
import { AdoRequestError } from "./errors";
import { AdoPort, TeamMember } from "./port";

const PAGE = 100;

/** Every member of the team, or undefined when the project has no team of that name. */
export async function readTeamMembers(
  api: Pick<AdoPort, "listTeamMembers">,
  project: string,
  team: string,
): Promise<TeamMember[] | undefined> {
  const members: TeamMember[] = [];
  for (let skip = 0; ; skip += PAGE) {
    let page: TeamMember[];
    try {
      page = await api.listTeamMembers(project, team, { top: PAGE, skip });
    } catch (error) {
      if (error instanceof AdoRequestError && error.kind === "not-found") return undefined;
      throw error;
    }
    members.push(...page);
    if (page.length < PAGE) return members;
  }
}

export const sameIdentity = (a: StampedIdentity, b: StampedIdentity): boolean =>
  a.id.toLowerCase() === b.id.toLowerCase() ||
  (!!a.uniqueName && !!b.uniqueName && a.uniqueName.toLowerCase() === b.uniqueName.toLowerCase());

/**
 * The settings with the members of their assurer teams added as assurers, or the errors that keep them from being
 * used (a team that does not exist: its body's approvals would silently stop counting).
 */
export async function resolveAssurerTeams(
  api: Pick<AdoPort, "listTeamMembers">,
  project: string,
  settings: Settings,
): Promise<{ ok: true; settings: Settings } | { ok: false; errors: SettingsError[] }> {
  const names = assurerTeamNames(settings);
  if (names.length === 0) return { ok: true, settings };
  const members = new Map<string, TeamMember[]>();
  const errors: SettingsError[] = [];
  await Promise.all(
    names.map(async (team) => {
      const found = await readTeamMembers(api, project, team);
      if (found) members.set(team, found);
      else
        errors.push({
          path: `$.assurerTeams[${(settings.assurerTeams ?? []).findIndex((t) => t.team === team)}].team`,
          message: `The project ${project} has no team named "${team}".`,
          fix: "Create the team in Project settings → Teams, or name an existing one.",
        });
    }),
  );
  return errors.length > 0 ? { ok: false, errors } : { ok: true, settings: withTeamAssurers(settings, members) };
}
