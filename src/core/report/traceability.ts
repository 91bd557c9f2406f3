/**
 * The completion report's requirement traceability section (RTTM, MHHS-DEL1050): the matrix as plain JSON data
 * (null, never undefined), its outline for Markdown and HTML, and its CSV records. A report made without the
 * matrix carries no `traceability` member (its hash is what it was) and says it was not read.
 */
import { PointStatus } from "../outcomes";
import { TRACE_STATUS_LABELS, TraceStatus, TraceabilityOutcome } from "../traceability";
import { Block, Inline, plain, span } from "./document";
import { POINT_STATUS_LABELS } from "./labels";
import { cannotShow, cols, h2, h3, notRead, text } from "./outline-parts";
import { CompletionReport } from "./types";

export interface ReportTraceResult {
  pointId: number;
  configuration: string;
  status: PointStatus;
  outcome: string;
}

export interface ReportTraceCase {
  testCaseId: number;
  title: string;
  /** `tested-by` (a Tested By link) and/or `suite` (a requirement-based suite). */
  via: string[];
  url: string | null;
  /** One per configuration in the plans; none when the case is not in them. */
  results: ReportTraceResult[];
}

export interface ReportTraceRow {
  id: number;
  title: string;
  workItemType: string;
  state: string;
  url: string | null;
  status: TraceStatus;
  cases: ReportTraceCase[];
  openDefects: { id: number; title: string; severityLabel: string; url: string | null }[];
}

export interface ReportTraceability {
  /** "read": the matrix; "cannot-assess": its read failed, and `reason` says why (no partial matrix is shown). */
  status: "read" | "cannot-assess";
  reason: string | null;
  /** "scope": the settings' requirement scope chose the requirements; "links": the test cases' links did. */
  source: "scope" | "links" | null;
  counts: Record<TraceStatus, number> & { requirements: number; untracedTests: number };
  requirements: ReportTraceRow[];
  untracedTests: { testCaseId: number; title: string; pointIds: number[]; url: string | null }[];
}

const orNull = (v: string | undefined): string | null => (v === undefined ? null : v);

export function reportTraceabilityOf(outcome: TraceabilityOutcome): ReportTraceability {
  if (outcome.kind === "cannot-assess")
    return {
      status: "cannot-assess",
      reason: outcome.reason,
      source: null,
      counts: {
        passed: 0,
        failing: 0,
        "not-run": 0,
        "no-test": 0,
        "not-in-scope": 0,
        requirements: 0,
        untracedTests: 0,
      },
      requirements: [],
      untracedTests: [],
    };
  const t = outcome.traceability;
  return {
    status: "read",
    reason: null,
    source: outcome.source,
    counts: { ...t.counts },
    requirements: t.rows.map((r) => ({
      id: r.requirement.id,
      title: r.requirement.title,
      workItemType: r.requirement.workItemType,
      state: r.requirement.state,
      url: orNull(r.requirement.url),
      status: r.status,
      cases: r.cases.map((c) => ({
        testCaseId: c.testCaseId,
        title: c.title,
        via: [...c.via],
        url: orNull(c.url),
        results: c.results.map((x) => ({ ...x })),
      })),
      openDefects: r.openDefects.map((d) => ({ ...d, url: orNull(d.url) })),
    })),
    untracedTests: t.untraced.map((u) => ({ ...u, pointIds: [...u.pointIds], url: orNull(u.url) })),
  };
}

const VIA: Record<string, string> = { "tested-by": "Tested By", suite: "requirement-based suite" };

function countsSentence(t: ReportTraceability): string {
  const c = t.counts;
  const parts = (["passed", "failing", "not-run", "no-test", "not-in-scope"] as const)
    .filter((s) => c[s] > 0)
    .map((s) => `${TRACE_STATUS_LABELS[s].toLowerCase()} ${c[s]}`);
  return (
    `${c.requirements} requirement${c.requirements === 1 ? "" : "s"}${parts.length > 0 ? ` (${parts.join(", ")})` : ""}; ` +
    `${c.untracedTests} test case${c.untracedTests === 1 ? "" : "s"} in the plans without a requirement.`
  );
}

const SOURCE_TEXT = {
  scope: "Requirements: those the settings' requirement scope selects for this participant-role.",
  links:
    "Requirements: those its test cases are Tested By and its requirement-based suites are for (no requirement scope is set, so a requirement with neither is not known to this report).",
} as const;

function casesCell(row: ReportTraceRow): Inline {
  if (row.cases.length === 0) return text("None");
  return row.cases.flatMap((c, i) => [
    ...(i === 0 ? [] : [span("; ")]),
    span(`${c.testCaseId}: ${c.title}`, { href: c.url }),
    span(` (${c.via.map((v) => VIA[v] ?? v).join(", ")})`),
  ]);
}

function resultsCell(row: ReportTraceRow): Inline {
  const parts = row.cases.flatMap((c) =>
    c.results.length === 0
      ? [`${c.testCaseId}: not in the plans`]
      : c.results.map(
          (r) =>
            `${c.testCaseId}${r.configuration ? ` [${r.configuration}]` : ""}: ${POINT_STATUS_LABELS[r.status].toLowerCase()}`,
        ),
  );
  return text(parts.length === 0 ? "—" : parts.join("; "));
}

function defectsCell(row: ReportTraceRow): Inline {
  if (row.openDefects.length === 0) return text("None");
  return row.openDefects.flatMap((d, i) => [
    ...(i === 0 ? [] : [span("; ")]),
    span(`Defect ${d.id}`, { href: d.url }),
    span(` ${d.severityLabel}: ${d.title}`),
  ]);
}

const STATUS_TONE = {
  passed: "good",
  failing: "bad",
  "not-run": "warn",
  "no-test": "bad",
  "not-in-scope": "warn",
} as const;

/** `10. Requirement traceability (RTTM)`: read, not read, or why it could not be. */
export function traceabilitySection(report: CompletionReport, number: number): Block[] {
  const t = report.traceability;
  const heading = h2("traceability", `${number}. Requirement traceability (RTTM)`);
  if (!t) return [heading, notRead("the requirement traceability matrix")];
  if (t.status === "cannot-assess") return [heading, cannotShow(t.reason, "the matrix could not be read")];
  return [
    heading,
    { kind: "paragraph", content: plain(SOURCE_TEXT[t.source ?? "links"]) },
    { kind: "paragraph", content: plain(countsSentence(t)) },
    {
      kind: "table",
      caption: "Requirements, their test cases, latest results and open defects",
      columns: cols("Requirement", "State", "Status", "Test cases", "Latest results", "Open defects"),
      rows: t.requirements.map((r) => [
        [span(`${r.id}: ${r.title}`, { href: r.url })],
        text(r.state),
        [span(TRACE_STATUS_LABELS[r.status], { tone: STATUS_TONE[r.status], strong: r.status !== "passed" })],
        casesCell(r),
        resultsCell(r),
        defectsCell(r),
      ]),
      empty: "No requirement was found for this participant-role.",
    },
    h3("traceability-untraced", "Test cases without a requirement"),
    {
      kind: "table",
      caption: "Test cases in the plans without a requirement",
      columns: cols("Test case", "Test points"),
      rows: t.untracedTests.map((u) => [
        [span(`${u.testCaseId}: ${u.title}`, { href: u.url })],
        text(u.pointIds.join(", ")),
      ]),
      empty: "Every test case in the plans traces to a requirement.",
    },
  ];
}
