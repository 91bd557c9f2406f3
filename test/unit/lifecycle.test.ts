/**
 * The lifecycle stage (issue 16, item 1) through the engine: entry gates leaving Entry, the report a body decides on
 * is the one submitted last, a returned report or a refused sign-off keep it from Qualified, every approver must
 * sign off, and a later change reopens it. SIT route: S1 then S2.
 */
import { Approvals, recordEntryItem, recordSignOff, recordSubmission } from "../../src/core/approvals";
import { assess } from "../../src/core/assess";
import { SIT_COMPLETION_REVIEW_ITEM } from "../../src/core/entry-criteria";
import { Settings } from "../../src/core/settings";
import {
  acceptEntry,
  BSC_ASSURER,
  NOW,
  PARTICIPANT,
  REC_ASSURER,
  approvals,
  defect,
  facts,
  registryEntry,
  settings,
  unwrap,
} from "../support/builders";

const SHA = "c".repeat(64);
const ASSURER = { BSC: BSC_ASSURER, REC: REC_ASSURER } as const;

function submitted(a: Approvals, sha256 = SHA): Approvals {
  return unwrap(
    recordSubmission(
      a,
      { participantRole: "ABCD-X", window: "tranche-1", sha256, verdictAtSubmission: "ready-to-submit" },
      PARTICIPANT,
      NOW,
    ),
  );
}

function decide(
  a: Approvals,
  body: "BSC" | "REC",
  decision: "accepted" | "returned" | "approved" | "rejected",
  sha256: string | undefined = SHA,
  s = settings(),
) {
  return unwrap(
    recordSignOff(
      a,
      s,
      {
        participantRole: "ABCD-X",
        window: "tranche-1",
        body,
        decision,
        reportSha256: sha256,
        note: "Findings: see the log",
      },
      ASSURER[body],
      NOW,
    ),
  );
}

const stageOf = (a: Approvals, s: Settings = settings(), f = facts()) => assess(f, s, a, NOW).stage;

describe("the QT route's lifecycle", () => {
  it("stays in Entry until every must-have entry criterion is accepted for the window", () => {
    expect(stageOf(approvals())).toMatchObject({ id: "entry", reopened: false });
    const rejected = unwrap(
      recordEntryItem(
        acceptEntry(approvals()),
        settings(),
        { participantRole: "ABCD-X", window: "tranche-1", itemId: "TEST-DATA", status: "rejected", note: "Gaps" },
        "REC",
        REC_ASSURER,
        NOW,
      ),
    );
    const stage = stageOf(rejected);
    expect(stage.id).toBe("entry");
    expect(stage.detail).toContain("rejected by the Code Body: Test data requirements completed and validated");
    expect(stage.steps[0]).toEqual({ label: "Entry", state: "current" });
  });

  it("does not carry entry into a re-entry window", () => {
    const reentry = settings((s) => {
      s.registry = [registryEntry({ window: "tranche-2", previousWindows: ["tranche-1"] })];
    });
    const firstWindow = acceptEntry(approvals(), reentry, "tranche-1");
    expect(stageOf(firstWindow, reentry).id).toBe("entry");
    expect(stageOf(acceptEntry(approvals(), reentry, "tranche-2"), reentry).id).not.toBe("entry");
  });

  it("moves from ready to submit, through review, to Qualified once every approver signed off the report", () => {
    const entered = acceptEntry(approvals());
    expect(stageOf(entered).id).toBe("ready-to-submit");
    const sub = submitted(entered);
    expect(stageOf(sub)).toMatchObject({ id: "under-review", awaiting: ["BSC", "REC"], reportSha256: SHA });
    const bsc = decide(sub, "BSC", "approved");
    expect(stageOf(bsc)).toMatchObject({ id: "signing-off", awaiting: ["REC"] });
    const both = decide(bsc, "REC", "approved");
    const qualified = stageOf(both);
    expect(qualified.id).toBe("qualified");
    expect(qualified.steps.every((s) => s.state === "done")).toBe(true);
  });

  it("is kept from Qualified by a returned report or a refused sign-off", () => {
    const sub = submitted(acceptEntry(approvals()));
    const returned = decide(decide(sub, "BSC", "approved"), "REC", "returned");
    expect(stageOf(returned)).toMatchObject({ id: "returned", awaiting: ["REC"] });
    expect(stageOf(returned).detail).toContain("Findings: see the log");
    const refused = decide(decide(sub, "BSC", "approved"), "REC", "rejected");
    expect(stageOf(refused).id).toBe("refused");
  });

  it("counts only decisions on the report submitted last", () => {
    const both = decide(decide(submitted(acceptEntry(approvals())), "BSC", "approved"), "REC", "approved");
    const resubmitted = submitted(both, "d".repeat(64));
    expect(stageOf(resubmitted)).toMatchObject({ id: "under-review", reportSha256: "d".repeat(64) });
    const unbound = decide(decide(resubmitted, "BSC", "approved", undefined), "REC", "approved", undefined);
    expect(stageOf(unbound).id).toBe("under-review");
  });

  it("reopens when a change takes E1–E4 back after qualification", () => {
    const both = decide(decide(submitted(acceptEntry(approvals())), "BSC", "approved"), "REC", "approved");
    const sev1 = facts({ defects: [defect({ severity: "1 - Critical" })] });
    const stage = stageOf(both, settings(), sev1);
    expect(stage).toMatchObject({ id: "executing", reopened: true });
    expect(stage.detail).toContain("no longer stands");
  });

  it("with bodiesMustAgree any, one approver's sign-off qualifies", () => {
    const any = settings((s) => (s.bodiesMustAgree = "any"));
    expect(stageOf(decide(submitted(acceptEntry(approvals(), any)), "BSC", "approved", SHA, any), any).id).toBe(
      "qualified",
    );
  });

  it("is cannot assess whenever the verdict is", () => {
    const broken = settings((s) => (s.registry = []));
    expect(stageOf(approvals(), broken).id).toBe("cannot-assess");
  });
});

describe("earlier windows", () => {
  it("says how each earlier window ended, from that window's records alone", () => {
    const reentry = settings((s) => {
      s.registry = [registryEntry({ window: "tranche-2", previousWindows: ["tranche-1"] })];
    });
    // Tranche 1: submitted, then returned with findings by REC.
    const returned = decide(submitted(acceptEntry(approvals(), reentry, "tranche-1")), "REC", "returned");
    const a = assess(facts(), reentry, returned, NOW);
    expect(a.earlierWindows).toEqual([
      expect.objectContaining({
        id: "tranche-1",
        name: "Tranche 1",
        executionEnd: "2025-09-29",
        outcome: "returned",
        reports: 1,
        lastReport: expect.objectContaining({ sha256: SHA }),
      }),
    ]);
    // The re-entry window starts again: entry, and nothing submitted.
    expect(a.stage.id).toBe("entry");
    expect(a.submissions).toEqual([]);
    expect(assess(facts(), settings(), returned, NOW).earlierWindows).toBeUndefined();
  });
});

describe("the SIT route's lifecycle", () => {
  const sit = settings((s) => {
    s.registry = [registryEntry({ route: "SIT", window: undefined })];
  });
  const sitRecord = (a: Approvals, status: "submitted" | "accepted" | "rejected") =>
    unwrap(
      recordEntryItem(
        a,
        sit,
        {
          participantRole: "ABCD-X",
          window: "",
          itemId: SIT_COMPLETION_REVIEW_ITEM,
          status,
          evidenceUrl: "https://programme.example/sit-report",
        },
        status === "submitted" ? undefined : "BSC",
        status === "submitted" ? PARTICIPANT : BSC_ASSURER,
        NOW,
      ),
    );
  const approve = (a: Approvals, body: "BSC" | "REC", decision: "approved" | "rejected" = "approved") =>
    unwrap(
      recordSignOff(a, sit, { participantRole: "ABCD-X", window: "", body, decision, note: "n" }, ASSURER[body], NOW),
    );

  it("goes from awaiting the SIT report, through S1 and S2, to Qualified", () => {
    expect(stageOf(approvals(), sit).id).toBe("sit-report-awaited");
    const recorded = sitRecord(approvals(), "submitted");
    expect(stageOf(recorded, sit).id).toBe("under-review");
    const accepted = sitRecord(recorded, "accepted");
    expect(stageOf(accepted, sit)).toMatchObject({ id: "under-review", awaiting: ["BSC", "REC"] });
    expect(stageOf(approve(accepted, "BSC"), sit)).toMatchObject({ id: "signing-off", awaiting: ["REC"] });
    const done = approve(approve(accepted, "BSC"), "REC");
    expect(stageOf(done, sit).id).toBe("qualified");
    expect(assess(facts(), sit, done, NOW).verdict).toBe("exit-criteria-met");
  });

  it("is returned when the SIT report is, and refused when a body rejects", () => {
    expect(stageOf(sitRecord(approvals(), "rejected"), sit).id).toBe("returned");
    expect(stageOf(approve(sitRecord(approvals(), "accepted"), "REC", "rejected"), sit).id).toBe("refused");
  });
});
