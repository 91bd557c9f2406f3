/**
 * Registry import from CSV: RFC 4180 parsing (quoted fields, doubled quotes, commas and line breaks inside quotes,
 * CRLF) and the mapping of each row to a RegistryEntry, with row-level errors so the preview can show exactly
 * what will not be imported and why. Pure.
 */
import { isValidMpid, isValidRoleCode } from "../../core/participant-role";
import { PlanSelection, RegistryEntry, Route, registryKey } from "../../core/settings";

export type CsvParse = { ok: true; rows: string[][] } | { ok: false; error: string };

export function parseCsv(text: string): CsvParse {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const src = text.replace(/^\uFEFF/, "");
  while (i < src.length) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field.trim() !== "")
        return { ok: false, error: `Line ${rows.length + 1}: a quote inside an unquoted field.` };
      field = "";
      quoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" || c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      if (c === "\r" && src[i + 1] === "\n") i++;
    } else field += c;
    i++;
  }
  if (quoted) return { ok: false, error: "The file ends inside a quoted field (a closing quote is missing)." };
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return { ok: true, rows: rows.filter((r) => !(r.length === 1 && r[0].trim() === "")) };
}

/** The columns an import understands (case and spaces in the header are ignored). */
export const CSV_COLUMNS = [
  "mpid",
  "roleCode",
  "participantName",
  "route",
  "window",
  "previousWindows",
  "testPlans",
  "areaPaths",
  "tags",
] as const;
const REQUIRED: readonly string[] = ["mpid", "roleCode", "participantName", "route"];

export const CSV_HELP =
  "Header row with mpid, roleCode, participantName, route (QT or SIT) and optionally window, previousWindows, " +
  'testPlans, areaPaths, tags. Lists are separated by ";". A test plan is its id, or id:suite|suite to select ' +
  'suites (e.g. "12:40|41"). Quote a value that contains a comma.';

export interface ImportRow {
  /** Line in the file (the header is line 1). */
  line: number;
  key: string;
  entry?: RegistryEntry;
  errors: string[];
  /** new: not in the registry; replace: replaces the registry's entry with the same key. */
  action: "new" | "replace" | "error";
}

export type CsvImport = { ok: true; rows: ImportRow[] } | { ok: false; error: string };

const norm = (h: string) => h.trim().replace(/\s+/g, "").toLowerCase();
const list = (v: string | undefined) =>
  (v ?? "")
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s !== "");

function parsePlans(text: string | undefined, errors: string[]): PlanSelection[] {
  return list(text).flatMap((p) => {
    const [id, suites] = p.split(":");
    const planId = Number(id.trim());
    if (!Number.isInteger(planId) || planId <= 0) {
      errors.push(`testPlans: "${p}" is not a plan id (a positive whole number, optionally :suite|suite).`);
      return [];
    }
    if (suites === undefined) return [{ planId }];
    const suiteIds = suites.split("|").map((s) => Number(s.trim()));
    if (suiteIds.some((s) => !Number.isInteger(s) || s <= 0)) {
      errors.push(`testPlans: "${p}" has a suite id that is not a positive whole number.`);
      return [];
    }
    return [{ planId, suiteIds }];
  });
}

/** Maps the parsed rows to entries; `existing` decides new vs replace. */
export function importRegistryCsv(text: string, existing: readonly RegistryEntry[]): CsvImport {
  const parsed = parseCsv(text);
  if (!parsed.ok) return parsed;
  if (parsed.rows.length === 0) return { ok: false, error: "The file is empty." };
  const header = parsed.rows[0].map(norm);
  const known = new Map(CSV_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length > 0) {
    return { ok: false, error: `Unknown column(s): ${unknown.join(", ")}. ${CSV_HELP}` };
  }
  const missing = REQUIRED.filter((r) => !header.includes(r.toLowerCase()));
  if (missing.length > 0) return { ok: false, error: `Missing column(s): ${missing.join(", ")}. ${CSV_HELP}` };
  const keys = new Set(existing.map(registryKey));
  const seen = new Map<string, number>();
  const rows = parsed.rows.slice(1).map((cells, index): ImportRow => {
    const line = index + 2;
    const errors: string[] = [];
    const get = (column: string) => {
      const at = header.indexOf(column.toLowerCase());
      return at >= 0 ? (cells[at] ?? "").trim() : undefined;
    };
    if (cells.length !== header.length) {
      errors.push(`Has ${cells.length} value(s) but the header has ${header.length} column(s).`);
    }
    const mpid = (get("mpid") ?? "").toUpperCase();
    const roleCode = (get("roleCode") ?? "").toUpperCase();
    const participantName = get("participantName") ?? "";
    const route = (get("route") ?? "").toUpperCase();
    if (!isValidMpid(mpid)) errors.push(`mpid: "${mpid}" must be exactly four letters A–Z.`);
    if (!isValidRoleCode(roleCode)) errors.push(`roleCode: "${roleCode}" must be 1–2 letters or digits.`);
    if (participantName === "") errors.push("participantName is empty.");
    if (route !== "QT" && route !== "SIT") errors.push(`route: "${route}" must be QT or SIT.`);
    const testPlans = parsePlans(get("testPlans"), errors);
    const key = `${mpid}-${roleCode}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) errors.push(`${key} is also on line ${earlier}.`);
    seen.set(key, line);
    if (errors.length > 0) return { line, key, errors, action: "error" };
    const window = get("window");
    const previousWindows = list(get("previousWindows"));
    const areaPaths = list(get("areaPaths"));
    const tags = list(get("tags"));
    const entry: RegistryEntry = {
      mpid,
      roleCode,
      participantName,
      route: route as Route,
      ...(window ? { window } : {}),
      ...(previousWindows.length > 0 ? { previousWindows } : {}),
      testPlans,
      defectScope: { ...(areaPaths.length > 0 ? { areaPaths } : {}), ...(tags.length > 0 ? { tags } : {}) },
    };
    return { line, key, entry, errors, action: keys.has(key) ? "replace" : "new" };
  });
  return { ok: true, rows };
}

/** The registry with the importable rows applied: replaced in place, new ones appended. */
export function applyImport(registry: readonly RegistryEntry[], rows: readonly ImportRow[]): RegistryEntry[] {
  const incoming = new Map(rows.filter((r) => r.entry).map((r) => [r.key, r.entry as RegistryEntry]));
  const out = registry.map((e) => {
    const replacement = incoming.get(registryKey(e));
    if (replacement) incoming.delete(registryKey(e));
    return replacement ?? e;
  });
  return [...out, ...incoming.values()];
}
