import { REPORT_CSS } from "../../../src/core/report/html-style";

/** WCAG 2.x contrast of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5]
      .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function rule(selector: string): string {
  const start = REPORT_CSS.indexOf(`\n${selector} {`);
  if (start < 0) throw new Error(`no rule for ${selector}`);
  return REPORT_CSS.slice(start, REPORT_CSS.indexOf("}", start));
}

const colour = (block: string, property: "color" | "background") => {
  const match = new RegExp(`(?:^|[;{\\s])${property}:\\s*(#[0-9a-fA-F]{6})`).exec(block);
  if (!match) throw new Error(`no ${property} in ${block}`);
  return match[1];
};

describe("HTML colours", () => {
  it("computes contrast the WCAG way (sanity check of the check)", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#777777", "#ffffff")).toBeLessThan(4.5);
  });

  it.each([".tone-good", ".tone-bad", ".tone-warn", ".tone-neutral"])("%s text meets WCAG AA (4.5:1)", (selector) => {
    const block = rule(selector);
    expect(contrast(colour(block, "color"), colour(block, "background"))).toBeGreaterThanOrEqual(4.5);
  });

  it.each([
    ["body text", "body", "color", "#ffffff"],
    ["links", "a", "color", "#ffffff"],
    ["links on a header cell", "a", "color", "#e8ecf1"],
    ["headings", "h1", "color", "#ffffff"],
    ["empty-table notes", ".empty", "color", "#ffffff"],
  ] as const)("%s meet WCAG AA (4.5:1)", (_what, selector, property, background) => {
    expect(contrast(colour(rule(selector), property), background)).toBeGreaterThanOrEqual(4.5);
  });
});
