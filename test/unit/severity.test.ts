import { canonicalSeverityText, compileSeverityMapping, isBlockingSeverity } from "../../src/core/severity";
import { STOCK_SEVERITY_MAP } from "../../src/core/settings";

describe("severity mapping", () => {
  const classify = compileSeverityMapping({ map: STOCK_SEVERITY_MAP, inferFromNumber: true });
  const strict = compileSeverityMapping({ map: STOCK_SEVERITY_MAP, inferFromNumber: false });

  it.each([
    ["1 - Critical", 1, "map"],
    ["1 - critical", 1, "map"],
    ["  1-Critical ", 1, "map"],
    ["1  -   CRITICAL", 1, "map"],
    ["2 - High", 2, "map"],
    ["4 - Low", 4, "map"],
  ])("maps %p through the map whatever its case and spacing", (value, level, via) => {
    expect(classify(value)).toEqual({ severity: level, via });
  });

  it.each([
    ["1", 1],
    [1, 1],
    ["Sev 2", 2],
    ["sev2", 2],
    ["S3", 3],
    ["Severity 4", 4],
    ["5 - Cosmetic", 5],
    ["3: Moderate", 3],
  ])("infers %p as its number", (value, level) => {
    expect(classify(value)).toEqual({ severity: level, via: "number" });
  });

  it.each([["Critical"], ["6"], ["0 - None"], ["Sev 12"], [""], ["  "], [null], [undefined], [{}], [true], ["1.5"]])(
    "leaves %p unclassified",
    (value) => {
      expect(classify(value).severity).toBe("unclassified");
    },
  );

  it("infers nothing when inference is off", () => {
    expect(strict("Sev 1")).toEqual({ severity: "unclassified", via: "none" });
    expect(strict("1 - critical")).toEqual({ severity: 1, via: "map" });
  });

  it("prefers the organisation's map over the number in the value", () => {
    const custom = compileSeverityMapping({ map: { "1 - Cosmetic": 5 }, inferFromNumber: true });
    expect(custom("1 - cosmetic")).toEqual({ severity: 5, via: "map" });
  });

  it("canonicalises text", () => {
    expect(canonicalSeverityText("  3 -Medium  ")).toBe("3 - medium");
  });

  it("blocks on Sev1, Sev2 and unclassified only", () => {
    expect([1, 2, 3, 4, 5, "unclassified"].map((s) => isBlockingSeverity(s as never))).toEqual([
      true,
      true,
      false,
      false,
      false,
      true,
    ]);
  });
});
