import { derivedGuid } from "../routes/discovery";
import { Identity, ProjectState, Team } from "../state";
import { BSC_ASSURER, REC_ASSURER, SAMPLE_IDENTITY } from "./identities";

/** The team whose members may make the settings the verdict uses (docs/security.md). */
export const SETTINGS_TEAM = "QT Administrators";
/** The teams whose members assure for each governing body, as the sample settings name them. */
export const ASSURER_TEAMS = { BSC: "BSC Assurers", REC: "REC Assurers" } as const;

const team = (project: ProjectState, name: string, description: string, members: Team["members"]): Team => ({
  id: derivedGuid(`team:${project.id}/${name.toLowerCase()}`),
  projectId: project.id,
  name,
  description,
  members,
});

const member = (identity: Identity, isTeamAdmin = false) => ({ identity: { ...identity }, isTeamAdmin });

/**
 * The sample project's teams: the administrators who keep the settings, and one team of assurers per governing
 * body. Each assurer team is administered by the project's administrators only, so no assurer can add anyone.
 */
export function sampleTeams(project: ProjectState): Team[] {
  return [
    team(project, SETTINGS_TEAM, "Keep the QT Assurance settings.", [member(SAMPLE_IDENTITY, true)]),
    team(project, ASSURER_TEAMS.BSC, "BSC assurers: waivers, agreements and sign-offs for the BSC.", [
      member(BSC_ASSURER),
    ]),
    team(project, ASSURER_TEAMS.REC, "REC assurers: waivers, agreements and sign-offs for the REC.", [
      member(REC_ASSURER),
    ]),
  ];
}
