import { reportHash } from "./model";
import { CompletionReport, REPORT_FORMAT, REPORT_FORMAT_VERSION } from "./types";

export interface CompletionReportEnvelope {
  format: typeof REPORT_FORMAT;
  formatVersion: typeof REPORT_FORMAT_VERSION;
  /** SHA-256 of the canonical JSON of `report`. */
  sha256: string;
  report: CompletionReport;
}

/** The report in a versioned envelope carrying its hash; pretty-printed with sorted keys, ending in a newline. */
export function renderJson(report: CompletionReport): string {
  const envelope: CompletionReportEnvelope = {
    format: REPORT_FORMAT,
    formatVersion: REPORT_FORMAT_VERSION,
    sha256: reportHash(report),
    report,
  };
  return `${prettySortedJson(envelope)}\n`;
}

/**
 * JSON indented by two spaces with object keys in code-unit order (the order canonical JSON uses), so the
 * file diffs cleanly and reads the same whatever order the keys were built in. Same value rules as
 * canonicalJson: undefined members are left out, and anything JSON cannot carry faithfully throws.
 */
export function prettySortedJson(value: unknown, indent = ""): string {
  if (value === null) return "null";
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("prettySortedJson: a number is not finite");
    return JSON.stringify(value);
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((item: unknown) => `${inner}${prettySortedJson(item === undefined ? null : item, inner)}`);
    return `[\n${items.join(",\n")}\n${indent}]`;
  }
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    if (keys.length === 0) return "{}";
    const members = keys.map((k) => `${inner}${JSON.stringify(k)}: ${prettySortedJson(record[k], inner)}`);
    return `{\n${members.join(",\n")}\n${indent}}`;
  }
  throw new TypeError(`prettySortedJson: a ${typeof value} cannot be written as JSON faithfully`);
}
