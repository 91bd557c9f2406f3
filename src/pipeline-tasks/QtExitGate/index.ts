import * as tl from "azure-pipelines-task-lib/task";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { AssessedDefect } from "../../core/assessment";
import {
  CANNOT_ASSESS_OUTPUTS,
  GateOptions,
  GateOutcome,
  GateOutputs,
  decideGate,
  gateOptionsFrom,
} from "../../core/gate";
import { mitigationGapText, renderGateSummary } from "../../core/gate-summary";
import { severityLabel } from "../../core/severity";
import { CannotAssessError, assessRegistryEntries, registryEntryFor } from "../../ado/assessment-run";
import { connectFromInputs, runTask, settingsFor } from "../shared/task-run";

/**
 * QtExitGate@1: fails the pipeline while a participant-role has outstanding defects of a blocking severity (Sev1,
 * Sev2 and unclassified always; blockOn adds Sev3–Sev5) and, when asked, until E4 is met; fails closed, with no
 * count published, whenever the assessment cannot be made. The `sev1Only` mode is a lighter check that is not the
 * QT exit gate: a Sev2 makes it SucceededWithIssues, never a plain pass.
 */

function gateOptions(): GateOptions {
  const options = gateOptionsFrom({
    mode: tl.getInput("mode", false),
    blockOn: tl.getInput("blockOn", false),
    requireFullExecution: tl.getBoolInput("requireFullExecution", false),
  });
  if (!options.ok) throw new CannotAssessError(`The gate's inputs are invalid: ${options.errors.join(" ")}`);
  return options.value;
}

/** Every output variable, every run: a count that was not read is published empty, never as 0. */
function publishOutputs(outputs: GateOutputs): void {
  const value = (v: number | null) => (v === null ? "" : String(v));
  tl.setVariable("outcome", outputs.outcome, false, true);
  tl.setVariable("verdict", outputs.verdict, false, true);
  tl.setVariable("sev1Outstanding", value(outputs.sev1Outstanding), false, true);
  tl.setVariable("sev2Outstanding", value(outputs.sev2Outstanding), false, true);
  tl.setVariable("unclassifiedOutstanding", value(outputs.unclassifiedOutstanding), false, true);
  tl.setVariable("executionPercent", value(outputs.executionPercent), false, true);
  tl.setVariable("stage", outputs.stage, false, true);
  tl.setVariable("blockingDefectIds", outputs.blockingDefectIds, false, true);
}

const RESULTS: Readonly<Record<GateOutcome, tl.TaskResult>> = {
  passed: tl.TaskResult.Succeeded,
  "passed-with-issues": tl.TaskResult.SucceededWithIssues,
  blocked: tl.TaskResult.Failed,
  "cannot-assess": tl.TaskResult.Failed,
};

const describe = (d: AssessedDefect) =>
  `#${d.id} ${severityLabel(d.severity)}${d.severity === "unclassified" ? ` ("${d.severityValue}")` : ""} ${d.state}: ${d.title}${d.url ? ` ${d.url}` : ""}`;

async function main(): Promise<void> {
  const participantRole = tl.getInputRequired("participantRole").trim();
  const options = gateOptions();
  const connection = connectFromInputs();
  console.log(`QT exit gate for ${participantRole} in ${connection.orgUrl}, project ${connection.project}`);
  const settings = await settingsFor(connection);
  const entry = registryEntryFor(settings, participantRole);
  const started = Date.now();
  const [assessment] = await assessRegistryEntries(connection.source, settings, [entry], { now: new Date() });
  const stats = connection.source.caller.stats();
  console.log(
    `Read ${assessment.coverage.planned} points and ${assessment.defects.length} defects in ${Date.now() - started} ms (${stats.requests} requests, ${stats.retries} retries).`,
  );
  const gate = decideGate(assessment, options);
  publishOutputs(gate.outputs);

  for (const d of gate.blockingDefects) tl.error(`Blocking defect ${describe(d)}`);
  for (const c of gate.unmetCriteria) for (const r of c.reasons) tl.error(`${c.id} ${c.status}: ${r.message}`);
  for (const p of gate.problems) tl.error(p);
  for (const d of gate.notGated) tl.warning(`Not gated by the Sev1-only check: defect ${describe(d)}`);
  for (const d of gate.mitigationGaps) tl.warning(`Sev3/Sev4 defect ${describe(d)} lacks ${mitigationGapText(d)}`);

  const summaryPath = join(
    tl.getVariable("Agent.TempDirectory") || tl.getVariable("Build.StagingDirectory") || process.cwd(),
    `qt-exit-gate-${entry.mpid}-${entry.roleCode}.md`,
  );
  writeFileSync(summaryPath, renderGateSummary(assessment, gate, options), "utf8");
  tl.uploadSummary(summaryPath);

  tl.setResult(RESULTS[gate.outcome], gate.reason);
}

void runTask("QT exit gate", main, () => publishOutputs(CANNOT_ASSESS_OUTPUTS));
