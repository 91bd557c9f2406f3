import { applyImport, importRegistryCsv, parseCsv } from "../../../../src/hubs/settings/csv";
import { diffSettings, mergeSettings } from "../../../../src/hubs/settings/merge";
import { sampleSettings } from "./fakes";

describe("CSV parsing", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, and CRLF", () => {
    const parsed = parseCsv('a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n');
    expect(parsed).toEqual({
      ok: true,
      rows: [
        ["a", "b", "c"],
        ["x, y", 'say "hi"', "two\nlines"],
      ],
    });
  });

  it("refuses an unterminated quote", () => {
    expect(parseCsv('a\n"open').ok).toBe(false);
  });

  it("maps rows to entries with row-level errors, and applies only the good ones", () => {
    const existing = sampleSettings().registry;
    const result = importRegistryCsv(
      "MPID,Role Code,participantName,route,window,testPlans,areaPaths,tags\n" +
        "ORCH,x,Orchardly,qt,tranche-1,2:40|41;3,A\\B;A\\C,qt\n" +
        "HOLL,X,Hollowmere,QT,tranche-1,1,,\n" +
        "ORCH,X,Again,QT,tranche-1,2,,\n",
      existing,
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.rows.map((r) => r.action)).toEqual(["new", "replace", "error"]);
    expect(result.rows[0].entry).toEqual({
      mpid: "ORCH",
      roleCode: "X",
      participantName: "Orchardly",
      route: "QT",
      window: "tranche-1",
      testPlans: [{ planId: 2, suiteIds: [40, 41] }, { planId: 3 }],
      defectScope: { areaPaths: ["A\\B", "A\\C"], tags: ["qt"] },
    });
    expect(result.rows[2].errors).toEqual(["ORCH-X is also on line 2."]);
    const applied = applyImport(existing, result.rows);
    expect(applied.map((e) => `${e.mpid}-${e.roleCode} ${e.participantName}`)).toEqual([
      "HOLL-X Hollowmere",
      "ORCH-X Orchardly",
    ]);
  });

  it("names unknown and missing columns", () => {
    expect(importRegistryCsv("mpid,colour\n", [])).toMatchObject({
      ok: false,
      error: expect.stringContaining("colour"),
    });
    expect(importRegistryCsv("mpid,roleCode\n", [])).toMatchObject({
      ok: false,
      error: expect.stringContaining("participantName, route"),
    });
  });
});

describe("three-way merge of settings", () => {
  it("keeps both sides' changes to different items and reports items both changed", () => {
    const base = sampleSettings();
    const mine = sampleSettings();
    mine.windows[0].name = "Mine";
    mine.defects.severityMap["Sev9 - Unknown"] = 2;
    mine.registry[0].participantName = "Mine too";
    const theirs = sampleSettings();
    theirs.assurers.push({ user: "r@example.org", body: "REC" });
    theirs.defects.impactField = "Custom.Other";
    theirs.registry[0].participantName = "Theirs";
    const { merged, clashes } = mergeSettings(base, mine, theirs);
    expect(merged.windows[0].name).toBe("Mine");
    expect(merged.defects.severityMap["Sev9 - Unknown"]).toBe(2);
    expect(merged.defects.impactField).toBe("Custom.Other");
    expect(merged.assurers).toHaveLength(2);
    expect(merged.registry[0].participantName).toBe("Mine too");
    expect(clashes.map((c) => c.item)).toEqual(["HOLL-X"]);
    expect(diffSettings(theirs, merged).map((c) => `${c.kind} ${c.item}`)).toEqual([
      'added severity map "Sev9 - Unknown"',
      "changed HOLL-X",
      "changed window tranche-1",
    ]);
  });

  it("keeps a removal made by one side", () => {
    const base = sampleSettings();
    const mine = sampleSettings();
    mine.assurers = [];
    const theirs = sampleSettings();
    theirs.windows[0].name = "Theirs";
    const { merged, clashes } = mergeSettings(base, mine, theirs);
    expect(merged.assurers).toEqual([]);
    expect(merged.windows[0].name).toBe("Theirs");
    expect(clashes).toEqual([]);
  });
});
