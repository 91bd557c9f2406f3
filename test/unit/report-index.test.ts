import fc from "fast-check";
import { Assessment } from "../../src/core/assessment";
import { assess } from "../../src/core/assess";
import { ParticipantRoleFacts } from "../../src/core/facts";
import { IndexedReport, renderReportIndex } from "../../src/core/report";
import { defect, facts, incompleteFacts, NOW, approvals, point, registryEntry, settings } from "../support/builders";
import { linkTargets, ragged } from "./report/markdown-tables";

const SETTINGS = settings((s) => {
  s.registry = [
    registryEntry(),
    registryEntry({
      mpid: "EFGH",
      roleCode: "X",
      participantName: "Echo Power",
      defectScope: { areaPaths: ["QT\\EFGH-X"] },
    }),
  ];
});
const run = (f: ParticipantRoleFacts) => assess(f, SETTINGS, approvals(), NOW);
const files = (key: string, formats = ["md", "html"]) => formats.map((f) => `qt-completion-report-${key}.${f}`);
const indexed = (assessment: Assessment, names = files(assessment.participantRole)): IndexedReport => ({
  assessment,
  files: names,
});
const GENERATED = new Date("2025-06-02T08:30:00Z");
const rows = (md: string) =>
  md.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Participant-role") && !l.startsWith("| ---"));

describe("renderReportIndex", () => {
  it("tables each participant-role with its verdict, counts and report links", () => {
    const ready = run(facts());
    const blocked = run(
      facts({
        participantRole: "EFGH-X",
        points: [point(), point({ outcome: "failed" }), point({ outcome: "none" }), point()],
        defects: [
          defect({ severity: "1 - Critical" }),
          defect({ severity: "1 - Critical" }),
          defect({ severity: "2 - High" }),
          defect({ severity: "2 - High", state: "Closed" }),
          defect({ severity: "Blocker" }),
        ],
      }),
    );
    const md = renderReportIndex("QT Completion Reports: tranche-1", [indexed(ready), indexed(blocked)], GENERATED);
    expect(md).toBe(
      [
        "# QT Completion Reports: tranche-1",
        "",
        "Generated 2025-06-02T08:30:00.000Z: 2 participant-roles.",
        "",
        "| Participant-role | Participant | Verdict | Executed | Sev1 | Sev2 | Unclassified | Reports |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        "| ABCD-X | Alpha Energy | Ready to submit | 100% | 0 | 0 | 0 | [md](qt-completion-report-ABCD-X.md) [html](qt-completion-report-ABCD-X.html) |",
        "| EFGH-X | Echo Power | Not ready | 75% | 2 | 1 | 1 | [md](qt-completion-report-EFGH-X.md) [html](qt-completion-report-EFGH-X.html) |",
        "",
      ].join("\n"),
    );
    expect(ragged(md)).toEqual([]);
  });

  it.each([
    [0, "0 participant-roles."],
    [1, "1 participant-role."],
    [3, "3 participant-roles."],
  ])("counts %i participant-role(s) in words", (n, words) => {
    const a = run(facts());
    const md = renderReportIndex(
      "T",
      Array.from({ length: n }, () => indexed(a)),
      GENERATED,
    );
    expect(md).toContain(`Generated 2025-06-02T08:30:00.000Z: ${words}\n`);
    expect(rows(md)).toHaveLength(n);
  });

  it("keeps the input order", () => {
    const a = run(facts());
    const b = run(facts({ participantRole: "EFGH-X" }));
    const md = renderReportIndex("T", [indexed(b), indexed(a)], GENERATED);
    expect(rows(md).map((r) => r.split(" | ")[0])).toEqual(["| EFGH-X", "| ABCD-X"]);
  });

  it("lists cannot-assess participant-roles with their problems, or their summary when there are none", () => {
    const broken = run(incompleteFacts("defects", "HTTP 503"));
    const twoProblems: Assessment = { ...broken, participantRole: "EFGH-X", problems: ["First", "Second"] };
    const noProblems: Assessment = {
      ...broken,
      participantRole: "IJKL-X" as Assessment["participantRole"],
      problems: [],
      summary: "Cannot assess: reason in summary.",
    };
    const fine = run(facts());
    const md = renderReportIndex(
      "T",
      [indexed(fine), indexed(broken), indexed(twoProblems), indexed(noProblems)],
      GENERATED,
    );
    expect(
      md.endsWith(
        [
          "",
          "## Cannot assess",
          "",
          "- ABCD-X: Defects were not read completely: HTTP 503",
          "- EFGH-X: First; Second",
          "- IJKL-X: Cannot assess: reason in summary.",
          "",
        ].join("\n"),
      ),
    ).toBe(true);
    expect(rows(md).filter((r) => r.includes("| Cannot assess |"))).toHaveLength(3);
  });

  it("has no cannot-assess section when every participant-role was assessed", () => {
    const md = renderReportIndex("T", [indexed(run(facts()))], GENERATED);
    expect(md).not.toContain("## Cannot assess");
  });

  it("links plain file names by their extension and shows any other name as escaped text", () => {
    const a = run(facts());
    const md = renderReportIndex(
      "T",
      [indexed(a, ["report (1).md", "dir/a|b.html", "NOEXT", "x.tar.gz", "odd [x].csv"])],
      GENERATED,
    );
    expect(linkTargets(md)).toEqual(["NOEXT", "x.tar.gz"]);
    expect(rows(md)[0]).toMatch(
      /\| report \(1\)\.md dir\/a\\\|b\.html \[NOEXT\]\(NOEXT\) \[gz\]\(x\.tar\.gz\) odd \\\[x\\\]\.csv \|$/,
    );
    expect(ragged(md)).toEqual([]);
  });

  it("leaves the Reports cell empty when no file was written", () => {
    const md = renderReportIndex("T", [indexed(run(facts()), [])], GENERATED);
    expect(rows(md)[0]).toBe("| ABCD-X | Alpha Energy | Ready to submit | 100% | 0 | 0 | 0 |  |");
  });

  it("escapes hostile titles, names and problems", () => {
    const base = run(incompleteFacts("points", "x"));
    const hostile: Assessment = {
      ...base,
      participantName: "Evil | <script>alert(1)</script>\n# Injected [x](javascript:alert(1))",
      problems: ["P | <img src=x>\n- item"],
    };
    const md = renderReportIndex("Title <b>|</b>\n# two", [indexed(hostile)], GENERATED);
    expect(md.split("\n")[0]).toBe("# Title &lt;b&gt;\\|&lt;/b&gt; \\# two");
    expect(md).not.toMatch(/[<>]/);
    expect(ragged(md)).toEqual([]);
    expect(linkTargets(md)).toEqual(files("ABCD-X"));
    expect(md).toContain(
      "| ABCD-X | Evil \\| &lt;script&gt;alert(1)&lt;/script&gt; \\# Injected \\[x\\](javascript:alert(1)) |",
    );
    expect(md).toContain("- ABCD-X: P \\| &lt;img src=x&gt; - item\n");
    expect(md.split("\n").filter((l) => l.startsWith("# Injected") || l === "- item")).toEqual([]);
  });

  it("is a pure function of its inputs", () => {
    const a = run(facts());
    const one = renderReportIndex("T", [indexed(a)], GENERATED);
    expect(renderReportIndex("T", [indexed(structuredClone(a))], new Date(GENERATED.getTime()))).toBe(one);
    expect(renderReportIndex("T", [indexed(a)], new Date("2025-06-03T00:00:00Z"))).not.toBe(one);
  });

  it("keeps the table intact for arbitrary names, titles and problems", () => {
    const textArb = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.string({ unit: "binary", maxLength: 12 }),
      fc
        .array(fc.constantFrom("|", "<", ">", "[", "]", "(", ")", "\n", "\r\n", "\\", "`", "#", "&"), { maxLength: 10 })
        .map((p) => p.join("")),
    );
    const base = run(facts());
    fc.assert(
      fc.property(
        textArb,
        fc.array(
          fc.record({
            name: textArb,
            problems: fc.array(textArb, { maxLength: 2 }),
            cannot: fc.boolean(),
            files: fc.array(textArb, { maxLength: 3 }),
          }),
          { maxLength: 5 },
        ),
        (title, specs) => {
          const reports = specs.map((s) =>
            indexed(
              {
                ...base,
                participantName: s.name,
                problems: s.problems,
                verdict: s.cannot ? "cannot-assess" : base.verdict,
              },
              s.files,
            ),
          );
          const md = renderReportIndex(title, reports, GENERATED);
          expect(md).not.toContain("<");
          expect(ragged(md)).toEqual([]);
          expect(rows(md)).toHaveLength(specs.length);
          const problemLines = md.split("\n").filter((l) => l.startsWith("- "));
          expect(problemLines).toHaveLength(specs.filter((s) => s.cannot).length);
          expect(md.split("\n").filter((l) => l.startsWith("#"))).toHaveLength(specs.some((s) => s.cannot) ? 2 : 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("renderReportIndex links only plain file names", () => {
  it("shows a name that is not a plain file in this folder as text", () => {
    const text = renderReportIndex(
      "Links",
      [indexed(run(facts()), ["javascript:alert(1)", "../up.md", "ok-1.md"])],
      GENERATED,
    );
    expect(text).not.toMatch(/\]\(javascript:/);
    expect(text).not.toMatch(/\]\(\.\.\//);
    expect(text).toMatch(/\[md\]\(ok-1\.md\)/);
  });
});

describe("renderReportIndex with incomplete reads", () => {
  it("shows — rather than 0 for what was not read", () => {
    const noDefects = run({ ...incompleteFacts("defects", "HTTP 503"), participantRole: "EFGH-X" });
    const noPoints = run(incompleteFacts("points", "HTTP 503"));
    const md = renderReportIndex("Index", [indexed(noPoints), indexed(noDefects)], GENERATED);
    expect(rows(md)[0]).toMatch(/^\| ABCD-X \| Alpha Energy \| Cannot assess \| — \| 0 \| 0 \| 0 \|/);
    expect(rows(md)[1]).toMatch(/^\| EFGH-X \| Echo Power \| Cannot assess \| \S+ \| — \| — \| — \|/);
  });
});
