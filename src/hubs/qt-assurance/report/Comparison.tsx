/**
 * Two submitted snapshots side by side: what improved, regressed, appeared and disappeared between the older and
 * the newer (compareReports, pure), each change with its before and after values.
 */
import * as React from "react";
import { Card } from "azure-devops-ui/Card";
import { CompletionReport, ReportChange, ReportComparison, compareReports, isUnchanged } from "../../../core/report";
import { formatTimestamp, shortSha } from "./format";

const SECTIONS: readonly { key: keyof ReportComparison; title: string; className: string }[] = [
  { key: "improved", title: "Improved", className: "qt-report-change-improved" },
  { key: "regressed", title: "Regressed", className: "qt-report-change-regressed" },
  { key: "appeared", title: "Appeared", className: "qt-report-change-appeared" },
  { key: "disappeared", title: "Disappeared", className: "qt-report-change-disappeared" },
  { key: "changed", title: "Changed (neither better nor worse)", className: "qt-report-change-neutral" },
];

const AREA_LABEL: Readonly<Record<ReportChange["area"], string>> = {
  verdict: "Verdict",
  criterion: "Criterion",
  count: "Count",
  defect: "Defect",
  waiver: "Waiver",
};

export interface ComparedSnapshot {
  sha256: string;
  report: CompletionReport;
}

export function SnapshotComparison(props: { older: ComparedSnapshot; newer: ComparedSnapshot }): JSX.Element {
  const { older, newer } = props;
  const comparison = React.useMemo(() => compareReports(older.report, newer.report), [older, newer]);
  return (
    <Card
      className="qt-report-card"
      titleProps={{ text: "Comparison of two snapshots", ariaLevel: 2 }}
      contentProps={{ contentPadding: true }}
    >
      <div className="qt-report-comparison">
        <p>
          From the report generated <strong>{formatTimestamp(older.report.generatedAt)}</strong> (
          <code title={older.sha256}>{shortSha(older.sha256)}</code>, {older.report.verdict.label}) to the one generated{" "}
          <strong>{formatTimestamp(newer.report.generatedAt)}</strong> (
          <code title={newer.sha256}>{shortSha(newer.sha256)}</code>, {newer.report.verdict.label}).
        </p>
        {isUnchanged(comparison) ? (
          <p role="status">
            No differences in verdict, criteria, counts, defects or waivers between these two snapshots.
          </p>
        ) : (
          SECTIONS.map((s) => {
            const changes = comparison[s.key];
            if (changes.length === 0) return null;
            return (
              <section key={s.key} className={`qt-report-change-section ${s.className}`} aria-label={s.title}>
                <h3>
                  {s.title} ({changes.length})
                </h3>
                <ul>
                  {changes.map((c) => (
                    <li key={c.id} data-change-id={c.id}>
                      <span className="qt-secondary-text">{AREA_LABEL[c.area]}:</span> {c.subject}
                      {": "}
                      {c.before === null ? (
                        <span>now {c.after}</span>
                      ) : c.after === null ? (
                        <span>was {c.before}</span>
                      ) : (
                        <span>
                          {c.before} → {c.after}
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              </section>
            );
          })
        )}
      </div>
    </Card>
  );
}
