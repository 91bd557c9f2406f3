import { defaultSettings, requirementScopeOf } from "../../src/core/settings";
import { formatSettingsErrors, validateSettings } from "../../src/core/validate-settings";
import { registryEntry, settings } from "../support/builders";

function errorsOf(input: unknown): string[] {
  const result = validateSettings(input);
  return result.valid ? [] : formatSettingsErrors(result.errors);
}

describe("settings validation", () => {
  it("accepts the defaults and a registry", () => {
    expect(errorsOf(defaultSettings())).toEqual([]);
    expect(errorsOf(settings())).toEqual([]);
  });

  it("rejects a document that is not settings at all", () => {
    expect(errorsOf(null).length).toBeGreaterThan(0);
    expect(errorsOf("settings")[0]).toMatch(/^\$: /);
  });

  it("names the path of a bad MPID and says how to fix it", () => {
    const s = settings((x) => (x.registry[0].mpid = "AB1"));
    expect(errorsOf(s)).toContain(
      '$.registry[0].mpid: The value must match pattern "^[A-Z]{4}$". An MPID is four capital letters, e.g. ABCD.',
    );
  });

  it("names a missing property", () => {
    const s = settings() as unknown as Record<string, unknown>;
    delete s.windows;
    expect(errorsOf(s)).toContain('$: "windows" is missing. Add "windows".');
  });

  it("names an unknown property", () => {
    const s = settings((x) => Object.assign(x.defects, { severityFeild: "x" }));
    expect(errorsOf(s)).toContain(
      '$.defects.severityFeild: "severityFeild" is not a setting here. Remove it or correct its spelling (names are case-sensitive).',
    );
  });

  it("rejects severity levels outside 1–5", () => {
    const s = settings((x) => (x.defects.severityMap["Blocker"] = 0 as never));
    expect(errorsOf(s).join("\n")).toMatch(/\$\.defects\.severityMap\.Blocker: .*>= 1/);
  });

  it("rejects a defect scope that scopes nothing", () => {
    const s = settings((x) => (x.registry[0].defectScope = {}));
    expect(errorsOf(s).join("\n")).toMatch(/\$\.registry\[0\]\.defectScope: .*areaPaths, tags and\/or field/);
  });

  it("cross-checks windows, roles and the registry", () => {
    const s = settings((x) => {
      x.registry.push(
        registryEntry(),
        registryEntry({ mpid: "EFGH", roleCode: "ZZ" }),
        registryEntry({ mpid: "IJKL", window: "wave-9" }),
      );
      x.registry.push(registryEntry({ mpid: "MNOP", window: undefined }));
      x.registry.push(registryEntry({ mpid: "QRST", previousWindows: ["tranche-1", "nowhere"] }));
      x.windows[1].execution.end = "2025-01-01";
      x.windows[2].execution.start = "2025-02-30";
      x.windows.push({ ...x.windows[0] });
      x.roles.push({ ...x.roles[0] });
      x.assurers.push({ user: "zed@example.org", body: "Ofgem" });
    });
    const errors = errorsOf(s).join("\n");
    expect(errors).toMatch(/\$\.registry\[1\]: ABCD-X is registered twice/);
    expect(errors).toMatch(/\$\.registry\[2\]\.roleCode: EFGH-ZZ: the role code "ZZ" is not in the role catalogue/);
    expect(errors).toMatch(/\$\.registry\[3\]\.window: IJKL-X: the window "wave-9" is not defined/);
    expect(errors).toMatch(/\$\.registry\[4\]\.window: MNOP-X qualifies through QT but has no window/);
    expect(errors).toMatch(/\$\.registry\[5\]\.previousWindows\[0\]: QRST-X: "tranche-1" is its current window/);
    expect(errors).toMatch(/\$\.registry\[5\]\.previousWindows\[1\]: QRST-X: the window "nowhere" is not defined/);
    expect(errors).toMatch(
      /\$\.windows\[1\]\.execution\.end: execution\.end \(2025-01-01\) is before execution\.start/,
    );
    expect(errors).toMatch(/\$\.windows\[2\]\.execution\.start: "2025-02-30" is not a real date/);
    expect(errors).toMatch(/\$\.windows\[8\]\.id: The window id "non-sit-ldso" is used twice/);
    expect(errors).toMatch(/\$\.roles\[9\]\.code: The role code "N" is listed twice/);
    expect(errors).toMatch(/\$\.assurers\[2\]\.body: "Ofgem" governs no role/);
  });

  it("lets a SIT-route entry go without a window or plans", () => {
    expect(
      errorsOf(settings((x) => (x.registry[0] = registryEntry({ route: "SIT", window: undefined, testPlans: [] })))),
    ).toEqual([]);
  });

  it("rejects severity values that collide once canonicalised", () => {
    const s = settings((x) => (x.defects.severityMap = { "1 - Critical": 1, "1-critical": 2 }));
    expect(errorsOf(s).join("\n")).toMatch(/"1-critical" and "1 - Critical" are the same value written differently/);
  });

  it("rejects contradictory state overrides", () => {
    const s = settings(
      (x) =>
        (x.defects.stateOverrides = [
          { state: "Resolved", outstanding: true },
          { state: "resolved", outstanding: false },
        ]),
    );
    expect(errorsOf(s).join("\n")).toMatch(
      /\$\.defects\.stateOverrides\[1\]: The state "resolved" is overridden both ways/,
    );
  });
});

describe("traceability settings", () => {
  it("accepts requirement types with scopes by role code and registry key", () => {
    const s = settings(
      (x) =>
        (x.traceability = {
          requirementTypes: ["Requirement", "User Story"],
          scopes: {
            X: { tags: ["Supplier"] },
            "ABCD-X": { areaPaths: ["MHHS\\ABCD"], field: { referenceName: "Custom.Role", value: "X" } },
          },
          useDefectScope: true,
        }),
    );
    expect(errorsOf(s)).toEqual([]);
  });

  it("names what is wrong: no type, an empty scope, a bad key, an unknown role or participant-role, a defect type", () => {
    const errors = (t: unknown) => errorsOf({ ...settings(), traceability: t }).join("\n");
    expect(errors({ requirementTypes: [] })).toMatch(
      /\$\.traceability\.requirementTypes: .*List the work item types that are requirements/,
    );
    expect(errors({ scopes: {} })).toMatch(/\$\.traceability: "requirementTypes" is missing/);
    expect(errors({ requirementTypes: ["Requirement"], scopes: { X: {} } })).toMatch(
      /\$\.traceability\.scopes\.X: .*Say which requirements a participant-role must trace/,
    );
    expect(errors({ requirementTypes: ["Requirement"], scopes: { supplier: { tags: ["S"] } } })).toMatch(
      /\$\.traceability\.scopes: .*Key each scope by a role code/,
    );
    expect(
      errors({ requirementTypes: ["Requirement"], scopes: { Z: { tags: ["S"] }, "WXYZ-X": { tags: ["S"] } } }),
    ).toMatch(
      /\$\.traceability\.scopes\["Z"\]: The role code "Z" is not in the role catalogue[\s\S]*\$\.traceability\.scopes\["WXYZ-X"\]: WXYZ-X is not in the registry/,
    );
    expect(errors({ requirementTypes: ["bug"] })).toMatch(
      /\$\.traceability\.requirementTypes\[0\]: "bug" is a defect type too/,
    );
  });

  it("picks a participant-role's requirement scope: its own, its role's, its defect scope if asked, or none", () => {
    const entry = registryEntry();
    const base = { requirementTypes: ["Requirement"] };
    expect(requirementScopeOf({}, entry)).toBeUndefined();
    expect(requirementScopeOf({ traceability: base }, entry)).toBeUndefined();
    expect(requirementScopeOf({ traceability: { ...base, useDefectScope: true } }, entry)).toEqual(entry.defectScope);
    const scopes = { X: { tags: ["role"] }, "ABCD-X": { tags: ["own"] } };
    expect(requirementScopeOf({ traceability: { ...base, scopes } }, entry)).toEqual({ tags: ["own"] });
    expect(requirementScopeOf({ traceability: { ...base, scopes: { X: scopes.X } } }, entry)).toEqual({
      tags: ["role"],
    });
  });
});
