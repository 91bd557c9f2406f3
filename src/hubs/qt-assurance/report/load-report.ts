/**
 * Loading a participant-role's QT Completion Report the way `qt-assure report` does: its registry entry, its
 * approvals from the extension's store (the audit chain verified), its facts from ADO, the engine's assessment and
 * the report model. Anything that stops an honest report throws CannotAssessError with a message a person can act
 * on: an assurance tool never shows a report built on approvals it cannot trust.
 */
import { readAndAssess } from "../../../ado/assessment-run";
import { readTraceability } from "../../../ado/traceability-reader";
import { readReportTrend } from "../../../ado/trend-reader";
import { ReadCancelledError } from "../../../ado/reader-deps";
import { TraceabilityOutcome } from "../../../core/traceability";
import { TrendOutcome } from "../../../core/report";
import { Approvals, isAssurerFor } from "../../../core/approvals";
import { Assessment } from "../../../core/assessment";
import { assessWith, createAssessmentContext } from "../../../core/assess";
import { ParticipantRoleFacts } from "../../../core/facts";
import { CompletionReport, buildCompletionReport } from "../../../core/report";
import { GoverningBody } from "../../../core/roles";
import { RegistryEntry } from "../../../core/settings";
import { HubViewProps } from "../view-props";

export interface ReportModel {
  key: string;
  /** The window id snapshots are filed under (empty for a SIT-route entry without a window). */
  windowId: string;
  entry: RegistryEntry;
  facts: ParticipantRoleFacts;
  approvals: Approvals;
  assessment: Assessment;
  report: CompletionReport;
  /** Read once with the facts, and kept when approvals change (which re-assess the same facts). */
  trend?: TrendOutcome;
  traceability?: TraceabilityOutcome;
}

type LoadProps = Pick<HubViewProps, "data" | "settings" | "now">;

/** Where the report says its data came from: the organisation and project. */
export function reportSource(props: Pick<HubViewProps, "data">): string {
  const org = props.data.host.orgUrl;
  return `${org}${org.endsWith("/") ? "" : "/"}${props.data.project}`;
}

/** Assesses the facts with the approvals and builds the report, at `now`. */
export function buildReportModel(
  props: LoadProps,
  base: Pick<ReportModel, "key" | "entry" | "facts" | "trend" | "traceability">,
  approvals: Approvals,
): ReportModel {
  const now = props.now();
  const assessment = assessWith(createAssessmentContext(props.settings, approvals), base.facts, now);
  const report = buildCompletionReport(assessment, approvals, now, {
    source: reportSource(props),
    generatedBy: props.data.me.displayName,
    ...(base.trend ? { trend: base.trend } : {}),
    ...(base.traceability ? { traceability: base.traceability } : {}),
  });
  return { ...base, windowId: report.scope.window?.id ?? "", approvals, assessment, report };
}

export async function loadReportModel(props: LoadProps, participantRole: string): Promise<ReportModel> {
  // The application layer's one read: its approvals come checked (an untrusted document throws), so no report is
  // ever built on approvals that cannot be trusted.
  const read = await readAndAssess(props.data, props.settings, participantRole, props.now);
  // The report's trend (section 11) and traceability (section 10), beside each other: either failing says why in
  // its section, and never stops the report.
  const [trend, traceability] = await Promise.all([
    readReportTrend(props.data, props.settings, read, props.now()),
    readTraceability(props.data, props.settings, read).catch((error: unknown): TraceabilityOutcome => {
      if (error instanceof ReadCancelledError) throw error;
      return { kind: "cannot-assess", reason: error instanceof Error ? error.message : String(error) };
    }),
  ]);
  return buildReportModel(props, { ...read, trend, traceability }, read.approvals);
}

/** The participant-role's governing bodies the signed-in user is listed as an assurer for. */
export function assurerBodies(props: Pick<HubViewProps, "data" | "settings">, assessment: Assessment): GoverningBody[] {
  return assessment.governingBodies.filter((b) => isAssurerFor(props.settings, props.data.me, b));
}
