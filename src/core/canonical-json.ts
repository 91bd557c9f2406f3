import { sha256 } from "@noble/hashes/sha256";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils";

/**
 * JSON with object keys sorted by code unit and no white space (the JCS shape for the values our models hold:
 * strings, finite numbers, booleans, null, arrays, plain objects). `undefined` members are left out, as
 * JSON.stringify does. Anything else is a programming error and throws, so a hash is never taken of a lossy form.
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts, "$");
  return parts.join("");
}

function write(value: unknown, out: string[], path: string): void {
  if (value === null) out.push("null");
  else if (typeof value === "string") out.push(JSON.stringify(value));
  else if (typeof value === "boolean") out.push(value ? "true" : "false");
  else if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is not a finite number`);
    out.push(JSON.stringify(value));
  } else if (Array.isArray(value)) {
    out.push("[");
    value.forEach((item, i) => {
      if (i > 0) out.push(",");
      write(item === undefined ? null : item, out, `${path}[${i}]`);
    });
    out.push("]");
  } else if (isPlainObject(value)) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    out.push("{");
    keys.forEach((k, i) => {
      if (i > 0) out.push(",");
      out.push(JSON.stringify(k), ":");
      write(record[k], out, `${path}.${k}`);
    });
    out.push("}");
  } else {
    throw new TypeError(
      `canonicalJson: ${path} holds ${Object.prototype.toString.call(value)}, which JSON cannot carry faithfully`,
    );
  }
}

/** A plain object from any realm (another frame's or a test VM's Object.prototype counts too). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** The SHA-256 of a value's canonical JSON: equal values give equal hashes, whatever their key order. */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
