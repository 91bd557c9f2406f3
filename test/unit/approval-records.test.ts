import { EntryItemRecord, MitigationAgreement, ReportSubmission, SignOff, Waiver } from "../../src/core/approvals";
import {
  RECORD_FIELDS,
  RecordHistory,
  RecordKind,
  approvalsFromRecords,
  recordFields,
} from "../../src/core/approval-records";
import { UserRef } from "../../src/core/audit";
import { BSC_ASSURER, PARTICIPANT, REC_ASSURER, settings } from "../support/builders";

/** Each approval kept as a work item comes back, as Azure DevOps vouches for it, as the approval it stands for. */

const AT = "2026-12-07T10:00:00.000Z";
const stamp = (who: { id: string; displayName: string; uniqueName?: string }) => ({ ...who });

let nextId = 100;
function history(
  fields: Record<string, unknown>,
  by: UserRef = BSC_ASSURER,
  ...later: [Record<string, unknown>, UserRef][]
): RecordHistory {
  const first = {
    ...fields,
    "System.CreatedBy": stamp(by),
    "System.CreatedDate": AT,
    "System.ChangedBy": stamp(by),
    "System.ChangedDate": AT,
  };
  const revisions = [{ rev: 1, fields: first }];
  let current = first;
  later.forEach(([change, who], i) => {
    current = {
      ...current,
      ...change,
      "System.ChangedBy": stamp(who),
      "System.ChangedDate": `2026-12-0${8 + i}T10:00:00.000Z`,
    };
    revisions.push({ rev: i + 2, fields: current });
  });
  return { id: nextId++, revisions };
}

const waiver: Waiver = {
  participantRole: "ABCD-X",
  window: "tranche-1",
  pointId: 472,
  testCaseId: 31,
  kind: "waiver",
  outcomeAtApproval: "failed",
  reason: "Accepted: the fix is in SIT.",
  body: "BSC",
  approvedBy: BSC_ASSURER,
  approvedAt: AT,
};
const agreement: MitigationAgreement = {
  participantRole: "ABCD-X",
  defectId: 9001,
  agreed: { severity: "3 - Medium", impact: "Late files", mitigation: "Manual resend" },
  note: "Agreed at the weekly review.",
  body: "REC",
  agreedBy: REC_ASSURER,
  agreedAt: AT,
};
const entry: EntryItemRecord = {
  participantRole: "ABCD-X",
  itemId: "PIT-EXIT",
  status: "submitted",
  by: PARTICIPANT,
  at: AT,
};
const signOff: SignOff = {
  participantRole: "ABCD-X",
  window: "tranche-1",
  body: "BSC",
  decision: "approved",
  by: BSC_ASSURER,
  at: AT,
};
const submission: ReportSubmission = {
  participantRole: "ABCD-X",
  window: "tranche-1",
  sha256: "a".repeat(64),
  verdictAtSubmission: "ready-to-submit",
  submittedBy: BSC_ASSURER,
  submittedAt: AT,
};

describe("approval records", () => {
  it.each<[RecordKind, object, string, UserRef]>([
    ["waiver", waiver, "waivers", BSC_ASSURER],
    ["mitigation", agreement, "mitigationAgreements", REC_ASSURER],
    ["entry", entry, "entryItems", PARTICIPANT],
    ["signoff", signOff, "signOffs", BSC_ASSURER],
    ["submission", submission, "submissions", BSC_ASSURER],
  ])("keeps a %s as a record and reads it back as it was approved", (kind, approval, list, by) => {
    const read = approvalsFromRecords([history(recordFields(kind, approval as never), by)], settings());
    expect(read.problems).toEqual([]);
    const approvals = read.byParticipantRole.get("ABCD-X")!;
    expect((approvals as unknown as Record<string, unknown[]>)[list]).toEqual([approval]);
  });

  it("reads a record an assurer revoked as revoked, with who revoked it and why", () => {
    const fields = recordFields("waiver", waiver);
    const revoke = {
      [RECORD_FIELDS.state]: "Revoked",
      [RECORD_FIELDS.terms]: JSON.stringify({ ...JSON.parse(fields[RECORD_FIELDS.terms]), revocationReason: "Retest" }),
    };
    const read = approvalsFromRecords([history(fields, BSC_ASSURER, [revoke, BSC_ASSURER])], settings());
    expect(read.byParticipantRole.get("ABCD-X")!.waivers[0]).toMatchObject({
      approvedBy: { id: BSC_ASSURER.id },
      revoked: { by: { id: BSC_ASSURER.id }, reason: "Retest" },
    });
  });

  it("does not count another body's assurer, nor a record it cannot read, and says which and why", () => {
    const read = approvalsFromRecords(
      [
        history(recordFields("waiver", waiver), REC_ASSURER),
        history({ ...recordFields("waiver", waiver), [RECORD_FIELDS.terms]: "{not json" }),
        history({ ...recordFields("waiver", waiver), [RECORD_FIELDS.kind]: "blessing" }),
      ],
      settings(),
    );
    expect(read.byParticipantRole.size).toBe(0);
    expect(read.problems.map((p) => [p.evidence, p.message.replace(/#\d+/, "#n")])).toEqual([
      ["unvouched", "Record #n does not count: it was written by Rex Assurer, who may not vouch for it."],
      ["unreadable", "Record #n does not count: its terms are not JSON."],
      [
        "unreadable",
        'Record #n does not count: its kind "blessing" is not one of waiver, descope, mitigation, entry, signoff, submission, scope.',
      ],
    ]);
  });

  it("keeps records in the order they were approved, so the latest for a point stands", () => {
    const older = history(recordFields("waiver", { ...waiver, reason: "First" }));
    const newer = history(recordFields("waiver", { ...waiver, reason: "Second" }), BSC_ASSURER);
    newer.revisions[0].fields = { ...newer.revisions[0].fields, "System.ChangedDate": "2026-12-09T10:00:00.000Z" };
    const read = approvalsFromRecords([newer, older], settings());
    expect(read.byParticipantRole.get("ABCD-X")!.waivers.map((w) => w.reason)).toEqual(["First", "Second"]);
  });
});

describe("entry decisions kept as records", () => {
  const decision: EntryItemRecord = {
    participantRole: "ABCD-X",
    window: "tranche-1",
    itemId: "TEST-DATA",
    status: "accepted",
    body: "BSC",
    by: BSC_ASSURER,
    at: AT,
  };

  it("counts an acceptance only from an assurer of the body it names", () => {
    const fields = recordFields("entry", decision);
    expect(fields[RECORD_FIELDS.body]).toBe("BSC");
    const read = approvalsFromRecords([history(fields, BSC_ASSURER), history(fields, PARTICIPANT)], settings());
    expect(read.byParticipantRole.get("ABCD-X")?.entryItems).toEqual([
      expect.objectContaining({ itemId: "TEST-DATA", status: "accepted", body: "BSC", window: "tranche-1" }),
    ]);
    expect(read.problems.map((p) => p.evidence)).toEqual(["unvouched"]);
  });

  it("does not count an acceptance that names no body, whoever wrote it", () => {
    const { body: _none, ...claim } = decision;
    const fields = recordFields("entry", claim);
    const read = approvalsFromRecords([history(fields, PARTICIPANT), history(fields, BSC_ASSURER)], settings());
    expect(read.byParticipantRole.size).toBe(0);
    expect(read.problems.map((p) => p.message.replace(/#\d+/, "#n"))).toEqual([
      "Record #n does not count: it accepted an entry item without naming the Code Body that decided.",
      "Record #n does not count: it accepted an entry item without naming the Code Body that decided.",
    ]);
  });
});
