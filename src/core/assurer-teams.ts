/**
 * Assurers as Azure DevOps team membership. The settings name a team per governing body (`assurerTeams`); who is in
 * it is read from Azure DevOps, which only the team's and the project's administrators may change. The members are
 * added to the settings' assurers as entries marked with their team, so every check that asks "is this identity an
 * assurer of that body?" sees them; those entries are never saved (withoutTeamAssurers), so the list stays the one
 * Azure DevOps keeps. Pure: the caller reads the members.
 */
import { StampedIdentity } from "./record-evidence";
import { Assurer, Settings } from "./settings";

/** The teams the settings name, each once. */
export function assurerTeamNames(settings: Settings): string[] {
  return [...new Set((settings.assurerTeams ?? []).map((t) => t.team))];
}

/** The settings with every named team's members as assurers of the team's body (replacing earlier team entries). */
export function withTeamAssurers(
  settings: Settings,
  members: ReadonlyMap<string, readonly StampedIdentity[]>,
): Settings {
  const listed = settings.assurers.filter((a) => a.team === undefined);
  const fromTeams: Assurer[] = [];
  for (const { team, body } of settings.assurerTeams ?? []) {
    for (const member of members.get(team) ?? []) {
      fromTeams.push({
        user: member.uniqueName ?? member.id,
        displayName: member.displayName ?? member.uniqueName ?? member.id,
        body,
        team,
      });
    }
  }
  return { ...settings, assurers: [...listed, ...fromTeams] };
}

/** The settings as they are kept: without the assurers read from teams. */
export function withoutTeamAssurers(settings: Settings): Settings {
  return { ...settings, assurers: settings.assurers.filter((a) => a.team === undefined) };
}
