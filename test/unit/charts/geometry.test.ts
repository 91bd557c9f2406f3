import {
  ChartSeries,
  TrendChartSpec,
  chartTable,
  describeDay,
  layoutTrendChart,
  nearestIndex,
  styleOf,
  summariseChart,
} from "../../../src/core/charts/geometry";
import { areaPath, linePath, markerPath, segments } from "../../../src/core/charts/paths";
import { describeSparkline, percent, sparklineGeometry } from "../../../src/core/charts/sparkline";

const DATES = ["2025-07-01", "2025-07-02", "2025-07-03", "2025-07-04", "2025-07-05", "2025-07-06"];

function spec(series: ChartSeries[], extra: Partial<TrendChartSpec> = {}): TrendChartSpec {
  return { title: "Burn-up", description: "Points by day.", dates: DATES, series, ...extra };
}

/** The subpaths of path data: each starts with M. */
const subpaths = (d: string) => d.split("M").filter(Boolean);

describe("paths with gaps", () => {
  const p = (x: number, y: number) => ({ x, y });

  it("breaks the line at each null, and reports a lone point to draw as a dot", () => {
    const { d, isolated } = linePath([p(0, 10), p(1, 9), null, p(3, 7), null, p(5, 5), p(6, 4)]);
    expect(d).toBe("M0 10L1 9M3 7M5 5L6 4");
    expect(isolated).toEqual([p(3, 7)]);
    expect(segments([null, null]).length).toBe(0);
    expect(linePath([null, null]).d).toBe("");
  });

  it("closes one area per run, down to the baseline or the series below", () => {
    expect(areaPath([p(0, 5), p(1, 4), null, p(3, 2)], 10)).toBe("M0 5L1 4L1 10L0 10ZM3 2L3 10Z");
    expect(areaPath([p(0, 5), p(1, 4)], [p(0, 8), null])).toBe("M0 5L0 8Z");
  });

  it("rounds coordinates to a tenth", () => {
    expect(linePath([p(1 / 3, 2 / 3), p(-0.01, 5.55)]).d).toBe("M0.3 0.7L0 5.6");
  });

  it("draws every marker shape as path data", () => {
    for (const shape of ["circle", "square", "triangle", "triangle-down", "diamond", "cross"] as const)
      expect(markerPath(shape, 10, 10, 3)).toMatch(/^M[\d.]+ [\d.]+/);
    expect(markerPath("none", 10, 10, 3)).toBe("");
  });
});

describe("layoutTrendChart", () => {
  const executed: ChartSeries = {
    key: "executed",
    label: "Executed",
    tone: "executed",
    values: [10, 20, null, null, 40, 50],
  };

  it("never draws a null day as zero: the line has a gap there", () => {
    const layout = layoutTrendChart(spec([executed]));
    const s = layout.series[0];
    expect(s.points[2]).toBeNull();
    expect(s.points[3]).toBeNull();
    expect(subpaths(s.line)).toHaveLength(2);
    const zeroY = layout.yTicks.find((t) => t.value === 0)!.y;
    for (const p of s.points) if (p) expect(p.y).toBeLessThan(zeroY);
    // No point of the path sits on the zero line at the gap's x.
    const gapX = layout.xs[2].toFixed(1).replace(/\.0$/, "");
    expect(s.line).not.toContain(`${gapX} `);
  });

  it("keeps an area's gap open too", () => {
    const layout = layoutTrendChart(spec([{ ...executed, kind: "area" }]));
    expect(layout.series[0].area!.match(/Z/g)).toHaveLength(2);
  });

  it("stacks areas in order, and a gap in any of them is a gap in the stack", () => {
    const a: ChartSeries = { key: "a", label: "A", tone: "sev1", kind: "stacked-area", values: [1, 1, 1, 1, 1, 1] };
    const b: ChartSeries = { key: "b", label: "B", tone: "sev2", kind: "stacked-area", values: [2, 2, null, 2, 2, 2] };
    const layout = layoutTrendChart(spec([a, b]));
    const top = layout.series.find((s) => s.key === "b")!;
    const bottom = layout.series.find((s) => s.key === "a")!;
    expect(top.points[0]!.y).toBeLessThan(bottom.points[0]!.y); // 3 above 1
    expect(top.points[2]).toBeNull();
    expect(bottom.points[2]).toBeNull();
    expect(top.values[0]).toBe(2); // the day's own value, not the total
    expect(layout.yTicks[layout.yTicks.length - 1].value).toBeGreaterThanOrEqual(3);
  });

  it("scales the values to whole-number ticks from zero", () => {
    const layout = layoutTrendChart(spec([executed]));
    expect(layout.yTicks.map((t) => t.value)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(layout.yTicks[0].y).toBe(layout.plot.bottom);
    expect(layout.yTicks[layout.yTicks.length - 1].y).toBe(layout.plot.top);
  });

  it("widens the time axis to a marker or band beyond the data", () => {
    const layout = layoutTrendChart(
      spec([executed], {
        markers: [{ date: "2025-07-20", label: "Last day of execution", tone: "deadline" }],
        band: { from: "2025-07-15", to: "2025-07-25", label: "100% execution between 15 Jul and 25 Jul" },
      }),
    );
    expect(layout.markers[0].x).toBeLessThan(layout.plot.right);
    expect(layout.band!.x2).toBeCloseTo(layout.plot.right);
    expect(layout.xs[layout.xs.length - 1]).toBeLessThan(layout.markers[0].x);
    expect(layout.markers[0].dash).toBeNull();
    expect(layout.plot.top).toBeGreaterThan(layout.markers[0].labelY); // the label sits above the plot
  });

  it("puts two markers' labels on separate rows when they would touch", () => {
    const layout = layoutTrendChart(
      spec([executed], {
        markers: [
          { date: "2025-07-04", label: "Last day of execution", tone: "deadline" },
          { date: "2025-07-05", label: "Today, when the read was made", tone: "today" },
        ],
      }),
    );
    expect(layout.markers[0].labelY).not.toBe(layout.markers[1].labelY);
    expect(layout.markers[1].dash).not.toBeNull();
  });

  it("draws what blocks exit on top and heavier, with its own dash and shape", () => {
    const sev = (tone: "sev1" | "sev2" | "sev3" | "unclassified"): ChartSeries => ({
      key: tone,
      label: tone,
      tone,
      values: [1, 2, 3, 4, 5, 6],
    });
    const layout = layoutTrendChart(spec([sev("sev1"), sev("sev3"), sev("sev2"), sev("unclassified")]));
    expect(layout.series.map((s) => s.key)).toEqual(["sev3", "sev1", "sev2", "unclassified"]);
    const styles = ["sev1", "sev2", "sev3", "unclassified"].map((t) => styleOf({ tone: t as "sev1" }));
    expect(new Set(styles.map((s) => `${s.dash}|${s.shape}`)).size).toBe(4);
    expect(styleOf({ tone: "sev1" }).width).toBeGreaterThan(styleOf({ tone: "sev3" }).width);
    expect(styleOf({ tone: "executed", dashed: true }).dash).not.toBeNull();
    expect(styleOf({ tone: "planned", dashed: false }).dash).toBeNull();
  });

  it("is empty, and still laid out, with no dates or no values", () => {
    expect(layoutTrendChart(spec([], { dates: [] })).empty).toBe(true);
    const none = layoutTrendChart(spec([{ ...executed, values: DATES.map(() => null) }]));
    expect(none.empty).toBe(true);
    expect(none.series[0].line).toBe("");
  });

  it("refuses dates that are not ISO days in ascending order", () => {
    expect(() => layoutTrendChart(spec([], { dates: ["2025-07-02", "2025-07-01"] }))).toThrow(/ascending/);
    expect(() => layoutTrendChart(spec([], { dates: ["7/7/2025"] }))).toThrow(/YYYY-MM-DD/);
  });

  it("finds the day nearest a position", () => {
    const layout = layoutTrendChart(spec([executed]));
    expect(nearestIndex(layout, layout.xs[3] + 1)).toBe(3);
    expect(nearestIndex(layout, -100)).toBe(0);
    expect(nearestIndex(layout, 10_000)).toBe(5);
    expect(nearestIndex({ xs: [] }, 5)).toBe(-1);
  });

  it("uses the width it is given, so the type stays its size", () => {
    const narrow = layoutTrendChart(spec([executed]), { width: 300 });
    expect(narrow.width).toBe(300);
    expect(narrow.plot.right).toBeLessThan(300);
    expect(layoutTrendChart(spec([executed], { compact: true })).fontSize).toBeLessThan(narrow.fontSize);
  });
});

describe("the chart in words", () => {
  const s = spec(
    [
      { key: "planned", label: "Planned", tone: "planned", values: [600, 600, 600, 650, 650, 650] },
      { key: "executed", label: "Executed", tone: "executed", values: [0, 10, null, 30, 40, 412] },
      { key: "waived", label: "Waived", tone: "waived", values: DATES.map(() => null) },
    ],
    {
      markers: [{ date: "2025-07-06", label: "Today", tone: "today" }],
      band: { from: "2025-08-01", to: "2025-08-10", label: "100% execution forecast between 1 Aug and 10 Aug" },
    },
  );

  it("summarises the range, each series' first and last value, the markers and the band", () => {
    expect(summariseChart(s)).toBe(
      "Points by day. From 1 Jul 2025 to 6 Jul 2025: Planned 600 to 650; Executed 0 to 412; Waived no data. " +
        "Today: 6 Jul 2025. 100% execution forecast between 1 Aug and 10 Aug.",
    );
  });

  it("says a day's values, 'no data' for a gap, and the day's markers", () => {
    expect(describeDay(s, 2)).toBe("3 Jul 2025: Planned 600, Executed no data, Waived no data.");
    expect(describeDay(s, 5)).toBe("6 Jul 2025: Planned 650, Executed 412, Waived no data. Today.");
    expect(describeDay(s, 9)).toBe("");
  });

  it("tabulates a row per day and a column per series, null where there is no data", () => {
    const table = chartTable(s);
    expect(table.columns).toEqual(["Date", "Planned", "Executed", "Waived"]);
    expect(table.rows).toHaveLength(6);
    expect(table.rows[2]).toEqual({ date: "2025-07-03", label: "3 Jul 2025", cells: ["600", null, null] });
    expect(table.notes).toEqual(["Today: 6 Jul 2025", "100% execution forecast between 1 Aug and 10 Aug"]);
  });
});

describe("the sparkline", () => {
  it("says the share, the counts and the change", () => {
    const values = [364, ...Array.from({ length: 13 }, () => null), 412];
    expect(describeSparkline({ label: "Executed", values, max: 650 })).toBe(
      "Executed 63% (412 of 650), up 48 points in 14 days",
    );
    expect(describeSparkline({ label: "Executed", values: [5, 5], max: 10 })).toBe(
      "Executed 50% (5 of 10), no change in 1 day",
    );
    expect(describeSparkline({ label: "Executed", values: [9, 7], max: 10, days: 7 })).toBe(
      "Executed 70% (7 of 10), down 2 points in 7 days",
    );
    expect(describeSparkline({ label: "Executed", values: [null, null], max: 10 })).toBe("Executed: no data");
    expect(describeSparkline({ label: "Executed", values: [3], max: 0 })).toBe("Executed 3");
  });

  it("never rounds up to 100% or down to 0%", () => {
    expect(percent(649, 650)).toBe(99);
    expect(percent(650, 650)).toBe(100);
    expect(percent(1, 650)).toBe(1);
    expect(percent(0, 650)).toBe(0);
    expect(percent(5, 0)).toBe(0);
  });

  it("draws gaps as gaps, and the maximum at the top", () => {
    const g = sparklineGeometry([0, 5, null, 10], 10, 120, 32);
    expect(subpaths(g.line)).toHaveLength(2);
    expect(g.isolated).toHaveLength(1);
    expect(g.last!.y).toBe(g.maxY);
    expect(g.line.startsWith(`M3 ${g.baseY}`)).toBe(true);
  });
});
