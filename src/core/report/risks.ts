import { pointName } from "../item-names";
import { datePart } from "./format";
import { CRITERION_STATUS_LABELS, POINT_STATUS_LABELS } from "./labels";
import { defectRef, testRef } from "./rows";
import { DefectRow, ReportCriterion, ReportItemRef, ResidualRisk, TestRow } from "./types";

export interface RiskInputs {
  criteria: readonly ReportCriterion[];
  problems: readonly string[];
  tests: readonly TestRow[];
  defects: readonly DefectRow[];
}

/**
 * What stays true after exit: criteria that are not met (or cannot be judged), problems that stopped the
 * assessment, open Sev3/Sev4 defects living on agreed mitigations, tests accepted or descoped without a pass,
 * and open Sev5 defects. Ordered from what blocks exit to what is only listed.
 */
export function residualRisks(input: RiskInputs): ResidualRisk[] {
  return [
    ...input.criteria.filter(isOpenCriterion).map(criterionRisk),
    ...input.problems.map((problem): ResidualRisk => ({
      category: "assessment-problem",
      statement: problem,
      items: [],
    })),
    ...input.defects.filter(livesOnMitigation).map(mitigatedDefectRisk),
    ...input.tests.filter((t) => t.waiver === "present" && isUnpassedRun(t)).map(waivedTestRisk),
    ...input.tests.filter((t) => t.waiver === "present" && !isUnpassedRun(t)).map(descopedTestRisk),
    ...input.defects.filter((d) => d.outstanding && d.severity === 5).map(cosmeticDefectRisk),
  ];
}

/** E5 pending is what this report is for, so it is not a risk; every other criterion that is not met is. */
function isOpenCriterion(c: ReportCriterion): boolean {
  if (c.status === "met") return false;
  return !(c.id === "E5" && c.status === "pending");
}

/** Reasons that give context or record what is fine (execution figures, approved points, agreed mitigations). */
const CONTEXT_REASONS = new Set(["execution", "points-waived", "mitigations-agreed", "report-submitted"]);

function criterionRisk(c: ReportCriterion): ResidualRisk {
  const blocking = c.reasons.filter((r) => !CONTEXT_REASONS.has(r.code));
  const reasons = blocking.length > 0 ? blocking : c.reasons;
  const messages = reasons.map((r) => r.message);
  const items: ReportItemRef[] = [];
  const seen = new Set<string>();
  for (const ref of reasons.flatMap((r) => r.items)) {
    const key = `${ref.kind}|${String(ref.id)}`;
    if (!seen.has(key)) {
      seen.add(key);
      items.push(ref);
    }
  }
  const statement = `${c.id} ${c.title}: ${CRITERION_STATUS_LABELS[c.status].toLowerCase()}.${messages.length ? ` ${messages.join(" ")}` : ""}`;
  return { category: "unmet-criterion", statement, items };
}

const livesOnMitigation = (d: DefectRow) =>
  d.outstanding && (d.severity === 3 || d.severity === 4) && d.agreement === "present";

function mitigatedDefectRisk(d: DefectRow): ResidualRisk {
  const record = d.agreementRecord;
  const agreed = record ? ` agreed by ${record.body} (${record.agreedBy}, ${datePart(record.agreedAt)})` : " agreed";
  return {
    category: "mitigated-defect",
    statement: `${d.severityLabel} defect ${d.id} stays open (${d.state}) with its impact assessment and mitigation plan${agreed}.`,
    items: [defectRef(d)],
  };
}

/** A run that did not pass (failed or blocked), as opposed to a test that never ran to a verdict. */
const isUnpassedRun = (t: TestRow) => t.status === "failed" || t.status === "blocked";

function approvalText(t: TestRow, verb: string): string {
  const a = t.approval;
  return a ? `${verb} by ${a.body} (${a.approvedBy}, ${datePart(a.approvedAt)}): ${a.reason}` : verb;
}

function waivedTestRisk(t: TestRow): ResidualRisk {
  return {
    category: "waived-test",
    statement: `“${pointName({ id: t.pointId, title: t.testCaseTitle, configurationName: t.configurationName })}” ${POINT_STATUS_LABELS[t.status].toLowerCase()}; ${approvalText(t, "accepted")}`,
    items: [testRef(t)],
  };
}

function descopedTestRisk(t: TestRow): ResidualRisk {
  return {
    category: "descoped-test",
    statement: `“${pointName({ id: t.pointId, title: t.testCaseTitle, configurationName: t.configurationName })}” was not executed (${POINT_STATUS_LABELS[t.status].toLowerCase()}); ${approvalText(t, "descoped")}`,
    items: [testRef(t)],
  };
}

function cosmeticDefectRisk(d: DefectRow): ResidualRisk {
  return {
    category: "cosmetic-defect",
    statement: `Sev5 defect ${d.id} stays open (${d.state}); cosmetic defects are listed and never block exit.`,
    items: [defectRef(d)],
  };
}
