/**
 * Saves the sample settings (and, for the live programme, approvals) the way the product does — its own store over
 * the Node port — so the hubs in the local host find what they read: in the extension's data, or (`protectIn`) in a
 * settings record the sandbox's administrator saves, with approvals recorded as work items by each assurer.
 */
import { DEFAULT_EXTENSION, ExtensionIdentity } from "../../src/ado/extension-identity";
import { createNodePort } from "../../src/ado/node-port";
import { createStore } from "../../src/ado/store";
import {
  approvalStoreFor,
  assessRegistryEntries,
  loadApprovalsFor,
  loadStoredSettings,
} from "../../src/ado/assessment-run";
import { openNodeSource } from "../../src/ado/node-source";
import { ApprovalChange } from "../../src/ado/store-types";
import { Approvals, recordEntryItem, recordSignOff } from "../../src/core/approvals";
import { Assessment } from "../../src/core/assessment";
import { Result } from "../../src/core/result";
import { UserRef } from "../../src/core/audit";
import { ENTRY_CRITERIA, SIT_COMPLETION_REVIEW_ITEM } from "../../src/core/entry-criteria";
import { buildCompletionReport, renderHtml } from "../../src/core/report";
import { GoverningBody } from "../../src/core/roles";
import { Settings, registryKey } from "../../src/core/settings";
import { Programme } from "../generator";
import { BSC_ASSURER, REC_ASSURER, SAMPLE_IDENTITY } from "../generator/identities";
import { protectedSampleSettings } from "../generator/sample-settings";
import { BSC_ASSURER_PAT, REC_ASSURER_PAT, SAMPLE_PAT } from "../generator/tokens";

export interface SeedOptions {
  now?: Date;
  extension?: ExtensionIdentity;
  /**
   * Keep the settings in a settings record of this project, saved by the sandbox's administrator (a member of the
   * QT Administrators team), with the assurers named as teams: the protected set-up docs/security.md recommends.
   */
  protectIn?: string;
}

/** Where the seeded settings are kept, for the start-up banner. */
export interface SeededSettings {
  where: string;
  etag: number;
}

export async function seedSampleSettings(
  orgUrl: string,
  settings: Settings,
  options: SeedOptions = {},
): Promise<SeededSettings> {
  const extension = options.extension ?? DEFAULT_EXTENSION;
  const port = createNodePort({ orgUrl, token: SAMPLE_PAT, extension: { ...extension } });
  const store = createStore(port, options.protectIn ? { project: options.protectIn } : {});
  if (options.protectIn) {
    const result = await store.protectSettings!(protectedSampleSettings(settings));
    if (result.kind !== "saved") throw new Error(`Could not protect the sample settings: ${JSON.stringify(result)}`);
    return { where: "a settings record only the QT Administrators team's saves count in", etag: result.etag };
  }
  const by = {
    id: SAMPLE_IDENTITY.id,
    displayName: SAMPLE_IDENTITY.displayName,
    uniqueName: SAMPLE_IDENTITY.uniqueName,
  };
  const now = options.now ?? new Date();
  const result = await store.saveSettings(settings, undefined, { by, now, detail: "sample settings (sandbox seed)" });
  if (result.kind === "invalid")
    throw new Error(`The sample settings do not validate: ${result.errors.map((e) => e.message).join("; ")}`);
  if (result.kind === "conflict") throw new Error(`Settings are already saved in the sandbox: ${result.message}`);
  return { where: "extension data", etag: result.etag };
}

/** What seeding the live programme's approvals did, one line each, for the start-up banner. */
export type SeededApprovals = string[];

const userOf = (identity: { id: string; displayName: string; uniqueName: string }): UserRef => ({
  id: identity.id,
  displayName: identity.displayName,
  uniqueName: identity.uniqueName,
});

/**
 * Entry as the Code Bodies decided it: every QT participant-role whose window's execution has begun had its
 * must-have entry criteria accepted for that window by its first governing body's assurer, except
 *   - the second one ready to submit, whose entry is left for an assurer to record in the hub (it stays in Entry);
 *   - the first one not ready, whose test data the assurer rejected (Entry, with the rejection named).
 */
async function seedEntry(
  assessments: readonly Assessment[],
  firstReady: string,
  settings: Settings,
  as: Map<string, ReturnType<typeof openNodeSource>>,
  assurers: Map<GoverningBody, UserRef>,
  now: Date,
): Promise<SeededApprovals> {
  const begun = assessments.filter(
    (a) => a.route === "QT" && a.window && (a.window.phase === "execution" || a.window.phase === "closed"),
  );
  const leftAtEntry = begun.find((a) => a.verdict === "ready-to-submit" && a.participantRole !== firstReady);
  const rejected = begun.find((a) => a.verdict === "not-ready");
  const must = ENTRY_CRITERIA.filter((c) => c.necessity === "must" && !c.derivedFrom);
  const seeded: SeededApprovals = [];
  for (const a of begun) {
    if (a === leftAtEntry) {
      seeded.push(`${a.participantRole}: entry left for an assurer to record`);
      continue;
    }
    const body = a.governingBodies[0];
    const by = assurers.get(body);
    if (!by) throw new Error(`The sample programme has no assurer for ${body}.`);
    const change: ApprovalChange = (approvals) =>
      must.reduce<Result<Approvals>>(
        (acc, c) =>
          acc.ok
            ? recordEntryItem(
                acc.value,
                settings,
                {
                  participantRole: a.participantRole,
                  window: a.window!.id,
                  itemId: c.id,
                  status: a === rejected && c.id === "TEST-DATA" ? "rejected" : "accepted",
                  ...(a === rejected && c.id === "TEST-DATA"
                    ? { note: "Half-hourly profiles missing for three MPANs (sample programme)." }
                    : {}),
                },
                body,
                by,
                now,
              )
            : acc,
        { ok: true, value: approvals },
      );
    const result = await approvalStoreFor(as.get(by.id)!, settings).recordApproval(a.participantRole, change);
    if (result.kind !== "recorded")
      throw new Error(`Could not record ${a.participantRole}'s entry: ${JSON.stringify(result)}`);
  }
  seeded.push(
    `Entry accepted for ${begun.length - (leftAtEntry ? 1 : 0) - (rejected ? 1 : 0)} participant-roles` +
      (rejected ? `; ${rejected.participantRole}'s test data rejected` : ""),
  );
  return seeded;
}

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
  stored = false,
): Promise<SeededApprovals> {
  const open = (token: string) =>
    openNodeSource({
      orgUrl,
      project: programme.summary.project,
      token,
      extension: { ...extension },
      concurrency: 8,
    });
  const source = open(SAMPLE_PAT);
  // Each approval is recorded with its assurer's own token, so Azure DevOps stamps who made it, as it would.
  const as = new Map([
    [BSC_ASSURER.id, open(BSC_ASSURER_PAT)],
    [REC_ASSURER.id, open(REC_ASSURER_PAT)],
  ]);
  const settings = stored ? await loadStoredSettings(source) : programme.settings;
  const bsc = userOf(BSC_ASSURER);
  const assurers = new Map<GoverningBody, UserRef>([
    ["BSC", bsc],
    ["REC", userOf(REC_ASSURER)],
  ]);
  const assessments = await assessRegistryEntries(source, settings, settings.registry, { now });
  const seeded: SeededApprovals = [];

  const ready = assessments.find((a) => a.route === "QT" && a.verdict === "ready-to-submit");
  if (!ready) throw new Error("The live programme has no QT participant-role ready to submit.");
  seeded.push(...(await seedEntry(assessments, ready.participantRole, settings, as, assurers, now)));
  const approvals = await loadApprovalsFor(source, settings, [ready.participantRole]);
  const report = buildCompletionReport(ready, approvals, now, { source: orgUrl, generatedBy: bsc.displayName });
  const submitted = await approvalStoreFor(as.get(bsc.id)!, settings).submitReport(
    report,
    bsc,
    now,
    renderHtml(report),
  );
  if (submitted.kind !== "submitted" && submitted.kind !== "already-submitted")
    throw new Error(`Could not submit ${ready.participantRole}'s report: ${JSON.stringify(submitted)}`);
  seeded.push(`${ready.participantRole}: QT Completion Report submitted by ${bsc.displayName}`);

  const sit = settings.registry.find((e) => e.route === "SIT");
  if (!sit) throw new Error("The live programme has no SIT-route participant-role.");
  const key = registryKey(sit);
  const role = settings.roles.find((r) => r.code === sit.roleCode);
  const record = async (by: UserRef, change: ApprovalChange, what: string) => {
    const result = await approvalStoreFor(as.get(by.id)!, settings).recordApproval(key, change);
    if (result.kind !== "recorded") throw new Error(`Could not record ${what} for ${key}: ${JSON.stringify(result)}`);
  };
  await record(
    bsc,
    (a) =>
      recordEntryItem(
        a,
        settings,
        {
          participantRole: key,
          window: "",
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
      by,
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
