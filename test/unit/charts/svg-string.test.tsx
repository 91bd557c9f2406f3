import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CHART_TONES, TrendChartSpec, layoutTrendChart } from "../../../src/core/charts/geometry";
import { CHART_COLOURS, renderTrendSvg, renderTrendTableHtml } from "../../../src/core/charts/svg-string";

const HOSTILE = `</title><script>alert(1)</script><img src=x onerror='alert(2)'> & "quoted"`;

const SPEC: TrendChartSpec = {
  title: "Outstanding defects by severity",
  description: "Defects outstanding at the end of each day.",
  dates: ["2025-07-01", "2025-07-02", "2025-07-03", "2025-07-04"],
  series: [
    { key: "sev1", label: "Sev1", tone: "sev1", values: [2, 1, null, 0] },
    { key: "sev2", label: "Sev2", tone: "sev2", values: [4, 4, 3, 3] },
    { key: "unclassified", label: "Unclassified", tone: "unclassified", values: [1, 0, 0, 0] },
  ],
  markers: [{ date: "2025-07-04", label: "Today", tone: "today" }],
  band: { from: "2025-07-10", to: "2025-07-12", label: "Forecast: no Sev1 or Sev2 between 10 Jul and 12 Jul" },
  yLabel: "Defects",
};

const parse = (svg: string) => new DOMParser().parseFromString(svg, "image/svg+xml");

describe("renderTrendSvg", () => {
  it("is well-formed SVG: an image named by its title and described by its summary", () => {
    const doc = parse(renderTrendSvg(SPEC));
    expect(doc.querySelector("parsererror")).toBeNull();
    const svg = doc.documentElement;
    expect(svg.tagName).toBe("svg");
    expect(svg.getAttribute("role")).toBe("img");
    const [titleId, descId] = svg.getAttribute("aria-labelledby")!.split(" ");
    expect(doc.getElementById(titleId)!.textContent).toBe(SPEC.title);
    expect(doc.getElementById(descId)!.textContent).toContain("Sev1 2 to 0; Sev2 4 to 3; Unclassified 1 to 0.");
    expect(svg.querySelector("style")!.textContent).toContain(".qtc-svg");
  });

  it("draws the same geometry as the React component", () => {
    const svg = renderTrendSvg(SPEC);
    for (const s of layoutTrendChart(SPEC).series) expect(svg).toContain(`d="${s.line}"`);
  });

  it("escapes every text taken from the data", () => {
    const spec: TrendChartSpec = {
      ...SPEC,
      title: HOSTILE,
      description: HOSTILE,
      yLabel: HOSTILE,
      series: SPEC.series.map((s) => ({ ...s, label: HOSTILE })),
      markers: [{ date: "2025-07-04", label: HOSTILE }],
      band: { ...SPEC.band!, label: HOSTILE },
    };
    const svg = renderTrendSvg(spec, { id: `x" onload="alert(3)` });
    expect(svg).not.toMatch(/<script|<img|<foreignObject/i);
    expect(svg).toContain("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(svg).toContain("&#39;alert(2)&#39;");
    expect(svg).toContain("&amp; &quot;quoted&quot;");
    const doc = parse(svg);
    expect(doc.querySelector("parsererror")).toBeNull();
    expect(doc.querySelectorAll("script, img, foreignObject")).toHaveLength(0);
    expect(doc.querySelector("title")!.textContent).toBe(HOSTILE);
    for (const el of doc.querySelectorAll("*"))
      for (const a of el.getAttributeNames()) expect(a.startsWith("on")).toBe(false);
  });

  it("can leave its style to the page, and gives unique ids per chart", () => {
    const a = renderTrendSvg(SPEC, { embedStyle: false, id: "burn-down" });
    expect(a).not.toContain("<style>");
    expect(a).toContain('id="burn-down-title"');
    expect(renderTrendSvg({ ...SPEC, title: "Another" })).not.toContain(renderTrendSvg(SPEC).slice(0, 200));
  });

  it("draws its legend inside the image, long names wrapped", () => {
    const spec = { ...SPEC, width: 240, compact: true };
    const doc = parse(renderTrendSvg(spec));
    const texts = [...doc.querySelectorAll("text")].map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(["Sev1", "Sev2", "Unclassified", "Today"]));
    const band = [...doc.querySelectorAll("text")].find((t) => t.querySelectorAll("tspan").length > 1)!;
    expect([...band.querySelectorAll("tspan")].map((t) => t.textContent).join(" ")).toBe(SPEC.band!.label);
    const height = Number(doc.documentElement.getAttribute("height"));
    expect(height).toBeGreaterThan(layoutTrendChart(spec).height);
  });
});

describe("renderTrendTableHtml", () => {
  it("is a captioned table with column and row headers, 'no data' for gaps, everything escaped", () => {
    const html = renderTrendTableHtml({ ...SPEC, title: HOSTILE });
    const doc = new DOMParser().parseFromString(html, "text/html");
    expect(doc.querySelector("script, img")).toBeNull();
    expect(doc.querySelector("caption")!.textContent).toBe(HOSTILE);
    expect([...doc.querySelectorAll("thead th")].map((th) => th.getAttribute("scope"))).toEqual([
      "col",
      "col",
      "col",
      "col",
    ]);
    const rows = doc.querySelectorAll("tbody tr");
    expect(rows).toHaveLength(4);
    expect(rows[2].querySelector("th")!.getAttribute("scope")).toBe("row");
    expect(rows[2].textContent).toBe("3 Jul 2025no data30");
  });
});

describe("the series' colours", () => {
  const css = readFileSync(join(__dirname, "../../../src/ui/charts/charts.css"), "utf8");

  it.each(CHART_TONES)("%s is the same in charts.css and in the report", (tone) => {
    const declared = new RegExp(`--qtc-${tone}:\\s*(#[0-9a-f]{6});`, "i").exec(css)?.[1];
    expect(declared?.toLowerCase()).toBe(CHART_COLOURS[tone]);
  });

  /** WCAG 2 relative luminance and contrast ratio. */
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };

  it.each(CHART_TONES)("%s has 3:1 against light and dark backgrounds", (tone) => {
    for (const background of ["#ffffff", "#f8f8f8", "#1e1e1e", "#252525", "#201f1e"])
      expect(contrast(CHART_COLOURS[tone], background)).toBeGreaterThanOrEqual(3);
  });
});
