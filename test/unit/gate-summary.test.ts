import fc from "fast-check";
import { AssessedDefect, Assessment } from "../../src/core/assessment";
import { assess } from "../../src/core/assess";
import { DefectFact, ParticipantRoleFacts } from "../../src/core/facts";
import { DEFAULT_GATE_OPTIONS, GateOptions, decideGate } from "../../src/core/gate";
import { SUMMARY_ROWS, mitigationGapText, renderGateSummary } from "../../src/core/gate-summary";
import { NOW, approvals, defect, facts, incompleteFacts, point, settings } from "../support/builders";
import { linkTargets, ragged, unescapedPipes } from "./report/markdown-tables";

const SETTINGS = settings();
const run = (f: ParticipantRoleFacts) => assess(f, SETTINGS, approvals(), NOW);
const summary = (a: Assessment, o: GateOptions = DEFAULT_GATE_OPTIONS) => renderGateSummary(a, decideGate(a, o), o);
const lines = (md: string) => md.split("\n");
const tableRows = (md: string) => lines(md).filter((l) => /^\| (\[#|#)/.test(l));

const HOSTILE = "a | b <script>alert(1)</script> [x](javascript:alert(1)) **bold** `code`\n# heading\r\n- item";

describe("renderGateSummary", () => {
  it("renders a clean pass with its facts and nothing else", () => {
    const md = summary(run(facts()));
    expect(md).toBe(
      [
        "## ✅ QT exit gate passed: ABCD-X",
        "",
        "ABCD-X passes: no outstanding Sev1/Sev2 or unclassified defects",
        "",
        "- Participant: Alpha Energy (Supplier)",
        "- Verdict: **Ready to submit** — E1–E4 are met: submit the QT Completion Report.",
        "- Stage: Entry — 6 must-have entry criteria are not yet accepted: MHHS-DEL1049 PIT Approach and Plan; MHHS-DEL1050 PIT Requirements to Test Traceability Matrix; MHHS-DEL1052 PIT Test Completion Report; Connectivity to the UIT environment; Test data requirements completed and validated; Access for every user who executes QT.",
        "- Blocks on: Sev1, Sev2, unclassified",
        "- Execution: 2 of 2 points (100%), 2 passed",
        "- Outstanding: none",
        "- Window: Tranche 1, Execution (120 days left)",
        "- Assessed at: 2025-06-01T12:00:00.000Z",
        "",
      ].join("\n"),
    );
  });

  it("says when full execution is required, and which severities block", () => {
    const a = run(facts());
    const md = summary(a, { blockOn: [1, 3, 5], requireFullExecution: true });
    expect(md).toContain("- Blocks on: Sev1, Sev2, Sev3, Sev5, unclassified; full execution (E4) required\n");
    expect(summary(a, { blockOn: [], requireFullExecution: false })).toContain(
      "- Blocks on: Sev1, Sev2, unclassified\n",
    );
  });

  it("reports S1 and S2 on the SIT route, and names them as what full execution requires there", () => {
    const sit = settings((x) => {
      x.registry[0].route = "SIT";
    });
    const a = assess(facts(), sit, approvals(), NOW);
    const text = summary(a, { ...DEFAULT_GATE_OPTIONS, requireFullExecution: true });
    expect(text).toContain("; full execution (S1 and S2) required");
    expect(text).toContain("- S1 SIT completion report reviewed by the Code Bodies: pending");
    expect(text).toContain("- S2 Approval from every governing Code Body: pending");
    expect(summary(assess(facts(), settings(), approvals(), NOW))).not.toContain("- S1 ");
  });

  it("says the Sev1-only check is not the QT exit gate, and lists the Sev2 it let through", () => {
    const a = run(facts({ defects: [defect({ id: 12, severity: "2 - High" })] }));
    const md = summary(a, { mode: "sev1-only", blockOn: [], requireFullExecution: false });
    expect(lines(md)[0]).toBe("## ⚠️ Sev1-only check passed with Sev2 outstanding (not the QT exit gate): ABCD-X");
    expect(md).toContain("> This is the Sev1-only check, not the QT exit gate");
    expect(md).toContain("- Blocks on: Sev1, unclassified\n");
    expect(md).toContain("### Outstanding defects the QT exit gate would block on (1)");
    expect(md).toContain("#12");
  });

  it("shows no count it did not read", () => {
    const defects = run(incompleteFacts("defects", "HTTP 503"));
    const md = summary(defects);
    expect(md).toContain("- Outstanding: not counted (the defects were not read completely)\n");
    expect(md).not.toMatch(/Outstanding: none/);
    const points = run(incompleteFacts("points", "HTTP 503"));
    expect(summary(points)).toContain("- Execution: not counted (the test points were not read completely)\n");
    expect(summary(points)).not.toMatch(/Execution: 0 of 0/);
  });

  it("lists outstanding counts by severity, skipping zeros", () => {
    const a = run(
      facts({
        defects: [
          defect({ severity: "1 - Critical" }),
          defect({ severity: "3 - Medium" }),
          defect({ severity: "3 - Medium" }),
          defect({ severity: "3 - Medium", state: "Closed" }),
          defect({ severity: "Blocker" }),
        ],
      }),
    );
    expect(summary(a)).toContain("- Outstanding: Sev1 1, Sev3 2, Unclassified 1\n");
  });

  it("omits the window line when there is no window", () => {
    const a = run(facts());
    expect(summary({ ...a, window: undefined })).not.toContain("- Window:");
  });

  it("heads a blocked gate and tables its blocking defects, worst first", () => {
    const a = run(
      facts({
        defects: [
          defect({ id: 12, severity: "2 - High", title: "Late file" }),
          defect({ id: 11, severity: "1 - Critical", title: "Lost reads", state: "New" }),
          defect({ id: 13, severity: "", title: "Unknown" }),
          defect({ id: 14, severity: "Blocker", title: "Odd" }),
        ],
      }),
    );
    const md = summary(a);
    expect(lines(md)[0]).toBe("## ❌ QT exit gate blocked: ABCD-X");
    expect(md).toContain(
      "\n### Blocking defects (4)\n\n| Defect | Severity | State | Title |\n| --- | --- | --- | --- |\n",
    );
    expect(tableRows(md)).toEqual([
      "| #13 | Unclassified (empty) | Active | Unknown |",
      "| #14 | Unclassified (Blocker) | Active | Odd |",
      "| #11 | Sev1 | New | Lost reads |",
      "| #12 | Sev2 | Active | Late file |",
    ]);
    expect(ragged(md)).toEqual([]);
    // The reason's "#11" must not become a heading or anything else.
    expect(lines(md)[2]).toBe(
      "ABCD-X is blocked: 1 Sev1, 1 Sev2, 2 Unclassified outstanding (\\#13, \\#14, \\#11, \\#12)",
    );
  });

  it("links a defect only to a safe http(s) address, percent-encoding what could break out", () => {
    const urls: Record<number, string | undefined> = {
      1: "https://dev.azure.com/org/proj/_workitems/edit/1",
      2: "http://tfs.local/tfs/_workitems/edit/2",
      3: "javascript:alert(1)",
      4: "data:text/html,<script>alert(1)</script>",
      5: "/relative/path",
      6: "https://evil.example/a b",
      7: "https://x.example/a)|b<c>[d]",
      8: undefined,
      9: "HTTPS://EXAMPLE.COM/9",
      10: "https://x.example/\u0000nul",
    };
    const a = run(
      facts({
        defects: Object.entries(urls).map(([id, url]) => defect({ id: Number(id), severity: "1 - Critical", url })),
      }),
    );
    const md = summary(a);
    expect(linkTargets(md)).toEqual([
      "https://dev.azure.com/org/proj/_workitems/edit/1",
      "http://tfs.local/tfs/_workitems/edit/2",
      "https://x.example/a%29%7Cb%3Cc%3E%5Bd%5D",
      "HTTPS://EXAMPLE.COM/9",
    ]);
    const cells = tableRows(md).map((r) => r.split(" | ")[0].slice(2));
    expect(cells).toEqual([
      "[#1](https://dev.azure.com/org/proj/_workitems/edit/1)",
      "[#2](http://tfs.local/tfs/_workitems/edit/2)",
      "#3",
      "#4",
      "#5",
      "#6",
      "[#7](https://x.example/a%29%7Cb%3Cc%3E%5Bd%5D)",
      "#8",
      "[#9](HTTPS://EXAMPLE.COM/9)",
      "#10",
    ]);
    expect(md).not.toContain("javascript:");
    expect(md).not.toContain("data:");
    expect(ragged(md)).toEqual([]);
  });

  it("escapes hostile text from ADO in every cell and line", () => {
    const a = run(
      facts({
        defects: [
          defect({ id: 1, severity: "1 - Critical", title: HOSTILE, state: "Active" }),
          defect({ id: 2, severity: `Sev | <b>\n9`, title: HOSTILE }),
        ],
      }),
    );
    const hostile: Assessment = {
      ...a,
      participantName: HOSTILE,
      roleName: "Role | <img src=x onerror=alert(1)>",
      summary: HOSTILE,
      window: a.window && { ...a.window, name: HOSTILE },
    };
    const md = summary(hostile);
    expect(md).not.toMatch(/<|>/);
    expect(linkTargets(md)).toEqual([]);
    expect(ragged(md)).toEqual([]);
    for (const row of tableRows(md)) expect(unescapedPipes(row)).toBe(5);
    // Line breaks in data never start a new line, so no heading, list item or table row can be injected.
    expect(lines(md).filter((l) => l.startsWith("# ") || l.startsWith("- item") || l.startsWith("\r"))).toEqual([]);
    expect(md).not.toContain("\r");
    expect(md).toContain("&lt;script&gt;");
    expect(md).toContain("\\[x\\](javascript:alert(1))");
    expect(md).toContain("a \\| b");
    expect(md).toContain("\\*\\*bold\\*\\*");
    expect(md).toContain("| #2 | Unclassified (Sev \\| &lt;b&gt; 9) |");
    // Same number of lines as the benign version: nothing hostile added a line.
    const benign = run(
      facts({ defects: [defect({ id: 1, severity: "1 - Critical" }), defect({ id: 2, severity: "x" })] }),
    );
    expect(lines(md)).toHaveLength(lines(summary(benign)).length);
  });

  it("escapes the participant-role in the heading", () => {
    const a = run(facts());
    const md = summary({ ...a, participantRole: "AB*D-_`X" as Assessment["participantRole"] });
    expect(lines(md)[0]).toBe("## ✅ QT exit gate passed: AB\\*D-\\_\\`X");
  });

  it("explains a cannot-assess gate with its problems, escaped", () => {
    const a = run(incompleteFacts("defects", "HTTP 503 <html>|oops\n- injected"));
    const md = summary(a);
    expect(lines(md)[0]).toBe("## ⚠️ QT exit gate cannot assess: ABCD-X");
    const section = md.slice(md.indexOf("### Why it cannot be assessed"));
    expect(section).toBe(
      "### Why it cannot be assessed\n\n- Defects were not read completely: HTTP 503 &lt;html&gt;\\|oops - injected\n",
    );
    expect(md).not.toContain("### Blocking defects");
    expect(lines(md).filter((l) => l === "- injected")).toEqual([]);
  });

  it("lists unmet criteria with their reasons when full execution is required", () => {
    const a = run(facts({ points: [point({ outcome: "failed" }), point({ outcome: "none" })] }));
    const o: GateOptions = { blockOn: [1, 2], requireFullExecution: true };
    const md = summary(a, o);
    const e4 = a.criteria.find((c) => c.id === "E4")!;
    expect(lines(md)[0]).toBe("## ❌ QT exit gate blocked: ABCD-X");
    expect(md).toContain(`\n### E4 ${e4.title}: unmet\n\n`);
    for (const r of e4.reasons) expect(md).toContain(`\n- ${r.message.replace(/#/g, "\\#")}`);
    expect(summary(a)).not.toContain("### E4");
  });

  it("escapes criterion titles and reasons", () => {
    const a = run(facts({ points: [point({ outcome: "failed" })] }));
    const hostile: Assessment = {
      ...a,
      criteria: a.criteria.map((c) =>
        c.id === "E4"
          ? { ...c, title: "T <b>|", reasons: [{ code: "x", message: "M\n# H [a](javascript:x)", items: [] }] }
          : c,
      ),
    };
    const md = summary(hostile, { blockOn: [1], requireFullExecution: true });
    expect(md).toContain("### E4 T &lt;b&gt;\\|: unmet\n\n- M \\# H \\[a\\](javascript:x)\n");
    expect(linkTargets(md)).toEqual([]);
  });

  it("tables mitigation gaps with what each lacks", () => {
    const a = run(
      facts({
        defects: [
          defect({ id: 31, severity: "3 - Medium", title: "No impact", mitigation: "Plan" }),
          defect({ id: 32, severity: "4 - Low", title: "Unagreed", impact: "I", mitigation: "M" }),
        ],
      }),
    );
    const md = summary(a);
    expect(md).toContain(
      [
        "### Sev3/Sev4 without impact, mitigation or agreement (2)",
        "",
        "| Defect | Severity | State | Title | Missing |",
        "| --- | --- | --- | --- | --- |",
        "| #31 | Sev3 | Active | No impact | impact assessment, agreement |",
        "| #32 | Sev4 | Active | Unagreed | agreement |",
      ].join("\n"),
    );
    expect(ragged(md)).toEqual([]);
    // Blocking on Sev3 moves #31 to the blocking table and out of the gaps.
    const md3 = summary(a, { blockOn: [3], requireFullExecution: false });
    expect(md3).toContain("### Blocking defects (1)");
    expect(md3).toContain("### Sev3/Sev4 without impact, mitigation or agreement (1)");
  });

  it.each([
    [SUMMARY_ROWS - 1, false],
    [SUMMARY_ROWS, false],
    [SUMMARY_ROWS + 1, true],
    [SUMMARY_ROWS + 17, true],
  ])("shows at most SUMMARY_ROWS rows of %i blocking defects, counting the rest", (n, more) => {
    const defects: DefectFact[] = Array.from({ length: n }, (_, i) => defect({ id: i + 1, severity: "1 - Critical" }));
    const md = summary(run(facts({ defects })));
    const rows = tableRows(md);
    expect(rows).toHaveLength(Math.min(n, SUMMARY_ROWS));
    expect(rows[0]).toMatch(/^\| #1 \|/);
    expect(md.includes(`…and ${n - SUMMARY_ROWS} more (see the task log).`)).toBe(more);
    expect(md).toContain(`### Blocking defects (${n})`);
  });

  it("caps the mitigation-gap table too", () => {
    const defects = Array.from({ length: SUMMARY_ROWS + 2 }, (_, i) => defect({ id: i + 1, severity: "4 - Low" }));
    const md = summary(run(facts({ defects })));
    expect(tableRows(md)).toHaveLength(SUMMARY_ROWS);
    expect(md).toContain("…and 2 more (see the task log).");
  });

  it("caps at 50 rows", () => {
    expect(SUMMARY_ROWS).toBe(50);
  });

  it("keeps every table intact and every link safe for arbitrary ADO text", () => {
    const textArb = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: "binary", maxLength: 20 }),
      fc
        .array(
          fc.constantFrom("|", "<", ">", "[", "]", "(", ")", "\n", "\r", "\\", "`", "*", "#", "javascript:", "&"),
          {
            maxLength: 12,
          },
        )
        .map((p) => p.join("")),
    );
    const urlArb = fc.option(
      fc.oneof(
        fc.webUrl(),
        fc.constant("javascript:alert(1)"),
        textArb.map((t) => `https://x.example/${t}`),
        textArb,
      ),
      { nil: undefined },
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ title: textArb, state: textArb, severity: textArb, url: urlArb }), { maxLength: 6 }),
        textArb,
        (ds, name) => {
          const defects = ds.map((d, i) =>
            defect({ id: i + 1, title: d.title, severity: d.severity, url: d.url, state: "Active" }),
          );
          const a = run(facts({ defects }));
          const hostile: Assessment = {
            ...a,
            participantName: name,
            // State text is shown as read; the engine decides outstanding from the state category.
            defects: a.defects.map((d, i) => ({ ...d, state: ds[i].state })),
          };
          const gate = decideGate(hostile, DEFAULT_GATE_OPTIONS);
          const md = renderGateSummary(hostile, gate, DEFAULT_GATE_OPTIONS);
          expect(md).not.toContain("<");
          expect(ragged(md)).toEqual([]);
          for (const target of linkTargets(md)) expect(target).toMatch(/^https?:\/\/[^\s()<>|[\]]+$/i);
          expect(tableRows(md)).toHaveLength(gate.blockingDefects.length + gate.mitigationGaps.length);
          expect(linkTargets(md).length).toBeLessThanOrEqual(tableRows(md).length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("mitigationGapText", () => {
  const base: AssessedDefect = {
    kind: "defect",
    id: 1,
    title: "T",
    workItemType: "Bug",
    state: "Active",
    severity: 3,
    severityValue: "3 - Medium",
    outstanding: true,
    outstandingVia: "category",
    hasImpact: true,
    hasMitigation: true,
    agreement: "present",
  };

  it.each<[Partial<AssessedDefect>, string]>([
    [{}, ""],
    [{ hasImpact: false }, "impact assessment"],
    [{ hasMitigation: false }, "mitigation plan"],
    [{ agreement: "missing" }, "agreement"],
    [{ agreement: "not-needed" }, "agreement"],
    [{ agreement: "stale" }, "agreement (stale)"],
    [{ hasImpact: false, hasMitigation: false, agreement: "missing" }, "impact assessment, mitigation plan, agreement"],
    [{ hasImpact: false, agreement: "stale" }, "impact assessment, agreement (stale)"],
  ])("%j lacks %j", (overrides, expected) => {
    expect(mitigationGapText({ ...base, ...overrides })).toBe(expected);
  });

  it("is empty exactly when the defect is not a gap", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom("not-needed", "missing", "present", "stale" as const),
        (hasImpact, hasMitigation, agreement) => {
          const text = mitigationGapText({ ...base, hasImpact, hasMitigation, agreement });
          expect(text === "").toBe(hasImpact && hasMitigation && agreement === "present");
        },
      ),
    );
  });
});
