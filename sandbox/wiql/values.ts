import { FieldDef, WorkItem } from "../state";
import { Literal } from "./ast";
import { expecting, unsupported } from "./errors";

/**
 * How a field's values compare in WIQL: numbers and dates by value; text, tree paths and identities
 * case-insensitively; tags (`System.Tags`, a `; `-separated list) tag by tag.
 */
export type FieldKind = "number" | "date" | "path" | "identity" | "tags" | "text";

export function kindOf(field: FieldDef): FieldKind {
  if (field.referenceName.toLowerCase() === "system.tags") return "tags";
  switch (field.type) {
    case "integer":
    case "double":
      return "number";
    case "dateTime":
      return "date";
    case "treePath":
      return "path";
    case "identity":
      return "identity";
    default:
      return "text";
  }
}

/** Reads a field's stored value; `System.Id` and `System.Rev` come from the item itself. */
export function getter(field: FieldDef): (item: WorkItem) => unknown {
  const ref = field.referenceName;
  if (ref.toLowerCase() === "system.id") return (item) => item.id;
  if (ref.toLowerCase() === "system.rev") return (item) => item.rev;
  return (item) => item.fields[ref];
}

/** A stored value as text (lower-cased), or undefined when empty: WIQL does not tell a missing field from ''. */
export function text(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === "object") {
    const identity = raw as { displayName?: unknown; uniqueName?: unknown };
    if (typeof identity.displayName === "string") return identityForms(raw)[0];
    return undefined;
  }
  const s = String(raw).toLowerCase();
  return s === "" ? undefined : s;
}

export function number(raw: unknown): number | undefined {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === "string" && raw.trim() !== "" && Number.isFinite(Number(raw))) return Number(raw);
  return undefined;
}

export function date(raw: unknown): number | undefined {
  if (raw instanceof Date) return raw.getTime();
  if (typeof raw !== "string" || raw === "") return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The ways a query may name a person: display name, unique name, or `Display Name <unique@name>`. */
export function identityForms(raw: unknown): string[] {
  if (raw && typeof raw === "object") {
    const { displayName, uniqueName } = raw as { displayName?: unknown; uniqueName?: unknown };
    const forms = [displayName, uniqueName].filter((s): s is string => typeof s === "string" && s !== "");
    if (typeof displayName === "string" && typeof uniqueName === "string") forms.push(`${displayName} <${uniqueName}>`);
    return forms.map((s) => s.toLowerCase());
  }
  if (typeof raw !== "string" || raw === "") return [];
  const combined = /^(.*?)\s*<([^>]+)>$/.exec(raw);
  const forms = combined ? [raw, combined[1], combined[2]] : [raw];
  return forms.map((s) => s.toLowerCase());
}

/** `client; sample; teamservices` → its tags, lower-cased. */
export function tags(raw: unknown): string[] {
  if (typeof raw !== "string") return [];
  return raw
    .split(";")
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== "");
}

const DAY_MS = 86_400_000;

/** Dates compare by day unless the query asked for time precision (`timePrecision=true`), as on the service. */
export const day = (ms: number) => Math.floor(ms / DAY_MS);

/** What macros stand for while a query runs. */
export interface MacroContext {
  project?: string;
  me?: { displayName: string; uniqueName: string };
  now: Date;
}

/** A literal as a value of a field's kind: lower-cased text, a number, or a date in epoch milliseconds. */
export function literalValue(literal: Literal, kind: FieldKind, macros: MacroContext): string | number {
  if (literal.kind === "macro") return macroValue(literal, kind, macros);
  if (kind === "number") {
    const n = number(literal.value);
    if (n === undefined) throw expecting("a number", literal.raw);
    return n;
  }
  if (kind === "date") {
    const ms = typeof literal.value === "string" ? date(literal.value) : undefined;
    if (ms === undefined) throw expecting("a date", literal.raw);
    return ms;
  }
  return String(literal.value).toLowerCase();
}

function macroValue(
  literal: Extract<Literal, { kind: "macro" }>,
  kind: FieldKind,
  macros: MacroContext,
): string | number {
  const name = literal.name.toLowerCase();
  if (name === "today") {
    if (kind !== "date") throw expecting("a field of type DateTime for @Today", literal.raw);
    const now = macros.now;
    return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + literal.offset * DAY_MS;
  }
  if (literal.offset !== 0) throw expecting("no offset after the macro", literal.raw);
  if (kind === "number" || kind === "date") throw expecting(kind === "number" ? "a number" : "a date", literal.raw);
  if (name === "project") {
    if (macros.project === undefined) {
      throw expecting("a project: @project can only be used in a query run in a project", literal.raw);
    }
    return macros.project.toLowerCase();
  }
  if (name === "me") {
    if (!macros.me) throw expecting("a signed-in user for @Me", literal.raw);
    const { displayName, uniqueName } = macros.me;
    return (kind === "identity" ? `${displayName} <${uniqueName}>` : displayName).toLowerCase();
  }
  throw unsupported(literal.raw, `the macro @${literal.name}`);
}
