import {
  Approvals,
  recordEntryItem,
  recordSignOff,
  recordSubmission,
  revokeMitigationAgreement,
  revokeWaiver,
} from "../../src/core/approvals";
import { Assessment, CriterionId } from "../../src/core/assessment";
import { assess } from "../../src/core/assess";
import { ParticipantRoleFacts } from "../../src/core/facts";
import { Settings } from "../../src/core/settings";
import {
  BSC_ASSURER,
  NOW,
  PARTICIPANT,
  REC_ASSURER,
  approvals,
  defect,
  facts,
  incompleteFacts,
  metadata,
  point,
  registryEntry,
  settings,
  unwrap,
  agreeMitigation,
  waivePoint,
} from "../support/builders";

const run = (f: ParticipantRoleFacts, a: Approvals = approvals(), s: Settings = settings()) => assess(f, s, a, NOW);
const criterion = (a: Assessment, id: CriterionId) => a.criteria.find((c) => c.id === id)!;
const codes = (a: Assessment, id: CriterionId) => criterion(a, id).reasons.map((r) => r.code);
const submit = (a: Approvals, verdict = "ready-to-submit") =>
  unwrap(
    recordSubmission(
      a,
      { participantRole: "ABCD-X", window: "tranche-1", sha256: "b".repeat(64), verdictAtSubmission: verdict },
      PARTICIPANT,
      NOW,
    ),
  );

const mitigated = (id: number, severity = "3 - Medium") =>
  defect({ id, severity, impact: "Low: manual re-send", mitigation: "Operator re-sends the file" });

const agree = agreeMitigation;

/** Both governing bodies' waiver (ABCD-X is a Supplier, governed by BSC and REC). */
function waive(
  a: Approvals,
  p: ReturnType<typeof point>,
  outcome: string,
  kind: "waiver" | "descope" = "waiver",
): Approvals {
  return waivePoint(waivePoint(a, p, outcome, settings(), { kind, body: "BSC" }), p, outcome, settings(), {
    kind,
    body: "REC",
  });
}

describe("assess: the clean path", () => {
  it("is ready to submit when E1–E4 hold, then met once the report is submitted", () => {
    const f = facts();
    const before = run(f);
    expect(before.verdict).toBe("ready-to-submit");
    expect(before.criteria.map((c) => [c.id, c.status])).toEqual([
      ["E1", "met"],
      ["E2", "met"],
      ["E3", "met"],
      ["E4", "met"],
      ["E5", "pending"],
    ]);
    expect(codes(before, "E5")).toEqual(["report-not-submitted"]);
    expect(before.summary).toBe("E1–E4 are met: submit the QT Completion Report.");
    const after = run(f, submit(approvals()));
    expect(after.verdict).toBe("exit-criteria-met");
    expect(after.submissions).toHaveLength(1);
  });

  it("describes the participant-role, its window and timing", () => {
    const a = run(facts());
    expect(a).toMatchObject({
      participantRole: "ABCD-X",
      mpid: "ABCD",
      roleCode: "X",
      participantName: "Alpha Energy",
      roleName: "Supplier",
      governingBodies: ["BSC", "REC"],
      route: "QT",
      assessedAt: NOW.toISOString(),
      window: { id: "tranche-1", name: "Tranche 1", phase: "execution", daysLeft: 120, executionEnd: "2025-09-29" },
    });
  });
});

describe("E1/E2: outstanding Sev1 and Sev2 defects", () => {
  it("blocks on an outstanding Sev1 and names it", () => {
    const d = defect({ severity: "1 - Critical", title: "Settlement file lost" });
    const a = run(facts({ defects: [d] }));
    expect(a.verdict).toBe("not-ready");
    expect(criterion(a, "E1")).toMatchObject({
      status: "unmet",
      reasons: [
        {
          code: "sev1-outstanding",
          message: "1 outstanding Sev1 defect.",
          items: [{ kind: "defect", id: d.id, title: "Settlement file lost" }],
        },
      ],
    });
    expect(criterion(a, "E2").status).toBe("met");
    expect(a.summary).toMatch(/^Not ready: E1 1 outstanding Sev1 defect\./);
  });

  it("blocks on an outstanding Sev2 under E2", () => {
    const a = run(facts({ defects: [defect({ severity: "Sev 2" }), defect({ severity: 2 })] }));
    expect(criterion(a, "E2")).toMatchObject({
      status: "unmet",
      reasons: [{ code: "sev2-outstanding", message: "2 outstanding Sev2 defects." }],
    });
  });

  it("does not block on closed or removed Sev1/Sev2 defects", () => {
    const a = run(
      facts({ defects: [defect({ severity: 1, state: "Closed" }), defect({ severity: 2, state: "Removed" })] }),
    );
    expect(a.verdict).toBe("ready-to-submit");
    expect(a.defectCounts.find((c) => c.severity === 1)).toEqual({ severity: 1, outstanding: 0, closed: 1 });
  });

  it("still blocks on a resolved-but-not-closed Sev1", () => {
    expect(run(facts({ defects: [defect({ severity: 1, state: "Resolved" })] })).verdict).toBe("not-ready");
  });

  it("treats an unclassified severity as Sev1 and quotes the value", () => {
    const a = run(facts({ defects: [defect({ severity: "Showstopper" }), defect({ severity: undefined })] }));
    expect(criterion(a, "E1").status).toBe("unmet");
    expect(criterion(a, "E1").reasons[0]).toMatchObject({
      code: "unclassified-outstanding",
      message: expect.stringContaining('"Showstopper", ""'),
    });
  });

  it("counts a state with no category as outstanding, and says so", () => {
    const a = run(facts({ defects: [defect({ severity: 1, state: "Parked" })] }));
    expect(codes(a, "E1")).toEqual(["sev1-outstanding", "state-unknown"]);
  });

  it("honours a state override", () => {
    const s = settings((x) => (x.defects.stateOverrides = [{ state: "Resolved", outstanding: false }]));
    expect(run(facts({ defects: [defect({ severity: 1, state: "Resolved" })] }), approvals(), s).verdict).toBe(
      "ready-to-submit",
    );
  });

  it("never blocks on Sev5", () => {
    const a = run(facts({ defects: [defect({ severity: 5 }), defect({ severity: "5 - Cosmetic" })] }));
    expect(a.verdict).toBe("ready-to-submit");
    expect(a.defectCounts.find((c) => c.severity === 5)?.outstanding).toBe(2);
  });
});

describe("E3: Sev3/Sev4 impact, mitigation and agreement", () => {
  it("names what each defect lacks", () => {
    const noImpact = defect({ severity: 3, mitigation: "Plan" });
    const noPlan = defect({ severity: 4, impact: "Low" });
    const notAgreed = mitigated(77);
    const a = run(facts({ defects: [noImpact, noPlan, notAgreed] }));
    expect(criterion(a, "E3").status).toBe("unmet");
    expect(criterion(a, "E3").reasons.map((r) => [r.code, r.items.map((i) => i.id)])).toEqual([
      ["impact-missing", [noImpact.id]],
      ["mitigation-missing", [noPlan.id]],
      ["agreement-missing", [77]],
    ]);
    expect(a.mitigationGaps).toBe(3);
  });

  it("is met once the mitigation is agreed", () => {
    const d = mitigated(78);
    const a = run(facts({ defects: [d] }), agree(approvals(), d));
    expect(criterion(a, "E3").status).toBe("met");
    expect(codes(a, "E3")).toEqual(["mitigations-agreed"]);
    expect(a.defects[0].agreement).toBe("present");
  });

  it.each([
    ["severity", { severity: "4 - Low" }],
    ["impact", { impact: "Now high" }],
    ["mitigation", { mitigation: "A different plan" }],
  ])("goes stale when the %s changes after agreement", (_field, change) => {
    const d = mitigated(79);
    const a = run(facts({ defects: [{ ...d, ...change }] }), agree(approvals(), d));
    expect(criterion(a, "E3")).toMatchObject({ status: "unmet", reasons: [{ code: "agreement-stale" }] });
  });

  it("ignores white-space-only and markup-only edits", () => {
    const d = mitigated(80);
    const edited = { ...d, impact: `<p>${String(d.impact)}</p>`, mitigation: `  ${String(d.mitigation)}\n` };
    expect(criterion(run(facts({ defects: [edited] }), agree(approvals(), d)), "E3").status).toBe("met");
  });

  it("needs agreeing again once an agreement is revoked", () => {
    const d = mitigated(81);
    const agreed = agree(approvals(), d);
    const revoked = unwrap(
      revokeMitigationAgreement(
        agreed,
        settings(),
        { participantRole: "ABCD-X", defectId: 81, agreedAt: NOW.toISOString(), reason: "Agreed in error" },
        BSC_ASSURER,
        NOW,
      ),
    );
    const after = run(facts({ defects: [d] }), revoked);
    expect(criterion(after, "E3").status).toBe("unmet");
    expect(codes(after, "E3")).toEqual(["agreement-missing", "agreement-awaiting-body"]);
    // REC's agreement still stands: only BSC's is needed again.
    expect(after.defects[0].agreementAwaiting).toEqual(["BSC"]);
    expect(
      revokeMitigationAgreement(
        revoked,
        settings(),
        { participantRole: "ABCD-X", defectId: 81, agreedAt: NOW.toISOString(), reason: "again" },
        BSC_ASSURER,
        NOW,
      ).ok,
    ).toBe(false);
    expect(
      revokeMitigationAgreement(
        agreed,
        settings(),
        { participantRole: "ABCD-X", defectId: 81, agreedAt: NOW.toISOString(), reason: "x", body: "BSC" },
        REC_ASSURER,
        NOW,
      ).ok,
    ).toBe(false);
  });

  it("does not ask for mitigation of closed Sev3/Sev4 defects", () => {
    expect(criterion(run(facts({ defects: [defect({ severity: 3, state: "Closed" })] })), "E3").status).toBe("met");
  });

  it("treats a whitespace-only impact as missing", () => {
    expect(
      codes(run(facts({ defects: [defect({ severity: 3, impact: "  <br> ", mitigation: "x" })] })), "E3"),
    ).toContain("impact-missing");
  });
});

describe("E4: execution and waivers", () => {
  it.each([
    ["failed", "points-failed"],
    ["Blocked", "points-blocked"],
    [undefined, "points-not-run"],
    ["inProgress", "points-in-progress"],
    ["notApplicable", "points-descoped"],
    [8, "points-not-run"],
  ])("an unwaived %p point leaves E4 unmet (%s)", (outcome, code) => {
    const a = run(facts({ points: [point(), point({ outcome })] }));
    expect(criterion(a, "E4").status).toBe("unmet");
    expect(codes(a, "E4")[0]).toBe("execution");
    expect(codes(a, "E4")[1]).toBe(code);
  });

  it("names outcomes it does not recognise, read as not run, rather than counting them silently", () => {
    const odd = point({ outcome: "Exploded" });
    const a = run(facts({ points: [point(), odd, point({ outcome: 42 })] }));
    expect(codes(a, "E4")).toEqual(["execution", "points-not-run", "points-outcome-unrecognised"]);
    const said = criterion(a, "E4").reasons.find((r) => r.code === "points-outcome-unrecognised")!;
    expect(said.message).toBe(
      '2 test points with an outcome Azure DevOps does not define ("Exploded", "42"), read as not run.',
    );
    expect(said.items?.map((i) => i.id)).toEqual([odd.id, expect.any(Number)]);
    expect(a.points.find((p) => p.id === odd.id)).toMatchObject({ status: "not-run", outcomeUnrecognised: true });
  });

  it("is met when every point that did not pass carries an approval", () => {
    const failed = point({ outcome: "failed" });
    const na = point({ outcome: "notApplicable" });
    const a = run(
      facts({ points: [point(), failed, na] }),
      waive(waive(approvals(), failed, "failed"), na, "notApplicable", "descope"),
    );
    expect(criterion(a, "E4").status).toBe("met");
    expect(a.waivers).toEqual({ needed: 2, present: 2, stale: 0, missing: 0 });
    expect(a.coverage.completionPercent).toBe(100);
    expect(codes(a, "E4")).toEqual(["execution", "points-waived"]);
  });

  it("treats a waiver as stale once the outcome changes", () => {
    const p = point({ outcome: "failed" });
    const a = run(facts({ points: [{ ...p, outcome: "blocked" }] }), waive(approvals(), p, "failed"));
    expect(criterion(a, "E4")).toMatchObject({
      status: "unmet",
      reasons: [{ code: "execution" }, { code: "waivers-stale" }],
    });
  });

  it("does not need a waiver once the point passes", () => {
    const p = point({ outcome: "failed" });
    const a = run(facts({ points: [{ ...p, outcome: "passed" }] }), waive(approvals(), p, "failed"));
    expect(a.points[0].waiver).toBe("not-needed");
    expect(criterion(a, "E4").status).toBe("met");
  });

  it("stops counting a revoked waiver, even when an earlier one exists", () => {
    const p = point({ outcome: "failed" });
    const twice = waive(waive(approvals(), p, "failed"), p, "failed");
    const revoked = unwrap(
      revokeWaiver(
        twice,
        settings(),
        { participantRole: "ABCD-X", window: "tranche-1", pointId: p.id, approvedAt: NOW.toISOString(), reason: "No" },
        BSC_ASSURER,
        NOW,
      ),
    );
    expect(criterion(run(facts({ points: [p] }), revoked), "E4").status).toBe("unmet");
  });

  it("does not count a waiver from another window", () => {
    const p = point({ outcome: "failed" });
    const s = settings((x) => (x.registry[0].window = "tranche-2"));
    expect(criterion(run(facts({ points: [p] }), waive(approvals(), p, "failed"), s), "E4").status).toBe("unmet");
  });

  it("keeps an inactive point in scope until the Code Body approves its descope", () => {
    const inactive = point({ isActive: false, outcome: "none" });
    const a = run(facts({ points: [point(), inactive] }));
    expect(a.coverage.planned).toBe(2);
    expect(criterion(a, "E4")).toMatchObject({ status: "unmet" });
    expect(codes(a, "E4")).toContain("points-deactivated");
    expect(a.points.find((p) => p.id === inactive.id)?.deactivated).toBe(true);
    const descoped = waive(approvals(), inactive, "none", "descope");
    expect(criterion(run(facts({ points: [point(), inactive] }), descoped), "E4").status).toBe("met");
  });

  it("is unmet when nothing is planned", () => {
    const a = run(facts({ points: [] }));
    expect(criterion(a, "E4")).toMatchObject({ status: "unmet", reasons: [{ code: "nothing-planned" }] });
    expect(a.verdict).toBe("not-ready");
  });

  it("computes coverage figures", () => {
    const pts = [
      point(),
      point(),
      point({ outcome: "failed" }),
      point({ outcome: "blocked" }),
      point({ outcome: "none" }),
      point({ outcome: "notApplicable" }),
      point({ outcome: "paused" }),
      point({ outcome: "timeout", suiteId: 21, suiteName: "Group 2" }),
    ];
    const a = run(facts({ points: pts }));
    // Executed: the two passed and two failed (a timeout reads as failed); blocked and paused are not executed.
    expect(a.coverage).toEqual({
      planned: 8,
      executed: 4,
      passed: 2,
      failed: 2,
      blocked: 1,
      notRun: 1,
      descoped: 1,
      inProgress: 1,
      waived: 0,
      executionPercent: 50,
      passRateOfExecuted: 50,
      passRateOfPlanned: 25,
      completionPercent: 25,
    });
    expect(a.coverageBySuite.map((s) => [s.suiteId, s.planned])).toEqual([
      [20, 7],
      [21, 1],
    ]);
  });
});

describe("E5: the completion report", () => {
  it("does not accept a report submitted while not ready", () => {
    const a = run(facts(), submit(approvals(), "not-ready"));
    expect(a.verdict).toBe("ready-to-submit");
    expect(criterion(a, "E5")).toMatchObject({ status: "pending", reasons: [{ code: "report-submitted-early" }] });
  });

  it("keeps a met E5 from turning a regressed participant-role ready", () => {
    const a = run(facts({ defects: [defect({ severity: 1 })] }), submit(approvals()));
    expect(criterion(a, "E5").status).toBe("met");
    expect(a.verdict).toBe("not-ready");
  });
});

describe("cannot assess: fail closed", () => {
  it.each(["points", "defects"] as const)("when the %s were not read completely", (part) => {
    const a = run(incompleteFacts(part, "HTTP 503 after 5 retries"));
    expect(a.verdict).toBe("cannot-assess");
    expect(a.problems.join(" ")).toMatch(/HTTP 503 after 5 retries/);
    expect(a.summary).toMatch(/^Cannot assess: /);
  });

  it("marks the criteria that depend on the missing read unknown", () => {
    const a = run(incompleteFacts("defects", "throttled"));
    expect(a.criteria.map((c) => c.status)).toEqual(["unknown", "unknown", "unknown", "met", "pending"]);
  });

  it("even when a blocking defect is visible", () => {
    const f = { ...incompleteFacts("points", "page 3 failed"), defects: [defect({ severity: 1 })] };
    expect(run(f).verdict).toBe("cannot-assess");
  });

  it("when metadata is incomplete", () => {
    const f = facts({ metadata: metadata({ completeness: { complete: false, reason: "states of Bug: 401" } }) });
    expect(run(f).verdict).toBe("cannot-assess");
  });

  it("when a defect's type has no states", () => {
    const a = run(facts({ defects: [defect({ workItemType: "Defect" })] }));
    expect(a.verdict).toBe("cannot-assess");
    expect(a.problems).toEqual([
      'No states were read for work item type "Defect", so 1 defect cannot be judged outstanding or not.',
    ]);
  });

  it("when the settings are invalid", () => {
    const a = run(
      facts(),
      approvals(),
      settings((x) => (x.defects.severityField = "")),
    );
    expect(a.verdict).toBe("cannot-assess");
    expect(a.problems[0]).toMatch(/^Settings are invalid: \$\.defects\.severityField/);
  });

  it("when the participant-role is not registered", () => {
    const a = run(facts({ participantRole: "WXYZ-X" }));
    expect(a.verdict).toBe("cannot-assess");
    expect(a.problems).toEqual([
      "WXYZ-X is not in the participant registry: add it in settings before it can be assessed.",
    ]);
  });

  it("when the key is malformed", () => {
    expect(run(facts({ participantRole: "nonsense" })).verdict).toBe("cannot-assess");
  });
});

describe("SIT route", () => {
  const sit = settings((x) => (x.registry[0] = registryEntry({ route: "SIT", window: undefined, testPlans: [] })));

  it("needs the SIT report accepted and every governing body's approval", () => {
    let a = approvals();
    const check = () => assess(facts({ points: [] }), sit, a, NOW);
    expect(check().criteria.map((c) => [c.id, c.status])).toEqual([
      ["S1", "pending"],
      ["S2", "pending"],
    ]);
    expect(check().verdict).toBe("not-ready");
    a = unwrap(
      recordEntryItem(
        a,
        sit,
        { participantRole: "ABCD-X", itemId: "SIT-COMPLETION-REPORT", status: "accepted" },
        "BSC",
        BSC_ASSURER,
        NOW,
      ),
    );
    a = unwrap(
      recordSignOff(
        a,
        sit,
        { participantRole: "ABCD-X", window: "", body: "BSC", decision: "approved" },
        BSC_ASSURER,
        NOW,
      ),
    );
    expect(check().criteria.find((c) => c.id === "S2")).toMatchObject({
      status: "pending",
      reasons: [{ message: "Awaiting approval from REC." }],
    });
    a = unwrap(
      recordSignOff(
        a,
        sit,
        { participantRole: "ABCD-X", window: "", body: "REC", decision: "approved" },
        REC_ASSURER,
        NOW,
      ),
    );
    expect(check().verdict).toBe("exit-criteria-met");
    a = unwrap(
      recordSignOff(
        a,
        sit,
        { participantRole: "ABCD-X", window: "", body: "REC", decision: "rejected", note: "Gap in scope" },
        REC_ASSURER,
        NOW,
      ),
    );
    expect(check().criteria.find((c) => c.id === "S2")?.status).toBe("unmet");
  });
});

describe("entry checklist and sign-offs", () => {
  it("derives the scenarios item from loaded test cases and reads the rest from records", () => {
    let a = approvals();
    const s = settings();
    for (const itemId of ["DEL1049", "DEL1050", "DEL1052", "UIT-CONNECTIVITY", "TEST-DATA", "USER-ACCESS"]) {
      a = unwrap(
        recordEntryItem(
          a,
          s,
          { participantRole: "ABCD-X", itemId, status: "accepted", evidenceUrl: "https://e.example/x" },
          "BSC",
          BSC_ASSURER,
          NOW,
        ),
      );
    }
    const loaded = run(facts(), a);
    expect(loaded.entryCriteriaMet).toBe(true);
    expect(loaded.entryChecklist.find((i) => i.id === "SCENARIOS-LOADED")).toMatchObject({
      status: "accepted",
      derived: true,
    });
    expect(loaded.entryChecklist.find((i) => i.id === "DEL1049")).toMatchObject({
      status: "accepted",
      by: "Bea Assurer",
      evidenceUrl: "https://e.example/x",
    });
    expect(loaded.entryChecklist.find((i) => i.id === "DEL1054")).toMatchObject({
      status: "not-started",
      necessity: "good-to-have",
    });
    const empty = run(facts({ testCaseCount: 0 }), a);
    expect(empty.entryCriteriaMet).toBe(false);
  });

  it("lists a sign-off per approver of the role, on the report submitted last", () => {
    const sha256 = "a".repeat(64);
    const submitted = unwrap(
      recordSubmission(
        approvals(),
        { participantRole: "ABCD-X", window: "tranche-1", sha256, verdictAtSubmission: "ready-to-submit" },
        PARTICIPANT,
        NOW,
      ),
    );
    const a = unwrap(
      recordSignOff(
        submitted,
        settings(),
        { participantRole: "ABCD-X", window: "tranche-1", body: "REC", decision: "approved", reportSha256: sha256 },
        REC_ASSURER,
        NOW,
      ),
    );
    expect(run(facts(), a).signOffs).toEqual([
      { body: "BSC", status: "pending" },
      {
        body: "REC",
        status: "approved",
        by: "Rex Assurer",
        at: NOW.toISOString(),
        note: undefined,
        reportSha256: sha256,
      },
    ]);
    // A decision on no report, or another one, does not stand on the QT route.
    const unbound = unwrap(
      recordSignOff(
        submitted,
        settings(),
        { participantRole: "ABCD-X", window: "tranche-1", body: "REC", decision: "approved" },
        REC_ASSURER,
        NOW,
      ),
    );
    expect(run(facts(), unbound).signOffs.map((s) => s.status)).toEqual(["pending", "pending"]);
  });

  it("takes approvers from settings, e.g. when the DIP Manager is added", () => {
    const s = settings((x) => x.roles.find((r) => r.code === "X")!.approvers.push("DIP Manager"));
    expect(run(facts(), approvals(), s).signOffs.map((o) => o.body)).toEqual(["BSC", "REC", "DIP Manager"]);
  });
});
