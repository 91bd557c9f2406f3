import { AdoSource, checkSubmissions } from "../../src/ado/assessment-run";
import { SnapshotResult } from "../../src/ado/store-types";
import { ReportSubmission, emptyApprovals } from "../../src/core/approvals";
import { PARTICIPANT_ROLE, WINDOW, reportFixture } from "../support/fixtures";

/** A submission meets E5 only with its report stored, unchanged, for its participant-role, window and verdict. */

const { report } = reportFixture();

function sourceWith(snapshots: Record<string, SnapshotResult>): AdoSource {
  return {
    store: { getSnapshot: async (sha256: string) => snapshots[sha256] ?? { kind: "missing", sha256 } },
  } as unknown as AdoSource;
}

const submission = (sha: string, overrides: Partial<ReportSubmission> = {}): ReportSubmission => ({
  participantRole: PARTICIPANT_ROLE,
  window: WINDOW,
  sha256: sha.repeat(64),
  verdictAtSubmission: report.verdict.code,
  submittedBy: { id: "u", displayName: "Bea Assurer" },
  submittedAt: "2025-06-01T12:00:00Z",
  ...overrides,
});

describe("checking submissions against their stored reports", () => {
  it("keeps a submission whose report is stored, and says why each other one does not count", async () => {
    const approvals = {
      ...emptyApprovals(),
      submissions: [
        submission("a"),
        submission("b"),
        submission("c"),
        submission("d", { window: "tranche-2" }),
        submission("e", { verdictAtSubmission: "exit-criteria-met" }),
      ],
    };
    const ok = (sha: string): SnapshotResult => ({ kind: "ok", sha256: sha.repeat(64), report });
    const checked = await checkSubmissions(
      sourceWith({
        ["a".repeat(64)]: ok("a"),
        ["c".repeat(64)]: { kind: "tampered", sha256: "c".repeat(64), message: "changed" },
        ["d".repeat(64)]: ok("d"),
        ["e".repeat(64)]: ok("e"),
      }),
      approvals,
    );
    expect(checked.approvals.submissions.map((s) => s.sha256[0])).toEqual(["a"]);
    expect(checked.problems.map((p) => p.replace(/report (\w)\1+…/, "report $1…"))).toEqual([
      `The submission of report b… for ${PARTICIPANT_ROLE} does not count: no report is stored under its SHA-256.`,
      `The submission of report c… for ${PARTICIPANT_ROLE} does not count: the stored report was changed after it was stored.`,
      `The submission of report d… for ${PARTICIPANT_ROLE} does not count: the stored report is another participant-role's or window's.`,
      `The submission of report e… for ${PARTICIPANT_ROLE} does not count: the stored report shows ${report.verdict.code}, not the exit-criteria-met the submission claims.`,
    ]);
  });

  it("reads nothing when there is no submission", async () => {
    const source = { store: { getSnapshot: () => Promise.reject(new Error("not asked")) } } as unknown as AdoSource;
    await expect(checkSubmissions(source, emptyApprovals())).resolves.toEqual({
      approvals: emptyApprovals(),
      problems: [],
    });
  });
});
