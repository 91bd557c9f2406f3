import { caused, WiqlError } from "./errors";

export type TokenKind =
  | "word" // keywords and bare field names: SELECT, AND, System.State
  | "field" // [System.State], [Work Item Type]
  | "string" // 'Active' (also "Active"); doubled quotes escape
  | "number"
  | "macro" // @project, @Today, @Me
  | "op" // = <> < > <= >= + -
  | "("
  | ")"
  | ","
  | "eof";

export interface Token {
  kind: TokenKind;
  /** The token's value: the text inside brackets or quotes, the word, the operator. */
  value: string;
  /** The token as written, for error messages (`[Custom.Nope]`, `'Active'`). */
  raw: string;
  offset: number;
}

const OPERATORS = ["<>", "<=", ">=", "=", "<", ">", "+", "-"];

/** Splits a WIQL statement into tokens. Whitespace (including newlines) separates; nothing else is skipped. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, value: string, start: number) =>
    tokens.push({ kind, value, raw: text.slice(start, i), offset: start });

  while (i < text.length) {
    const c = text[i];
    const start = i;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "[") {
      const end = text.indexOf("]", i + 1);
      if (end < 0) throw new WiqlError(`Expecting ']'. ${caused(text.slice(i))}`);
      i = end + 1;
      push("field", text.slice(start + 1, end).trim(), start);
    } else if (c === "'" || c === '"') {
      i += quotedLength(text, start);
      // A doubled quote inside the literal stands for one.
      push(
        "string",
        text
          .slice(start + 1, i - 1)
          .split(c + c)
          .join(c),
        start,
      );
    } else if (/\d/.test(c)) {
      const m = /^\d+(\.\d+)?/.exec(text.slice(i)) as RegExpExecArray;
      i += m[0].length;
      push("number", m[0], start);
    } else if (c === "@") {
      const m = /^@[A-Za-z_]\w*/.exec(text.slice(i));
      if (!m) throw new WiqlError(`Expecting a macro name. ${caused(c)}`);
      i += m[0].length;
      push("macro", m[0].slice(1), start);
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w.]*/.exec(text.slice(i)) as RegExpExecArray;
      i += m[0].length;
      push("word", m[0], start);
    } else if (c === "(" || c === ")" || c === ",") {
      i++;
      push(c, c, start);
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (!op) throw new WiqlError(`Unexpected character. ${caused(c)}`);
      i += op.length;
      push("op", op, start);
    }
  }
  tokens.push({ kind: "eof", value: "", raw: "", offset: text.length });
  return tokens;
}

/** Length of the quoted literal starting at `start`, quotes included. */
function quotedLength(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  for (;;) {
    if (i >= text.length) throw new WiqlError(`The string literal is not terminated. ${caused(text.slice(start))}`);
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1 - start;
    } else i++;
  }
}
