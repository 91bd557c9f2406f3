import { canonicalJson, contentHash, sha256Hex } from "../../../src/core/canonical-json";
import {
  CompletionReport,
  CompletionReportEnvelope,
  buildCompletionReport,
  renderCsv,
  renderHtml,
  renderJson,
  renderMarkdown,
  reportHash,
} from "../../../src/core/report";
import { FIXTURE_GENERATED_AT, reportFixture } from "../../support/fixtures";

const RENDERERS = { renderMarkdown, renderHtml, renderCsv, renderJson } as const;

/** The same value with every object's keys in reverse insertion order. */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    ) as T;
  }
  return value;
}

describe("determinism", () => {
  it("builds an equal report from the same inputs", () => {
    const a = reportFixture();
    const b = reportFixture();
    expect(b.report).toEqual(a.report);
    expect(reportHash(b.report)).toBe(reportHash(a.report));
  });

  it.each(Object.entries(RENDERERS))("%s gives identical bytes twice, and for an equal report", (_name, render) => {
    const { report } = reportFixture();
    const first = render(report);
    expect(render(report)).toBe(first);
    expect(render(reportFixture().report)).toBe(first);
    expect(render(reverseKeys(report))).toBe(first);
  });

  it("depends on generatedAt, and only through it, for time", () => {
    const { assessment, approvals } = reportFixture();
    const later = buildCompletionReport(assessment, approvals, new Date("2025-06-02T08:00:00Z"));
    const again = buildCompletionReport(assessment, approvals, new Date("2025-06-02T08:00:00Z"));
    expect(later.generatedAt).toBe("2025-06-02T08:00:00.000Z");
    expect(reportHash(again)).toBe(reportHash(later));
    expect(reportHash(buildCompletionReport(assessment, approvals, FIXTURE_GENERATED_AT))).not.toBe(reportHash(later));
  });
});

describe("report hash", () => {
  const { report } = reportFixture();
  const hash = reportHash(report);

  it("is the SHA-256 of the report's canonical JSON", () => {
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(sha256Hex(canonicalJson(report)));
    expect(hash).toBe(contentHash(report));
  });

  it("ignores key order", () => {
    const reordered = reverseKeys(report);
    expect(Object.keys(reordered)[0]).not.toBe(Object.keys(report)[0]);
    expect(reportHash(reordered)).toBe(hash);
  });

  it("changes when any value changes, however deep", () => {
    const edited: CompletionReport = JSON.parse(JSON.stringify(report));
    const open = edited.defects.find((d) => d.id === 2003)!;
    expect(open.state).toBe("Active");
    open.state = "Resolved";
    expect(reportHash(edited)).not.toBe(hash);
    const retitled: CompletionReport = JSON.parse(JSON.stringify(report));
    retitled.deviations.approved[0].approval!.reason += " ";
    expect(reportHash(retitled)).not.toBe(hash);
  });

  it.each(Object.entries(RENDERERS))("is printed by %s", (_name, render) => {
    expect(render(report)).toContain(hash);
  });
});

describe("JSON envelope", () => {
  const { report } = reportFixture();
  const text = renderJson(report);
  const envelope: CompletionReportEnvelope = JSON.parse(text);

  it("is versioned and carries the report", () => {
    expect(envelope.format).toBe("qt-assurance.completion-report");
    expect(envelope.formatVersion).toBe(1);
    expect(envelope.report).toEqual(report);
    expect(Object.keys(envelope)).toEqual(["format", "formatVersion", "report", "sha256"]);
  });

  it("states a sha256 that a reader can recompute from the report it carries", () => {
    expect(envelope.sha256).toBe(sha256Hex(canonicalJson(envelope.report)));
    expect(envelope.sha256).toBe(reportHash(report));
  });

  it("exposes a tampered report: the recomputed hash no longer matches", () => {
    const tampered: CompletionReportEnvelope = JSON.parse(text);
    tampered.report.verdict.code = "exit-criteria-met";
    expect(contentHash(tampered.report)).not.toBe(tampered.sha256);
  });

  it("is pretty-printed with sorted keys at every level and ends with a newline", () => {
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).toContain('\n  "format": "qt-assurance.completion-report",\n');
    const unsorted: string[] = [];
    const check = (value: unknown, path: string) => {
      if (Array.isArray(value)) value.forEach((v, i) => check(v, `${path}[${i}]`));
      else if (value !== null && typeof value === "object") {
        const keys = Object.keys(value);
        if (keys.join("\u0000") !== [...keys].sort().join("\u0000")) unsorted.push(path);
        for (const [k, v] of Object.entries(value)) check(v, `${path}.${k}`);
      }
    };
    check(envelope, "$");
    expect(unsorted).toEqual([]);
    // The same data in canonical (compact) form: pretty printing adds only white space.
    expect(canonicalJson(JSON.parse(text))).toBe(canonicalJson(envelope));
  });
});
