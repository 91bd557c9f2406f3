/** The tabs with approval actions, one file each, and what they share. */
export type { ActionProps, RecordOutcome } from "./shared";
export { EnforcementNote } from "./shared";
export { WaiversTab } from "./WaiversTab";
export { MitigationsTab } from "./MitigationsTab";
export { EntryTab } from "./EntryTab";
export { SignOffsTab } from "./SignOffsTab";
