/**
 * The Qualification Assessment Document view of a window (QA&P §14): every participant-role's stage, dates, the
 * report under review, the Code Bodies' decisions and findings, downloadable as HTML, CSV and JSON for the panels.
 * It reads the window the way the portfolio does (and shares its cache), through the one engine.
 */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { Header, TitleSize } from "azure-devops-ui/Header";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { Page } from "azure-devops-ui/Page";
import { Spinner, SpinnerSize } from "azure-devops-ui/Spinner";
import { QadDocument, QadRow, buildQad, qadCsv, qadHtml, qadJson } from "../../../core/qad";
import { saveFile } from "../../../ui/save-file";
import { StageBadge } from "../../../ui/StageTrack";
import { SimpleColumn, SimpleTable, formatWhen } from "../detail/ui";
import { cachedPortfolio, loadPortfolio, rememberPortfolio } from "../portfolio/load-portfolio";
import { windowLabel } from "../portfolio/portfolio-model";
import { HubViewProps } from "../view-props";
import { ukDate } from "../../../core/calendar";

type State =
  | { kind: "loading"; done: number; total: number }
  | { kind: "loaded"; doc: QadDocument }
  | { kind: "failed"; message: string };

const COLUMNS: SimpleColumn<QadRow>[] = [
  {
    id: "pr",
    name: "Participant-role",
    width: 14,
    render: (r) => (
      <span>
        <strong>{r.participantRole}</strong>
        <br />
        <span className="secondary-text">{r.participantName}</span>
      </span>
    ),
  },
  { id: "role", name: "Role", width: 12, render: (r) => r.role },
  {
    id: "dates",
    name: "Execution",
    width: 12,
    render: (r) => (r.executionStart ? `${r.executionStart} to ${r.executionEnd}` : `${r.route} route`),
  },
  {
    id: "stage",
    name: "Stage",
    width: 14,
    render: (r) => (
      <StageBadge
        stage={{
          id: r.stage,
          label: r.stageLabel,
          detail: r.stageDetail,
          reopened: r.reopened,
          steps: [],
          awaiting: [],
        }}
      />
    ),
  },
  {
    id: "report",
    name: "Report under review",
    width: 16,
    render: (r) =>
      r.report ? (
        <span title={r.report.sha256}>
          <code className="qt-sha">{r.report.sha256.slice(0, 16)}…</code>
          <br />
          {formatWhen(r.report.submittedAt)}
        </span>
      ) : (
        "None"
      ),
  },
  {
    id: "decisions",
    name: "Decisions",
    width: 18,
    render: (r) => r.decisions.map((d) => `${d.body} ${d.status}${d.by ? ` (${d.by})` : ""}`).join("; "),
  },
  { id: "findings", name: "Findings", width: 18, render: (r) => r.findings.join("; ") || "None" },
  {
    id: "milestone",
    name: "Milestone",
    width: 10,
    render: (r) =>
      r.milestone ? (
        <span title={r.milestone.warning ?? undefined} className={r.milestone.warning ? "qt-warning-text" : undefined}>
          {r.milestone.id} {r.milestone.date}
          {r.milestone.warning ? " ⚠" : ""}
        </span>
      ) : (
        ""
      ),
  },
];

export function QadView(props: HubViewProps & { window?: string }): JSX.Element {
  const { data, settings, now, navigate, window } = props;
  const title = `Qualification Assessment Document view: ${windowLabel(settings, window)}`;
  const [state, setState] = React.useState<State>({ kind: "loading", done: 0, total: 0 });
  const [reads, setReads] = React.useState(0);

  React.useEffect(() => {
    let live = true;
    const reading = new AbortController();
    const cached = reads === 0 ? cachedPortfolio(data, settings, window) : undefined;
    const at = now();
    const loaded = cached
      ? Promise.resolve(cached)
      : loadPortfolio(
          data,
          settings,
          window,
          at,
          (done, total) => live && setState({ kind: "loading", done, total }),
          undefined,
          reading.signal,
        );
    loaded.then(
      (portfolio) => {
        if (!live) return;
        rememberPortfolio(data, settings, window, portfolio);
        setState({ kind: "loaded", doc: buildQad(portfolio.assessments, title, portfolio.at, data.me.displayName) });
      },
      (e: unknown) => live && setState({ kind: "failed", message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
      reading.abort();
    };
    // `now` and `title` follow the route and settings already listed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, settings, window, reads]);

  const file = (ext: string) => `qad-view-${window ?? "all"}-${ukDate(now())}.${ext}`;
  return (
    <Page className="qt-qad flex-grow">
      <Header
        title={title}
        titleSize={TitleSize.Large}
        description="Every participant-role's stage, dates, the report under review, and the Code Bodies' decisions and findings (QA&P §14)."
        backButtonProps={{
          ariaLabel: "Back to the portfolio",
          tooltipProps: { text: "Back to the portfolio" },
          onClick: () => navigate({ view: "portfolio", window }),
        }}
        commandBarItems={[
          {
            id: "refresh",
            text: "Refresh",
            important: true,
            iconProps: { iconName: "Refresh" },
            disabled: state.kind === "loading",
            onActivate: () => setReads((n) => n + 1),
          },
        ]}
      />
      <div className="page-content page-content-top">
        {state.kind === "loading" && (
          <div className="qt-loading" role="status" aria-live="polite">
            <Spinner
              size={SpinnerSize.large}
              label={state.total > 0 ? `Assessing ${state.done} of ${state.total} participant-roles…` : "Reading…"}
            />
          </div>
        )}
        {state.kind === "failed" && (
          <MessageCard
            severity={MessageCardSeverity.Error}
            role="alert"
            buttonProps={[{ text: "Retry", onClick: () => setReads((n) => n + 1) }]}
          >
            {`The view cannot be shown: ${state.message}`}
          </MessageCard>
        )}
        {state.kind === "loaded" && (
          <>
            <p data-testid="qad-totals">
              {state.doc.rows.length} participant-roles ·{" "}
              {state.doc.stages
                .filter((s) => s.count > 0)
                .map((s) => `${s.label} ${s.count}`)
                .join(" · ")}
            </p>
            <div className="flex-row flex-wrap qt-buttons" role="group" aria-label="Download the QAD view">
              <Button
                text="Download HTML"
                iconProps={{ iconName: "Download" }}
                onClick={() => saveFile(file("html"), "text/html;charset=utf-8", qadHtml(state.doc))}
              />
              <Button
                text="Download CSV"
                iconProps={{ iconName: "Download" }}
                onClick={() => saveFile(file("csv"), "text/csv;charset=utf-8", qadCsv(state.doc))}
              />
              <Button
                text="Download JSON"
                iconProps={{ iconName: "Download" }}
                onClick={() => saveFile(file("json"), "application/json", qadJson(state.doc))}
              />
            </div>
            <SimpleTable
              ariaLabel="Participant-roles, furthest from qualified first"
              columns={COLUMNS}
              items={state.doc.rows}
            />
          </>
        )}
      </div>
    </Page>
  );
}
