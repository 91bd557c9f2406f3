/**
 * The review and sign-off tab: where a participant-role stands in the lifecycle, and each approver body's word.
 *
 * QT route: the bodies review the report submitted last (accept it, or return it with findings) and sign it off
 * (or refuse), each decision bound to that report's SHA-256. SIT route: the SIT completion report is recorded for
 * review and accepted or returned (S1), then each approver approves or rejects (S2).
 */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { FormItem } from "azure-devops-ui/FormItem";
import { TextField } from "azure-devops-ui/TextField";
import { SignOffDecision, recordEntryItem, recordSignOff } from "../../../../core/approvals";
import { Assessment, SignOffState } from "../../../../core/assessment";
import { SIT_COMPLETION_REVIEW_ITEM } from "../../../../core/entry-criteria";
import { GoverningBody } from "../../../../core/roles";
import { ExternalLink } from "../../../../ui/ExternalLink";
import { formatWhen } from "../ui";
import { ActionProps, BodyChoice, EnforcementNote, ReadOnlyNote, windowOf } from "./shared";

const DECISION_TEXT: Readonly<Record<SignOffState["status"], string>> = {
  pending: "Pending",
  accepted: "Report accepted",
  returned: "Returned with findings",
  approved: "Signed off",
  rejected: "Sign-off refused",
};

const SIT_DECISION_TEXT: Readonly<Record<SignOffState["status"], string>> = {
  ...DECISION_TEXT,
  approved: "Approved",
  rejected: "Rejected",
};

function decisionLine(s: SignOffState, texts: Readonly<Record<SignOffState["status"], string>>): string {
  return `${texts[s.status]}${s.by ? ` by ${s.by}, ${formatWhen(s.at)}` : ""}${s.note ? `: ${s.note}` : ""}`;
}

/** Why a body cannot sign off yet, or undefined when it can. */
function signOffBlocker(a: Assessment): string | undefined {
  if (a.stage.id === "entry" || a.stage.id === "executing" || a.stage.id === "cannot-assess")
    return `It cannot be signed off at this stage: ${a.stage.detail}`;
  return undefined;
}

export function SignOffsTab(props: ActionProps): JSX.Element {
  const { assessment } = props.model;
  return (
    <div>
      {props.assurerBodies.length > 0 ? (
        <EnforcementNote settings={props.settings} />
      ) : (
        <ReadOnlyNote bodies={assessment.signOffs.map((s) => s.body)} />
      )}
      {assessment.route === "SIT" ? <SitReview {...props} /> : <QtReview {...props} />}
    </div>
  );
}

function QtReview(props: ActionProps): JSX.Element {
  const { model, assurerBodies, busy } = props;
  const { assessment } = model;
  const [notes, setNotes] = React.useState<Record<string, string>>({});
  const sha256 = assessment.stage.reportSha256;
  const submission = assessment.submissions.filter((s) => s.sha256 === sha256).at(-1);
  async function decide(body: GoverningBody, decision: SignOffDecision) {
    const outcome = await props.record(
      (a) =>
        recordSignOff(
          a,
          props.settings,
          {
            participantRole: model.key,
            window: windowOf(assessment),
            body,
            decision,
            reportSha256: sha256,
            note: notes[body],
          },
          props.me,
          props.now(),
        ),
      `${body} ${DECISION_TEXT[decision].toLowerCase()}`,
    );
    if (outcome.ok) setNotes({ ...notes, [body]: "" });
  }
  if (!sha256 || !submission)
    return (
      <p className="qt-review-empty" data-testid="no-report">
        No QT Completion Report has been submitted for this window with E1–E4 met. The Code Bodies review and sign off
        the report submitted last: submit it from the Completion report view once E1–E4 are met.
      </p>
    );
  const blocker = signOffBlocker(assessment);
  return (
    <>
      <p data-testid="reviewed-report">
        Under review: the report submitted {formatWhen(submission.submittedAt)} by {submission.submittedBy}, SHA-256{" "}
        <code className="qt-sha">{sha256}</code>. Every decision below is bound to this report; a new submission needs
        deciding again.
      </p>
      {blocker && <p className="qt-review-blocked">{blocker}</p>}
      {assessment.signOffs.length === 0 ? (
        <p className="secondary-text">No body&apos;s sign-off is configured for this role.</p>
      ) : (
        <ul className="qt-cards" aria-label="Review and sign-off">
          {assessment.signOffs.map((s) => {
            const note = notes[s.body] ?? "";
            const needsNote = note.trim() === "";
            return (
              <li className="qt-card" key={s.body} data-body={s.body}>
                <div className="flex-row flex-center qt-card-head">
                  <span className="title-s">{s.body}</span>
                  <span>{decisionLine(s, DECISION_TEXT)}</span>
                </div>
                {assurerBodies.includes(s.body) && (
                  <div className="qt-form" role="form" aria-label={`${s.body} review`}>
                    <FormItem label={`${s.body} findings or note (required to return or refuse)`}>
                      <TextField
                        value={note}
                        multiline={true}
                        onChange={(_e, v) => setNotes({ ...notes, [s.body]: v })}
                      />
                    </FormItem>
                    <div className="flex-row flex-wrap qt-buttons">
                      <Button
                        text={`Accept report for ${s.body}`}
                        disabled={busy}
                        onClick={() => decide(s.body, "accepted")}
                      />
                      <Button
                        text={`Return with findings for ${s.body}`}
                        disabled={busy || needsNote}
                        onClick={() => decide(s.body, "returned")}
                      />
                      <Button
                        primary={true}
                        text={`Sign off for ${s.body}`}
                        disabled={busy || blocker !== undefined}
                        onClick={() => decide(s.body, "approved")}
                      />
                      <Button
                        danger={true}
                        text={`Refuse sign-off for ${s.body}`}
                        disabled={busy || needsNote}
                        onClick={() => decide(s.body, "rejected")}
                      />
                    </div>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

function SitReview(props: ActionProps): JSX.Element {
  const { model, assurerBodies, busy } = props;
  const { assessment } = model;
  const report = assessment.sitReport;
  const [evidenceUrl, setEvidenceUrl] = React.useState(report?.evidenceUrl ?? "");
  const [note, setNote] = React.useState("");
  const [body, setBody] = React.useState<GoverningBody>(assurerBodies[0] ?? "");
  const [notes, setNotes] = React.useState<Record<string, string>>({});
  const s1Met = report?.status === "accepted";

  async function recordReport(status: "submitted" | "accepted" | "rejected") {
    const outcome = await props.record(
      (a) =>
        recordEntryItem(
          a,
          props.settings,
          {
            participantRole: model.key,
            window: windowOf(assessment),
            itemId: SIT_COMPLETION_REVIEW_ITEM,
            status,
            evidenceUrl: evidenceUrl.trim(),
            note,
          },
          status === "submitted" ? undefined : body,
          props.me,
          props.now(),
        ),
      `SIT completion report (${status === "submitted" ? "recorded for review" : status === "accepted" ? "accepted" : "returned"})`,
    );
    if (outcome.ok) setNote("");
  }
  async function decide(b: GoverningBody, decision: "approved" | "rejected") {
    const outcome = await props.record(
      (a) =>
        recordSignOff(
          a,
          props.settings,
          { participantRole: model.key, window: windowOf(assessment), body: b, decision, note: notes[b] },
          props.me,
          props.now(),
        ),
      `${b} approval (${decision})`,
    );
    if (outcome.ok) setNotes({ ...notes, [b]: "" });
  }
  return (
    <>
      <h3 className="title-s">S1: SIT completion report</h3>
      <div className="qt-card" data-testid="sit-report">
        <p>
          {report
            ? `${report.status === "submitted" ? "Recorded for review" : report.status === "accepted" ? "Accepted" : report.status === "rejected" ? "Returned" : "Not started"} by ${report.by}, ${formatWhen(report.at)}${report.note ? `: ${report.note}` : ""}`
            : "Not yet recorded: record the SIT completion report and the SIT RTTM the Programme shared (QA&P §11.2)."}
          {report?.evidenceUrl && (
            <>
              {" "}
              <ExternalLink href={report.evidenceUrl}>Evidence</ExternalLink>
            </>
          )}
        </p>
        <div className="qt-form" role="form" aria-label="SIT completion report">
          <FormItem label="Link to the SIT completion report and RTTM (http or https)">
            <TextField value={evidenceUrl} onChange={(_e, v) => setEvidenceUrl(v)} />
          </FormItem>
          <FormItem label="SIT report note (required to return)">
            <TextField value={note} multiline={true} onChange={(_e, v) => setNote(v)} />
          </FormItem>
          <BodyChoice bodies={assurerBodies} value={body} onChange={setBody} />
          <div className="flex-row flex-wrap qt-buttons">
            <Button
              text="Record for review"
              disabled={busy || evidenceUrl.trim() === ""}
              onClick={() => recordReport("submitted")}
            />
            {assurerBodies.length > 0 && (
              <>
                <Button
                  primary={true}
                  text="Accept SIT report"
                  disabled={busy}
                  onClick={() => recordReport("accepted")}
                />
                <Button
                  danger={true}
                  text="Return SIT report"
                  disabled={busy || note.trim() === ""}
                  onClick={() => recordReport("rejected")}
                />
              </>
            )}
          </div>
        </div>
      </div>
      <h3 className="title-s">S2: approval from every governing Code Body</h3>
      {!s1Met && (
        <p className="qt-review-blocked">The bodies approve once the SIT completion report is accepted (S1).</p>
      )}
      <ul className="qt-cards" aria-label="Approvals">
        {assessment.signOffs.map((s) => (
          <li className="qt-card" key={s.body} data-body={s.body}>
            <div className="flex-row flex-center qt-card-head">
              <span className="title-s">{s.body}</span>
              <span>{decisionLine(s, SIT_DECISION_TEXT)}</span>
            </div>
            {assurerBodies.includes(s.body) && (
              <div className="qt-form" role="form" aria-label={`${s.body} approval`}>
                <FormItem label={`${s.body} approval note (required to reject)`}>
                  <TextField value={notes[s.body] ?? ""} onChange={(_e, v) => setNotes({ ...notes, [s.body]: v })} />
                </FormItem>
                <div className="flex-row qt-buttons">
                  <Button
                    primary={true}
                    text={`Approve for ${s.body}`}
                    disabled={busy || !s1Met}
                    onClick={() => decide(s.body, "approved")}
                  />
                  <Button
                    danger={true}
                    text={`Reject for ${s.body}`}
                    disabled={busy || (notes[s.body] ?? "").trim() === ""}
                    onClick={() => decide(s.body, "rejected")}
                  />
                </div>
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
