/**
 * What changed between two versions of the settings, per top-level section and per item, and a three-way merge
 * for the conflict flow: `base` is the version the user opened, `mine` their edit, `theirs` what someone else
 * saved meanwhile. Items are matched by their identity (a registry entry by MPID-ROLE, a window by id, a role by
 * code, an assurer by user and body, a defect setting by its name, a severity mapping by its value). An item only
 * one side changed takes that side's version; an item both changed differently takes mine and is reported as a
 * clash, so the user sees it before saving. Pure.
 */
import { AssurerTeam, DefectScope, DefectSettings, Settings, registryKey } from "../../core/settings";

export type SectionId = "defects" | "registry" | "windows" | "roles" | "assurers" | "traceability";
export const SECTIONS: readonly { id: SectionId; name: string }[] = [
  { id: "defects", name: "Defects" },
  { id: "registry", name: "Participant registry" },
  { id: "windows", name: "Windows" },
  { id: "roles", name: "Roles and approvers" },
  { id: "assurers", name: "Assurers" },
  { id: "traceability", name: "Traceability" },
];

export interface ItemChange {
  section: SectionId;
  /** The item, in words: `OAKH-R`, `window tranche-1`, `severity map "Sev1 - Critical"`. */
  item: string;
  kind: "added" | "removed" | "changed";
}

export function sameValue(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

function stable(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );
}

interface Keyed {
  key: string;
  label: string;
  value: unknown;
}

/** The items of a section, each with its identity. */
function itemsOf(settings: Settings, section: SectionId): Keyed[] {
  switch (section) {
    case "registry":
      return settings.registry.map((e) => ({ key: registryKey(e), label: registryKey(e), value: e }));
    case "windows":
      return settings.windows.map((w) => ({ key: w.id, label: `window ${w.id}`, value: w }));
    case "roles":
      return settings.roles.map((r) => ({ key: r.code, label: `role ${r.code}`, value: r }));
    case "assurers":
      return [
        ...settings.assurers.map((a) => ({
          key: `${a.user.toLowerCase()}|${a.body}`,
          label: `assurer ${a.user} (${a.body})`,
          value: a,
        })),
        ...(settings.assurerTeams ?? []).map((t) => ({
          key: `team:${t.team.toLowerCase()}|${t.body}`,
          label: `assurer team ${t.team} (${t.body})`,
          value: t,
        })),
      ];
    case "defects":
      return defectItems(settings.defects);
    case "traceability":
      return traceabilityItems(settings.traceability);
  }
}

function defectItems(d: DefectSettings): Keyed[] {
  const out: Keyed[] = [];
  for (const [k, v] of Object.entries(d)) {
    if (k === "severityMap" || k === "stateOverrides") continue;
    out.push({ key: `field:${k}`, label: k, value: v });
  }
  for (const [value, level] of Object.entries(d.severityMap)) {
    out.push({ key: `map:${value}`, label: `severity map "${value}"`, value: level });
  }
  for (const o of d.stateOverrides) {
    const type = o.workItemType ?? "";
    out.push({
      key: `state:${type.toLowerCase()}|${o.state.toLowerCase()}`,
      label: `state override "${o.state}"${type ? ` (${type})` : ""}`,
      value: o,
    });
  }
  return out;
}

/** The traceability settings: each requirement type, each scope (by its key), and the defect-scope switch. */
function traceabilityItems(t: Settings["traceability"]): Keyed[] {
  if (!t) return [];
  return [
    ...t.requirementTypes.map((type) => ({
      key: `type:${type.toLowerCase()}`,
      label: `requirement type ${type}`,
      value: type,
    })),
    ...Object.entries(t.scopes ?? {}).map(([k, scope]) => ({
      key: `scope:${k}`,
      label: `requirement scope ${k}`,
      value: scope,
    })),
    ...(t.useDefectScope === undefined
      ? []
      : [{ key: "useDefectScope", label: "requirements by defect scope", value: t.useDefectScope }]),
  ];
}

/** What `after` changed relative to `before`. */
export function diffSettings(before: Settings, after: Settings): ItemChange[] {
  const out: ItemChange[] = [];
  for (const { id } of SECTIONS) {
    const a = new Map(itemsOf(before, id).map((i) => [i.key, i]));
    const b = new Map(itemsOf(after, id).map((i) => [i.key, i]));
    for (const [k, item] of b) {
      const old = a.get(k);
      if (!old) out.push({ section: id, item: item.label, kind: "added" });
      else if (!sameValue(old.value, item.value)) out.push({ section: id, item: item.label, kind: "changed" });
    }
    for (const [k, item] of a) if (!b.has(k)) out.push({ section: id, item: item.label, kind: "removed" });
  }
  return out;
}

export interface Merge {
  merged: Settings;
  /** Items both sides changed differently: mine was kept. */
  clashes: ItemChange[];
}

function mergeItems(base: Keyed[], mine: Keyed[], theirs: Keyed[], section: SectionId, clashes: ItemChange[]): Keyed[] {
  const b = new Map(base.map((i) => [i.key, i]));
  const m = new Map(mine.map((i) => [i.key, i]));
  const t = new Map(theirs.map((i) => [i.key, i]));
  const pick = (key: string): Keyed | undefined => {
    const bi = b.get(key);
    const mi = m.get(key);
    const ti = t.get(key);
    if (sameValue(bi?.value, mi?.value)) return ti;
    if (sameValue(bi?.value, ti?.value) || sameValue(mi?.value, ti?.value)) return mi;
    clashes.push({ section, item: (mi ?? ti ?? bi)?.label ?? key, kind: mi ? (ti ? "changed" : "added") : "removed" });
    return mi;
  };
  const order = [...theirs.map((i) => i.key), ...mine.map((i) => i.key).filter((k) => !t.has(k))];
  return order.map(pick).filter((i): i is Keyed => i !== undefined);
}

/** Re-applies my changes (base → mine) on top of theirs. */
export function mergeSettings(base: Settings, mine: Settings, theirs: Settings): Merge {
  const clashes: ItemChange[] = [];
  const merged = structuredClone(theirs);
  const section = (id: SectionId) => mergeItems(itemsOf(base, id), itemsOf(mine, id), itemsOf(theirs, id), id, clashes);
  merged.registry = section("registry").map((i) => i.value as Settings["registry"][number]);
  merged.windows = section("windows").map((i) => i.value as Settings["windows"][number]);
  merged.roles = section("roles").map((i) => i.value as Settings["roles"][number]);
  const assurers = section("assurers");
  merged.assurers = assurers
    .filter((i) => !i.key.startsWith("team:"))
    .map((i) => i.value as Settings["assurers"][number]);
  const teams = assurers.filter((i) => i.key.startsWith("team:")).map((i) => i.value as AssurerTeam);
  if (teams.length > 0) merged.assurerTeams = teams;
  else delete merged.assurerTeams;
  const defects: Record<string, unknown> = { severityMap: {}, stateOverrides: [] };
  const severityMap: Record<string, unknown> = {};
  const overrides: unknown[] = [];
  for (const item of section("defects")) {
    if (item.key.startsWith("field:")) defects[item.key.slice(6)] = item.value;
    else if (item.key.startsWith("map:")) severityMap[item.key.slice(4)] = item.value;
    else overrides.push(item.value);
  }
  defects.severityMap = severityMap;
  defects.stateOverrides = overrides;
  merged.defects = structuredClone(defects) as unknown as DefectSettings;
  const trace = section("traceability");
  const types = trace.filter((i) => i.key.startsWith("type:")).map((i) => i.value as string);
  const scopes = trace.filter((i) => i.key.startsWith("scope:"));
  const byDefectScope = trace.find((i) => i.key === "useDefectScope");
  if (trace.length === 0) delete merged.traceability;
  else
    merged.traceability = {
      requirementTypes: types,
      ...(scopes.length > 0
        ? { scopes: Object.fromEntries(scopes.map((i) => [i.key.slice(6), i.value as DefectScope])) }
        : {}),
      ...(byDefectScope ? { useDefectScope: byDefectScope.value as boolean } : {}),
    };
  return { merged: structuredClone(merged), clashes };
}
