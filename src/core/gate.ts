import { AssessedDefect, Assessment, CriterionResult, StageId, Verdict } from "./assessment";
import { Result, fail, ok } from "./result";
import { SEVERITY_LEVELS, Severity, SeverityLevel, severityLabel } from "./severity";

/**
 * The exit gate a pipeline runs: it passes while no defect of a blocking severity is outstanding (and, when asked,
 * E4 is met), and never when the assessment could not be made.
 *
 * Sev1, Sev2 and unclassified defects always block the QT exit gate (QA&P §11.3.3 E1/E2; an unclassified value
 * counts as Sev1 until someone classifies it). `blockOn` can add Sev3–Sev5, never take those away. A lighter
 * check that only Sev1 fails is a separate mode, `sev1-only`, which is not the QT exit gate: it never reports a
 * plain pass while a Sev2 is outstanding.
 */
export type GateMode = "qt-exit" | "sev1-only";
export const GATE_MODES: readonly GateMode[] = ["qt-exit", "sev1-only"];

export interface GateOptions {
  /** `qt-exit` (the default) or the lighter `sev1-only` check. */
  mode?: GateMode;
  /** Severity levels that block beyond those the mode always blocks on (additive only). */
  blockOn: readonly SeverityLevel[];
  /**
   * Also block until E4 is met (every point passed, or failed/unexecuted with a current waiver or descope); on the
   * SIT route, until S1 and S2 are met (the SIT completion report reviewed and approved by every governing body).
   */
  requireFullExecution: boolean;
}

export const DEFAULT_GATE_OPTIONS: GateOptions = { mode: "qt-exit", blockOn: [], requireFullExecution: false };

/** What each mode blocks on whatever `blockOn` says. */
export const ALWAYS_BLOCKING: Readonly<Record<GateMode, readonly Severity[]>> = {
  "qt-exit": [1, 2, "unclassified"],
  "sev1-only": [1, "unclassified"],
};

/**
 * `passed-with-issues` comes only from the `sev1-only` mode, while a Sev2 that the QT exit gate would block on is
 * outstanding: the pipeline shows SucceededWithIssues, never a plain pass.
 */
export type GateOutcome = "passed" | "passed-with-issues" | "blocked" | "cannot-assess";

/**
 * What a pipeline publishes as output variables. A count is `null` when it was not read: the task publishes it
 * as an empty value, never as 0, so `eq(variables['sev1Outstanding'], 0)` cannot hold after a failed read.
 */
export interface GateOutputs {
  outcome: GateOutcome;
  verdict: Verdict;
  sev1Outstanding: number | null;
  sev2Outstanding: number | null;
  unclassifiedOutstanding: number | null;
  executionPercent: number | null;
  /** The lifecycle stage (docs/lifecycle.md), e.g. executing or qualified; cannot-assess when the gate could not. */
  stage: StageId;
  /** Comma-separated ids, worst severity first; empty when the gate could not assess. */
  blockingDefectIds: string;
}

export interface GateDecision {
  outcome: GateOutcome;
  mode: GateMode;
  /** One line a release owner reads in the pipeline's result. */
  reason: string;
  /** Outstanding defects that block, unclassified and most severe first, then by id. */
  blockingDefects: AssessedDefect[];
  /** Outstanding defects the QT exit gate would block on but this mode does not (sev1-only: Sev2). */
  notGated: AssessedDefect[];
  /** Criteria beyond the defect counts that block (E4 when full execution is required). */
  unmetCriteria: CriterionResult[];
  /** Outstanding Sev3/Sev4 defects that do not block here but lack an impact assessment, mitigation or agreement. */
  mitigationGaps: AssessedDefect[];
  /** Why the assessment could not be made (cannot-assess only). */
  problems: string[];
  outputs: GateOutputs;
}

const rank = (d: AssessedDefect) => (d.severity === "unclassified" ? 0 : d.severity);

const BLOCK_ON_HELP =
  "Use Sev1 to Sev5 (or 1 to 5), comma-separated: Sev1, Sev2 and unclassified defects always block the QT exit gate, and blockOn can add Sev3, Sev4 or Sev5.";

/**
 * Reads a `blockOn` setting: "Sev3", "3, 4", "sev3;sev5" or a list of those; empty means nothing added. Sev1 and
 * Sev2 are accepted (they block anyway), so "Sev1,Sev2" reads as nothing added.
 */
export function parseBlockOn(input: string | readonly string[]): Result<SeverityLevel[]> {
  const parts = (typeof input === "string" ? [input] : input)
    .flatMap((s) => s.split(/[,;\n]/))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const levels = new Set<SeverityLevel>();
  const bad: string[] = [];
  for (const part of parts) {
    const match = /^(?:sev(?:erity)?\s*)?([1-5])$/i.exec(part);
    const level = match ? (Number(match[1]) as SeverityLevel) : undefined;
    if (level && SEVERITY_LEVELS.includes(level)) levels.add(level);
    else bad.push(part);
  }
  if (bad.length > 0) return fail(`Not a severity: ${bad.map((b) => JSON.stringify(b)).join(", ")}. ${BLOCK_ON_HELP}`);
  return ok([...levels].sort((a, b) => a - b));
}

/** Reads a mode as the task (`qtExit`, `sev1Only`) or the CLI (`qt-exit`, `sev1-only`) writes it. */
export function parseGateMode(input: string | undefined): Result<GateMode> {
  const text = (input ?? "").trim();
  if (text === "") return ok("qt-exit");
  const key = text.toLowerCase().replace(/[-_\s]/g, "");
  if (key === "qtexit") return ok("qt-exit");
  if (key === "sev1only") return ok("sev1-only");
  return fail(
    `Not a gate mode: ${JSON.stringify(text)}. Use qtExit (the QT exit gate: Sev1, Sev2 and unclassified always block) or sev1Only (a lighter check, not the QT exit gate: Sev1 and unclassified block, Sev2 only warns).`,
  );
}

/** The options a surface was given, checked together: the sev1-only check takes neither blockOn nor E4. */
export function gateOptionsFrom(input: {
  mode?: string;
  blockOn?: string;
  requireFullExecution?: boolean;
}): Result<GateOptions> {
  const mode = parseGateMode(input.mode);
  if (!mode.ok) return mode;
  const blockOn = parseBlockOn(input.blockOn ?? "");
  if (!blockOn.ok) return blockOn;
  const requireFullExecution = input.requireFullExecution ?? false;
  if (mode.value === "sev1-only") {
    const errors: string[] = [];
    if (blockOn.value.length > 0)
      errors.push(
        "blockOn applies to the QT exit gate only: the sev1Only check blocks on Sev1 and unclassified defects and warns on Sev2. Leave blockOn empty, or use the QT exit gate.",
      );
    if (requireFullExecution)
      errors.push("requireFullExecution applies to the QT exit gate only: use the QT exit gate to require E4.");
    if (errors.length > 0) return fail(...errors);
  }
  return ok({ mode: mode.value, blockOn: blockOn.value, requireFullExecution });
}

function countOutstanding(a: Assessment, severity: AssessedDefect["severity"]): number {
  return a.defectCounts.find((c) => c.severity === severity)?.outstanding ?? 0;
}

/** The outputs of a gate that could not assess: nothing was counted, so no count is published. */
export const CANNOT_ASSESS_OUTPUTS: GateOutputs = {
  outcome: "cannot-assess",
  verdict: "cannot-assess",
  sev1Outstanding: null,
  sev2Outstanding: null,
  unclassifiedOutstanding: null,
  executionPercent: null,
  stage: "cannot-assess",
  blockingDefectIds: "",
};

export function decideGate(a: Assessment, options: GateOptions = DEFAULT_GATE_OPTIONS): GateDecision {
  const mode = options.mode ?? "qt-exit";
  // Additive only: whatever options say, what the mode always blocks on stays in.
  const blockOn = new Set<Severity>([...ALWAYS_BLOCKING[mode], ...options.blockOn]);
  const qtExitBlocks = new Set<Severity>([...ALWAYS_BLOCKING["qt-exit"], ...options.blockOn]);
  const byRank = (x: AssessedDefect, y: AssessedDefect) => rank(x) - rank(y) || x.id - y.id;
  const outstanding = a.defects.filter((d) => d.outstanding);
  const blockingDefects = outstanding.filter((d) => blockOn.has(d.severity)).sort(byRank);
  const notGated = outstanding.filter((d) => !blockOn.has(d.severity) && qtExitBlocks.has(d.severity)).sort(byRank);
  const mitigationGaps = outstanding
    .filter(
      (d) =>
        (d.severity === 3 || d.severity === 4) &&
        !blockOn.has(d.severity) &&
        (!d.hasImpact || !d.hasMitigation || d.agreement !== "present"),
    )
    .sort((x, y) => x.id - y.id);
  const notTheExitGate = mode === "sev1-only" ? " (the Sev1-only check, not the QT exit gate)" : "";

  // Fail closed: an assessment that could not be made, or a defect criterion the engine could not judge, is never
  // a pass, whatever the counts say; and nothing it did not read is published as a count.
  const defectCriteria = a.criteria.filter((c) => c.id === "E1" || c.id === "E2");
  const unjudged = defectCriteria.filter((c) => c.status === "unknown");
  const missingDefectCriteria = a.route === "QT" && new Set(defectCriteria.map((c) => c.id)).size < 2;
  const cannotAssess = (problems: string[], reason: string): GateDecision => ({
    outcome: "cannot-assess",
    mode,
    reason,
    blockingDefects: [],
    notGated: [],
    unmetCriteria: [],
    mitigationGaps: [],
    problems,
    outputs: CANNOT_ASSESS_OUTPUTS,
  });
  if (a.verdict === "cannot-assess" || unjudged.length > 0 || missingDefectCriteria || !a.counted.defects) {
    const unjudgedReasons = unjudged.flatMap((c) => c.reasons.map((r) => r.message));
    const problems = a.problems.length > 0 ? a.problems : unjudgedReasons.length > 0 ? unjudgedReasons : [a.summary];
    return cannotAssess(problems, `Cannot assess ${a.participantRole}: ${problems[0]}`);
  }
  // What "full execution" means on each route: E4 on the QT route; on the SIT route, the SIT completion report
  // reviewed (S1) and every governing body's approval (S2), since no QT test points are executed there.
  const required = requiredCriteria(a.route);
  if (options.requireFullExecution && !required.every((id) => a.criteria.some((c) => c.id === id))) {
    const named =
      required.length === 1 ? `${required[0]} (full execution) criterion` : `${required.join(" and ")} criteria`;
    const problem = `${a.participantRole} has no ${named} on the ${a.route} route, so full execution cannot be required.`;
    return cannotAssess([problem], `Cannot assess: ${problem}`);
  }

  const unmetCriteria = options.requireFullExecution
    ? a.criteria.filter((c) => required.includes(c.id) && c.status !== "met")
    : [];
  const outputs: GateOutputs = {
    outcome: "passed",
    verdict: a.verdict,
    sev1Outstanding: countOutstanding(a, 1),
    sev2Outstanding: countOutstanding(a, 2),
    unclassifiedOutstanding: countOutstanding(a, "unclassified"),
    executionPercent: a.counted.points ? a.coverage.executionPercent : null,
    stage: a.stage.id,
    blockingDefectIds: blockingDefects.map((d) => d.id).join(","),
  };
  const decided = (outcome: GateOutcome, reason: string): GateDecision => ({
    outcome,
    mode,
    reason,
    blockingDefects,
    notGated,
    unmetCriteria,
    mitigationGaps,
    problems: [],
    outputs: { ...outputs, outcome },
  });

  const parts: string[] = [];
  if (blockingDefects.length > 0)
    parts.push(`${countsText(blockingDefects)} outstanding (${idsText(blockingDefects)})`);
  for (const c of unmetCriteria) parts.push(`${c.id} ${c.status}: ${c.reasons[0]?.message ?? c.title}`);
  if (parts.length > 0)
    return decided("blocked", `${a.participantRole} is blocked: ${parts.join("; ")}${notTheExitGate}`);

  const gaps =
    mitigationGaps.length > 0 ? `; ${mitigationGaps.length} Sev3/Sev4 without impact, mitigation or agreement` : "";
  if (notGated.length > 0)
    return decided(
      "passed-with-issues",
      `${a.participantRole} passes the Sev1-only check with ${countsText(notGated)} outstanding (${idsText(notGated)}), which the QT exit gate would block on${gaps}: this is not the QT exit gate`,
    );
  const levels = SEVERITY_LEVELS.filter((l) => blockOn.has(l))
    .map((l) => severityLabel(l))
    .join("/");
  return decided(
    "passed",
    `${a.participantRole} passes: no outstanding ${levels} or unclassified defects` +
      (options.requireFullExecution
        ? `, and ${required.join(" and ")} ${required.length > 1 ? "are" : "is"} met`
        : "") +
      gaps +
      notTheExitGate,
  );
}

/** The criteria `requireFullExecution` requires met on a route. */
export function requiredCriteria(route: string): string[] {
  return route === "SIT" ? ["S1", "S2"] : ["E4"];
}

/** "2 Sev1, 1 Unclassified": counts by severity, in the order a reader weighs them. */
function countsText(defects: readonly AssessedDefect[]): string {
  return [...SEVERITY_LEVELS, "unclassified" as const]
    .map((severity: Severity) => ({ severity, n: defects.filter((d) => d.severity === severity).length }))
    .filter((c) => c.n > 0)
    .map((c) => `${c.n} ${severityLabel(c.severity)}`)
    .join(", ");
}

function idsText(defects: readonly AssessedDefect[]): string {
  return `${defects
    .slice(0, 5)
    .map((d) => `#${d.id}`)
    .join(", ")}${defects.length > 5 ? ", …" : ""}`;
}
