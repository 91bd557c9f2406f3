/** QA&P Appendix D severity levels. */
export type SeverityLevel = 1 | 2 | 3 | 4 | 5;
export const SEVERITY_LEVELS: readonly SeverityLevel[] = [1, 2, 3, 4, 5];

/** A defect's severity after normalisation: a level, or unclassified (blocking until someone classifies it). */
export type Severity = SeverityLevel | "unclassified";
export const SEVERITIES: readonly Severity[] = [1, 2, 3, 4, 5, "unclassified"];

/** The definitions in our own words, for tooltips, reports and the settings hub. */
export const SEVERITY_DEFINITIONS: Readonly<Record<SeverityLevel, { label: string; meaning: string }>> = {
  1: {
    label: "Sev1 – critical",
    meaning:
      "Stops people using their systems, badly harms their own or other participants' business, costs a lot of money, or loses or corrupts data that matters.",
  },
  2: {
    label: "Sev2 – major",
    meaning:
      "Seriously but not critically harms use of the systems or costs some money: a material part unavailable, large areas untestable, testing badly held up.",
  },
  3: {
    label: "Sev3 – moderate",
    meaning: "A major impact that a work-around reduces, or a moderate impact on use of the systems.",
  },
  4: { label: "Sev4 – minor", meaning: "A minor impact on use of the systems." },
  5: { label: "Sev5 – cosmetic", meaning: "Minimal or cosmetic; listed, never an exit blocker." },
};

export function severityLabel(severity: Severity): string {
  return severity === "unclassified" ? "Unclassified" : `Sev${severity}`;
}

/** Which severities block exit outright (E1/E2). Unclassified values count as Sev1 until classified. */
export function isBlockingSeverity(severity: Severity): boolean {
  return severity === 1 || severity === 2 || severity === "unclassified";
}

export function isMitigationSeverity(severity: Severity): boolean {
  return severity === 3 || severity === 4;
}

/** Case, surrounding space and space around hyphens do not distinguish two severity values. */
export function canonicalSeverityText(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/\s*-\s*/g, " - ")
    .replace(/\s+/g, " ");
}

const NUMBERED_FORM = /^(?:sev(?:erity)?|s)?\s*\.?\s*([1-5])(?:\s*(?:-|–|:)\s*.*)?$/;

export interface SeverityMapping {
  /** Organisation value → level. Keys are compared after {@link canonicalSeverityText}. */
  map: Readonly<Record<string, SeverityLevel>>;
  /** Also read `1`, `Sev 1`, `Sev1`, `S1`, `Severity 1`, `1 - Critical` as their number. */
  inferFromNumber: boolean;
}

export interface ClassifiedSeverity {
  severity: Severity;
  /** How the level was found, so the settings hub can show values that only inference classifies. */
  via: "map" | "number" | "none";
}

/** A compiled mapping: canonicalise the map's keys once, not once per defect. */
export function compileSeverityMapping(mapping: SeverityMapping): (raw: unknown) => ClassifiedSeverity {
  const table = new Map<string, SeverityLevel>();
  for (const [key, level] of Object.entries(mapping.map)) table.set(canonicalSeverityText(key), level);
  const cache = new Map<string, ClassifiedSeverity>();
  return (raw) => {
    if (raw === null || raw === undefined) return { severity: "unclassified", via: "none" };
    const text = typeof raw === "string" ? raw : typeof raw === "number" ? String(raw) : "";
    const cached = cache.get(text);
    if (cached) return cached;
    const canonical = canonicalSeverityText(text);
    let result: ClassifiedSeverity = { severity: "unclassified", via: "none" };
    const mapped = table.get(canonical);
    if (mapped !== undefined) result = { severity: mapped, via: "map" };
    else if (mapping.inferFromNumber && canonical.length > 0) {
      const match = NUMBERED_FORM.exec(canonical);
      if (match) result = { severity: Number(match[1]) as SeverityLevel, via: "number" };
    }
    cache.set(text, result);
    return result;
  };
}
