/**
 * Confirmation before a report is submitted: the snapshot is immutable and identified by its SHA-256, and — not
 * blocking — a warning when the report does not show E1–E4 met (such a submission leaves E5 pending).
 */
import * as React from "react";
import { Dialog } from "azure-devops-ui/Dialog";
import { CompletionReport } from "../../../core/report";

/** The QT criteria a submission should show met (E1–E4), unmet in this report. */
export function unmetBeforeSubmission(report: CompletionReport): string[] {
  return report.exitCriteria
    .filter((c) => ["E1", "E2", "E3", "E4"].includes(c.id) && c.status !== "met")
    .map((c) => c.id);
}

export interface SubmitDialogProps {
  report: CompletionReport;
  busy: boolean;
  onConfirm(): void;
  onDismiss(): void;
}

export function SubmitDialog({ report, busy, onConfirm, onDismiss }: SubmitDialogProps): JSX.Element {
  const unmet = unmetBeforeSubmission(report);
  const notReady = report.verdict.code !== "ready-to-submit" && report.verdict.code !== "exit-criteria-met";
  return (
    <Dialog
      titleProps={{ text: `Submit the QT Completion Report of ${report.scope.participantRole}?` }}
      onDismiss={onDismiss}
      ariaDescribedBy="qt-report-submit-text"
      footerButtonProps={[
        { text: "Cancel", onClick: onDismiss, disabled: busy },
        { text: busy ? "Submitting…" : "Submit report", primary: true, onClick: onConfirm, disabled: busy },
      ]}
      overlay={busy ? { spinnerLabel: "Submitting…" } : undefined}
    >
      <div id="qt-report-submit-text" className="qt-report-dialog">
        <p>
          Submitting stores this report as an <strong>immutable snapshot</strong>, identified by its{" "}
          <strong>SHA-256</strong>, and records the submission (who and when) in the participant-role&apos;s audit log.
          A snapshot is never changed or deleted: to correct it, submit a new one.
        </p>
        {(notReady || unmet.length > 0) && (
          <p className="qt-warning-text" role="alert">
            Warning: this report shows the verdict “{report.verdict.label}”
            {unmet.length > 0 ? ` and exit criteria ${unmet.join(", ")} not met` : ""}. You can still submit it, but a
            report that does not show E1–E4 met does not satisfy E5.
          </p>
        )}
      </div>
    </Dialog>
  );
}
