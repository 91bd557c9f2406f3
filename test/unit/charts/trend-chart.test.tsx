import * as React from "react";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { act } from "react-dom/test-utils";
import { ChartSeries, layoutTrendChart } from "../../../src/core/charts/geometry";
import { ChartTable } from "../../../src/ui/charts/ChartTable";
import { Sparkline } from "../../../src/ui/charts/Sparkline";
import { LineChart, TrendChart, TrendChartProps } from "../../../src/ui/charts/TrendChart";
import { useMountPoint } from "../../support/mount";

const mount = useMountPoint();

const DATES = ["2025-07-01", "2025-07-02", "2025-07-03", "2025-07-04", "2025-07-05"];
const SERIES: ChartSeries[] = [
  { key: "planned", label: "Planned", tone: "planned", values: [600, 600, 650, 650, 650] },
  { key: "executed", label: "Executed", tone: "executed", kind: "area", values: [100, 150, null, 250, 300] },
  { key: "passed", label: "Passed", tone: "passed", values: [90, 140, null, 240, 290] },
];
const PROPS: TrendChartProps = {
  title: "Execution burn-up: HOLL-X",
  description: "Test points by day.",
  dates: DATES,
  series: SERIES,
  markers: [{ date: "2025-07-05", label: "Today", tone: "today" }],
  band: { from: "2025-07-20", to: "2025-07-28", label: "100% execution forecast between 20 Jul and 28 Jul" },
  yLabel: "Test points",
};

const svgOf = (root: HTMLElement) => root.querySelector("svg.qtc-svg") as SVGSVGElement;
const liveOf = (root: HTMLElement) => root.querySelector('[aria-live="polite"]')!;
const key = (target: Element, k: string) =>
  act(() => {
    target.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true }));
  });

describe("TrendChart", () => {
  it("is an image named by its title and described by a summary", () => {
    const root = mount.render(<TrendChart {...PROPS} />);
    const svg = svgOf(root);
    expect(svg.getAttribute("role")).toBe("img");
    const [titleId, descId] = svg.getAttribute("aria-labelledby")!.split(" ");
    expect(svg.querySelector(`title#${titleId}`)!.textContent).toBe("Execution burn-up: HOLL-X");
    const desc = svg.querySelector(`desc#${descId}`)!.textContent!;
    expect(desc).toContain("From 1 Jul 2025 to 5 Jul 2025: Planned 600 to 650; Executed 100 to 300; Passed 90 to 290.");
    expect(desc).toContain("Today: 5 Jul 2025.");
    expect(desc).toContain("100% execution forecast between 20 Jul and 28 Jul.");
    expect(svg.getAttribute("tabindex")).toBe("0");
    expect(svg.getAttribute("viewBox")).toMatch(/^0 0 \d+ \d+$/);
  });

  it("moves a highlighted day with the keys, and says its values politely", () => {
    const root = mount.render(<TrendChart {...PROPS} />);
    const svg = svgOf(root);
    const live = liveOf(root);
    expect(live.getAttribute("aria-atomic")).toBe("true");
    expect(live.textContent).toBe("");
    key(svg, "ArrowLeft"); // nothing highlighted yet: starts at the last day
    expect(live.textContent).toBe("5 Jul 2025: Planned 650, Executed 300, Passed 290. Today.");
    key(svg, "ArrowLeft");
    key(svg, "ArrowLeft");
    expect(live.textContent).toBe("3 Jul 2025: Planned 650, Executed no data, Passed no data.");
    key(svg, "Home");
    expect(live.textContent).toMatch(/^1 Jul 2025: Planned 600, Executed 100, Passed 90\.$/);
    key(svg, "ArrowLeft"); // stays on the first day
    expect(live.textContent).toMatch(/^1 Jul 2025/);
    key(svg, "End");
    expect(live.textContent).toMatch(/^5 Jul 2025/);
    key(svg, "ArrowRight");
    expect(live.textContent).toMatch(/^5 Jul 2025/);
    // The crosshair and the tooltip show the same day.
    expect(root.querySelector(".qtc-crosshair")).not.toBeNull();
    const tooltip = root.querySelector(".qtc-tooltip")!;
    expect(tooltip.getAttribute("aria-hidden")).toBe("true");
    expect(tooltip.textContent).toContain("5 Jul 2025");
    expect(tooltip.textContent).toContain("Executed300");
    key(svg, "Escape");
    expect(root.querySelector(".qtc-crosshair")).toBeNull();
    expect(root.querySelector(".qtc-tooltip")).toBeNull();
  });

  it("leaves other keys alone", () => {
    const root = mount.render(<TrendChart {...PROPS} />);
    const event = new KeyboardEvent("keydown", { key: "Tab", bubbles: true, cancelable: true });
    act(() => {
      svgOf(root).dispatchEvent(event);
    });
    expect(event.defaultPrevented).toBe(false);
    expect(liveOf(root).textContent).toBe("");
  });

  it("highlights the day under the pointer, and lets go when it leaves", () => {
    const root = mount.render(<TrendChart {...PROPS} />);
    const layout = layoutTrendChart(PROPS); // jsdom measures nothing: the chart keeps its default width
    act(() => {
      svgOf(root).dispatchEvent(new MouseEvent("mousemove", { bubbles: true, clientX: layout.xs[1] + 2 }));
    });
    expect(liveOf(root).textContent).toMatch(/^2 Jul 2025: Planned 600, Executed 150, Passed 140\.$/);
    expect(root.querySelector(".qtc-crosshair")).not.toBeNull();
    act(() => {
      svgOf(root).dispatchEvent(new MouseEvent("mouseout", { bubbles: true, relatedTarget: document.body }));
    });
    expect(root.querySelector(".qtc-crosshair")).toBeNull();
  });

  it("never draws a day without data as zero", () => {
    const root = mount.render(<TrendChart {...PROPS} />);
    const executed = root.querySelector('[data-series="executed"]')!;
    const line = executed.querySelector(".qtc-line")!.getAttribute("d")!;
    expect(line.split("M").filter(Boolean)).toHaveLength(2);
    const area = executed.querySelector(".qtc-area")!.getAttribute("d")!;
    expect(area.match(/Z/g)).toHaveLength(2);
    const layout = layoutTrendChart(PROPS);
    const x3 = String(Math.round(layout.xs[2] * 10) / 10);
    expect(line).not.toContain(`${x3} `);
    const row = [...root.querySelectorAll("tbody tr")][2];
    expect(row.textContent).toBe("3 Jul 2025650no datano data");
  });

  it("offers the data as a table behind a real button", () => {
    const root = mount.render(<TrendChart {...PROPS} />);
    const button = root.querySelector("button.qtc-toggle") as HTMLButtonElement;
    expect(button.type).toBe("button");
    expect(button.textContent).toBe("Show as table");
    expect(button.getAttribute("aria-expanded")).toBe("false");
    const box = document.getElementById(button.getAttribute("aria-controls")!)!;
    expect(box.classList.contains("qtc-closed")).toBe(true); // hidden on screen, printed
    act(() => button.click());
    expect(button.getAttribute("aria-expanded")).toBe("true");
    expect(button.textContent).toBe("Hide table");
    expect(box.classList.contains("qtc-closed")).toBe(false);
    const table = box.querySelector("table")!;
    expect(table.querySelector("caption")!.textContent).toBe("Execution burn-up: HOLL-X");
    expect([...table.querySelectorAll("thead th")].map((th) => [th.getAttribute("scope"), th.textContent])).toEqual([
      ["col", "Date"],
      ["col", "Planned"],
      ["col", "Executed"],
      ["col", "Passed"],
    ]);
    const rows = table.querySelectorAll("tbody tr");
    expect(rows).toHaveLength(5);
    expect(rows[0].querySelector("th")!.getAttribute("scope")).toBe("row");
    expect(rows[0].querySelector("time")!.getAttribute("datetime")).toBe("2025-07-01");
    expect(box.textContent).toContain("Today: 5 Jul 2025");
    act(() => button.click());
    expect(button.getAttribute("aria-expanded")).toBe("false");
  });

  it("names every series in the legend beside its dash and shape, not by colour alone", () => {
    const root = mount.render(<TrendChart {...PROPS} />);
    const items = [...root.querySelectorAll(".qtc-legend li")];
    expect(items.map((li) => li.textContent)).toEqual([
      "Planned",
      "Executed",
      "Passed",
      "Today (5 Jul 2025)",
      "100% execution forecast between 20 Jul and 28 Jul",
    ]);
    const planned = items[0].querySelector(".qtc-line")!;
    expect(planned.getAttribute("stroke-dasharray")).toBeTruthy();
    expect(items[1].querySelector(".qtc-shape")).not.toBeNull();
    for (const li of items) expect(li.querySelector("svg")!.getAttribute("aria-hidden")).toBe("true");
  });

  it("shows labels from data as text, never as markup", () => {
    const hostile = `<img src=x onerror="alert(1)"> & 'quoted' "double"`;
    const root = mount.render(
      <TrendChart
        {...PROPS}
        title={hostile}
        series={[{ ...SERIES[0], label: hostile }]}
        markers={[{ date: "2025-07-02", label: hostile }]}
        tableOpen
      />,
    );
    expect(root.querySelector("img")).toBeNull();
    expect(root.querySelector("[onerror]")).toBeNull();
    expect(svgOf(root).querySelector("title")!.textContent).toBe(hostile);
    expect(root.querySelector(".qtc-legend li")!.textContent).toBe(hostile);
    expect(root.querySelector("caption")!.textContent).toBe(hostile);
  });

  it("says there is no data, and offers nothing to move through, when there are no days", () => {
    const root = mount.render(<TrendChart {...PROPS} dates={[]} series={[]} markers={[]} band={undefined} />);
    expect(svgOf(root).textContent).toContain("No data");
    expect(svgOf(root).getAttribute("tabindex")).toBeNull();
    expect(root.querySelector("tbody")!.textContent).toBe("No days to show.");
  });

  it("is also exported as LineChart, and can leave the toggle out", () => {
    expect(LineChart).toBe(TrendChart);
    const root = mount.render(<LineChart {...PROPS} tableToggle={false} compact hideTitle />);
    expect(root.querySelector("button")).toBeNull();
    expect(root.querySelector(".qtc-title")).toBeNull();
    expect(root.querySelector(".qtc-compact")).not.toBeNull();
    expect(root.querySelector("table")).not.toBeNull(); // still there for print
  });
});

describe("ChartTable on its own", () => {
  it("is a captioned table in a focusable, named scroll region", () => {
    const root = mount.render(<ChartTable title="Defects" dates={DATES} series={SERIES} />);
    const region = root.querySelector('[role="region"]')!;
    expect(region.getAttribute("tabindex")).toBe("0");
    const caption = document.getElementById(region.getAttribute("aria-labelledby")!)!;
    expect(caption.tagName).toBe("CAPTION");
    expect(caption.textContent).toBe("Defects");
    expect(root.querySelectorAll("tbody tr")).toHaveLength(5);
  });
});

describe("Sparkline", () => {
  it("is an image whose name says the share and the change", () => {
    const values = [364, ...Array.from({ length: 13 }, () => null), 412];
    const root = mount.render(<Sparkline values={values} max={650} what="Executed" />);
    const svg = root.querySelector("svg")!;
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.getAttribute("aria-label")).toBe("Executed 63% (412 of 650), up 48 points in 14 days");
    expect(svg.getAttribute("width")).toBe("120");
    expect(svg.getAttribute("height")).toBe("32");
    expect(svg.querySelector(".qtc-line")!.getAttribute("d")!.split("M").filter(Boolean)).toHaveLength(2);
  });

  it("takes a name given to it", () => {
    const root = mount.render(<Sparkline values={[1, 2]} max={4} label="Passed 50%" tone="passed" />);
    expect(root.querySelector("svg")!.getAttribute("aria-label")).toBe("Passed 50%");
    expect(root.querySelector("svg")!.getAttribute("class")).toContain("qtc-tone-passed");
  });
});

describe("the chart sources", () => {
  it("set no HTML from strings", () => {
    const dirs = [join(__dirname, "../../../src/ui/charts"), join(__dirname, "../../../src/core/charts")];
    for (const dir of dirs)
      for (const file of readdirSync(dir))
        expect([
          file,
          /dangerouslySetInnerHTML|innerHTML|outerHTML/.test(readFileSync(join(dir, file), "utf8")),
        ]).toEqual([file, false]);
  });
});
