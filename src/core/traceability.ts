/**
 * The Requirements to Test Traceability Matrix of a participant-role (issue 17, item 4; MHHS-DEL1050): each
 * requirement → the test cases that test it (by a Tested By link, or through a requirement-based suite) → each
 * case's latest outcome per configuration → the open defects linked to the requirement or its cases. Requirements
 * without a test, and tests in scope without a requirement, are flagged. Pure; exported as CSV (formula-safe).
 */
import { Assessment } from "./assessment";
import { PointStatus } from "./outcomes";
import { csvField } from "./report/escape";
import { severityLabel } from "./severity";

export interface TraceRequirement {
  id: number;
  title: string;
  workItemType: string;
  state: string;
  url?: string;
}

/** A test point in scope, as the assessment read it. */
export interface TracePoint {
  pointId: number;
  testCaseId: number;
  testCaseTitle?: string;
  configurationName?: string;
  status: PointStatus;
  outcome: string;
}

export interface TraceDefect {
  id: number;
  title: string;
  severityLabel: string;
  outstanding: boolean;
  /** The requirements and test cases the defect is linked to. */
  linkedIds: readonly number[];
}

export interface TraceInput {
  requirements: readonly TraceRequirement[];
  /** Requirement id → the test case ids it is Tested By (work item links). */
  testedBy: ReadonlyMap<number, readonly number[]>;
  /** Requirement id → the test case ids of requirement-based suites for it. */
  suiteCases: ReadonlyMap<number, readonly number[]>;
  points: readonly TracePoint[];
  defects: readonly TraceDefect[];
  /**
   * The address a work item opens at, without its id (`{org}/{project}/_workitems/edit/`): each requirement, case
   * and defect of the matrix then carries its `url`. Absent: no addresses.
   */
  workItemUrl?: string;
}

export type TraceStatus = "passed" | "failing" | "not-run" | "no-test" | "not-in-scope";

export interface TraceCase {
  testCaseId: number;
  title: string;
  /** How the link was made: a Tested By link, a requirement-based suite, or both. */
  via: ("tested-by" | "suite")[];
  /** The case's points in scope, one per configuration; empty when none is in the plans. */
  results: { pointId: number; configuration: string; status: PointStatus; outcome: string }[];
  url?: string;
}

export interface TraceRow {
  requirement: TraceRequirement;
  status: TraceStatus;
  cases: TraceCase[];
  openDefects: { id: number; title: string; severityLabel: string; url?: string }[];
}

export interface Traceability {
  rows: TraceRow[];
  /** Test cases in scope that no requirement traces to. */
  untraced: { testCaseId: number; title: string; pointIds: number[]; url?: string }[];
  counts: Record<TraceStatus, number> & { requirements: number; untracedTests: number };
}

/** A requirement's status from its cases' results: any failure, then anything not executed, then passed. */
function statusOf(cases: readonly TraceCase[]): TraceStatus {
  if (cases.length === 0) return "no-test";
  const results = cases.flatMap((c) => c.results);
  if (results.length === 0) return "not-in-scope";
  if (results.some((r) => r.status === "failed")) return "failing";
  if (results.some((r) => r.status !== "passed")) return "not-run";
  return "passed";
}

export function buildTraceability(input: TraceInput): Traceability {
  const base = input.workItemUrl;
  const withUrl = <T extends object>(item: T, id: number): T =>
    base === undefined ? item : { ...item, url: `${base}${id}` };
  const pointsByCase = new Map<number, TracePoint[]>();
  for (const p of input.points) {
    const list = pointsByCase.get(p.testCaseId);
    if (list) list.push(p);
    else pointsByCase.set(p.testCaseId, [p]);
  }
  const traced = new Set<number>();
  const rows: TraceRow[] = [...input.requirements]
    .sort((a, b) => a.id - b.id)
    .map((read) => {
      const requirement = read.url === undefined ? withUrl(read, read.id) : read;
      const via = new Map<number, Set<"tested-by" | "suite">>();
      const add = (ids: readonly number[] | undefined, how: "tested-by" | "suite") => {
        for (const id of ids ?? []) {
          if (!via.has(id)) via.set(id, new Set());
          via.get(id)!.add(how);
        }
      };
      add(input.testedBy.get(requirement.id), "tested-by");
      add(input.suiteCases.get(requirement.id), "suite");
      const cases: TraceCase[] = [...via.keys()]
        .sort((a, b) => a - b)
        .map((testCaseId) => {
          traced.add(testCaseId);
          const points = (pointsByCase.get(testCaseId) ?? []).slice().sort((a, b) => a.pointId - b.pointId);
          const traceCase: TraceCase = {
            testCaseId,
            title: points.find((p) => p.testCaseTitle)?.testCaseTitle ?? `Test case ${testCaseId}`,
            via: [...via.get(testCaseId)!].sort(),
            results: points.map((p) => ({
              pointId: p.pointId,
              configuration: p.configurationName ?? "",
              status: p.status,
              outcome: p.outcome,
            })),
          };
          return withUrl(traceCase, testCaseId);
        });
      const linked = new Set([requirement.id, ...cases.map((c) => c.testCaseId)]);
      const openDefects = input.defects
        .filter((d) => d.outstanding && d.linkedIds.some((id) => linked.has(id)))
        .sort((a, b) => a.id - b.id)
        .map((d) => withUrl({ id: d.id, title: d.title, severityLabel: d.severityLabel }, d.id));
      return { requirement, status: statusOf(cases), cases, openDefects };
    });
  const untraced = [...pointsByCase]
    .filter(([testCaseId]) => !traced.has(testCaseId))
    .sort(([a], [b]) => a - b)
    .map(([testCaseId, points]) =>
      withUrl(
        {
          testCaseId,
          title: points.find((p) => p.testCaseTitle)?.testCaseTitle ?? `Test case ${testCaseId}`,
          pointIds: points.map((p) => p.pointId).sort((a, b) => a - b),
        },
        testCaseId,
      ),
    );
  const counts = { passed: 0, failing: 0, "not-run": 0, "no-test": 0, "not-in-scope": 0 };
  for (const r of rows) counts[r.status]++;
  return { rows, untraced, counts: { ...counts, requirements: rows.length, untracedTests: untraced.length } };
}

export const TRACE_CSV_COLUMNS = [
  "requirement_id",
  "requirement_title",
  "requirement_state",
  "status",
  "test_case_id",
  "test_case_title",
  "linked_via",
  "point_id",
  "configuration",
  "outcome",
  "open_defects",
] as const;

/** One row per requirement × case × configuration (a row per requirement with no test; one per untraced test). */
export function traceabilityCsv(t: Traceability): string {
  const lines: string[][] = [TRACE_CSV_COLUMNS.map(csvField)];
  const line = (cells: (string | number | null)[]) => lines.push(cells.map((c) => csvField(c)));
  for (const r of t.rows) {
    const defects = r.openDefects.map((d) => `${d.id} ${d.severityLabel}`).join("; ");
    const base = [r.requirement.id, r.requirement.title, r.requirement.state, r.status];
    if (r.cases.length === 0) line([...base, null, null, null, null, null, null, defects]);
    for (const c of r.cases) {
      if (c.results.length === 0) line([...base, c.testCaseId, c.title, c.via.join(" "), null, null, null, defects]);
      for (const res of c.results)
        line([...base, c.testCaseId, c.title, c.via.join(" "), res.pointId, res.configuration, res.outcome, defects]);
    }
  }
  for (const u of t.untraced)
    for (const pointId of u.pointIds)
      line([null, null, null, "untraced", u.testCaseId, u.title, null, pointId, null, null, null]);
  return lines.map((cells) => `${cells.join(",")}\r\n`).join("");
}

/** What was read from Azure DevOps for a matrix: the requirements and the links, before the assessment is added. */
export interface TraceLinks {
  /** "scope": the settings' requirement scope selected the requirements; "links": the test cases' links did. */
  source: "scope" | "links";
  requirements: readonly TraceRequirement[];
  testedBy: ReadonlyMap<number, readonly number[]>;
  suiteCases: ReadonlyMap<number, readonly number[]>;
  /** Defect id → the requirements and test cases it is linked to (any link type). */
  defectLinks: ReadonlyMap<number, readonly number[]>;
  workItemUrl?: string;
}

/**
 * The matrix's input from the links read and the participant-role's assessment: every assessed point (its status
 * after waivers and descopes) and every assessed defect (its QT severity and whether it is outstanding).
 */
export function traceInputOf(assessment: Pick<Assessment, "points" | "defects">, links: TraceLinks): TraceInput {
  const input: TraceInput = {
    requirements: links.requirements,
    testedBy: links.testedBy,
    suiteCases: links.suiteCases,
    points: assessment.points.map((p) => {
      const point: TracePoint = { pointId: p.id, testCaseId: p.testCaseId, status: p.status, outcome: p.outcome };
      if (p.testCaseTitle !== undefined) point.testCaseTitle = p.testCaseTitle;
      if (p.configurationName !== undefined) point.configurationName = p.configurationName;
      return point;
    }),
    defects: assessment.defects.map((d) => ({
      id: d.id,
      title: d.title,
      severityLabel: severityLabel(d.severity),
      outstanding: d.outstanding,
      linkedIds: links.defectLinks.get(d.id) ?? [],
    })),
  };
  if (links.workItemUrl !== undefined) input.workItemUrl = links.workItemUrl;
  return input;
}

/** A participant-role's matrix as every surface gets it: read, or why it could not be. */
export type TraceabilityOutcome =
  | { kind: "read"; traceability: Traceability; source: TraceLinks["source"] }
  | { kind: "cannot-assess"; reason: string };

/** The rows with something to act on: a requirement not passed (or without a test), for the "only gaps" view. */
export function isGap(row: TraceRow): boolean {
  return row.status !== "passed";
}

export const TRACE_STATUS_LABELS: Readonly<Record<TraceStatus, string>> = {
  passed: "Passed",
  failing: "Failing",
  "not-run": "Not fully run",
  "no-test": "No test",
  "not-in-scope": "Tests not in the plans",
};
