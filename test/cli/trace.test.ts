import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmbeddedSandbox, startEmbeddedSandbox } from "../../sandbox/embedded";
import { TRACE_CSV_COLUMNS } from "../../src/core/traceability";
import { runCliCaptured } from "./support/run-cli";

/**
 * `qt-assure trace` and `report --traceability` against the sample programme (in-process sandbox): the matrix in
 * text, JSON and CSV, the report's RTTM section, and exit 2 with no matrix when a read fails.
 */
const cli = (args: string[], env: Record<string, string | undefined> = {}) => runCliCaptured(args, env);

const dir = mkdtempSync(join(tmpdir(), "qt-trace-"));
let sandbox: EmbeddedSandbox;
let remote: string[];
let linked: string[];
let env: Record<string, string>;

interface TraceDoc {
  format: string;
  formatVersion: number;
  participantRole: string;
  status: string;
  reason: string | null;
  source: string | null;
  counts: Record<string, number>;
  requirements: { id: number; status: string; url: string; cases: { testCaseId: number; results: unknown[] }[] }[];
  untracedTests: { testCaseId: number }[];
}

beforeAll(async () => {
  sandbox = await startEmbeddedSandbox();
  const settingsFile = join(dir, "settings.json");
  writeFileSync(settingsFile, JSON.stringify(sandbox.settings));
  const linkedFile = join(dir, "linked.json");
  writeFileSync(linkedFile, JSON.stringify({ ...sandbox.settings, traceability: undefined }));
  const at = ["--org-url", sandbox.orgUrl, "--project", sandbox.project];
  remote = [...at, "--settings", settingsFile];
  linked = [...at, "--settings", linkedFile];
  env = { AZURE_DEVOPS_EXT_PAT: sandbox.token };
});
afterAll(() => sandbox.close());

const faults = (body: unknown) =>
  fetch(`${new URL(sandbox.orgUrl).origin}/_sandbox/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("qt-assure trace", () => {
  it("writes the matrix as versioned JSON: requirements in scope, gaps counted, links to the work items", async () => {
    const r = await cli(["trace", "--participant", "holl-x", "--format", "json", ...remote], env);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as TraceDoc;
    expect(doc).toMatchObject({
      format: "qt-assurance.cli.trace",
      formatVersion: 1,
      participantRole: "HOLL-X",
      status: "read",
      source: "scope",
    });
    expect(doc.counts.requirements).toBe(doc.requirements.length);
    expect(doc.counts["no-test"]).toBeGreaterThanOrEqual(2);
    expect(doc.counts.untracedTests).toBe(doc.untracedTests.length);
    expect(doc.untracedTests.length).toBeGreaterThan(0);
    expect(doc.requirements[0].url).toMatch(/\/_workitems\/edit\/\d+$/);
    expect(doc.requirements.some((q) => q.cases.some((c) => c.results.length > 1))).toBe(true);
  });

  it("shows it compactly in text, every gap flagged", async () => {
    const r = await cli(["trace", "--participant", "HOLL-X", ...remote], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^HOLL-X .+: requirement traceability \(RTTM, MHHS-DEL1050\)$/m);
    expect(r.stdout).toMatch(/^Requirements: the settings' requirement scope/m);
    expect(r.stdout).toMatch(/^! #\d+ +NO TEST +HOLL-X-REQ-\d{3} .+ \[\w+\]$/m);
    expect(r.stdout).toMatch(/^ +TC \d+ .+ \(tested-by\): .+$/m);
    expect(r.stdout).toMatch(/^Test cases without a requirement:\n! TC \d+ /m);
  });

  it("writes CSV, a row per requirement, case and configuration", async () => {
    const r = await cli(["trace", "--participant", "HOLL-X", "--format", "csv", ...remote], env);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe(TRACE_CSV_COLUMNS.join(","));
    expect(lines.some((l) => /^\d+,.*,no-test,/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith(",,,untraced,"))).toBe(true);
  });

  it("without a requirement scope, takes the requirements the test cases and suites link to, and says so", async () => {
    const json = await cli(["trace", "--participant", "HOLL-X", "--format", "json", ...linked], env);
    const doc = JSON.parse(json.stdout) as TraceDoc;
    expect(doc.source).toBe("links");
    // Only the empty requirement-based suite shows a requirement without a test.
    expect(doc.counts["no-test"]).toBe(1);
    const text = await cli(["trace", "--participant", "HOLL-X", ...linked], env);
    expect(text.stdout).toContain("No requirement scope is set, so a requirement with neither is not known here");
  });

  it("cannot assess (2) and shows no matrix when a requirement cannot be read back", async () => {
    const doc = JSON.parse(
      (await cli(["trace", "--participant", "HOLL-X", "--format", "json", ...remote], env)).stdout,
    ) as TraceDoc;
    const gone = doc.requirements[0].id;
    expect((await faults({ vanishedWorkItemIds: [gone] })).status).toBe(200);
    try {
      const text = await cli(["trace", "--participant", "HOLL-X", ...remote], env);
      expect(text.code).toBe(2);
      expect(text.stdout).toMatch(new RegExp(`CANNOT ASSESS — The traceability matrix cannot be shown: .*#${gone}`));
      expect(text.stdout).not.toMatch(/^! #/m);
      const json = await cli(["trace", "--participant", "HOLL-X", "--format", "json", ...remote], env);
      expect(json.code).toBe(2);
      expect(JSON.parse(json.stdout)).toMatchObject({ status: "cannot-assess", requirements: [], source: null });
      const csv = await cli(["trace", "--participant", "HOLL-X", "--format", "csv", ...remote], env);
      expect(csv.code).toBe(2);
      expect(csv.stdout).toBe("");
      expect(csv.stderr).toMatch(/cannot assess: The traceability matrix cannot be shown/);
    } finally {
      await faults({});
    }
  });

  it("puts the matrix in the completion report with --traceability, and says 'not read' without it", async () => {
    const withIt = await cli(["report", "--participant", "HOLL-X", "--traceability", ...remote], env);
    expect(withIt.code).toBe(0);
    expect(withIt.stdout).toMatch(/^## 10\. Requirement traceability \(RTTM\)$/m);
    expect(withIt.stdout).toMatch(
      /^\| Requirement \| State \| Status \| Test cases \| Latest results \| Open defects \|$/m,
    );
    expect(withIt.stdout).toMatch(/^## Test cases without a requirement$|^### Test cases without a requirement$/m);
    const csv = await cli(["report", "--participant", "HOLL-X", "--traceability", "--format", "csv", ...remote], env);
    expect(csv.stdout).toMatch(/\r\nrequirement,HOLL-X,/);
    expect(csv.stdout).toMatch(/\r\nuntraced-test,HOLL-X,/);
    const without = await cli(["report", "--participant", "HOLL-X", ...remote], env);
    expect(without.stdout).toContain("**Not read:** this report was made without the requirement traceability matrix.");
  });

  it("answers --help", async () => {
    const r = await cli(["trace", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--format <format>.*\(choices: "text", "json", "csv"/s);
  });
});
