/**
 * `qt-assure trend`: the burn-up, burn-down and forecast from the sandbox's Analytics, as text and JSON, whose last
 * day is the live read's; a part that cannot be read is said, with exit code 2, never printed as zeros. And
 * `report --trend`: the same trend in the completion report's section 11.
 */
import { WORK_ONLY_PAT } from "../../sandbox/generator/tokens";
import { Trend } from "../../src/core/trend";
import { runCliCaptured } from "./support/run-cli";
import { useRemoteSandbox } from "./support/remote-sandbox";

const at = useRemoteSandbox("cli-trend");

describe("qt-assure trend", () => {
  it("prints the forecast with its rule, weekly burn-up and burn-down tables, ending on the live counts", async () => {
    const trend = await runCliCaptured(["trend", "--participant", "holl-x", ...at.remote], at.env);
    expect(trend.stderr).toBe("");
    expect(trend.code).toBe(0);
    expect(trend.stdout).toMatch(/^HOLL-X: trend to 2025-06-01\n/);
    expect(trend.stdout).toMatch(/Forecast: (On track|At risk|Will miss|Not enough history|Finished|Window closed)\./);
    expect(trend.stdout).toContain("Rule: At the pace of the last 14 days");
    expect(trend.stdout).toContain("Execution burn-up (test points at the end of each day)");
    expect(trend.stdout).toContain("Defect burn-down (outstanding defects at the end of each day, by QT severity)");
    expect(trend.stdout).not.toContain("differ");

    const assess = await runCliCaptured(
      ["assess", "--participant", "HOLL-X", "--format", "json", ...at.remote],
      at.env,
    );
    const coverage = (JSON.parse(assess.stdout) as { assessment: { counts: Record<string, number> } }).assessment
      .counts;
    const last = trend.stdout
      .split("\n")
      .find((l) => l.startsWith("2025-06-01 "))!
      .trim()
      .split(/\s+/);
    expect(last.slice(1, 4).map(Number)).toEqual([coverage.planned, coverage.executed, coverage.passed]);
  });

  it("gives every day as JSON", async () => {
    const r = await runCliCaptured(["trend", "--participant", "HOLL-X", "--format", "json", ...at.remote], at.env);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { format: string; formatVersion: number; trend: Trend };
    expect(doc.format).toBe("qt-assurance/trend");
    expect(doc.trend.burnUp.ok && doc.trend.burnDown.ok).toBe(true);
    if (!doc.trend.burnUp.ok || !doc.trend.range) throw new Error("no burn-up");
    const days = doc.trend.burnUp.value.days;
    expect(days[0].date).toBe(doc.trend.range.from);
    expect(days.at(-1)?.date).toBe(doc.trend.range.to);
    expect(days.every((d, i) => i === 0 || Date.parse(d.date) - Date.parse(days[i - 1].date) === 86_400_000)).toBe(
      true,
    );
  });

  it("exits 2 and says why when Analytics refuses the token", async () => {
    // The work-only token cannot read the test plans either: the whole command cannot assess.
    const r = await runCliCaptured(["trend", "--participant", "HOLL-X", ...at.remote], {
      AZURE_DEVOPS_EXT_PAT: WORK_ONLY_PAT,
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
  });

  it("puts the trend in the completion report with --trend: charts in HTML, ending on the assessment's counts", async () => {
    const html = await runCliCaptured(
      ["report", "--participant", "HOLL-X", "--trend", "--format", "html", ...at.remote],
      at.env,
    );
    expect(html.stderr).toBe("");
    expect(html.code).toBe(0);
    expect(html.stdout).toContain('<h2 id="trend">11. Trend and forecast</h2>');
    expect(html.stdout).toMatch(
      /<figure class="chart">\n<svg [^>]*role="img"[^>]*><title id="trend-burn-up-chart-title">Execution burn-up of HOLL-X<\/title>/,
    );
    expect(html.stdout).toContain('<title id="trend-burn-down-chart-title">Defect burn-down of HOLL-X</title>');
    expect(html.stdout).toContain("Rule: At the pace of the last 14 days");

    const assess = await runCliCaptured(
      ["assess", "--participant", "HOLL-X", "--format", "json", ...at.remote],
      at.env,
    );
    const counts = (JSON.parse(assess.stdout) as { assessment: { counts: Record<string, number> } }).assessment.counts;
    // The burn-up table's last row (today) counts as the assessment does.
    const table = html.stdout.slice(html.stdout.indexOf('aria-label="Execution burn-up'));
    const lastRow = table
      .slice(0, table.indexOf("</tbody>"))
      .split("\n")
      .filter((l) => l.startsWith("<tr>"))
      .at(-1)!;
    const cells = [...lastRow.matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map((m) => m[1]);
    expect(cells[0]).toBe("2025-06-01");
    expect(cells.slice(1, 4).map(Number)).toEqual([counts.planned, counts.executed, counts.passed]);

    const md = await runCliCaptured(["report", "--participant", "HOLL-X", "--trend", ...at.remote], at.env);
    expect(md.stdout).toMatch(/^## 11\. Trend and forecast$/m);
    expect(md.stdout).toMatch(/^\| Date \| Planned \| Executed \| Passed \| Waived \| Executed % \|$/m);
    expect(md.stdout).not.toContain("<svg");
    const csv = await runCliCaptured(
      ["report", "--participant", "HOLL-X", "--trend", "--format", "csv", ...at.remote],
      at.env,
    );
    expect(csv.stdout).toMatch(/\r\ntrend-day,HOLL-X,/);

    const without = await runCliCaptured(["report", "--participant", "HOLL-X", ...at.remote], at.env);
    expect(without.stdout).toContain(
      "**Not read:** this report was made without the trend (execution burn-up, defect burn-down and forecast).",
    );
  });

  it("still writes the report, saying why, when --trend cannot read Analytics", async () => {
    const analytics = (enabled: boolean) =>
      fetch(`${new URL(at.sandbox.orgUrl).origin}/_sandbox/analytics`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ analyticsEnabled: enabled }),
      });
    expect((await analytics(false)).status).toBe(200);
    try {
      const md = await runCliCaptured(["report", "--participant", "HOLL-X", "--trend", ...at.remote], at.env);
      expect(md.code).toBe(0);
      expect(md.stdout).toMatch(/### Execution burn-up\n\n\*\*Cannot be shown:\*\* Analytics is not available/);
      expect(md.stdout).toMatch(/### Defect burn-down\n\n\*\*Cannot be shown:\*\* Analytics is not available/);
      expect(md.stdout).toContain("**Forecast:** none, as the burn-up it is made from was not read.");
    } finally {
      await analytics(true);
    }
  });

  it("draws a window's burn-up from every participant-role of it together, ending on their summed counts", async () => {
    const r = await runCliCaptured(["trend", "--window", "tranche-1", "--format", "json", ...at.remote], at.env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { trend: Trend };
    expect(doc.trend.participantRole).toMatch(/^Tranche 1 \(\d+ participant-roles\)$/);
    if (!doc.trend.burnUp.ok) throw new Error(doc.trend.burnUp.reason);
    expect(doc.trend.burnDown).toEqual({
      ok: false,
      reason: "The defect burn-down is drawn for each participant-role.",
    });
    const portfolio = await runCliCaptured(
      ["portfolio", "--window", "tranche-1", "--format", "json", ...at.remote],
      at.env,
    );
    const assessments = (
      JSON.parse(portfolio.stdout) as { assessments: { counts: { planned: number; executed: number } }[] }
    ).assessments;
    const last = doc.trend.burnUp.value.days.at(-1)!;
    expect(last.planned).toBe(assessments.reduce((n, a) => n + a.counts.planned, 0));
    expect(last.executed).toBe(assessments.reduce((n, a) => n + a.counts.executed, 0));
  });

  it("asks for a participant-role or a window, not both", async () => {
    const both = await runCliCaptured(
      ["trend", "--participant", "HOLL-X", "--window", "tranche-1", ...at.remote],
      at.env,
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("Give either --participant ABCD-X or --window ID");
    const neither = await runCliCaptured(["trend", ...at.remote], at.env);
    expect(neither.code).toBe(2);
  });

  it("refuses a range it cannot mean", async () => {
    const r = await runCliCaptured(["trend", "--participant", "HOLL-X", "--days", "3", ...at.remote], at.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--days must be a whole number from 14 to 3650.");
  });
});
