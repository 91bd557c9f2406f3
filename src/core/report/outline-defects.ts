/** Outline sections on defects and exit: defects by severity, exit criteria, residual risks, annex of defects. */
import { Block, plain, span } from "./document";
import { plural, yesNo } from "./format";
import { CRITERION_STATUS_LABELS, EXIT_RULE_LABELS, RISK_CATEGORY_LABELS } from "./labels";
import {
  h2,
  h3,
  cols,
  CRITERION_TONES,
  agreementText,
  link,
  countedOf,
  notCounted,
  refList,
  severityText,
  text,
} from "./outline-parts";
import { CompletionReport } from "./types";

export function defects(report: CompletionReport): Block[] {
  const s = report.defectSummary;
  if (!countedOf(report).defects)
    return [
      h2("defects", "5. Defects by severity"),
      notCounted("the defects were not read completely, so no defect is counted or listed as outstanding"),
    ];
  return [
    h2("defects", "5. Defects by severity"),
    {
      kind: "table",
      caption: "Defects by severity",
      columns: cols("Severity", "#Outstanding", "#Closed", "#Total", "Exit rule"),
      rows: [
        ...s.bySeverity.map((c) => [
          text(c.label),
          text(c.outstanding),
          text(c.closed),
          text(c.total),
          text(EXIT_RULE_LABELS[c.exitRule]),
        ]),
        [[span("All", { strong: true })], text(s.outstanding), text(s.closed), text(s.total), text("")],
      ],
      empty: "None.",
    },
    {
      kind: "paragraph",
      content: plain(
        `Mitigation gaps (E3): ${plural(s.mitigationGaps, "outstanding Sev3/Sev4 defect")} without an impact assessment, a mitigation plan or a current Code Body agreement.`,
      ),
    },
    h3("defects-outstanding", "Outstanding defects"),
    {
      kind: "table",
      caption: "Outstanding defects",
      columns: cols(
        "Defect",
        "Title",
        "Severity",
        "State",
        "Impact assessed",
        "Mitigation planned",
        "Mitigation agreement",
      ),
      rows: s.outstandingDefects.map((d) => [
        link(String(d.id), d.url),
        text(d.title),
        text(severityText(d)),
        text(d.state),
        text(yesNo(d.hasImpact)),
        text(yesNo(d.hasMitigation)),
        agreementText(d),
      ]),
      empty: "No defects are outstanding.",
    },
  ];
}

export function exitCriteria(report: CompletionReport): Block[] {
  const blocks: Block[] = [
    h2("exit-criteria", "6. Exit criteria evaluation"),
    {
      kind: "table",
      caption: "Exit criteria",
      columns: cols("Criterion", "Title", "Status"),
      rows: report.exitCriteria.map((c) => [
        text(c.id),
        text(c.title),
        [span(CRITERION_STATUS_LABELS[c.status], { strong: true, tone: CRITERION_TONES[c.status] })],
      ]),
      empty: "No criteria were evaluated.",
    },
  ];
  for (const c of report.exitCriteria) {
    blocks.push(h3(`criterion-${c.id.toLowerCase()}`, `${c.id} ${c.title}: ${CRITERION_STATUS_LABELS[c.status]}`));
    blocks.push({
      kind: "list",
      items: c.reasons.map((r) =>
        r.items.length ? [span(`${r.message} `), span("Items: "), ...refList(r.items)] : plain(r.message),
      ),
    });
  }
  return blocks;
}

export function risks(report: CompletionReport): Block[] {
  return [
    h2("residual-risks", "7. Residual risks"),
    {
      kind: "table",
      caption: "Residual risks",
      columns: cols("#No.", "Category", "Risk", "Items"),
      rows: report.residualRisks.map((r, i) => [
        text(i + 1),
        text(RISK_CATEGORY_LABELS[r.category]),
        text(r.statement),
        refList(r.items),
      ]),
      empty: "No residual risks were identified.",
    },
  ];
}

export function annexDefects(report: CompletionReport): Block[] {
  return [
    h2("annex-defects", "Annex B. Defects"),
    {
      kind: "table",
      caption: "Defects",
      columns: cols(
        "Defect",
        "Title",
        "Type",
        "Severity",
        "State",
        "Outstanding",
        "Impact assessed",
        "Mitigation planned",
        "Mitigation agreement",
        "Area path",
      ),
      rows: report.defects.map((d) => [
        link(String(d.id), d.url),
        text(d.title),
        text(d.workItemType),
        text(severityText(d)),
        text(d.state),
        text(yesNo(d.outstanding)),
        text(yesNo(d.hasImpact)),
        text(yesNo(d.hasMitigation)),
        agreementText(d),
        text(d.areaPath),
      ]),
      empty: "No defects are in scope.",
    },
  ];
}
