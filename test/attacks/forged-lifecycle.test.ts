import { EmbeddedSandbox, startEmbeddedSandbox } from "../../sandbox/embedded";
import { BSC_ASSURER, REC_ASSURER } from "../../sandbox/generator/identities";
import { BSC_ASSURER_PAT, REC_ASSURER_PAT, TESTER_PAT } from "../../sandbox/generator/tokens";
import { sourceAs } from "../support/sandbox-source";
import { AdoSource, approvalStoreFor, loadApprovalsFor, readAndAssess } from "../../src/ado/assessment-run";
import { AssessedPoint, Assessment } from "../../src/core/assessment";
import { Approvals, recordEntryItem, recordScopeBaseline, recordSignOff } from "../../src/core/approvals";
import { ENTRY_CRITERIA } from "../../src/core/entry-criteria";
import { buildCompletionReport, renderHtml } from "../../src/core/report";
import { Result, ok } from "../../src/core/result";
import { Settings, registryKey } from "../../src/core/settings";

/**
 * Attack: skip the Code Bodies' part of the lifecycle. With approvals kept as work items, a participant's tester,
 * with their own token, records through the product (naming the assurers) the sign-offs of a submitted report, the
 * acceptance of its own rejected entry item, and a scope baseline without the points it failed. Azure DevOps stamps
 * the tester on each record, so none counts: the stage stays where the Code Bodies left it.
 */

jest.setTimeout(180_000);

let sandbox: EmbeddedSandbox;
let settings: Settings;
const NOW = () => new Date();
const user = (u: typeof BSC_ASSURER) => ({ id: u.id, displayName: u.displayName, uniqueName: u.uniqueName });
const as = (token: string): AdoSource => sourceAs(sandbox, token);

async function assessAll(): Promise<Assessment[]> {
  const out: Assessment[] = [];
  for (const entry of settings.registry)
    out.push((await readAndAssess(as(BSC_ASSURER_PAT), settings, registryKey(entry), NOW)).assessment);
  return out;
}

/** A scope baseline's points, as the product records them from the assessed points. */
const scopeOf = (points: readonly AssessedPoint[]) =>
  points.map((p) => ({ pointId: p.id, testCaseId: p.testCaseId, planId: p.planId, suiteId: p.suiteId }));

const assessOne = async (key: string) => (await readAndAssess(as(BSC_ASSURER_PAT), settings, key, NOW)).assessment;

beforeAll(async () => {
  sandbox = await startEmbeddedSandbox();
  settings = { ...sandbox.settings, approvalRecords: { workItemType: "QT Approval" } };
});
afterAll(() => sandbox.close());

describe("forging the lifecycle", () => {
  it("does not qualify a submitted report the tester signs off in the assurers' names", async () => {
    // The Code Bodies' part, as records: entry accepted by the assurer, the report submitted by the assurer.
    const ready = (await assessAll()).find((a) => a.route === "QT" && a.verdict === "ready-to-submit");
    expect(ready).toBeDefined();
    const key = ready!.participantRole;
    const window = ready!.window?.id ?? "";
    const body = ready!.governingBodies[0];
    const assurer = body === "REC" ? REC_ASSURER : BSC_ASSURER;
    const assurerStore = approvalStoreFor(as(body === "REC" ? REC_ASSURER_PAT : BSC_ASSURER_PAT), settings);
    const entered = await assurerStore.recordApproval(key, (a) =>
      ENTRY_CRITERIA.filter((c) => c.necessity === "must" && !c.derivedFrom).reduce(
        (acc: Result<Approvals>, c) =>
          acc.ok
            ? recordEntryItem(
                acc.value,
                settings,
                { participantRole: key, window, itemId: c.id, status: "accepted" },
                body,
                user(assurer),
                NOW(),
              )
            : acc,
        ok(a),
      ),
    );
    expect(entered.kind).toBe("recorded");
    const current = await assessOne(key);
    const report = buildCompletionReport(current, await loadApprovalsFor(as(BSC_ASSURER_PAT), settings, [key]), NOW());
    const submitted = await assurerStore.submitReport(report, user(assurer), NOW(), renderHtml(report));
    expect(submitted.kind).toBe("submitted");
    const underReview = await assessOne(key);
    expect(underReview.stage.id).toBe("under-review");
    const sha = underReview.stage.reportSha256!;

    // Each approver's sign-off of that report, written with `token`: the tester's, then the approvers' own.
    const signOffAll = async (token: (body: string) => string) => {
      for (const s of underReview.signOffs) {
        const who = s.body === "REC" ? REC_ASSURER : BSC_ASSURER;
        const result = await approvalStoreFor(as(token(s.body)), settings).recordApproval(key, (a) =>
          recordSignOff(
            a,
            settings,
            { participantRole: key, window, body: s.body, decision: "approved", reportSha256: sha },
            user(who),
            NOW(),
          ),
        );
        expect(result.kind).toBe("recorded");
      }
    };
    await signOffAll(() => TESTER_PAT);
    const after = await assessOne(key);
    expect(after.stage.id).toBe("under-review");
    expect(after.signOffs.every((s) => s.status === "pending")).toBe(true);
    const problems = await approvalStoreFor(as(BSC_ASSURER_PAT), settings).notCounted!(key);
    expect(problems.filter((p) => /may not vouch for it/.test(p.message))).toHaveLength(underReview.signOffs.length);

    // Each approver's own sign-off, recorded with its own token, does count: qualified.
    await signOffAll((body) => (body === "REC" ? REC_ASSURER_PAT : BSC_ASSURER_PAT));
    expect((await assessOne(key)).stage.id).toBe("qualified");
  });

  it("does not let the tester accept its own rejected entry item", async () => {
    const victim = (await assessAll()).find((a) => a.route === "QT" && a.stage.id === "entry");
    expect(victim).toBeDefined();
    const key = victim!.participantRole;
    const window = victim!.window?.id ?? "";
    const body = victim!.governingBodies[0];
    const assurer = body === "REC" ? REC_ASSURER : BSC_ASSURER;
    const record = (token: string, status: "accepted" | "rejected") =>
      approvalStoreFor(as(token), settings).recordApproval(key, (a) =>
        recordEntryItem(
          a,
          settings,
          { participantRole: key, window, itemId: "TEST-DATA", status, note: status === "rejected" ? "Gaps" : "" },
          body,
          user(assurer),
          NOW(),
        ),
      );
    expect((await record(body === "REC" ? REC_ASSURER_PAT : BSC_ASSURER_PAT, "rejected")).kind).toBe("recorded");
    expect((await record(TESTER_PAT, "accepted")).kind).toBe("recorded");
    const after = await assessOne(key);
    expect(after.entryChecklist.find((i) => i.id === "TEST-DATA")?.status).toBe("rejected");
    expect(after.stage.id).toBe("entry");
    expect(after.stage.detail).toContain("rejected by the Code Body");
  });

  it("does not let the tester shrink the scope to the points that passed", async () => {
    const victim = (await assessAll()).find(
      (a) => a.route === "QT" && a.points.some((p) => p.status === "passed") && a.waivers.missing > 0,
    );
    expect(victim).toBeDefined();
    const key = victim!.participantRole;
    const body = victim!.governingBodies[0];
    const passed = victim!.points.filter((p) => p.status === "passed");
    const result = await approvalStoreFor(as(TESTER_PAT), settings).recordApproval(key, (a) =>
      recordScopeBaseline(
        a,
        settings,
        {
          participantRole: key,
          window: victim!.window?.id ?? "",
          body,
          points: scopeOf(passed),
        },
        user(body === "REC" ? REC_ASSURER : BSC_ASSURER),
        NOW(),
      ),
    );
    expect(result.kind).toBe("recorded");
    const after = await assessOne(key);
    expect(after.scopeBaseline).toBeUndefined();
    expect(after.coverage.planned).toBe(victim!.coverage.planned);
    expect(after.waivers.missing).toBe(victim!.waivers.missing);
    // The assurer's own baseline counts.
    const own = await approvalStoreFor(as(body === "REC" ? REC_ASSURER_PAT : BSC_ASSURER_PAT), settings).recordApproval(
      key,
      (a) =>
        recordScopeBaseline(
          a,
          settings,
          {
            participantRole: key,
            window: victim!.window?.id ?? "",
            body,
            points: scopeOf(victim!.points),
          },
          user(body === "REC" ? REC_ASSURER : BSC_ASSURER),
          NOW(),
        ),
    );
    expect(own.kind).toBe("recorded");
    expect((await assessOne(key)).scopeBaseline).toMatchObject({ body, removed: 0, added: 0 });
  });
});
