/**
 * What changed between two versions of the settings, line by line, as a reviewer reads a diff: the lines removed
 * and added, with a few unchanged lines around each change for context and the rest folded. Both versions are
 * compared as pretty JSON with keys in a stable order, so a save that only reorders keys shows no change.
 */
import { diffLines } from "diff";

export type DiffLine =
  | { kind: "same" | "added" | "removed"; text: string }
  /** Unchanged lines left out between changes. */
  | { kind: "folded"; count: number };

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/** Pretty JSON with sorted keys; text that is not JSON is compared as it is. */
export function comparableSettingsText(text: string): string {
  if (text.trim() === "") return "";
  try {
    return `${JSON.stringify(sorted(JSON.parse(text)), null, 2)}\n`;
  } catch {
    return text.endsWith("\n") ? text : `${text}\n`;
  }
}

export function settingsDiff(before: string, after: string, context = 3): DiffLine[] {
  const lines: Exclude<DiffLine, { kind: "folded" }>[] = [];
  for (const part of diffLines(comparableSettingsText(before), comparableSettingsText(after))) {
    const kind = part.added ? "added" : part.removed ? "removed" : "same";
    for (const text of part.value.replace(/\n$/, "").split("\n")) lines.push({ kind, text });
  }
  const near = lines.map(() => false);
  lines.forEach((line, i) => {
    if (line.kind === "same") return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) near[j] = true;
  });
  const out: DiffLine[] = [];
  for (let i = 0; i < lines.length;) {
    if (near[i]) {
      out.push(lines[i++]);
      continue;
    }
    let count = 0;
    while (i < lines.length && !near[i]) {
      count++;
      i++;
    }
    out.push({ kind: "folded", count });
  }
  return out;
}
