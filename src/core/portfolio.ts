import { Approvals } from "./approvals";
import { Assessment, VERDICTS, Verdict } from "./assessment";
import { assessWith, createAssessmentContext } from "./assess";
import { ParticipantRoleFacts } from "./facts";
import { Settings } from "./settings";

export type VerdictCounts = Record<Verdict, number>;

export interface PortfolioGroup {
  /** The window id, role code or governing body the group is for. */
  key: string;
  label: string;
  total: number;
  verdicts: VerdictCounts;
  outstandingSev1: number;
  outstandingSev2: number;
  outstandingUnclassified: number;
  mitigationGaps: number;
  waiversMissing: number;
  /** Planned-weighted execution across the group, in percent. */
  executionPercent: number;
  /**
   * Members whose defects, or whose test points, were not read completely: the sums above leave them out (they
   * are at least what they say), rather than adding zeros that were never read.
   */
  defectsNotCounted: number;
  pointsNotCounted: number;
}

export interface Portfolio {
  assessedAt: string;
  assessments: Assessment[];
  overall: PortfolioGroup;
  byWindow: PortfolioGroup[];
  byRole: PortfolioGroup[];
  byGoverningBody: PortfolioGroup[];
}

const zeroVerdicts = (): VerdictCounts => Object.fromEntries(VERDICTS.map((v) => [v, 0])) as VerdictCounts;

function outstanding(a: Assessment, severity: 1 | 2 | "unclassified"): number {
  return a.defectCounts.find((c) => c.severity === severity)?.outstanding ?? 0;
}

function group(key: string, label: string, members: readonly Assessment[]): PortfolioGroup {
  const verdicts = zeroVerdicts();
  let planned = 0;
  let executed = 0;
  const g = {
    key,
    label,
    total: members.length,
    verdicts,
    outstandingSev1: 0,
    outstandingSev2: 0,
    outstandingUnclassified: 0,
    mitigationGaps: 0,
    waiversMissing: 0,
    executionPercent: 0,
    defectsNotCounted: 0,
    pointsNotCounted: 0,
  };
  for (const a of members) {
    verdicts[a.verdict]++;
    if (a.counted.defects) {
      g.outstandingSev1 += outstanding(a, 1);
      g.outstandingSev2 += outstanding(a, 2);
      g.outstandingUnclassified += outstanding(a, "unclassified");
      g.mitigationGaps += a.mitigationGaps;
    } else g.defectsNotCounted++;
    if (a.counted.points) {
      g.waiversMissing += a.waivers.missing + a.waivers.stale;
      planned += a.coverage.planned;
      executed += a.coverage.executed;
    } else g.pointsNotCounted++;
  }
  g.executionPercent = planned === 0 ? 0 : Math.round((executed / planned) * 10000) / 100;
  return g;
}

function groupBy(
  assessments: readonly Assessment[],
  keysOf: (a: Assessment) => string[],
  labelOf: (key: string) => string,
): PortfolioGroup[] {
  const buckets = new Map<string, Assessment[]>();
  for (const a of assessments) {
    for (const k of keysOf(a)) {
      const list = buckets.get(k);
      if (list) list.push(a);
      else buckets.set(k, [a]);
    }
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, members]) => group(k, labelOf(k), members));
}

/** Assesses many participant-roles with one context (settings checked and lookups compiled once). */
export function assessPortfolio(
  facts: readonly ParticipantRoleFacts[],
  settings: Settings,
  approvals: Approvals,
  now: Date,
): Portfolio {
  const ctx = createAssessmentContext(settings, approvals);
  const assessments = facts.map((f) => assessWith(ctx, f, now));
  return summarisePortfolio(assessments, settings, now);
}

export function summarisePortfolio(assessments: Assessment[], settings: Settings, now: Date): Portfolio {
  const windowName = new Map(settings.windows.map((w) => [w.id, w.name]));
  const roleName = new Map(settings.roles.map((r) => [r.code, r.name]));
  return {
    assessedAt: now.toISOString(),
    assessments,
    overall: group("all", "All participant-roles", assessments),
    byWindow: groupBy(
      assessments,
      (a) => [a.route === "SIT" ? "sit" : (a.window?.id ?? "unknown")],
      (k) => (k === "sit" ? "SIT route" : (windowName.get(k) ?? `Unknown window (${k})`)),
    ),
    byRole: groupBy(
      assessments,
      (a) => [a.roleCode],
      (k) => `${roleName.get(k) ?? "Unknown role"} (${k})`,
    ),
    byGoverningBody: groupBy(
      assessments,
      (a) => (a.governingBodies.length > 0 ? a.governingBodies : ["unknown"]),
      (k) => (k === "unknown" ? "No governing body" : k),
    ),
  };
}
