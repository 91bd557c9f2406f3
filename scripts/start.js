#!/usr/bin/env node
/*
 * `npm start` (after `npm run build`). The local sandbox — an ADO REST emulator over a generated sample programme,
 * serving the hubs and widgets in a fake extension host — arrives with the sandbox issue. Until then this says so,
 * shows what works today, and runs the built engine once on a tiny made-up participant-role to prove it is there.
 */
"use strict";

const path = require("path");

const core = path.join(__dirname, "..", "dist", "src", "core");

function line(text = "") {
  process.stdout.write(`${text}\n`);
}

line("QT Assurance — Qualification Testing assurance for the MHHS programme, inside Azure DevOps");
line();
line("The local sandbox (sample programme, hubs and widgets with no ADO organisation) is not here yet:");
line("it arrives with the sandbox issue, and `npm start` will then start it.");
line();
line("Available now:");
line("  npm test             unit tests of the assessment engine and the UI test set-up");
line("  npm run bench:core   engine benchmark (prints throughput and memory; not a test)");
line("  npm run lint         ESLint + Prettier check");
line("  npm run typecheck    TypeScript, strict");
line("  docs/settings.md     the settings reference; docs/architecture.md the layers and rules");
line();

// A one-off run of the built engine: one participant-role, two test points, one open Sev2 defect.
const { defaultSettings } = require(path.join(core, "settings"));
const { validateSettings } = require(path.join(core, "validate-settings"));
const { emptyApprovals } = require(path.join(core, "approvals"));
const { assess } = require(path.join(core, "assess"));

const settings = defaultSettings();
settings.registry.push({
  mpid: "ABCD",
  roleCode: "X",
  participantName: "Example Supplier Ltd",
  route: "QT",
  window: "tranche-1",
  testPlans: [{ planId: 10 }],
  defectScope: { tags: ["ABCD-X"] },
});
const validation = validateSettings(settings);
if (!validation.valid) {
  line("The example settings did not validate:");
  for (const e of validation.errors) line(`  ${e.path}: ${e.message} ${e.fix}`);
  process.exit(1);
}

const point = (id, outcome) => ({ id, planId: 10, suiteId: 20, testCaseId: id + 500, isActive: true, outcome });
const assessment = assess(
  {
    participantRole: "ABCD-X",
    points: [point(1, "passed"), point(2, "failed")],
    defects: [{ id: 42, title: "Meter read rejected", workItemType: "Bug", state: "Active", severity: "2 - High" }],
    testCaseCount: 2,
    metadata: {
      stateCategories: { Bug: { New: "Proposed", Active: "InProgress", Closed: "Completed", Removed: "Removed" } },
      completeness: { complete: true },
    },
    completeness: { points: { complete: true }, defects: { complete: true } },
  },
  settings,
  emptyApprovals(),
  new Date("2025-06-01T12:00:00Z"),
);

line("Engine check (made-up participant-role ABCD-X, Tranche 1, assessed as of 2025-06-01):");
line(`  verdict: ${assessment.verdict}`);
line(`  summary: ${assessment.summary}`);
for (const c of assessment.criteria) line(`  ${c.id} ${c.status.padEnd(7)} ${c.title}`);
line();
