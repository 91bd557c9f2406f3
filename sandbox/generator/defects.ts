import { QtWindow } from "../../src/core/windows";
import { areaPathOf } from "./areas";
import { CastMember } from "./cast";
import { GenerationContext } from "./context";
import { Dice, dice } from "./dice";
import { EdgeCaseKind } from "./edge-cases";
import {
  BUG,
  BUG_STATES,
  BugState,
  IMPACT_FIELD,
  Level,
  MITIGATION_FIELD,
  QT_SEVERITIES,
  QT_SEVERITY_FIELD,
  STOCK_SEVERITY_FIELD,
  UNKNOWN_SEVERITY,
  stockSeverityFor,
} from "./process";
import { BASE_CASES, DEFECT_TITLES } from "./scenarios";
import { dayBetween, windowDays, workingTime } from "./timeline";

/** At scale 1 the heavy participant-role's defect scope holds this many work items: over WIQL's 20,000 limit. */
export const HEAVY_DEFECTS = 20_100;
/** ADO's WIQL result limit (VS402337). */
export const WIQL_LIMIT = 20_000;

type Severity = Level | "unknown" | "missing";

interface DefectSpec {
  severity: Severity;
  state: BugState;
  impact?: string;
  mitigation?: string;
}

const IMPACTS = [
  "<div>Delays settlement data by one day for affected metering points.</div>",
  "<div>Manual re-submission needed; <b>no data loss</b>.</div>",
  "<div>Affects about 2% of change of supplier requests.</div>",
  "<p>Reports show wrong totals until the overnight run.</p>",
];
const MITIGATIONS = [
  "<div>Operations re-send the message from the error queue daily.</div>",
  "<div>Fix scheduled for the next release; monitored by the service desk.</div>",
  "<p>Work-around agreed with the data service: manual reconciliation.</p>",
  "<div>Configuration change applied in UIT; retest booked.</div>",
];
/** Present but empty once markup and white space are removed: counts as missing. */
const MARKUP_ONLY = "<div><br></div><p>&nbsp;</p>";

const SEVERITY_WEIGHTS = { s1: 5, s2: 15, s3: 35, s4: 30, s5: 15 } as const;
const HEAVY_SEVERITY_WEIGHTS = { s1: 2, s2: 8, s3: 35, s4: 35, s5: 20 } as const;
const LEVEL: Readonly<Record<keyof typeof SEVERITY_WEIGHTS, Level>> = { s1: 1, s2: 2, s3: 3, s4: 4, s5: 5 };
const CLOSED_STATES = { Closed: 85, Removed: 15 } as const;
const OPEN_STATES = { New: 35, Active: 45, Resolved: 20 } as const;
const HEAVY_STATES = { Closed: 88, Removed: 4, Resolved: 3, Active: 4, New: 1 } as const;

/** Defects ("Bug" work items) of one participant-role, under its area path and tagged with its key. */
export function buildDefects(
  ctx: GenerationContext,
  member: CastMember,
  window: QtWindow | undefined,
  share: number,
): void {
  const d = dice(ctx.options.seed, "defects", member.key);
  const writer = defectWriter(ctx, member, window, d);
  const scale = ctx.options.scale;
  if (member.story === "empty") return;
  if (member.story === "heavy") {
    const count = Math.round(HEAVY_DEFECTS * Math.min(scale, 1));
    const first = ctx.ids.workItems.current + 1;
    for (let i = 0; i < count; i++) {
      const severity = LEVEL[d.weighted(HEAVY_SEVERITY_WEIGHTS)];
      writer.write(withNotes({ severity, state: d.weighted(HEAVY_STATES) }, d));
    }
    if (count > WIQL_LIMIT) {
      const ids = [first, ctx.ids.workItems.current];
      const note = `${count} defects, work items ${ids[0]}–${ids[1]}: one WIQL query over this scope fails (VS402337); partition it`;
      ctx.edgeCases.push({
        kind: "defect-scope-over-20000",
        participantRole: member.key,
        what: "work items",
        ids,
        note,
      });
    }
    return;
  }
  if (member.story === "matrix") matrixDefects(ctx, member, writer);

  const base = BASE_CASES[member.roleCode] * scale;
  const rate = member.route === "SIT" ? 0.04 : 0.02 + 0.06 * share;
  const count = Math.round(base * rate * d.jitter(0.5));
  const closedChance = member.story === "clean" ? 1 : 0.15 + 0.7 * share;
  for (let i = 0; i < count; i++) {
    const severity = LEVEL[d.weighted(SEVERITY_WEIGHTS)];
    const state: BugState = d.chance(closedChance) ? d.weighted(CLOSED_STATES) : d.weighted(OPEN_STATES);
    const spec: DefectSpec = { severity, state };
    if (member.story === "clean" && (severity === 3 || severity === 4)) {
      spec.impact = d.pick(IMPACTS);
      spec.mitigation = d.pick(MITIGATIONS);
    }
    writer.write(member.story === "clean" ? spec : withNotes(spec, d));
  }
}

/** Impact and mitigation as real data has them: mostly on Sev3/4, not always both. */
function withNotes(spec: DefectSpec, d: Dice): DefectSpec {
  const needsThem = spec.severity === 3 || spec.severity === 4;
  const hasImpact = d.chance(needsThem ? 0.7 : 0.3);
  const hasMitigation = d.chance(hasImpact ? 0.6 : 0.2);
  if (hasImpact) spec.impact = d.pick(IMPACTS);
  if (hasMitigation) spec.mitigation = d.pick(MITIGATIONS);
  return spec;
}

/** Every QT severity in every state, plus the severity and impact/mitigation edge cases. */
function matrixDefects(ctx: GenerationContext, member: CastMember, writer: DefectWriter): void {
  const record = (kind: EdgeCaseKind, ids: number[], note: string) =>
    ctx.edgeCases.push({ kind, participantRole: member.key, what: "work items", ids, note });
  const resolved: number[] = [];
  const removed: number[] = [];
  for (const level of [1, 2, 3, 4, 5] as const) {
    for (const { name } of BUG_STATES) {
      const full = level === 3 || level === 4;
      const id = writer.write({
        severity: level,
        state: name as BugState,
        impact: full ? IMPACTS[level - 1] : undefined,
        mitigation: full ? MITIGATIONS[level - 1] : undefined,
      });
      if (name === "Resolved") resolved.push(id);
      if (name === "Removed") removed.push(id);
    }
  }
  record("resolved-not-closed", resolved, "state Resolved (category Resolved): outstanding unless overridden");
  record("removed-defect", removed, "state Removed (category Removed): never outstanding");
  record(
    "unknown-severity",
    [writer.write({ severity: "unknown", state: "Active" })],
    `${QT_SEVERITY_FIELD} = "${UNKNOWN_SEVERITY}", not in the picklist`,
  );
  record("missing-severity", [writer.write({ severity: "missing", state: "New" })], `no ${QT_SEVERITY_FIELD} value`);
  record(
    "sev3-4-with-impact-and-mitigation",
    [writer.write({ severity: 3, state: "Active", impact: IMPACTS[0], mitigation: MITIGATIONS[0] })],
    "outstanding Sev3 with both fields filled",
  );
  record(
    "sev3-4-missing-impact-or-mitigation",
    [
      writer.write({ severity: 3, state: "Active", impact: IMPACTS[1] }),
      writer.write({ severity: 4, state: "Active", mitigation: MITIGATIONS[1] }),
      writer.write({ severity: 4, state: "New" }),
    ],
    "outstanding Sev3 with impact only, Sev4 with mitigation only, Sev4 with neither",
  );
  record(
    "markup-only-impact",
    [writer.write({ severity: 3, state: "Active", impact: MARKUP_ONLY, mitigation: MARKUP_ONLY })],
    "impact and mitigation hold only markup and &nbsp;: empty",
  );
}

interface DefectWriter {
  /** Adds the defect and returns its work item id. */
  write(spec: DefectSpec): number;
}

function defectWriter(ctx: GenerationContext, member: CastMember, window: QtWindow | undefined, d: Dice): DefectWriter {
  const { options, state, ids } = ctx;
  const days = windowDays(window, ctx.today);
  const areaPath = areaPathOf(options.projectName, member);
  const from = ctx.today >= days.execStart ? days.execStart : days.prepStart;
  return {
    write(spec) {
      const id = ids.workItems.next();
      const createdDay = dayBetween(from, Math.max(from, days.lastActive), d);
      const changedDay = dayBetween(createdDay, Math.max(createdDay, days.lastActive), d);
      const flow = `IF-${String(d.int(1, 40)).padStart(3, "0")}`;
      const fields: Record<string, unknown> = {
        "System.AreaPath": areaPath,
        "System.TeamProject": options.projectName,
        "System.IterationPath": options.projectName,
        "System.WorkItemType": BUG,
        "System.State": spec.state,
        "System.CreatedDate": workingTime(createdDay, d),
        "System.ChangedDate": "",
        "System.Title": d.pick(DEFECT_TITLES).replace("{flow}", flow),
        "System.Tags": d.chance(0.25) ? `${member.key}; ${d.pick(["Environment", "Data", "Retest"])}` : member.key,
        [STOCK_SEVERITY_FIELD]:
          typeof spec.severity === "number"
            ? stockSeverityFor(spec.severity)
            : spec.severity === "unknown"
              ? "1 - Critical"
              : "2 - High",
      };
      fields["System.ChangedDate"] =
        changedDay === createdDay ? fields["System.CreatedDate"] : workingTime(changedDay, d);
      if (spec.severity === "unknown") fields[QT_SEVERITY_FIELD] = UNKNOWN_SEVERITY;
      else if (typeof spec.severity === "number") fields[QT_SEVERITY_FIELD] = QT_SEVERITIES[spec.severity - 1];
      if (spec.impact !== undefined) fields[IMPACT_FIELD] = spec.impact;
      if (spec.mitigation !== undefined) fields[MITIGATION_FIELD] = spec.mitigation;
      state.workItems.set(id, { id, rev: 1 + (spec.state === "New" ? 0 : d.int(1, 4)), fields });
      return id;
    },
  };
}
