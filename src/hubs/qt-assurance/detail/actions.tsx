/**
 * The tabs with approval actions: waivers and descopes, Sev3/Sev4 mitigation agreements, the entry checklist and
 * sign-offs. Actions show only to users listed as assurers of one of the role's bodies; the core record* functions
 * check it again, and the store applies each change to the latest approvals (re-applying it after a conflict).
 */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { FormItem } from "azure-devops-ui/FormItem";
import { ListSelection } from "azure-devops-ui/List";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { ColumnSelect, ITableColumn } from "azure-devops-ui/Table";
import { TextField } from "azure-devops-ui/TextField";
import {
  Approvals,
  MitigationAgreement,
  Waiver,
  recordEntryItem,
  recordMitigationAgreement,
  recordSignOff,
  recordWaiver,
  revokeMitigationAgreement,
  revokeWaiver,
} from "../../../core/approvals";
import { AssessedDefect, AssessedPoint, Assessment, EntryChecklistItem } from "../../../core/assessment";
import { UserRef } from "../../../core/audit";
import { ENTRY_ITEM_STATUSES, EntryItemStatus } from "../../../core/entry-criteria";
import { Result, ok } from "../../../core/result";
import { GoverningBody } from "../../../core/roles";
import { Settings } from "../../../core/settings";
import { isMitigationSeverity, severityLabel } from "../../../core/severity";
import { ChoiceGroup } from "./ChoiceGroup";
import { DetailModel } from "./load";
import { Empty, ItemLink, Section, SimpleColumn, SimpleTable, formatWhen } from "./ui";
import { ExternalLink } from "../../../ui/ExternalLink";

export type RecordOutcome = { ok: true } | { ok: false };

export interface ActionProps {
  model: DetailModel;
  settings: Settings;
  me: UserRef;
  now(): Date;
  /** The role's bodies the signed-in user is listed as an assurer for; empty: no actions. */
  assurerBodies: GoverningBody[];
  /** Records a change through the store; the view reports how it went. */
  record(
    change: (approvals: Approvals) => Result<Approvals>,
    what: string,
    describe?: (before: Assessment, after: Assessment) => string,
  ): Promise<RecordOutcome>;
  busy: boolean;
}

export function EnforcementNote(): JSX.Element {
  return (
    <MessageCard className="qt-enforcement" severity={MessageCardSeverity.Info}>
      These actions show only to Code Body assurers listed in settings. Extension data cannot enforce this on the
      server: anyone with access to the extension's data in this organisation could write approvals. The audit log
      records who did what, and when.
    </MessageCard>
  );
}

function ReadOnlyNote(props: { bodies: GoverningBody[] }): JSX.Element {
  return (
    <p className="secondary-text qt-readonly-note">
      Read only: you are not listed in settings as an assurer for {props.bodies.join(" or ") || "this role's bodies"}.
    </p>
  );
}

function BodyChoice(props: { bodies: GoverningBody[]; value: GoverningBody; onChange(b: GoverningBody): void }) {
  if (props.bodies.length < 2) return null;
  return (
    <ChoiceGroup
      label="Approve as"
      choices={props.bodies.map((b) => ({ id: b, text: b }))}
      selected={props.value}
      onChange={props.onChange}
    />
  );
}

/** Applies several record* changes in turn: all of them, or none. */
function chain(changes: ((a: Approvals) => Result<Approvals>)[]) {
  return (approvals: Approvals): Result<Approvals> => {
    let current: Result<Approvals> = ok(approvals);
    for (const change of changes) {
      if (!current.ok) return current;
      current = change(current.value);
    }
    return current;
  };
}

const windowOf = (a: Assessment) => a.window?.id ?? "";

function e4Change(before: Assessment, after: Assessment): string {
  const b = before.criteria.find((c) => c.id === "E4");
  const a = after.criteria.find((c) => c.id === "E4");
  const w = (x: Assessment) =>
    `${x.waivers.present} waived, ${x.waivers.missing} missing, ${x.waivers.stale} stale; ${x.coverage.completionPercent}% complete`;
  if (!b || !a) return "";
  const label = { met: "met", unmet: "not met", pending: "pending", unknown: "unknown" } as const;
  const status = b.status === a.status ? `still ${label[a.status]}` : `${label[b.status]} → ${label[a.status]}`;
  return `E4 ${status}: ${w(before)} → ${w(after)}.`;
}

// ---------------------------------------------------------------- waivers

const NEEDS_WAIVER = (p: AssessedPoint) => p.waiver === "missing" || p.waiver === "stale";

const POINT_COLUMNS: SimpleColumn<AssessedPoint>[] = [
  { id: "point", name: "Point", width: 10, render: (p) => <ItemLink item={p} /> },
  { id: "case", name: "Test case", width: 36, render: (p) => `${p.testCaseId}: ${p.testCaseTitle ?? p.title}` },
  { id: "suite", name: "Suite", width: 20, render: (p) => p.suiteName ?? `Suite ${p.suiteId}` },
  { id: "outcome", name: "Outcome", width: 12, render: (p) => p.outcome },
  { id: "waiver", name: "Waiver", width: 10, render: (p) => p.waiver },
];

function currentWaivers(model: DetailModel): Waiver[] {
  const window = windowOf(model.assessment);
  const latest = new Map<number, Waiver>();
  for (const w of model.approvals.waivers)
    if (w.participantRole === model.key && w.window === window) latest.set(w.pointId, w);
  return [...latest.values()].filter((w) => !w.revoked);
}

export function WaiversTab(props: ActionProps): JSX.Element {
  const { model, assurerBodies, busy } = props;
  const assessment = model.assessment;
  const canAct = assurerBodies.length > 0;
  const candidates = React.useMemo(() => assessment.points.filter(NEEDS_WAIVER), [assessment]);
  // One selection and one checkbox column for the view's lifetime (the column binds to the table's selection once);
  // recorded points leave the list, so the selection is cleared whenever the list changes.
  const selection = React.useMemo(() => new ListSelection({ multiSelect: true, selectOnFocus: false }), []);
  React.useEffect(() => selection.clear(), [selection, candidates]);
  const [, setTick] = React.useState(0);
  React.useEffect(() => {
    const observer = () => setTick((t) => t + 1);
    selection.subscribe(observer);
    return () => selection.unsubscribe(observer);
  }, [selection]);
  const leading = React.useMemo<ITableColumn<AssessedPoint>[]>(
    () => (canAct ? [new ColumnSelect() as unknown as ITableColumn<AssessedPoint>] : []),
    [canAct],
  );
  const [reason, setReason] = React.useState("");
  const [body, setBody] = React.useState<GoverningBody>(assurerBodies[0] ?? "");
  const [formError, setFormError] = React.useState<string>();
  const [revoking, setRevoking] = React.useState<Waiver>();
  const [revokeReason, setRevokeReason] = React.useState("");

  const selected: AssessedPoint[] = [];
  for (const range of selection.value)
    for (let i = range.beginIndex; i <= range.endIndex; i++) if (candidates[i]) selected.push(candidates[i]);

  async function recordSelected() {
    if (selected.length === 0) return setFormError("Select at least one test point.");
    if (!reason.trim()) return setFormError("A reason is required.");
    setFormError(undefined);
    const now = props.now();
    const changes = selected.map(
      (p) => (a: Approvals) =>
        recordWaiver(
          a,
          props.settings,
          {
            participantRole: model.key,
            window: windowOf(assessment),
            pointId: p.id,
            testCaseId: p.testCaseId,
            outcome: p.outcome,
            kind: p.status === "failed" || p.status === "blocked" ? "waiver" : "descope",
            reason,
            body,
          },
          props.me,
          now,
        ),
    );
    const what = `${selected.length === 1 ? "Waiver" : `${selected.length} waivers`} for point${selected.length === 1 ? "" : "s"} ${selected.map((p) => p.id).join(", ")}`;
    const outcome = await props.record(chain(changes), what, e4Change);
    if (outcome.ok) {
      setReason("");
      selection.clear();
    }
  }

  async function revoke() {
    if (!revoking) return;
    if (!revokeReason.trim()) return setFormError("A reason for revoking is required.");
    setFormError(undefined);
    const target = {
      participantRole: model.key,
      window: revoking.window,
      pointId: revoking.pointId,
      reason: revokeReason,
    };
    const outcome = await props.record(
      (a) => revokeWaiver(a, props.settings, target, props.me, props.now()),
      `Revocation of the waiver for point ${revoking.pointId}`,
      e4Change,
    );
    if (outcome.ok) {
      setRevoking(undefined);
      setRevokeReason("");
    }
  }

  const waivers = currentWaivers(model);
  const waiverColumns: SimpleColumn<Waiver>[] = [
    { id: "point", name: "Point", width: 8, render: (w) => w.pointId },
    { id: "kind", name: "Kind", width: 8, render: (w) => w.kind },
    { id: "outcome", name: "Outcome approved", width: 12, render: (w) => w.outcomeAtApproval },
    { id: "body", name: "Body", width: 6, render: (w) => w.body },
    { id: "by", name: "By", width: 18, render: (w) => `${w.approvedBy.displayName}, ${formatWhen(w.approvedAt)}` },
    { id: "reason", name: "Reason", width: 30, render: (w) => w.reason },
  ];
  if (canAct)
    waiverColumns.push({
      id: "revoke",
      name: "Actions",
      width: 10,
      render: (w) =>
        assurerBodies.includes(w.body) ? (
          <Button
            text="Revoke…"
            subtle={true}
            ariaLabel={`Revoke the waiver for point ${w.pointId}`}
            onClick={() => {
              setRevoking(w);
              setRevokeReason("");
            }}
          />
        ) : (
          ""
        ),
    });

  const s = assessment.waivers;
  return (
    <div>
      <p data-testid="waiver-summary">
        {s.needed} point{s.needed === 1 ? "" : "s"} need Code Body approval: {s.present} approved, {s.missing} missing,{" "}
        {s.stale} stale (the outcome changed after approval).
      </p>
      {canAct ? <EnforcementNote /> : <ReadOnlyNote bodies={assessment.governingBodies} />}
      <Section title="Points awaiting a waiver or descope" id="qt-waiver-candidates">
        {candidates.length === 0 ? (
          <Empty
            title="Nothing awaiting approval"
            text="Every planned point has passed or carries a current waiver."
            icon="CheckMark"
          />
        ) : (
          <SimpleTable
            ariaLabel="Points awaiting a waiver or descope"
            columns={POINT_COLUMNS}
            items={candidates}
            leading={leading}
            selection={canAct ? selection : undefined}
          />
        )}
        {canAct && candidates.length > 0 && (
          <div className="qt-form" aria-label="Record a waiver or descope" role="form">
            <p>
              {selected.length} selected. Failed or blocked points are waived (the outcome accepted); points not run are
              descoped. A waiver binds to the point's current outcome: if it changes, the waiver goes stale.
            </p>
            <BodyChoice bodies={assurerBodies} value={body} onChange={setBody} />
            <FormItem label="Reason for the waiver (required)" error={!!formError}>
              <TextField value={reason} multiline={true} rows={3} required={true} onChange={(_e, v) => setReason(v)} />
            </FormItem>
            {formError && !revoking && (
              <p className="qt-form-error" role="alert">
                {formError}
              </p>
            )}
            <Button
              primary={true}
              text={`Record waiver${selected.length === 1 ? "" : "s"} (${selected.length})`}
              disabled={busy}
              onClick={recordSelected}
            />
          </div>
        )}
      </Section>
      <Section title="Current waivers and descopes" id="qt-current-waivers">
        {waivers.length === 0 ? (
          <p className="secondary-text">None recorded for this window.</p>
        ) : (
          <SimpleTable ariaLabel="Current waivers and descopes" columns={waiverColumns} items={waivers} />
        )}
        {revoking && (
          <div className="qt-form" role="form" aria-label={`Revoke the waiver for point ${revoking.pointId}`}>
            <FormItem label={`Why revoke the waiver for point ${revoking.pointId}? (required)`} error={!!formError}>
              <TextField value={revokeReason} onChange={(_e, v) => setRevokeReason(v)} autoFocus={true} />
            </FormItem>
            {formError && (
              <p className="qt-form-error" role="alert">
                {formError}
              </p>
            )}
            <div className="flex-row qt-buttons">
              <Button danger={true} text="Revoke waiver" disabled={busy} onClick={revoke} />
              <Button text="Cancel" onClick={() => setRevoking(undefined)} />
            </div>
          </div>
        )}
      </Section>
    </div>
  );
}

// ---------------------------------------------------------------- mitigations

function currentAgreement(model: DetailModel, defectId: number): MitigationAgreement | undefined {
  let found: MitigationAgreement | undefined;
  for (const a of model.approvals.mitigationAgreements)
    if (a.participantRole === model.key && a.defectId === defectId) found = a;
  return found && !found.revoked ? found : undefined;
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
  const agreement = currentAgreement(model, defect.id);
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
                { participantRole: model.key, defectId: defect.id, reason: text },
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
        </span>
      </div>
      <dl className="qt-dl">
        <dt>Impact assessment</dt>
        <dd>{plain(fact?.impact) || <em>none yet</em>}</dd>
        <dt>Mitigation plan</dt>
        <dd>{plain(fact?.mitigation) || <em>none yet</em>}</dd>
        {agreement && (
          <>
            <dt>Agreed</dt>
            <dd>
              {agreement.body} by {agreement.agreedBy.displayName}, {formatWhen(agreement.agreedAt)}
              {agreement.note ? `: ${agreement.note}` : ""}
            </dd>
          </>
        )}
      </dl>
      {canAct && mode === "none" && (
        <div className="flex-row qt-buttons">
          {defect.agreement !== "present" && (
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
          <FormItem
            label={
              mode === "agree"
                ? `Note on the agreement of defect ${defect.id} (optional)`
                : `Why revoke the agreement of defect ${defect.id}? (required)`
            }
            error={!!error}
          >
            <TextField value={text} onChange={(_e, v) => setText(v)} autoFocus={true} />
          </FormItem>
          {error && (
            <p className="qt-form-error" role="alert">
              {error}
            </p>
          )}
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
      {props.assurerBodies.length > 0 ? <EnforcementNote /> : <ReadOnlyNote bodies={assessment.governingBodies} />}
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

// ---------------------------------------------------------------- entry checklist

const STATUS_TEXT: Record<EntryItemStatus, string> = {
  "not-started": "Not started",
  submitted: "Submitted",
  accepted: "Accepted",
  rejected: "Rejected",
};

function EntryForm(props: ActionProps & { item: EntryChecklistItem; onDone(): void }): JSX.Element {
  const { item, model, assurerBodies, busy } = props;
  const [status, setStatus] = React.useState<EntryItemStatus>(item.status);
  const [evidenceUrl, setEvidenceUrl] = React.useState(item.evidenceUrl ?? "");
  const [note, setNote] = React.useState(item.note ?? "");
  const [body, setBody] = React.useState<GoverningBody>(assurerBodies[0] ?? "");
  async function submit() {
    const outcome = await props.record(
      (a) =>
        recordEntryItem(
          a,
          props.settings,
          { participantRole: model.key, itemId: item.id, status, evidenceUrl: evidenceUrl.trim(), note },
          body,
          props.me,
          props.now(),
        ),
      `Entry item ${item.id}`,
    );
    if (outcome.ok) props.onDone();
  }
  return (
    <div className="qt-form" role="form" aria-label={`Update ${item.title}`}>
      <ChoiceGroup<EntryItemStatus>
        label="Status"
        choices={ENTRY_ITEM_STATUSES.map((s) => ({ id: s, text: STATUS_TEXT[s] }))}
        selected={status}
        onChange={setStatus}
      />
      <BodyChoice bodies={assurerBodies} value={body} onChange={setBody} />
      <FormItem label="Evidence link (http or https)">
        <TextField value={evidenceUrl} onChange={(_e, v) => setEvidenceUrl(v)} />
      </FormItem>
      <FormItem label="Note">
        <TextField value={note} onChange={(_e, v) => setNote(v)} />
      </FormItem>
      <div className="flex-row qt-buttons">
        <Button primary={true} text="Record" disabled={busy} onClick={submit} />
        <Button text="Cancel" onClick={props.onDone} />
      </div>
    </div>
  );
}

export function EntryTab(props: ActionProps): JSX.Element {
  const { assessment } = props.model;
  const [editing, setEditing] = React.useState<string>();
  const canAct = props.assurerBodies.length > 0;
  const columns: SimpleColumn<EntryChecklistItem>[] = [
    { id: "title", name: "Item", width: 34, render: (i) => i.title },
    {
      id: "necessity",
      name: "Necessity",
      width: 10,
      render: (i) => (i.necessity === "must" ? "Must" : "Good to have"),
    },
    {
      id: "status",
      name: "Status",
      width: 10,
      render: (i) => STATUS_TEXT[i.status] + (i.derived ? " (from ADO)" : ""),
    },
    {
      id: "evidence",
      name: "Evidence",
      width: 16,
      render: (i) =>
        i.evidenceUrl ? (
          <ExternalLink className="qt-link" href={i.evidenceUrl} refused={`Not a web address: ${i.evidenceUrl}`}>
            Evidence (opens in a new tab)
          </ExternalLink>
        ) : (
          ""
        ),
    },
    { id: "by", name: "Updated", width: 18, render: (i) => (i.by ? `${i.by}, ${formatWhen(i.at)}` : "") },
  ];
  if (canAct)
    columns.push({
      id: "edit",
      name: "Actions",
      width: 10,
      render: (i) =>
        i.derived ? (
          ""
        ) : (
          <Button text="Update…" subtle={true} ariaLabel={`Update ${i.title}`} onClick={() => setEditing(i.id)} />
        ),
    });
  const item = assessment.entryChecklist.find((i) => i.id === editing);
  return (
    <div>
      <p>Entry criteria {assessment.entryCriteriaMet ? "are met" : "are not met yet"} (QA&amp;P §11.3.3).</p>
      {canAct ? <EnforcementNote /> : <ReadOnlyNote bodies={assessment.governingBodies} />}
      <SimpleTable ariaLabel="Entry checklist" columns={columns} items={assessment.entryChecklist} />
      {item && <EntryForm key={item.id} {...props} item={item} onDone={() => setEditing(undefined)} />}
    </div>
  );
}

// ---------------------------------------------------------------- sign-offs

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
      {assurerBodies.length > 0 ? <EnforcementNote /> : <ReadOnlyNote bodies={assessment.governingBodies} />}
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
