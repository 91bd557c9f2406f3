/**
 * Loading one participant-role for the detail view: its registry entry, its facts from ADO, its approvals from the
 * extension's store (with the audit chain verified) and the engine's assessment. Anything that stops an honest
 * assessment throws CannotAssessError with a message a person can act on: never a silent, partial verdict.
 */
import { CannotAssessError, registryEntryFor } from "../../../ado/assessment-run";
import { readParticipantRole } from "../../../ado/reader";
import { Approvals } from "../../../core/approvals";
import { Assessment } from "../../../core/assessment";
import { assessWith, createAssessmentContext } from "../../../core/assess";
import { ParticipantRoleFacts } from "../../../core/facts";
import { RegistryEntry, Settings, registryKey } from "../../../core/settings";
import { HubViewProps } from "../view-props";

export interface DetailModel {
  key: string;
  entry: RegistryEntry;
  facts: ParticipantRoleFacts;
  approvals: Approvals;
  /** The stored document's version, undefined when nothing is recorded yet. */
  etag: number | undefined;
  assessment: Assessment;
}

export type LoadStep = "facts" | "approvals" | "assessing";

export function assessDetail(settings: Settings, facts: ParticipantRoleFacts, approvals: Approvals, now: Date) {
  return assessWith(createAssessmentContext(settings, approvals), facts, now);
}

export async function loadDetail(
  props: Pick<HubViewProps, "data" | "settings" | "now">,
  participantRole: string,
  onStep: (step: LoadStep) => void = () => undefined,
): Promise<DetailModel> {
  const { data, settings } = props;
  const entry = registryEntryFor(settings, participantRole);
  const key = registryKey(entry);
  onStep("facts");
  const [facts, loaded] = await Promise.all([
    readParticipantRole(entry, settings, { port: data.port, project: data.project, call: data.caller.call }),
    data.caller.call(`GET extensionmanagement/approvals/${key}`, () => data.store.loadApprovals(key)),
  ]);
  onStep("approvals");
  if (loaded.kind === "invalid")
    throw new CannotAssessError(
      `The stored approvals of ${key} are invalid, so they cannot be trusted: ${loaded.errors.join("; ")}`,
    );
  if (loaded.audit !== "intact")
    throw new CannotAssessError(
      `The audit log of ${key} is broken (${loaded.audit.problem}): its approvals cannot be trusted. ` +
        "Restore the approvals document from a backup before recording anything more.",
    );
  onStep("assessing");
  const assessment = assessDetail(settings, facts, loaded.approvals, props.now());
  return { key, entry, facts, approvals: loaded.approvals, etag: loaded.etag, assessment };
}
