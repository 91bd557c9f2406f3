import { recordSignOff, recordSubmission } from "../../src/core/approvals";
import { assess } from "../../src/core/assess";
import { QAD_CSV_COLUMNS, buildQad, qadCsv, qadHtml, qadJson } from "../../src/core/qad";
import { NOW, PARTICIPANT, REC_ASSURER, approvals, facts, registryEntry, settings, unwrap } from "../support/builders";

const SHA = "f".repeat(64);

function returnedRole() {
  const s = settings(
    (x) => (x.registry = [registryEntry(), registryEntry({ mpid: "WXYZ", participantName: "=cmd|' /C calc'!A0" })]),
  );
  let a = unwrap(
    recordSubmission(
      approvals(),
      { participantRole: "ABCD-X", window: "tranche-1", sha256: SHA, verdictAtSubmission: "ready-to-submit" },
      PARTICIPANT,
      NOW,
    ),
  );
  a = unwrap(
    recordSignOff(
      a,
      s,
      {
        participantRole: "ABCD-X",
        window: "tranche-1",
        body: "REC",
        decision: "returned",
        reportSha256: SHA,
        note: "<script>alert(1)</script> run 3 evidence missing",
      },
      REC_ASSURER,
      NOW,
    ),
  );
  return [assess(facts(), s, a, NOW), assess({ ...facts(), participantRole: "WXYZ-X" }, s, a, NOW)];
}

describe("the QAD view of a window", () => {
  it("lists every participant-role furthest from qualified first, with its report, decisions and findings", () => {
    const doc = buildQad(returnedRole(), "QAD view: Tranche 1", NOW, "Bea Assurer");
    // Neither has its entry accepted: both are at Entry, and ABCD-X's submitted report is reopened.
    expect(doc.rows.map((r) => [r.participantRole, r.stage, r.reopened])).toEqual([
      ["ABCD-X", "entry", true],
      ["WXYZ-X", "entry", false],
    ]);
    expect(doc.rows[0]).toMatchObject({
      report: { sha256: SHA, submittedBy: "Pat Lead" },
      findings: ["REC: <script>alert(1)</script> run 3 evidence missing"],
      milestone: { id: "M14", date: "2026-03-16", warning: null },
    });
    expect(doc.stages.find((s) => s.stage === "entry")?.count).toBe(2);
    expect(JSON.parse(qadJson(doc))).toEqual(doc);
  });

  it("escapes what it renders: HTML text and CSV formulas", () => {
    const doc = buildQad(returnedRole(), "QAD view: <Tranche 1>", NOW);
    const html = qadHtml(doc);
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("<title>QAD view: &lt;Tranche 1&gt;</title>");
    expect(html).toContain("default-src 'none'");
    const csv = qadCsv(doc);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(QAD_CSV_COLUMNS.join(","));
    expect(lines).toHaveLength(doc.rows.length + 2);
    expect(csv).toContain(",'=cmd|' /C calc'!A0,");
  });
});
