import { CSV_COLUMNS, renderCsv, reportHash } from "../../../src/core/report";
import { HOSTILE_DEFECT_ID, reportFixture } from "../../support/fixtures";
import { parseCsv } from "./csv-parse";

const { report } = reportFixture();
const text = renderCsv(report);
const [header, ...rows] = parseCsv(text);
const column = (name: (typeof CSV_COLUMNS)[number]) => header.indexOf(name);
const cell = (row: string[], name: (typeof CSV_COLUMNS)[number]) => row[column(name)];

describe("CSV rendering", () => {
  it("has one header and a row per assessed point and defect, all of the same width", () => {
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(report.tests.length + report.defects.length);
    expect(rows.every((r) => r.length === header.length)).toBe(true);
    expect(rows.map((r) => cell(r, "record"))).toEqual([
      ...report.tests.map(() => "test"),
      ...report.defects.map(() => "defect"),
    ]);
  });

  it("ends every record with CRLF and has no bare LF between records", () => {
    expect(text.endsWith("\r\n")).toBe(true);
    // LFs inside quoted fields are data; every record boundary is CRLF (the parser rejects anything else).
    expect(text.split("\r\n")).toHaveLength(rows.length + 2);
  });

  it("carries the report's SHA-256 and the participant-role on every row", () => {
    const hash = reportHash(report);
    expect(
      rows.every(
        (r) =>
          cell(r, "report_sha256") === hash &&
          cell(r, "participant_role") === "ABCD-X" &&
          cell(r, "window") === "tranche-1",
      ),
    ).toBe(true);
  });

  it("protects cells a spreadsheet would run as a formula, and only those", () => {
    const hostile = rows.find((r) => cell(r, "record") === "defect" && cell(r, "id") === String(HOSTILE_DEFECT_ID))!;
    expect(cell(hostile, "title")).toBe(
      `'=HYPERLINK("x") <script>alert(1)</script> | pipe **bold** [link](javascript:x)`,
    );
    const descoped = rows.find((r) => cell(r, "record") === "test" && cell(r, "id") === "1008")!;
    expect(cell(descoped, "approval_note")).toBe(
      "'-- Alpha Energy supplies no unmetered sites.\nAgreed at the QT stand-up.",
    );
    const sum = rows.find((r) => cell(r, "id") === "1011")!;
    expect(cell(sum, "title")).toBe(`'@SUM(A1) "quoted", with a\nline break`);
    expect(cell(sum, "outcome")).toBe("passed");
    const formulaStarts = rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c));
    expect(formulaStarts).toEqual([]);
  });

  it("keeps test and defect columns apart", () => {
    const test = rows.find((r) => cell(r, "id") === "1006")!;
    expect([
      cell(test, "status"),
      cell(test, "outcome"),
      cell(test, "approval_state"),
      cell(test, "approval_kind"),
      cell(test, "severity"),
    ]).toEqual(["blocked", "blocked", "stale", "waiver", ""]);
    const defect = rows.find((r) => cell(r, "id") === "2005")!;
    expect([
      cell(defect, "severity"),
      cell(defect, "severity_value"),
      cell(defect, "outstanding"),
      cell(defect, "approval_kind"),
      cell(defect, "plan_id"),
    ]).toEqual(["Sev3", "3 - Medium", "true", "mitigation-agreement", ""]);
  });
});
