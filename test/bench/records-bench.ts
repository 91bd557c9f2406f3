/**
 * Records benchmark (prints figures; not a test): `npm run bench:records`.
 *
 * What reading approvals kept as work items costs for a whole portfolio. Against the sandbox in-process, through the
 * real node source: the settings are protected, then --records approval records are written for the portfolio's
 * participant-roles by the BSC assurer (a tenth of them revoked, so some records have two revisions). Then, from a
 * fresh source, as a hub or the CLI reads them:
 *  1. the settings and every participant-role's approvals (a portfolio's first load);
 *  2. again, from the same source (a portfolio refresh, nothing written since);
 *  3. after one more approval is recorded.
 * For each: the reporting revisions requests made vs the minimum ceil(revisions / 1000), the team reads, and what
 * reading each record's revisions (`GET wit/workitems/{id}/revisions`) would have cost: one request per record.
 *
 *   node dist/test/bench/records-bench.js [--records 1500] [--participant-roles 200]
 */
import { parseArgs } from "node:util";
import { generateProgramme } from "../../sandbox/generator";
import { protectedSampleSettings } from "../../sandbox/generator/sample-settings";
import { BSC_ASSURER } from "../../sandbox/generator/identities";
import { BSC_ASSURER_PAT, SAMPLE_PAT } from "../../sandbox/generator/tokens";
import { ALL_ROUTES } from "../../sandbox/routes";
import { startSandbox } from "../../sandbox/server";
import { approvalStoreFor } from "../../src/ado/assessment-run";
import { openNodeSource } from "../../src/ado/node-source";
import { RECORD_FIELDS, REVOKED, recordFields } from "../../src/core/approval-records";
import { registryKey } from "../../src/core/settings";
import { RECORD_TYPE } from "../../src/core/settings-record";

const { values } = parseArgs({
  options: {
    records: { type: "string", default: "1500" },
    "participant-roles": { type: "string", default: "200" },
  },
});
const RECORDS = Number(values.records);

async function main(): Promise<void> {
  const programme = generateProgramme({ seed: 1, scale: 0.05, participantRoles: Number(values["participant-roles"]) });
  const sandbox = await startSandbox({ state: programme.state, routes: ALL_ROUTES });
  const project = programme.summary.project;
  const open = (token: string) =>
    openNodeSource({
      orgUrl: sandbox.orgUrl,
      project,
      token,
      extension: { publisher: "qt", id: "qt" },
      concurrency: 8,
    });
  try {
    const admin = open(SAMPLE_PAT);
    const protectedSettings = await admin.store.protectSettings!(protectedSampleSettings(programme.settings));
    if (protectedSettings.kind !== "saved") throw new Error(JSON.stringify(protectedSettings));

    const writer = open(BSC_ASSURER_PAT).api;
    const keys = programme.settings.registry.map(registryKey);
    const by = { id: BSC_ASSURER.id, displayName: BSC_ASSURER.displayName };
    const started = performance.now();
    for (let i = 0; i < RECORDS; i++) {
      const key = keys[i % keys.length];
      const made = await writer.createWorkItem(
        project,
        RECORD_TYPE,
        recordFields("waiver", {
          participantRole: key,
          window: "tranche-1",
          pointId: 100_000 + i,
          testCaseId: 1,
          kind: "waiver",
          outcomeAtApproval: "Failed",
          reason: "Accepted (benchmark)",
          body: "BSC",
          approvedBy: by,
          approvedAt: new Date().toISOString(),
        }),
      );
      if (i % 10 === 0) await writer.updateWorkItem(project, made.id, { [RECORD_FIELDS.state]: REVOKED });
    }
    const revisions = RECORDS + Math.ceil(RECORDS / 10);
    process.stdout.write(
      `Wrote ${RECORDS} records (${revisions} revisions) for ${keys.length} participant-roles in ${Math.round(performance.now() - started)} ms.\n\n`,
    );

    const log = sandbox.env.log;
    const count = () => {
      const entries = log.list();
      return {
        revisions: entries.filter((e) => /\/wit\/reporting\/workitemrevisions/i.test(e.url)).length,
        teams: entries.filter((e) => /\/teams\/[^/]+\/members/i.test(e.url)).length,
        all: entries.filter((e) => e.method !== "OPTIONS" && !/ResourceAreas/i.test(e.url)).length,
      };
    };
    // The approvals' revisions in batches of 1,000, and the settings record's in one request of their own.
    const minimum = Math.ceil(revisions / 1000) + 1;
    const line = (what: string, c: ReturnType<typeof count>, min: number, ms: number) =>
      process.stdout.write(
        `${what.padEnd(44)} revisions requests ${String(c.revisions).padStart(3)} (minimum ${min}), team reads ${c.teams}, all requests ${c.all}, ${Math.round(ms)} ms; per-record reads would be ${RECORDS + 1}\n`,
      );

    const reader = open(SAMPLE_PAT);
    await reader.api.authenticatedUser(); // discovery, once, outside the counts
    log.clear();
    let t = performance.now();
    const loaded = await reader.store.loadSettings();
    if (loaded.kind !== "ok") throw new Error(JSON.stringify(loaded).slice(0, 300));
    const all = await approvalStoreFor(reader, loaded.settings).loadAllApprovals();
    line(`1. settings + approvals of ${all.size} participant-roles`, count(), minimum, performance.now() - t);

    log.clear();
    t = performance.now();
    await reader.store.loadSettings();
    await approvalStoreFor(reader, loaded.settings).loadAllApprovals();
    line("2. again, nothing written since", count(), 2, performance.now() - t);

    await writer.createWorkItem(
      project,
      RECORD_TYPE,
      recordFields("signoff", {
        participantRole: keys[0],
        window: "tranche-1",
        body: "BSC",
        decision: "approved",
        by,
        at: new Date().toISOString(),
      }),
    );
    log.clear();
    t = performance.now();
    await approvalStoreFor(reader, loaded.settings).loadAllApprovals();
    line("3. after one more approval", count(), 1, performance.now() - t);
  } finally {
    await sandbox.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
