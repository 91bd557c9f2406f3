/**
 * The completion report view: a participant-role's QT Completion Report (built as `qt-assure report` builds it),
 * previewed in a sandboxed frame, downloadable in Markdown, HTML, CSV and JSON, printable to PDF, submitted as an
 * immutable snapshot by a Code Body assurer, with the list of submitted snapshots and a comparison of two (kept in
 * the URL through `navigate`).
 */
import { approvalStoreFor } from "../../../ado/assessment-run";
import "./report.css";
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { Card } from "azure-devops-ui/Card";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { Spinner, SpinnerSize } from "azure-devops-ui/Spinner";
import { Approvals } from "../../../core/approvals";
import { renderHtml } from "../../../core/report";
import { FullPageError, LoadingState, errorText } from "../../../ui/PageStates";
import { VerdictPill } from "../../../ui/VerdictPill";
import { useLatest } from "../../../ui/use-latest";
import { HubViewProps } from "../view-props";
import { ComparedSnapshot, SnapshotComparison } from "./Comparison";
import { REPORT_FORMATS, downloadReport, openPrintable } from "./downloads";
import { formatTimestamp } from "./format";
import { ReportModel, assurerBodies, buildReportModel, loadReportModel } from "./load-report";
import { SnapshotList, SnapshotRow, sortSnapshots } from "./SnapshotList";
import { SubmitDialog } from "./SubmitDialog";

export type CompletionReportViewProps = HubViewProps & { participantRole: string; compare?: [string, string] };

interface Message {
  severity: MessageCardSeverity;
  text: React.ReactNode;
  errors?: string[];
  /** Offer to reload the report (after a conflict). */
  reload?: boolean;
}

type Loadable<T> = { state: "loading" } | { state: "error"; error: string } | { state: "ready"; value: T };

function submissionsOf(approvals: Approvals, key: string, windowId: string) {
  return approvals.submissions.filter((s) => s.participantRole === key && s.window === windowId);
}

export function CompletionReportView(props: CompletionReportViewProps): JSX.Element {
  const { participantRole, compare, navigate, data } = props;
  const [model, setModel] = React.useState<Loadable<ReportModel>>({ state: "loading" });
  const [loads, setLoads] = React.useState(0);
  const [snapshots, setSnapshots] = React.useState<Loadable<SnapshotRow[]>>({ state: "loading" });
  const [snapshotLoads, setSnapshotLoads] = React.useState(0);
  const [comparison, setComparison] = React.useState<Loadable<[ComparedSnapshot, ComparedSnapshot]>>();
  const [selected, setSelected] = React.useState<string[]>(compare ? [...compare] : []);
  const [dialogOpen, setDialogOpen] = React.useState(false);
  const [busy, setBusy] = React.useState(false);
  const [message, setMessage] = React.useState<Message>();

  // The latest props for callbacks and effects that outlive a render.
  const latest = React.useRef(props);
  latest.current = props;

  React.useEffect(() => {
    let live = true;
    setModel({ state: "loading" });
    loadReportModel(latest.current, participantRole).then(
      (value) => live && setModel({ state: "ready", value }),
      (e: unknown) => live && setModel({ state: "error", error: errorText(e) }),
    );
    return () => {
      live = false;
    };
  }, [participantRole, loads]);

  const ready = model.state === "ready" ? model.value : undefined;
  const key = ready?.key;
  const windowId = ready?.windowId;
  const approvals = ready?.approvals;

  React.useEffect(() => {
    if (key === undefined || windowId === undefined || !approvals) return;
    let live = true;
    setSnapshots({ state: "loading" });
    latest.current.data.store.listSnapshots(key, windowId).then(
      (results) => {
        if (!live) return;
        const submissions = submissionsOf(approvals, key, windowId);
        const rows: SnapshotRow[] = results.map((r) => ({
          sha256: r.sha256,
          report: r.kind === "ok" ? r.report : undefined,
          problem:
            r.kind === "tampered" ? r.message : r.kind === "missing" ? "This snapshot could not be read." : undefined,
          // The latest submission of this snapshot (the same report can be submitted once).
          submission: [...submissions].reverse().find((s) => s.sha256 === r.sha256),
        }));
        // A submission whose snapshot is not in the listing is still shown: it must not vanish silently.
        for (const s of submissions)
          if (!rows.some((r) => r.sha256 === s.sha256))
            rows.push({ sha256: s.sha256, submission: s, problem: "The snapshot of this submission is missing." });
        setSnapshots({ state: "ready", value: sortSnapshots(rows) });
      },
      (e: unknown) => live && setSnapshots({ state: "error", error: errorText(e) }),
    );
    return () => {
      live = false;
    };
  }, [key, windowId, approvals, snapshotLoads]);

  const compareKey = compare ? compare.join(",") : "";
  // compareKey stands for `compare`, a new array each render from the route: read the array through a ref.
  const compared = useLatest(compare);
  React.useEffect(() => {
    const compare = compared.current;
    setSelected(compare ? [...compare] : []);
    if (!compare) {
      setComparison(undefined);
      return;
    }
    let live = true;
    setComparison({ state: "loading" });
    const { store } = latest.current.data;
    Promise.all(compare.map((sha) => store.getSnapshot(sha))).then(
      (results) => {
        if (!live) return;
        const problems: string[] = [];
        const ok: ComparedSnapshot[] = [];
        for (const r of results) {
          if (r.kind === "ok") ok.push({ sha256: r.sha256, report: r.report });
          else if (r.kind === "missing") problems.push(`Snapshot ${r.sha256} does not exist.`);
          else problems.push(r.message);
        }
        if (problems.length > 0 || ok.length !== 2) {
          setComparison({ state: "error", error: problems.join(" ") });
          return;
        }
        ok.sort((a, b) => a.report.generatedAt.localeCompare(b.report.generatedAt) || a.sha256.localeCompare(b.sha256));
        setComparison({ state: "ready", value: [ok[0], ok[1]] });
      },
      (e: unknown) => live && setComparison({ state: "error", error: errorText(e) }),
    );
    return () => {
      live = false;
    };
  }, [compareKey, compared]);

  const html = React.useMemo(() => (ready ? renderHtml(ready.report) : ""), [ready]);

  const submit = React.useCallback(async () => {
    if (!ready) return;
    setBusy(true);
    setMessage(undefined);
    const { data: d, now } = latest.current;
    try {
      const result = await approvalStoreFor(d, latest.current.settings).submitReport(ready.report, d.me, now(), html);
      switch (result.kind) {
        case "submitted":
          setMessage({
            severity: MessageCardSeverity.Info,
            text: (
              <span>
                Submitted. The snapshot is stored with SHA-256{" "}
                <code className="qt-report-sha-full" data-testid="submitted-sha">
                  {result.sha256}
                </code>
                .
              </span>
            ),
          });
          // Re-assessed with the new submission (E5 may now be met); the facts are as read.
          setModel({ state: "ready", value: buildReportModel(latest.current, ready, result.approvals) });
          break;
        case "already-submitted":
          setMessage({
            severity: MessageCardSeverity.Info,
            text: (
              <span>
                This exact report was already submitted (SHA-256{" "}
                <code className="qt-report-sha-full">{result.sha256}</code>
                ): nothing new was recorded.
              </span>
            ),
          });
          setModel({ state: "ready", value: buildReportModel(latest.current, ready, result.approvals) });
          break;
        case "conflict":
          setMessage({
            severity: MessageCardSeverity.Warning,
            text: `The submission was not recorded: someone else changed this participant-role's approvals at the same time and the change could not be re-applied (${result.message}). Reload the report and submit again.`,
            reload: true,
          });
          break;
        case "mismatch":
          setMessage({
            severity: MessageCardSeverity.Error,
            text: `The submission was not recorded: ${result.message}`,
          });
          break;
        case "rejected":
          setMessage({
            severity: MessageCardSeverity.Error,
            text: "The submission was refused:",
            errors: result.errors,
          });
          break;
        case "invalid":
          setMessage({
            severity: MessageCardSeverity.Error,
            text: "The submission was not recorded: the stored approvals cannot be appended to.",
            errors: result.errors,
          });
          break;
      }
    } catch (e) {
      setMessage({ severity: MessageCardSeverity.Error, text: `The submission failed: ${errorText(e)}` });
    } finally {
      setBusy(false);
      setDialogOpen(false);
      setSnapshotLoads((n) => n + 1);
    }
  }, [ready, html]);

  if (model.state === "loading")
    return <LoadingState label={`Building the completion report of ${participantRole}…`} />;
  if (model.state === "error")
    return (
      <FullPageError
        title={`The completion report of ${participantRole} cannot be built`}
        advice="Nothing is shown rather than a report that may be wrong. Fix the cause below and retry."
        cause={model.error}
        onRetry={() => setLoads((n) => n + 1)}
      />
    );

  const { report, assessment } = model.value;
  const bodies = assurerBodies(latest.current, assessment);
  const canSubmit = bodies.length > 0;
  const governing = assessment.governingBodies.join(" or ") || "its governing body";
  const toggle = (sha: string, checked: boolean) =>
    setSelected((current) => {
      const rest = current.filter((s) => s !== sha);
      // At most two: selecting a third drops the earliest selection.
      return checked ? [...rest, sha].slice(-2) : rest;
    });

  return (
    <div className="qt-report-view">
      <div className="qt-report-heading">
        <Button
          text={`Back to ${participantRole}`}
          subtle={true}
          iconProps={{ iconName: "Back" }}
          onClick={() => navigate({ view: "detail", participantRole })}
        />
        <h1 className="qt-report-title">
          QT Completion Report: {report.scope.participantRole} {report.scope.participantName} ({report.scope.roleName})
        </h1>
        <div className="qt-report-summary">
          <VerdictPill verdict={report.verdict.code} />
          <span>
            {report.scope.window
              ? `${report.scope.window.name}`
              : report.scope.route === "SIT"
                ? "SIT route"
                : "No window"}
            {" · "}generated {formatTimestamp(report.generatedAt)}
            {report.generatedBy ? ` by ${report.generatedBy}` : ""}
          </span>
        </div>
      </div>

      <div className="qt-report-actions qt-report-no-print" role="group" aria-label="Report actions">
        {REPORT_FORMATS.map((f) => (
          <Button
            key={f.format}
            text={f.label}
            iconProps={{ iconName: "Download" }}
            ariaLabel={`Download the report as ${f.label}`}
            onClick={() => downloadReport(report, f.format)}
          />
        ))}
        <Button
          text="Print / save as PDF"
          iconProps={{ iconName: "Print" }}
          ariaLabel="Print / save as PDF (opens the report in a new tab)"
          onClick={() => {
            if (!openPrintable(report))
              setMessage({
                severity: MessageCardSeverity.Warning,
                text: "The browser blocked the new tab. Allow pop-ups for this site, or download the HTML and print it from your browser.",
              });
          }}
        />
        <Button
          text="Submit report…"
          primary={true}
          iconProps={{ iconName: "CloudUpload" }}
          disabled={!canSubmit || busy}
          ariaDescribedBy="qt-report-submit-hint"
          onClick={() => setDialogOpen(true)}
        />
      </div>
      <p id="qt-report-submit-hint" className="qt-secondary-text qt-report-no-print">
        {canSubmit
          ? props.settings.approvalRecords
            ? `You can submit as a ${bodies.join(" and ")} assurer. The submission becomes a "${props.settings.approvalRecords.workItemType}" work item that counts because Azure DevOps stamps it with your identity.`
            : `You can submit as a ${bodies.join(" and ")} assurer. Extension data cannot enforce who submits, and the audit log records who the submitter says they are.`
          : `Only a Code Body assurer of ${governing} listed in the QT Assurance settings can submit this report; ${data.me.displayName} is not listed. (Extension data cannot enforce this server-side, and the audit log records who each writer says they are.)`}
      </p>

      {message && (
        <MessageCard
          className="qt-report-message"
          severity={message.severity}
          onDismiss={() => setMessage(undefined)}
          buttonProps={
            message.reload
              ? [
                  {
                    text: "Reload report",
                    onClick: () => {
                      setMessage(undefined);
                      setLoads((n) => n + 1);
                    },
                  },
                ]
              : undefined
          }
        >
          <div role="status">
            {message.text}
            {message.errors && (
              <ul className="qt-error-list">
                {message.errors.map((e, i) => (
                  <li key={i}>{e}</li>
                ))}
              </ul>
            )}
          </div>
        </MessageCard>
      )}

      {dialogOpen && (
        <SubmitDialog
          report={report}
          busy={busy}
          onConfirm={() => void submit()}
          onDismiss={() => !busy && setDialogOpen(false)}
        />
      )}

      {compare &&
        (comparison?.state === "ready" ? (
          <SnapshotComparison older={comparison.value[0]} newer={comparison.value[1]} />
        ) : comparison?.state === "error" ? (
          <MessageCard severity={MessageCardSeverity.Error} className="qt-report-message">
            The two snapshots cannot be compared: {comparison.error}
          </MessageCard>
        ) : (
          <Spinner size={SpinnerSize.medium} label="Reading the two snapshots…" />
        ))}

      {snapshots.state === "loading" ? (
        <Spinner size={SpinnerSize.medium} label="Reading submitted snapshots…" />
      ) : snapshots.state === "error" ? (
        <MessageCard
          severity={MessageCardSeverity.Error}
          className="qt-report-message"
          buttonProps={[{ text: "Retry", onClick: () => setSnapshotLoads((n) => n + 1) }]}
        >
          The submitted snapshots cannot be read: {snapshots.error}
        </MessageCard>
      ) : (
        <SnapshotList
          rows={snapshots.value}
          selected={selected}
          onToggle={toggle}
          onCompare={() =>
            selected.length === 2 && navigate({ view: "report", participantRole, compare: [selected[0], selected[1]] })
          }
          onClearComparison={compare ? () => navigate({ view: "report", participantRole }) : undefined}
        />
      )}

      <Card className="qt-report-card qt-report-preview-card" titleProps={{ text: "Preview", ariaLevel: 2 }}>
        {/* The report's own self-contained HTML (its CSP, no script) in a frame with every sandbox restriction. */}
        <iframe
          className="qt-report-preview"
          sandbox=""
          srcDoc={html}
          title={`Preview of the QT Completion Report of ${report.scope.participantRole}`}
        />
      </Card>
    </div>
  );
}
