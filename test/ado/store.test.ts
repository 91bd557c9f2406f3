import { Approvals, emptyApprovals, recordWaiver } from "../../src/core/approvals";
import { AUDIT_GENESIS_HASH, UserRef, verifyAudit } from "../../src/core/audit";
import { CompletionReport, reportHash } from "../../src/core/report";
import { Settings } from "../../src/core/settings";
import { AdoPort, DocumentAddress } from "../../src/ado/port";
import { QtStore, createStore, storeCollections } from "../../src/ado/store";
import { generateProgramme } from "../../sandbox/generator";
import { BSC_ASSURER, REC_ASSURER } from "../../sandbox/generator/identities";
import { SAMPLE_PAT } from "../../sandbox/generator/tokens";
import { ALL_ROUTES } from "../../sandbox/routes";
import { RunningSandbox, startSandbox } from "../../sandbox/server";
import { reportFixture } from "../support/fixtures";
import { sandboxDocumentPort, sandboxPort } from "./support/sandbox-ports";

/** The store against the sandbox's extension data routes, over HTTP: etags, conflicts and all. */
let sandbox: RunningSandbox;
let port: AdoPort;
let settings: Settings;
let prefixCount = 0;

beforeAll(async () => {
  const programme = generateProgramme({ seed: 1, scale: 0.05 });
  settings = programme.settings;
  sandbox = await startSandbox({ state: programme.state, routes: ALL_ROUTES });
});
afterAll(() => sandbox.close());

/** Each test gets its own collections, so tests never see each other's documents. */
function freshStore(): { store: QtStore; prefix: string } {
  const prefix = `t${++prefixCount}`;
  return { store: createStore(port, { collectionPrefix: prefix }), prefix };
}

const address = (collection: string): DocumentAddress => ({ scopeType: "Default", collection });
const bsc: UserRef = { id: BSC_ASSURER.id, displayName: BSC_ASSURER.displayName, uniqueName: BSC_ASSURER.uniqueName };
const rec: UserRef = { id: REC_ASSURER.id, displayName: REC_ASSURER.displayName, uniqueName: REC_ASSURER.uniqueName };
const KEY = "HOLL-X";
/** A deep copy in this realm (jest's structuredClone gives objects another realm's prototype, which canonicalJson refuses). */
const jsonCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const NOW = new Date("2025-06-01T12:00:00Z");

const waiverFor = (pointId: number, by: UserRef, body: "BSC" | "REC") => (a: Approvals) =>
  recordWaiver(
    a,
    settings,
    {
      participantRole: KEY,
      window: "tranche-1",
      pointId,
      testCaseId: pointId + 10_000,
      outcome: "failed",
      kind: "waiver",
      reason: `accepted by ${body}`,
      body,
    },
    by,
    NOW,
  );

const TRANSPORTS = [
  ["azure-devops-node-api port", sandboxPort],
  ["fetch document port", sandboxDocumentPort],
] as const;

describe.each(TRANSPORTS)("the store over the %s", (_name, makePort) => {
  beforeAll(() => {
    port = makePort(sandbox, SAMPLE_PAT);
  });

  describe("settings", () => {
    it("is missing until saved, then round-trips with its etag", async () => {
      const { store } = freshStore();
      expect(await store.loadSettings()).toEqual({ kind: "missing" });
      const saved = await store.saveSettings(settings, undefined);
      expect(saved).toEqual({ kind: "saved", etag: 1 });
      expect(await store.loadSettings()).toEqual({ kind: "ok", settings, etag: 1, origin: { kind: "extension-data" } });
    });

    it("refuses a save based on a stale etag and leaves the newer settings as they are", async () => {
      const { store } = freshStore();
      await store.saveSettings(settings, undefined);
      const first = await store.loadSettings();
      const second = await store.loadSettings();
      if (first.kind !== "ok" || second.kind !== "ok") throw new Error("settings did not load");

      const alice = structuredClone(first.settings);
      alice.defects.impactField = "Custom.AliceImpact";
      expect(await store.saveSettings(alice, first.etag)).toEqual({ kind: "saved", etag: 2 });

      const bob = structuredClone(second.settings);
      bob.defects.impactField = "Custom.BobImpact";
      const refused = await store.saveSettings(bob, second.etag);
      expect(refused).toMatchObject({ kind: "conflict", currentEtag: 2 });
      if (refused.kind === "conflict") expect(refused.message).toMatch(/someone else changed the settings.*reload/i);

      const now = await store.loadSettings();
      expect(now.kind === "ok" && now.settings.defects.impactField).toBe("Custom.AliceImpact");
      expect(now.kind === "ok" && now.etag).toBe(2);
    });

    it("refuses to create settings over existing ones (no base etag) and to save invalid settings", async () => {
      const { store } = freshStore();
      await store.saveSettings(settings, undefined);
      expect((await store.saveSettings(settings, undefined)).kind).toBe("conflict");
      const bad = structuredClone(settings);
      bad.registry[0].mpid = "toolong";
      const invalid = await store.saveSettings(bad, 1);
      expect(invalid.kind).toBe("invalid");
      expect((await store.loadSettings()).kind).toBe("ok");
    });

    it("reports an invalid stored settings document with the errors' paths, never a default", async () => {
      const { store, prefix } = freshStore();
      const broken = structuredClone(settings) as unknown as Record<string, unknown>;
      (broken.defects as Record<string, unknown>).severityField = 42;
      delete broken.windows;
      await port.setDocument(address(storeCollections(prefix).settings), { id: "settings", settings: broken });
      const loaded = await store.loadSettings();
      expect(loaded.kind).toBe("invalid");
      if (loaded.kind !== "invalid") return;
      const paths = loaded.errors.map((e) => e.path);
      expect(paths).toContain("$.defects.severityField");
      expect(paths).toContain("$");
      expect(loaded.errors.some((e) => /windows/.test(e.message))).toBe(true);
    });
  });

  describe("approvals", () => {
    it("round-trips a recorded waiver with its audit entry", async () => {
      const { store } = freshStore();
      expect(await store.loadApprovals(KEY)).toEqual({
        kind: "ok",
        approvals: emptyApprovals(),
        etag: undefined,
        audit: "intact",
      });
      const recorded = await store.recordApproval(KEY, waiverFor(501, bsc, "BSC"));
      expect(recorded).toMatchObject({ kind: "recorded", etag: 1, attempts: 1 });
      const loaded = await store.loadApprovals(KEY);
      expect(loaded).toMatchObject({ kind: "ok", etag: 1, audit: "intact" });
      if (loaded.kind !== "ok") return;
      expect(loaded.approvals.waivers).toHaveLength(1);
      expect(loaded.approvals.audit[0]).toMatchObject({
        seq: 1,
        action: "waiver.recorded",
        prevHash: AUDIT_GENESIS_HASH,
      });
    });

    it("loads every participant-role's approvals in one request", async () => {
      const { store } = freshStore();
      expect(await store.loadAllApprovals()).toEqual(new Map());
      await store.recordApproval(KEY, waiverFor(511, bsc, "BSC"));
      await store.recordApproval("OAKH-R", (a) =>
        recordWaiver(
          a,
          settings,
          {
            participantRole: "OAKH-R",
            window: "non-sit-ldso",
            pointId: 9,
            testCaseId: 9,
            outcome: "blocked",
            kind: "waiver",
            reason: "ok",
            body: "BSC",
          },
          bsc,
          NOW,
        ),
      );
      sandbox.env.log.clear();
      const all = await store.loadAllApprovals();
      expect(sandbox.env.log.list()).toHaveLength(1);
      expect([...all.keys()].sort()).toEqual(["HOLL-X", "OAKH-R"]);
      expect(all.get("OAKH-R")).toMatchObject({ kind: "ok", etag: 1, audit: "intact" });
    });

    it("passes a refused change back without writing", async () => {
      const { store } = freshStore();
      const outsider: UserRef = { id: "x", displayName: "Not An Assurer" };
      const refused = await store.recordApproval(KEY, waiverFor(1, outsider, "BSC"));
      expect(refused.kind).toBe("rejected");
      expect(await store.loadApprovals(KEY)).toMatchObject({ kind: "ok", etag: undefined });
    });

    it("loses none of two concurrent writers' 100 approvals each, and the audit chain verifies", async () => {
      const { store } = freshStore();
      const writer = async (by: UserRef, body: "BSC" | "REC", firstPoint: number) => {
        const results = [];
        for (let i = 0; i < 100; i++)
          results.push(await store.recordApproval(KEY, waiverFor(firstPoint + i, by, body)));
        return results;
      };
      const [a, b] = await Promise.all([writer(bsc, "BSC", 1000), writer(rec, "REC", 2000)]);
      const all = [...a, ...b];
      expect(all.every((r) => r.kind === "recorded")).toBe(true);
      // The two really collided: some writes had to be re-applied to the other writer's newer document.
      expect(all.some((r) => r.kind === "recorded" && r.attempts > 1)).toBe(true);

      const loaded = await store.loadApprovals(KEY);
      if (loaded.kind !== "ok") throw new Error("approvals did not load");
      expect(loaded.audit).toBe("intact");
      expect(verifyAudit(loaded.approvals.audit)).toBeUndefined();
      expect(loaded.approvals.waivers).toHaveLength(200);
      expect(loaded.approvals.audit).toHaveLength(200);
      const points = loaded.approvals.waivers.map((w) => w.pointId).sort((x, y) => x - y);
      expect(points).toEqual([
        ...Array.from({ length: 100 }, (_, i) => 1000 + i),
        ...Array.from({ length: 100 }, (_, i) => 2000 + i),
      ]);
      expect(loaded.etag).toBe(200);
    }, 30_000);

    it("also survives 40 writes fired at once", async () => {
      const { store } = freshStore();
      const burst = createStore(port, { collectionPrefix: `t${prefixCount}`, maxAttempts: 60 });
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          burst.recordApproval(KEY, waiverFor(i, i % 2 ? bsc : rec, i % 2 ? "BSC" : "REC")),
        ),
      );
      expect(results.every((r) => r.kind === "recorded")).toBe(true);
      const loaded = await store.loadApprovals(KEY);
      expect(loaded.kind === "ok" && loaded.approvals.waivers).toHaveLength(40);
      expect(loaded.kind === "ok" && loaded.audit).toBe("intact");
    }, 30_000);

    it("gives up with a conflict, writing nothing of its own, when every attempt meets a newer version", async () => {
      const { prefix } = freshStore();
      // Another writer that always gets in between our read and our write.
      const rival: AdoPort = {
        ...port,
        async setDocument(at, doc) {
          const current = await port.getDocument(at, doc.id);
          const approvals = current?.approvals ?? emptyApprovals();
          await port.setDocument(at, { id: doc.id, __etag: -1, approvals, rival: Math.random() });
          return port.setDocument(at, doc);
        },
      };
      const store = createStore(rival, { collectionPrefix: prefix, maxAttempts: 3, pause: async () => undefined });
      const outcome = await store.recordApproval(KEY, waiverFor(7, bsc, "BSC"));
      expect(outcome).toMatchObject({ kind: "conflict", attempts: 3 });
      const loaded = await createStore(port, { collectionPrefix: prefix }).loadApprovals(KEY);
      expect(loaded).toMatchObject({ kind: "ok", approvals: emptyApprovals(), etag: 3 });
    });

    it("reports a stored document that is not approvals", async () => {
      const { store, prefix } = freshStore();
      await port.setDocument(address(storeCollections(prefix).approvals), { id: KEY, approvals: [1, 2] });
      expect(await store.loadApprovals(KEY)).toMatchObject({ kind: "invalid", etag: 1 });
      expect((await store.recordApproval(KEY, waiverFor(1, bsc, "BSC"))).kind).toBe("invalid");
    });

    it("reports a broken audit chain on read and refuses to append to it", async () => {
      const { store, prefix } = freshStore();
      await store.recordApproval(KEY, waiverFor(1, bsc, "BSC"));
      await store.recordApproval(KEY, waiverFor(2, rec, "REC"));
      const doc = await port.getDocument(address(storeCollections(prefix).approvals), KEY);
      const approvals = doc?.approvals as Approvals;
      approvals.audit[0].detail = "nothing to see here";
      await port.setDocument(address(storeCollections(prefix).approvals), { id: KEY, __etag: -1, approvals });

      const loaded = await store.loadApprovals(KEY);
      expect(loaded).toMatchObject({ kind: "ok", audit: { problem: expect.stringMatching(/entry 1 was changed/) } });
      const refused = await store.recordApproval(KEY, waiverFor(3, bsc, "BSC"));
      expect(refused.kind).toBe("invalid");
    });
  });

  describe("the store-wide audit log", () => {
    it("records a settings save when told who saved", async () => {
      const { store } = freshStore();
      const saved = await store.saveSettings(settings, undefined, { by: bsc, now: NOW });
      expect(saved).toMatchObject({ kind: "saved", etag: 1, audit: { kind: "appended", etag: 1 } });
      const log = await store.loadAuditLog();
      expect(log).toMatchObject({ kind: "ok", audit: "intact", etag: 1 });
      expect(log.kind === "ok" && log.entries.map((e) => [e.seq, e.action, e.detail])).toEqual([
        [1, "settings.saved", "settings version 1"],
      ]);
    });

    it("appends concurrently without losing entries, and reports tampering", async () => {
      const { store, prefix } = freshStore();
      const by = bsc;
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.appendAuditLog({ by, action: "settings.saved", subject: "settings", detail: `change ${i}` }, NOW),
        ),
      );
      const loaded = await store.loadAuditLog();
      expect(loaded).toMatchObject({ kind: "ok", audit: "intact" });
      expect(loaded.kind === "ok" && loaded.entries.map((e) => e.detail).sort()).toEqual(
        Array.from({ length: 10 }, (_, i) => `change ${i}`).sort(),
      );
      if (loaded.kind !== "ok") return;
      await port.setDocument(address(storeCollections(prefix).audit), {
        id: "log",
        __etag: -1,
        entries: loaded.entries.filter((_, i) => i !== 3),
      });
      expect(await store.loadAuditLog()).toMatchObject({
        audit: { problem: expect.stringMatching(/missing or moved/) },
      });
    });
  });

  describe("report snapshots", () => {
    const report = (): CompletionReport => reportFixture().report;

    it("stores by SHA-256, reads back verified, and a second identical write is a no-op", async () => {
      const { store, prefix } = freshStore();
      const sha = reportHash(report());
      expect(await store.storeSnapshot(report())).toEqual({ kind: "stored", sha256: sha });
      expect(await store.storeSnapshot(report())).toEqual({ kind: "unchanged", sha256: sha });
      const doc = await port.getDocument(address(storeCollections(prefix).snapshots), sha);
      expect(doc?.__etag).toBe(1);
      expect(await store.getSnapshot(sha)).toEqual({ kind: "ok", sha256: sha, report: report() });
      expect(await store.getSnapshot("0".repeat(64))).toEqual({ kind: "missing", sha256: "0".repeat(64) });
    });

    it("reports a snapshot tampered with in the sandbox, and will not overwrite it", async () => {
      const { store, prefix } = freshStore();
      const original = report();
      const sha = reportHash(original);
      await store.storeSnapshot(original);
      const tampered = jsonCopy(original);
      tampered.verdict.summary = "All good, honestly.";
      await port.setDocument(address(storeCollections(prefix).snapshots), {
        id: sha,
        __etag: -1,
        sha256: sha,
        participantRole: original.scope.participantRole,
        window: "tranche-1",
        report: tampered,
      });
      const read = await store.getSnapshot(sha);
      expect(read).toMatchObject({ kind: "tampered", sha256: sha });
      if (read.kind === "tampered") expect(read.message).toContain(reportHash(tampered));
      expect((await store.storeSnapshot(original)).kind).toBe("mismatch");
      expect(await store.listSnapshots(original.scope.participantRole, "tranche-1")).toMatchObject([
        { kind: "tampered", sha256: sha },
      ]);
    });

    it("submits a report: the snapshot plus a recorded submission, once", async () => {
      const { store } = freshStore();
      const original = report();
      const key = original.scope.participantRole;
      const sha = reportHash(original);
      const submitted = await store.submitReport(original, bsc, NOW);
      expect(submitted).toMatchObject({ kind: "submitted", sha256: sha, etag: 1 });
      const again = await store.submitReport(original, bsc, NOW);
      expect(again.kind).toBe("already-submitted");

      const loaded = await store.loadApprovals(key);
      if (loaded.kind !== "ok") throw new Error("approvals did not load");
      expect(loaded.approvals.submissions).toEqual([
        {
          participantRole: key,
          window: "tranche-1",
          sha256: sha,
          verdictAtSubmission: original.verdict.code,
          submittedBy: bsc,
          submittedAt: NOW.toISOString(),
        },
      ]);
      expect(loaded.audit).toBe("intact");

      const later = jsonCopy(original);
      later.generatedAt = "2025-06-02T09:00:00.000Z";
      await store.submitReport(later, bsc, NOW);
      const listed = await store.listSnapshots(key, "tranche-1");
      expect(listed.map((s) => s.kind)).toEqual(["ok", "ok"]);
      expect(listed.map((s) => s.sha256)).toEqual([sha, reportHash(later)]);
      expect(await store.listSnapshots(key, "tranche-2")).toEqual([]);
    });
  });
});
