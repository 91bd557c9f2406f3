/**
 * The items behind a reason as a sortable table rather than a wall of links: test points by test case,
 * configuration, suite, outcome and latest run; defects by id, title, severity and state. Headers are buttons
 * (keyboard and screen readers: `aria-sort` says the order).
 */
import * as React from "react";
import { AssessedDefect, AssessedPoint, ItemRef } from "../../../core/assessment";
import { severityLabel } from "../../../core/severity";
import { ExternalLink } from "../../../ui/ExternalLink";
import { ItemLink } from "./ui";

interface Column<T> {
  id: string;
  name: string;
  /** The value rows are sorted by. */
  key: (item: T) => string | number;
  cell: (item: T) => React.ReactNode;
}

/** A point's test case work item, by id. */
export function TestCaseLink(props: { point: AssessedPoint }): JSX.Element {
  const p = props.point;
  return (
    <ExternalLink className="qt-link" href={p.testCaseUrl} title={`Test case ${p.testCaseId} (opens in a new tab)`}>
      {p.testCaseId}
    </ExternalLink>
  );
}

/** A point's latest run's result, or "never run". */
export function LatestRunLink(props: { point: AssessedPoint }): JSX.Element {
  const p = props.point;
  if (p.lastRunId === undefined) return <>never run</>;
  return (
    <ExternalLink className="qt-link" href={p.runUrl} title={`Run ${p.lastRunId}'s result (opens in a new tab)`}>
      Run {p.lastRunId}
    </ExternalLink>
  );
}

const POINT_COLUMNS: Column<AssessedPoint>[] = [
  {
    id: "point",
    name: "Test point",
    key: (p) => `${p.title} ${p.configurationName ?? ""}`,
    cell: (p) => <ItemLink item={p} />,
  },
  { id: "case", name: "Test case", key: (p) => p.testCaseId, cell: (p) => <TestCaseLink point={p} /> },
  { id: "suite", name: "Suite", key: (p) => p.suiteName ?? "", cell: (p) => p.suiteName ?? `Suite ${p.suiteId}` },
  { id: "outcome", name: "Outcome", key: (p) => p.outcome, cell: (p) => p.outcome },
  { id: "run", name: "Latest run", key: (p) => p.lastRunId ?? 0, cell: (p) => <LatestRunLink point={p} /> },
];

const DEFECT_COLUMNS: Column<AssessedDefect>[] = [
  { id: "defect", name: "Defect", key: (d) => d.id, cell: (d) => <ItemLink item={d} /> },
  { id: "title", name: "Title", key: (d) => d.title, cell: (d) => d.title },
  {
    id: "severity",
    name: "Severity",
    key: (d) => (d.severity === "unclassified" ? 0 : d.severity),
    cell: (d) => severityLabel(d.severity),
  },
  { id: "state", name: "State", key: (d) => d.state, cell: (d) => d.state },
];

function compare(a: string | number, b: string | number): number {
  return typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));
}

function Sortable<T extends ItemRef>(props: { items: readonly T[]; columns: Column<T>[]; label: string }) {
  const [sort, setSort] = React.useState<{ column: string; descending: boolean } | undefined>(undefined);
  const rows = React.useMemo(() => {
    const column = props.columns.find((c) => c.id === sort?.column);
    if (!column || !sort) return props.items;
    const sign = sort.descending ? -1 : 1;
    return [...props.items].sort((a, b) => sign * compare(column.key(a), column.key(b)) || compare(a.id, b.id));
  }, [props.items, props.columns, sort]);
  return (
    <table className="qt-items-table" aria-label={props.label}>
      <thead>
        <tr>
          {props.columns.map((c) => {
            const active = sort?.column === c.id;
            return (
              <th key={c.id} scope="col" aria-sort={active ? (sort.descending ? "descending" : "ascending") : "none"}>
                <button
                  type="button"
                  className="qt-items-sort"
                  onClick={() => setSort({ column: c.id, descending: active ? !sort.descending : false })}
                >
                  {c.name}
                  <span aria-hidden="true">{active ? (sort.descending ? " ▼" : " ▲") : ""}</span>
                </button>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {rows.map((item) => (
          <tr key={`${item.kind}-${item.id}`}>
            {props.columns.map((c) => (
              <td key={c.id}>{c.cell(item)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A table when every item is a test point or every item is a defect; undefined for a mixed or other list. */
export function itemsTable(items: readonly ItemRef[], label: string): JSX.Element | undefined {
  if (items.every((i) => i.kind === "test-point"))
    return <Sortable items={items as readonly AssessedPoint[]} columns={POINT_COLUMNS} label={label} />;
  if (items.every((i) => i.kind === "defect"))
    return <Sortable items={items as readonly AssessedDefect[]} columns={DEFECT_COLUMNS} label={label} />;
  return undefined;
}
