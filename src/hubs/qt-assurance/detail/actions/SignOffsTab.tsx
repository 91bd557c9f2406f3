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
  const sha256 = assessment.stage.reportSha256;
  const submission = assessment.submissions.filter((s) => s.sha256 === sha256).at(-1);
  async function decide(body: GoverningBody, decision: SignOffDecision, note: string) {
    const outcome = await props.record(
      (a) =>
        recordSignOff(
          a,
          props.settings,
          { participantRole: model.key, window: windowOf(assessment), body, decision, reportSha256: sha256, note },
          props.me,
          props.now(),
        ),
      `${body} ${DECISION_TEXT[decision].toLowerCase()}`,
    );
    return outcome.ok;
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
        <DecisionCards
          label="Review and sign-off"
          signOffs={assessment.signOffs}
          texts={DECISION_TEXT}
          assurerBodies={assurerBodies}
          noteLabel={(body) => `${body} findings or note (required to return or refuse)`}
          busy={busy}
          decide={decide}
          actions={[
            { decision: "accepted", text: (b) => `Accept report for ${b}` },
            { decision: "returned", text: (b) => `Return with findings for ${b}`, needsNote: true },
            {
              decision: "approved",
              text: (b) => `Sign off for ${b}`,
              tone: "primary",
              disabled: blocker !== undefined,
            },
            { decision: "rejected", text: (b) => `Refuse sign-off for ${b}`, tone: "danger", needsNote: true },
          ]}
        />
      )}
    </>
  );
}

interface DecisionAction {
  decision: SignOffDecision;
  text: (body: GoverningBody) => string;
  tone?: "primary" | "danger";
  /** Returning or refusing says why: the button waits for the note. */
  needsNote?: boolean;
  disabled?: boolean;
}

/**
 * One card per body with its standing decision and, for the bodies the user assures, a note and the actions.
 * Each decision is recorded once per body; the note is cleared after it is.
 */
function DecisionCards(props: {
  label: string;
  signOffs: readonly SignOffState[];
  texts: Readonly<Record<SignOffState["status"], string>>;
  assurerBodies: readonly GoverningBody[];
  noteLabel: (body: GoverningBody) => string;
  actions: readonly DecisionAction[];
  busy: boolean;
  decide(body: GoverningBody, decision: SignOffDecision, note: string): Promise<boolean>;
}): JSX.Element {
  const [notes, setNotes] = React.useState<Record<string, string>>({});
  return (
    <ul className="qt-cards" aria-label={props.label}>
      {props.signOffs.map((s) => {
        const note = notes[s.body] ?? "";
        return (
          <li className="qt-card" key={s.body} data-body={s.body}>
            <div className="flex-row flex-center qt-card-head">
              <span className="title-s">{s.body}</span>
              <span>{decisionLine(s, props.texts)}</span>
            </div>
            {props.assurerBodies.includes(s.body) && (
              <div className="qt-form" role="form" aria-label={`${s.body} ${props.label.toLowerCase()}`}>
                <FormItem label={props.noteLabel(s.body)}>
                  <TextField value={note} multiline={true} onChange={(_e, v) => setNotes({ ...notes, [s.body]: v })} />
                </FormItem>
                <div className="flex-row flex-wrap qt-buttons">
                  {props.actions.map((a) => (
                    <Button
                      key={a.decision}
                      primary={a.tone === "primary"}
                      danger={a.tone === "danger"}
                      text={a.text(s.body)}
                      disabled={props.busy || a.disabled === true || (a.needsNote === true && note.trim() === "")}
                      onClick={async () => {
                        if (await props.decide(s.body, a.decision, note)) setNotes({ ...notes, [s.body]: "" });
                      }}
                    />
                  ))}
                </div>
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function SitReview(props: ActionProps): JSX.Element {
  const { model, assurerBodies, busy } = props;
  const { assessment } = model;
  const report = assessment.sitReport;
  const [evidenceUrl, setEvidenceUrl] = React.useState(report?.evidenceUrl ?? "");
  const [note, setNote] = React.useState("");
  const [body, setBody] = React.useState<GoverningBody>(assurerBodies[0] ?? "");
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
  async function decide(b: GoverningBody, decision: SignOffDecision, approvalNote: string) {
    const outcome = await props.record(
      (a) =>
        recordSignOff(
          a,
          props.settings,
          { participantRole: model.key, window: windowOf(assessment), body: b, decision, note: approvalNote },
          props.me,
          props.now(),
        ),
      `${b} approval (${decision})`,
    );
    return outcome.ok;
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
      <DecisionCards
        label="Approvals"
        signOffs={assessment.signOffs}
        texts={SIT_DECISION_TEXT}
        assurerBodies={assurerBodies}
        noteLabel={(body) => `${body} approval note (required to reject)`}
        busy={busy}
        decide={decide}
        actions={[
          { decision: "approved", text: (b) => `Approve for ${b}`, tone: "primary", disabled: !s1Met },
          { decision: "rejected", text: (b) => `Reject for ${b}`, tone: "danger", needsNote: true },
        ]}
      />
    </>
  );
}
