import { Approvals, ReportSubmission, emptyApprovals } from "../core/approvals";
import { Assessment } from "../core/assessment";
import { assessWith, createAssessmentContext } from "../core/assess";
import { ParticipantRoleFacts } from "../core/facts";
import { parseParticipantRole } from "../core/participant-role";
import { RegistryEntry, Settings, registryKey } from "../core/settings";
import { formatSettingsErrors, validateSettings } from "../core/validate-settings";
import { AdoPort } from "./port";
import { readParticipantRole, readPortfolio } from "./reader";
import { ReadCancelledError } from "./reader-deps";
import { ResilientCaller } from "./resilience";
import { LoadApprovalsResult, QtStore } from "./store-types";
import { windowOfReport } from "./store-snapshots";
import { RecordApprovalsStore, createRecordApprovals } from "./record-approvals";
import { resolveAssurerTeams } from "./teams";

/**
 * Assessing participant-roles from ADO, the way every surface (the CLI, the pipeline tasks, the hubs) does it: settings
 * from a file or the extension's store, approvals from the store, facts from the reader, verdicts from the one
 * engine. Anything that stops an honest answer throws CannotAssessError with a message a person can act on.
 */

/** The answer cannot be had: the message says why and what to do; it never carries a secret. */
export class CannotAssessError extends Error {
  override readonly name = "CannotAssessError";
}

/**
 * Where reads go. `port` is the bare port that the reader drives through `caller` itself; `api` is the same port
 * with every request already run through `caller` (resilient-port.ts), for everything else; the store is built
 * on `api`, so its reads and writes are resilient without anyone naming an operation.
 */
export interface AdoSource {
  port: AdoPort;
  api: AdoPort;
  project: string;
  caller: ResilientCaller;
  store: QtStore;
}

/** Validates settings read from a file or a pipeline input; `origin` names where they came from in the message. */
export function settingsFromText(text: string, origin: string): Settings {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CannotAssessError(
      `Cannot read settings from ${origin}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const result = validateSettings(parsed);
  if (!result.valid)
    throw new CannotAssessError(
      `The settings in ${origin} are invalid:\n${formatSettingsErrors(result.errors).join("\n")}`,
    );
  return result.settings;
}

/** The settings the extension stores (saved in the settings hub), validated. */
export async function loadStoredSettings(source: AdoSource): Promise<Settings> {
  const loaded = await source.store.loadSettings();
  if (loaded.kind === "missing")
    throw new CannotAssessError(
      "No settings are stored for the extension yet: save them in the settings hub, or give a settings file.",
    );
  if (loaded.kind === "invalid")
    throw new CannotAssessError(`The stored settings are invalid:\n${formatSettingsErrors(loaded.errors).join("\n")}`);
  return loaded.settings;
}

/** The registry entry of `ABCD-X`, or why there is none. */
export function registryEntryFor(settings: Settings, participantRole: string): RegistryEntry {
  const parsed = parseParticipantRole(participantRole);
  if (!parsed.ok) throw new CannotAssessError(parsed.errors.join(" "));
  const key = `${parsed.value.mpid}-${parsed.value.roleCode}`;
  const entry = settings.registry.find((e) => registryKey(e) === key);
  if (!entry) throw new CannotAssessError(`${key} is not in the registry of these settings.`);
  return entry;
}

/**
 * Settings read from a file: the members of their assurer teams added as assurers, as stored settings have them.
 * A team that does not exist cannot be assessed on (its body's approvals would silently stop counting).
 */
export async function withAssurerTeams(source: AdoSource, settings: Settings): Promise<Settings> {
  const resolved = await resolveAssurerTeams(source.api, source.project, settings);
  if (!resolved.ok)
    throw new CannotAssessError(`The settings are invalid:\n${formatSettingsErrors(resolved.errors).join("\n")}`);
  return resolved.settings;
}

/** The entries of a window (`sit` for the SIT route), or all of them; none is an error. */
export function registryEntriesOf(settings: Settings, window?: string): RegistryEntry[] {
  const entries = settings.registry.filter((e) => !window || (e.route === "SIT" ? "sit" : e.window) === window);
  if (entries.length === 0)
    throw new CannotAssessError(
      window ? `No participant-role is registered in the window "${window}".` : "The registry is empty.",
    );
  return entries;
}

/**
 * The approvals a participant-role's document holds, once its shape and its audit chain are checked: anything else
 * throws, because approvals that cannot be trusted must never count.
 */
function trusted(key: string, result: LoadApprovalsResult): Approvals {
  if (result.kind === "invalid")
    throw new CannotAssessError(
      `The stored approvals of ${key} are invalid, so they cannot be trusted: ${result.errors.join("; ")}`,
    );
  if (result.audit !== "intact")
    throw new CannotAssessError(
      `The audit log of ${key} is broken (${result.audit.problem}): its approvals cannot be trusted. ` +
        "Restore the approvals document from a backup before recording anything more.",
    );
  return result.approvals;
}

/**
 * Where the settings keep approvals: the extension's data, or work items Azure DevOps vouches for
 * (`approvalRecords`, record-approvals.ts). Every surface loads and records approvals through this.
 */
export function approvalStoreFor(
  source: AdoSource,
  settings: Settings,
): Pick<QtStore, "loadApprovals" | "loadAllApprovals" | "recordApproval" | "submitReport" | "getSnapshot"> &
  Partial<Pick<RecordApprovalsStore, "notCounted">> {
  return settings.approvalRecords
    ? createRecordApprovals(source.api, source.project, settings, source.store, source.store.records)
    : source.store;
}

/**
 * A submission counts only when its report is stored under its SHA-256, unchanged, and is the report of the
 * participant-role and window it was submitted for, showing the verdict the submission claims: a submission record
 * alone (which anyone can write in the extension's data) does not meet E5. One request per submission.
 */
export async function checkSubmissions(
  source: AdoSource,
  approvals: Approvals,
  /** Where the submitted reports are: the records' attached files, or the extension's data. */
  reports: Pick<QtStore, "getSnapshot"> = source.store,
): Promise<{ approvals: Approvals; problems: string[] }> {
  if (approvals.submissions.length === 0) return { approvals, problems: [] };
  const checked = await Promise.all(
    approvals.submissions.map(async (s) => ({ s, snapshot: await reports.getSnapshot(s.sha256) })),
  );
  const kept: ReportSubmission[] = [];
  const problems: string[] = [];
  for (const { s, snapshot } of checked) {
    const why =
      snapshot.kind === "missing"
        ? "no report is stored under its SHA-256"
        : snapshot.kind === "tampered"
          ? "the stored report was changed after it was stored"
          : snapshot.report.scope.participantRole !== s.participantRole || windowOfReport(snapshot.report) !== s.window
            ? "the stored report is another participant-role's or window's"
            : snapshot.report.verdict.code !== s.verdictAtSubmission
              ? `the stored report shows ${snapshot.report.verdict.code}, not the ${s.verdictAtSubmission} the submission claims`
              : undefined;
    if (why === undefined) kept.push(s);
    else
      problems.push(
        `The submission of report ${s.sha256.slice(0, 12)}… for ${s.participantRole} does not count: ${why}.`,
      );
  }
  return { approvals: { ...approvals, submissions: kept }, problems };
}

/** One participant-role's approvals, checked, with the stored document's version (undefined: nothing yet). */
export async function loadRoleApprovals(
  source: AdoSource,
  settings: Settings,
  key: string,
  store: Pick<QtStore, "loadApprovals"> & Partial<Pick<QtStore, "getSnapshot">> = approvalStoreFor(source, settings),
): Promise<{ approvals: Approvals; etag: number | undefined; problems: string[] }> {
  const loaded = await store.loadApprovals(key);
  const getSnapshot = store.getSnapshot;
  const checked = await checkSubmissions(source, trusted(key, loaded), getSnapshot ? { getSnapshot } : source.store);
  return {
    approvals: checked.approvals,
    etag: loaded.kind === "invalid" ? undefined : loaded.etag,
    problems: checked.problems,
  };
}

/** Approvals of the given participant-roles, merged for the engine (it indexes them by participant-role). */
export async function loadApprovalsFor(
  source: AdoSource,
  settings: Settings,
  keys: readonly string[],
): Promise<Approvals> {
  const store = approvalStoreFor(source, settings);
  // One participant-role: its own document; more: the whole collection in one request.
  const loaded =
    keys.length === 1 ? new Map([[keys[0], await store.loadApprovals(keys[0])]]) : await store.loadAllApprovals();
  const merged = emptyApprovals();
  for (const key of keys) {
    const result = loaded.get(key);
    if (!result) continue; // nothing recorded yet
    const a = trusted(key, result);
    merged.waivers.push(...a.waivers);
    merged.mitigationAgreements.push(...a.mitigationAgreements);
    merged.entryItems.push(...a.entryItems);
    merged.signOffs.push(...a.signOffs);
    merged.submissions.push(...a.submissions);
    merged.scopes!.push(...(a.scopes ?? []));
  }
  return (await checkSubmissions(source, merged, store)).approvals;
}

export interface AssessOptions {
  now: Date;
  /** Already loaded (e.g. for a report); otherwise read from the store, beside the reads. */
  approvals?: Approvals;
  onProgress?: (done: number, total: number, participantRole: string) => void;
  /** Each participant-role as soon as it is read and assessed, with its index among the entries. */
  onAssessed?: (assessment: Assessment, index: number) => void;
  /** Each participant-role's facts as read, with its index (e.g. to read its traceability matrix over them). */
  onFacts?: (facts: ParticipantRoleFacts, index: number) => void;
  /** Participant-roles read at once (default: all); fewer lets the first ones finish, and show, early. */
  participantRolesInFlight?: number;
  /**
   * Cancels the read: no request is sent after it, no participant-role is handed over after it, and the promise
   * rejects with ReadCancelledError.
   */
  signal?: AbortSignal;
}

/** One participant-role as read and assessed, with what the detail view and the approval actions need. */
export interface ParticipantRoleRead {
  key: string;
  entry: RegistryEntry;
  facts: ParticipantRoleFacts;
  approvals: Approvals;
  /** The stored approvals document's version, undefined when nothing is recorded yet. */
  etag: number | undefined;
  assessment: Assessment;
  /** Approval records of this participant-role that do not count, each saying why (work item records only). */
  notCounted: string[];
}

export type ReadStep = "facts" | "approvals" | "assessing";

/**
 * One participant-role, as the hub's detail view and the exit readiness widget show it: its registry entry, its
 * facts and its checked approvals (read concurrently), and the engine's assessment. `onStep` tells the progress.
 */
export async function readAndAssess(
  source: AdoSource,
  settings: Settings,
  participantRole: string,
  now: () => Date,
  onStep: (step: ReadStep) => void = () => undefined,
): Promise<ParticipantRoleRead> {
  const entry = registryEntryFor(settings, participantRole);
  const key = registryKey(entry);
  onStep("facts");
  const approvalStore = approvalStoreFor(source, settings);
  const [facts, loaded, notCounted] = await Promise.all([
    readParticipantRole(entry, settings, { port: source.port, project: source.project, call: source.caller.call }),
    loadRoleApprovals(source, settings, key, approvalStore),
    approvalStore.notCounted ? approvalStore.notCounted(key) : Promise.resolve([]),
  ]);
  onStep("approvals");
  onStep("assessing");
  const assessment = assessWith(createAssessmentContext(settings, loaded.approvals), facts, now());
  return {
    key,
    entry,
    facts,
    approvals: loaded.approvals,
    etag: loaded.etag,
    assessment,
    notCounted: [...notCounted.map((p) => p.message), ...loaded.problems],
  };
}

/**
 * Reads the entries' facts (concurrently, within the caller's limit) and their approvals (one request, beside the
 * reads), and assesses each participant-role with the one engine as soon as both are in.
 */
export async function assessRegistryEntries(
  source: AdoSource,
  settings: Settings,
  entries: readonly RegistryEntry[],
  options: AssessOptions,
): Promise<Assessment[]> {
  const context = (
    options.approvals
      ? Promise.resolve(options.approvals)
      : loadApprovalsFor(source, settings, entries.map(registryKey))
  ).then((approvals) => createAssessmentContext(settings, approvals));
  // Awaited below; handled here so a failure while the reads go on is not an unhandled rejection.
  context.catch(() => undefined);
  const assessments: Assessment[] = new Array<Assessment>(entries.length);
  const assessed: Promise<void>[] = [];
  await readPortfolio(
    [...entries],
    settings,
    { port: source.port, project: source.project, call: source.caller.call },
    (done, total, participantRole, facts, index) => {
      options.onFacts?.(facts, index);
      options.onProgress?.(done, total, participantRole);
      const one = context.then((ctx) => {
        if (options.signal?.aborted) return;
        assessments[index] = assessWith(ctx, facts, options.now);
        options.onAssessed?.(assessments[index], index);
      });
      one.catch(() => undefined);
      assessed.push(one);
    },
    { participantRolesInFlight: options.participantRolesInFlight, signal: options.signal },
  );
  await context;
  await Promise.all(assessed);
  if (options.signal?.aborted) throw new ReadCancelledError();
  return assessments;
}
