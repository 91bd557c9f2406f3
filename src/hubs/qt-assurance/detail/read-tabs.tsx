/** The read-only tabs of the detail view: criteria, coverage, defects and the audit log. */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { AuditEntry } from "../../../core/audit";
import { AssessedDefect, Assessment, CriterionResult, Reason, SuiteCoverage } from "../../../core/assessment";
import { Severity, severityLabel } from "../../../core/severity";
import { ChoiceGroup } from "./ChoiceGroup";
import { itemsTable } from "./ItemsTable";
import { Empty, ItemLink, SimpleColumn, SimpleTable, StatusPill, formatWhen } from "./ui";

const ITEMS_SHOWN = 60;
/** Up to this many items are listed as links; more are a table. */
const INLINE_ITEMS = 3;

function ReasonItems(props: { reason: Reason }): JSX.Element | null {
  const [all, setAll] = React.useState(false);
  const { items } = props.reason;
  if (items.length === 0) return null;
  const shown = all ? items : items.slice(0, ITEMS_SHOWN);
  const label = `Items behind: ${props.reason.message}`;
  // A few items read best as links; more become a sortable table of what identifies each one.
  const table = items.length > INLINE_ITEMS ? itemsTable(shown, label) : undefined;
  return (
    <div className="qt-reason-items">
      {table ?? (
        <ul className="qt-inline-list" aria-label={label}>
          {shown.map((item) => (
            <li key={`${item.kind}-${item.id}`}>
              <ItemLink item={item} />
            </li>
          ))}
        </ul>
      )}
      {items.length > ITEMS_SHOWN && (
        <Button
          subtle={true}
          text={all ? "Show fewer" : `Show all ${items.length}`}
          onClick={() => setAll(!all)}
          ariaExpanded={all}
        />
      )}
    </div>
  );
}

function Criterion(props: { criterion: CriterionResult }): JSX.Element {
  const c = props.criterion;
  const headingId = `qt-criterion-${c.id}`;
  return (
    <li className="qt-criterion" aria-labelledby={headingId} data-criterion={c.id}>
      <div className="flex-row flex-center qt-criterion-head">
        <h2 className="title-s qt-criterion-title" id={headingId}>
          {c.id} · {c.title}
        </h2>
        <StatusPill status={c.status} />
      </div>
      {c.reasons.length === 0 ? (
        <p className="secondary-text">Nothing to add.</p>
      ) : (
        <ul className="qt-reasons">
          {c.reasons.map((r, i) => (
            <li key={`${r.code}-${i}`} data-reason={r.code}>
              <span>{r.message}</span>
              <ReasonItems reason={r} />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function CriteriaTab(props: { assessment: Assessment }): JSX.Element {
  const { assessment } = props;
  return (
    <div>
      {assessment.problems.length > 0 && (
        <div className="qt-problems" role="note">
          <h2 className="title-s">Why it cannot be fully assessed</h2>
          <ul>
            {assessment.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <ul className="qt-criteria" aria-label="Exit criteria">
        {assessment.criteria.map((c) => (
          <Criterion key={c.id} criterion={c} />
        ))}
      </ul>
    </div>
  );
}

const pct = (n: number) => `${n.toFixed(n % 1 === 0 ? 0 : 1)}%`;

const COVERAGE_COLUMNS: SimpleColumn<SuiteCoverage>[] = [
  {
    id: "suite",
    name: "Suite",
    width: 30,
    render: (s) => `${s.planName ?? `Plan ${s.planId}`} › ${s.suiteName ?? `Suite ${s.suiteId}`}`,
  },
  { id: "planned", name: "Planned", width: 8, render: (s) => s.planned },
  { id: "passed", name: "Passed", width: 8, render: (s) => s.passed },
  { id: "failed", name: "Failed", width: 8, render: (s) => s.failed },
  { id: "blocked", name: "Blocked", width: 8, render: (s) => s.blocked },
  { id: "notRun", name: "Not run", width: 8, render: (s) => s.notRun },
  { id: "waived", name: "Waived", width: 8, render: (s) => s.waived },
  { id: "execution", name: "Executed", width: 10, render: (s) => pct(s.executionPercent) },
  { id: "completion", name: "Complete (E4)", width: 12, render: (s) => pct(s.completionPercent) },
];

/** In place of figures whose read did not complete: never a 0 that was not read. */
function NotCounted(props: { what: string; problems: readonly string[] }): JSX.Element {
  return (
    <Empty
      title={`Not counted: the ${props.what} were not read completely`}
      text={`${props.problems[0] ?? "A read did not complete."} Reload when Azure DevOps answers again.`}
      icon="Warning"
    />
  );
}

export function CoverageTab(props: { assessment: Assessment }): JSX.Element {
  const { coverage, coverageBySuite } = props.assessment;
  if (!props.assessment.counted.points) return <NotCounted what="test points" problems={props.assessment.problems} />;
  return (
    <div>
      <p className="qt-coverage-summary" data-testid="coverage-summary">
        {coverage.planned} planned · {coverage.executed} executed ({pct(coverage.executionPercent)}) · {coverage.passed}{" "}
        passed · {coverage.failed} failed · {coverage.blocked} blocked · {coverage.notRun} not run · {coverage.waived}{" "}
        waived · E4 complete {pct(coverage.completionPercent)}
      </p>
      {coverageBySuite.length === 0 ? (
        <Empty
          title="No test points"
          text="No planned test points were found in this participant-role's test plans. Check the plans in settings."
          icon="TestPlan"
        />
      ) : (
        <SimpleTable ariaLabel="Coverage by suite" columns={COVERAGE_COLUMNS} items={coverageBySuite} />
      )}
    </div>
  );
}

type SeverityFilter = "all" | "1" | "2" | "3" | "4" | "5" | "unclassified";

const SEVERITY_ORDER = (s: Severity) => (s === "unclassified" ? 0 : s);

const DEFECT_COLUMNS: SimpleColumn<AssessedDefect>[] = [
  { id: "id", name: "Work item", width: 10, render: (d) => <ItemLink item={d} /> },
  { id: "title", name: "Title", width: 40, render: (d) => d.title },
  {
    id: "severity",
    name: "Severity",
    width: 14,
    render: (d) => `${severityLabel(d.severity)} (${d.severityValue || "no value"})`,
  },
  { id: "state", name: "State", width: 12, render: (d) => d.state },
  {
    id: "mitigation",
    name: "Mitigation",
    width: 20,
    render: (d) =>
      d.agreement === "not-needed"
        ? "—"
        : `${d.hasImpact ? "impact ✓" : "no impact"} · ${d.hasMitigation ? "plan ✓" : "no plan"} · agreement ${d.agreement}`,
  },
];

export function DefectsTab(props: { assessment: Assessment }): JSX.Element {
  if (!props.assessment.counted.defects) return <NotCounted what="defects" problems={props.assessment.problems} />;
  return <CountedDefects assessment={props.assessment} />;
}

function CountedDefects(props: { assessment: Assessment }): JSX.Element {
  const [filter, setFilter] = React.useState<SeverityFilter>("all");
  const { defects, defectCounts } = props.assessment;
  const outstanding = React.useMemo(
    () =>
      defects
        .filter((d) => d.outstanding)
        .sort((a, b) => SEVERITY_ORDER(a.severity) - SEVERITY_ORDER(b.severity) || a.id - b.id),
    [defects],
  );
  const shown = React.useMemo(
    () => (filter === "all" ? outstanding : outstanding.filter((d) => String(d.severity) === filter)),
    [outstanding, filter],
  );
  const choices: { id: SeverityFilter; text: string }[] = [
    { id: "all", text: `All (${outstanding.length})` },
    ...defectCounts
      .filter((c) => c.outstanding > 0)
      .map((c) => ({
        id: String(c.severity) as SeverityFilter,
        text: `${severityLabel(c.severity)} (${c.outstanding})`,
      })),
  ];
  return (
    <div>
      <table className="qt-counts" aria-label="Defects by severity">
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Outstanding</th>
            <th scope="col">Closed</th>
          </tr>
        </thead>
        <tbody>
          {defectCounts.map((c) => (
            <tr key={String(c.severity)}>
              <th scope="row">{severityLabel(c.severity)}</th>
              <td>{c.outstanding}</td>
              <td>{c.closed}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {outstanding.length === 0 ? (
        <Empty
          title="No outstanding defects"
          text="Every defect in this participant-role's scope is closed or removed."
          icon="CheckMark"
        />
      ) : (
        <>
          <ChoiceGroup<SeverityFilter> label="Severity" choices={choices} selected={filter} onChange={setFilter} />
          <SimpleTable ariaLabel="Outstanding defects" columns={DEFECT_COLUMNS} items={shown} />
        </>
      )}
    </div>
  );
}

const AUDIT_COLUMNS: SimpleColumn<AuditEntry>[] = [
  { id: "at", name: "When", width: 16, render: (e) => formatWhen(e.at) },
  {
    id: "by",
    name: "Who",
    width: 18,
    render: (e) => e.by.displayName + (e.by.uniqueName ? ` (${e.by.uniqueName})` : ""),
  },
  { id: "action", name: "What", width: 14, render: (e) => e.action },
  { id: "subject", name: "Subject", width: 16, render: (e) => e.subject },
  { id: "detail", name: "Detail", width: 36, render: (e) => e.detail },
];

export function AuditTab(props: { entries: readonly AuditEntry[]; verified: boolean }): JSX.Element {
  const newestFirst = React.useMemo(() => [...props.entries].reverse(), [props.entries]);
  return (
    <div>
      <p className="qt-audit-status" data-testid="audit-status">
        {props.verified
          ? `Hash chain verified: ${props.entries.length} ${props.entries.length === 1 ? "entry" : "entries"}, none changed, removed or reordered.`
          : "The hash chain did not verify: these entries cannot be trusted."}
      </p>
      {newestFirst.length === 0 ? (
        <Empty
          title="Nothing recorded yet"
          text="Waivers, mitigation agreements, entry checklist changes and sign-offs appear here as they are recorded."
          icon="History"
        />
      ) : (
        <SimpleTable ariaLabel="Audit log, newest first" columns={AUDIT_COLUMNS} items={newestFirst} />
      )}
    </div>
  );
}

type HistoryRow = {
  key: string;
  window: string;
  end: string;
  outcome: string;
  reports: number;
  lastReport?: { sha256: string; submittedAt: string; submittedBy: string; verdictAtSubmission: string };
  decisions: string;
};

const OUTCOME_TEXT: Record<NonNullable<Assessment["earlierWindows"]>[number]["outcome"], string> = {
  qualified: "Qualified",
  returned: "Returned with findings",
  refused: "Sign-off refused",
  "under-review": "Not signed off",
  "not-submitted": "No report submitted",
};

const HISTORY_COLUMNS: SimpleColumn<HistoryRow>[] = [
  { id: "window", name: "Window", width: 18, render: (r) => r.window },
  { id: "end", name: "Execution end", width: 10, render: (r) => r.end },
  { id: "outcome", name: "How it ended", width: 16, render: (r) => r.outcome },
  { id: "reports", name: "Reports", width: 6, render: (r) => r.reports },
  {
    id: "last",
    name: "Last report",
    width: 30,
    render: (r) =>
      r.lastReport ? (
        <span title={r.lastReport.sha256}>
          <code className="qt-sha">{r.lastReport.sha256.slice(0, 16)}…</code>, {formatWhen(r.lastReport.submittedAt)} by{" "}
          {r.lastReport.submittedBy} ({r.lastReport.verdictAtSubmission})
        </span>
      ) : (
        "None"
      ),
  },
  { id: "decisions", name: "Decisions", width: 24, render: (r) => r.decisions },
];

const DECISION_WORDS = {
  pending: "pending",
  accepted: "accepted",
  returned: "returned",
  approved: "signed off",
  rejected: "refused",
} as const;

/**
 * The participant-role's windows, earlier ones first (a re-entry follows entry again): how each ended, with its
 * last report and each body's decision on it; then this window, as it stands.
 */
export function HistoryTab(props: { assessment: Assessment }): JSX.Element {
  const a = props.assessment;
  const rows: HistoryRow[] = (a.earlierWindows ?? []).map((w) => ({
    key: w.id,
    window: `${w.name} (${w.id})`,
    end: w.executionEnd ?? "",
    outcome: OUTCOME_TEXT[w.outcome],
    reports: w.reports,
    lastReport: w.lastReport ?? undefined,
    decisions: w.decisions.map((d) => `${d.body} ${DECISION_WORDS[d.status]}`).join("; "),
  }));
  const current = a.submissions.at(-1);
  rows.push({
    key: a.window?.id ?? "current",
    window: a.window ? `${a.window.name} (${a.window.id}), this window` : "This route",
    end: a.window?.executionEnd ?? "",
    outcome: `${a.stage.label} (now)`,
    reports: a.submissions.length,
    lastReport: current,
    decisions: a.signOffs.map((d) => `${d.body} ${DECISION_WORDS[d.status]}`).join("; "),
  });
  return (
    <div>
      <p>
        {(a.earlierWindows ?? []).length === 0
          ? "This is the participant-role's first window."
          : `Earlier windows: ${(a.earlierWindows ?? []).length}. Entry, approvals and reports count per window: a re-entry follows every entry criterion again (QA&P §11.3.3).`}
      </p>
      <SimpleTable ariaLabel="Windows, oldest first" columns={HISTORY_COLUMNS} items={rows} />
    </div>
  );
}
