/** Outline sections about the tests: scope, execution against plan, deviations, the annex of points. */
import { plural } from "./format";
import { Block, Inline, plain } from "./document";
import { formatPercent, formatPhase } from "./format";
import { POINT_STATUS_LABELS, ROUTE_LABELS } from "./labels";
import {
  h2,
  h3,
  cols,
  instant,
  link,
  countedOf,
  named,
  notCounted,
  latestRunCell,
  testCaseCell,
  text,
  waiverText,
} from "./outline-parts";
import { CompletionReport, TestRow } from "./types";

export function scope(report: CompletionReport): Block[] {
  const s = report.scope;
  const w = s.window;
  const rows: { label: string; value: Inline }[] = [
    { label: "Participant", value: text(s.participantName || "Not registered") },
    { label: "MPID", value: text(s.mpid) },
    { label: "Role", value: text(s.roleName ? `${s.roleName} (${s.roleCode})` : s.roleCode) },
    { label: "Governing bodies", value: text(s.governingBodies.length ? s.governingBodies.join(", ") : "None known") },
    { label: "Route", value: text(ROUTE_LABELS[s.route]) },
    { label: "Window", value: text(w ? named(w.name, w.id) : "None") },
  ];
  if (w) {
    rows.push({ label: "Execution dates", value: text(`${w.executionStart} to ${w.executionEnd}`) });
    rows.push({
      label: "Phase at assessment",
      value: text(formatPhase(w.phase, w.daysLeft)),
    });
  }
  const suites = s.plans.flatMap((p) =>
    p.suites.map((suite) => [
      text(named(p.planName, p.planId)),
      text(named(suite.suiteName, suite.suiteId)),
      text(suite.planned),
    ]),
  );
  return [
    h2("scope", "2. Scope"),
    { kind: "facts", caption: "Scope", rows },
    h3("scope-plans", "Test plans and suites covered"),
    {
      kind: "table",
      caption: "Test plans and suites covered",
      columns: cols("Plan", "Suite", "#Test points in scope"),
      rows: suites,
      empty: "No test points were found in the participant-role's plans.",
    },
  ];
}

export function execution(report: CompletionReport): Block[] {
  if (!countedOf(report).points)
    return [
      h2("execution", "3. Execution against plan"),
      notCounted("the test points were not read completely, so no execution figure is given"),
    ];
  const o = report.execution.overall;
  const w = report.execution.waivers;
  const rows: { label: string; value: Inline }[] = [
    { label: "Planned test points", value: text(o.planned) },
    {
      label: "Executed (passed or failed; blocked is not executed)",
      value: text(`${o.executed} (${formatPercent(o.executionPercent)})`),
    },
    {
      label: "Passed",
      value: text(
        `${o.passed} (${formatPercent(o.passRateOfExecuted)} of executed, ${formatPercent(o.passRateOfPlanned)} of planned)`,
      ),
    },
    { label: "Failed", value: text(o.failed) },
    { label: "Blocked", value: text(o.blocked) },
    { label: "Not run", value: text(o.notRun) },
    { label: "Not applicable", value: text(o.descoped) },
    { label: "In progress", value: text(o.inProgress) },
    { label: "Not passed, approved by a Code Body", value: text(o.waived) },
    { label: "Completion (passed or approved)", value: text(formatPercent(o.completionPercent)) },
    {
      label: "Approvals needed",
      value: text(`${w.needed}: ${w.present} approved, ${w.stale} stale, ${w.missing} missing`),
    },
  ];
  return [
    h2("execution", "3. Execution against plan"),
    { kind: "facts", caption: "Execution summary", rows },
    h3("execution-by-suite", "Execution by suite"),
    {
      kind: "table",
      caption: "Execution by suite",
      columns: cols(
        "Suite",
        "Plan",
        "#Planned",
        "#Executed",
        "#Passed",
        "#Failed",
        "#Blocked",
        "#Not run",
        "#Not applicable",
        "#In progress",
        "#Approved",
        "#Execution",
        "#Completion",
      ),
      rows: report.execution.bySuite.map((s) => [
        text(named(s.suiteName, s.suiteId)),
        text(named(s.planName, s.planId)),
        ...[s.planned, s.executed, s.passed, s.failed, s.blocked, s.notRun, s.descoped, s.inProgress, s.waived].map(
          text,
        ),
        text(formatPercent(s.executionPercent)),
        text(formatPercent(s.completionPercent)),
      ]),
      empty: "No suites hold test points.",
    },
  ];
}

const pointCell = (t: TestRow): Inline => link(String(t.pointId), t.url);
const statusCell = (t: TestRow): Inline => text(POINT_STATUS_LABELS[t.status]);
/** Kind, reason, body, approver and time of a point's recorded approval (blank when there is none). */
const approvalCells = (t: TestRow): Inline[] => [
  text(t.approval?.kind ?? ""),
  text(t.approval?.reason ?? ""),
  text(t.approval?.body ?? ""),
  text(t.approval?.approvedBy ?? ""),
  instant(t.approval?.approvedAt ?? null),
];

/** Points out of the plans without an approved descope (deactivated, or removed since the baseline), and the baseline. */
function scopeDeviations(report: CompletionReport): Block[] {
  const rows = report.tests.filter((t) => t.scopeChange);
  const b = report.scope.baseline;
  return [
    h3("deviations-scope", "Deviations from the approved scope"),
    {
      kind: "paragraph",
      content: plain(
        b
          ? `${b.body} approved a scope of ${plural(b.points, "test point")} (${b.by}, ${b.at.slice(0, 10)}). Since then ${plural(b.removed, "point")} left the plans and ${plural(b.added, "point")} were added; a point out of the plans stays in scope until its descope is approved.`
          : "No scope baseline was recorded: every point of the plans counts, active or not. A deactivated point stays in scope until its descope is approved.",
      ),
    },
    {
      kind: "table",
      caption: "Deviations from the approved scope",
      columns: cols("Point", "Test case", "Change", "Descope"),
      rows: rows.map((t) => [
        pointCell(t),
        testCaseCell(t),
        text(t.scopeChange === "removed" ? "Removed from the plans" : "Deactivated"),
        text(t.waiver === "present" ? "Approved" : t.waiver === "stale" ? "Stale" : "Not approved"),
      ]),
      empty: "None: every point of the plans is active, and none left them.",
    },
  ];
}

export function deviations(report: CompletionReport): Block[] {
  const d = report.deviations;
  return [
    h2("deviations", "4. Deviations from plan"),
    {
      kind: "paragraph",
      content: plain(
        "Every planned test point that did not pass needs a Code Body waiver (failed or blocked) or descope (not run, not applicable) recorded for its current outcome (E4).",
      ),
    },
    h3("deviations-approved", "Approved waivers and descopes"),
    {
      kind: "table",
      caption: "Approved waivers and descopes",
      columns: cols("Point", "Test case", "Status", "Kind", "Reason", "Body", "Approved by", "Approved at"),
      rows: d.approved.map((t) => [pointCell(t), testCaseCell(t), statusCell(t), ...approvalCells(t)]),
      empty: "None.",
    },
    h3("deviations-stale", "Stale approvals"),
    {
      kind: "paragraph",
      content: plain("Approved for an outcome the point no longer has: they count as missing until approved again."),
    },
    {
      kind: "table",
      caption: "Stale approvals",
      columns: cols(
        "Point",
        "Test case",
        "Status now",
        "Outcome approved",
        "Kind",
        "Reason",
        "Body",
        "Approved by",
        "Approved at",
      ),
      rows: d.stale.map((t) => [
        pointCell(t),
        testCaseCell(t),
        text(`${POINT_STATUS_LABELS[t.status]} (${t.outcome})`),
        text(t.approval?.outcomeAtApproval ?? ""),
        ...approvalCells(t),
      ]),
      empty: "None.",
    },
    h3("deviations-missing", "Not passed and not approved"),
    {
      kind: "table",
      caption: "Not passed and not approved",
      columns: cols("Point", "Test case", "Suite", "Status", "Outcome", "Awaiting"),
      rows: d.missing.map((t) => [
        pointCell(t),
        testCaseCell(t),
        text(named(t.suiteName, t.suiteId)),
        statusCell(t),
        text(t.outcome),
        text((t.awaiting ?? []).join(", ")),
      ]),
      empty: "None.",
    },
    ...scopeDeviations(report),
  ];
}

export function annexTests(report: CompletionReport): Block[] {
  return [
    h2("annex-tests", "Annex A. Test points"),
    {
      kind: "table",
      caption: "Test points",
      columns: cols("Point", "Plan", "Suite", "Test case", "Status", "Outcome", "Latest run", "Approval"),
      rows: report.tests.map((t) => [
        pointCell(t),
        text(named(t.planName, t.planId)),
        text(named(t.suiteName, t.suiteId)),
        testCaseCell(t),
        statusCell(t),
        text(t.outcome),
        latestRunCell(t),
        waiverText(t),
      ]),
      empty: "No test points in scope.",
    },
  ];
}
