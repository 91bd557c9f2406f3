import {
  buildCompletionReport,
  renderCsv,
  renderHtml,
  renderJson,
  renderMarkdown,
  reportHash,
} from "../../../src/core/report";
import { TraceabilityOutcome, buildTraceability } from "../../../src/core/traceability";
import { FIXTURE_GENERATED_AT, reportFixture } from "../../support/fixtures";

/**
 * The completion report's RTTM section: "not read" without the matrix (and the report's hash as it was), "cannot be
 * shown" with the reason when its read failed, and the matrix itself in every rendering, escaped for each.
 */
const { assessment, approvals, report: without } = reportFixture();

const traceability = buildTraceability({
  requirements: [
    { id: 10, title: "Register <script>alert(1)</script> | pipe", workItemType: "Requirement", state: "Active" },
    { id: 11, title: '=HYPERLINK("http://evil")', workItemType: "Requirement", state: "Proposed" },
  ],
  testedBy: new Map([[10, [100]]]),
  suiteCases: new Map(),
  points: [
    {
      pointId: 1000,
      testCaseId: 100,
      testCaseTitle: "Case *one*",
      configurationName: "UIT",
      status: "failed",
      outcome: "failed",
    },
    {
      pointId: 1001,
      testCaseId: 101,
      testCaseTitle: "+cmd",
      configurationName: "UIT",
      status: "passed",
      outcome: "passed",
    },
  ],
  defects: [{ id: 500, title: "Rejected <b>file</b>", severityLabel: "Sev2", outstanding: true, linkedIds: [100] }],
  workItemUrl: "https://dev.azure.com/contoso/MHHS/_workitems/edit/",
});

const build = (outcome?: TraceabilityOutcome) =>
  buildCompletionReport(assessment, approvals, new Date(FIXTURE_GENERATED_AT), {
    generatedBy: "Bea Assurer",
    source: without.source ?? undefined,
    traceability: outcome,
  });

describe("the completion report's traceability section", () => {
  it("is absent from a report made without the matrix, which says it was not read and hashes as before", () => {
    const plain = build();
    expect(plain.traceability).toBeUndefined();
    expect(reportHash(plain)).toBe(reportHash(without));
    expect(renderMarkdown(plain)).toContain(
      "## 10. Requirement traceability (RTTM)\n\n**Not read:** this report was made without the requirement traceability matrix.",
    );
  });

  it("says why when the matrix could not be read, and shows no partial one", () => {
    const failed = build({ kind: "cannot-assess", reason: "POST wit/workitemsbatch failed: HTTP 500" });
    expect(failed.traceability).toMatchObject({ status: "cannot-assess", requirements: [], untracedTests: [] });
    expect(renderMarkdown(failed)).toContain("**Cannot be shown:** POST wit/workitemsbatch failed: HTTP 500");
    expect(renderCsv(failed)).not.toMatch(/\r\nrequirement,/);
  });

  it("carries the matrix in the JSON, as plain data, and changes the hash", () => {
    const read = build({ kind: "read", traceability, source: "scope" });
    const doc = JSON.parse(renderJson(read)) as { report: { traceability: unknown } };
    expect(doc.report.traceability).toMatchObject({
      status: "read",
      reason: null,
      source: "scope",
      counts: { requirements: 2, failing: 1, "no-test": 1, untracedTests: 1 },
      requirements: [
        {
          id: 10,
          url: "https://dev.azure.com/contoso/MHHS/_workitems/edit/10",
          cases: [{ testCaseId: 100, via: ["tested-by"], results: [{ pointId: 1000, status: "failed" }] }],
          openDefects: [
            { id: 500, severityLabel: "Sev2", url: "https://dev.azure.com/contoso/MHHS/_workitems/edit/500" },
          ],
        },
        { id: 11, status: "no-test", cases: [] },
      ],
      untracedTests: [{ testCaseId: 101, pointIds: [1001] }],
    });
    expect(reportHash(read)).not.toBe(reportHash(without));
  });

  it("escapes every value in Markdown and HTML", () => {
    const read = build({ kind: "read", traceability, source: "links" });
    const md = renderMarkdown(read);
    expect(md).toContain("those its test cases are Tested By and its requirement-based suites are for");
    expect(md).not.toContain("<script>");
    expect(md).toMatch(
      /\[10: Register &lt;script&gt;alert\(1\)&lt;\/script&gt; \\\| pipe\]\(https:\/\/dev\.azure\.com/,
    );
    expect(md).toContain("100 \\[UIT\\]: failed");
    const html = renderHtml(read);
    expect(html).not.toMatch(/<script>alert/);
    expect(html).toContain("Register &lt;script&gt;alert(1)&lt;/script&gt; | pipe");
    expect(html).toContain("Rejected &lt;b&gt;file&lt;/b&gt;");
    expect(html).toContain('<h2 id="traceability">10. Requirement traceability (RTTM)</h2>');
  });

  it("adds requirement and untraced-test records to the CSV, formulas defused", () => {
    const csv = renderCsv(build({ kind: "read", traceability, source: "scope" }));
    const lines = csv.split("\r\n");
    const requirement = lines.filter((l) => l.startsWith("requirement,"));
    expect(requirement).toHaveLength(2);
    expect(requirement[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(requirement[0]).toMatch(/,failing,/);
    const untraced = lines.filter((l) => l.startsWith("untraced-test,"));
    expect(untraced).toHaveLength(1);
    expect(untraced[0]).toContain(",'+cmd,");
  });
});
