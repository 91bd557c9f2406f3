/**
 * The submitted (immutable) snapshots of a participant-role in a window, newest first: who submitted each, when,
 * the verdict it showed and its SHA-256 (short, the full hash in a tooltip and a copy button), each downloadable as
 * JSON. Two can be selected for comparison.
 */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { Card } from "azure-devops-ui/Card";
import { Checkbox } from "azure-devops-ui/Checkbox";
import { ClipboardButton } from "azure-devops-ui/Clipboard";
import { ReportSubmission } from "../../../core/approvals";
import { Verdict, VERDICTS } from "../../../core/assessment";
import { CompletionReport, renderJson } from "../../../core/report";
import { VerdictPill } from "../../../ui/VerdictPill";
import { saveFile } from "../../../ui/save-file";
import { reportFileName } from "./downloads";
import { formatTimestamp, shortSha } from "./format";
import "../../../ui/visually-hidden.css";

export interface SnapshotRow {
  sha256: string;
  /** The verified report; undefined when the snapshot is missing or was changed after it was stored. */
  report?: CompletionReport;
  /** Why the snapshot cannot be used (missing, tampered). */
  problem?: string;
  /** The submission record, when the snapshot was submitted (a stored snapshot may lack one). */
  submission?: ReportSubmission;
}

const asVerdict = (code: string | undefined): Verdict | undefined => VERDICTS.find((v) => v === code);

/** Newest first: by submission time, else by when the report was generated. */
export function sortSnapshots(rows: SnapshotRow[]): SnapshotRow[] {
  const when = (r: SnapshotRow) => r.submission?.submittedAt ?? r.report?.generatedAt ?? "";
  return [...rows].sort((a, b) => when(b).localeCompare(when(a)) || a.sha256.localeCompare(b.sha256));
}

export interface SnapshotListProps {
  rows: SnapshotRow[];
  selected: readonly string[];
  onToggle(sha256: string, checked: boolean): void;
  onCompare(): void;
  onClearComparison?: () => void;
}

export function SnapshotList(props: SnapshotListProps): JSX.Element {
  const { rows, selected } = props;
  return (
    <Card
      className="qt-report-card"
      titleProps={{ text: "Submitted snapshots", ariaLevel: 2 }}
      contentProps={{ contentPadding: true }}
    >
      <div className="qt-report-snapshots">
        {rows.length === 0 ? (
          <p>No report has been submitted for this participant-role and window yet.</p>
        ) : (
          <>
            <p className="qt-secondary-text">
              Each snapshot is stored under its SHA-256 and never changed; every listed one was checked against its hash
              when it was read. Select two to compare them.
            </p>
            <table className="qt-report-table">
              <caption className="qt-visually-hidden">Submitted snapshots, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Compare</th>
                  <th scope="col">Submitted</th>
                  <th scope="col">By</th>
                  <th scope="col">Verdict</th>
                  <th scope="col">SHA-256</th>
                  <th scope="col">Download</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => {
                  const verdict = asVerdict(row.submission?.verdictAtSubmission ?? row.report?.verdict.code);
                  const when = row.submission?.submittedAt ?? row.report?.generatedAt;
                  const label = `snapshot ${shortSha(row.sha256)}${when ? ` of ${formatTimestamp(when)}` : ""}`;
                  return (
                    <tr key={row.sha256} data-sha256={row.sha256}>
                      <td>
                        <Checkbox
                          checked={selected.includes(row.sha256)}
                          disabled={!row.report}
                          ariaLabel={`Select ${label} for comparison`}
                          onChange={(_e, checked) => props.onToggle(row.sha256, checked)}
                        />
                      </td>
                      <td>
                        {when ? formatTimestamp(when) : "—"}
                        {!row.submission && row.report && (
                          <div className="qt-secondary-text">stored, not submitted</div>
                        )}
                      </td>
                      <td>{row.submission?.submittedBy.displayName ?? "—"}</td>
                      <td>
                        {verdict ? (
                          <span className="qt-report-pill">
                            <VerdictPill verdict={verdict} />
                          </span>
                        ) : (
                          (row.submission?.verdictAtSubmission ?? "—")
                        )}
                        {row.problem && <div className="qt-error-text">{row.problem}</div>}
                      </td>
                      <td>
                        <span className="qt-report-sha">
                          <code title={row.sha256} aria-label={`SHA-256 ${row.sha256}`}>
                            {shortSha(row.sha256)}…
                          </code>
                          <ClipboardButton
                            ariaLabel={`Copy the full SHA-256 of ${label}`}
                            getContent={() => row.sha256}
                            showCopiedTooltip={true}
                            subtle={true}
                          />
                        </span>
                      </td>
                      <td>
                        <Button
                          text="JSON"
                          subtle={true}
                          iconProps={{ iconName: "Download" }}
                          ariaLabel={`Download ${label} as JSON`}
                          disabled={!row.report}
                          onClick={() => {
                            if (row.report)
                              saveFile(
                                reportFileName(row.report, "json").replace(/\.json$/, `-${shortSha(row.sha256)}.json`),
                                "application/json;charset=utf-8",
                                renderJson(row.report),
                              );
                          }}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <div className="qt-report-actions">
              <Button
                text="Compare selected"
                iconProps={{ iconName: "BranchCompare" }}
                disabled={selected.length !== 2}
                ariaDescribedBy="qt-report-compare-hint"
                onClick={props.onCompare}
              />
              {props.onClearComparison && (
                <Button text="Close comparison" subtle={true} onClick={props.onClearComparison} />
              )}
              <span id="qt-report-compare-hint" className="qt-secondary-text">
                {selected.length === 2
                  ? "Two snapshots selected."
                  : `Select two snapshots (${selected.length} selected).`}
              </span>
            </div>
          </>
        )}
      </div>
    </Card>
  );
}
