import { renderMarkdown, reportHash } from "../../../src/core/report";
import { reportFixture } from "../../support/fixtures";
import { linkTargets, ragged } from "./markdown-tables";

const { report } = reportFixture();
const md = renderMarkdown(report);

describe("Markdown rendering", () => {
  it("follows the completion report's shape, in order", () => {
    const headings = md.split("\n").filter((l) => /^#{1,2} /.test(l));
    expect(headings).toEqual([
      "# QT Completion Report: ABCD-X Alpha Energy Ltd, Tranche 1",
      "## 1. Summary",
      "## 2. Scope",
      "## 3. Execution against plan",
      "## 4. Deviations from plan",
      "## 5. Defects by severity",
      "## 6. Exit criteria evaluation",
      "## 7. Residual risks",
      "## 8. Approvals",
      "## 9. Values not recognised",
      "## 10. Requirement traceability (RTTM)",
      "## 11. Trend and forecast",
      "## Annex A. Test points",
      "## Annex B. Defects",
      "## Report integrity",
    ]);
  });

  it("prints the SHA-256 at the top and at the end", () => {
    const hash = reportHash(report);
    expect(md.indexOf(hash)).toBeLessThan(md.indexOf("## 1. Summary"));
    expect(md.lastIndexOf(hash)).toBeGreaterThan(md.indexOf("## Report integrity"));
  });

  it("contains no raw HTML at all: data's < and > arrive as entities", () => {
    expect(md).not.toContain("<");
    expect(md).not.toContain(">");
    expect(md).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("escapes emphasis, links and pipes from data", () => {
    expect(md).toContain("\\| pipe \\*\\*bold\\*\\* \\[link\\](javascript:x)");
    expect(md).not.toContain("**bold**");
    expect(linkTargets(md).filter((t) => /javascript/i.test(t))).toEqual([]);
  });

  it("links only http(s) addresses", () => {
    const targets = linkTargets(md);
    expect(targets.length).toBeGreaterThan(10);
    expect(targets.filter((t) => !/^https?:\/\//.test(t))).toEqual([]);
  });

  it("keeps every table row as wide as its header (no pipe or line break from data splits a cell)", () => {
    expect(ragged(md)).toEqual([]);
  });
});
