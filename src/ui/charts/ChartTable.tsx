/**
 * A trend chart's data as a table: caption, a column per series, a row per day (the date its row header), "no data"
 * where a series has none that day, and the markers and band in words under it. The chart's "Show as table"
 * alternative, and usable on its own (print, the report's preview). Scrolls inside a focusable box when long.
 */
import * as React from "react";
import { ChartBand, ChartMarker, ChartSeries, chartTable } from "../../core/charts/geometry";
import { IsoDate } from "../../core/calendar";
import { useChartId } from "./parts";
import "./charts.css";

export interface ChartTableProps {
  /** The caption (the chart's title). */
  title: string;
  dates: readonly IsoDate[];
  series: readonly ChartSeries[];
  markers?: readonly ChartMarker[];
  band?: ChartBand;
  className?: string;
}

export function ChartTable(props: ChartTableProps): JSX.Element {
  const id = useChartId("qtc-table");
  const { title, dates, series, markers, band } = props;
  const table = React.useMemo(
    () => chartTable({ title, description: "", dates, series, markers, band }),
    [title, dates, series, markers, band],
  );
  return (
    <div className={`qtc-table-wrap${props.className ? ` ${props.className}` : ""}`}>
      <div className="qtc-table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
        <table className="qtc-table">
          <caption id={`${id}-caption`}>{table.caption}</caption>
          <thead>
            <tr>
              {table.columns.map((c, i) => (
                <th key={i} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.length === 0 ? (
              <tr>
                <td colSpan={table.columns.length} className="qtc-no-data">
                  No days to show.
                </td>
              </tr>
            ) : (
              table.rows.map((r) => (
                <tr key={r.date}>
                  <th scope="row">
                    <time dateTime={r.date}>{r.label}</time>
                  </th>
                  {r.cells.map((c, i) =>
                    c === null ? (
                      <td key={i} className="qtc-num qtc-no-data">
                        no data
                      </td>
                    ) : (
                      <td key={i} className="qtc-num">
                        {c}
                      </td>
                    ),
                  )}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {table.notes.length > 0 && (
        <ul className="qtc-notes">
          {table.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
