/** The entry checklist tab: each QT entry criterion's status and evidence, as the Code Body recorded it. */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { FormItem } from "azure-devops-ui/FormItem";
import { TextField } from "azure-devops-ui/TextField";
import { recordEntryItem, recordScopeBaseline } from "../../../../core/approvals";
import { EntryChecklistItem } from "../../../../core/assessment";
import { ENTRY_ITEM_STATUSES, EntryItemStatus } from "../../../../core/entry-criteria";
import { GoverningBody } from "../../../../core/roles";
import { ChoiceGroup } from "../ChoiceGroup";
import { SimpleColumn, SimpleTable, formatWhen } from "../ui";
import { ExternalLink } from "../../../../ui/ExternalLink";
import { ActionProps, BodyChoice, EnforcementNote, ReadOnlyNote, windowOf } from "./shared";

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
          {
            participantRole: model.key,
            window: windowOf(model.assessment),
            itemId: item.id,
            status,
            evidenceUrl: evidenceUrl.trim(),
            note,
          },
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
      {canAct ? <EnforcementNote settings={props.settings} /> : <ReadOnlyNote bodies={assessment.governingBodies} />}
      <SimpleTable ariaLabel="Entry checklist" columns={columns} items={assessment.entryChecklist} />
      {item && <EntryForm key={item.id} {...props} item={item} onDone={() => setEditing(undefined)} />}
      <ScopeBaselineSection {...props} />
    </div>
  );
}

/**
 * The scope the Code Body approved at entry: once recorded, a point that leaves the plans stays in scope until its
 * descope is approved. Recorded from the points the plans hold now.
 */
function ScopeBaselineSection(props: ActionProps): JSX.Element {
  const { model, assurerBodies, busy } = props;
  const { assessment } = model;
  const scope = assessment.scopeBaseline;
  const [body, setBody] = React.useState<GoverningBody>(assurerBodies[0] ?? "");
  const points = model.facts.points;
  async function recordScope() {
    await props.record(
      (a) =>
        recordScopeBaseline(
          a,
          props.settings,
          {
            participantRole: model.key,
            window: windowOf(assessment),
            body,
            points: points.map((p) => ({
              pointId: p.id,
              testCaseId: p.testCaseId,
              planId: p.planId,
              suiteId: p.suiteId,
              ...(p.testCaseTitle ? { title: p.testCaseTitle } : {}),
              ...(p.configurationName ? { configurationName: p.configurationName } : {}),
            })),
          },
          props.me,
          props.now(),
        ),
      "Scope baseline",
    );
  }
  return (
    <section className="qt-scope" aria-labelledby="qt-scope-title">
      <h3 className="title-s" id="qt-scope-title">
        Approved scope
      </h3>
      <p data-testid="scope-baseline">
        {scope
          ? `${scope.body} approved a scope of ${scope.points} test points (${scope.by}, ${formatWhen(scope.at)}). ` +
            `Since then ${scope.removed} left the plans (still in scope until descoped) and ${scope.added} were added (in scope).`
          : "No scope baseline recorded: every point of the plans counts, active or not, and a point removed from the plans is not seen. Record the scope the Code Body approved so that it is."}
      </p>
      {assurerBodies.length > 0 && (
        <div className="flex-row flex-center flex-wrap qt-buttons">
          <BodyChoice bodies={assurerBodies} value={body} onChange={setBody} />
          <Button
            text={`Record the ${points.length} test points in the plans as the approved scope`}
            disabled={busy || points.length === 0}
            onClick={recordScope}
          />
        </div>
      )}
    </section>
  );
}
