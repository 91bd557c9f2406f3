import { emptyApprovals } from "../../../src/core/approvals";
import { assess } from "../../../src/core/assess";
import {
  buildCompletionReport,
  renderCsv,
  renderHtml,
  renderJson,
  renderMarkdown,
  reportHash,
} from "../../../src/core/report";
import {
  FIXTURE_GENERATED_AT,
  FIXTURE_NOW,
  fixtureFacts,
  fixtureSettings,
  reportFixture,
} from "../../support/fixtures";
import { parseCsv } from "./csv-parse";

const renderAll = (report: ReturnType<typeof buildCompletionReport>) => ({
  md: renderMarkdown(report),
  html: renderHtml(report),
  csv: renderCsv(report),
  json: renderJson(report),
});

describe("reports of unusual assessments", () => {
  it("renders a participant-role that is not registered: cannot assess, no window, nothing read", () => {
    const facts = { ...fixtureFacts(), participantRole: "WXYZ-S", points: [], defects: [], testCaseCount: 0 };
    const a = assess(facts, fixtureSettings(), emptyApprovals(), FIXTURE_NOW);
    const report = buildCompletionReport(a, emptyApprovals(), FIXTURE_GENERATED_AT);
    expect(report.verdict.code).toBe("cannot-assess");
    expect(report.scope.window).toBeNull();
    expect(report.scope.plans).toEqual([]);
    const out = renderAll(report);
    expect(out.md).toContain("The assessment is incomplete:");
    expect(out.md).toContain("WXYZ-S is not in the participant registry");
    expect(out.md).toContain("- **Window:** None");
    expect(out.html).toContain('<p class="empty">No test points were found in the participant-role&#39;s plans.</p>');
    expect(parseCsv(out.csv)).toHaveLength(1);
    expect(JSON.parse(out.json).sha256).toBe(reportHash(report));
  });

  it("renders a SIT-route participant-role with its SIT criteria and sign-offs", () => {
    const settings = fixtureSettings();
    settings.registry[0] = { ...settings.registry[0], route: "SIT", window: undefined };
    const a = assess(fixtureFacts(), settings, emptyApprovals(), FIXTURE_NOW);
    const report = buildCompletionReport(a, emptyApprovals(), FIXTURE_GENERATED_AT);
    expect(report.exitCriteria.map((c) => c.id)).toEqual(["S1", "S2"]);
    const { md } = renderAll(report);
    expect(md).toContain("- **Route:** System Integration Testing (SIT)");
    expect(md).toContain("### S2 Approval from every governing Code Body: Pending");
    expect(md).toContain("| REC | Pending |");
  });

  it("says when a window has closed", () => {
    const a = assess(fixtureFacts(), fixtureSettings(), emptyApprovals(), new Date("2025-10-02T09:00:00Z"));
    const report = buildCompletionReport(a, emptyApprovals(), FIXTURE_GENERATED_AT);
    expect(renderMarkdown(report)).toContain("- **Phase at assessment:** Closed 3 days ago");
  });

  it("shows an unsafe source address as text, never as a link", () => {
    const a = assess(fixtureFacts(), fixtureSettings(), emptyApprovals(), FIXTURE_NOW);
    const report = buildCompletionReport(a, emptyApprovals(), FIXTURE_GENERATED_AT, {
      source: "javascript:alert(document.cookie)",
    });
    const { md, html } = renderAll(report);
    expect(md).toContain("- **Source:** javascript:alert(document.cookie)");
    expect(html).toContain("<td>javascript:alert(document.cookie)</td>");
    expect(html).not.toContain('href="javascript');
  });
});

describe("reports of incomplete reads", () => {
  const incomplete = (part: "points" | "defects") => {
    const facts = fixtureFacts();
    const a = assess(
      { ...facts, completeness: { ...facts.completeness, [part]: { complete: false, reason: "HTTP 503" } } },
      fixtureSettings(),
      emptyApprovals(),
      FIXTURE_NOW,
    );
    return buildCompletionReport(a, emptyApprovals(), FIXTURE_GENERATED_AT);
  };

  it("says the execution figures were not counted instead of giving zeros", () => {
    const report = incomplete("points");
    expect(report.counted).toEqual({ points: false, defects: true });
    const out = renderAll(report);
    expect(out.md).toContain(
      "**Not counted:** the test points were not read completely, so no execution figure is given.",
    );
    expect(out.md).not.toContain("Planned test points");
    expect(out.html).toContain("the test points were not read completely");
    expect(out.md).toContain("Defects by severity");
  });

  it("says the defects were not counted instead of listing none outstanding", () => {
    const report = incomplete("defects");
    expect(report.counted).toEqual({ points: true, defects: false });
    const out = renderAll(report);
    expect(out.md).toContain("the defects were not read completely, so no defect is counted or listed as outstanding");
    expect(out.md).not.toContain("No defects are outstanding.");
    expect(out.md).toContain("Planned test points");
  });

  it("renders a report stored before it said what was counted as it always did", () => {
    const { counted: _dropped, ...stored } = incomplete("points");
    expect(renderMarkdown(stored)).toContain("Planned test points");
  });

  it("names test points by test case and configuration, linking the test case and the latest run", () => {
    const { report } = reportFixture();
    const md = renderMarkdown(report);
    // A reason's items: the test case title and configuration, linking to the point, with its id after.
    expect(md).toMatch(/\[Recover from a DIP outage · UIT\]\([^)]*pointId=1013\) \(point 1013\)/);
    expect(md).not.toMatch(/\[Point \d+\]/);
    // The test case cell links to the test case; the annex gives the latest run, linking to its result.
    expect(md).toContain(
      "[41013: Recover from a DIP outage \\[UIT\\]](https://dev.azure.com/contoso/MHHS/_workitems/edit/41013)",
    );
    expect(md).toMatch(/\[Run 1913\]\([^)]*runId=1913[^)]*\)/);
    expect(md).toContain("| Not run |");
  });

  it("renders a report stored before points carried configurations and runs as it did", () => {
    const { report } = reportFixture();
    // Everywhere they appear (annex, deviations, reasons, risks): drop what older reports did not carry.
    const dropped = new Set(["testCaseUrl", "lastRunId", "runUrl"]);
    const stored = JSON.parse(
      JSON.stringify(report, (key, value: unknown) =>
        dropped.has(key) && key !== "configurationName" ? undefined : value,
      ),
    ) as typeof report;
    const stripRefs = (o: unknown): void => {
      if (Array.isArray(o)) o.forEach(stripRefs);
      else if (o && typeof o === "object") {
        const rec = o as Record<string, unknown>;
        if (rec.kind === "test-point") delete rec.configurationName;
        Object.values(rec).forEach(stripRefs);
      }
    };
    stripRefs(stored);
    const md = renderMarkdown(stored);
    expect(md).toContain("(point 1013)");
    expect(md).not.toContain("Run 1913");
    expect(md).not.toContain("_workitems/edit/41013");
  });
});
