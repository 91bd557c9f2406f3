/**
 * Saves the sample settings (and, for the live programme, approvals) into the sandbox's extension data the way the
 * product does — its own store over the Node port — so the hubs in the local host find what they read.
 */
import { DEFAULT_EXTENSION, ExtensionIdentity } from "../../src/ado/extension-identity";
import { createNodePort } from "../../src/ado/node-port";
import { createStore } from "../../src/ado/store";
import { approvalStoreFor, assessRegistryEntries, loadApprovalsFor } from "../../src/ado/assessment-run";
import { openNodeSource } from "../../src/ado/node-source";
import { ApprovalChange } from "../../src/ado/store-types";
import { recordEntryItem, recordSignOff } from "../../src/core/approvals";
import { UserRef } from "../../src/core/audit";
import { SIT_COMPLETION_REVIEW_ITEM } from "../../src/core/entry-criteria";
import { buildCompletionReport } from "../../src/core/report";
import { GoverningBody } from "../../src/core/roles";
import { Settings, registryKey } from "../../src/core/settings";
import { Programme } from "../generator";
import { BSC_ASSURER, REC_ASSURER, SAMPLE_IDENTITY } from "../generator/identities";
import { SAMPLE_PAT } from "../generator/tokens";

export async function seedSampleSettings(
  orgUrl: string,
  settings: Settings,
  now: Date = new Date(),
  extension: ExtensionIdentity = DEFAULT_EXTENSION,
): Promise<number> {
  const port = createNodePort({ orgUrl, token: SAMPLE_PAT, extension: { ...extension } });
  const store = createStore(port);
  const by = {
    id: SAMPLE_IDENTITY.id,
    displayName: SAMPLE_IDENTITY.displayName,
    uniqueName: SAMPLE_IDENTITY.uniqueName,
  };
  const result = await store.saveSettings(settings, undefined, { by, now, detail: "sample settings (sandbox seed)" });
  if (result.kind === "invalid")
    throw new Error(`The sample settings do not validate: ${result.errors.map((e) => e.message).join("; ")}`);
  if (result.kind === "conflict") throw new Error(`Settings are already saved in the sandbox: ${result.message}`);
  return result.etag;
}

/** What seeding the live programme's approvals did, one line each, for the start-up banner. */
export type SeededApprovals = string[];

const userOf = (identity: { id: string; displayName: string; uniqueName: string }): UserRef => ({
  id: identity.id,
  displayName: identity.displayName,
  uniqueName: identity.uniqueName,
});

/**
 * The live programme's approvals, recorded through the product's own code (the assessment, the report, the store,
 * the core record functions) as the sample Code Body assurers, so a fresh start shows every verdict:
 *   - the first QT participant-role that is ready to submit gets its QT Completion Report submitted, by the BSC
 *     assurer: exit criteria met (the second clean one stays ready to submit);
 *   - the first SIT-route participant-role gets its SIT completion report accepted and every approver's sign-off:
 *     exit criteria met on the SIT route.
 * Anything that does not go as planned throws: a live sandbox that cannot show what it promises says so.
 */
export async function seedLiveApprovals(
  orgUrl: string,
  programme: Programme,
  now: Date,
  extension: ExtensionIdentity = DEFAULT_EXTENSION,
): Promise<SeededApprovals> {
  const settings = programme.settings;
  const source = openNodeSource({
    orgUrl,
    project: programme.summary.project,
    token: SAMPLE_PAT,
    extension: { ...extension },
    concurrency: 8,
  });
  const bsc = userOf(BSC_ASSURER);
  const assurers = new Map<GoverningBody, UserRef>([
    ["BSC", bsc],
    ["REC", userOf(REC_ASSURER)],
  ]);
  const assessments = await assessRegistryEntries(source, settings, settings.registry, { now });
  const seeded: SeededApprovals = [];

  const ready = assessments.find((a) => a.route === "QT" && a.verdict === "ready-to-submit");
  if (!ready) throw new Error("The live programme has no QT participant-role ready to submit.");
  const approvals = await loadApprovalsFor(source, settings, [ready.participantRole]);
  const report = buildCompletionReport(ready, approvals, now, { source: orgUrl, generatedBy: bsc.displayName });
  const submitted = await approvalStoreFor(source, settings).submitReport(report, bsc, now);
  if (submitted.kind !== "submitted" && submitted.kind !== "already-submitted")
    throw new Error(`Could not submit ${ready.participantRole}'s report: ${JSON.stringify(submitted)}`);
  seeded.push(`${ready.participantRole}: QT Completion Report submitted by ${bsc.displayName}`);

  const sit = settings.registry.find((e) => e.route === "SIT");
  if (!sit) throw new Error("The live programme has no SIT-route participant-role.");
  const key = registryKey(sit);
  const role = settings.roles.find((r) => r.code === sit.roleCode);
  const record = async (change: ApprovalChange, what: string) => {
    const result = await approvalStoreFor(source, settings).recordApproval(key, change);
    if (result.kind !== "recorded") throw new Error(`Could not record ${what} for ${key}: ${JSON.stringify(result)}`);
  };
  await record(
    (a) =>
      recordEntryItem(
        a,
        settings,
        {
          participantRole: key,
          itemId: SIT_COMPLETION_REVIEW_ITEM,
          status: "accepted",
          note: "SIT completion report reviewed (sample programme).",
        },
        "BSC",
        bsc,
        now,
      ),
    "the SIT completion report review",
  );
  for (const body of role?.approvers ?? []) {
    const by = assurers.get(body);
    if (!by) throw new Error(`The sample programme has no assurer for ${body}.`);
    await record(
      (a) =>
        recordSignOff(
          a,
          settings,
          { participantRole: key, window: "", body, decision: "approved", note: "Approved (sample programme)." },
          by,
          now,
        ),
      `${body}'s sign-off`,
    );
  }
  seeded.push(`${key}: SIT completion report accepted, signed off by ${(role?.approvers ?? []).join(" and ")}`);
  return seeded;
}
