/** The outline's approvals section: Code Body sign-off, QT entry criteria, earlier submissions. */
import { Block, plain, span } from "./document";
import { yesNo } from "./format";
import { ENTRY_STATUS_LABELS, SIGN_OFF_LABELS } from "./labels";
import { h2, h3, cols, instant, link, text } from "./outline-parts";
import { CompletionReport } from "./types";

export function approvals(report: CompletionReport): Block[] {
  const a = report.approvals;
  return [
    h2("approvals", "8. Approvals"),
    h3("approvals-sign-off", "Code Body sign-off"),
    {
      kind: "table",
      caption: "Code Body sign-off",
      columns: cols("Body", "Decision", "By", "At", "Note"),
      rows: a.signOffs.map((s) => [
        text(s.body),
        [
          span(SIGN_OFF_LABELS[s.status], {
            tone: s.status === "approved" ? "good" : s.status === "rejected" ? "bad" : "warn",
          }),
        ],
        text(s.by),
        instant(s.at),
        text(s.note),
      ]),
      empty: "No approving body is known for this role.",
    },
    h3("approvals-entry", "QT entry criteria"),
    { kind: "paragraph", content: plain(`Every must-have entry criterion accepted: ${yesNo(a.entryCriteriaMet)}.`) },
    {
      kind: "table",
      caption: "QT entry criteria",
      columns: cols("Item", "Title", "Necessity", "Status", "Evidence", "By", "At", "Note"),
      rows: a.entryChecklist.map((i) => [
        text(i.id),
        text(i.title),
        text(i.necessity === "must" ? "Must have" : "Good to have"),
        text(`${ENTRY_STATUS_LABELS[i.status]}${i.derived ? " (derived from ADO)" : ""}`),
        i.evidenceUrl ? link(i.evidenceUrl, i.evidenceUrl) : text(""),
        text(i.by),
        instant(i.at),
        text(i.note),
      ]),
      empty: "No entry criteria are defined.",
    },
    h3("approvals-submissions", "Submitted completion reports"),
    {
      kind: "table",
      caption: "Submitted completion reports",
      columns: cols("SHA-256", "Submitted at", "Submitted by", "Verdict at submission"),
      rows: a.submissions.map((s) => [
        [span(s.sha256, { code: true })],
        instant(s.submittedAt),
        text(s.submittedBy),
        text(s.verdictAtSubmission),
      ]),
      empty: "No completion report has been submitted for this participant-role and window yet.",
    },
    ...earlierWindows(report),
  ];
}

const OUTCOME_TEXT = {
  qualified: "Qualified",
  returned: "Returned with findings",
  refused: "Sign-off refused",
  "under-review": "Not signed off",
  "not-submitted": "No report submitted",
} as const;

/** The participant-role's earlier windows: how each ended, with its last report (a re-entry names earlier attempts). */
function earlierWindows(report: CompletionReport): Block[] {
  const list = report.approvals.earlierWindows;
  if (!list) return [];
  return [
    h3("approvals-earlier", "Earlier windows"),
    {
      kind: "table",
      caption: "Earlier windows",
      columns: cols("Window", "Execution end", "Outcome", "Reports", "Last report", "Decisions"),
      rows: list.map((w) => [
        text(`${w.name} (${w.id})`),
        text(w.executionEnd ?? ""),
        text(OUTCOME_TEXT[w.outcome]),
        text(w.reports),
        w.lastReport ? [span(w.lastReport.sha256, { code: true })] : text(""),
        text(w.decisions.map((d) => `${d.body}: ${SIGN_OFF_LABELS[d.status]}${d.by ? ` (${d.by})` : ""}`).join("; ")),
      ]),
      empty: "This is the participant-role's first window.",
    },
  ];
}
