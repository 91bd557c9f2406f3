/** The waivers and descopes tab: points that did not pass, and the Code Body approvals that accept them. */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { ListSelection } from "azure-devops-ui/List";
import { ColumnSelect, ITableColumn } from "azure-devops-ui/Table";
import { Approvals, Waiver, recordWaiver, revokeWaiver } from "../../../../core/approvals";
import { AssessedPoint, Assessment } from "../../../../core/assessment";
import { GoverningBody } from "../../../../core/roles";
import { DetailModel } from "../load";
import { Empty, ItemLink, Section, SimpleColumn, SimpleTable, formatWhen } from "../ui";
import { ActionProps, BodyChoice, EnforcementNote, ReadOnlyNote, chain, windowOf, FormText } from "./shared";
import { LatestRunLink, TestCaseLink } from "../ItemsTable";

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

/** Each point as an assurer knows it: its test case and configuration, where it runs, and its latest run. */
const POINT_COLUMNS: SimpleColumn<AssessedPoint>[] = [
  { id: "point", name: "Test point", width: 30, render: (p) => <ItemLink item={p} /> },
  { id: "case", name: "Test case", width: 12, render: (p) => <TestCaseLink point={p} /> },
  { id: "suite", name: "Suite", width: 18, render: (p) => p.suiteName ?? `Suite ${p.suiteId}` },
  { id: "outcome", name: "Outcome", width: 10, render: (p) => p.outcome },
  { id: "run", name: "Latest run", width: 10, render: (p) => <LatestRunLink point={p} /> },
  {
    id: "waiver",
    name: "Waiver",
    width: 10,
    render: (p) => (p.waiverAwaiting?.length ? `${p.waiver}: awaiting ${p.waiverAwaiting.join(" and ")}` : p.waiver),
  },
];

function currentWaivers(model: DetailModel): Waiver[] {
  const window = windowOf(model.assessment);
  // Each body's latest waiver of a point stands on its own.
  const latest = new Map<string, Waiver>();
  for (const w of model.approvals.waivers)
    if (w.participantRole === model.key && w.window === window) latest.set(`${w.pointId} ${w.body}`, w);
  return [...latest.values()].filter((w) => !w.revoked);
}

export function WaiversTab(props: ActionProps): JSX.Element {
  const { model, assurerBodies, busy } = props;
  const assessment = model.assessment;
  const canAct = assurerBodies.length > 0;
  // An assurer whose body already approved a point that awaits another body has nothing to add to it. The bodies
  // are compared as text: a new array each render must not clear the selection.
  const bodiesKey = assurerBodies.join("\n");
  const candidates = React.useMemo(
    () =>
      assessment.points.filter(
        (p) =>
          NEEDS_WAIVER(p) &&
          (!canAct || !p.waiverAwaiting || p.waiverAwaiting.some((b) => bodiesKey.split("\n").includes(b))),
      ),
    [assessment, canAct, bodiesKey],
  );
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
            // Bound to the result the assurer saw: a newer one makes the waiver stale.
            result: { runId: p.lastRunId ?? null, resultId: p.lastResultId ?? null },
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
      approvedAt: revoking.approvedAt,
      reason: revokeReason,
      body: revoking.body,
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
      {canAct ? <EnforcementNote settings={props.settings} /> : <ReadOnlyNote bodies={assessment.governingBodies} />}
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
            <FormText
              label="Reason for the waiver (required)"
              value={reason}
              onChange={setReason}
              error={revoking ? undefined : formError}
              multiline={true}
              required={true}
            />
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
            <FormText
              label={`Why revoke the waiver for point ${revoking.pointId}? (required)`}
              value={revokeReason}
              onChange={setRevokeReason}
              error={formError}
              autoFocus={true}
            />
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
