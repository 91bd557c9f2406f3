import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmbeddedSandbox, startEmbeddedSandbox } from "../../sandbox/embedded";
import { seedSampleSettings } from "../../sandbox/host/seed";
import { runCliCaptured } from "./support/run-cli";

/** `qt-assure doctor` names what would let the assessed party improve its own verdict, as this identity sees it. */

jest.setTimeout(60_000);

const dir = mkdtempSync(join(tmpdir(), "qt-doctor-"));
let sandbox: EmbeddedSandbox;
let remote: string[];
let env: Record<string, string>;

interface Doc {
  format: string;
  findings: { id: string; status: string; detail: string }[];
}

const statusOf = (doc: Doc) => Object.fromEntries(doc.findings.map((f) => [f.id, f.status]));

beforeAll(async () => {
  sandbox = await startEmbeddedSandbox();
  const settingsFile = join(dir, "settings.json");
  writeFileSync(settingsFile, JSON.stringify(sandbox.settings));
  remote = ["--org-url", sandbox.orgUrl, "--project", sandbox.project, "--settings", settingsFile];
  env = { AZURE_DEVOPS_EXT_PAT: sandbox.token };
});
afterAll(() => sandbox.close());

describe("qt-assure doctor", () => {
  it("calls stored settings, assurers and approvals weak, and a reviewed file not", async () => {
    // The live sample programme: settings in the extension's data, approvals seeded there.
    const stored = await runCliCaptured(["doctor", "--sandbox", "--format", "json"], {});
    expect(stored.stderr).toBe("");
    const doc = JSON.parse(stored.stdout) as Doc;
    expect(doc.format).toBe("qt-assurance.cli.doctor");
    expect(statusOf(doc)).toEqual({
      "defect-areas-readable": "ok",
      "settings-protected": "weak",
      "assurers-from-azure-devops": "weak",
      "approvals-vouched": "weak",
      "bypass-rules": "ok",
    });
    expect(doc.findings.find((f) => f.id === "approvals-vouched")!.detail).toMatch(
      /^\d+ approval records of \d+ participant-roles are kept in the extension's data/,
    );
    expect(stored.code).toBe(1);
    const filed = await runCliCaptured(["doctor", "--format", "json", ...remote], env);
    expect(statusOf(JSON.parse(filed.stdout) as Doc)).toMatchObject({
      "settings-protected": "ok",
      "approvals-vouched": "ok",
    });
    expect(filed.code).toBe(0);
  });

  it("finds no weakness in the protected sample set-up, and names who keeps the settings and the assurers", async () => {
    const own = await startEmbeddedSandbox();
    try {
      await seedSampleSettings(own.orgUrl, own.settings, { protectIn: own.project });
      const r = await runCliCaptured(
        ["doctor", "--format", "json", "--org-url", own.orgUrl, "--project", own.project],
        { AZURE_DEVOPS_EXT_PAT: own.token },
      );
      const doc = JSON.parse(r.stdout) as Doc;
      expect(statusOf(doc)).toEqual({
        "defect-areas-readable": "ok",
        "settings-protected": "ok",
        "assurers-from-azure-devops": "ok",
        "approvals-vouched": "ok",
        "bypass-rules": "ok",
      });
      const detail = (id: string) => doc.findings.find((f) => f.id === id)!.detail;
      expect(detail("settings-protected")).toMatch(
        /^Kept in settings record #\d+ \(revision 1, saved by Sandbox Administrator on \d{4}-\d{2}-\d{2}\)\. Only the QT Administrators team's saves count: Sandbox Administrator;/,
      );
      expect(detail("assurers-from-azure-devops")).toBe(
        'BSC: the team "BSC Assurers": Beatrix Sollers (BSC).\nREC: the team "REC Assurers": Reuben Caldwell (REC).',
      );
      expect(r.code).toBe(0);
    } finally {
      await own.close();
    }
  });

  it("names the participant-role and the area whose defects this identity may not view", async () => {
    const entry = sandbox.settings.registry[0];
    const area = entry.defectScope.areaPaths![0];
    const control = `${new URL(sandbox.orgUrl).origin}/_sandbox`;
    const deny = await fetch(`${control}/areas/denies`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identity: "admin@mhhs-sandbox.example", areaPath: area }),
    });
    expect(deny.status).toBe(201);
    try {
      const r = await runCliCaptured(["doctor", ...remote], env);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/\[WEAK\] This identity can see every defect in scope/);
      expect(r.stdout.replace(/\s+/g, " ")).toContain(
        `${entry.mpid}-${entry.roleCode}: the identity this read runs as may not view work items in area '${area}'`,
      );
    } finally {
      await fetch(`${control}/areas/denies`, { method: "DELETE" });
    }
  });
});
