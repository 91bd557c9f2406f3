import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { controlRoutes } from "../../sandbox/control";
import { ProgrammeOptions, generateProgramme } from "../../sandbox/generator";
import { SAMPLE_PAT, WORK_ONLY_PAT } from "../../sandbox/generator/tokens";
import { ALL_ROUTES } from "../../sandbox/routes";
import { RunningSandbox, startSandbox } from "../../sandbox/server";
import {
  GATE_CANNOT_ASSESS_OUTPUTS,
  REPO_ROOT,
  RunOptions,
  TASK_NAMES,
  TaskName,
  TaskRun,
  missingBundleFiles,
  outputValues,
  runBundledTask,
  sourcesNewerThanBundles,
} from "./support/run-task";
import { unusedLoopbackPort } from "../support/ports";

/**
 * The two pipeline tasks as shipped: the webpack bundles in dist/tasks, run as child processes the way the agent
 * runs them, against the sandbox (seed 1 at a small scale, served from this process). Build them first with
 * `npm run build` (or `npm run build:tasks`).
 */

const SETTINGS_FILE = join(REPO_ROOT, "sandbox", "sample-settings.json");
const BOGUS_TOKEN = "not-a-real-token-5f1c2e";
const PROGRAMME: ProgrammeOptions = { seed: 1, scale: 0.05 };

const root = mkdtempSync(join(tmpdir(), "qt-tasks-"));
let sandbox: RunningSandbox;
let missing: string[] = [];
/** Every run of every test, for the check that no token is ever printed. */
const runs: { name: string; run: TaskRun }[] = [];
let dirCount = 0;
const freshDir = (name: string) => mkdtempSync(join(root, `${name}-${++dirCount}-`));

beforeAll(async () => {
  missing = missingBundleFiles();
  if (missing.length > 0)
    throw new Error(
      `The bundled pipeline tasks are not built (missing ${missing.join(", ")}). Run \`npm run build\` (or \`npm run build:tasks\`) first.`,
    );
  const stale = sourcesNewerThanBundles();
  if (stale.length > 0)
    console.warn(
      `These sources changed after dist/tasks was built, so the bundles under test may not match them: run \`npm run build:tasks\`.\n${stale.join("\n")}`,
    );
  const programme = generateProgramme(PROGRAMME);
  sandbox = await startSandbox({
    state: programme.state,
    routes: ALL_ROUTES,
    controlRoutes: [controlRoutes({ initial: PROGRAMME, programme })],
  });
}, 30_000);
afterAll(async () => {
  await sandbox?.close();
});
afterEach(() => {
  sandbox?.env.faults.set({});
});

interface AgentOptions extends RunOptions {
  /** The organisation URL the agent gives (System.TeamFoundationCollectionUri); the sandbox's by default. */
  orgUrl?: string;
}

/** Runs a task with the variables the agent sets for a job in the sandbox's organisation. */
async function runAs(task: TaskName, options: AgentOptions = {}) {
  const temp = freshDir("agent-temp");
  const staging = freshDir("staging");
  const run = await runBundledTask(task, {
    accessToken: SAMPLE_PAT,
    cwd: freshDir("sources"),
    ...options,
    inputs: { settingsFile: SETTINGS_FILE, ...options.inputs },
    variables: {
      "System.TeamFoundationCollectionUri": `${options.orgUrl ?? sandbox.orgUrl}/`,
      "System.TeamProject": "MHHS QT",
      "Agent.TempDirectory": temp,
      "Build.ArtifactStagingDirectory": staging,
      ...options.variables,
    },
  });
  runs.push({ name: `${task} ${expect.getState().currentTestName ?? ""}`, run });
  for (const token of [SAMPLE_PAT, WORK_ONLY_PAT, BOGUS_TOKEN]) expect(run.stdout + run.stderr).not.toContain(token);
  return { run, temp, staging };
}

const gate = (inputs: Record<string, string | undefined>, options: AgentOptions = {}) =>
  runAs("QtExitGate", { ...options, inputs });
const report = (inputs: Record<string, string | undefined>, options: AgentOptions = {}) =>
  runAs("QtCompletionReport", { ...options, inputs });

/** A run the agent would see as finished (exit 0: the result is the task.complete command) with this result. */
function expectResult(run: TaskRun, result: "Succeeded" | "SucceededWithIssues" | "Failed", message?: RegExp) {
  expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: "" });
  expect(run.commands.filter((c) => c.command === "task.complete")).toHaveLength(1);
  expect(run.result?.result).toBe(result);
  if (message) expect(run.result?.message).toMatch(message);
}

/**
 * A run that failed closed before deciding anything: one error, the reason, no summary; the gate publishes its
 * cannot-assess outputs, the report task none.
 */
function expectCannotAssess(run: TaskRun, task: string, reason: RegExp) {
  expectResult(run, "Failed", new RegExp(`^${task} cannot assess: `));
  expect(run.result?.message).toMatch(reason);
  expect(run.errors).toEqual([run.result?.message]);
  expect(outputValues(run)).toEqual(task === "QT exit gate" ? GATE_CANNOT_ASSESS_OUTPUTS : {});
  expect(run.summaries).toEqual([]);
}

function summaryOf(run: TaskRun, temp: string): string {
  expect(run.summaries).toHaveLength(1);
  expect(run.summaries[0].startsWith(temp)).toBe(true);
  return readFileSync(run.summaries[0], "utf8");
}

/** The outstanding defect of ORCH-X (its only one: a resolved Sev3), whose severity the tests edit. */
function orchDefect(): { id: number; severity: string } {
  const outstanding = [...sandbox.env.state().workItems.values()].filter(
    (w) =>
      w.fields["System.AreaPath"] === "MHHS QT\\tranche-1\\ORCH-X" &&
      w.fields["System.WorkItemType"] === "Bug" &&
      !["Closed", "Removed"].includes(String(w.fields["System.State"])),
  );
  expect(outstanding).toHaveLength(1);
  return { id: outstanding[0].id, severity: String(outstanding[0].fields["Custom.QTSeverity"]) };
}

/**
 * Runs `body` with ORCH-X's one outstanding defect at `severity`, and restores the defect's severity afterwards,
 * whatever the body does. Faults a body sets are cleared by afterEach.
 */
async function withOrchSeverity(
  severity: string,
  body: (defect: { id: number; severity: string }) => Promise<void>,
): Promise<void> {
  const defect = orchDefect();
  await setSeverity(defect.id, severity);
  try {
    await body(defect);
  } finally {
    await setSeverity(defect.id, defect.severity);
  }
}

async function setSeverity(id: number, value: string): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/workitems/${id}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ fields: { "Custom.QTSeverity": value } }),
  });
  expect(response.status).toBe(200);
}

describe("the bundles", () => {
  it.each(TASK_NAMES)("%s ships task.json and icon.png as in src, and task-lib's lib.json, beside index.js", (task) => {
    const dist = join(REPO_ROOT, "dist", "tasks", task);
    for (const file of ["task.json", "icon.png"])
      expect(
        readFileSync(join(dist, file)).equals(readFileSync(join(REPO_ROOT, "src", "pipeline-tasks", task, file))),
      ).toBe(true);
    expect(
      readFileSync(join(dist, "lib.json")).equals(readFileSync(require.resolve("azure-pipelines-task-lib/lib.json"))),
    ).toBe(true);
  });
});

describe("QtExitGate (bundled)", () => {
  it("passes a participant-role with nothing outstanding, with its outputs and summary", async () => {
    const { run, temp } = await gate({ participantRole: "OAKH-R" });
    expectResult(run, "Succeeded");
    expect(outputValues(run)).toEqual({
      outcome: "passed",
      verdict: "ready-to-submit",
      sev1Outstanding: "0",
      sev2Outstanding: "0",
      unclassifiedOutstanding: "0",
      executionPercent: "100",
      // Its entry criteria are not recorded in the sample: ready to submit, but still at Entry.
      stage: "entry",
      blockingDefectIds: "",
    });
    expect(Object.values(run.variables).every((v) => v.isOutput && !v.isSecret)).toBe(true);
    expect(run.errors).toEqual([]);
    const summary = summaryOf(run, temp);
    expect(summary).toMatch(/OAKH-R/);
    expect(summary).not.toMatch(/blocked/i);
  });

  it("blocks on outstanding Sev1 (and Sev2 and unclassified), naming each blocking defect", async () => {
    const { run, temp } = await gate({ participantRole: "HOLL-X" });
    expectResult(run, "Failed", /^HOLL-X is blocked: 3 Sev1, 3 Sev2, 2 Unclassified outstanding \(#/);
    const out = outputValues(run);
    expect(out).toMatchObject({
      verdict: "not-ready",
      sev1Outstanding: "3",
      sev2Outstanding: "3",
      unclassifiedOutstanding: "2",
    });
    const ids = out.blockingDefectIds.split(",");
    expect(ids).toHaveLength(8);
    const blocking = run.errors.filter((e) => e.startsWith("Blocking defect #"));
    expect(blocking.map((e) => /^Blocking defect #(\d+) /.exec(e)?.[1])).toEqual(ids);
    expect(blocking.filter((e) => / Sev1 /.test(e))).toHaveLength(3);
    expect(blocking.some((e) => /Unclassified \("Showstopper"\)/.test(e))).toBe(true);
    expect(run.errors[run.errors.length - 1]).toBe(run.result?.message);
    expect(run.warnings.length).toBeGreaterThan(0);
    expect(run.warnings.every((w) => w.startsWith("Sev3/Sev4 defect #"))).toBe(true);
    const summary = summaryOf(run, temp);
    expect(summary).toMatch(/QT exit gate blocked: HOLL-X/);
    for (const id of ids) expect(summary).toContain(`#${id}`);
  });

  it("blocks on an outstanding Sev1 alone, with blockOn default or Sev1", async () => {
    await withOrchSeverity("Sev1 - Critical", async (defect) => {
      for (const blockOn of [undefined, "Sev1"]) {
        const { run } = await gate({ participantRole: "ORCH-X", blockOn });
        expectResult(run, "Failed", /^ORCH-X is blocked: 1 Sev1 outstanding/);
        expect(outputValues(run)).toMatchObject({
          verdict: "not-ready",
          sev1Outstanding: "1",
          sev2Outstanding: "0",
          unclassifiedOutstanding: "0",
          blockingDefectIds: String(defect.id),
        });
      }
    });
  });

  it("blocks on an outstanding Sev2 alone, whatever blockOn says; the Sev1-only check never passes it plainly", async () => {
    await withOrchSeverity("Sev2 - Major", async (defect) => {
      const blocked = (await gate({ participantRole: "ORCH-X" })).run;
      expectResult(blocked, "Failed", /^ORCH-X is blocked: 1 Sev2 outstanding/);
      expect(outputValues(blocked)).toMatchObject({
        sev1Outstanding: "0",
        sev2Outstanding: "1",
        unclassifiedOutstanding: "0",
        blockingDefectIds: String(defect.id),
      });
      expect(blocked.errors[0]).toMatch(new RegExp(`^Blocking defect #${defect.id} Sev2 `));

      for (const blockOn of ["Sev1", "Sev3"]) {
        const still = (await gate({ participantRole: "ORCH-X", blockOn })).run;
        expectResult(still, "Failed", /^ORCH-X is blocked: 1 Sev2 outstanding/);
      }

      const { run: sev1Only, temp } = await gate({ participantRole: "ORCH-X", mode: "sev1Only" });
      expectResult(sev1Only, "SucceededWithIssues", /this is not the QT exit gate$/);
      expect(outputValues(sev1Only)).toMatchObject({
        outcome: "passed-with-issues",
        sev2Outstanding: "1",
        blockingDefectIds: "",
      });
      expect(sev1Only.errors).toEqual([]);
      expect(
        sev1Only.warnings.some((w) => w.startsWith(`Not gated by the Sev1-only check: defect #${defect.id} Sev2`)),
      ).toBe(true);
      expect(summaryOf(sev1Only, temp)).toMatch(
        /^## ⚠️ Sev1-only check passed with Sev2 outstanding \(not the QT exit gate\)/,
      );
    });
  });

  it("blocks on an outstanding Sev1 with blockOn Sev3, which only adds", async () => {
    await withOrchSeverity("Sev1 - Critical", async (defect) => {
      const { run } = await gate({ participantRole: "ORCH-X", blockOn: "Sev3" });
      expectResult(run, "Failed", /^ORCH-X is blocked: 1 Sev1 outstanding/);
      expect(outputValues(run)).toMatchObject({
        outcome: "blocked",
        sev1Outstanding: "1",
        blockingDefectIds: String(defect.id),
      });
      const sev1Only = (await gate({ participantRole: "ORCH-X", mode: "sev1Only" })).run;
      expectResult(
        sev1Only,
        "Failed",
        /^ORCH-X is blocked: 1 Sev1 outstanding .*\(the Sev1-only check, not the QT exit gate\)$/,
      );
    });
  });

  it("cannot assess, publishing no count, when the batch read leaves out a Sev2 the query returned", async () => {
    await withOrchSeverity("Sev2 - Major", async (defect) => {
      sandbox.env.faults.set({ vanishedWorkItemIds: [defect.id] });
      const { run, temp } = await gate({ participantRole: "ORCH-X" });
      expectResult(
        run,
        "Failed",
        new RegExp(
          `^Cannot assess ORCH-X: Defects were not read completely: 1 defect the query returned could not be read back \\(#${defect.id}\\)`,
        ),
      );
      expect(outputValues(run)).toEqual(GATE_CANNOT_ASSESS_OUTPUTS);
      expect(summaryOf(run, temp)).toContain("- Outstanding: not counted (the defects were not read completely)");
    });
  });

  it("blocks on a severity that maps to no QT level, even with blockOn Sev1", async () => {
    await withOrchSeverity("Showstopper", async (defect) => {
      for (const blockOn of [undefined, "Sev1"]) {
        const { run } = await gate({ participantRole: "ORCH-X", blockOn });
        expectResult(run, "Failed", /^ORCH-X is blocked: 1 Unclassified outstanding/);
        expect(outputValues(run)).toMatchObject({
          sev1Outstanding: "0",
          sev2Outstanding: "0",
          unclassifiedOutstanding: "1",
          blockingDefectIds: String(defect.id),
        });
        expect(run.errors[0]).toMatch(new RegExp(`^Blocking defect #${defect.id} Unclassified \\("Showstopper"\\)`));
      }
    });
    // Restored: the Sev3 does not block.
    expectResult((await gate({ participantRole: "ORCH-X" })).run, "Succeeded");
  });

  it("with requireFullExecution, blocks until E4 is met", async () => {
    const plain = (await gate({ participantRole: "FENN-N" })).run;
    expectResult(plain, "Succeeded");
    const { run, temp } = await gate({ participantRole: "FENN-N", requireFullExecution: "true" });
    expectResult(run, "Failed", /E4 unmet: /);
    expect(outputValues(run)).toMatchObject({ sev1Outstanding: "0", sev2Outstanding: "0", blockingDefectIds: "" });
    expect(Number(outputValues(run).executionPercent)).toBeLessThan(100);
    expect(run.errors.some((e) => /^E4 unmet: /.test(e))).toBe(true);
    expect(summaryOf(run, temp)).toMatch(/E4/);
  });

  it("fails closed on a token the service refuses (203 sign-in page)", async () => {
    const { run } = await gate({ participantRole: "HOLL-X" }, { accessToken: BOGUS_TOKEN });
    expectCannotAssess(run, "QT exit gate", /access token was refused/);
  });

  it("fails closed naming the permission a work-only token lacks", async () => {
    const { run } = await gate({ participantRole: "HOLL-X" }, { accessToken: WORK_ONLY_PAT });
    expectCannotAssess(run, "QT exit gate", /^QT exit gate cannot assess: Missing permission: .*vso\.test/);
    expect(run.result?.message).toMatch(/TF400813/);
    expect(run.result?.message).toMatch(/Test Plans/);
  });

  it("fails closed when throttling outlasts the retry budget", async () => {
    sandbox.env.faults.set({ throttleRate: 1, retryAfterSeconds: 1 });
    const started = Date.now();
    const { run } = await gate({ participantRole: "HOLL-X", retryBudgetSeconds: "2" });
    expectCannotAssess(run, "QT exit gate", /kept throttling the reads beyond the retry budget/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("fails, never passes, when some test points cannot be read", async () => {
    // ORCH-X's one outstanding defect is a Sev3: it passes when read in full. Its plan (30) answers 503.
    sandbox.env.faults.set({ errorRate: 1, pathPattern: "/Plans/30/" });
    const { run, temp } = await gate({ participantRole: "ORCH-X", retryBudgetSeconds: "1" });
    expectResult(run, "Failed", /^Cannot assess\b.*Test points were not read completely/);
    expect(outputValues(run)).toEqual(GATE_CANNOT_ASSESS_OUTPUTS);
    expect(summaryOf(run, temp)).toMatch(/ORCH-X/);
  });

  it("fails closed when Azure DevOps cannot be reached", async () => {
    const port = await unusedLoopbackPort();
    const { run } = await gate(
      { participantRole: "HOLL-X", retryBudgetSeconds: "1" },
      { orgUrl: `http://127.0.0.1:${port}/mhhs-sandbox` },
    );
    expectCannotAssess(run, "QT exit gate", /could not be reached reliably: .*ECONNREFUSED/);
  });

  it("refuses a plain-http organisation URL off this machine, saying why", async () => {
    const { run } = await gate({ participantRole: "HOLL-X" }, { orgUrl: "http://tfs.example.net/DefaultCollection" });
    expectCannotAssess(
      run,
      "QT exit gate",
      /http:\/\/tfs\.example\.net is plain http, so the access token would be sent in clear: use https:\/\//,
    );
  });

  it("fails closed on a settings file that fails validation", async () => {
    const settings = JSON.parse(readFileSync(SETTINGS_FILE, "utf8")) as { registry: Record<string, unknown>[] };
    settings.registry[0] = { ...settings.registry[0], mpid: "AB" };
    const file = join(freshDir("settings"), "broken.json");
    writeFileSync(file, JSON.stringify(settings));
    const { run } = await gate({ participantRole: "HOLL-X", settingsFile: file });
    expectCannotAssess(run, "QT exit gate", /settings in .*broken\.json are invalid:\n.*\$\.registry\[0\]\.mpid/);
  });

  it("fails closed on an invalid blockOn or participant-role input", async () => {
    const badBlockOn = (await gate({ participantRole: "HOLL-X", blockOn: "Sev9" })).run;
    expectCannotAssess(
      badBlockOn,
      "QT exit gate",
      /The gate's inputs are invalid: Not a severity: "Sev9"\. .*always block/,
    );
    const badMode = (await gate({ participantRole: "HOLL-X", mode: "lenient" })).run;
    expectCannotAssess(badMode, "QT exit gate", /Not a gate mode: "lenient"/);
    const sev1OnlyWithBlockOn = (await gate({ participantRole: "HOLL-X", mode: "sev1Only", blockOn: "Sev3" })).run;
    expectCannotAssess(sev1OnlyWithBlockOn, "QT exit gate", /blockOn applies to the QT exit gate only/);
    const unknownRole = (await gate({ participantRole: "ZZZZ-X" })).run;
    expectCannotAssess(unknownRole, "QT exit gate", /ZZZZ-X/);
  });
});

describe("QtCompletionReport (bundled)", () => {
  it("writes one participant-role's report in md, html, csv and json", async () => {
    const { run, staging } = await report({ participantRole: "OAKH-R", formats: "md,html,csv,json" });
    expectResult(run, "Succeeded", /^Wrote 1 completion report\(s\) to /);
    const dir = join(staging, "qt-completion-report");
    const names = ["md", "html", "csv", "json"].map((f) => `qt-completion-report-OAKH-R.${f}`);
    expect(readdirSync(dir).sort()).toEqual([...names].sort());
    expect(outputValues(run)).toEqual({
      reportDirectory: dir,
      reportFiles: names.map((n) => join(dir, n)).join(";"),
      verdict: "ready-to-submit",
    });
    const text = (ext: string) => readFileSync(join(dir, `qt-completion-report-OAKH-R.${ext}`), "utf8");

    const json = JSON.parse(text("json")) as { format: string; formatVersion: number; report: unknown };
    expect(json.format).toBe("qt-assurance.completion-report");
    expect(json.formatVersion).toBe(1);
    expect(JSON.stringify(json.report)).toContain('"OAKH-R"');
    const html = text("html");
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
    expect(html).toContain("OAKH-R");
    expect(html).not.toMatch(/<script/i);
    const csv = text("csv").split(/\r?\n/);
    expect(csv[0]).toMatch(/^record,participant_role,window,/);
    expect(
      csv
        .slice(1)
        .filter((l) => l.length > 0)
        .every((l) => l.split(",")[1] === "OAKH-R"),
    ).toBe(true);
    const md = text("md");
    expect(md).toContain("OAKH-R");
    expect(md).toMatch(/[0-9a-f]{64}/);
    // attachSummary defaults to true in task.json: the Markdown report is the run's summary tab.
    expect(run.summaries).toEqual([join(dir, names[0])]);
  });

  it("puts the requirement traceability matrix in section 10 with traceability: true", async () => {
    const { run, staging } = await report({ participantRole: "HOLL-X", formats: "md,json", traceability: "true" });
    expectResult(run, "Succeeded", /^Wrote 1 completion report\(s\)/);
    const dir = join(staging, "qt-completion-report");
    const md = readFileSync(join(dir, "qt-completion-report-HOLL-X.md"), "utf8");
    expect(md).toMatch(
      /^## 10\. Requirement traceability \(RTTM\)\n\nRequirements: those the settings' requirement scope/m,
    );
    const json = JSON.parse(readFileSync(join(dir, "qt-completion-report-HOLL-X.json"), "utf8")) as {
      report: { traceability?: { status: string; counts: Record<string, number> } };
    };
    expect(json.report.traceability?.status).toBe("read");
    expect(json.report.traceability?.counts["no-test"]).toBeGreaterThanOrEqual(1);
    // Without the input the section says it was not read.
    const plain = await report({ participantRole: "HOLL-X", formats: "md" });
    const text = readFileSync(join(plain.staging, "qt-completion-report", "qt-completion-report-HOLL-X.md"), "utf8");
    expect(text).toContain("**Not read:** this report was made without the requirement traceability matrix.");
  });

  it("puts the trend in section 11 with trend: true, its charts in the HTML and every day in the JSON", async () => {
    const { run, staging } = await report({ participantRole: "HOLL-X", formats: "md,html,json", trend: "true" });
    expectResult(run, "Succeeded", /^Wrote 1 completion report\(s\)/);
    expect(run.warnings).toEqual([]);
    const dir = join(staging, "qt-completion-report");
    const md = readFileSync(join(dir, "qt-completion-report-HOLL-X.md"), "utf8");
    expect(md).toMatch(/^## 11\. Trend and forecast\n\nFrom Azure DevOps Analytics, /m);
    expect(md).toMatch(/^\| Date \| Planned \| Executed \| Passed \| Waived \| Executed % \|$/m);
    const html = readFileSync(join(dir, "qt-completion-report-HOLL-X.html"), "utf8");
    expect(html.match(/<figure class="chart">\n<svg [^>]*role="img"/g)).toHaveLength(2);
    const json = JSON.parse(readFileSync(join(dir, "qt-completion-report-HOLL-X.json"), "utf8")) as {
      report: { trend?: { status: string; range: { from: string; to: string }; burnUp: { days: unknown[] } } };
    };
    expect(json.report.trend?.status).toBe("read");
    const { from, to } = json.report.trend!.range;
    expect(json.report.trend?.burnUp.days).toHaveLength((Date.parse(to) - Date.parse(from)) / 86_400_000 + 1);
    // Without the input the section says it was not read.
    const plain = await report({ participantRole: "HOLL-X", formats: "md" });
    const text = readFileSync(join(plain.staging, "qt-completion-report", "qt-completion-report-HOLL-X.md"), "utf8");
    expect(text).toContain(
      "**Not read:** this report was made without the trend (execution burn-up, defect burn-down and forecast).",
    );
  });

  it("writes each member of a window, and the index", async () => {
    const { run, staging } = await report({ window: "tranche-1" });
    expectResult(run, "Succeeded", /^Wrote 4 completion report\(s\)/);
    const dir = join(staging, "qt-completion-report");
    const members = ["HOLL-X", "ORCH-X", "FENN-N", "FENN-O"];
    const expected = [
      ...members.flatMap((m) => [`qt-completion-report-${m}.md`, `qt-completion-report-${m}.html`]),
      "qt-completion-reports-tranche-1.md",
    ];
    expect(readdirSync(dir).sort()).toEqual([...expected].sort());
    expect(outputValues(run).reportFiles.split(";")).toEqual(expected.map((n) => join(dir, n)));
    expect(outputValues(run).verdict).toBe("not-ready");
    const index = readFileSync(join(dir, "qt-completion-reports-tranche-1.md"), "utf8");
    expect(index).toMatch(/^# QT Completion Reports: tranche-1/);
    for (const m of members) expect(index).toContain(`[md](qt-completion-report-${m}.md)`);
    expect(index).toMatch(/\| HOLL-X \| .* \| Not ready \| .* \| 3 \| 3 \| 2 \|/);
    expect(run.summaries).toEqual([join(dir, "qt-completion-reports-tranche-1.md")]);
  });

  it("lists every file it writes, including the summary it makes when no Markdown is asked for", async () => {
    const { run, staging } = await report({ participantRole: "OAKH-R", formats: "html" });
    expectResult(run, "Succeeded");
    const dir = join(staging, "qt-completion-report");
    const written = readdirSync(dir).map((n) => join(dir, n));
    expect([...outputValues(run).reportFiles.split(";")].sort()).toEqual(written.sort());
    expect(written).toContain(join(dir, "qt-completion-report-OAKH-R.html"));
    expect(run.summaries).toHaveLength(1);
    expect(written).toContain(run.summaries[0]);
    expect(readFileSync(run.summaries[0], "utf8")).toContain("OAKH-R");
  });

  it("fails closed on an invalid formats input or an unknown window", async () => {
    const formats = (await report({ participantRole: "OAKH-R", formats: "md,pdf" })).run;
    expectCannotAssess(
      formats,
      "QT Completion Report",
      /The input formats must list md, html, csv and\/or json, not "pdf"/,
    );
    const window = (await report({ window: "tranche-99" })).run;
    expectCannotAssess(window, "QT Completion Report", /No participant-role is registered in the window "tranche-99"/);
  });

  it("fails when a window member cannot be assessed, still writing every report", async () => {
    sandbox.env.faults.set({ errorRate: 1, pathPattern: "/Plans/30/" });
    const { run, staging } = await report({ window: "tranche-1", formats: "md", retryBudgetSeconds: "1" });
    expectResult(
      run,
      "Failed",
      /^Cannot assess ORCH-X: the reports are written but say so \(Test points were not read/,
    );
    expect(outputValues(run).verdict).toBe("cannot-assess");
    expect(run.errors[0]).toMatch(/^ORCH-X cannot be assessed: /);
    const dir = join(staging, "qt-completion-report");
    expect(readdirSync(dir)).toHaveLength(5);
    expect(readFileSync(join(dir, "qt-completion-reports-tranche-1.md"), "utf8")).toMatch(
      /\| ORCH-X \| .* \| Cannot assess \|/,
    );
  });

  it("refuses both a participant-role and a window", async () => {
    const { run, staging } = await report({ participantRole: "OAKH-R", window: "tranche-1" });
    expectCannotAssess(run, "QT Completion Report", /Give either participantRole .* or window/);
    expect(existsSync(join(staging, "qt-completion-report"))).toBe(false);
  });

  it("fails closed on a token the service refuses, writing nothing", async () => {
    const { run, staging } = await report({ participantRole: "OAKH-R" }, { accessToken: BOGUS_TOKEN });
    expectCannotAssess(run, "QT Completion Report", /access token was refused/);
    expect(existsSync(join(staging, "qt-completion-report"))).toBe(false);
  });
});

describe("secrets", () => {
  it("never prints the job's token, in any run above", () => {
    expect(runs.length).toBeGreaterThan(0);
    for (const { name, run } of runs)
      for (const token of [SAMPLE_PAT, WORK_ONLY_PAT, BOGUS_TOKEN]) {
        expect({ name, leaked: (run.stdout + run.stderr).includes(token) }).toEqual({ name, leaked: false });
      }
  });
});
