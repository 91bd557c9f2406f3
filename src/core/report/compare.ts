import { VERDICTS, Verdict, CriterionStatus } from "../assessment";
import { pointName } from "../item-names";
import { CompletionReport, DefectRow, TestRow } from "./types";

/**
 * Compares two QT Completion Reports (usually two submitted snapshots of one participant-role and window): what
 * improved, regressed, appeared and disappeared between `before` and `after`. Pure and deterministic.
 *
 * Symmetric by construction: swapping the arguments swaps `improved` with `regressed` and `appeared` with
 * `disappeared` (each change with its `before` and `after` swapped), and leaves `changed` (a change that is
 * neither better nor worse, e.g. a defect moving between two outstanding states) as it is, swapped the same way.
 * Comparing a report with itself yields no changes.
 */

export type ChangeArea = "verdict" | "criterion" | "count" | "defect" | "waiver";

export interface ReportChange {
  area: ChangeArea;
  /** A stable id of what changed, e.g. `E4`, `executed`, `outstanding.Sev2`, `defect:2001:state`, `waiver:1003`. */
  id: string;
  /** What changed, in words: "E4 100% test execution…", "Tests executed", "Defect 2001 'Title' state". */
  subject: string;
  /** The value before (null: it was not there). */
  before: string | null;
  /** The value after (null: it is no longer there). */
  after: string | null;
}

export interface ReportComparison {
  improved: ReportChange[];
  regressed: ReportChange[];
  appeared: ReportChange[];
  disappeared: ReportChange[];
  /** Changes that are neither better nor worse. */
  changed: ReportChange[];
}

type Direction = keyof ReportComparison;

const CRITERION_RANK: Readonly<Record<CriterionStatus, number>> = { unknown: 0, unmet: 1, pending: 2, met: 3 };
const verdictRank = (v: string): number => VERDICTS.indexOf(v as Verdict);
const AREA_ORDER: readonly ChangeArea[] = ["verdict", "criterion", "count", "defect", "waiver"];

/** Higher is better for both; a rank of -1 (an unknown value) compares as a neutral change. */
function byRank(before: number, after: number): Direction {
  if (before < 0 || after < 0 || before === after) return "changed";
  return after > before ? "improved" : "regressed";
}

/** How a count's rise reads: executed and passed rising is better, outstanding defects rising is worse. */
type CountSense = "higher-is-better" | "lower-is-better" | "neutral";

interface CountDef {
  id: string;
  subject: string;
  sense: CountSense;
  value(r: CompletionReport): number;
}

const SEVERITY_KEYS = ["Unclassified", "Sev1", "Sev2", "Sev3", "Sev4", "Sev5"] as const;

function outstandingOf(r: CompletionReport, label: string): number {
  return r.defectSummary.bySeverity.find((row) => row.label === label)?.outstanding ?? 0;
}

const COUNTS: readonly CountDef[] = [
  { id: "planned", subject: "Tests planned", sense: "neutral", value: (r) => r.execution.overall.planned },
  { id: "executed", subject: "Tests executed", sense: "higher-is-better", value: (r) => r.execution.overall.executed },
  { id: "passed", subject: "Tests passed", sense: "higher-is-better", value: (r) => r.execution.overall.passed },
  { id: "failed", subject: "Tests failed", sense: "lower-is-better", value: (r) => r.execution.overall.failed },
  { id: "notRun", subject: "Tests not run", sense: "lower-is-better", value: (r) => r.execution.overall.notRun },
  {
    id: "waivers.missing",
    subject: "Not-passed tests without an approval",
    sense: "lower-is-better",
    value: (r) => r.execution.waivers.missing + r.execution.waivers.stale,
  },
  ...SEVERITY_KEYS.map((label): CountDef => ({
    id: `outstanding.${label}`,
    subject: `Outstanding ${label} defects`,
    // Sev5 is listed only: more of them is neither better nor worse for exit.
    sense: label === "Sev5" ? "neutral" : "lower-is-better",
    value: (r) => outstandingOf(r, label),
  })),
  {
    id: "mitigationGaps",
    subject: "Sev3/Sev4 defects without an agreed mitigation",
    sense: "lower-is-better",
    value: (r) => r.defectSummary.mitigationGaps,
  },
];

function severityRank(d: DefectRow): number {
  // Less severe is better; unclassified counts as worst (it blocks as Sev1).
  return d.severity === "unclassified" ? 0 : d.severity;
}

const defectName = (d: DefectRow): string => `Defect ${d.id} “${d.title}”`;
const defectSummary = (d: DefectRow): string =>
  `${d.severityLabel}, ${d.state}${d.outstanding ? " (outstanding)" : " (closed)"}`;

/** Waivers on record (present or stale), by point: what the report shows as approved deviations. */
function waiversOf(r: CompletionReport): Map<number, TestRow> {
  const map = new Map<number, TestRow>();
  for (const t of r.tests) if (t.approval) map.set(t.pointId, t);
  return map;
}

const waiverSummary = (t: TestRow): string =>
  t.approval ? `${t.approval.kind} by ${t.approval.body} for “${t.approval.outcomeAtApproval}” (${t.waiver})` : "";

export function compareReports(before: CompletionReport, after: CompletionReport): ReportComparison {
  const out: ReportComparison = { improved: [], regressed: [], appeared: [], disappeared: [], changed: [] };
  const add = (direction: Direction, change: ReportChange) => out[direction].push(change);

  // Verdict.
  if (before.verdict.code !== after.verdict.code) {
    add(byRank(verdictRank(before.verdict.code), verdictRank(after.verdict.code)), {
      area: "verdict",
      id: "verdict",
      subject: "Verdict",
      before: before.verdict.label,
      after: after.verdict.label,
    });
  }

  // Exit criteria.
  const criteriaBefore = new Map(before.exitCriteria.map((c) => [c.id, c]));
  const criteriaAfter = new Map(after.exitCriteria.map((c) => [c.id, c]));
  for (const id of union(criteriaBefore.keys(), criteriaAfter.keys())) {
    const b = criteriaBefore.get(id);
    const a = criteriaAfter.get(id);
    const subject = `${id} ${(a ?? b)?.title ?? ""}`.trim();
    if (b && !a) add("disappeared", { area: "criterion", id, subject, before: b.status, after: null });
    else if (a && !b) add("appeared", { area: "criterion", id, subject, before: null, after: a.status });
    else if (a && b && a.status !== b.status)
      add(byRank(CRITERION_RANK[b.status] ?? -1, CRITERION_RANK[a.status] ?? -1), {
        area: "criterion",
        id,
        subject,
        before: b.status,
        after: a.status,
      });
  }

  // Counts.
  for (const count of COUNTS) {
    const b = count.value(before);
    const a = count.value(after);
    if (a === b) continue;
    const direction: Direction =
      count.sense === "neutral" ? "changed" : a > b === (count.sense === "higher-is-better") ? "improved" : "regressed";
    add(direction, { area: "count", id: count.id, subject: count.subject, before: String(b), after: String(a) });
  }

  // Defects: appeared, disappeared, severity and state changes.
  const defectsBefore = new Map(before.defects.map((d) => [d.id, d]));
  const defectsAfter = new Map(after.defects.map((d) => [d.id, d]));
  for (const id of union(defectsBefore.keys(), defectsAfter.keys())) {
    const b = defectsBefore.get(id);
    const a = defectsAfter.get(id);
    if (b && !a) {
      add("disappeared", {
        area: "defect",
        id: `defect:${id}`,
        subject: defectName(b),
        before: defectSummary(b),
        after: null,
      });
      continue;
    }
    if (a && !b) {
      add("appeared", {
        area: "defect",
        id: `defect:${id}`,
        subject: defectName(a),
        before: null,
        after: defectSummary(a),
      });
      continue;
    }
    if (!a || !b) continue;
    if (a.severityLabel !== b.severityLabel) {
      // Severity matters for exit only while the defect is outstanding (in either report).
      const matters = a.outstanding || b.outstanding;
      add(matters ? byRank(severityRank(b), severityRank(a)) : "changed", {
        area: "defect",
        id: `defect:${id}:severity`,
        subject: `${defectName(a)} severity`,
        before: b.severityLabel,
        after: a.severityLabel,
      });
    }
    if (a.state !== b.state || a.outstanding !== b.outstanding) {
      const direction: Direction =
        a.outstanding === b.outstanding ? "changed" : a.outstanding ? "regressed" : "improved";
      add(direction, {
        area: "defect",
        id: `defect:${id}:state`,
        subject: `${defectName(a)} state`,
        before: `${b.state}${b.outstanding ? " (outstanding)" : " (closed)"}`,
        after: `${a.state}${a.outstanding ? " (outstanding)" : " (closed)"}`,
      });
    }
  }

  // Waivers and descopes on record.
  const waiversBefore = waiversOf(before);
  const waiversAfter = waiversOf(after);
  for (const pointId of union(waiversBefore.keys(), waiversAfter.keys())) {
    const b = waiversBefore.get(pointId);
    const a = waiversAfter.get(pointId);
    const t = (a ?? b) as TestRow;
    const subject = `“${pointName({ id: pointId, title: t.testCaseTitle, configurationName: t.configurationName })}” (point ${pointId})`;
    const id = `waiver:${pointId}`;
    if (b && !a) add("disappeared", { area: "waiver", id, subject, before: waiverSummary(b), after: null });
    else if (a && !b) add("appeared", { area: "waiver", id, subject, before: null, after: waiverSummary(a) });
    else if (a && b && waiverSummary(a) !== waiverSummary(b)) {
      const rank = (row: TestRow) => (row.waiver === "present" ? 1 : 0);
      add(byRank(rank(b), rank(a)), { area: "waiver", id, subject, before: waiverSummary(b), after: waiverSummary(a) });
    }
  }

  for (const list of Object.values(out) as ReportChange[][]) list.sort(compareChanges);
  return out;
}

/** True when the comparison holds no change at all. */
export function isUnchanged(comparison: ReportComparison): boolean {
  return Object.values(comparison).every((list: ReportChange[]) => list.length === 0);
}

function compareChanges(x: ReportChange, y: ReportChange): number {
  return AREA_ORDER.indexOf(x.area) - AREA_ORDER.indexOf(y.area) || compareIds(x.id, y.id);
}

/** Numeric-aware, so defect 99 comes before defect 100. */
function compareIds(x: string, y: string): number {
  return x.localeCompare(y, "en", { numeric: true });
}

function union<K>(a: Iterable<K>, b: Iterable<K>): K[] {
  return [...new Set([...a, ...b])];
}
