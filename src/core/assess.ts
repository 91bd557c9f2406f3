import { Approvals, EntryItemRecord, MitigationAgreement, ScopeBaseline, Waiver, normaliseText } from "./approvals";
import {
  AgreementState,
  AssessedDefect,
  AssessedPoint,
  Assessment,
  Coverage,
  CriterionResult,
  CriterionStatus,
  DefectCount,
  EntryChecklistItem,
  ItemRef,
  Reason,
  SignOffState,
  SuiteCoverage,
  Verdict,
  WaiverState,
  WindowState,
} from "./assessment";
import { ENTRY_CRITERIA, SIT_COMPLETION_REVIEW_ITEM } from "./entry-criteria";
import { ParticipantRoleFacts, PointFact, ProgrammeMetadata } from "./facts";
import { PointStatus, readOutcome } from "./outcomes";
import { parseParticipantRole } from "./participant-role";
import { consensus } from "./consensus";
import { decisionsOn, earlierWindow, lifecycleStage, reviewedSubmission } from "./lifecycle";
import { milestoneState } from "./milestones";
import { GoverningBody, RoleDefinition, findRole } from "./roles";
import { RegistryEntry, Settings, registryKey } from "./settings";
import { ClassifiedSeverity, SEVERITIES, Severity, compileSeverityMapping } from "./severity";
import { OutstandingReading, compileOutstanding } from "./states";
import { formatSettingsErrors, validateSettings } from "./validate-settings";
import { windowTiming } from "./windows";

/**
 * What the engine prepares once and reuses for every participant-role of a read: validated settings, compiled
 * severity and state lookups, and approvals indexed by participant-role.
 */
export interface AssessmentContext {
  settings: Settings;
  settingsProblems: string[];
  classifySeverity: (raw: unknown) => ClassifiedSeverity;
  registry: Map<string, RegistryEntry>;
  approvals: Approvals;
  approvalsByRole: Map<string, RoleApprovals>;
  outstandingFor: (metadata: ProgrammeMetadata) => ReturnType<typeof compileOutstanding>;
}

interface RoleApprovals {
  /** Window id → point id → body → that body's latest waiver record for the point. */
  waivers: Map<string, Map<number, Map<GoverningBody, Waiver>>>;
  /** Defect id → body → that body's latest agreement. */
  agreements: Map<number, Map<GoverningBody, MitigationAgreement>>;
  approvals: Approvals;
}

const EMPTY_ROLE_APPROVALS = (approvals: Approvals): RoleApprovals => ({
  waivers: new Map(),
  agreements: new Map(),
  approvals,
});

export function createAssessmentContext(settings: Settings, approvals: Approvals): AssessmentContext {
  const validation = validateSettings(settings);
  const settingsProblems = validation.valid
    ? []
    : formatSettingsErrors(validation.errors).map((e) => `Settings are invalid: ${e}`);
  const defects = settings?.defects;
  const classifySeverity = compileSeverityMapping({
    map: defects?.severityMap ?? {},
    inferFromNumber: defects?.inferSeverityFromNumber ?? false,
  });
  const registry = new Map<string, RegistryEntry>();
  for (const entry of settings?.registry ?? []) registry.set(registryKey(entry), entry);

  const approvalsByRole = new Map<string, RoleApprovals>();
  const forRole = (key: string) => {
    let found = approvalsByRole.get(key);
    if (!found) approvalsByRole.set(key, (found = EMPTY_ROLE_APPROVALS(approvals)));
    return found;
  };
  // Each body's latest record for a point or defect is its word; a revoked latest record means none.
  const latestOf = <K, T extends { body: GoverningBody }>(map: Map<K, Map<GoverningBody, T>>, key: K, item: T) => {
    let byBody = map.get(key);
    if (!byBody) map.set(key, (byBody = new Map()));
    byBody.set(item.body, item);
  };
  for (const w of approvals.waivers) {
    const byWindow = forRole(w.participantRole).waivers;
    let byPoint = byWindow.get(w.window);
    if (!byPoint) byWindow.set(w.window, (byPoint = new Map()));
    latestOf(byPoint, w.pointId, w);
  }
  for (const a of approvals.mitigationAgreements) latestOf(forRole(a.participantRole).agreements, a.defectId, a);
  const dropRevoked = <T extends { revoked?: unknown }>(byBody: Map<GoverningBody, T>) => {
    for (const [body, item] of byBody) if (item.revoked) byBody.delete(body);
  };
  for (const role of approvalsByRole.values()) {
    for (const byPoint of role.waivers.values()) for (const byBody of byPoint.values()) dropRevoked(byBody);
    for (const byBody of role.agreements.values()) dropRevoked(byBody);
  }

  const compiledOutstanding = new WeakMap<ProgrammeMetadata, ReturnType<typeof compileOutstanding>>();
  const overrides = defects?.stateOverrides ?? [];
  return {
    settings,
    settingsProblems,
    classifySeverity,
    registry,
    approvals,
    approvalsByRole,
    outstandingFor: (metadata) => {
      let lookup = compiledOutstanding.get(metadata);
      if (!lookup) compiledOutstanding.set(metadata, (lookup = compileOutstanding(metadata, overrides)));
      return lookup;
    },
  };
}

/** The one assessment every surface shows. Pure: `now` is the only notion of time. */
export function assess(facts: ParticipantRoleFacts, settings: Settings, approvals: Approvals, now: Date): Assessment {
  return assessWith(createAssessmentContext(settings, approvals), facts, now);
}

const CRITERION_TITLES = {
  E1: "No outstanding Sev1 defects",
  E2: "No outstanding Sev2 defects",
  E3: "Outstanding Sev3/Sev4 defects have an impact assessment and an agreed mitigation plan",
  E4: "100% test execution, with Code Body approval for every test that did not pass",
  E5: "QT Completion Report submitted",
  S1: "SIT completion report reviewed by the Code Bodies",
  S2: "Approval from every governing Code Body",
} as const;

const reason = (code: string, message: string, items: ItemRef[] = []): Reason => ({ code, message, items });
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10000) / 100);

export function assessWith(ctx: AssessmentContext, facts: ParticipantRoleFacts, now: Date): Assessment {
  const problems: string[] = [...ctx.settingsProblems];
  const parsed = parseParticipantRole(facts.participantRole);
  if (!parsed.ok) problems.push(...parsed.errors);
  const key = facts.participantRole;
  const entry = ctx.registry.get(key);
  if (!entry) problems.push(`${key} is not in the participant registry: add it in settings before it can be assessed.`);
  const role: RoleDefinition | undefined = entry
    ? findRole(ctx.settings.roles, entry.roleCode)
    : parsed.ok
      ? findRole(ctx.settings.roles ?? [], parsed.value.roleCode)
      : undefined;
  const windowDef = entry?.window ? ctx.settings.windows.find((w) => w.id === entry.window) : undefined;
  if (entry?.window && !windowDef) problems.push(`${key}: its window "${entry.window}" is not defined in settings.`);
  const route = entry?.route ?? "QT";
  if (route === "QT" && entry && !entry.window)
    problems.push(`${key} is on the QT route but has no window in settings.`);

  const window: WindowState | undefined = windowDef && {
    id: windowDef.id,
    name: windowDef.name,
    executionStart: windowDef.execution.start,
    executionEnd: windowDef.execution.end,
    ...windowTiming(windowDef, now),
  };
  const windowId = windowDef?.id ?? "";
  const roleApprovals = ctx.approvalsByRole.get(key) ?? EMPTY_ROLE_APPROVALS(ctx.approvals);

  const agree: Agreement = {
    bodies: role?.governingBodies ?? [],
    mode: ctx.settings?.bodiesMustAgree ?? "all",
  };
  const baseline = scopeBaselineOf(roleApprovals.approvals, key, windowId, agree.bodies);
  const points = assessPoints(withRemovedPoints(facts.points, baseline), roleApprovals, windowId, agree);
  const coverage = points.coverage;
  const coverageBySuite = points.bySuite;

  const pointsKnown = facts.completeness.points.complete;
  if (!facts.completeness.points.complete)
    problems.push(`Test points were not read completely: ${facts.completeness.points.reason}`);
  let defectsKnown = facts.completeness.defects.complete && facts.metadata.completeness.complete;
  if (!facts.completeness.defects.complete)
    problems.push(`Defects were not read completely: ${facts.completeness.defects.reason}`);
  if (!facts.metadata.completeness.complete) {
    problems.push(`Work item metadata was not read completely: ${facts.metadata.completeness.reason}`);
  }

  const defects = assessDefects(ctx, facts, roleApprovals, agree);
  if (defects.unknownTypes.length > 0) {
    defectsKnown = false;
    const types = [...new Set(defects.unknownTypes.map((d) => d.workItemType))];
    problems.push(
      `No states were read for work item type ${types.map((t) => `"${t}"`).join(", ")}, so ${plural(defects.unknownTypes.length, "defect")} cannot be judged outstanding or not.`,
    );
  }

  // Entry is per window: a re-entry follows every entry criterion again.
  const entryRecords = entryRecordsFor(
    roleApprovals.approvals,
    key,
    windowId,
    (entry?.previousWindows ?? []).length,
    role?.governingBodies ?? [],
  );
  const reviewed = route === "QT" ? reviewedSubmission(roleApprovals.approvals, key, windowId) : undefined;
  const decisions = decisionsOn(
    roleApprovals.approvals.signOffs,
    key,
    windowId,
    role?.approvers ?? [],
    reviewed?.sha256,
    route,
  );
  const sitReport = entryRecords.get(SIT_COMPLETION_REVIEW_ITEM);
  const criteria: CriterionResult[] =
    route === "SIT"
      ? sitCriteria(sitReport, decisions, agree.mode)
      : qtCriteria({
          defects: defects.assessed,
          defectsKnown,
          points: points.assessed,
          pointsKnown,
          coverage,
          key,
          windowId,
          approvals: roleApprovals.approvals,
          windowKnown: !!windowDef,
        });

  const verdict = decideVerdict(route, criteria, problems);
  const entryChecklist = buildEntryChecklist(entryRecords, facts.testCaseCount);
  const stage = lifecycleStage({
    route,
    verdict,
    criteria,
    entryChecklist,
    decisions,
    bodiesMustAgree: agree.mode,
    submission: reviewed && {
      sha256: reviewed.sha256,
      submittedAt: reviewed.submittedAt,
      submittedBy: reviewed.submittedBy.displayName,
    },
    sitReport: sitReport && {
      status: sitReport.status,
      by: sitReport.by.displayName,
      at: sitReport.at,
      note: sitReport.note,
    },
  });
  const submissions = roleApprovals.approvals.submissions
    .filter((s) => s.participantRole === key && s.window === windowId)
    .map((s) => ({
      sha256: s.sha256,
      submittedAt: s.submittedAt,
      submittedBy: s.submittedBy.displayName,
      verdictAtSubmission: s.verdictAtSubmission,
    }));

  return {
    participantRole: key,
    mpid: entry?.mpid ?? (parsed.ok ? parsed.value.mpid : ""),
    roleCode: entry?.roleCode ?? (parsed.ok ? parsed.value.roleCode : ""),
    participantName: entry?.participantName ?? "",
    roleName: role?.name ?? "",
    governingBodies: role?.governingBodies ?? [],
    route,
    window,
    assessedAt: now.toISOString(),
    verdict,
    stage,
    summary: summarise(verdict, criteria, problems),
    problems,
    criteria,
    counted: {
      points: pointsKnown && !!entry,
      // Severities and states are classified by the settings: invalid settings leave the counts unjudged.
      defects: defectsKnown && !!entry && ctx.settingsProblems.length === 0,
    },
    coverage,
    coverageBySuite,
    points: points.assessed,
    defects: defects.assessed,
    defectCounts: defects.counts,
    mitigationGaps: defects.assessed.filter(isMitigationGap).length,
    waivers: points.waivers,
    entryChecklist,
    entryCriteriaMet: entryChecklist.every((i) => i.necessity !== "must" || i.status === "accepted"),
    signOffs: decisions,
    ...((entry?.previousWindows ?? []).length > 0
      ? {
          earlierWindows: (entry?.previousWindows ?? []).map((id) => {
            const w = ctx.settings.windows.find((x) => x.id === id);
            return earlierWindow(
              roleApprovals.approvals,
              key,
              { id, name: w?.name ?? id, executionEnd: w?.execution.end },
              role?.approvers ?? [],
              agree.mode,
            );
          }),
        }
      : {}),
    ...withMilestone(milestoneState(role?.milestone, windowDef?.execution.end, stage.id, now)),
    ...(baseline ? { scopeBaseline: scopeSummary(baseline, facts.points) } : {}),
    ...(route === "SIT" && sitReport
      ? {
          sitReport: {
            status: sitReport.status,
            by: sitReport.by.displayName,
            at: sitReport.at,
            ...(sitReport.note ? { note: sitReport.note } : {}),
            ...(sitReport.evidenceUrl ? { evidenceUrl: sitReport.evidenceUrl } : {}),
          },
        }
      : {}),
    submissions,
  };
}

/** Counts points by status as they stream past, so coverage needs no second pass and no per-suite lists. */
class CoverageTally {
  private readonly counts: Record<PointStatus, number> = {
    passed: 0,
    failed: 0,
    blocked: 0,
    "not-run": 0,
    descoped: 0,
    "in-progress": 0,
  };
  private planned = 0;
  private waived = 0;

  add(status: PointStatus, waiver: WaiverState): void {
    this.counts[status]++;
    this.planned++;
    if (waiver === "present") this.waived++;
  }

  coverage(): Coverage {
    const { counts, planned, waived } = this;
    // Executed means a run completed with a verdict: a blocked point has not been tested yet (issue 16, item 4).
    const executed = counts.passed + counts.failed;
    return {
      planned,
      executed,
      passed: counts.passed,
      failed: counts.failed,
      blocked: counts.blocked,
      notRun: counts["not-run"],
      descoped: counts.descoped,
      inProgress: counts["in-progress"],
      waived,
      executionPercent: percent(executed, planned),
      passRateOfExecuted: percent(counts.passed, executed),
      passRateOfPlanned: percent(counts.passed, planned),
      completionPercent: percent(counts.passed + waived, planned),
    };
  }
}

interface SuiteBucket {
  planId: number;
  planName?: string;
  suiteId: number;
  suiteName?: string;
  tally: CoverageTally;
}

/**
 * Whether a waiver still speaks for the point: given for its current outcome and, when the waiver is bound to a
 * result, for its current result — a newer result stales it even with the same outcome (fail, waived, pass, fail
 * again: the old waiver does not cover the new failure).
 */
function approvedForThisResult(
  waiver: Pick<Waiver, "outcomeAtApproval" | "resultAtApproval">,
  point: Pick<PointFact, "lastRunId" | "lastResultId">,
  outcome: string,
): boolean {
  if (waiver.outcomeAtApproval !== outcome) return false;
  const bound = waiver.resultAtApproval;
  return !bound || (bound.runId === (point.lastRunId ?? null) && bound.resultId === (point.lastResultId ?? null));
}

const NONE: readonly GoverningBody[] = [];

interface Agreement {
  bodies: readonly GoverningBody[];
  mode: "all" | "any";
}

function assessPoints(rawPoints: readonly PointFact[], approvals: RoleApprovals, windowId: string, agree: Agreement) {
  const assessed: AssessedPoint[] = [];
  const overall = new CoverageTally();
  const suites: SuiteBucket[] = [];
  const suiteIndex = new Map<number, Map<number, SuiteBucket>>();
  const waivers = { needed: 0, present: 0, stale: 0, missing: 0 };
  const windowWaivers = approvals.waivers.get(windowId);
  for (const p of rawPoints) {
    // An inactive point stays in scope: taking a point out of "100% execution" needs the Code Body's approved
    // descope (QA&P §11.3.3), which deactivating it in Azure DevOps is not.
    const reading = readOutcome(p.outcome);
    let waiver: WaiverState = "not-needed";
    let awaiting: readonly GoverningBody[] = NONE;
    if (reading.status !== "passed") {
      waivers.needed++;
      const agreed = consensus(windowWaivers?.get(p.id), agree.bodies, agree.mode, (w) =>
        approvedForThisResult(w, p, reading.outcome),
      );
      waiver = agreed.state;
      awaiting = agreed.awaiting;
      waivers[waiver]++;
    }
    // A plain literal, with the rare properties set after: spreading conditional objects into a literal costs
    // a runtime copy per point, which at a million points is a third of the engine's time.
    const point: AssessedPoint = {
      kind: "test-point",
      id: p.id,
      title: p.testCaseTitle ?? `Test case ${p.testCaseId}`,
      planId: p.planId,
      suiteId: p.suiteId,
      suiteName: p.suiteName,
      testCaseId: p.testCaseId,
      testCaseTitle: p.testCaseTitle,
      configurationName: p.configurationName,
      status: reading.status,
      outcome: reading.outcome,
      waiver,
      url: p.url,
      testCaseUrl: p.testCaseUrl,
      lastRunId: p.lastRunId,
      lastResultId: p.lastResultId,
      runUrl: p.runUrl,
    };
    if (reading.unrecognised) point.outcomeUnrecognised = true;
    if (!p.isActive) point.deactivated = true;
    if (REMOVED in p) point.removed = true;
    if (waiver !== "present" && waiver !== "not-needed" && awaiting.length < agree.bodies.length)
      point.waiverAwaiting = [...awaiting];
    assessed.push(point);
    overall.add(reading.status, waiver);
    let planSuites = suiteIndex.get(p.planId);
    if (!planSuites) suiteIndex.set(p.planId, (planSuites = new Map()));
    let suite = planSuites.get(p.suiteId);
    if (!suite) {
      suite = {
        planId: p.planId,
        planName: p.planName,
        suiteId: p.suiteId,
        suiteName: p.suiteName,
        tally: new CoverageTally(),
      };
      planSuites.set(p.suiteId, suite);
      suites.push(suite);
    }
    suite.tally.add(reading.status, waiver);
  }
  const bySuite: SuiteCoverage[] = suites
    .sort((a, b) => a.planId - b.planId || a.suiteId - b.suiteId)
    .map((s) => ({
      planId: s.planId,
      planName: s.planName,
      suiteId: s.suiteId,
      suiteName: s.suiteName,
      ...s.tally.coverage(),
    }));
  return { assessed, coverage: overall.coverage(), bySuite, waivers };
}

/** Coverage of any set of assessed points (e.g. a filtered view in a surface). */
export function summariseCoverage(points: readonly Pick<AssessedPoint, "status" | "waiver">[]): Coverage {
  const tally = new CoverageTally();
  for (const p of points) tally.add(p.status, p.waiver);
  return tally.coverage();
}

function assessDefects(
  ctx: AssessmentContext,
  facts: ParticipantRoleFacts,
  approvals: RoleApprovals,
  agree: Agreement,
) {
  const outstandingOf = ctx.outstandingFor(facts.metadata);
  const assessed: AssessedDefect[] = [];
  const unknownTypes: AssessedDefect[] = [];
  const counts = new Map<Severity, DefectCount>(SEVERITIES.map((s) => [s, { severity: s, outstanding: 0, closed: 0 }]));
  for (const d of facts.defects) {
    const { severity } = ctx.classifySeverity(d.severity);
    const reading: OutstandingReading = outstandingOf(d);
    const hasImpact = normaliseText(d.impact) !== "";
    const hasMitigation = normaliseText(d.mitigation) !== "";
    let agreement: AgreementState = "not-needed";
    let awaiting: readonly GoverningBody[] = NONE;
    if (reading.outstanding && (severity === 3 || severity === 4)) {
      const current = {
        severity: normaliseText(d.severity),
        impact: normaliseText(d.impact),
        mitigation: normaliseText(d.mitigation),
      };
      const agreed = consensus(
        approvals.agreements.get(d.id),
        agree.bodies,
        agree.mode,
        (a) =>
          a.agreed.severity === current.severity &&
          a.agreed.impact === current.impact &&
          a.agreed.mitigation === current.mitigation,
      );
      agreement = agreed.state;
      awaiting = agreed.awaiting;
    }
    const defect: AssessedDefect = {
      kind: "defect",
      id: d.id,
      title: d.title,
      workItemType: d.workItemType,
      state: d.state,
      severity,
      severityValue: d.severity === null || d.severity === undefined ? "" : String(d.severity),
      outstanding: reading.outstanding,
      outstandingVia: reading.via,
      hasImpact,
      hasMitigation,
      agreement,
      ...(agreement === "missing" || agreement === "stale"
        ? awaiting.length < agree.bodies.length
          ? { agreementAwaiting: [...awaiting] }
          : {}
        : {}),
      ...(d.resolutionTarget ? { resolutionTarget: d.resolutionTarget } : {}),
      areaPath: d.areaPath,
      url: d.url,
    };
    assessed.push(defect);
    if (reading.via === "unknown-type") unknownTypes.push(defect);
    const count = counts.get(severity)!;
    if (reading.outstanding) count.outstanding++;
    else count.closed++;
  }
  assessed.sort((a, b) => severityOrder(a.severity) - severityOrder(b.severity) || a.id - b.id);
  return { assessed, unknownTypes, counts: [...counts.values()] };
}

const severityOrder = (s: Severity) => (s === "unclassified" ? 0 : s);

export function isMitigationGap(d: AssessedDefect): boolean {
  return (
    d.outstanding &&
    (d.severity === 3 || d.severity === 4) &&
    (!d.hasImpact || !d.hasMitigation || d.agreement !== "present")
  );
}

/** Assessed points and defects are item references already (see AssessedPoint). */
const defectRef = (d: AssessedDefect): ItemRef => d;
const pointRef = (p: AssessedPoint): ItemRef => p;

interface QtInputs {
  defects: AssessedDefect[];
  defectsKnown: boolean;
  points: AssessedPoint[];
  pointsKnown: boolean;
  coverage: Coverage;
  key: string;
  windowId: string;
  windowKnown: boolean;
  approvals: Approvals;
}

function criterion(id: keyof typeof CRITERION_TITLES, status: CriterionStatus, reasons: Reason[]): CriterionResult {
  return { id, title: CRITERION_TITLES[id], status, reasons };
}

/** E1–E5, each a top-level function of the same shape: the inputs in, one criterion out. */
function qtCriteria(input: QtInputs): CriterionResult[] {
  const before = [e1(input), e2(input), e3(input), e4(input)];
  const priorMet = before.every((c) => c.status === "met");
  return [...before, e5(input, priorMet)];
}

/** Outstanding defects in a state with no category: counted as outstanding, and said so. */
function stateNote(list: readonly AssessedDefect[]): Reason[] {
  const unknown = list.filter((d) => d.outstandingVia === "unknown-state");
  return unknown.length === 0
    ? []
    : [
        reason(
          "state-unknown",
          `${plural(unknown.length, "defect")} in a state with no category counted as outstanding.`,
          unknown.map(defectRef),
        ),
      ];
}

const unreadable = (what: string) =>
  reason("defects-unread", `The defects could not all be read, so ${what} cannot be judged.`);

const outstandingOf = (input: QtInputs) => input.defects.filter((d) => d.outstanding);

/** E1: no outstanding Sev1 defects (unclassified ones count as Sev1 until classified). */
function e1(input: QtInputs): CriterionResult {
  return severityCriterion(input, "E1", 1);
}

/** E2: no outstanding Sev2 defects. */
function e2(input: QtInputs): CriterionResult {
  return severityCriterion(input, "E2", 2);
}

function severityCriterion(input: QtInputs, id: "E1" | "E2", level: 1 | 2): CriterionResult {
  const outstanding = outstandingOf(input);
  if (!input.defectsKnown) return criterion(id, "unknown", [unreadable(`Sev${level}`)]);
  const hits = outstanding.filter((d) => d.severity === level);
  const unclassified = level === 1 ? outstanding.filter((d) => d.severity === "unclassified") : [];
  const reasons: Reason[] = [];
  if (hits.length > 0)
    reasons.push(
      reason(
        `sev${level}-outstanding`,
        `${plural(hits.length, `outstanding Sev${level} defect`)}.`,
        hits.map(defectRef),
      ),
    );
  if (unclassified.length > 0) {
    reasons.push(
      reason(
        "unclassified-outstanding",
        `${plural(unclassified.length, "outstanding defect")} with a severity that maps to no QT level, treated as Sev1 until classified (${[...new Set(unclassified.map((d) => JSON.stringify(d.severityValue)))].join(", ")}).`,
        unclassified.map(defectRef),
      ),
    );
  }
  const all = [...hits, ...unclassified];
  reasons.push(...stateNote(all));
  return criterion(id, all.length > 0 ? "unmet" : "met", reasons);
}

/**
 * Where every governing body must agree: the items some bodies approved and others have still to, naming those
 * bodies (none when there are no such items).
 */
function awaitingBodies<T extends ItemRef>(
  items: readonly T[],
  awaiting: (item: T) => readonly string[] | undefined,
  code: string,
  noun: string,
  verb: string,
): Reason[] {
  const partial = items.filter((i) => (awaiting(i)?.length ?? 0) > 0);
  if (partial.length === 0) return [];
  const bodies = [...new Set(partial.flatMap((i) => awaiting(i) ?? []))].join(", ");
  return [
    reason(
      code,
      `${plural(partial.length, noun)} ${verb} by only some of the governing bodies: awaiting ${bodies}.`,
      partial,
    ),
  ];
}

/** E3: every outstanding Sev3/Sev4 defect has an impact assessment and a mitigation plan agreed with the Code Body. */
function e3(input: QtInputs): CriterionResult {
  const outstanding = outstandingOf(input);
  if (!input.defectsKnown) return criterion("E3", "unknown", [unreadable("Sev3/Sev4 mitigation")]);
  const relevant = outstanding.filter((d) => d.severity === 3 || d.severity === 4);
  const noImpact = relevant.filter((d) => !d.hasImpact);
  const noMitigation = relevant.filter((d) => !d.hasMitigation);
  const noAgreement = relevant.filter((d) => d.agreement === "missing" && d.hasImpact && d.hasMitigation);
  const stale = relevant.filter((d) => d.agreement === "stale");
  const groups: [code: string, hits: AssessedDefect[], message: string][] = [
    ["impact-missing", noImpact, `${plural(noImpact.length, "Sev3/Sev4 defect")} without an impact assessment.`],
    [
      "mitigation-missing",
      noMitigation,
      `${plural(noMitigation.length, "Sev3/Sev4 defect")} without a mitigation plan.`,
    ],
    [
      "agreement-missing",
      noAgreement,
      `${plural(noAgreement.length, "mitigation plan")} not yet agreed with the Code Body.`,
    ],
    [
      "agreement-stale",
      stale,
      `${plural(stale.length, "agreement")} out of date: the severity, impact or mitigation changed after it was agreed.`,
    ],
  ];
  const reasons: Reason[] = groups
    .filter(([, hits]) => hits.length > 0)
    .map(([code, hits, message]) => reason(code, message, hits.map(defectRef)));
  reasons.push(
    ...awaitingBodies(relevant, (d) => d.agreementAwaiting, "agreement-awaiting-body", "mitigation plan", "agreed"),
  );
  const unmet = relevant.filter(isMitigationGap);
  reasons.push(...stateNote(unmet));
  if (unmet.length === 0 && relevant.length > 0) {
    reasons.push(
      reason(
        "mitigations-agreed",
        `All ${plural(relevant.length, "outstanding Sev3/Sev4 defect")} have an agreed mitigation.`,
        relevant.map(defectRef),
      ),
    );
  }
  return criterion("E3", unmet.length > 0 ? "unmet" : "met", reasons);
}

/** E4: every point in scope passed, or carries a current waiver or descope. */
function e4(input: QtInputs): CriterionResult {
  if (!input.pointsKnown)
    return criterion("E4", "unknown", [
      reason("points-unread", "The test points could not all be read, so execution cannot be judged."),
    ]);
  if (input.coverage.planned === 0) {
    return criterion("E4", "unmet", [
      reason(
        "nothing-planned",
        "The participant-role's plans hold no test points: there is no execution to judge. Check the plans named in settings.",
      ),
    ]);
  }
  const groups: [string, string, (p: AssessedPoint) => boolean][] = [
    ["points-failed", "failed without an approved waiver", (p) => p.status === "failed"],
    ["points-blocked", "blocked without an approved waiver", (p) => p.status === "blocked"],
    ["points-not-run", "not run and not descoped", (p) => p.status === "not-run"],
    ["points-in-progress", "still in progress", (p) => p.status === "in-progress"],
    ["points-descoped", "marked not applicable without an approved descope", (p) => p.status === "descoped"],
  ];
  const reasons: Reason[] = [];
  const missing = input.points.filter((p) => p.waiver === "missing");
  const outOfPlan = (p: AssessedPoint) => p.deactivated === true || p.removed === true;
  for (const [code, text, test] of groups) {
    const hits = missing.filter((p) => !outOfPlan(p) && test(p));
    if (hits.length > 0)
      reasons.push(reason(code, `${plural(hits.length, "test point")} ${text}.`, hits.map(pointRef)));
  }
  // Taking a point out of the plans is not a descope: only the Code Body's approval is (QA&P §11.3.3).
  const deactivated = missing.filter((p) => p.deactivated && !p.removed);
  if (deactivated.length > 0)
    reasons.push(
      reason(
        "points-deactivated",
        `${plural(deactivated.length, "test point")} deactivated in Azure DevOps without an approved descope: still in scope.`,
        deactivated.map(pointRef),
      ),
    );
  const removed = missing.filter((p) => p.removed);
  if (removed.length > 0)
    reasons.push(
      reason(
        "points-removed",
        `${plural(removed.length, "test point")} of the approved scope no longer in the plans, without an approved descope: still in scope.`,
        removed.map(pointRef),
      ),
    );
  reasons.push(
    ...awaitingBodies(input.points, (p) => p.waiverAwaiting, "waivers-awaiting-body", "test point", "approved"),
  );
  // Never counted silently: an outcome the engine does not know is read as not run, and named (issue 16, item 8).
  const unknownOutcomes = input.points.filter((p) => p.outcomeUnrecognised);
  if (unknownOutcomes.length > 0) {
    const values = [...new Set(unknownOutcomes.map((p) => `"${p.outcome}"`))].slice(0, 5).join(", ");
    reasons.push(
      reason(
        "points-outcome-unrecognised",
        `${plural(unknownOutcomes.length, "test point")} with an outcome Azure DevOps does not define (${values}), read as not run.`,
        unknownOutcomes.map(pointRef),
      ),
    );
  }
  const stale = input.points.filter((p) => p.waiver === "stale");
  if (stale.length > 0)
    reasons.push(
      reason(
        "waivers-stale",
        `${plural(stale.length, "waiver")} out of date: the point has a newer result, or another outcome, than the one approved.`,
        stale.map(pointRef),
      ),
    );
  const waived = input.points.filter((p) => p.waiver === "present");
  if (waived.length > 0)
    reasons.push(
      reason(
        "points-waived",
        `${plural(waived.length, "test point")} not passed but approved by the Code Body.`,
        waived.map(pointRef),
      ),
    );
  const open = missing.length + stale.length;
  const c = input.coverage;
  reasons.unshift(
    reason(
      "execution",
      `${c.executed} of ${c.planned} planned test points executed (${c.executionPercent}%), ${c.passed} passed, ${c.waived} waived or descoped.`,
    ),
  );
  return criterion("E4", open > 0 ? "unmet" : "met", reasons);
}

/** E5: the QT Completion Report was submitted, when E1–E4 were met. */
function e5(input: QtInputs, priorMet: boolean): CriterionResult {
  if (!input.windowKnown)
    return criterion("E5", "unknown", [
      reason("window-unknown", "The participant-role has no known window, so its submission cannot be found."),
    ]);
  const submitted = input.approvals.submissions.filter(
    (s) => s.participantRole === input.key && s.window === input.windowId,
  );
  const valid = submitted.filter(
    (s) => s.verdictAtSubmission === "ready-to-submit" || s.verdictAtSubmission === "exit-criteria-met",
  );
  const refs = (list: typeof submitted): ItemRef[] =>
    list.map((s) => ({
      kind: "report",
      id: s.sha256,
      title: `Submitted ${s.submittedAt} by ${s.submittedBy.displayName}`,
    }));
  if (valid.length > 0) {
    return criterion("E5", "met", [
      reason("report-submitted", "The QT Completion Report has been submitted.", refs(valid.slice(-1))),
    ]);
  }
  if (submitted.length > 0) {
    return criterion("E5", "pending", [
      reason(
        "report-submitted-early",
        "A report was submitted while E1–E4 were not all met; submit again once they are.",
        refs(submitted),
      ),
    ]);
  }
  return criterion("E5", "pending", [
    reason(
      "report-not-submitted",
      priorMet
        ? "E1–E4 are met: the QT Completion Report can now be submitted."
        : "The QT Completion Report is submitted once E1–E4 are met.",
    ),
  ]);
}

function sitCriteria(
  latest: EntryItemRecord | undefined,
  decisions: readonly SignOffState[],
  mode: "all" | "any",
): CriterionResult[] {
  const ref: ItemRef[] = latest
    ? [
        {
          kind: "entry-item",
          id: SIT_COMPLETION_REVIEW_ITEM,
          title: `${latest.status} by ${latest.by.displayName}`,
          url: latest.evidenceUrl,
        },
      ]
    : [];
  const s1 =
    latest?.status === "accepted"
      ? criterion("S1", "met", [
          reason("sit-report-accepted", "The Code Bodies accepted the SIT completion report.", ref),
        ])
      : latest?.status === "rejected"
        ? criterion("S1", "unmet", [
            reason("sit-report-rejected", "The Code Bodies rejected the SIT completion report.", ref),
          ])
        : criterion("S1", "pending", [
            reason(
              "sit-report-awaited",
              latest && latest.status !== "not-started"
                ? "The SIT completion report awaits review."
                : "No SIT completion report has been recorded yet.",
              ref,
            ),
          ]);
  const rejected = decisions.filter((s) => s.status === "rejected" || s.status === "returned");
  const approved = decisions.filter((s) => s.status === "approved");
  const pending = decisions.filter(
    (s) => s.status !== "approved" && s.status !== "rejected" && s.status !== "returned",
  );
  const s2 =
    decisions.length === 0
      ? criterion("S2", "unknown", [
          reason("approvers-unknown", "The role's approvers are not known: check the role catalogue in settings."),
        ])
      : rejected.length > 0
        ? criterion("S2", "unmet", [
            reason(
              "signoff-rejected",
              `${rejected.map((s) => `${s.status === "returned" ? "Returned with findings" : "Rejected"} by ${s.body}`).join("; ")}.`,
            ),
          ])
        : (mode === "any" ? approved.length === 0 : pending.length > 0)
          ? criterion("S2", "pending", [
              reason("signoff-pending", `Awaiting approval from ${pending.map((s) => s.body).join(", ")}.`),
            ])
          : criterion("S2", "met", [
              reason("signoff-complete", `Approved by ${approved.map((s) => s.body).join(", ")}.`),
            ]);
  return [s1, s2];
}

/** The scope a governing body approved for the window: the latest unrevoked baseline, if any. */
function scopeBaselineOf(
  approvals: Approvals,
  key: string,
  windowId: string,
  bodies: readonly GoverningBody[],
): ScopeBaseline | undefined {
  let latest: ScopeBaseline | undefined;
  for (const b of approvals.scopes ?? [])
    if (b.participantRole === key && b.window === windowId && (bodies.length === 0 || bodies.includes(b.body)))
      latest = b;
  return latest && !latest.revoked ? latest : undefined;
}

const withMilestone = (m: ReturnType<typeof milestoneState>) => (m ? { milestone: m } : {});

function scopeSummary(baseline: ScopeBaseline, points: readonly PointFact[]): NonNullable<Assessment["scopeBaseline"]> {
  const inBaseline = new Set(baseline.points.map((p) => p.pointId));
  const inPlans = new Set(points.map((p) => p.id));
  return {
    body: baseline.body,
    by: baseline.by.displayName,
    at: baseline.at,
    points: inBaseline.size,
    removed: [...inBaseline].filter((id) => !inPlans.has(id)).length,
    added: [...inPlans].filter((id) => !inBaseline.has(id)).length,
  };
}

/** A baseline point that is no longer in the plans: still in scope, never run, until its descope is approved. */
const REMOVED = Symbol("removed from the plans");
type RemovedPoint = PointFact & { [REMOVED]: true };

function withRemovedPoints(points: readonly PointFact[], baseline: ScopeBaseline | undefined): readonly PointFact[] {
  if (!baseline) return points;
  const present = new Set(points.map((p) => p.id));
  const removed: RemovedPoint[] = baseline.points
    .filter((p) => !present.has(p.pointId))
    .map((p) => ({
      id: p.pointId,
      planId: p.planId,
      suiteId: p.suiteId,
      testCaseId: p.testCaseId,
      ...(p.title !== undefined ? { testCaseTitle: p.title } : {}),
      ...(p.configurationName !== undefined ? { configurationName: p.configurationName } : {}),
      outcome: undefined,
      isActive: false,
      [REMOVED]: true,
    }));
  return removed.length === 0 ? points : [...points, ...removed];
}

/**
 * Each entry item's latest record for the window. Records made before entry was per window carry none: they
 * count for a participant-role on its first window only, never for a re-entry.
 */
function entryRecordsFor(
  approvals: Approvals,
  key: string,
  windowId: string,
  earlierWindows: number,
  bodies: readonly GoverningBody[],
): Map<string, EntryItemRecord> {
  const latest = new Map<string, EntryItemRecord>();
  for (const r of approvals.entryItems) {
    if (r.participantRole !== key) continue;
    if (r.window === undefined ? earlierWindows > 0 : r.window !== windowId) continue;
    // A decision by a body that does not govern the role is not the Code Body's.
    if (r.body !== undefined && bodies.length > 0 && !bodies.includes(r.body)) continue;
    latest.set(r.itemId, r);
  }
  return latest;
}

function buildEntryChecklist(
  latest: ReadonlyMap<string, EntryItemRecord>,
  testCaseCount: number,
): EntryChecklistItem[] {
  return ENTRY_CRITERIA.map((def) => {
    if (def.derivedFrom === "test-cases-loaded") {
      const recorded = latest.get(def.id);
      // Loaded test cases are evidence; a Code Body rejection of the scenarios still stands.
      const status = recorded?.status === "rejected" ? "rejected" : testCaseCount > 0 ? "accepted" : "not-started";
      return {
        id: def.id,
        title: def.title,
        necessity: def.necessity,
        status,
        derived: true,
        note:
          testCaseCount > 0
            ? `${plural(testCaseCount, "test case")} in the participant-role's plans`
            : "No test cases in the participant-role's plans",
      };
    }
    const r = latest.get(def.id);
    return {
      id: def.id,
      title: def.title,
      necessity: def.necessity,
      status: r?.status ?? "not-started",
      derived: false,
      evidenceUrl: r?.evidenceUrl,
      note: r?.note,
      by: r?.by.displayName,
      at: r?.at,
    };
  });
}

function decideVerdict(route: "SIT" | "QT", criteria: CriterionResult[], problems: string[]): Verdict {
  if (problems.length > 0 || criteria.some((c) => c.status === "unknown")) return "cannot-assess";
  if (route === "SIT") return criteria.every((c) => c.status === "met") ? "exit-criteria-met" : "not-ready";
  const before = criteria.filter((c) => c.id !== "E5");
  if (before.some((c) => c.status !== "met")) return "not-ready";
  return criteria.find((c) => c.id === "E5")?.status === "met" ? "exit-criteria-met" : "ready-to-submit";
}

function summarise(verdict: Verdict, criteria: CriterionResult[], problems: string[]): string {
  switch (verdict) {
    case "cannot-assess":
      return `Cannot assess: ${problems[0] ?? criteria.find((c) => c.status === "unknown")?.reasons[0]?.message ?? "the data is incomplete."}`;
    case "exit-criteria-met":
      return "All exit criteria are met.";
    case "ready-to-submit":
      return "E1–E4 are met: submit the QT Completion Report.";
    case "not-ready": {
      const unmet = criteria.filter((c) => c.status !== "met" && c.id !== "E5");
      return `Not ready: ${unmet.map((c) => `${c.id} ${c.reasons.find((r) => r.code !== "execution")?.message ?? c.title}`).join(" ")}`.trim();
    }
  }
}
