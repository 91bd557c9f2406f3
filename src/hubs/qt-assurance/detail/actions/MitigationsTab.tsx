/** The Sev3/Sev4 mitigations tab: each outstanding defect's impact and mitigation, and agreements on them. */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { MitigationAgreement, recordMitigationAgreement, revokeMitigationAgreement } from "../../../../core/approvals";
import { AssessedDefect } from "../../../../core/assessment";
import { GoverningBody } from "../../../../core/roles";
import { isMitigationSeverity, severityLabel } from "../../../../core/severity";
import { DetailModel } from "../load";
import { Empty, ItemLink, formatWhen } from "../ui";
import { ActionProps, BodyChoice, EnforcementNote, ReadOnlyNote, FormText } from "./shared";

/** Each body's current agreement on the defect: every governing body's stands on its own. */
function currentAgreements(model: DetailModel, defectId: number): MitigationAgreement[] {
  const byBody = new Map<GoverningBody, MitigationAgreement>();
  for (const a of model.approvals.mitigationAgreements)
    if (a.participantRole === model.key && a.defectId === defectId) byBody.set(a.body, a);
  return [...byBody.values()].filter((a) => !a.revoked);
}

const plain = (v: unknown) =>
  v === undefined || v === null || v === ""
    ? ""
    : String(v)
        .replace(/<[^>]*>/g, " ")
        .replace(/\s+/g, " ")
        .trim();

function MitigationCard(props: ActionProps & { defect: AssessedDefect }): JSX.Element {
  const { defect, model, assurerBodies, busy } = props;
  const fact = model.facts.defects.find((f) => f.id === defect.id);
  const agreements = currentAgreements(model, defect.id);
  // What the user may revoke: their own body's agreement.
  const agreement = agreements.find((a) => assurerBodies.includes(a.body));
  const [mode, setMode] = React.useState<"none" | "agree" | "revoke">("none");
  const [text, setText] = React.useState("");
  const [body, setBody] = React.useState<GoverningBody>(assurerBodies[0] ?? "");
  const [error, setError] = React.useState<string>();
  const canAct = assurerBodies.length > 0;

  async function submit() {
    const now = props.now();
    if (mode === "revoke" && !text.trim()) return setError("A reason for revoking is required.");
    setError(undefined);
    const outcome =
      mode === "agree"
        ? await props.record(
            (a) =>
              recordMitigationAgreement(
                a,
                props.settings,
                {
                  participantRole: model.key,
                  defectId: defect.id,
                  severity: fact?.severity,
                  impact: fact?.impact,
                  mitigation: fact?.mitigation,
                  body,
                  note: text,
                },
                props.me,
                now,
              ),
            `Mitigation agreement for defect ${defect.id}`,
          )
        : await props.record(
            (a) =>
              revokeMitigationAgreement(
                a,
                props.settings,
                {
                  participantRole: model.key,
                  defectId: defect.id,
                  agreedAt: agreement?.agreedAt ?? "",
                  reason: text,
                  body: agreement?.body,
                },
                props.me,
                now,
              ),
            `Revocation of the mitigation agreement for defect ${defect.id}`,
          );
    if (outcome.ok) {
      setMode("none");
      setText("");
    }
  }

  return (
    <li className="qt-card" data-defect={defect.id}>
      <div className="flex-row flex-center qt-card-head">
        <ItemLink item={defect} />
        <span className="qt-card-title">{defect.title}</span>
        <span className="secondary-text">
          {severityLabel(defect.severity)} · {defect.state} · agreement {defect.agreement}
          {defect.agreementAwaiting?.length ? ` (awaiting ${defect.agreementAwaiting.join(" and ")})` : ""}
        </span>
      </div>
      <dl className="qt-dl">
        <dt>Impact assessment</dt>
        <dd>{plain(fact?.impact) || <em>none yet</em>}</dd>
        <dt>Mitigation plan</dt>
        <dd>{plain(fact?.mitigation) || <em>none yet</em>}</dd>
        {agreements.map((a) => (
          <React.Fragment key={a.body}>
            <dt>Agreed</dt>
            <dd>
              {a.body} by {a.agreedBy.displayName}, {formatWhen(a.agreedAt)}
              {a.note ? `: ${a.note}` : ""}
            </dd>
          </React.Fragment>
        ))}
      </dl>
      {canAct && mode === "none" && (
        <div className="flex-row qt-buttons">
          {defect.agreement !== "present" &&
            (!defect.agreementAwaiting || defect.agreementAwaiting.some((b) => assurerBodies.includes(b))) && (
              <Button
                text="Agree mitigation…"
                ariaLabel={`Agree the mitigation of defect ${defect.id}`}
                disabled={!defect.hasImpact || !defect.hasMitigation}
                onClick={() => setMode("agree")}
              />
            )}
          {agreement && assurerBodies.includes(agreement.body) && (
            <Button
              text="Revoke agreement…"
              ariaLabel={`Revoke the mitigation agreement of defect ${defect.id}`}
              subtle={true}
              onClick={() => setMode("revoke")}
            />
          )}
          {(!defect.hasImpact || !defect.hasMitigation) && (
            <span className="secondary-text">
              Needs an impact assessment and a mitigation plan before it can be agreed.
            </span>
          )}
        </div>
      )}
      {mode !== "none" && (
        <div
          className="qt-form"
          role="form"
          aria-label={mode === "agree" ? "Agree the mitigation" : "Revoke the agreement"}
        >
          {mode === "agree" && <BodyChoice bodies={assurerBodies} value={body} onChange={setBody} />}
          <FormText
            label={
              mode === "agree"
                ? `Note on the agreement of defect ${defect.id} (optional)`
                : `Why revoke the agreement of defect ${defect.id}? (required)`
            }
            value={text}
            onChange={setText}
            error={error}
            autoFocus={true}
          />
          <div className="flex-row qt-buttons">
            <Button
              primary={mode === "agree"}
              danger={mode === "revoke"}
              text={mode === "agree" ? "Record agreement" : "Revoke agreement"}
              disabled={busy}
              onClick={submit}
            />
            <Button text="Cancel" onClick={() => setMode("none")} />
          </div>
        </div>
      )}
    </li>
  );
}

export function MitigationsTab(props: ActionProps): JSX.Element {
  const { assessment } = props.model;
  const defects = assessment.defects.filter((d) => d.outstanding && isMitigationSeverity(d.severity));
  return (
    <div>
      <p>
        Outstanding Sev3 and Sev4 defects need an impact assessment and a mitigation plan that a Code Body has agreed
        (E3). An agreement binds to the severity, impact and plan it was given for: if any changes, it goes stale.
      </p>
      {props.assurerBodies.length > 0 ? (
        <EnforcementNote settings={props.settings} />
      ) : (
        <ReadOnlyNote bodies={assessment.governingBodies} />
      )}
      {defects.length === 0 ? (
        <Empty
          title="No outstanding Sev3 or Sev4 defects"
          text="Nothing needs a mitigation agreement."
          icon="CheckMark"
        />
      ) : (
        <ul className="qt-cards" aria-label="Sev3 and Sev4 defects">
          {defects.map((d) => (
            <MitigationCard key={d.id} {...props} defect={d} />
          ))}
        </ul>
      )}
    </div>
  );
}
