import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderCsv, renderHtml, renderJson, renderMarkdown } from "../../../src/core/report";
import { reportFixture } from "../../support/fixtures";

/**
 * The fixture's four renderings, byte for byte. After an intended change, regenerate with
 * `UPDATE_GOLDEN=1 npx jest test/unit/report/golden` and review the diff of test/golden/.
 */
const GOLDEN = join(__dirname, "../../golden");
const update = process.env.UPDATE_GOLDEN === "1";
const { report } = reportFixture();

describe.each([
  ["completion-report.md", renderMarkdown],
  ["completion-report.html", renderHtml],
  ["completion-report.csv", renderCsv],
  ["completion-report.json", renderJson],
])("golden %s", (file, render) => {
  const path = join(GOLDEN, file);

  it("matches the stored rendering byte for byte", () => {
    const actual = Buffer.from(render(report), "utf8");
    if (update) {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(path, actual);
    }
    if (!existsSync(path)) throw new Error(`${path} is missing: run with UPDATE_GOLDEN=1 to create it.`);
    const expected = readFileSync(path);
    // The string comparison gives a readable diff; the byte comparison is the actual contract.
    expect(actual.toString("utf8")).toBe(expected.toString("utf8"));
    expect(actual.equals(expected)).toBe(true);
  });
});
