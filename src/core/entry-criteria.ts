/** QA&P §11.3.3 QT entry criteria for non-SIT participants, as a checklist per participant-role. */
export type EntryItemStatus = "not-started" | "submitted" | "accepted" | "rejected";
export const ENTRY_ITEM_STATUSES: readonly EntryItemStatus[] = ["not-started", "submitted", "accepted", "rejected"];

export interface EntryCriterionDefinition {
  id: string;
  title: string;
  /** Must-have items gate entry; good-to-have items are tracked but never block. */
  necessity: "must" | "good-to-have";
  /** Derivable items are evaluated from ADO data rather than recorded by hand. */
  derivedFrom?: "test-cases-loaded";
}

export const ENTRY_CRITERIA: readonly EntryCriterionDefinition[] = [
  { id: "DEL1049", title: "MHHS-DEL1049 PIT Approach and Plan", necessity: "must" },
  { id: "DEL1050", title: "MHHS-DEL1050 PIT Requirements to Test Traceability Matrix", necessity: "must" },
  { id: "DEL1052", title: "MHHS-DEL1052 PIT Test Completion Report", necessity: "must" },
  { id: "DEL1054", title: "MHHS-DEL1054 PIT Test Execution Progress Report", necessity: "good-to-have" },
  { id: "DEL1051", title: "MHHS-DEL1051 PIT Scenarios", necessity: "good-to-have" },
  { id: "DEL1053", title: "MHHS-DEL1053 PIT Test Readiness Report", necessity: "good-to-have" },
  { id: "UIT-CONNECTIVITY", title: "Connectivity to the UIT environment", necessity: "must" },
  { id: "TEST-DATA", title: "Test data requirements completed and validated", necessity: "must" },
  { id: "USER-ACCESS", title: "Access for every user who executes QT", necessity: "must" },
  {
    id: "SCENARIOS-LOADED",
    title: "Test scenarios approved and loaded into ADO",
    necessity: "must",
    derivedFrom: "test-cases-loaded",
  },
];

/** SIT-route participant-roles: the QA&P's SIT exit criteria replace E1–E5. */
export const SIT_COMPLETION_REVIEW_ITEM = "SIT-COMPLETION-REPORT";
