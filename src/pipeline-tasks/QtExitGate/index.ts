import * as tl from "azure-pipelines-task-lib/task";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { AssessedDefect } from "../../core/assessment";
import { GateOptions, decideGate, parseBlockOn } from "../../core/gate";
import { mitigationGapText, renderGateSummary } from "../../core/gate-summary";
import { severityLabel } from "../../core/severity";
import { CannotAssessError, assessRegistryEntries, registryEntryFor } from "../../ado/assessment-run";
import { connectFromInputs, runTask, settingsFor } from "../shared/task-run";

/**
 * QtExitGate@1: fails the pipeline while a participant-role has outstanding defects of a blocking severity (and,
 * when asked, until E4 is met); fails closed whenever the assessment cannot be made.
 */

function gateOptions(): GateOptions {
  const blockOn = parseBlockOn(tl.getInput("blockOn", false)?.trim() || "Sev1,Sev2");
  if (!blockOn.ok) throw new CannotAssessError(`The input blockOn is invalid: ${blockOn.errors.join(" ")}`);
  return { blockOn: blockOn.value, requireFullExecution: tl.getBoolInput("requireFullExecution", false) };
}

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

  const outputs = gate.outputs;
  tl.setVariable("verdict", outputs.verdict, false, true);
  tl.setVariable("sev1Outstanding", String(outputs.sev1Outstanding), false, true);
  tl.setVariable("sev2Outstanding", String(outputs.sev2Outstanding), false, true);
  tl.setVariable("unclassifiedOutstanding", String(outputs.unclassifiedOutstanding), false, true);
  tl.setVariable("executionPercent", String(outputs.executionPercent), false, true);
  tl.setVariable("blockingDefectIds", outputs.blockingDefectIds, false, true);

  for (const d of gate.blockingDefects) tl.error(`Blocking defect ${describe(d)}`);
  for (const c of gate.unmetCriteria) for (const r of c.reasons) tl.error(`${c.id} ${c.status}: ${r.message}`);
  for (const p of gate.problems) tl.error(p);
  for (const d of gate.mitigationGaps) tl.warning(`Sev3/Sev4 defect ${describe(d)} lacks ${mitigationGapText(d)}`);

  const summaryPath = join(
    tl.getVariable("Agent.TempDirectory") || tl.getVariable("Build.StagingDirectory") || process.cwd(),
    `qt-exit-gate-${entry.mpid}-${entry.roleCode}.md`,
  );
  writeFileSync(summaryPath, renderGateSummary(assessment, gate, options), "utf8");
  tl.uploadSummary(summaryPath);

  if (gate.outcome === "passed") tl.setResult(tl.TaskResult.Succeeded, gate.reason);
  else tl.setResult(tl.TaskResult.Failed, gate.reason);
}

void runTask("QT exit gate", main);
