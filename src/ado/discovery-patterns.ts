import { Result } from "../core/result";

/**
 * The naming conventions registry discovery reads, as regular expressions with named groups, and their checks.
 *
 * - `area` is matched against an area's path below the project root, backslash separated (`tranche-1\HOLL-X`);
 *   it must name `mpid` and `role`, and may name `window` (a window id, or the SIT group).
 * - `plan` is matched against a test plan's name (`QT HOLL-X Tranche 1`); it must name `mpid` and `role`, and may
 *   name `window` (an id) or `windowName` (a window's name).
 * - `areaNear` and `planNear` are looser: a name that matches one of them but not the strict pattern "looked close"
 *   and is reported with the reasons it did not parse. Each must name `name` (the participant-role text) and may
 *   name `window` / `windowName`.
 * - `sitGroup`: the area group (the `window` capture) that holds SIT-route participant-roles.
 */
export interface DiscoveryPatterns {
  area: string;
  plan: string;
  areaNear: string;
  planNear: string;
  sitGroup: string;
}

/** The sample programme's convention (sandbox/README.md "The convention"). */
export const DEFAULT_DISCOVERY_PATTERNS: Readonly<DiscoveryPatterns> = {
  area: String.raw`^(?<window>[^\\]+)\\(?<mpid>[A-Z]{4})-(?<role>[A-Z0-9]{1,2})$`,
  plan: String.raw`^QT (?<mpid>[A-Z]{4})-(?<role>[A-Z0-9]{1,2}) (?<windowName>.+)$`,
  areaNear: String.raw`^(?<window>[^\\]+)\\(?<name>[^\\]+)$`,
  planNear: String.raw`^QT\s+(?<name>\S+)(?:\s+(?<windowName>.*))?$`,
  sitGroup: "sit",
};

export interface CompiledPatterns {
  area: RegExp;
  plan: RegExp;
  areaNear: RegExp;
  planNear: RegExp;
  sitGroup: string;
  source: DiscoveryPatterns;
}

const REQUIRED: Record<keyof Omit<DiscoveryPatterns, "sitGroup">, { must: string[]; may: string[] }> = {
  area: { must: ["mpid", "role"], may: ["window"] },
  plan: { must: ["mpid", "role"], may: ["window", "windowName"] },
  areaNear: { must: ["name"], may: ["window"] },
  planNear: { must: ["name"], may: ["window", "windowName"] },
};

/** The named groups a pattern declares (an alternative that matches "" makes every group appear, unset). */
function groupNames(pattern: RegExp): string[] {
  const probe = new RegExp(`(?:${pattern.source})|`, pattern.flags);
  return Object.keys(probe.exec("")?.groups ?? {});
}

/** Compiles and checks the patterns (defaults for those not given), with every problem named. */
export function compilePatterns(given: Partial<DiscoveryPatterns> = {}): Result<CompiledPatterns> {
  const source: DiscoveryPatterns = { ...DEFAULT_DISCOVERY_PATTERNS, ...given };
  const errors: string[] = [];
  const compiled: Partial<Record<keyof typeof REQUIRED, RegExp>> = {};
  for (const key of Object.keys(REQUIRED) as (keyof typeof REQUIRED)[]) {
    const text = source[key];
    let pattern: RegExp;
    try {
      pattern = new RegExp(text, "u");
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      errors.push(`The ${key} pattern ${JSON.stringify(text)} is not a valid regular expression: ${why}.`);
      continue;
    }
    const names = groupNames(pattern);
    const { must, may } = REQUIRED[key];
    const missing = must.filter((g) => !names.includes(g));
    const unknown = names.filter((g) => !must.includes(g) && !may.includes(g));
    if (missing.length > 0) {
      errors.push(
        `The ${key} pattern ${JSON.stringify(text)} must name the group${missing.length > 1 ? "s" : ""} ${missing.map((g) => `(?<${g}>…)`).join(" and ")}.`,
      );
    }
    if (unknown.length > 0) {
      errors.push(
        `The ${key} pattern ${JSON.stringify(text)} names ${unknown.map((g) => `"${g}"`).join(", ")}, which discovery does not read: use ${[...must, ...may].join(", ")}.`,
      );
    }
    compiled[key] = pattern;
  }
  if (source.sitGroup.trim() === "") errors.push("The SIT area group must not be empty.");
  if (errors.length > 0 || !compiled.area || !compiled.plan || !compiled.areaNear || !compiled.planNear) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    value: {
      area: compiled.area,
      plan: compiled.plan,
      areaNear: compiled.areaNear,
      planNear: compiled.planNear,
      sitGroup: source.sitGroup,
      source,
    },
  };
}
