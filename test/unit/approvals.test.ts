import {
  Approvals,
  EntryItemInput,
  recordEntryItem,
  recordMitigationAgreement,
  recordSignOff,
  recordSubmission,
  recordWaiver,
  revokeWaiver,
  normaliseText,
} from "../../src/core/approvals";
import { AUDIT_GENESIS_HASH, verifyAudit } from "../../src/core/audit";
import { BSC_ASSURER, NOW, PARTICIPANT, REC_ASSURER, approvals, settings, unwrap } from "../support/builders";

const waiverInput = {
  participantRole: "ABCD-X",
  window: "tranche-1",
  pointId: 1,
  testCaseId: 2,
  outcome: "failed",
  kind: "waiver" as const,
  reason: "Known environment limitation",
  body: "BSC",
};

describe("approvals", () => {
  it("records a waiver with an audit entry", () => {
    const next = unwrap(recordWaiver(approvals(), settings(), waiverInput, BSC_ASSURER, NOW));
    expect(next.waivers).toEqual([
      expect.objectContaining({
        pointId: 1,
        outcomeAtApproval: "failed",
        approvedBy: BSC_ASSURER,
        approvedAt: NOW.toISOString(),
      }),
    ]);
    expect(next.audit).toHaveLength(1);
    expect(next.audit[0]).toMatchObject({
      seq: 1,
      action: "waiver.recorded",
      prevHash: AUDIT_GENESIS_HASH,
      by: BSC_ASSURER,
    });
  });

  it("refuses approvals from someone who is not an assurer of that body", () => {
    expect(recordWaiver(approvals(), settings(), waiverInput, PARTICIPANT, NOW)).toEqual({
      ok: false,
      errors: ["Pat Lead is not listed as a BSC assurer in settings, so cannot record BSC approvals."],
    });
    expect(recordWaiver(approvals(), settings(), waiverInput, REC_ASSURER, NOW).ok).toBe(false);
  });

  it("requires a reason", () => {
    expect(recordWaiver(approvals(), settings(), { ...waiverInput, reason: "  " }, BSC_ASSURER, NOW)).toEqual({
      ok: false,
      errors: ["A reason is required."],
    });
  });

  it("revokes only a current waiver", () => {
    const s = settings();
    const waived = unwrap(recordWaiver(approvals(), s, waiverInput, BSC_ASSURER, NOW));
    const revoked = unwrap(
      revokeWaiver(
        waived,
        s,
        { participantRole: "ABCD-X", window: "tranche-1", pointId: 1, approvedAt: NOW.toISOString(), reason: "Fixed" },
        BSC_ASSURER,
        NOW,
      ),
    );
    expect(revoked.waivers[0].revoked).toEqual({ by: BSC_ASSURER, at: NOW.toISOString(), reason: "Fixed" });
    expect(
      revokeWaiver(
        revoked,
        s,
        { participantRole: "ABCD-X", window: "tranche-1", pointId: 1, approvedAt: NOW.toISOString(), reason: "again" },
        BSC_ASSURER,
        NOW,
      ).ok,
    ).toBe(false);
    expect(waived.waivers[0].revoked).toBeUndefined(); // the input is never mutated
  });

  it("revokes only the waiver the assurer saw, not one recorded since", () => {
    const s = settings();
    const first = unwrap(recordWaiver(approvals(), s, waiverInput, BSC_ASSURER, NOW));
    const later = new Date(NOW.getTime() + 60_000);
    // Someone records a fresh waiver for the point; a revoke meant for the first, re-applied after a write
    // conflict, must not take the new one down with it.
    const replaced = unwrap(recordWaiver(first, s, { ...waiverInput, reason: "Re-run" }, BSC_ASSURER, later));
    const target = { participantRole: "ABCD-X", window: "tranche-1", pointId: 1, reason: "Withdrawn" };
    const stale = revokeWaiver(replaced, s, { ...target, approvedAt: NOW.toISOString() }, BSC_ASSURER, later);
    expect(stale.ok).toBe(false);
    expect(stale.ok ? "" : stale.errors[0]).toMatch(/was replaced by .* since you looked at it: nothing was revoked/);
    const meant = revokeWaiver(replaced, s, { ...target, approvedAt: later.toISOString() }, BSC_ASSURER, later);
    expect(meant.ok).toBe(true);
  });

  it("agrees a mitigation only when there is an impact and a plan to agree", () => {
    const input = {
      participantRole: "ABCD-X",
      defectId: 7,
      severity: "3 - Medium",
      impact: "",
      mitigation: "Workaround",
      body: "REC",
    };
    expect(recordMitigationAgreement(approvals(), settings(), input, REC_ASSURER, NOW)).toEqual({
      ok: false,
      errors: ["The defect has no impact assessment yet: there is nothing to agree."],
    });
    const agreed = unwrap(
      recordMitigationAgreement(
        approvals(),
        settings(),
        { ...input, impact: "<div>Low&nbsp;impact</div>" },
        REC_ASSURER,
        NOW,
      ),
    );
    expect(agreed.mitigationAgreements[0].agreed).toEqual({
      severity: "3 - Medium",
      impact: "Low impact",
      mitigation: "Workaround",
    });
  });

  it("lets participants submit entry evidence but only assurers accept it", () => {
    const s = settings();
    const entry = (base: Approvals, input: Partial<EntryItemInput>, body: string | undefined, by: typeof PARTICIPANT) =>
      recordEntryItem(
        base,
        s,
        { participantRole: "ABCD-X", itemId: "DEL1049", status: "accepted", ...input },
        body,
        by,
        NOW,
      );
    const submitted = unwrap(
      entry(approvals(), { status: "submitted", evidenceUrl: "https://x.example/d" }, undefined, PARTICIPANT),
    );
    expect(submitted.entryItems).toHaveLength(1);
    expect(entry(submitted, {}, undefined, PARTICIPANT).ok).toBe(false);
    expect(entry(submitted, {}, "BSC", PARTICIPANT).ok).toBe(false);
    expect(entry(submitted, {}, "BSC", BSC_ASSURER).ok).toBe(true);
    expect(
      entry(submitted, { status: "submitted", evidenceUrl: "javascript:alert(1)" }, undefined, PARTICIPANT),
    ).toEqual({
      ok: false,
      errors: ['The evidence link must be an http(s) address; "javascript:alert(1)" is not.'],
    });
  });

  it("records sign-offs and submissions, refusing a malformed hash", () => {
    const signed = unwrap(
      recordSignOff(
        approvals(),
        settings(),
        { participantRole: "ABCD-X", window: "tranche-1", body: "BSC", decision: "approved" },
        BSC_ASSURER,
        NOW,
      ),
    );
    expect(signed.signOffs).toHaveLength(1);
    expect(
      recordSubmission(
        signed,
        { participantRole: "ABCD-X", window: "tranche-1", sha256: "abc", verdictAtSubmission: "ready-to-submit" },
        PARTICIPANT,
        NOW,
      ).ok,
    ).toBe(false);
    const submitted = unwrap(
      recordSubmission(
        signed,
        {
          participantRole: "ABCD-X",
          window: "tranche-1",
          sha256: "a".repeat(64),
          verdictAtSubmission: "ready-to-submit",
        },
        PARTICIPANT,
        NOW,
      ),
    );
    expect(submitted.audit.map((e) => e.seq)).toEqual([1, 2]);
    expect(verifyAudit(submitted.audit)).toBeUndefined();
  });

  it("normalises text for comparison", () => {
    expect(normaliseText("  a \n b  ")).toBe("a b");
    expect(normaliseText(null)).toBe("");
    expect(normaliseText(3)).toBe("3");
  });
});

describe("audit log", () => {
  function log() {
    const s = settings();
    let a = approvals();
    for (let i = 1; i <= 3; i++) a = unwrap(recordWaiver(a, s, { ...waiverInput, pointId: i }, BSC_ASSURER, NOW));
    return a.audit;
  }

  it("verifies an intact chain", () => {
    expect(verifyAudit(log())).toBeUndefined();
    expect(verifyAudit([])).toBeUndefined();
  });

  it("detects an edited entry", () => {
    const l = log();
    l[1] = { ...l[1], detail: "something else" };
    expect(verifyAudit(l)).toBe("audit entry 2 was changed after it was written");
  });

  it("detects a removed or reordered entry", () => {
    const l = log();
    expect(verifyAudit([l[0], l[2]])).toBe("audit entry 2 has sequence number 3: an entry is missing or moved");
    expect(verifyAudit([l[1], l[0]])).toMatch(/sequence number/);
  });

  it("detects a rewritten chain link", () => {
    const l = log();
    l[2] = { ...l[2], prevHash: AUDIT_GENESIS_HASH };
    expect(verifyAudit(l)).toBe("audit entry 3 does not follow entry 2");
  });
});
