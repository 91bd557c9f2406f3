/**
 * Scenario groups (one child suite each) per role, with the phrases test case titles are made of. Invented for
 * the sandbox; they read like MHHS QT scenarios without quoting any.
 */
export interface ScenarioGroup {
  code: string;
  name: string;
  phrases: readonly string[];
}

const g = (code: string, name: string, phrases: string[]): ScenarioGroup => ({ code, name, phrases });

const REGISTRATION = g("REG", "Registration", [
  "Register a new metering point",
  "Update metering point address",
  "Energise a metering point",
  "De-energise a metering point",
]);
const CHANGE_OF_SUPPLIER = g("COS", "Change of Supplier", [
  "Change of supplier with a smart meter",
  "Change of supplier objection raised",
  "Change of supplier withdrawn in the cooling-off period",
  "Erroneous transfer corrected",
]);
const APPOINTMENTS = g("APP", "Appointments", [
  "Appoint a data service",
  "De-appoint a data service",
  "Appointment rejected for invalid service",
  "Concurrent appointment requests",
]);
const CONSUMPTION = g("CON", "Consumption Data", [
  "Send half-hourly consumption data",
  "Resend consumption data after correction",
  "Consumption data for a missing period",
  "Consumption data for a de-energised point",
]);
const SETTLEMENT = g("SET", "Settlement", [
  "Settlement run with actual data",
  "Settlement run with estimated data",
  "Reconciliation run adjusts volumes",
  "Settlement period boundary on clock change",
]);
const EXCEPTIONS = g("EXC", "Exceptions and Error Handling", [
  "Reject a message with an invalid schema",
  "Handle a duplicate message",
  "Recover after a late message",
  "Acknowledge a message out of sequence",
]);
const READINGS = g("MRD", "Meter Reading Collection", [
  "Collect scheduled readings",
  "Collect readings after a communications failure",
  "Validate readings against the profile",
  "Estimate a missing reading",
]);
const VALIDATION = g("VAL", "Validation and Estimation", [
  "Validate a zero consumption day",
  "Estimate after a failed validation",
  "Replace an estimate with an actual",
  "Flag a suspect reading for review",
]);
const UNMETERED = g("UMS", "Unmetered Inventory", [
  "Load a detailed unmetered inventory",
  "Amend inventory after a lamp change",
  "Reject an inventory with unknown charge codes",
  "Summary inventory for a new site",
]);
const UMS_CALC = g("UMC", "Consumption Calculation", [
  "Calculate consumption from the inventory",
  "Apply a dimming profile",
  "Recalculate after an inventory amendment",
  "Calculate over a switch regime change",
]);
const TECHNICAL = g("MTD", "Meter Technical Details", [
  "Send meter technical details",
  "Correct meter technical details",
  "Technical details for a new installation",
  "Technical details rejected for a missing field",
]);
const EXCHANGE = g("MEX", "Meter Exchange", [
  "Exchange a traditional meter for a smart meter",
  "Exchange a faulty advanced meter",
  "Remove a meter",
  "Install a meter on a new connection",
]);
const CONNECTIONS = g("CNX", "Connections and Metering Point Lifecycle", [
  "Create a metering point for a new connection",
  "Disconnect a metering point",
  "Change the connection type",
  "Retire a metering point",
]);
const REG_SERVICES = g("RSV", "Registration Services", [
  "Publish a registration update",
  "Respond to a registration query",
  "Synchronise registration data",
  "Reject an update for an unknown metering point",
]);

export const SCENARIO_GROUPS: Readonly<Record<string, readonly ScenarioGroup[]>> = {
  X: [REGISTRATION, CHANGE_OF_SUPPLIER, APPOINTMENTS, CONSUMPTION, SETTLEMENT, EXCEPTIONS],
  R: [CONNECTIONS, REGISTRATION, CONSUMPTION, SETTLEMENT, EXCEPTIONS],
  P: [REG_SERVICES, APPOINTMENTS, CHANGE_OF_SUPPLIER, EXCEPTIONS],
  N: [APPOINTMENTS, READINGS, VALIDATION, CONSUMPTION, EXCEPTIONS],
  O: [APPOINTMENTS, READINGS, VALIDATION, CONSUMPTION, EXCEPTIONS],
  Q: [APPOINTMENTS, UNMETERED, UMS_CALC, EXCEPTIONS],
  "3": [UNMETERED, APPOINTMENTS, EXCEPTIONS],
  T: [APPOINTMENTS, TECHNICAL, EXCHANGE, EXCEPTIONS],
  S: [APPOINTMENTS, TECHNICAL, EXCHANGE, EXCEPTIONS],
};

/** Test cases per participant-role at scale 1, by role (each then varies by ±20%). */
export const BASE_CASES: Readonly<Record<string, number>> = {
  X: 150,
  R: 110,
  P: 100,
  N: 90,
  O: 90,
  Q: 60,
  "3": 50,
  T: 70,
  S: 70,
};

/** Defect title templates: `{flow}` is replaced by an interface id. */
export const DEFECT_TITLES: readonly string[] = [
  "{flow} rejected with a schema validation error",
  "{flow} sent twice after a retry",
  "{flow} missing the effective-from date",
  "Acknowledgement for {flow} not received within the window",
  "{flow} processed against the wrong metering point",
  "Consumption totals differ after {flow}",
  "{flow} timestamp in local time instead of UTC",
  "Error queue not drained after {flow} failure",
  "{flow} accepted with an invalid market role",
  "Duplicate appointment created by {flow}",
  "UIT environment certificate expired during {flow}",
  "{flow} payload truncated over 1 MB",
];
