import { ParticipantRoleKey, isValidMpid, isValidRoleCode, parseParticipantRole } from "../core/participant-role";
import { Result } from "../core/result";
import { RegistryEntry, Route, Settings, registryKey } from "../core/settings";
import { CompiledPatterns, DiscoveryPatterns, compilePatterns } from "./discovery-patterns";
import { RawAreaNode, RawPlan } from "./port";

export { DEFAULT_DISCOVERY_PATTERNS } from "./discovery-patterns";
export type { DiscoveryPatterns } from "./discovery-patterns";

/**
 * Registry discovery: proposes participant-role entries from the project's area tree and test plan names, for the
 * settings hub (or `qt-assure discover`) to show and an administrator to confirm. PURE: the caller reads the tree
 * (port.getAreaTree) and every page of plans (port.listPlans) and passes them in; nothing here calls ADO or
 * changes settings.
 */

export interface DiscoveryInput {
  /** The project's area root (its name is the project's), with children at least two levels deep. */
  areaTree: RawAreaNode;
  plans: RawPlan[];
  pattern?: Partial<DiscoveryPatterns>;
}

export interface DiscoveredPlan {
  id: number;
  name: string;
}

export interface Candidate {
  key: ParticipantRoleKey;
  /** The proposed entry. `participantName` comes from the registry when it has the key; else it is the MPID. */
  entry: RegistryEntry;
  /** new: not in the registry; unchanged: the registry says the same; changed: it differs (see `differences`). */
  status: "new" | "unchanged" | "changed";
  /** What the registry says differently, one line each (only for "changed"). */
  differences: string[];
  /** Where the proposal came from. */
  areaPaths: string[];
  plans: DiscoveredPlan[];
  /** Things to check before confirming, e.g. the area and the plan name disagree on the window. */
  notes: string[];
}

/** A name that looked like the convention but did not parse. */
export interface NearMiss {
  source: "area" | "plan";
  /** The area path (`MHHS QT\tranche-1\holl-x`) or the plan name. */
  name: string;
  planId?: number;
  reasons: string[];
}

export interface Discovery {
  candidates: Candidate[];
  nearMisses: NearMiss[];
  /** Registry entries that no area or plan matched (perhaps renamed, or named another way). */
  notFound: ParticipantRoleKey[];
}

interface Sighting {
  key: ParticipantRoleKey;
  mpid: string;
  roleCode: string;
  window?: string;
  sit: boolean;
  areaPath?: string;
  plan?: DiscoveredPlan;
}

interface AreaName {
  /** Full path, as work items carry it: `MHHS QT\tranche-1\HOLL-X`. */
  path: string;
  /** Below the root: `tranche-1\HOLL-X`. */
  relative: string;
}

/** Every area below the root, with its path built from the node names (the service's own `path` has `\Area\`). */
function areaNames(root: RawAreaNode): AreaName[] {
  const out: AreaName[] = [];
  const walk = (node: RawAreaNode, trail: string[]) => {
    for (const child of node.children ?? []) {
      const next = [...trail, child.name];
      out.push({ path: [root.name, ...next].join("\\"), relative: next.join("\\") });
      walk(child, next);
    }
  };
  walk(root, []);
  return out;
}

type Groups = Record<string, string | undefined>;

/** The window a capture names, by id or by name (case-insensitive), among the configured windows. */
function windowOf(settings: Settings, groups: Groups): string | undefined | null {
  const id = groups.window?.trim();
  const name = groups.windowName?.trim();
  if (id === undefined && name === undefined) return undefined;
  const found = settings.windows.find(
    (w) =>
      (id !== undefined && w.id.toLowerCase() === id.toLowerCase()) ||
      (name !== undefined && w.name.toLowerCase() === name.toLowerCase()),
  );
  return found ? found.id : null;
}

/** Why a name that looked close did not parse. */
function nearMissReasons(settings: Settings, patterns: CompiledPatterns, groups: Groups, strict: RegExp): string[] {
  const reasons: string[] = [];
  const name = groups.name ?? "";
  const parsed = parseParticipantRole(name);
  if (!parsed.ok) reasons.push(...parsed.errors);
  else if (!isValidMpid(name.split("-")[0] ?? "") || !isValidRoleCode(name.split("-")[1] ?? "")) {
    reasons.push(
      `"${name}" must be written exactly as MPID-ROLE in capitals, e.g. ${parsed.value.mpid}-${parsed.value.roleCode}.`,
    );
  }
  const sit = groups.window !== undefined && groups.window.toLowerCase() === patterns.sitGroup.toLowerCase();
  if (!sit && windowOf(settings, groups) === null) {
    const what =
      groups.window !== undefined ? `window id "${groups.window}"` : `window name "${groups.windowName ?? ""}"`;
    reasons.push(`The ${what} is not one of the configured windows.`);
  }
  if (reasons.length === 0) reasons.push(`It does not match the pattern ${strict.source}.`);
  return reasons;
}

/** A strict match that names a valid participant-role and a known window (or none); else undefined. */
function parsedSighting(
  settings: Settings,
  patterns: CompiledPatterns,
  g: Groups,
): Pick<Sighting, "key" | "mpid" | "roleCode" | "window" | "sit"> | undefined {
  const mpid = g.mpid ?? "";
  const roleCode = g.role ?? "";
  if (!isValidMpid(mpid) || !isValidRoleCode(roleCode)) return undefined;
  const sit = g.window !== undefined && g.window.toLowerCase() === patterns.sitGroup.toLowerCase();
  const window = sit ? undefined : windowOf(settings, g);
  if (window === null) return undefined;
  return { key: `${mpid}-${roleCode}`, mpid, roleCode, window, sit };
}

/** The groups a near miss is explained from: the loose match's, with the strict match's when it had one. */
function missGroups(near: RegExpExecArray | null, match: RegExpExecArray | null): Groups | undefined {
  if (!near?.groups && !match?.groups) return undefined;
  const strict = match?.groups ? { ...match.groups, name: `${match.groups.mpid}-${match.groups.role}` } : {};
  return { ...near?.groups, ...strict };
}

function fromArea(settings: Settings, patterns: CompiledPatterns, area: AreaName): Sighting | NearMiss | undefined {
  const match = patterns.area.exec(area.relative);
  const parsed = match?.groups && parsedSighting(settings, patterns, match.groups);
  if (parsed) return { ...parsed, areaPath: area.path };
  const groups = missGroups(patterns.areaNear.exec(area.relative), match);
  if (!groups) return undefined;
  return { source: "area", name: area.path, reasons: nearMissReasons(settings, patterns, groups, patterns.area) };
}

function fromPlan(settings: Settings, patterns: CompiledPatterns, plan: RawPlan): Sighting | NearMiss | undefined {
  const match = patterns.plan.exec(plan.name);
  const parsed = match?.groups && parsedSighting(settings, patterns, match.groups);
  // A plan is a QT plan whatever its window group says.
  if (parsed) return { ...parsed, sit: false, plan: { id: plan.id, name: plan.name } };
  const groups = missGroups(patterns.planNear.exec(plan.name), match);
  if (!groups) return undefined;
  return {
    source: "plan",
    name: plan.name,
    planId: plan.id,
    reasons: nearMissReasons(settings, patterns, groups, patterns.plan),
  };
}

const isSighting = (x: Sighting | NearMiss): x is Sighting => "key" in x;

/** The entry the sightings of one participant-role propose. */
function proposal(settings: Settings, sightings: Sighting[], existing: RegistryEntry | undefined): Candidate {
  const first = sightings[0];
  const areaPaths = sightings.flatMap((s) => (s.areaPath ? [s.areaPath] : []));
  const plans = sightings.flatMap((s) => (s.plan ? [s.plan] : [])).sort((a, b) => a.id - b.id);
  const order = (id: string) => settings.windows.findIndex((w) => w.id === id);
  const windows = [...new Set(sightings.flatMap((s) => (s.window ? [s.window] : [])))].sort(
    (a, b) => order(a) - order(b),
  );
  // The SIT group names SIT-route participant-roles; a QT plan for one says it is (now) on the QT route.
  const route: Route = sightings.some((s) => s.sit) && plans.length === 0 ? "SIT" : "QT";
  const notes: string[] = [];
  const areaWindows = new Set(sightings.flatMap((s) => (s.areaPath && s.window ? [s.window] : [])));
  const planWindows = new Set(sightings.flatMap((s) => (s.plan && s.window ? [s.window] : [])));
  if ([...planWindows].some((w) => areaWindows.size > 0 && !areaWindows.has(w))) {
    notes.push(
      `The area path and the plan name name different windows (${[...areaWindows, ...planWindows].join(", ")}).`,
    );
  }
  if (!existing) notes.push(`Give the participant's name: discovery only knows the MPID ${first.mpid}.`);
  const window = windows[windows.length - 1];
  const entry: RegistryEntry = {
    mpid: first.mpid,
    roleCode: first.roleCode,
    participantName: existing?.participantName ?? first.mpid,
    route,
    ...(window ? { window } : {}),
    ...(windows.length > 1 ? { previousWindows: windows.slice(0, -1) } : {}),
    testPlans: plans.map((p) => ({ planId: p.id })),
    defectScope: areaPaths.length > 0 ? { areaPaths } : {},
  };
  const differences = existing ? compare(existing, entry) : [];
  return {
    key: first.key,
    entry,
    status: !existing ? "new" : differences.length > 0 ? "changed" : "unchanged",
    differences,
    areaPaths,
    plans,
    notes,
  };
}

const sortedText = (values: readonly (string | number)[]) => [...values].map(String).sort().join(", ") || "none";

/** What the registry says differently about the fields discovery can see. */
function compare(existing: RegistryEntry, proposed: RegistryEntry): string[] {
  const out: string[] = [];
  const line = (what: string, was: string, now: string) => {
    if (was !== now) out.push(`${what}: the registry has ${was}; discovered ${now}.`);
  };
  line("route", existing.route, proposed.route);
  line("window", existing.window ?? "none", proposed.window ?? "none");
  line(
    "test plans",
    sortedText(existing.testPlans.map((p) => p.planId)),
    sortedText(proposed.testPlans.map((p) => p.planId)),
  );
  line(
    "defect area paths",
    sortedText(existing.defectScope.areaPaths ?? []),
    sortedText(proposed.defectScope.areaPaths ?? []),
  );
  return out;
}

/**
 * Proposes registry entries from areas and plans that follow the naming convention (`input.pattern`, default the
 * sample programme's), each marked new, unchanged or changed against `existing.registry`; lists the names that
 * looked close but did not parse, and the registry entries nothing matched. Invalid patterns: the errors.
 */
export function discoverRegistry(input: DiscoveryInput, existing: Settings): Result<Discovery> {
  const compiled = compilePatterns(input.pattern);
  if (!compiled.ok) return compiled;
  const patterns = compiled.value;
  const sightings = new Map<ParticipantRoleKey, Sighting[]>();
  const nearMisses: NearMiss[] = [];
  const found = [
    ...areaNames(input.areaTree).map((a) => fromArea(existing, patterns, a)),
    ...[...input.plans].sort((a, b) => a.id - b.id).map((p) => fromPlan(existing, patterns, p)),
  ];
  for (const item of found) {
    if (!item) continue;
    if (!isSighting(item)) nearMisses.push(item);
    else sightings.set(item.key, [...(sightings.get(item.key) ?? []), item]);
  }
  const registry = new Map(existing.registry.map((e) => [registryKey(e), e]));
  const candidates = [...sightings.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, seen]) => proposal(existing, seen, registry.get(key)));
  const notFound = [...registry.keys()].filter((key) => !sightings.has(key)).sort();
  return { ok: true, value: { candidates, nearMisses, notFound } };
}
