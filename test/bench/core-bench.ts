/**
 * Engine benchmark: generates a programme in memory and times assessPortfolio over it.
 * Each scale runs in its own child process so that its peak RSS is its own.
 *   npm run bench:core            → 100k and 1M points
 *   node dist/test/bench/core-bench.js --points 250000   → one scale, in this process
 */
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { Approvals, emptyApprovals } from "../../src/core/approvals";
import { DefectFact, ParticipantRoleFacts, PointFact, ProgrammeMetadata } from "../../src/core/facts";
import { assessPortfolio } from "../../src/core/portfolio";
import { RegistryEntry, Settings, defaultSettings } from "../../src/core/settings";
import { seededRandom } from "../../sandbox/rng";

const PARTICIPANT_ROLES = 500;
const RUNS = 3;
const NOW = new Date("2025-06-01T12:00:00Z");
const OUTCOMES = [
  "passed",
  "passed",
  "passed",
  "passed",
  "passed",
  "failed",
  "blocked",
  "none",
  "notApplicable",
  "inProgress",
];
const SEVERITIES = ["1 - Critical", "2 - High", "3 - Medium", "4 - Low", "Sev 5", "Unknown"];
const STATES = ["New", "Active", "Resolved", "Closed", "Closed", "Removed"];
const ROLE_CODES = ["N", "O", "Q", "3", "R", "P", "X", "T", "S"];

function mpidOf(i: number): string {
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let n = i;
  let out = "";
  for (let k = 0; k < 4; k++) {
    out = letters[n % 26] + out;
    n = Math.floor(n / 26);
  }
  return out;
}

interface Programme {
  facts: ParticipantRoleFacts[];
  settings: Settings;
  approvals: Approvals;
  points: number;
  defects: number;
}

function generate(totalPoints: number): Programme {
  const rnd = seededRandom(42);
  const settings = defaultSettings();
  const approvals = emptyApprovals();
  const metadata: ProgrammeMetadata = {
    stateCategories: {
      Bug: { New: "Proposed", Active: "InProgress", Resolved: "Resolved", Closed: "Completed", Removed: "Removed" },
    },
    completeness: { complete: true },
  };
  const perRole = Math.floor(totalPoints / PARTICIPANT_ROLES);
  const defectsPerRole = Math.floor(perRole / 10);
  const facts: ParticipantRoleFacts[] = [];
  const by = { id: "bench", displayName: "Bench" };
  let pointId = 1;
  let defectId = 1;
  for (let r = 0; r < PARTICIPANT_ROLES; r++) {
    const entry: RegistryEntry = {
      mpid: mpidOf(r),
      roleCode: ROLE_CODES[r % ROLE_CODES.length],
      participantName: `Participant ${r}`,
      route: "QT",
      window: settings.windows[1 + (r % 7)].id,
      testPlans: [{ planId: r + 1 }],
      defectScope: { areaPaths: [`QT\\${mpidOf(r)}`] },
    };
    settings.registry.push(entry);
    const key = `${entry.mpid}-${entry.roleCode}`;
    const points: PointFact[] = new Array(perRole);
    for (let i = 0; i < perRole; i++) {
      const id = pointId++;
      const outcome = OUTCOMES[Math.floor(rnd() * OUTCOMES.length)];
      points[i] = {
        id,
        planId: r + 1,
        planName: `QT ${key}`,
        suiteId: 1 + (i % 12),
        suiteName: `Scenario group ${1 + (i % 12)}`,
        testCaseId: id,
        testCaseTitle: `Test case ${id}`,
        configurationName: "UIT",
        isActive: rnd() > 0.02,
        outcome,
      };
      if (outcome !== "passed" && rnd() < 0.3) {
        approvals.waivers.push({
          participantRole: key,
          window: entry.window!,
          pointId: id,
          testCaseId: id,
          kind: "waiver",
          outcomeAtApproval: outcome,
          reason: "bench",
          body: "BSC",
          approvedBy: by,
          approvedAt: NOW.toISOString(),
        });
      }
    }
    const defects: DefectFact[] = new Array(defectsPerRole);
    for (let i = 0; i < defectsPerRole; i++) {
      const id = defectId++;
      const severity = SEVERITIES[Math.floor(rnd() * SEVERITIES.length)];
      const withText = rnd() > 0.3;
      defects[i] = {
        id,
        title: `Defect ${id}`,
        workItemType: "Bug",
        state: STATES[Math.floor(rnd() * STATES.length)],
        severity,
        impact: withText ? "Impact assessed" : "",
        mitigation: withText ? "Mitigation planned" : "",
      };
      if (withText && rnd() < 0.5) {
        approvals.mitigationAgreements.push({
          participantRole: key,
          defectId: id,
          agreed: { severity, impact: "Impact assessed", mitigation: "Mitigation planned" },
          body: "BSC",
          agreedBy: by,
          agreedAt: NOW.toISOString(),
        });
      }
    }
    facts.push({
      participantRole: key,
      points,
      defects,
      testCaseCount: perRole,
      metadata,
      completeness: { points: { complete: true }, defects: { complete: true } },
    });
  }
  return {
    facts,
    settings,
    approvals,
    points: perRole * PARTICIPANT_ROLES,
    defects: defectsPerRole * PARTICIPANT_ROLES,
  };
}

interface ScaleResult {
  points: number;
  defects: number;
  participantRoles: number;
  generateMs: number;
  assessMs: number[];
  peakRssMb: number;
  verdicts: Record<string, number>;
}

function runScale(totalPoints: number): ScaleResult {
  const t0 = performance.now();
  const programme = generate(totalPoints);
  const generateMs = performance.now() - t0;
  const assessMs: number[] = [];
  let verdicts: Record<string, number> = {};
  for (let run = 0; run < RUNS; run++) {
    (globalThis as { gc?: () => void }).gc?.();
    const start = performance.now();
    const portfolio = assessPortfolio(programme.facts, programme.settings, programme.approvals, NOW);
    assessMs.push(performance.now() - start);
    verdicts = portfolio.overall.verdicts;
  }
  return {
    points: programme.points,
    defects: programme.defects,
    participantRoles: programme.facts.length,
    generateMs,
    assessMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    verdicts,
  };
}

function main(): void {
  const pointsFlag = process.argv.indexOf("--points");
  if (pointsFlag > 0) {
    process.stdout.write(JSON.stringify(runScale(Number(process.argv[pointsFlag + 1]))));
    return;
  }
  const scales = [100_000, 1_000_000];
  const results: ScaleResult[] = [];
  console.log(
    `Engine benchmark: assessPortfolio over ${PARTICIPANT_ROLES} participant-roles, defects = 10% of points, best of ${RUNS} runs`,
  );
  console.log(`Node ${process.version}, ${cpus().length} cores\n`);
  console.log("points     defects   generate   assess(best)  assess(runs)              throughput         peak RSS");
  for (const scale of scales) {
    const child = spawnSync(
      process.execPath,
      ["--expose-gc", "--max-old-space-size=4096", __filename, "--points", String(scale)],
      {
        encoding: "utf8",
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    if (child.status !== 0) {
      console.error(child.stderr);
      process.exit(1);
    }
    const r = JSON.parse(child.stdout) as ScaleResult;
    results.push(r);
    const best = Math.min(...r.assessMs);
    console.log(
      [
        String(r.points).padEnd(10),
        String(r.defects).padEnd(9),
        `${r.generateMs.toFixed(0)} ms`.padEnd(10),
        `${best.toFixed(0)} ms`.padEnd(13),
        r.assessMs
          .map((m) => m.toFixed(0))
          .join("/")
          .padEnd(25),
        `${(((r.points / best) * 1000) / 1e6).toFixed(2)} M points/s`.padEnd(18),
        `${r.peakRssMb.toFixed(0)} MB`,
      ].join(" "),
    );
  }
  const [small, large] = results;
  const ratio = Math.min(...large.assessMs) / Math.min(...small.assessMs);
  console.log(`\n10x data cost ${ratio.toFixed(1)}x time (target at most ~11x)`);
  console.log(
    `1M points: ${Math.min(...large.assessMs).toFixed(0)} ms (target < 1000 ms), peak RSS ${large.peakRssMb.toFixed(0)} MB (target < 1024 MB)`,
  );
  console.log(`verdicts at 1M: ${JSON.stringify(large.verdicts)}`);
}

main();
