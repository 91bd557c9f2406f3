import { AdoPort, RawAreaNode, RawPlan } from "../../src/ado/port";
import { Candidate, DEFAULT_DISCOVERY_PATTERNS, discoverRegistry } from "../../src/ado/registry-discovery";
import { registryKey, Settings } from "../../src/core/settings";
import { generateProgramme } from "../../sandbox/generator";
import { SAMPLE_PAT } from "../../sandbox/generator/tokens";
import { ALL_ROUTES } from "../../sandbox/routes";
import { RunningSandbox, startSandbox } from "../../sandbox/server";
import { SandboxState } from "../../sandbox/state";
import { sandboxPort } from "./support/sandbox-ports";

/** Discovery over the generated programme as the sandbox serves it (area tree and plans read through the port). */
let sandbox: RunningSandbox;
let port: AdoPort;
let settings: Settings;
let project: string;
let areaTree: RawAreaNode;
let plans: RawPlan[];

/** Names that break the convention, added to the programme's area tree before it is served. */
const MALFORMED = ["holl-x", "HOLLX", "AB-X"];
const UNKNOWN_WINDOW_AREA = "tranche-9";

function addMalformedAreas(state: SandboxState): void {
  const root = state.projects[0].areas;
  const tranche1 = root.children.find((c) => c.name === "tranche-1");
  if (!tranche1) throw new Error("the programme has no tranche-1 area");
  let id = 900_000;
  const node = (name: string) => ({
    id: ++id,
    identifier: `00000000-0000-0000-0000-${String(id).padStart(12, "0")}`,
    name,
    children: [],
  });
  tranche1.children.push(...MALFORMED.map(node));
  root.children.push({ ...node(UNKNOWN_WINDOW_AREA), children: [node("WXYZ-X")] });
}

async function allPlans(): Promise<RawPlan[]> {
  const out: RawPlan[] = [];
  let token: string | undefined;
  do {
    const page = await port.listPlans(project, token);
    out.push(...page.items);
    token = page.continuationToken;
  } while (token);
  return out;
}

beforeAll(async () => {
  const programme = generateProgramme({ seed: 1, scale: 0.05 });
  settings = programme.settings;
  project = programme.state.projects[0].name;
  addMalformedAreas(programme.state);
  sandbox = await startSandbox({ state: programme.state, routes: ALL_ROUTES });
  port = sandboxPort(sandbox, SAMPLE_PAT);
  areaTree = await port.getAreaTree(project, 2);
  plans = await allPlans();
});
afterAll(() => sandbox.close());

const byKey = (candidates: Candidate[]) => new Map(candidates.map((c) => [c.key, c]));

describe("registry discovery over the sample programme", () => {
  it("proposes exactly the sample registry's participant-roles, each unchanged", () => {
    const result = discoverRegistry({ areaTree, plans }, settings);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const { candidates, notFound } = result.value;
    expect(candidates.map((c) => c.key).sort()).toEqual(settings.registry.map(registryKey).sort());
    expect(notFound).toEqual([]);
    const found = byKey(candidates);
    for (const entry of settings.registry) {
      const candidate = found.get(registryKey(entry));
      expect(candidate).toMatchObject({ status: "unchanged", differences: [] });
      expect(candidate?.entry).toEqual(entry);
    }
  });

  it("proposes new entries for an empty registry, with windows, plans and area paths inferred", () => {
    const result = discoverRegistry({ areaTree, plans }, { ...settings, registry: [] });
    if (!result.ok) throw new Error(result.errors.join("\n"));
    expect(result.value.candidates.every((c) => c.status === "new")).toBe(true);
    const found = byKey(result.value.candidates);
    for (const entry of settings.registry) {
      const candidate = found.get(registryKey(entry));
      // Discovery cannot know the participant's name: it proposes the MPID and says so.
      expect(candidate?.entry).toEqual({ ...entry, participantName: entry.mpid });
      expect(candidate?.notes.join(" ")).toMatch(/participant's name/);
    }
    expect(found.get("HOLL-X")?.plans).toEqual([{ id: 22, name: "QT HOLL-X Tranche 1" }]);
    expect(found.get("HOLL-X")?.areaPaths).toEqual(["MHHS QT\\tranche-1\\HOLL-X"]);
    expect(found.get("HERO-P")?.entry).toMatchObject({ route: "SIT", testPlans: [] });
  });

  it("flags the malformed area names with why they did not parse", () => {
    const result = discoverRegistry({ areaTree, plans }, settings);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const misses = new Map(result.value.nearMisses.map((m) => [m.name, m]));
    expect([...misses.keys()].sort()).toEqual(
      [...MALFORMED.map((n) => `MHHS QT\\tranche-1\\${n}`), `MHHS QT\\${UNKNOWN_WINDOW_AREA}\\WXYZ-X`].sort(),
    );
    expect(misses.get("MHHS QT\\tranche-1\\holl-x")?.reasons.join(" ")).toMatch(/capitals.*HOLL-X/);
    expect(misses.get("MHHS QT\\tranche-1\\HOLLX")?.reasons.join(" ")).toMatch(/not a participant-role/);
    expect(misses.get("MHHS QT\\tranche-1\\AB-X")?.reasons.join(" ")).toMatch(/MPID "AB" must be exactly four letters/);
    expect(misses.get(`MHHS QT\\${UNKNOWN_WINDOW_AREA}\\WXYZ-X`)?.reasons.join(" ")).toMatch(
      /window id "tranche-9" is not one of the configured windows/,
    );
    expect(result.value.candidates.some((c) => c.key === "WXYZ-X")).toBe(false);
  });

  it("marks an entry the registry holds differently, and one it holds that nothing matched", () => {
    const changed = structuredClone(settings);
    const holl = changed.registry.find((e) => registryKey(e) === "HOLL-X");
    if (!holl) throw new Error("no HOLL-X in the sample registry");
    holl.window = "tranche-2";
    holl.testPlans = [{ planId: 999 }];
    changed.registry.push({ ...holl, mpid: "GONE", testPlans: [], defectScope: {} });
    const result = discoverRegistry({ areaTree, plans }, changed);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const candidate = byKey(result.value.candidates).get("HOLL-X");
    expect(candidate?.status).toBe("changed");
    expect(candidate?.differences).toEqual([
      "window: the registry has tranche-2; discovered tranche-1.",
      "test plans: the registry has 999; discovered 22.",
    ]);
    expect(result.value.notFound).toEqual(["GONE-X"]);
  });

  it("reports plan names that look close, and matches plans by a custom pattern", () => {
    const extra: RawPlan[] = [
      { id: 5001, name: "QT ABC-X Tranche 1" },
      { id: 5002, name: "QT HOLL-X Tranche 99" },
      { id: 5003, name: "Regression pack" },
    ];
    const result = discoverRegistry({ areaTree, plans: [...plans, ...extra] }, settings);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const misses = result.value.nearMisses.filter((m) => m.source === "plan");
    expect(misses.map((m) => m.planId)).toEqual([5001, 5002]);
    expect(misses[0].reasons.join(" ")).toMatch(/MPID "ABC"/);
    expect(misses[1].reasons.join(" ")).toMatch(/window name "Tranche 99"/);

    const custom = discoverRegistry(
      {
        areaTree: { id: 1, name: "P", children: [] },
        plans: [{ id: 7, name: "Plan for HOLL-X in tranche-1" }],
        pattern: { plan: String.raw`^Plan for (?<mpid>[A-Z]{4})-(?<role>\w{1,2}) in (?<window>\S+)$` },
      },
      { ...settings, registry: [] },
    );
    expect(custom.ok && custom.value.candidates.map((c) => c.entry)).toEqual([
      {
        mpid: "HOLL",
        roleCode: "X",
        participantName: "HOLL",
        route: "QT",
        window: "tranche-1",
        testPlans: [{ planId: 7 }],
        defectScope: {},
      },
    ]);
  });

  it("refuses invalid patterns up front with a clear error", () => {
    const input = (pattern: Record<string, string>) => ({ areaTree, plans, pattern });
    const broken = discoverRegistry(input({ area: "(?<mpid>[A-Z]{4}" }), settings);
    expect(broken).toEqual({
      ok: false,
      errors: [expect.stringMatching(/area pattern .* is not a valid regular expression/)],
    });
    const unnamed = discoverRegistry(input({ plan: "^QT ([A-Z]{4})-(?<role>.)" }), settings);
    expect(unnamed).toEqual({
      ok: false,
      errors: [expect.stringMatching(/plan pattern .* must name the group \(\?<mpid>…\)/)],
    });
    const stray = discoverRegistry(input({ planNear: "(?<name>.+) (?<who>.+)" }), settings);
    expect(stray.ok ? [] : stray.errors).toEqual([expect.stringMatching(/"who", which discovery does not read/)]);
    expect(DEFAULT_DISCOVERY_PATTERNS.sitGroup).toBe("sit");
  });
});
