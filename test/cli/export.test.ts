import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emptyApprovals, recordSubmission } from "../../src/core/approvals";
import { CompletionReport, reportHash } from "../../src/core/report";
import { createNodePort } from "../../src/ado/node-port";
import { AdoPort, DocumentAddress, StoredDocument } from "../../src/ado/port";
import { QtStore, createStore, storeCollections } from "../../src/ado/store";
import { DEFAULT_EXTENSION } from "../../src/cli/connection";
import { CLI_NOW, runCliCaptured } from "./support/run-cli";
import { decodeDocumentId } from "../../src/cli/export-names";
import { generateProgramme } from "../../sandbox/generator";
import { SAMPLE_IDENTITY } from "../../sandbox/generator/identities";
import { SAMPLE_PAT } from "../../sandbox/generator/tokens";
import { ALL_ROUTES } from "../../sandbox/routes";
import { RunningSandbox, startSandbox } from "../../sandbox/server";
import { reportFixture } from "../support/fixtures";

/** `qt-assure export` against the sandbox's extension data: what it writes, what it checks, what it refuses. */

/** A token that may read extension data and nothing else: all an export needs. Distinctive, to look for it. */
const TOKEN = "export-only-token-5b1e9d";
const NOW = CLI_NOW;
const lead = { id: "lead", displayName: "Test Lead" };
const ODD_ID = "odd/id: ünï?*#%.. CON";

async function cli(args: string[], env: Record<string, string | undefined> = { AZURE_DEVOPS_EXT_PAT: TOKEN }) {
  const run = await runCliCaptured(args, env);
  expect(run.stdout + run.stderr).not.toContain(TOKEN);
  return run;
}

interface Manifest {
  format: string;
  formatVersion: number;
  exportedAt: string;
  organisation: string;
  extension: { publisher: string; id: string };
  scope: string;
  collections: Record<
    string,
    { collection: string; count: number; documents: { id: string; file: string; sha256: string; bytes: number }[] }
  >;
  findings: { kind: string; collection: string; id: string; message: string }[];
}

const root = mkdtempSync(join(tmpdir(), "qt-export-"));
let next = 0;
/** A path under the test's folder that does not exist yet. */
const fresh = () => join(root, `export-${++next}`);
const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Manifest;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

let sandbox: RunningSandbox;
let port: AdoPort;
let store: QtStore;
let connection: string[];
const names = storeCollections();
const address = (collection: string): DocumentAddress => ({ scopeType: "Default", collection });

/** Every document the store holds, as the service lists it, per collection. */
async function stored(): Promise<Record<string, StoredDocument[]>> {
  const all: Record<string, StoredDocument[]> = {};
  for (const [kind, collection] of Object.entries(names)) all[kind] = await port.listDocuments(address(collection));
  return all;
}

let report: CompletionReport;

beforeAll(async () => {
  const programme = generateProgramme({ seed: 1, scale: 0.05 });
  programme.state.tokens.set(TOKEN, { identity: { ...SAMPLE_IDENTITY }, scopes: ["vso.extension.data"] });
  sandbox = await startSandbox({ state: programme.state, routes: ALL_ROUTES });
  connection = ["--org-url", sandbox.orgUrl];
  port = createNodePort({ orgUrl: sandbox.orgUrl, token: SAMPLE_PAT, extension: DEFAULT_EXTENSION });
  store = createStore(port);

  // The sample programme's settings, saved (with the store-wide audit entry), approvals and two snapshots.
  expect((await store.saveSettings(programme.settings, undefined, { by: lead, now: NOW })).kind).toBe("saved");
  const submission = await store.recordApproval("HOLL-X", (a) =>
    recordSubmission(
      a,
      {
        participantRole: "HOLL-X",
        window: "tranche-1",
        sha256: "d".repeat(64),
        verdictAtSubmission: "ready-to-submit",
      },
      lead,
      NOW,
    ),
  );
  expect(submission.kind).toBe("recorded");
  report = reportFixture().report;
  expect((await store.submitReport(report, lead, NOW)).kind).toBe("submitted");
  const later = JSON.parse(JSON.stringify(report)) as CompletionReport;
  later.generatedAt = "2025-06-02T09:00:00.000Z";
  expect((await store.storeSnapshot(later)).kind).toBe("stored");
  // A document whose id no file name could carry as it is (valid, empty approvals: no finding).
  await port.setDocument(address(names.approvals), { id: ODD_ID, approvals: emptyApprovals() });
});
afterAll(async () => {
  await sandbox.close();
  rmSync(root, { recursive: true, force: true });
});

describe("qt-assure export", () => {
  it("writes every stored document exactly as stored, and a manifest that hashes each file", async () => {
    const out = fresh();
    sandbox.env.log.clear();
    const r = await cli(["export", "--out", out, ...connection]);
    expect(r.code).toBe(0);

    // One list request per collection (4, the minimum: listing is the only way to learn the ids), plus the
    // client's one-off discovery of where ExtensionManagement lives (3 requests, whatever the data's size).
    const requests = sandbox.env.log.list();
    const lists = requests.filter((q) => q.method === "GET" && /\/Collections\/[^/]+\/Documents$/.test(q.url));
    expect(lists.map((q) => q.url.split("/Collections/")[1])).toEqual(
      Object.values(names).map((collection) => `${collection}/Documents`),
    );
    expect(
      requests.filter((q) => !lists.includes(q)).map((q) => `${q.method} ${q.url.replace(/^\/[^/]+/, "")}`),
    ).toEqual(["OPTIONS /_apis/Location", "GET /_apis/ResourceAreas", "OPTIONS /_apis/ExtensionManagement"]);
    expect(requests).toHaveLength(7);

    expect(r.stdout).toMatch(
      /^exported 7 documents \(1 qt-settings, 3 qt-approvals, 1 qt-audit, 2 qt-snapshots\) to .+; everything verified\.\n$/,
    );
    expect(r.stderr).toMatch(/listing qt-settings… 1 document\n/);
    expect(r.stderr).toMatch(/listing qt-snapshots… 2 documents\n/);

    const manifest = readManifest(out);
    expect(manifest).toMatchObject({
      format: "qt-assurance.cli.export",
      formatVersion: 1,
      exportedAt: NOW.toISOString(),
      organisation: sandbox.orgUrl,
      extension: DEFAULT_EXTENSION,
      scope: "Default",
      findings: [],
    });
    expect(Object.keys(manifest.collections)).toEqual(["settings", "approvals", "audit", "snapshots"]);
    const snapshotIds = manifest.collections.snapshots.documents.map((d) => d.id);
    expect(snapshotIds).toHaveLength(2);
    expect(snapshotIds).toContain(reportHash(report));

    // The round trip: every stored document equals its file, and every file is in the manifest with its hash.
    const now = await stored();
    let files = 0;
    for (const [kind, entry] of Object.entries(manifest.collections)) {
      expect(entry.collection).toBe(names[kind as keyof typeof names]);
      expect(entry.count).toBe(now[kind].length);
      expect(entry.documents.map((d) => d.id).sort()).toEqual(now[kind].map((d) => d.id).sort());
      expect(readdirSync(join(out, kind)).sort()).toEqual(entry.documents.map((d) => d.file.split("/")[1]).sort());
      for (const doc of now[kind]) {
        const listed = entry.documents.find((d) => d.id === doc.id)!;
        const bytes = readFileSync(join(out, listed.file));
        expect(sha256(bytes)).toBe(listed.sha256);
        expect(bytes.length).toBe(listed.bytes);
        expect(JSON.parse(bytes.toString("utf8"))).toEqual(doc);
        expect(decodeDocumentId(listed.file.split("/")[1].replace(/\.json$/, ""))).toBe(doc.id);
        files++;
      }
    }
    expect(files).toBe(7);
    expect(readdirSync(out).sort()).toEqual(["approvals", "audit", "manifest.json", "settings", "snapshots"]);
    expect(JSON.parse(readFileSync(join(out, "settings", "settings.json"), "utf8"))).toMatchObject({
      id: "settings",
      __etag: 1,
    });
    // Nothing is left beside it, and the token is in no file.
    expect(readdirSync(root).filter((n) => n.startsWith("."))).toEqual([]);
    for (const kind of Object.keys(names))
      for (const file of readdirSync(join(out, kind)))
        expect(readFileSync(join(out, kind, file), "utf8")).not.toContain(TOKEN);
    expect(readFileSync(join(out, "manifest.json"), "utf8")).not.toContain(TOKEN);
  });

  it("prints the manifest with --format json", async () => {
    const out = fresh();
    const r = await cli(["export", "--out", out, "--format", "json", ...connection]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(readManifest(out));
  });

  it("refuses a non-empty folder, and --force replaces only a previous export", async () => {
    const out = fresh();
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "mine");
    for (const args of [[], ["--force"]]) {
      const refused = await cli(["export", "--out", out, ...args, ...connection]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/is not empty/);
      expect(readdirSync(out)).toEqual(["notes.txt"]);
    }

    const empty = fresh();
    mkdirSync(empty);
    expect((await cli(["export", "--out", empty, ...connection])).code).toBe(0);
    expect(readManifest(empty).findings).toEqual([]);
    writeFileSync(join(empty, "settings", "stale.json"), "{}");
    expect((await cli(["export", "--out", empty, ...connection])).code).toBe(2);
    const forced = await cli(["export", "--out", empty, "--force", ...connection]);
    expect(forced.code).toBe(0);
    // The previous export was replaced whole: its stray file went with it.
    expect(readdirSync(join(empty, "settings"))).toEqual(["settings.json"]);
    expect(readdirSync(root).filter((n) => n.startsWith("."))).toEqual([]);
  });

  it("fails closed when a list keeps failing: exit 2, the reason, and no folder", async () => {
    const out = fresh();
    sandbox.env.faults.set({ errorRate: 1, pathPattern: `/Collections/${names.snapshots}/` });
    try {
      const r = await cli(["export", "--out", out, ...connection]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/listing qt-audit… 1 document\nlisting qt-snapshots… failed\n/);
      expect(r.stderr).toMatch(/qt-assure: cannot export: .*Gave up after \d+ attempt\(s\).* Nothing was written\./);
      expect(r.stdout).toBe("");
    } finally {
      sandbox.env.faults.set({});
    }
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(root).filter((n) => n.startsWith("."))).toEqual([]);
  }, 60_000);

  it("reports a tampered snapshot, exports it anyway, and exits 1 with --strict", async () => {
    const sha = reportHash(report);
    const tampered = JSON.parse(JSON.stringify(report)) as CompletionReport;
    tampered.verdict.summary = "All good, honestly.";
    await port.setDocument(address(names.snapshots), {
      id: sha,
      __etag: -1,
      sha256: sha,
      participantRole: report.scope.participantRole,
      window: "tranche-1",
      report: tampered,
    });

    const out = fresh();
    const lenient = await cli(["export", "--out", out, ...connection]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/; 1 finding\.\n$/);
    expect(lenient.stderr).toContain(`finding: snapshot-tampered qt-snapshots/${sha}: Snapshot ${sha} was changed`);
    const manifest = readManifest(out);
    expect(manifest.findings).toEqual([
      {
        kind: "snapshot-tampered",
        collection: "qt-snapshots",
        id: sha,
        message: expect.stringContaining(reportHash(tampered)),
      },
    ]);
    // The tampered document is in the backup as it is stored.
    const file = manifest.collections.snapshots.documents.find((d) => d.id === sha)!.file;
    expect(JSON.parse(readFileSync(join(out, file), "utf8")).report.verdict.summary).toBe("All good, honestly.");

    const strictOut = fresh();
    const strict = await cli(["export", "--out", strictOut, "--strict", ...connection]);
    expect(strict.code).toBe(1);
    expect(readManifest(strictOut).findings).toHaveLength(1);
  });

  it("takes the token from the environment only", async () => {
    const out = fresh();
    const r = await cli(["export", "--out", out, ...connection], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Set AZURE_DEVOPS_EXT_PAT/);
    expect((await cli(["export", "--out", out, "--token", TOKEN, ...connection], {})).code).toBe(2);
    const refused = await cli(["export", "--out", out, ...connection], { AZURE_DEVOPS_EXT_PAT: "not-a-token-123" });
    expect(refused.code).toBe(2);
    expect(refused.stdout + refused.stderr).not.toContain("not-a-token-123");
    expect(existsSync(out)).toBe(false);
  });
});
