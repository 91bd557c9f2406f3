import { JSDOM } from "jsdom";
import {
  CSV_COLUMNS,
  TrendOutcome,
  buildCompletionReport,
  renderCsv,
  renderHtml,
  renderJson,
  renderMarkdown,
  reportHash,
} from "../../../src/core/report";
import { Assessment } from "../../../src/core/assessment";
import { forecastExecution } from "../../../src/core/forecast";
import { Trend, buildBurnDown, buildBurnUp, daysOf, executionHistory } from "../../../src/core/trend";
import { parseCsv } from "./csv-parse";
import { FIXTURE_GENERATED_AT, reportFixture } from "../../support/fixtures";

/**
 * The completion report's trend section: "not read" without the trend (and the report's hash as it was), "cannot be
 * shown" with the reason when a read or a part failed, and the trend itself in every rendering: charts in HTML only,
 * weekly tables in Markdown and HTML, every day in CSV and JSON, escaped for each.
 */
const { assessment, approvals, report: without } = reportFixture();

const HOSTILE = `</title><script>alert(1)</script> | *pipe* & "q"`;

const range = { from: "2025-05-01", to: "2025-06-01" };
const dates = daysOf(range);

/** 40 points planned; 1 more executed each day (30 passed on the last), 2 waived since 20 May; defects falling. */
function sampleTrend(participantRole: string): Trend {
  const burnUp = buildBurnUp(
    dates.flatMap((date, i) => [
      { date, outcome: "Passed", count: Math.min(i, 30) },
      { date, outcome: "Failed", count: Math.max(0, i - 30) },
      { date, outcome: "None", count: 40 - i },
    ]),
    range,
    ["2025-05-20", "2025-05-20"],
  );
  const burnDown = buildBurnDown(
    dates.flatMap((date, i) => [
      { date, workItemType: "Bug", state: "Active", severity: "1 - Critical", count: i < 25 ? 1 : 0 },
      { date, workItemType: "Bug", state: "Active", severity: "3 - Medium", count: 10 - Math.floor(i / 4) },
      { date, workItemType: "Bug", state: "Weird", severity: "9", count: 1 },
    ]),
    range,
    {
      severity: (raw) => (raw === "1 - Critical" ? 1 : raw === "3 - Medium" ? 3 : "unclassified"),
      outstanding: ({ state }) => ({ outstanding: true, known: state !== "Weird" }),
    },
  );
  return {
    participantRole,
    today: "2025-06-01",
    executionEnd: "2025-06-20",
    range,
    burnUp: { ok: true, value: burnUp },
    burnDown: { ok: true, value: burnDown },
    forecast: forecastExecution(executionHistory(burnUp), "2025-06-20", "2025-06-01"),
    differences: ["Analytics counts 40 planned on 2025-06-01; the live read counts 41."],
  };
}

const build = (trend?: TrendOutcome, a: Assessment = assessment) =>
  buildCompletionReport(a, approvals, FIXTURE_GENERATED_AT, {
    generatedBy: "Bea Assurer",
    source: without.source ?? undefined,
    trend,
  });

const read = build({ kind: "read", trend: sampleTrend(assessment.participantRole) });

describe("the completion report's trend section", () => {
  it("is absent from a report made without the trend, which says it was not read and hashes as before", () => {
    const plain = build();
    expect(plain.trend).toBeUndefined();
    expect(reportHash(plain)).toBe(reportHash(without));
    expect(renderMarkdown(plain)).toContain(
      "## 11. Trend and forecast\n\n**Not read:** this report was made without the trend (execution burn-up, defect burn-down and forecast).",
    );
    expect(renderHtml(plain)).not.toContain("<svg");
    expect(renderCsv(plain)).not.toMatch(/\r\ntrend-day,/);
  });

  it("comes after the traceability section and before the annexes", () => {
    const md = renderMarkdown(read);
    const at = (s: string) => md.indexOf(s);
    expect(at("## 10. Requirement traceability (RTTM)")).toBeLessThan(at("## 11. Trend and forecast"));
    expect(at("## 11. Trend and forecast")).toBeLessThan(at("## Annex"));
  });

  it("says why when the trend could not be read at all, and writes no day", () => {
    const failed = build({ kind: "cannot-assess", reason: `The Analytics read failed: ${HOSTILE}` });
    expect(failed.trend).toMatchObject({ status: "cannot-assess", range: null, forecast: null, differences: [] });
    expect(failed.trend?.burnUp).toEqual({
      status: "cannot-assess",
      reason: `The Analytics read failed: ${HOSTILE}`,
      days: [],
      unrecognisedOutcomes: [],
    });
    const md = renderMarkdown(failed);
    expect(md).toContain("## 11. Trend and forecast\n\n**Cannot be shown:** The Analytics read failed: ");
    expect(md).not.toContain("<script>");
    expect(md).toContain("&lt;script&gt;");
    const html = renderHtml(failed);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<svg");
    expect(new JSDOM(html).window.document.getElementById("trend")?.parentElement?.textContent).toContain(
      `The Analytics read failed: ${HOSTILE}`,
    );
    expect(renderCsv(failed)).not.toMatch(/\r\ntrend-day,/);
  });

  it("says why a part could not be read, and still shows the other", () => {
    const trend = sampleTrend(assessment.participantRole);
    const report = build({
      kind: "read",
      trend: { ...trend, burnDown: { ok: false, reason: `Analytics refused the read: ${HOSTILE}` } },
    });
    expect(report.trend?.burnDown).toMatchObject({ status: "cannot-assess", days: [] });
    const md = renderMarkdown(report);
    expect(md).toMatch(/### Defect burn-down\n\n\*\*Cannot be shown:\*\* Analytics refused the read: /);
    expect(md).toContain("| Date | Planned | Executed | Passed | Waived | Executed % |");
    const html = renderHtml(report);
    expect(html.match(/<svg /g)).toHaveLength(1);
    const rows = parseCsv(renderCsv(report));
    const header = rows[0];
    const days = rows.filter((r) => r[0] === "trend-day");
    expect(days).toHaveLength(dates.length);
    // The burn-down was not read: its columns are empty, never a 0.
    expect(days.every((r) => r[header.indexOf("outstanding_total")] === "")).toBe(true);
    expect(days.at(-1)?.[header.indexOf("executed")]).toBe("31");
  });

  it("draws the burn-up and the burn-down as inline SVG charts in the HTML, in figures with captions", () => {
    const html = renderHtml(read);
    expect(html.match(/<svg [^>]*role="img"/g)).toHaveLength(2);
    const doc = new JSDOM(html).window.document;
    const figures = [...doc.querySelectorAll("section[aria-labelledby=trend] figure.chart")];
    expect(figures).toHaveLength(2);
    for (const f of figures) {
      expect(f.querySelector("svg")?.getAttribute("role")).toBe("img");
      expect(f.querySelector("figcaption")?.textContent).toMatch(/^(Execution burn-up|Defect burn-down): /);
    }
    expect(figures.map((f) => f.querySelector("svg title")?.textContent)).toEqual([
      "Execution burn-up of ABCD-X",
      "Defect burn-down of ABCD-X",
    ]);
    // Loads nothing and runs nothing: the page's CSP still holds.
    expect(doc.querySelectorAll("script, link, img, iframe, object, embed, foreignObject, image, use")).toHaveLength(0);
    const refs = [...doc.querySelectorAll("*")].flatMap((e) =>
      [...e.attributes].filter((a) => /^on|href$/i.test(a.name) && !/^https?:\/\//.test(a.value)).map((a) => a.name),
    );
    expect(refs).toEqual([]);
    expect(html).not.toMatch(/url\((?!#)/);
    const ids = [...doc.querySelectorAll("[id]")].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    // The weekly tables are there too: the accessible alternative, and what prints.
    expect(doc.querySelectorAll('section[aria-labelledby=trend] div.table-wrap[role="region"] table')).toHaveLength(2);
  });

  it("gives the forecast in words with its rule, weekly tables, and the differences, in the Markdown (no SVG)", () => {
    const md = renderMarkdown(read);
    expect(md).not.toMatch(/<svg|<figure/);
    const f = read.trend!.forecast!;
    expect(md).toContain(`Forecast: **${f.label}**. ${f.summary}`);
    expect(md).toContain("Rule: At the pace of the last 14 days");
    expect(md).toContain("| Date | Planned | Executed | Passed | Waived | Executed % |");
    expect(md).toContain("| Date | Sev1 | Sev2 | Sev3 | Sev4 | Sev5 | Unclassified | Total |");
    // Weekly: the first day, each Monday (5, 12, 19 and 26 May 2025) and the last day.
    for (const d of ["2025-05-01", "2025-05-05", "2025-05-12", "2025-05-19", "2025-05-26", "2025-06-01"])
      expect(md).toMatch(new RegExp(`^\\| ${d} \\|`, "m"));
    expect(md).not.toMatch(/^\| 2025-05-02 \|/m);
    expect(md).toMatch(/^\| 2025-06-01 \| 40 \| 31 \| 30 \| 2 \| 77\.5% \|$/m);
    expect(md).toContain("States no rule knows, counted as outstanding: Bug: Weird.");
    expect(md).toContain("- Analytics counts 40 planned on 2025-06-01; the live read counts 41.");
  });

  it("writes every day as a trend-day CSV row, in the new columns at the end", () => {
    expect(CSV_COLUMNS.slice(-13)).toEqual([
      "report_sha256",
      "date",
      "planned",
      "executed",
      "passed",
      "waived",
      "outstanding_sev1",
      "outstanding_sev2",
      "outstanding_sev3",
      "outstanding_sev4",
      "outstanding_sev5",
      "outstanding_unclassified",
      "outstanding_total",
    ]);
    const rows = parseCsv(renderCsv(read));
    const header = rows[0];
    const days = rows.filter((r) => r[0] === "trend-day");
    expect(days.map((r) => r[header.indexOf("date")])).toEqual(dates);
    const last = Object.fromEntries(header.map((h, i) => [h, days.at(-1)![i]]));
    expect(last).toMatchObject({
      participant_role: "ABCD-X",
      report_sha256: reportHash(read),
      planned: "40",
      executed: "31",
      passed: "30",
      waived: "2",
      outstanding_sev1: "0",
      outstanding_sev3: "3",
      outstanding_unclassified: "1",
      outstanding_total: "4",
      id: "",
      title: "",
    });
    expect(rows.every((r) => r.length === header.length)).toBe(true);
  });

  it("carries every day in the JSON, as plain data with nulls, and changes the hash", () => {
    const doc = JSON.parse(renderJson(read)) as { sha256: string; report: typeof read };
    expect(doc.report).toEqual(read);
    expect(doc.sha256).toBe(reportHash(read));
    expect(reportHash(read)).not.toBe(reportHash(without));
    const t = doc.report.trend!;
    expect(t).toMatchObject({
      status: "read",
      reason: null,
      today: "2025-06-01",
      executionEnd: "2025-06-20",
      range,
      differences: ["Analytics counts 40 planned on 2025-06-01; the live read counts 41."],
    });
    expect(t.burnUp.days).toHaveLength(dates.length);
    expect(t.burnDown.days).toHaveLength(dates.length);
    expect(t.burnDown.unknownStates).toEqual(["Bug: Weird"]);
    expect(t.forecast).toMatchObject({
      status: expect.any(String),
      label: expect.any(String),
      rule: expect.any(String),
    });
    expect(JSON.stringify(doc.report)).not.toContain("undefined");
    const noForecast = build({ kind: "read", trend: { ...sampleTrend("ABCD-X"), forecast: undefined } });
    expect(noForecast.trend?.forecast).toBeNull();
    expect(renderMarkdown(noForecast)).toContain("**Forecast:** none, as the burn-up it is made from was not read.");
  });

  it("escapes a hostile participant-role in the charts, the HTML and the Markdown", () => {
    const hostile = build({ kind: "read", trend: sampleTrend(HOSTILE) }, { ...assessment, participantRole: HOSTILE });
    const html = renderHtml(hostile);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    const doc = new JSDOM(html).window.document;
    expect(doc.querySelectorAll("script")).toHaveLength(0);
    expect([...doc.querySelectorAll("figure svg title")].map((t) => t.textContent)).toEqual([
      `Execution burn-up of ${HOSTILE}`,
      `Defect burn-down of ${HOSTILE}`,
    ]);
    const md = renderMarkdown(hostile);
    expect(md).not.toContain("<script>");
  });

  it("renders the same bytes for the same inputs", () => {
    const again = build({ kind: "read", trend: sampleTrend(assessment.participantRole) });
    expect(renderHtml(again)).toBe(renderHtml(read));
    expect(renderCsv(again)).toBe(renderCsv(read));
  });
});
