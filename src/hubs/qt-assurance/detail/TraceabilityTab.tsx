/**
 * The detail view's Traceability tab: the participant-role's Requirements to Test Traceability Matrix (RTTM,
 * MHHS-DEL1050) — each requirement → the test cases that test it (Tested By, or a requirement-based suite) → their
 * latest result per configuration → the open defects linked to them — with requirements without a test and test
 * cases without a requirement flagged, an "only gaps" filter, and a formula-safe CSV. The links are read when the
 * tab first opens (over the facts the view was assessed from), and kept while the view shows those facts; a read
 * that fails shows why, never a partial matrix.
 */
import "./traceability.css";
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { POINT_STATUS_LABELS } from "../../../core/report/labels";
import { Settings } from "../../../core/settings";
import {
  TRACE_STATUS_LABELS,
  TraceRow,
  TraceStatus,
  Traceability,
  isGap,
  traceabilityCsv,
} from "../../../core/traceability";
import { TraceRead, readTraceLinks, traceabilityOf } from "../../../ado/traceability-reader";
import { HubData } from "../../../ui/hub-data";
import { ExternalLink } from "../../../ui/ExternalLink";
import { LoadingState, errorText } from "../../../ui/PageStates";
import { saveFile } from "../../../ui/save-file";
import { ChoiceGroup } from "./ChoiceGroup";
import { DetailModel } from "./load";
import { Empty } from "./ui";

type ReadState = { kind: "loading" } | { kind: "read"; read: TraceRead } | { kind: "failed"; error: unknown };

/**
 * Links already read, by the facts they were read over: switching tabs, or recording an approval (which assesses
 * the same facts again), does not read them again; a reload of the view reads new facts, and so new links.
 */
const cache = new WeakMap<DetailModel["facts"], TraceRead>();

function useTraceRead(data: HubData, settings: Settings, model: DetailModel) {
  const [generation, setGeneration] = React.useState(0);
  const [state, setState] = React.useState<ReadState>(() => {
    const cached = cache.get(model.facts);
    return cached ? { kind: "read", read: cached } : { kind: "loading" };
  });
  const { entry, facts } = model;
  React.useEffect(() => {
    const cached = generation === 0 ? cache.get(facts) : undefined;
    if (cached) {
      setState({ kind: "read", read: cached });
      return;
    }
    const abort = new AbortController();
    setState({ kind: "loading" });
    readTraceLinks(
      entry,
      settings,
      facts,
      { port: data.port, project: data.project, call: data.caller.call.bind(data.caller) },
      abort.signal,
    ).then(
      (read) => {
        if (read.links) cache.set(facts, read);
        if (!abort.signal.aborted) setState({ kind: "read", read });
      },
      (error: unknown) => {
        if (!abort.signal.aborted) setState({ kind: "failed", error });
      },
    );
    return () => abort.abort();
  }, [data, settings, entry, facts, generation]);
  return { state, retry: () => setGeneration((g) => g + 1) };
}

const STATUS_CLASS: Readonly<Record<TraceStatus, string>> = {
  passed: "qt-trace-good",
  failing: "qt-trace-bad",
  "not-run": "qt-trace-warn",
  "no-test": "qt-trace-bad",
  "not-in-scope": "qt-trace-warn",
};

const RESULT_CLASS: Readonly<Record<string, string>> = {
  passed: "qt-trace-good",
  failed: "qt-trace-bad",
  blocked: "qt-trace-bad",
};

const VIA_TEXT: Readonly<Record<string, string>> = { "tested-by": "Tested By", suite: "requirement-based suite" };

/** Requirements shown at first; the rest behind "Show all", so a large matrix opens at once. */
const ROWS_SHOWN = 100;

function StatusText(props: { status: TraceStatus }): JSX.Element {
  return (
    <span className={`qt-trace-status ${STATUS_CLASS[props.status]}`}>
      <span className="qt-trace-flag" aria-hidden="true">
        {props.status === "passed" ? "✓" : "⚑"}{" "}
      </span>
      {TRACE_STATUS_LABELS[props.status]}
    </span>
  );
}

function WorkItemLink(props: { url?: string; id: number; label: string; kind: string }): JSX.Element {
  if (!props.url) return <span>{props.label}</span>;
  return (
    <ExternalLink className="qt-link" href={props.url} title={`${props.kind} ${props.id} (opens in a new tab)`}>
      {props.label}
    </ExternalLink>
  );
}

/** One requirement: a row per test case (the requirement, its status and open defects span them). */
function RequirementRows(props: { row: TraceRow }): JSX.Element {
  const { row } = props;
  const r = row.requirement;
  const span = Math.max(1, row.cases.length);
  const defects = (
    <td rowSpan={span}>
      {row.openDefects.length === 0 ? (
        <span className="qt-secondary-text">None</span>
      ) : (
        <ul className="qt-trace-list">
          {row.openDefects.map((d) => (
            <li key={d.id}>
              <WorkItemLink url={d.url} id={d.id} kind="Defect" label={`${d.id}`} /> {d.severityLabel}: {d.title}
            </li>
          ))}
        </ul>
      )}
    </td>
  );
  const head = (
    <>
      <th scope="rowgroup" rowSpan={span} className="qt-trace-requirement">
        <WorkItemLink url={r.url} id={r.id} kind={r.workItemType || "Requirement"} label={`${r.id}`} /> {r.title}
        <div className="qt-secondary-text qt-trace-meta">
          {r.workItemType} · {r.state}
        </div>
      </th>
      <td rowSpan={span}>
        <StatusText status={row.status} />
      </td>
    </>
  );
  if (row.cases.length === 0)
    return (
      <tbody className="qt-trace-group" data-requirement={r.id} data-status={row.status}>
        <tr>
          {head}
          <td colSpan={2} className="qt-trace-bad">
            <span className="qt-trace-flag" aria-hidden="true">
              ⚑{" "}
            </span>
            No test case traces to this requirement.
          </td>
          {defects}
        </tr>
      </tbody>
    );
  return (
    <tbody className="qt-trace-group" data-requirement={r.id} data-status={row.status}>
      {row.cases.map((c, i) => (
        <tr key={c.testCaseId}>
          {i === 0 && head}
          <td>
            <WorkItemLink url={c.url} id={c.testCaseId} kind="Test case" label={`${c.testCaseId}`} /> {c.title}
            <div className="qt-secondary-text qt-trace-meta">{c.via.map((v) => VIA_TEXT[v] ?? v).join(", ")}</div>
          </td>
          <td>
            {c.results.length === 0 ? (
              <span className="qt-trace-warn">Not in this participant-role's plans</span>
            ) : (
              <ul className="qt-trace-list">
                {c.results.map((x) => (
                  <li key={x.pointId}>
                    {x.configuration || "(no configuration)"}:{" "}
                    <span className={`qt-trace-result ${RESULT_CLASS[x.status] ?? "qt-trace-warn"}`}>
                      {POINT_STATUS_LABELS[x.status]}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </td>
          {i === 0 && defects}
        </tr>
      ))}
    </tbody>
  );
}

type Filter = "all" | "gaps";

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

function Matrix(props: { t: Traceability; source: "scope" | "links"; participantRole: string; now: () => Date }) {
  const { t } = props;
  const [filter, setFilter] = React.useState<Filter>("all");
  const [all, setAll] = React.useState(false);
  const gaps = React.useMemo(() => t.rows.filter(isGap), [t]);
  const rows = filter === "gaps" ? gaps : t.rows;
  const shown = all ? rows : rows.slice(0, ROWS_SHOWN);
  const c = t.counts;
  const download = () =>
    saveFile(
      `qt-rttm-${props.participantRole}-${props.now().toISOString().slice(0, 10)}.csv`,
      "text/csv;charset=utf-8",
      traceabilityCsv(t),
    );
  return (
    <div className="qt-trace" data-testid="traceability-tab">
      <p className="qt-secondary-text" data-testid="traceability-source">
        {props.source === "scope"
          ? "Requirements: those the settings' requirement scope selects for this participant-role, with the test cases each is Tested By or has in a requirement-based suite."
          : "No requirement scope is set for this participant-role, so its requirements are those its test cases are Tested By and its requirement-based suites are for: a requirement without a test shows only when its requirement-based suite holds no test case. Set a scope under Project settings → QT Assurance → Traceability to flag the others."}
      </p>
      <p className="qt-trace-summary" data-testid="traceability-summary">
        {plural(c.requirements, "requirement")}: {c.passed} passed · {c.failing} failing · {c["not-run"]} not fully run
        · <strong className={c["no-test"] > 0 ? "qt-trace-bad" : undefined}>{c["no-test"]} without a test</strong> ·{" "}
        {c["not-in-scope"]} with tests not in the plans ·{" "}
        <strong className={c.untracedTests > 0 ? "qt-trace-bad" : undefined}>
          {plural(c.untracedTests, "test case")} without a requirement
        </strong>
      </p>
      <div className="flex-row flex-center flex-wrap qt-trace-tools">
        <ChoiceGroup<Filter>
          label="Show"
          choices={[
            { id: "all", text: `All requirements (${t.rows.length})` },
            { id: "gaps", text: `Only gaps (${gaps.length})` },
          ]}
          selected={filter}
          onChange={setFilter}
        />
        <Button text="Download CSV" iconProps={{ iconName: "Download" }} onClick={download} />
      </div>
      {rows.length === 0 ? (
        <Empty
          title={filter === "gaps" ? "No gaps" : "No requirements"}
          text={
            filter === "gaps"
              ? "Every requirement is tested, and every test of it passed."
              : "No requirement was found for this participant-role."
          }
          icon={filter === "gaps" ? "CheckMark" : "Page"}
        />
      ) : (
        <div className="qt-trace-scroll" role="region" aria-label="Traceability matrix" tabIndex={0}>
          <table
            className="qt-items-table qt-trace-table"
            aria-label="Requirements, their test cases, results and open defects"
          >
            <thead>
              <tr>
                <th scope="col">Requirement</th>
                <th scope="col">Status</th>
                <th scope="col">Test case</th>
                <th scope="col">Latest result per configuration</th>
                <th scope="col">Open defects</th>
              </tr>
            </thead>
            {shown.map((row) => (
              <RequirementRows key={row.requirement.id} row={row} />
            ))}
          </table>
        </div>
      )}
      {rows.length > ROWS_SHOWN && (
        <Button
          subtle={true}
          text={all ? "Show fewer" : `Show all ${rows.length}`}
          onClick={() => setAll(!all)}
          ariaExpanded={all}
        />
      )}
      <h2 className="title-s qt-trace-heading">Test cases without a requirement</h2>
      {t.untraced.length === 0 ? (
        <p className="qt-secondary-text">Every test case in the plans traces to a requirement.</p>
      ) : (
        <table className="qt-items-table qt-trace-untraced" aria-label="Test cases without a requirement">
          <thead>
            <tr>
              <th scope="col">Test case</th>
              <th scope="col">Test points</th>
            </tr>
          </thead>
          <tbody>
            {t.untraced.map((u) => (
              <tr key={u.testCaseId} data-test-case={u.testCaseId}>
                <th scope="row" className="qt-trace-bad-edge">
                  <span className="qt-trace-flag qt-trace-bad" aria-hidden="true">
                    ⚑{" "}
                  </span>
                  <WorkItemLink url={u.url} id={u.testCaseId} kind="Test case" label={`${u.testCaseId}`} /> {u.title}
                </th>
                <td>{u.pointIds.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function TraceabilityTab(props: {
  data: HubData;
  settings: Settings;
  model: DetailModel;
  now: () => Date;
}): JSX.Element {
  const { state, retry } = useTraceRead(props.data, props.settings, props.model);
  if (state.kind === "loading") return <LoadingState label="Reading requirements and their links to the tests…" />;
  const outcome =
    state.kind === "failed"
      ? { kind: "cannot-assess" as const, reason: errorText(state.error) }
      : traceabilityOf(props.model.assessment, state.read);
  if (outcome.kind === "cannot-assess")
    return (
      <MessageCard
        className="qt-detail-message"
        severity={MessageCardSeverity.Error}
        buttonProps={[{ text: "Retry", onClick: retry }]}
      >
        <div role="alert">{outcome.reason}</div>
      </MessageCard>
    );
  return (
    <>
      <Matrix t={outcome.traceability} source={outcome.source} participantRole={props.model.key} now={props.now} />
      <Button subtle={true} text="Read again" iconProps={{ iconName: "Refresh" }} onClick={retry} />
    </>
  );
}
