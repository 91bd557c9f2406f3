/**
 * The participant-roles of the portfolio, one row each, sortable by every column (the sort is kept in the URL).
 * azure-devops-ui's Table virtualises rows, and rows are memoised on the assessments, so ~200 stay responsive.
 * A row opens the participant-role's detail on Enter or a click.
 */
import * as React from "react";
import { ArrayItemProvider } from "azure-devops-ui/Utilities/Provider";
import {
  ColumnJustification,
  ColumnSorting,
  ITableColumn,
  SimpleTableCell,
  SortOrder,
  Table,
  TwoLineTableCell,
} from "azure-devops-ui/Table";
import { VERDICT_LABELS } from "../../../core/assessment";
import { ExecutionBar } from "../../../ui/ExecutionBar";
import { VerdictPill } from "../../../ui/VerdictPill";
import { StageBadge } from "../../../ui/StageTrack";
import {
  FORECAST_FILTER_LABELS,
  ForecastCell,
  PHASE_LABELS,
  PortfolioRow,
  SortColumnId,
  SortState,
  daysLeftText,
} from "./portfolio-model";

const FORECAST_TONES: Readonly<Record<string, string>> = {
  "will-miss": "qt-forecast-bad",
  "window-closed": "qt-forecast-bad",
  "at-risk": "qt-forecast-warn",
  "on-track": "qt-forecast-good",
  finished: "qt-forecast-good",
};

/** The forecast in a word, its sentence and rule on hover and for screen readers. */
function ForecastBadge({ cell }: { cell: ForecastCell }): JSX.Element {
  if (cell.kind === "reading")
    return (
      <span className="qt-secondary-text" title="The forecast is read once every verdict is in">
        …<span className="qt-visually-hidden"> forecast being read</span>
      </span>
    );
  if (cell.kind === "unavailable")
    return (
      <span className="qt-secondary-text" title={cell.reason}>
        {FORECAST_FILTER_LABELS.unavailable}
        <span className="qt-visually-hidden">: {cell.reason}</span>
      </span>
    );
  const f = cell.forecast;
  const title = `${f.summary} ${f.rule}`;
  return (
    <span className={`qt-forecast ${FORECAST_TONES[f.status] ?? "qt-secondary-text"}`} title={title}>
      {FORECAST_FILTER_LABELS[f.status]}
      <span className="qt-visually-hidden">: {f.summary}</span>
    </span>
  );
}

export interface PortfolioTableProps {
  rows: PortfolioRow[];
  sort: SortState;
  onSort(sort: SortState): void;
  onOpen(participantRole: string): void;
}

type Cell = (row: PortfolioRow) => React.ReactNode;

interface ColumnSpec {
  id: SortColumnId;
  name: string;
  /** Positive: pixels; negative: a share of what is left. */
  width: number;
  numeric?: boolean;
  /** Said to screen readers instead of the short visible header. */
  ariaLabel?: string;
  cell?: Cell;
  twoLine?: (row: PortfolioRow) => [React.ReactNode, React.ReactNode];
}

function count(n: number, tone: "error" | "warning"): React.ReactNode {
  return n > 0 ? <span className={tone === "error" ? "qt-error-text" : "qt-warning-text"}>{n}</span> : "0";
}

/** A figure whose read failed: never a 0 that was not read. */
function notCounted(what: "defects" | "test points"): React.ReactNode {
  return (
    <span className="qt-secondary-text" title={`Not counted: the ${what} were not read completely`}>
      —<span className="qt-visually-hidden"> not counted</span>
    </span>
  );
}

const ifDefects = (r: PortfolioRow, cell: () => React.ReactNode) =>
  r.assessment.counted.defects ? cell() : notCounted("defects");
const ifPoints = (r: PortfolioRow, cell: () => React.ReactNode) =>
  r.assessment.counted.points ? cell() : notCounted("test points");

const SPECS: ColumnSpec[] = [
  {
    id: "key",
    name: "Participant-role",
    width: -35,
    twoLine: (r) => [
      <span className="qt-pr-key" key="k">
        {r.key}
      </span>,
      <span className="qt-secondary-text" key="n">
        {r.assessment.participantName}
      </span>,
    ],
  },
  {
    id: "role",
    name: "Role",
    width: -20,
    cell: (r) => (
      <span className="text-ellipsis" title={`${r.assessment.roleName} (${r.assessment.roleCode})`}>
        {r.assessment.roleName} ({r.assessment.roleCode})
      </span>
    ),
  },
  {
    id: "verdict",
    name: "Verdict",
    width: 200,
    twoLine: (r) => {
      const a = r.assessment;
      const label = `${VERDICT_LABELS[a.verdict]}: `;
      const summary = a.summary.startsWith(label) ? a.summary.slice(label.length) : a.summary;
      const why = a.verdict === "cannot-assess" ? (a.problems[0] ?? summary) : summary;
      return [
        <VerdictPill key="p" verdict={a.verdict} />,
        <span className="qt-secondary-text qt-verdict-why" title={why} key="w">
          {why}
        </span>,
      ];
    },
  },
  {
    id: "stage",
    name: "Stage",
    width: 170,
    cell: (r) => <StageBadge stage={r.assessment.stage} />,
  },
  {
    id: "forecast",
    name: "Forecast",
    ariaLabel: "Execution forecast",
    width: 150,
    cell: (r) => <ForecastBadge cell={r.forecast} />,
  },
  {
    id: "execution",
    name: "Execution",
    width: 150,
    cell: (r) =>
      ifPoints(r, () => (
        <ExecutionBar
          executed={r.assessment.coverage.executed}
          planned={r.assessment.coverage.planned}
          percent={r.assessment.coverage.executionPercent}
        />
      )),
  },
  {
    id: "sev1",
    name: "Sev1",
    ariaLabel: "Sev1 outstanding",
    width: 70,
    numeric: true,
    cell: (r) => ifDefects(r, () => count(r.sev1, "error")),
  },
  {
    id: "sev2",
    name: "Sev2",
    ariaLabel: "Sev2 outstanding",
    width: 70,
    numeric: true,
    cell: (r) => ifDefects(r, () => count(r.sev2, "error")),
  },
  {
    id: "unclassified",
    name: "Unclassified",
    ariaLabel: "Unclassified outstanding (counts as Sev1)",
    width: 100,
    numeric: true,
    cell: (r) => ifDefects(r, () => count(r.unclassified, "error")),
  },
  {
    id: "mitigation",
    name: "Sev3/4 unmitigated",
    ariaLabel: "Sev3/4 unmitigated: outstanding Sev3 and Sev4 awaiting mitigation",
    width: 140,
    numeric: true,
    cell: (r) => ifDefects(r, () => count(r.assessment.mitigationGaps, "warning")),
  },
  {
    id: "waivers",
    name: "Waivers pending",
    width: 125,
    numeric: true,
    cell: (r) =>
      ifPoints(r, () => {
        const { missing, stale } = r.assessment.waivers;
        return (
          <span title={stale > 0 ? `${missing} missing, ${stale} stale (approve again)` : `${missing} missing`}>
            {count(r.waiversPending, "warning")}
          </span>
        );
      }),
  },
  {
    id: "days",
    name: "Days left",
    ariaLabel: "Days left in the window",
    width: 110,
    numeric: true,
    cell: (r) => {
      const w = r.assessment.window;
      return (
        <span title={w ? `${w.name}: ${PHASE_LABELS[w.phase] ?? w.phase}` : "No window"}>
          {daysLeftText(r.assessment)}
        </span>
      );
    },
  },
];

function buildColumns(sort: SortState): ITableColumn<PortfolioRow>[] {
  return SPECS.map((spec) => ({
    id: spec.id,
    name: spec.name,
    ariaLabel: spec.ariaLabel,
    className: `qt-col-${spec.id}`,
    width: spec.width,
    readonly: true,
    justification: spec.numeric ? ColumnJustification.Right : ColumnJustification.Left,
    sortProps: {
      sortOrder: sort.column === spec.id ? (sort.descending ? SortOrder.descending : SortOrder.ascending) : undefined,
    },
    // The Table passes the row's 1-based aria-rowindex (after the header row); the 0-based rowIndex is not one.
    renderCell: (_rowIndex, columnIndex, tableColumn, row, ariaRowIndex) =>
      spec.twoLine ? (
        <TwoLineTableCell
          key={`col-${columnIndex}`}
          columnIndex={columnIndex}
          tableColumn={tableColumn}
          ariaRowIndex={ariaRowIndex}
          line1={spec.twoLine(row)[0]}
          line2={spec.twoLine(row)[1]}
        />
      ) : (
        <SimpleTableCell
          key={`col-${columnIndex}`}
          columnIndex={columnIndex}
          tableColumn={tableColumn}
          ariaRowIndex={ariaRowIndex}
        >
          {spec.cell?.(row)}
        </SimpleTableCell>
      ),
  }));
}

export const PortfolioTable = React.memo(function PortfolioTable({ rows, sort, onSort, onOpen }: PortfolioTableProps) {
  const columns = React.useMemo(() => buildColumns(sort), [sort]);
  const items = React.useMemo(() => new ArrayItemProvider(rows), [rows]);
  // The behaviour reads the latest callbacks through refs, so it is made once (the Table keeps its behaviours).
  const latest = React.useRef({ sort, onSort });
  latest.current = { sort, onSort };
  const sorting = React.useMemo(
    () =>
      new ColumnSorting<PortfolioRow>((columnIndex, proposed) => {
        const id = SPECS[columnIndex]?.id;
        if (!id) return;
        latest.current.onSort({ column: id, descending: proposed === SortOrder.descending });
      }),
    [],
  );
  const behaviors = React.useMemo(() => [sorting], [sorting]);
  return (
    <Table<PortfolioRow>
      className="qt-portfolio-table"
      ariaLabel="Participant-roles"
      columns={columns}
      itemProvider={items}
      behaviors={behaviors}
      onActivate={(_event, row) => onOpen(row.data.key)}
      selectRowOnClick={false}
      singleClickActivation={true}
      pageSize={20}
    />
  );
});
