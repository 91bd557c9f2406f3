import * as tl from "azure-pipelines-task-lib/task";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Assessment, verdictRank } from "../../core/assessment";
import {
  IndexedReport,
  TrendOutcome,
  buildCompletionReport,
  renderCsv,
  renderHtml,
  renderJson,
  renderMarkdown,
  renderReportIndex,
} from "../../core/report";
import { ParticipantRoleFacts } from "../../core/facts";
import { RegistryEntry, registryKey } from "../../core/settings";
import { TraceabilityResult, readTraceability } from "../../ado/traceability-reader";
import { readReportTrend } from "../../ado/trend-reader";
import {
  CannotAssessError,
  assessRegistryEntries,
  loadApprovalsFor,
  registryEntriesOf,
  registryEntryFor,
} from "../../ado/assessment-run";
import { connectFromInputs, runTask, settingsFor } from "../shared/task-run";

/**
 * QtCompletionReport@1: writes the QT Completion Report of one participant-role, or of every participant-role of
 * a window with an index, in the formats asked for; fails closed when any assessment cannot be made.
 */

const RENDERERS = { md: renderMarkdown, html: renderHtml, csv: renderCsv, json: renderJson } as const;
type Format = keyof typeof RENDERERS;

function formatsFromInput(): Format[] {
  const asked = (tl.getInput("formats", false) || "md,html")
    .split(/[,;\s]+/)
    .map((f) =>
      f
        .trim()
        .toLowerCase()
        .replace(/^markdown$/, "md"),
    )
    .filter((f) => f.length > 0);
  const bad = asked.filter((f) => !(f in RENDERERS));
  if (bad.length > 0 || asked.length === 0)
    throw new CannotAssessError(`The input formats must list md, html, csv and/or json, not "${bad.join(", ")}".`);
  return [...new Set(asked as Format[])];
}

function outputDirectory(): string {
  const given = tl.getInput("outputDirectory", false)?.trim();
  const staging = tl.getVariable("Build.ArtifactStagingDirectory");
  const dir = given || (staging ? join(staging, "qt-completion-report") : "");
  if (!dir)
    throw new CannotAssessError(
      "No output directory: set outputDirectory (Build.ArtifactStagingDirectory is not set).",
    );
  return resolve(dir);
}

/** What of a trend asked for could not be read, for the task's warnings (the report says it too). */
function trendProblems(trend: TrendOutcome | undefined): string[] {
  if (!trend) return [];
  if (trend.kind === "cannot-assess") return [`the trend could not be read: ${trend.reason}`];
  const { burnUp, burnDown } = trend.trend;
  return [
    ...(burnUp.ok ? [] : [`the burn-up could not be read: ${burnUp.reason}`]),
    ...(burnDown.ok ? [] : [`the burn-down could not be read: ${burnDown.reason}`]),
  ];
}

async function main(): Promise<void> {
  const participantRole = tl.getInput("participantRole", false)?.trim();
  const window = tl.getInput("window", false)?.trim();
  if (!participantRole === !window)
    throw new CannotAssessError(
      "Give either participantRole (ABCD-X) or window (e.g. tranche-1), not both or neither.",
    );
  const formats = formatsFromInput();
  const dir = outputDirectory();
  const attachSummary = tl.getBoolInput("attachSummary", false);
  const withTraceability = tl.getBoolInput("traceability", false);
  const withTrend = tl.getBoolInput("trend", false);
  const connection = connectFromInputs();
  console.log(
    `QT Completion Report for ${participantRole ?? `window ${window}`} in ${connection.orgUrl}, project ${connection.project}`,
  );
  const settings = await settingsFor(connection);
  const entries: RegistryEntry[] = participantRole
    ? [registryEntryFor(settings, participantRole)]
    : registryEntriesOf(settings, window);
  const approvals = await loadApprovalsFor(connection.source, settings, entries.map(registryKey));
  const now = new Date();
  const facts: ParticipantRoleFacts[] = [];
  const assessments = await assessRegistryEntries(connection.source, settings, entries, {
    now,
    approvals,
    onFacts: (read, index) => {
      facts[index] = read;
    },
    onProgress: (done, total, key) => {
      if (total > 1) console.log(`Read ${done}/${total} participant-roles (${key})`);
    },
  });

  mkdirSync(dir, { recursive: true });
  const written: IndexedReport[] = [];
  const allFiles: string[] = [];
  // The requirement traceability matrix, when asked for: read over the same facts each assessment was made from.
  const traceability: (TraceabilityResult | undefined)[] = withTraceability
    ? await Promise.all(
        assessments.map((assessment, i) =>
          readTraceability(connection.source, settings, { entry: entries[i], facts: facts[i], assessment }),
        ),
      )
    : [];
  // The trend, when asked for: from Analytics, over the same facts and approvals; a failed read is said in the report.
  const trend: (TrendOutcome | undefined)[] = withTrend
    ? await Promise.all(
        assessments.map((assessment, i) =>
          readReportTrend(
            connection.source,
            settings,
            { key: registryKey(entries[i]), entry: entries[i], facts: facts[i], approvals, assessment },
            now,
          ),
        ),
      )
    : [];
  for (const [i, assessment] of assessments.entries()) {
    const report = buildCompletionReport(assessment, approvals, now, {
      source: connection.orgUrl,
      traceability: traceability[i],
      trend: trend[i],
    });
    if (traceability[i]?.kind === "cannot-assess")
      tl.warning(`${assessment.participantRole}: the traceability matrix could not be read: ${traceability[i].reason}`);
    for (const problem of trendProblems(trend[i])) tl.warning(`${assessment.participantRole}: ${problem}`);
    const files: string[] = [];
    for (const format of formats) {
      const name = `qt-completion-report-${assessment.participantRole}.${format}`;
      writeFileSync(join(dir, name), RENDERERS[format](report), "utf8");
      files.push(name);
    }
    allFiles.push(...files.map((f) => join(dir, f)));
    written.push({ assessment, files });
    console.log(`${assessment.participantRole}: ${assessment.verdict} — ${files.join(", ")}`);
  }
  let summaryFile: string | undefined;
  if (window) {
    summaryFile = join(dir, `qt-completion-reports-${window}.md`);
    writeFileSync(summaryFile, renderReportIndex(`QT Completion Reports: ${window}`, written, now), "utf8");
    allFiles.push(summaryFile);
  } else if (formats.includes("md")) summaryFile = join(dir, written[0].files.find((f) => f.endsWith(".md")) ?? "");

  const worst = assessments.reduce<Assessment>(
    (w, a) => (verdictRank(a.verdict) < verdictRank(w.verdict) ? a : w),
    assessments[0],
  );
  if (attachSummary && !summaryFile) {
    // No Markdown asked for: the summary tab gets one of its own, written (and listed) with the others.
    summaryFile = join(dir, `qt-completion-report-${worst.participantRole}.summary.md`);
    writeFileSync(
      summaryFile,
      renderMarkdown(buildCompletionReport(worst, approvals, now, { source: connection.orgUrl })),
      "utf8",
    );
    allFiles.push(summaryFile);
  }
  console.log(`Wrote ${allFiles.length} file(s) to ${dir}`);

  tl.setVariable("reportDirectory", dir, false, true);
  tl.setVariable("reportFiles", allFiles.join(";"), false, true);
  tl.setVariable("verdict", worst.verdict, false, true);
  if (attachSummary && summaryFile) tl.uploadSummary(summaryFile);

  const unassessable = assessments.filter((a) => a.verdict === "cannot-assess");
  for (const a of unassessable)
    tl.error(`${a.participantRole} cannot be assessed: ${a.problems.join("; ") || a.summary}`);
  if (unassessable.length > 0)
    tl.setResult(
      tl.TaskResult.Failed,
      `Cannot assess ${unassessable.map((a) => a.participantRole).join(", ")}: the reports are written but say so (${unassessable[0].problems[0] ?? unassessable[0].summary}).`,
    );
  else tl.setResult(tl.TaskResult.Succeeded, `Wrote ${assessments.length} completion report(s) to ${dir}.`);
}

void runTask("QT Completion Report", main);
