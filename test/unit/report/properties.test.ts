import fc from "fast-check";
import { contentHash } from "../../../src/core/canonical-json";
import { CompletionReportEnvelope, renderCsv, renderHtml, renderJson, renderMarkdown } from "../../../src/core/report";
import {
  EDITABLE_POINT_ID,
  EDITABLE_WAIVER_POINT_ID,
  FixtureText,
  HOSTILE_DEFECT_ID,
  reportFixture,
} from "../../support/fixtures";
import { parseCsv } from "./csv-parse";
import { linkTargets, ragged } from "./markdown-tables";

/** Characters that mean something in HTML, Markdown, GFM tables or spreadsheets, and the letters of "script". */
const dangerous = fc.constantFrom(
  ..."<>&\"'|\\`*_[]()#!~${}=+-@,;:/ ".split(""),
  "\t",
  "\r",
  "\n",
  "\r\n",
  "\u2028",
  "\u0000",
  "\u007f",
  ..."scriptSCRIPT".split(""),
);

const PAYLOADS = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=//x.example/a.js>",
  "<ScRiPt\n>",
  "</script><script>",
  "<img src=x onerror=alert(1)>",
  "&lt;script&gt;",
  '=HYPERLINK("http://x","y")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)",
  "-2+3",
  "| a | b |",
  "**bold** _em_",
  "[link](javascript:alert(1))",
  "![i](http://x/i.png)",
  "`code`",
  "# heading",
  "\n---\n",
];

/** Free text as people and ADO write it, and as an attacker would. */
const freeText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: dangerous, maxLength: 40 }),
  fc
    .tuple(
      fc.string({ unit: dangerous, maxLength: 8 }),
      fc.constantFrom(...PAYLOADS),
      fc.string({ unit: dangerous, maxLength: 8 }),
    )
    .map(([a, b, c]) => a + b + c),
);

const texts: fc.Arbitrary<FixtureText> = fc.record({
  defectTitle: freeText,
  testCaseTitle: freeText,
  waiverReason: freeText,
});

const RUNS = { numRuns: 150 };
const FORMULA_START = /^[=+\-@\t\r]/;

describe("rendering arbitrary text", () => {
  it("uses inputs that really are hostile (so the properties below can fail)", () => {
    const samples = fc
      .sample(texts, { numRuns: 500, seed: 42 })
      .flatMap((t) => [t.defectTitle!, t.testCaseTitle!, t.waiverReason!]);
    expect(samples.filter((s) => /<script/i.test(s)).length).toBeGreaterThan(20);
    expect(samples.filter((s) => FORMULA_START.test(s)).length).toBeGreaterThan(20);
    expect(samples.filter((s) => /[|\n]/.test(s)).length).toBeGreaterThan(20);
  });

  it("puts the text into the report where the renderers must handle it", () => {
    fc.assert(
      fc.property(texts, (t) => {
        const { report } = reportFixture(t);
        expect(report.defects.find((d) => d.id === HOSTILE_DEFECT_ID)?.title).toBe(t.defectTitle);
        expect(report.tests.find((x) => x.pointId === EDITABLE_POINT_ID)?.testCaseTitle).toBe(t.testCaseTitle);
        expect(report.tests.find((x) => x.pointId === EDITABLE_WAIVER_POINT_ID)?.approval?.reason).toBe(t.waiverReason);
      }),
      { numRuns: 30 },
    );
  });

  it("HTML never holds a <script from data, nor any element the template does not write", () => {
    const allowed = new Set(
      "html head meta title style body header main section h1 h2 h3 p ul li table caption thead tbody tr th td div span strong code a".split(
        " ",
      ),
    );
    fc.assert(
      fc.property(texts, (t) => {
        const html = renderHtml(reportFixture(t).report);
        expect(html).not.toMatch(/<script/i);
        const tags = new Set([...html.matchAll(/<\/?([A-Za-z][A-Za-z0-9-]*)/g)].map((m) => m[1].toLowerCase()));
        expect([...tags].filter((tag) => !allowed.has(tag))).toEqual([]);
        // No attribute can be opened from data either: every `on…=` would have to follow a raw `<`.
        expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
      }),
      RUNS,
    );
  });

  it("Markdown never holds a <script from data, or any raw < at all, and its tables stay rectangular", () => {
    fc.assert(
      fc.property(texts, (t) => {
        const md = renderMarkdown(reportFixture(t).report);
        expect(md).not.toMatch(/<script/i);
        expect(md).not.toContain("<");
        expect(ragged(md)).toEqual([]);
        expect(linkTargets(md).filter((target) => !/^https?:\/\//.test(target))).toEqual([]);
      }),
      RUNS,
    );
  });

  it("CSV parses back to a header plus one row per point and defect, formula starts prefixed, text intact", () => {
    fc.assert(
      fc.property(texts, (t) => {
        const { report } = reportFixture(t);
        const [header, ...rows] = parseCsv(renderCsv(report));
        expect(rows).toHaveLength(report.tests.length + report.defects.length);
        expect(rows.every((r) => r.length === header.length)).toBe(true);
        expect(rows.flat().filter((cell) => FORMULA_START.test(cell))).toEqual([]);

        const expected = (s: string) => {
          const clean = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "\ufffd");
          return FORMULA_START.test(clean) ? `'${clean}` : clean;
        };
        const at = (record: string, id: number, column: string) =>
          rows.find((r) => r[0] === record && r[header.indexOf("id")] === String(id))![header.indexOf(column)];
        expect(at("defect", HOSTILE_DEFECT_ID, "title")).toBe(expected(t.defectTitle!));
        expect(at("test", EDITABLE_POINT_ID, "title")).toBe(expected(t.testCaseTitle!));
        expect(at("test", EDITABLE_WAIVER_POINT_ID, "approval_note")).toBe(expected(t.waiverReason!));
      }),
      RUNS,
    );
  });

  it("JSON carries the text exactly, and its sha256 matches the report it carries", () => {
    fc.assert(
      fc.property(texts, (t) => {
        const { report } = reportFixture(t);
        const envelope: CompletionReportEnvelope = JSON.parse(renderJson(report));
        expect(envelope.report).toEqual(report);
        expect(envelope.sha256).toBe(contentHash(envelope.report));
      }),
      { numRuns: 50 },
    );
  });
});
