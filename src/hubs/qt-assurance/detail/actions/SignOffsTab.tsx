/** The sign-offs tab: each approver body's decision on the participant-role in its window. */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { FormItem } from "azure-devops-ui/FormItem";
import { TextField } from "azure-devops-ui/TextField";
import { recordSignOff } from "../../../../core/approvals";
import { GoverningBody } from "../../../../core/roles";
import { formatWhen } from "../ui";
import { ActionProps, EnforcementNote, ReadOnlyNote, windowOf } from "./shared";

export function SignOffsTab(props: ActionProps): JSX.Element {
  const { model, assurerBodies, busy } = props;
  const { assessment } = model;
  const [notes, setNotes] = React.useState<Record<string, string>>({});
  async function decide(body: GoverningBody, decision: "approved" | "rejected") {
    const outcome = await props.record(
      (a) =>
        recordSignOff(
          a,
          props.settings,
          { participantRole: model.key, window: windowOf(assessment), body, decision, note: notes[body] },
          props.me,
          props.now(),
        ),
      `${body} sign-off (${decision})`,
    );
    if (outcome.ok) setNotes({ ...notes, [body]: "" });
  }
  return (
    <div>
      {assurerBodies.length > 0 ? (
        <EnforcementNote settings={props.settings} />
      ) : (
        <ReadOnlyNote bodies={assessment.governingBodies} />
      )}
      {assessment.signOffs.length === 0 ? (
        <p className="secondary-text">No body's sign-off is needed for this role.</p>
      ) : (
        <ul className="qt-cards" aria-label="Sign-offs">
          {assessment.signOffs.map((s) => (
            <li className="qt-card" key={s.body} data-body={s.body}>
              <div className="flex-row flex-center qt-card-head">
                <span className="title-s">{s.body}</span>
                <span>
                  {s.status === "pending" ? "Pending" : s.status === "approved" ? "Approved" : "Rejected"}
                  {s.by ? ` by ${s.by}, ${formatWhen(s.at)}` : ""}
                  {s.note ? `: ${s.note}` : ""}
                </span>
              </div>
              {assurerBodies.includes(s.body) && (
                <div className="qt-form" role="form" aria-label={`${s.body} sign-off`}>
                  <FormItem label={`${s.body} sign-off note`}>
                    <TextField value={notes[s.body] ?? ""} onChange={(_e, v) => setNotes({ ...notes, [s.body]: v })} />
                  </FormItem>
                  <div className="flex-row qt-buttons">
                    <Button
                      primary={true}
                      text={`Approve for ${s.body}`}
                      disabled={busy}
                      onClick={() => decide(s.body, "approved")}
                    />
                    <Button
                      danger={true}
                      text={`Reject for ${s.body}`}
                      disabled={busy}
                      onClick={() => decide(s.body, "rejected")}
                    />
                  </div>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
