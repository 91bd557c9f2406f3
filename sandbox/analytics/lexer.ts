/**
 * Tokens of the OData expressions the sandbox reads (`$apply`, `$orderby`): names (dotted ones such as `Edm.Int32`
 * too), `$count`, string literals with `''` escapes, numbers, date and date-time literals, enum literals
 * (`Microsoft.VisualStudio.Services.Analytics.Model.Period'Month'`) and `( ) , /`.
 */
import { syntaxError } from "./errors";

export type Token =
  | { kind: "name"; text: string; pos: number }
  | { kind: "string"; value: string; pos: number }
  | { kind: "number"; value: number; integer: boolean; pos: number }
  | { kind: "datetime"; ms: number; hasOffset: boolean; pos: number; text: string }
  | { kind: "enum"; type: string; member: string; pos: number }
  | { kind: "punct"; text: "(" | ")" | "," | "/"; pos: number }
  | { kind: "end"; pos: number };

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?(Z|[+-]\d{2}:\d{2})?(?![A-Za-z0-9_.:-])/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\r" || c === "\n") {
      i++;
      continue;
    }
    const pos = i;
    if (c === "(" || c === ")" || c === "," || c === "/") {
      tokens.push({ kind: "punct", text: c, pos });
      i++;
      continue;
    }
    if (c === "'") {
      const { value, end } = readString(text, i);
      tokens.push({ kind: "string", value, pos });
      i = end;
      continue;
    }
    if (/\d/.test(c) || (c === "-" && /\d/.test(text[i + 1] ?? ""))) {
      const date = c === "-" ? null : DATE_TIME.exec(text.slice(i));
      if (date) {
        tokens.push(dateToken(date, text, pos));
        i += date[0].length;
        continue;
      }
      const m = /^-?\d+(\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
      if (!m) throw syntaxError(text, pos);
      const after = text[i + m[0].length];
      if (after !== undefined && NAME_PART.test(after)) throw syntaxError(text, i + m[0].length);
      tokens.push({ kind: "number", value: Number(m[0]), integer: m[1] === undefined && !/e/i.test(m[0]), pos });
      i += m[0].length;
      continue;
    }
    if (NAME_START.test(c) || (c === "$" && NAME_START.test(text[i + 1] ?? ""))) {
      let j = i + 1;
      while (j < text.length && (NAME_PART.test(text[j]) || (text[j] === "." && NAME_START.test(text[j + 1] ?? ""))))
        j++;
      const name = text.slice(i, j);
      if (text[j] === "'" && name.includes(".")) {
        const { value, end } = readString(text, j);
        tokens.push({ kind: "enum", type: name, member: value, pos });
        i = end;
        continue;
      }
      tokens.push({ kind: "name", text: name, pos });
      i = j;
      continue;
    }
    throw syntaxError(text, pos, `unexpected '${c}'`);
  }
  tokens.push({ kind: "end", pos: text.length });
  return tokens;
}

function readString(text: string, start: number): { value: string; end: number } {
  let value = "";
  let i = start + 1;
  for (;;) {
    if (i >= text.length) throw syntaxError(text, start, "unterminated string literal");
    if (text[i] === "'") {
      if (text[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += text[i];
    i++;
  }
}

function dateToken(m: RegExpExecArray, text: string, pos: number): Token {
  const [, y, mo, d, h = "00", mi = "00", s = "00", fraction = "", zone] = m;
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  )
    throw syntaxError(text, pos, `'${m[0]}' is not a valid date`);
  const millis = fraction === "" ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  let offsetMs = 0;
  if (zone && zone !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    offsetMs = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return { kind: "datetime", ms: base + millis - offsetMs, hasOffset: zone !== undefined, pos, text: m[0] };
}
