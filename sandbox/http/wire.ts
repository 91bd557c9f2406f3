/**
 * Values whose wire form depends on what the client asked for in its Accept header, as the service does:
 * enums as names or numbers (`enumsAsNumbers=true`) and dates as ISO strings or `/Date(ms)/` (`msDateFormat=true`).
 * Route handlers build responses with these wrappers; the serializer resolves them per request.
 */
export class WireEnum {
  constructor(
    readonly name: string,
    readonly value: number,
  ) {}
}

export class WireDate {
  constructor(readonly iso: string) {}
}

/** An enum table: names in the casing the service uses, with their numeric values. */
export type EnumTable = Readonly<Record<string, number>>;

export function wireEnum(table: EnumTable, name: string): WireEnum {
  const value = table[name];
  if (value === undefined) throw new Error(`sandbox: "${name}" is not in the enum table`);
  return new WireEnum(name, value);
}

export const wireDate = (iso: string | undefined): WireDate | undefined =>
  iso === undefined ? undefined : new WireDate(iso);

export interface WireOptions {
  enumsAsNumbers: boolean;
  msDateFormat: boolean;
  noArrayWrap: boolean;
  excludeUrls: boolean;
  apiVersion?: string;
}

/** Reads the options the official clients put in `Accept: application/json;api-version=…;enumsAsNumbers=true…`. */
export function wireOptions(accept: string | undefined): WireOptions {
  const params = new Map<string, string>();
  for (const part of (accept ?? "").split(/[;,]/)) {
    const [k, v] = part.split("=").map((s) => s.trim());
    if (k && v !== undefined) params.set(k.toLowerCase(), v);
  }
  const flag = (k: string) => params.get(k.toLowerCase()) === "true";
  return {
    enumsAsNumbers: flag("enumsAsNumbers"),
    msDateFormat: flag("msDateFormat"),
    noArrayWrap: flag("noArrayWrap"),
    excludeUrls: flag("excludeUrls"),
    apiVersion: params.get("api-version"),
  };
}

/** Stands in for an MS-JSON date until the text is written; NUL cannot come from real data unescaped. */
const MS_DATE_MARK = "\u0000msdate:";
const MS_DATE_WRITTEN = /"\\u0000msdate:(-?\d+)"/g;

/**
 * Resolves wrappers and drops undefined members; arrays at the top are wrapped as `{count, value}` unless asked
 * not to. MS-JSON dates are written as the service writes them, `"\/Date(ms)\/"` with escaped slashes, which is
 * the form the browser clients turn back into Date objects.
 */
export function serialize(body: unknown, options: WireOptions): string {
  const top = Array.isArray(body) && !options.noArrayWrap ? { count: body.length, value: body } : body;
  // Resolving first and stringifying without a replacer keeps JSON.stringify on its fast path.
  const text = JSON.stringify(resolve(top, options));
  return options.msDateFormat && text.includes("msdate:") ? text.replace(MS_DATE_WRITTEN, '"\\/Date($1)\\/"') : text;
}

function resolve(value: unknown, options: WireOptions): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof WireEnum) return options.enumsAsNumbers ? value.value : value.name;
  if (value instanceof WireDate) return options.msDateFormat ? `${MS_DATE_MARK}${Date.parse(value.iso)}` : value.iso;
  if (Array.isArray(value)) return value.map((item) => resolve(item, options));
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return value;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) out[key] = resolve(member, options);
  }
  return out;
}
