import { AssessedDefect, Assessment, CriterionResult, Verdict } from "./assessment";
import { Result, fail, ok } from "./result";
import { SEVERITY_LEVELS, SeverityLevel, severityLabel } from "./severity";

/**
 * The exit gate a pipeline runs: it passes while no defect of a blocking severity is outstanding (and, when asked,
 * E4 is met), and never when the assessment could not be made.
 */
export interface GateOptions {
  /** Severity levels whose outstanding defects block. Unclassified defects block whatever this says. */
  blockOn: readonly SeverityLevel[];
  /** Also block until E4 (every point passed, or failed/unexecuted with a current waiver or descope) is met. */
  requireFullExecution: boolean;
}

export const DEFAULT_GATE_OPTIONS: GateOptions = { blockOn: [1, 2], requireFullExecution: false };

export type GateOutcome = "passed" | "blocked" | "cannot-assess";

/** What a pipeline publishes as output variables: flat strings and numbers only. */
export interface GateOutputs {
  verdict: Verdict;
  sev1Outstanding: number;
  sev2Outstanding: number;
  unclassifiedOutstanding: number;
  executionPercent: number;
  /** Comma-separated ids, worst severity first. */
  blockingDefectIds: string;
}

export interface GateDecision {
  outcome: GateOutcome;
  /** One line a release owner reads in the pipeline's result. */
  reason: string;
  /** Outstanding defects that block, unclassified and most severe first, then by id. */
  blockingDefects: AssessedDefect[];
  /** Criteria beyond the defect counts that block (E4 when full execution is required). */
  unmetCriteria: CriterionResult[];
  /** Outstanding Sev3/Sev4 defects that do not block here but lack an impact assessment, mitigation or agreement. */
  mitigationGaps: AssessedDefect[];
  /** Why the assessment could not be made (cannot-assess only). */
  problems: string[];
  outputs: GateOutputs;
}

const rank = (d: AssessedDefect) => (d.severity === "unclassified" ? 0 : d.severity);

/** Reads a `blockOn` setting: "Sev1,Sev2", "1, 2", "sev1;sev3" or a list of those. */
export function parseBlockOn(input: string | readonly string[]): Result<SeverityLevel[]> {
  const parts = (typeof input === "string" ? [input] : input)
    .flatMap((s) => s.split(/[,;\n]/))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (parts.length === 0) return fail("Name at least one severity to block on, e.g. Sev1,Sev2.");
  const levels = new Set<SeverityLevel>();
  const bad: string[] = [];
  for (const part of parts) {
    const match = /^(?:sev(?:erity)?\s*)?([1-5])$/i.exec(part);
    const level = match ? (Number(match[1]) as SeverityLevel) : undefined;
    if (level && SEVERITY_LEVELS.includes(level)) levels.add(level);
    else bad.push(part);
  }
  if (bad.length > 0)
    return fail(`Not a severity: ${bad.map((b) => JSON.stringify(b)).join(", ")}. Use Sev1 to Sev5 (or 1 to 5).`);
  return ok([...levels].sort((a, b) => a - b));
}

function countOutstanding(a: Assessment, severity: AssessedDefect["severity"]): number {
  return a.defectCounts.find((c) => c.severity === severity)?.outstanding ?? 0;
}

export function decideGate(a: Assessment, options: GateOptions = DEFAULT_GATE_OPTIONS): GateDecision {
  const blockOn = new Set<AssessedDefect["severity"]>([...options.blockOn, "unclassified"]);
  const blockingDefects = a.defects
    .filter((d) => d.outstanding && blockOn.has(d.severity))
    .sort((x, y) => rank(x) - rank(y) || x.id - y.id);
  const mitigationGaps = a.defects
    .filter(
      (d) =>
        d.outstanding &&
        (d.severity === 3 || d.severity === 4) &&
        !blockOn.has(d.severity) &&
        (!d.hasImpact || !d.hasMitigation || d.agreement !== "present"),
    )
    .sort((x, y) => x.id - y.id);
  const outputs: GateOutputs = {
    verdict: a.verdict,
    sev1Outstanding: countOutstanding(a, 1),
    sev2Outstanding: countOutstanding(a, 2),
    unclassifiedOutstanding: countOutstanding(a, "unclassified"),
    executionPercent: a.coverage.executionPercent,
    blockingDefectIds: blockingDefects.map((d) => d.id).join(","),
  };
  const base = { blockingDefects, mitigationGaps, outputs };

  // Fail closed: an assessment that could not be made, or a defect criterion the engine could not judge, is never
  // a pass, whatever the counts say.
  const defectCriteria = a.criteria.filter((c) => c.id === "E1" || c.id === "E2");
  const unjudged = defectCriteria.filter((c) => c.status === "unknown");
  const missingDefectCriteria = a.route === "QT" && new Set(defectCriteria.map((c) => c.id)).size < 2;
  if (a.verdict === "cannot-assess" || unjudged.length > 0 || missingDefectCriteria) {
    const unjudgedReasons = unjudged.flatMap((c) => c.reasons.map((r) => r.message));
    const problems = a.problems.length > 0 ? a.problems : unjudgedReasons.length > 0 ? unjudgedReasons : [a.summary];
    return {
      ...base,
      outcome: "cannot-assess",
      reason: `Cannot assess ${a.participantRole}: ${problems[0]}`,
      unmetCriteria: [],
      problems,
    };
  }

  const unmetCriteria = options.requireFullExecution
    ? a.criteria.filter((c) => c.id === "E4" && c.status !== "met")
    : [];
  if (options.requireFullExecution && !a.criteria.some((c) => c.id === "E4")) {
    const problem = `${a.participantRole} has no E4 (full execution) criterion on the ${a.route} route, so full execution cannot be required.`;
    return {
      ...base,
      outcome: "cannot-assess",
      reason: `Cannot assess: ${problem}`,
      unmetCriteria: [],
      problems: [problem],
    };
  }

  const parts: string[] = [];
  if (blockingDefects.length > 0) {
    const counted = [...options.blockOn, "unclassified" as const]
      .map((severity) => ({ severity, n: blockingDefects.filter((d) => d.severity === severity).length }))
      .filter((c) => c.n > 0);
    parts.push(
      `${counted.map((c) => `${c.n} ${severityLabel(c.severity)}`).join(", ")} outstanding (${blockingDefects
        .slice(0, 5)
        .map((d) => `#${d.id}`)
        .join(", ")}${blockingDefects.length > 5 ? ", …" : ""})`,
    );
  }
  for (const c of unmetCriteria) parts.push(`${c.id} ${c.status}: ${c.reasons[0]?.message ?? c.title}`);
  if (parts.length > 0)
    return {
      ...base,
      outcome: "blocked",
      reason: `${a.participantRole} is blocked: ${parts.join("; ")}`,
      unmetCriteria,
      problems: [],
    };
  const levels = [...options.blockOn].map((l) => severityLabel(l)).join("/");
  return {
    ...base,
    outcome: "passed",
    reason:
      `${a.participantRole} passes: no outstanding ${levels || "blocking"} or unclassified defects` +
      (options.requireFullExecution ? ", and E4 is met" : "") +
      (mitigationGaps.length > 0 ? `; ${mitigationGaps.length} Sev3/Sev4 without impact, mitigation or agreement` : ""),
    unmetCriteria,
    problems: [],
  };
}
