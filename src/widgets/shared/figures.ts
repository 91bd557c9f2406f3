/**
 * The figures a widget shows, computed from the engine's assessments exactly as the hub's portfolio does (the same
 * counts, the same "days left"), plus what a small tile needs: the one number that matters for a verdict, and the
 * participant-roles furthest from exit. Pure.
 */
import { Assessment, CriterionResult, Verdict, VERDICTS, verdictRank } from "../../core/assessment";
import { itemLabel } from "../../core/item-names";

export interface ExitFigures {
  /** Outstanding Sev1 defects, unclassified ones included (they count as Sev1 until mapped). */
  sev1: number;
  sev2: number;
  unclassified: number;
  /** Outstanding Sev3/Sev4 defects still lacking an impact assessment, a plan or a current agreement (E3). */
  sev34AwaitingMitigation: number;
  /** Points that still need a waiver or descope: missing, plus stale ones. */
  waiversPending: number;
  /** Days left in the window, "Closed", or "—" without a window. */
  daysLeft: string;
}

function outstanding(a: Assessment, severity: 1 | 2 | "unclassified"): number {
  return a.defectCounts.find((c) => c.severity === severity)?.outstanding ?? 0;
}

export function daysLeftText(a: Assessment): string {
  const w = a.window;
  if (!w) return "—";
  if (w.phase === "closed" || w.daysLeft < 0) return "Closed";
  return w.daysLeft === 1 ? "1 day" : `${w.daysLeft} days`;
}

export function exitFigures(a: Assessment): ExitFigures {
  const unclassified = outstanding(a, "unclassified");
  return {
    sev1: outstanding(a, 1) + unclassified,
    sev2: outstanding(a, 2),
    unclassified,
    sev34AwaitingMitigation: a.mitigationGaps,
    waiversPending: a.waivers.missing + a.waivers.stale,
    daysLeft: daysLeftText(a),
  };
}

/** What a compact tile says beside the verdict: the one figure that most decides what happens next. */
export interface Headline {
  value: string;
  label: string;
  /** Shown in the error colour: something blocks exit. */
  alarm: boolean;
}

export function headline(a: Assessment): Headline {
  const f = exitFigures(a);
  if (a.verdict === "cannot-assess") return { value: "?", label: "cannot be assessed", alarm: true };
  if (f.sev1 + f.sev2 > 0) return { value: String(f.sev1 + f.sev2), label: "Sev1/Sev2 outstanding", alarm: true };
  if (f.sev34AwaitingMitigation > 0)
    return { value: String(f.sev34AwaitingMitigation), label: "Sev3/4 awaiting mitigation", alarm: true };
  if (f.waiversPending > 0) return { value: String(f.waiversPending), label: "waivers pending", alarm: true };
  if (a.verdict === "not-ready" && a.coverage.planned > 0 && a.coverage.executionPercent < 100)
    return { value: `${Math.floor(a.coverage.executionPercent)}%`, label: "executed", alarm: false };
  if (a.verdict === "ready-to-submit") return { value: "E5", label: "completion report to submit", alarm: false };
  if (f.daysLeft === "—") return { value: "—", label: "no window", alarm: false };
  return { value: f.daysLeft, label: f.daysLeft === "Closed" ? "execution window" : "left", alarm: false };
}

const ITEMS_IN_TOOLTIP = 3;

/**
 * A criterion's reasons as one line for a tooltip, each naming its first items as an assurer knows them (test case
 * and configuration, defect number): "2 test points failed without an approved waiver: Register a new MPAN · UIT,
 * Change of supplier · UIT."
 */
export function criterionTooltip(c: CriterionResult): string {
  return c.reasons
    .map((r) => {
      if (r.items.length === 0) return r.message;
      const named = r.items.slice(0, ITEMS_IN_TOOLTIP).map(itemLabel).join(", ");
      const more = r.items.length > ITEMS_IN_TOOLTIP ? ` and ${r.items.length - ITEMS_IN_TOOLTIP} more` : "";
      return `${r.message.replace(/\.$/, "")}: ${named}${more}.`;
    })
    .join(" ");
}

export type VerdictCounts = Record<Verdict, number>;

export function verdictCounts(assessments: readonly Assessment[]): VerdictCounts {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as VerdictCounts;
  for (const a of assessments) counts[a.verdict] += 1;
  return counts;
}

/** Outstanding defects that block exit: Sev1 (with unclassified) and Sev2. */
export function blockingDefects(a: Assessment): number {
  const f = exitFigures(a);
  return f.sev1 + f.sev2;
}

/**
 * Furthest from exit first: the worst verdict (cannot assess first, as the hub orders it: it must never pass for
 * ready), then the most blocking defects, then the least executed; the key breaks ties so the order is stable.
 */
export function furthestFromExit(assessments: readonly Assessment[], count: number): Assessment[] {
  return [...assessments]
    .sort(
      (a, b) =>
        verdictRank(a.verdict) - verdictRank(b.verdict) ||
        blockingDefects(b) - blockingDefects(a) ||
        a.coverage.executionPercent - b.coverage.executionPercent ||
        (a.participantRole < b.participantRole ? -1 : a.participantRole > b.participantRole ? 1 : 0),
    )
    .slice(0, count);
}
