/** Small presentational pieces the detail view's tabs share. */
import * as React from "react";
import { Pill, PillVariant } from "azure-devops-ui/Pill";
import { ITableColumn, SimpleTableCell, Table } from "azure-devops-ui/Table";
import { ArrayItemProvider } from "azure-devops-ui/Utilities/Provider";
import { IListSelection } from "azure-devops-ui/List";
import { IColor } from "azure-devops-ui/Utilities/Color";
import { ZeroData } from "azure-devops-ui/ZeroData";
import { CriterionStatus, ItemRef } from "../../../core/assessment";
import { itemLabel } from "../../../core/item-names";
import { ExternalLink } from "../../../ui/ExternalLink";

const GREEN: IColor = { red: 16, green: 124, blue: 16 };
const RED: IColor = { red: 205, green: 74, blue: 69 };
const AMBER: IColor = { red: 214, green: 127, blue: 60 };
const GREY: IColor = { red: 118, green: 118, blue: 118 };

const STATUS: Record<CriterionStatus, { label: string; color: IColor }> = {
  met: { label: "Met", color: GREEN },
  unmet: { label: "Not met", color: RED },
  pending: { label: "Pending", color: AMBER },
  unknown: { label: "Unknown", color: GREY },
};

export function StatusPill(props: { status: CriterionStatus }): JSX.Element {
  const s = STATUS[props.status];
  return (
    <Pill color={s.color} variant={PillVariant.colored}>
      {s.label}
    </Pill>
  );
}

/**
 * A link to an ADO item, opening in a new tab; items without a URL show their id. A test point is named as an
 * assurer knows it: its test case's title and its configuration (the point id is in the tooltip).
 */
export function ItemLink(props: { item: ItemRef }): JSX.Element {
  const { item } = props;
  const label = itemLabel(item);
  const title =
    item.kind === "test-point" ? `${label} (test point ${item.id})` : item.title ? `${label}: ${item.title}` : label;
  if (!item.url) return <span title={title}>{label}</span>;
  return (
    <ExternalLink className="qt-link" href={item.url} title={`${title} (opens in a new tab)`}>
      {label}
    </ExternalLink>
  );
}

export function formatWhen(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export interface SimpleColumn<T> {
  id: string;
  name: string;
  /** Proportional width (the columns' widths are shares of the table's). */
  width: number;
  render(item: T): React.ReactNode;
}

/** An azure-devops-ui Table of plain cells, each rendered by the column. */
export function SimpleTable<T extends object>(props: {
  ariaLabel: string;
  columns: SimpleColumn<T>[];
  items: readonly T[];
  /** Extra columns placed first (e.g. a ColumnSelect). */
  leading?: ITableColumn<T>[];
  selection?: IListSelection;
  className?: string;
}): JSX.Element {
  const { columns, items, leading = [], selection } = props;
  const tableColumns = React.useMemo<ITableColumn<T>[]>(
    () => [
      ...leading,
      ...columns.map((c): ITableColumn<T> => ({
        id: c.id,
        name: c.name,
        width: -c.width,
        renderCell: (rowIndex, columnIndex, tableColumn, item) => (
          <SimpleTableCell key={`${c.id}-${rowIndex}`} columnIndex={columnIndex} tableColumn={tableColumn}>
            <div className="qt-cell">{c.render(item)}</div>
          </SimpleTableCell>
        ),
      })),
    ],
    // Columns are rebuilt when their definitions change identity; the leading columns are stable objects.
    [columns, leading],
  );
  const provider = React.useMemo(() => new ArrayItemProvider<T>([...items]), [items]);
  return (
    <Table<T>
      ariaLabel={props.ariaLabel}
      className={props.className}
      columns={tableColumns}
      itemProvider={provider}
      selection={selection}
      selectableText={true}
      showLines={true}
      virtualize={false}
      containerClassName="qt-table"
    />
  );
}

export function Section(props: { title: string; children: React.ReactNode; id?: string }): JSX.Element {
  return (
    <section className="qt-section" aria-labelledby={props.id}>
      <h2 className="qt-section-title title-s" id={props.id}>
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

/** What a tab shows instead of an empty table: what is missing and what it means. */
export function Empty(props: { title: string; text: string; icon: string }): JSX.Element {
  return (
    <ZeroData
      imageAltText=""
      primaryText={props.title}
      secondaryText={props.text}
      iconProps={{ iconName: props.icon }}
    />
  );
}
