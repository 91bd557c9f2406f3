import { ProgrammeSummary, WindowSummary } from "./summary";

const PHASE: Readonly<Record<WindowSummary["phase"], string>> = {
  "not-started": "not started",
  "environment-preparation": "environment preparation",
  "awaiting-execution": "awaiting execution",
  execution: "in execution",
  closed: "closed",
  sit: "qualified through SIT",
};

const number = (n: number) => n.toLocaleString("en-GB");
const percent = (part: number, whole: number) => (whole === 0 ? "–" : `${Math.floor((100 * part) / whole)}%`);

/** Columns padded to their widest cell; numbers right-aligned. */
function columns(rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd(),
  );
}

/** The programme as `npm start` prints it: participant-roles per window with their counts. */
export function formatProgrammeTable(summary: ProgrammeSummary): string[] {
  const { totals, parameters } = summary;
  const lines = [
    `${summary.project}: ${number(totals.participantRoles)} participant-roles, ${number(totals.plans)} test plans, ` +
      `${number(totals.points)} test points, ${number(totals.defects)} defects ` +
      `(seed ${parameters.seed}, scale ${parameters.scale}, today ${parameters.today})`,
  ];
  const header = [
    "",
    "participant-role",
    "participant",
    "plan",
    "points",
    "executed",
    "passed",
    "defects",
    "outstanding",
  ];
  const rows: string[][] = [header];
  const windowRows = new Map<number, string>();
  for (const w of summary.windows) {
    windowRows.set(rows.length, `${w.name} (${w.id}): ${PHASE[w.phase]}`);
    rows.push(header.map(() => ""));
    for (const pr of w.participantRoles) {
      rows.push([
        "",
        pr.key,
        pr.participantName,
        pr.planIds.join(", ") || "–",
        number(pr.activePoints),
        percent(pr.executedPoints, pr.activePoints),
        percent(pr.passedPoints, pr.activePoints),
        number(pr.defects),
        number(pr.outstandingDefects),
      ]);
    }
  }
  const formatted = columns(rows, new Set([3, 4, 5, 6, 7, 8]));
  formatted.forEach((line, i) => lines.push(windowRows.get(i) ?? line));
  return lines;
}
