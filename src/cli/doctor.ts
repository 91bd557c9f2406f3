/** `qt-assure doctor`: the set-up's weaknesses, as src/ado/health.ts finds them, in text or JSON. */
import { Finding } from "../ado/health";
import { EXIT } from "./io";

const MARK = { ok: "ok  ", weak: "WEAK", "not-checked": "??  " } as const;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

export function doctorText(findings: readonly Finding[]): string {
  const lines = findings.map((f) => {
    const detail = f.detail
      .split("\n")
      .flatMap((line) => wrap(line, 100))
      .map((line) => `       ${line}`)
      .join("\n");
    return `[${MARK[f.status]}] ${f.title}\n${detail}`;
  });
  const weak = findings.filter((f) => f.status === "weak").length;
  const unchecked = findings.filter((f) => f.status === "not-checked").length;
  const summary =
    weak === 0
      ? `No weakness found${unchecked > 0 ? `; ${unchecked} not checked` : ""}.`
      : `${weak} weakness${weak === 1 ? "" : "es"} found${unchecked > 0 ? `, ${unchecked} not checked` : ""}: see docs/security.md.`;
  return `${lines.join("\n\n")}\n\n${summary}\n`;
}

export function doctorJson(findings: readonly Finding[]): string {
  return `${JSON.stringify({ format: "qt-assurance.cli.doctor", formatVersion: 1, findings }, null, 2)}\n`;
}

/** 1 when something is weak (as a blocked gate), 0 otherwise: a check that could not run is said, not failed. */
export function doctorExit(findings: readonly Finding[]): number {
  return findings.some((f) => f.status === "weak") ? EXIT.blocked : EXIT.ok;
}
