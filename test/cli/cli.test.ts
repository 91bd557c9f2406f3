import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmbeddedSandbox, startEmbeddedSandbox } from "../../sandbox/embedded";
import { WORK_ONLY_PAT } from "../../sandbox/generator/tokens";
import { CLI_NOW, runCliCaptured } from "./support/run-cli";
import { readAndAssess } from "../../src/ado/assessment-run";
import { openNodeSource } from "../../src/ado/node-source";
import { buildCompletionReport } from "../../src/core/report";
import { DEFAULT_EXTENSION } from "../../src/cli/connection";
import { recordSubmission } from "../../src/core/approvals";
import { createNodePort } from "../../src/ado/node-port";
import { createStore } from "../../src/ado/store";

const cli = (args: string[], env: Record<string, string | undefined> = {}) => runCliCaptured(args, env);

const dir = mkdtempSync(join(tmpdir(), "qt-cli-"));
let sandbox: EmbeddedSandbox;
let settingsFile: string;
let remote: string[];
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startEmbeddedSandbox();
  settingsFile = join(dir, "settings.json");
  writeFileSync(settingsFile, JSON.stringify(sandbox.settings));
  remote = ["--org-url", sandbox.orgUrl, "--project", sandbox.project, "--settings", settingsFile];
  env = { AZURE_DEVOPS_EXT_PAT: sandbox.token };
});
afterAll(() => sandbox.close());

describe("qt-assure", () => {
  it("prints the live sample programme's verdicts with --sandbox: every verdict, both routes, today's windows", async () => {
    const r = await cli(["portfolio", "--sandbox", "--format", "json"]);
    // One participant-role of the live programme cannot be assessed (its settings select a deleted suite): exit 2.
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as {
      assessments: { participantRole: string; route: string; verdict: string; window: { phase: string } | null }[];
    };
    const verdicts = new Set(doc.assessments.map((a) => a.verdict));
    expect([...verdicts].sort()).toEqual(["cannot-assess", "exit-criteria-met", "not-ready", "ready-to-submit"]);
    expect(doc.assessments.some((a) => a.route === "SIT" && a.verdict === "exit-criteria-met")).toBe(true);
    expect(doc.assessments.some((a) => a.route === "QT" && a.verdict === "exit-criteria-met")).toBe(true);
    const phases = new Set(doc.assessments.flatMap((a) => (a.window ? [a.window.phase] : [])));
    expect([...phases].sort()).toEqual(["closed", "environment-preparation", "execution", "not-started"]);
  });

  it("assesses one participant-role as versioned JSON naming the items behind each reason", async () => {
    const r = await cli(["assess", "--participant", "holl-x", "--format", "json", ...remote], env);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      format: string;
      formatVersion: number;
      assessment: {
        verdict: string;
        criteria: { id: string; status: string; reasons: { items: { id: number }[] }[] }[];
      };
    };
    expect(doc.format).toBe("qt-assurance.cli.assess");
    expect(doc.formatVersion).toBe(2);
    expect(doc.assessment.verdict).toBe("not-ready");
    const e1 = doc.assessment.criteria.find((c) => c.id === "E1")!;
    expect(e1.status).toBe("unmet");
    expect(e1.reasons[0].items.length).toBeGreaterThan(0);
  });

  it("names test points in text by test case, configuration and latest run, and never counts days negatively", async () => {
    const r = await cli(["assess", "--participant", "holl-x", ...remote], env);
    expect(r.code).toBe(0);
    // "7 test points failed without an approved waiver. ["REG-012 De-energise a metering point · UIT - Standard" (point 472, run 31), …]"
    expect(r.stdout).toMatch(/failed without an approved waiver\. \["[^"]+ · [^"]+" \(point \d+, run \d+\)/);
    expect(r.stdout).not.toMatch(/\bPoint \d+\b/);
    expect(r.stdout).toMatch(
      /^Window: .+, (execution ended \d+ days? ago|last day of execution|\d+ days? to the end of execution) \(\d{4}-\d\d-\d\d\)|^Window: /m,
    );
    expect(r.stdout).not.toMatch(/-\d+ days/);
  });

  it("gates: blocked (1) on outstanding Sev1/Sev2, passes (0) when none are outstanding", async () => {
    const blocked = await cli(["gate", "--participant", "HOLL-X", ...remote], env);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toMatch(/GATE: BLOCKED — HOLL-X is blocked: 3 Sev1, 4 Sev2, 2 Unclassified outstanding \(#/);
    const passed = await cli(["gate", "--participant", "OAKH-R", ...remote], env);
    expect(passed.code).toBe(0);
    expect(passed.stdout).toMatch(/GATE: PASSED/);
    const strict = await cli(["gate", "--participant", "FENN-N", "--require-full-execution", ...remote], env);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/GATE: BLOCKED — .* E4 unmet: /);
  });

  it("gates: Sev1, Sev2 and unclassified always block; --block-on only adds; --mode sev1-only is not the gate", async () => {
    const sev3 = await cli(["gate", "--participant", "HOLL-X", "--block-on", "Sev3", ...remote], env);
    expect(sev3.code).toBe(1);
    expect(sev3.stdout).toMatch(
      /GATE: BLOCKED — HOLL-X is blocked: 3 Sev1, 4 Sev2, \d+ Sev3, 2 Unclassified outstanding/,
    );
    const lighter = await cli(["gate", "--participant", "HOLL-X", "--mode", "sev1-only", ...remote], env);
    expect(lighter.code).toBe(1);
    expect(lighter.stdout).toMatch(
      /SEV1-ONLY CHECK \(not the QT exit gate\): BLOCKED — HOLL-X is blocked: 3 Sev1, 2 Unclassified outstanding .*\(the Sev1-only check, not the QT exit gate\)/,
    );
    const bad = await cli(["gate", "--participant", "HOLL-X", "--block-on", "Sev9", ...remote], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /Not a severity: "Sev9"\. .*Sev1, Sev2 and unclassified defects always block the QT exit gate/,
    );
    const help = await cli(["gate", "--help"]);
    expect(help.stdout.replace(/\s+/g, " ")).toMatch(
      /Sev1, Sev2 and unclassified always block; this cannot remove them/,
    );
  });

  it("shows no count it did not read: a defect the batch read leaves out makes it cannot assess (2)", async () => {
    const before = JSON.parse(
      (await cli(["assess", "--participant", "HOLL-X", "--format", "json", ...remote], env)).stdout,
    ) as {
      assessment: { criteria: { id: string; reasons: { items: { id: number }[] }[] }[] };
    };
    const sev1 = before.assessment.criteria.find((c) => c.id === "E1")!.reasons[0].items[0].id;
    const faults = `${new URL(sandbox.orgUrl).origin}/_sandbox/faults`;
    const put = (body: unknown) =>
      fetch(faults, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await put({ vanishedWorkItemIds: [sev1] })).status).toBe(200);
    try {
      const gate = await cli(["gate", "--participant", "HOLL-X", ...remote], env);
      expect(gate.code).toBe(2);
      expect(gate.stdout).toMatch(new RegExp(`GATE: CANNOT ASSESS — .*could not be read back \\(#${sev1}\\)`));
      expect(gate.stdout).toContain("Outstanding: not counted (the defects were not read completely)");
      expect(gate.stdout).not.toMatch(/Sev1 0/);
      const json = await cli(["assess", "--participant", "HOLL-X", "--format", "json", ...remote], env);
      const doc = JSON.parse(json.stdout) as { assessment: { verdict: string; counts: Record<string, unknown> } };
      expect(doc.assessment.verdict).toBe("cannot-assess");
      expect(doc.assessment.counts).toMatchObject({ outstanding: null, mitigationGaps: null });
      expect(typeof doc.assessment.counts.planned).toBe("number");
      const portfolio = await cli(["portfolio", ...remote], env);
      expect(portfolio.stdout).toMatch(/^ {2}HOLL-X +Cannot assess +Cannot assess +[\d.]+% +\? +\? +\? +\? +\d+$/m);
    } finally {
      await put({});
    }
  });

  it("refuses a plain-http organisation URL off this machine (the token would go in clear)", async () => {
    const r = await cli(
      ["gate", "--participant", "HOLL-X", "--org-url", "http://dev.azure.example/org", "--project", "P"],
      env,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--org-url: The organisation URL http:\/\/dev\.azure\.example is plain http, so the access token would be sent in clear: use https:\/\//,
    );
  });

  it("cannot assess (2) when the token lacks a scope, and never prints the token", async () => {
    const r = await cli(["gate", "--participant", "HOLL-X", ...remote], { AZURE_DEVOPS_EXT_PAT: WORK_ONLY_PAT });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/vso\.test/);
    expect(r.stdout + r.stderr).not.toContain(WORK_ONLY_PAT);
    const refused = await cli(["gate", "--participant", "HOLL-X", ...remote], {
      AZURE_DEVOPS_EXT_PAT: "not-a-token-123",
    });
    expect(refused.code).toBe(2);
    expect(refused.stdout + refused.stderr).not.toContain("not-a-token-123");
  });

  it("asks for the token in the environment, not on the command line", async () => {
    const r = await cli(["assess", "--participant", "HOLL-X", ...remote], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Set AZURE_DEVOPS_EXT_PAT/);
    expect((await cli(["assess", "--participant", "HOLL-X", "--token", "x", ...remote], env)).code).toBe(2);
  });

  it("reads approvals from the extension's data: a submission meets E5 only with its report stored", async () => {
    const store = createStore(
      createNodePort({ orgUrl: sandbox.orgUrl, token: sandbox.token, extension: DEFAULT_EXTENSION }),
    );
    // A submission record alone, naming a report that was never stored: anyone can write one; it does not count.
    const recorded = await store.recordApproval("OAKH-R", (a) =>
      recordSubmission(
        a,
        {
          participantRole: "OAKH-R",
          window: "non-sit-ldso",
          sha256: "d".repeat(64),
          verdictAtSubmission: "ready-to-submit",
        },
        { id: "lead", displayName: "Test Lead" },
        new Date("2025-05-30T10:00:00Z"),
      ),
    );
    expect(recorded.kind).toBe("recorded");
    const unstored = await cli(["assess", "--participant", "OAKH-R", "--format", "json", ...remote], env);
    const doc = JSON.parse(unstored.stdout) as { assessment: { verdict: string }; notCounted: string[] };
    expect(doc.assessment.verdict).toBe("ready-to-submit");
    expect(doc.notCounted).toEqual([
      "The submission of report dddddddddddd… for OAKH-R does not count: no report is stored under its SHA-256.",
    ]);

    // The report submitted as the hub does, stored under its hash: E5 is met.
    const source = openNodeSource({
      orgUrl: sandbox.orgUrl,
      project: sandbox.project,
      token: sandbox.token,
      extension: { ...DEFAULT_EXTENSION },
      concurrency: 4,
    });
    const settings = sandbox.settings;
    const read = await readAndAssess(source, settings, "OAKH-R", () => CLI_NOW);
    const report = buildCompletionReport(read.assessment, read.approvals, CLI_NOW, { source: sandbox.orgUrl });
    const submitted = await store.submitReport(report, { id: "lead", displayName: "Test Lead" }, CLI_NOW);
    expect(submitted.kind).toBe("submitted");
    const one = await cli(["assess", "--participant", "OAKH-R", "--format", "json", ...remote], env);
    expect(JSON.parse(one.stdout).assessment.verdict).toBe("exit-criteria-met");
    const all = await cli(["portfolio", "--window", "non-sit-ldso", "--format", "json", ...remote], env);
    const oakh = (
      JSON.parse(all.stdout) as { assessments: { participantRole: string; verdict: string }[] }
    ).assessments.find((a) => a.participantRole === "OAKH-R");
    expect(oakh?.verdict).toBe("exit-criteria-met");
  });

  it("writes the completion report in each format", async () => {
    for (const format of ["md", "html", "csv", "json"]) {
      const out = join(dir, `report.${format}`);
      const r = await cli(["report", "--participant", "OAKH-R", "--format", format, "--out", out, ...remote], env);
      expect(r.code).toBe(0);
      expect(readFileSync(out, "utf8")).toMatch(/[0-9a-f]{64}/);
    }
  });

  it("validates settings files", async () => {
    expect((await cli(["settings", "validate", settingsFile])).stdout).toMatch(/valid \(28 participant-roles/);
    const broken = join(dir, "broken.json");
    writeFileSync(
      broken,
      JSON.stringify({ ...sandbox.settings, registry: [{ ...sandbox.settings.registry[0], mpid: "AB" }] }),
    );
    const r = await cli(["settings", "validate", broken]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\$\.registry\[0\]\.mpid/);
  });

  it("proposes registry entries from the naming convention", async () => {
    const r = await cli(["discover", ...remote], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^unchanged HOLL-X/m);
  });

  it("answers --help on every command and refuses unknown options", async () => {
    for (const command of ["assess", "portfolio", "report", "gate", "discover"]) {
      const r = await cli([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/--org-url/);
    }
    expect((await cli(["portfolio", "--bogus"])).code).toBe(2);
  });
});
