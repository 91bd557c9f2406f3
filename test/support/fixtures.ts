import {
  Approvals,
  emptyApprovals,
  recordEntryItem,
  recordMitigationAgreement,
  recordSignOff,
  recordSubmission,
  recordWaiver,
  revokeWaiver,
} from "../../src/core/approvals";
import { assess } from "../../src/core/assess";
import { Assessment } from "../../src/core/assessment";
import { UserRef } from "../../src/core/audit";
import { sha256Hex } from "../../src/core/canonical-json";
import { COMPLETE, DefectFact, ParticipantRoleFacts, PointFact } from "../../src/core/facts";
import { CompletionReport, buildCompletionReport } from "../../src/core/report";
import { Result } from "../../src/core/result";
import { Settings, defaultSettings } from "../../src/core/settings";

/**
 * A realistic, fixed QT scenario for the completion report: Supplier ABCD-X (Alpha Energy) in Tranche 1,
 * assessed on 2025-06-01. It holds a point in every status, a defect in every severity (and unclassified ones),
 * approved, stale, revoked and missing waivers, a current and a stale mitigation agreement, and text that
 * tries to break out of every output format.
 */

export const FIXTURE_NOW = new Date("2025-06-01T12:00:00Z");
export const FIXTURE_GENERATED_AT = new Date("2025-06-01T12:05:00Z");
export const PARTICIPANT_ROLE = "ABCD-X";
export const WINDOW = "tranche-1";

/** The hostile defect title: HTML, a table pipe, a spreadsheet formula, Markdown emphasis and a script link. */
export const HOSTILE_TITLE = '=HYPERLINK("x") <script>alert(1)</script> | pipe **bold** [link](javascript:x)';
export const HOSTILE_DEFECT_ID = 2001;
/** Whose test case title the property tests replace. */
export const EDITABLE_POINT_ID = 1004;
/** Whose waiver reason the property tests replace (an approved waiver, so it shows in deviations and risks). */
export const EDITABLE_WAIVER_POINT_ID = 1003;

const ORG = "https://dev.azure.com/contoso/MHHS";

export const BSC: UserRef = { id: "u-bsc", displayName: "Bea Assurer", uniqueName: "bea@bsc.example" };
export const REC: UserRef = { id: "u-rec", displayName: "Rex Assurer", uniqueName: "rex@rec.example" };
export const LEAD: UserRef = { id: "u-lead", displayName: "Pat Lead", uniqueName: "pat@alpha.example" };

const at = (iso: string) => new Date(iso);

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`fixture: ${result.errors.join("; ")}`);
  return result.value;
}

export function fixtureSettings(): Settings {
  const s = defaultSettings();
  s.registry = [
    {
      mpid: "ABCD",
      roleCode: "X",
      participantName: "Alpha Energy Ltd",
      route: "QT",
      window: WINDOW,
      testPlans: [{ planId: 101 }, { planId: 102 }],
      defectScope: { areaPaths: ["MHHS\\QT\\ABCD-X"] },
    },
  ];
  s.assurers = [
    { user: "bea@bsc.example", displayName: "Bea Assurer", body: "BSC" },
    { user: "rex@rec.example", displayName: "Rex Assurer", body: "REC" },
  ];
  // The report fixture records one body's word on each approval, to show each body in the report; that both
  // bodies must agree by default is the engine's rule, tested in test/unit/consensus.test.ts.
  s.bodiesMustAgree = "any";
  return s;
}

function point(
  id: number,
  suite: [planId: number, planName: string, suiteId: number, suiteName: string],
  testCaseTitle: string,
  outcome: unknown,
  isActive = true,
): PointFact {
  const [planId, planName, suiteId, suiteName] = suite;
  // Points that have been run carry their latest run and result, as the reader gives them.
  const run =
    typeof outcome === "string" && !["notRun", "notExecuted", "unspecified", "none"].includes(outcome)
      ? 900 + id
      : undefined;
  return {
    id,
    planId,
    planName,
    suiteId,
    suiteName,
    testCaseId: id + 40_000,
    testCaseTitle,
    configurationId: 7,
    configurationName: "UIT",
    isActive,
    outcome,
    url: `${ORG}/_testPlans/execute?planId=${planId}&suiteId=${suiteId}&pointId=${id}`,
    testCaseUrl: `${ORG}/_workitems/edit/${id + 40_000}`,
    ...(run === undefined
      ? {}
      : {
          lastRunId: run,
          lastResultId: 100_000 + id,
          runUrl: `${ORG}/_testManagement/runs?runId=${run}&_a=resultSummary&resultId=${100_000 + id}`,
        }),
  };
}

const REGISTRATION: [number, string, number, string] = [101, "QT ABCD-X Core", 201, "Registration"];
const SETTLEMENT: [number, string, number, string] = [101, "QT ABCD-X Core", 202, "Settlement & <billing>"];
const REGRESSION: [number, string, number, string] = [102, "QT ABCD-X Regression", 203, "Regression pack"];

export function fixturePoints(): PointFact[] {
  return [
    point(1001, REGISTRATION, "Register a new MPAN with the Smart Data Service", "passed"),
    point(1002, REGISTRATION, "Change of supplier, standard gain", "Passed"),
    point(1003, REGISTRATION, "Change of supplier, objection raised", "failed"),
    point(EDITABLE_POINT_ID, REGISTRATION, "Change of supplier | retrospective *correction*", "failed"),
    point(1005, SETTLEMENT, "Receive half-hourly consumption from the SDS", "blocked"),
    point(1006, SETTLEMENT, "Reject a malformed settlement file", "blocked"),
    point(1007, SETTLEMENT, "Re-send a settlement file after timeout", null),
    point(1008, SETTLEMENT, "Unmetered supply inventory update", "notApplicable"),
    point(1009, SETTLEMENT, "Daily reconciliation report", "inProgress"),
    point(1010, SETTLEMENT, "Retired scenario (removed from configuration)", "passed", false),
    point(1011, REGRESSION, '@SUM(A1) "quoted", with a\nline break', 2),
    point(1012, REGRESSION, "Export MPAN attributes to the DIP", "notExecuted"),
    point(1013, REGRESSION, "Recover from a DIP outage", "failed"),
  ];
}

function defect(
  id: number,
  title: string,
  severity: unknown,
  state: string,
  extra: Partial<DefectFact> = {},
): DefectFact {
  return {
    id,
    title,
    workItemType: "Bug",
    state,
    severity,
    impact: "",
    mitigation: "",
    areaPath: "MHHS\\QT\\ABCD-X",
    url: `${ORG}/_workitems/edit/${id}`,
    ...extra,
  };
}

const MITIGATION_2006_NOW = "Operator re-sends the D0010 manually; monitored daily by the service desk.";

export function fixtureDefects(): DefectFact[] {
  return [
    defect(HOSTILE_DEFECT_ID, HOSTILE_TITLE, "1 - Critical", "Active", { url: "javascript:alert(1)" }),
    defect(2002, "Registration service rejects valid MPANs", "1 - Critical", "Closed"),
    defect(2003, "Settlement file truncated above 10,000 rows", "2 - High", "Active"),
    defect(2004, "Duplicate change-of-supplier notifications", "2 - High", "Resolved"),
    defect(2005, "Objection window computed in UTC, not UK time", "3 - Medium", "Active", {
      impact: "Objections raised between 23:00 and 00:00 in summer are dated a day early.",
      mitigation: "Operators check objections raised near midnight by hand until the fix ships.",
      resolutionTarget: "2025-07-31",
    }),
    defect(2006, "Timeout when re-sending settlement files", "3 - Medium", "Active", {
      impact: "Re-sends fail once in about 50 attempts.",
      mitigation: MITIGATION_2006_NOW,
    }),
    defect(2007, "Reconciliation report misses a column header", "4 - Low", "Active", {
      impact: "Readers must infer the column from its position.",
    }),
    defect(2008, "Typo in the registration confirmation", "4 - Low", "Closed"),
    defect(2009, "Colour of the status banner", "5 - Cosmetic", "New"),
    defect(2012, "Spacing in the footer", "5 - Cosmetic", "Closed"),
    defect(2010, "Intermittent DIP disconnects", "Urgent", "Active"),
    defect(2011, "Old triage item", null, "Removed"),
  ];
}

export function fixtureFacts(overrides: Partial<ParticipantRoleFacts> = {}): ParticipantRoleFacts {
  return {
    participantRole: PARTICIPANT_ROLE,
    points: fixturePoints(),
    defects: fixtureDefects(),
    testCaseCount: 12,
    metadata: {
      stateCategories: {
        Bug: { New: "Proposed", Active: "InProgress", Resolved: "Resolved", Closed: "Completed", Removed: "Removed" },
      },
      completeness: COMPLETE,
    },
    completeness: { points: COMPLETE, defects: COMPLETE },
    ...overrides,
  };
}

export function fixtureApprovals(settings: Settings = fixtureSettings()): Approvals {
  let a = emptyApprovals();
  const step = (r: Result<Approvals>) => {
    a = must(r);
  };
  const waiver = (
    pointId: number,
    outcome: string,
    kind: "waiver" | "descope",
    body: "BSC" | "REC",
    reason: string,
    when: string,
  ) =>
    step(
      recordWaiver(
        a,
        settings,
        {
          participantRole: PARTICIPANT_ROLE,
          window: WINDOW,
          pointId,
          testCaseId: pointId + 40_000,
          outcome,
          kind,
          reason,
          body,
        },
        body === "BSC" ? BSC : REC,
        at(when),
      ),
    );

  waiver(
    1003,
    "failed",
    "waiver",
    "BSC",
    "Objection handling is covered by defect 2005's agreed mitigation.",
    "2025-05-12T10:00:00Z",
  );
  waiver(
    1005,
    "blocked",
    "waiver",
    "REC",
    "The SDS stub is unavailable until Tranche 2; REC accepts the block.",
    "2025-05-13T09:30:00Z",
  );
  // Approved while the point had failed; it is blocked now, so the approval is stale.
  waiver(1006, "failed", "waiver", "BSC", "Malformed-file handling verified in PIT.", "2025-05-02T14:00:00Z");
  waiver(
    1008,
    "notApplicable",
    "descope",
    "BSC",
    "-- Alpha Energy supplies no unmetered sites.\nAgreed at the QT stand-up.",
    "2025-04-28T08:15:00Z",
  );
  waiver(
    1012,
    "notExecuted",
    "descope",
    "REC",
    "+DIP export is tested in SIT for this participant.",
    "2025-05-20T16:45:00Z",
  );
  waiver(1013, "failed", "waiver", "BSC", "Outage recovery accepted.", "2025-05-21T11:00:00Z");
  step(
    revokeWaiver(
      a,
      settings,
      {
        participantRole: PARTICIPANT_ROLE,
        window: WINDOW,
        pointId: 1013,
        approvedAt: "2025-05-21T11:00:00.000Z",
        reason: "Recovery must be retested after the DIP fix.",
      },
      BSC,
      at("2025-05-25T09:00:00Z"),
    ),
  );

  const facts = new Map(fixtureDefects().map((d) => [d.id, d]));
  const agree = (defectId: number, body: "BSC" | "REC", when: string, mitigation?: string, note?: string) => {
    const d = facts.get(defectId);
    if (!d) throw new Error(`fixture: no defect ${defectId}`);
    step(
      recordMitigationAgreement(
        a,
        settings,
        {
          participantRole: PARTICIPANT_ROLE,
          defectId,
          severity: d.severity,
          impact: d.impact,
          mitigation: mitigation ?? d.mitigation,
          body,
          note,
        },
        body === "BSC" ? BSC : REC,
        at(when),
      ),
    );
  };
  agree(2005, "BSC", "2025-05-15T13:00:00Z", undefined, "Fix planned for release 4.2 (July).");
  // Agreed for an earlier mitigation text: the plan changed since, so the agreement is stale.
  agree(2006, "REC", "2025-05-10T10:00:00Z", "Operator re-sends the D0010 manually.");

  const entry = (
    itemId: string,
    status: "submitted" | "accepted" | "rejected",
    when: string,
    body?: "BSC" | "REC",
    note?: string,
  ) =>
    step(
      recordEntryItem(
        a,
        settings,
        { participantRole: PARTICIPANT_ROLE, itemId, status, evidenceUrl: `${ORG}/_wiki/wikis/QT/${itemId}`, note },
        body,
        body === "BSC" ? BSC : body === "REC" ? REC : LEAD,
        at(when),
      ),
    );
  entry("DEL1049", "accepted", "2025-01-08T10:00:00Z", "BSC");
  entry("DEL1050", "accepted", "2025-01-08T10:05:00Z", "BSC");
  entry("DEL1052", "submitted", "2025-01-10T15:00:00Z", undefined, "Final version awaiting review.");
  entry("DEL1054", "submitted", "2025-01-10T15:10:00Z");
  entry("UIT-CONNECTIVITY", "accepted", "2025-01-15T09:00:00Z", "REC");
  entry("TEST-DATA", "rejected", "2025-01-16T11:00:00Z", "REC", "Half-hourly profiles missing for 3 MPANs.");
  entry("USER-ACCESS", "accepted", "2025-01-17T08:00:00Z", "BSC");

  step(
    recordSignOff(
      a,
      settings,
      {
        participantRole: PARTICIPANT_ROLE,
        window: WINDOW,
        body: "BSC",
        decision: "rejected",
        note: "Not before E1–E4 are met.",
      },
      BSC,
      at("2025-05-28T17:00:00Z"),
    ),
  );
  step(
    recordSubmission(
      a,
      {
        participantRole: PARTICIPANT_ROLE,
        window: WINDOW,
        sha256: sha256Hex("draft completion report"),
        verdictAtSubmission: "not-ready",
      },
      LEAD,
      at("2025-05-27T12:00:00Z"),
    ),
  );
  return a;
}

/** Text the property tests put where people and ADO write free text. */
export interface FixtureText {
  defectTitle?: string;
  testCaseTitle?: string;
  waiverReason?: string;
}

export interface ReportFixture {
  facts: ParticipantRoleFacts;
  settings: Settings;
  approvals: Approvals;
  assessment: Assessment;
  report: CompletionReport;
}

/**
 * The fixture assessed with assess() and built into a report. Replacement text goes straight into the facts
 * and the stored approvals (as a hand-edited or hostile store could hold it), not through the recording API.
 */
export function reportFixture(text: FixtureText = {}): ReportFixture {
  const settings = fixtureSettings();
  const base = fixtureFacts();
  const facts: ParticipantRoleFacts = {
    ...base,
    points: base.points.map((p) =>
      p.id === EDITABLE_POINT_ID && text.testCaseTitle !== undefined ? { ...p, testCaseTitle: text.testCaseTitle } : p,
    ),
    defects: base.defects.map((d) =>
      d.id === HOSTILE_DEFECT_ID && text.defectTitle !== undefined ? { ...d, title: text.defectTitle } : d,
    ),
  };
  const recorded = fixtureApprovals(settings);
  const approvals: Approvals = {
    ...recorded,
    waivers: recorded.waivers.map((w) =>
      w.pointId === EDITABLE_WAIVER_POINT_ID && text.waiverReason !== undefined
        ? { ...w, reason: text.waiverReason }
        : w,
    ),
  };
  const assessment = assess(facts, settings, approvals, FIXTURE_NOW);
  const report = buildCompletionReport(assessment, approvals, FIXTURE_GENERATED_AT, {
    generatedBy: "Bea Assurer",
    source: ORG,
  });
  return { facts, settings, approvals, assessment, report };
}
