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
import { CompletionReport, ReportItemRef } from "./types";

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
    ...agreedMitigations(report),
  ];
}

/** What each governing body agreed for each outstanding Sev3/Sev4 defect, and when it is to be resolved (E3). */
function agreedMitigations(report: CompletionReport): Block[] {
  const rows = report.defectSummary.outstandingDefects.filter((d) => d.severity === 3 || d.severity === 4);
  return [
    h3("defects-agreed", "Agreed impact and mitigation of outstanding Sev3/Sev4 defects"),
    {
      kind: "table",
      caption: "Agreed impact and mitigation",
      columns: cols("Defect", "Severity", "Agreed by", "Agreed impact", "Agreed mitigation", "Awaiting", "Resolve by"),
      rows: rows.map((d) => {
        const records = d.agreementRecords ?? (d.agreementRecord ? [d.agreementRecord] : []);
        return [
          link(String(d.id), d.url),
          text(severityText(d)),
          text(records.map((r) => `${r.body}: ${r.agreedBy}, ${r.agreedAt.slice(0, 10)}`).join("; ") || "Nobody yet"),
          text(
            records
              .map((r) => r.agreed?.impact ?? "")
              .filter(Boolean)
              .join(" | "),
          ),
          text(
            records
              .map((r) => r.agreed?.mitigation ?? "")
              .filter(Boolean)
              .join(" | "),
          ),
          text((d.awaiting ?? []).join(", ")),
          text(d.resolutionTarget ?? "Not set"),
        ];
      }),
      empty: "No Sev3 or Sev4 defect is outstanding.",
    },
  ];
}

/** Anything the engine read and could not recognise: listed, never counted silently. */
export function unrecognised(report: CompletionReport): Block[] {
  const u = report.unrecognised;
  if (!u) return [];
  const groups: [string, string, { value: string; items: ReportItemRef[] }[]][] = [
    ["Test outcomes Azure DevOps does not define (read as not run)", "outcome", u.outcomes],
    ["Defect states with no category (counted as outstanding)", "state", u.states],
    ["Severity values mapping to no QT level (treated as Sev1 while outstanding)", "severity", u.severities],
  ];
  return [
    h2("unrecognised", "9. Values not recognised"),
    {
      kind: "table",
      caption: "Values not recognised",
      columns: cols("What", "Value", "Items"),
      rows: groups.flatMap(([what, , list]) =>
        list.map((g) => [text(what), [span(JSON.stringify(g.value), { code: true })], refList(g.items)]),
      ),
      empty: "None: every outcome, state and severity read was recognised.",
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
