/**
 * The lifecycle stage of a participant-role in its window: where it stands between entry and qualified, from
 * the exit criteria and the Code Bodies' recorded decisions. Pure.
 *
 * The rules and where they come from (docs/lifecycle.md has the whole of it):
 * - Must-have entry criteria, accepted by a Code Body for this window, before execution counts (§11.3.3 "QT
 *   Entry Criteria").
 * - The report a body reviews and signs off is the one submitted last with E1–E4 met (§11.3.3 exit criteria,
 *   "QT Completion Report submitted to Code Bodies"); a body's decision counts only for that report's SHA-256.
 * - A body may return the report with findings (§11.5: "may raise observations or findings and request further
 *   submission"): the participant submits again.
 * - Qualified when every approver body signed off that report (§15: "both will need to individually approve")
 *   and the exit criteria are still met; anything that takes E1–E4 back reopens it.
 * - SIT route: the SIT completion report reviewed by the Code Bodies (S1), then every approver's approval (S2)
 *   (§11.2, §11.3 scenario 1).
 */
import { Approvals, SignOff } from "./approvals";
import { CriterionResult, EntryChecklistItem, SignOffState, Stage, StageId, StageStep, Verdict } from "./assessment";
import { GoverningBody } from "./roles";
import { Route } from "./settings";

export const STAGE_LABELS: Readonly<Record<StageId, string>> = {
  "cannot-assess": "Cannot assess",
  entry: "Entry",
  executing: "Executing",
  "ready-to-submit": "Ready to submit report",
  "sit-report-awaited": "SIT report awaited",
  "under-review": "Under Code Body review",
  returned: "Returned with findings",
  "signing-off": "Signing off",
  refused: "Sign-off refused",
  qualified: "Qualified",
};

/** Stages from furthest from qualified (or sent back) to qualified: the order a portfolio sorts them in. */
export const STAGE_ORDER: readonly StageId[] = [
  "cannot-assess",
  "returned",
  "refused",
  "entry",
  "sit-report-awaited",
  "executing",
  "ready-to-submit",
  "under-review",
  "signing-off",
  "qualified",
];

export const stageRank = (id: StageId): number => STAGE_ORDER.indexOf(id);

const QT_STEPS = ["Entry", "Executing", "Exit criteria met", "Report submitted", "Code Body review", "Qualified"];
const SIT_STEPS = ["SIT completion report", "Code Body review (S1)", "Approvals (S2)", "Qualified"];

/** Which step of the route each stage stands at. */
const QT_STEP_OF: Partial<Record<StageId, number>> = {
  entry: 0,
  executing: 1,
  "ready-to-submit": 2,
  "under-review": 4,
  returned: 4,
  "signing-off": 4,
  refused: 4,
  qualified: 5,
};
const SIT_STEP_OF: Partial<Record<StageId, number>> = {
  "sit-report-awaited": 0,
  "under-review": 1,
  returned: 1,
  "signing-off": 2,
  refused: 2,
  qualified: 3,
};

function stepsFor(route: Route, id: StageId): StageStep[] {
  const labels = route === "SIT" ? SIT_STEPS : QT_STEPS;
  const at = (route === "SIT" ? SIT_STEP_OF : QT_STEP_OF)[id];
  const failed = id === "returned" || id === "refused";
  return labels.map((label, i) => ({
    label,
    state:
      at === undefined
        ? "todo"
        : i < at || (id === "qualified" && i === at)
          ? "done"
          : i === at
            ? failed
              ? "failed"
              : "current"
            : "todo",
  }));
}

const list = (bodies: readonly string[]) =>
  bodies.length <= 1 ? bodies.join("") : `${bodies.slice(0, -1).join(", ")} and ${bodies[bodies.length - 1]}`;
const day = (iso: string | undefined) => (iso ?? "").slice(0, 10);

/** The decisions that stand: each approver's latest, unrevoked, on the report named (any report when none is). */
export function decisionsOn(
  signOffs: readonly SignOff[],
  participantRole: string,
  window: string,
  approvers: readonly GoverningBody[],
  reportSha256: string | undefined,
  route: Route,
): SignOffState[] {
  return approvers.map((body) => {
    let latest: SignOff | undefined;
    for (const s of signOffs) {
      if (s.participantRole !== participantRole || s.window !== window || s.body !== body || s.revoked) continue;
      // On the QT route a decision speaks only for the report it names; with no report submitted, none stands.
      if (route === "QT" && (reportSha256 === undefined || s.reportSha256 !== reportSha256)) continue;
      latest = s;
    }
    return latest
      ? {
          body,
          status: latest.decision,
          by: latest.by.displayName,
          at: latest.at,
          note: latest.note,
          ...(latest.reportSha256 ? { reportSha256: latest.reportSha256 } : {}),
        }
      : { body, status: "pending" };
  });
}

/** The report a QT-route review is about: the latest submitted while E1–E4 were met. */
export function reviewedSubmission(
  approvals: Approvals,
  participantRole: string,
  window: string,
): Approvals["submissions"][number] | undefined {
  let latest: Approvals["submissions"][number] | undefined;
  for (const s of approvals.submissions) {
    if (s.participantRole !== participantRole || s.window !== window) continue;
    if (s.verdictAtSubmission !== "ready-to-submit" && s.verdictAtSubmission !== "exit-criteria-met") continue;
    latest = s;
  }
  return latest;
}

export interface StageInputs {
  route: Route;
  verdict: Verdict;
  criteria: readonly CriterionResult[];
  entryChecklist: readonly EntryChecklistItem[];
  /** Each approver's standing decision (decisionsOn). */
  decisions: readonly SignOffState[];
  /** "all" (default): every approver must sign off; "any": one approver's sign-off is enough. */
  bodiesMustAgree: "all" | "any";
  submission?: { sha256: string; submittedAt: string; submittedBy: string };
  /** SIT route: the latest status recorded for the SIT completion report (S1), if any. */
  sitReport?: { status: string; by: string; at: string; note?: string };
}

/** The review and sign-off part, shared by both routes once there is something to review. */
function reviewStage(input: StageInputs, what: string): Omit<Stage, "steps" | "reopened"> {
  const { decisions } = input;
  const returned = decisions.filter((d) => d.status === "returned");
  const refused = decisions.filter((d) => d.status === "rejected");
  const approved = decisions.filter((d) => d.status === "approved");
  const undecided = decisions.filter((d) => d.status !== "approved");
  const stage = (id: StageId, detail: string, awaiting: GoverningBody[] = []) => ({
    id,
    label: STAGE_LABELS[id],
    detail,
    awaiting,
  });
  const says = (d: SignOffState) => `${d.body} (${d.by ?? "?"}, ${day(d.at)})${d.note ? `: ${d.note}` : ""}`;
  if (decisions.length === 0)
    return stage("under-review", `No body's sign-off is configured for this role, so it cannot be qualified.`);
  if (returned.length > 0)
    return stage(
      "returned",
      `${what} was returned with findings by ${returned.map(says).join("; ")}. ${input.route === "QT" ? "Submit the report again once they are addressed." : "The SIT completion report needs recording again once they are addressed."}`,
      returned.map((d) => d.body),
    );
  if (refused.length > 0)
    return stage(
      "refused",
      `Sign-off refused by ${refused.map(says).join("; ")}.`,
      refused.map((d) => d.body),
    );
  const enough = input.bodiesMustAgree === "any" ? approved.length > 0 : undecided.length === 0;
  if (enough)
    return stage(
      "qualified",
      input.route === "SIT"
        ? `The SIT completion report was accepted (S1) and ${list(approved.map((d) => d.body))} approved (S2): qualified.`
        : `${what} signed off by ${list(approved.map((d) => d.body))}: qualified${approved.length === 1 ? "" : " by every approver"}.`,
    );
  if (approved.length > 0 || decisions.some((d) => d.status === "accepted")) {
    const done = decisions.filter((d) => d.status !== "pending");
    return stage(
      "signing-off",
      `${list(done.map((d) => `${d.status === "approved" ? "signed off" : "accepted"} by ${d.body}`))}; awaiting ${list(undecided.map((d) => `${d.body}'s sign-off`))}.`,
      undecided.map((d) => d.body),
    );
  }
  return stage(
    "under-review",
    `${what} awaits review by ${list(decisions.map((d) => d.body))}.`,
    decisions.map((d) => d.body),
  );
}

/** The stage of a QT- or SIT-route participant-role, from what its assessment already decided. */
export function lifecycleStage(input: StageInputs): Stage {
  const finish = (partial: Omit<Stage, "steps" | "reopened">, reopened = false): Stage => ({
    ...partial,
    steps: stepsFor(input.route, partial.id),
    reopened,
  });
  const simple = (id: StageId, detail: string, reopened = false) =>
    finish({ id, label: STAGE_LABELS[id], detail, awaiting: [] }, reopened);

  if (input.verdict === "cannot-assess")
    return simple("cannot-assess", "The exit criteria cannot be assessed, so neither can the stage.");

  if (input.route === "SIT") {
    const s1 = input.sitReport;
    if (!s1 || s1.status === "not-started")
      return simple("sit-report-awaited", "No SIT completion report has been recorded for review yet.");
    if (s1.status === "rejected")
      return finish({
        id: "returned",
        label: STAGE_LABELS.returned,
        detail: `The SIT completion report was returned by ${s1.by} on ${day(s1.at)}${s1.note ? `: ${s1.note}` : ""}.`,
        awaiting: [],
      });
    if (s1.status !== "accepted")
      return simple("under-review", `The SIT completion report (recorded by ${s1.by}) awaits the Code Bodies' review.`);
    return finish({ ...reviewStage(input, "The SIT route"), reportSha256: undefined });
  }

  const entryOpen = input.entryChecklist.filter((i) => i.necessity === "must" && i.status !== "accepted");
  if (entryOpen.length > 0) {
    const rejected = entryOpen.filter((i) => i.status === "rejected");
    const detail =
      rejected.length > 0
        ? `Entry criteria rejected by the Code Body: ${rejected.map((i) => i.title).join("; ")}.`
        : `${entryOpen.length} must-have entry ${entryOpen.length === 1 ? "criterion is" : "criteria are"} not yet accepted: ${entryOpen.map((i) => i.title).join("; ")}.`;
    return simple("entry", detail, !!input.submission);
  }

  const beforeReport = input.criteria.filter((c) => c.id !== "E5");
  const unmet = beforeReport.filter((c) => c.status !== "met");
  if (unmet.length > 0) {
    const reopened = !!input.submission;
    return simple(
      "executing",
      `${unmet.map((c) => c.id).join(", ")} not yet met.${reopened ? ` The report submitted on ${day(input.submission!.submittedAt)} no longer stands: submit again once they are.` : ""}`,
      reopened,
    );
  }
  if (!input.submission) return simple("ready-to-submit", "E1–E4 are met: submit the QT Completion Report.");
  const sub = input.submission;
  return finish({
    ...reviewStage(input, `The report submitted on ${day(sub.submittedAt)} by ${sub.submittedBy}`),
    reportSha256: sub.sha256,
  });
}

/** How an earlier window ended for the participant-role, from the records of that window alone. */
export interface EarlierWindow {
  id: string;
  name: string;
  executionEnd: string | null;
  /** The last report submitted in the window with E1–E4 met (or, failing that, the last submitted at all). */
  lastReport: { sha256: string; submittedAt: string; submittedBy: string; verdictAtSubmission: string } | null;
  reports: number;
  decisions: SignOffState[];
  outcome: "qualified" | "returned" | "refused" | "under-review" | "not-submitted";
}

export function earlierWindow(
  approvals: Approvals,
  participantRole: string,
  window: { id: string; name: string; executionEnd?: string },
  approvers: readonly GoverningBody[],
  bodiesMustAgree: "all" | "any",
): EarlierWindow {
  const submitted = approvals.submissions.filter(
    (s) => s.participantRole === participantRole && s.window === window.id,
  );
  const reviewed = reviewedSubmission(approvals, participantRole, window.id) ?? submitted.at(-1);
  const decisions = decisionsOn(approvals.signOffs, participantRole, window.id, approvers, reviewed?.sha256, "QT");
  let outcome: EarlierWindow["outcome"] = "not-submitted";
  if (reviewed) {
    const approved = decisions.filter((d) => d.status === "approved").length;
    outcome = decisions.some((d) => d.status === "returned")
      ? "returned"
      : decisions.some((d) => d.status === "rejected")
        ? "refused"
        : decisions.length > 0 && (bodiesMustAgree === "any" ? approved > 0 : approved === decisions.length)
          ? "qualified"
          : "under-review";
  }
  return {
    id: window.id,
    name: window.name,
    executionEnd: window.executionEnd ?? null,
    lastReport: reviewed
      ? {
          sha256: reviewed.sha256,
          submittedAt: reviewed.submittedAt,
          submittedBy: reviewed.submittedBy.displayName,
          verdictAtSubmission: reviewed.verdictAtSubmission,
        }
      : null,
    reports: submitted.length,
    decisions,
    outcome,
  };
}
