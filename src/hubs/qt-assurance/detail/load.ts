/**
 * Loading one participant-role for the detail view: the application layer's readAndAssess (its registry entry,
 * its facts, its approvals with the audit chain verified, and the engine's assessment), over the hub's data.
 * Anything that stops an honest assessment throws CannotAssessError with a message a person can act on.
 */
import { ParticipantRoleRead, ReadStep, readAndAssess } from "../../../ado/assessment-run";
import { Approvals } from "../../../core/approvals";
import { assessWith, createAssessmentContext } from "../../../core/assess";
import { ParticipantRoleFacts } from "../../../core/facts";
import { Settings } from "../../../core/settings";
import { HubViewProps } from "../view-props";

export type DetailModel = ParticipantRoleRead;
export type LoadStep = ReadStep;

/** Assesses again after an approval changed, without reading ADO again. */
export function assessDetail(settings: Settings, facts: ParticipantRoleFacts, approvals: Approvals, now: Date) {
  return assessWith(createAssessmentContext(settings, approvals), facts, now);
}

export function loadDetail(
  props: Pick<HubViewProps, "data" | "settings" | "now">,
  participantRole: string,
  onStep?: (step: LoadStep) => void,
): Promise<DetailModel> {
  return readAndAssess(props.data, props.settings, participantRole, props.now, onStep);
}
