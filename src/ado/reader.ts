import { ukDate } from "../core/calendar";
import {
  COMPLETE,
  Completeness,
  DefectFact,
  ParticipantRoleFacts,
  PointFact,
  ProgrammeMetadata,
  incomplete,
} from "../core/facts";
import { RegistryEntry, Settings, registryKey } from "../core/settings";
import { MetadataRead, loadMetadata } from "./metadata";
import { RawPlan, RawPoint, RawWorkItem } from "./port";
import {
  CallOptions,
  Caller,
  ReadCancelledError,
  ReaderDeps,
  ReaderLimits,
  describeFailure,
  isFatal,
  resolvedLimits,
} from "./reader-deps";
import { AREAS_OPERATION, PLANS_OPERATION, readAllPlans, readAreaTree } from "./project-structure";
import {
  AreaNodeRef,
  AreaReadability,
  assertScopeReadable,
  checksFor,
  flattenAreaTree,
  permissionChecks,
} from "./area-access";
import { MAX_PERMISSION_CHECKS } from "./wire";
import { defectScopeCondition, partitionedQuery } from "./wiql-builder";

export type { Caller, ReaderDeps, ReaderLimits } from "./reader-deps";
export { DEFAULT_WIQL_PAGE_SIZE, MAX_WORK_ITEM_BATCH, isFatal } from "./reader-deps";
export { readMetadata } from "./metadata";

/**
 * The one reader of a participant-role's facts, above the port (port.ts) and the resilient caller
 * (resilience.ts), so paging, batching and completeness are written once for both transports.
 *
 * - Points: each plan selection's suites (`suiteIds`), or the plan's root suite, read with `isRecursive=true`,
 *   every continuation page; duplicates (a suite selected with one of its children, a plan selected twice) are
 *   dropped by point id. A plan's root suite comes from ONE listing of the project's plans per run (shared by
 *   every participant-role of a portfolio), which is the fewest requests for a portfolio and one request for a
 *   project of up to 200 plans.
 * - testCaseCount: the distinct test case ids among the points read (active or not). It costs no request; a
 *   test case in a suite without any configuration (so without a point) is not counted.
 * - Defects: WIQL partitioned by id (`[System.Id] > last ORDER BY [System.Id]`, `$top` 19,999) until a page
 *   comes back short, so no query can hit the 20,000 cap (VS402337) and nothing is cut off; then the fields in
 *   batches of ≤200 ids, each batch started as soon as its ids are known. Every id a query returned must come
 *   back from a batch: one that does not (deleted or made unreadable in between) makes the defects incomplete.
 * - Metadata: state categories of every configured defect type, read once per run (`createReadRun`), the same
 *   object in every participant-role's facts.
 * - Completeness: a request that fails (after the caller's retries) marks its part (points or defects, or the
 *   metadata) incomplete with `"<operation> failed: <cause>"`, stops that part's remaining requests, and the
 *   read goes on with the other parts. A refused token or a missing permission (`unauthenticated`,
 *   `forbidden`) applies to everything: the run stops issuing requests and readParticipantRole / readPortfolio
 *   reject with that AdoRequestError.
 * - Links: a defect links to `{orgUrl}/{project}/_workitems/edit/{id}`; a point to its suite in the Test Plans
 *   execute view, `{orgUrl}/{project}/_testPlans/execute?planId={plan}&suiteId={suite}` (the project name is
 *   URL-encoded in both).
 */

/** Shared state of one read: the metadata and the plan list are read at most once, whatever reads them. */
export interface ReadRun {
  metadata(): Promise<MetadataRead>;
  /**
   * Throws unless the caller may read work items on every area node the entry's defect scope covers. The area
   * tree and the permissions of every registry entry's nodes are read once per run (area-access.ts).
   */
  assertDefectsReadable(entry: RegistryEntry): Promise<void>;
  /** The root suite of a plan, from the project's plan list (read once, every page). */
  rootSuiteOf(planId: number): Promise<number>;
  /** Every request of the run goes through here: it stops issuing requests once the run was stopped. */
  call: Caller;
  /** The refusal (bad token, missing permission) that stopped the run, if any. */
  readonly stopped: unknown;
}

export const OPERATIONS = {
  listPlans: PLANS_OPERATION,
  points: (planId: number, suiteId: number) => `GET testplan/Plans/${planId}/Suites/${suiteId}/TestPoint`,
  wiql: "POST wit/wiql",
  workItems: "POST wit/workitemsbatch",
  areas: AREAS_OPERATION,
  permissions: "POST security/permissionevaluationbatch",
} as const;

export function createReadRun(settings: Settings, deps: ReaderDeps, signal?: AbortSignal): ReadRun {
  let stopped: unknown;
  const stop = (error: unknown) => {
    if (stopped === undefined) stopped = error;
  };
  // Cancelling stops the run as a refusal does: requests queued or paging are not sent, and the read rejects.
  if (signal?.aborted) stop(new ReadCancelledError());
  else signal?.addEventListener("abort", () => stop(new ReadCancelledError()), { once: true });
  const call: Caller = async (operation, fn, options) => {
    if (stopped !== undefined) throw stopped;
    try {
      return await deps.call(
        operation,
        () => {
          if (stopped !== undefined) throw stopped;
          return fn();
        },
        options,
      );
    } catch (error) {
      if (isFatal(error)) stop(error);
      throw error;
    }
  };
  let metadata: Promise<MetadataRead> | undefined;
  let plans: Promise<Map<number, RawPlan>> | undefined;
  const listPlans = async (): Promise<Map<number, RawPlan>> => {
    const byId = new Map<number, RawPlan>();
    try {
      for (const plan of await readAllPlans(deps.port, deps.project, call)) byId.set(plan.id, plan);
    } catch (error) {
      if (isFatal(error)) throw error;
      throw new Error(describeFailure(OPERATIONS.listPlans, error));
    }
    return byId;
  };
  let areas: Promise<{ nodes: AreaNodeRef[]; readable: AreaReadability }> | undefined;
  const readAreas = async () => {
    // Every participant-role's defects wait on this check: it goes ahead of queued requests, as a next page does.
    const first: Caller = (operation, fn) => call(operation, fn, { continuation: true });
    const tree = await readAreaTree(deps.port, deps.project, first);
    const nodes = flattenAreaTree(tree);
    const wanted = checksFor(nodes, settings.registry);
    const readable = new Map<string, boolean>();
    await Promise.all(
      permissionChecks(wanted).map(async (batch) => {
        const answers = await first(OPERATIONS.permissions, () => deps.port.evaluatePermissions(batch));
        batch.forEach((check, i) => readable.set(check.token, answers[i]));
      }),
    );
    return { nodes, readable };
  };
  return {
    get stopped() {
      return stopped;
    },
    call,
    assertDefectsReadable: async (entry) => {
      let read: { nodes: AreaNodeRef[]; readable: AreaReadability };
      try {
        read = await (areas ??= readAreas());
      } catch (error) {
        if (isFatal(error)) throw error;
        throw new Error(`Could not check which areas this read may see: ${describeFailure(AREAS_OPERATION, error)}`);
      }
      assertScopeReadable(read.nodes, read.readable, entry.defectScope ?? {});
    },
    metadata: () =>
      (metadata ??= loadMetadata(settings, { ...deps, call }).then((read) => {
        if (read.fatal !== undefined) stop(read.fatal);
        return read;
      })),
    rootSuiteOf: async (planId) => {
      const plan = (await (plans ??= listPlans())).get(planId);
      if (!plan) throw new Error(`test plan ${planId} is not in project ${deps.project}.`);
      if (!plan.rootSuite || !Number.isInteger(plan.rootSuite.id))
        throw new Error(`test plan ${planId} came without its root suite.`);
      return plan.rootSuite.id;
    },
  };
}

/** Thrown at a part's queued requests once that part has failed: they are not sent. */
class PartStopped extends Error {
  constructor() {
    super("stopped: an earlier request of this part failed");
  }
}

/** One part of a participant-role's read (points or defects): the first failure is its reason. */
class Part {
  failure?: string;
  constructor(private readonly run: ReadRun) {}

  async call<T>(operation: string, fn: () => Promise<T>, options?: CallOptions): Promise<T> {
    if (this.failure !== undefined) throw new PartStopped();
    try {
      return await this.run.call(
        operation,
        () => {
          if (this.failure !== undefined) throw new PartStopped();
          return fn();
        },
        options,
      );
    } catch (error) {
      if (!(error instanceof PartStopped) && !isFatal(error) && this.failure === undefined)
        this.failure = describeFailure(operation, error);
      throw error;
    }
  }
}

async function readPart<T>(
  run: ReadRun,
  empty: T,
  body: (part: Part) => Promise<T>,
): Promise<{ value: T; completeness: Completeness }> {
  const part = new Part(run);
  try {
    const value = await body(part);
    return { value, completeness: COMPLETE };
  } catch (error) {
    if (isFatal(error)) throw error;
    if (run.stopped !== undefined) throw run.stopped;
    const reason = part.failure ?? (error instanceof Error ? error.message : String(error));
    // The part's requests still queued or paging are not sent.
    part.failure = reason;
    return { value: empty, completeness: incomplete(reason) };
  }
}

/** Reads one participant-role's facts. Rejects only for a refused token or permission (see isFatal). */
export async function readParticipantRole(
  entry: RegistryEntry,
  settings: Settings,
  deps: ReaderDeps,
  run: ReadRun = createReadRun(settings, deps),
): Promise<ParticipantRoleFacts> {
  const limits = resolvedLimits(deps.limits);
  const [metadataRead, points, defects] = await Promise.all([
    run.metadata(),
    readPart<PointFact[]>(run, [], (part) => readPoints(entry, deps, run, part)),
    readPart<DefectFact[]>(run, [], async (part) => {
      // Checked beside the queries, not before them: the shared check is read once, while the queries go out.
      const readable = run.assertDefectsReadable(entry);
      readable.catch(() => undefined);
      const defects = await readDefects(entry, settings, deps, part, limits);
      await readable;
      return defects;
    }),
  ]);
  if (run.stopped !== undefined) throw run.stopped;
  const metadata: ProgrammeMetadata = metadataRead.metadata;
  return {
    participantRole: registryKey(entry),
    points: points.value,
    defects: defects.value,
    testCaseCount: new Set(points.value.map((p) => p.testCaseId)).size,
    metadata,
    completeness: { points: points.completeness, defects: defects.completeness },
  };
}

/**
 * Reads every entry concurrently (the shared caller bounds how many requests are in flight), sharing one run:
 * the metadata and the plan list are read once. Facts come back in the entries' order; `onProgress` is called
 * as each participant-role finishes, with its facts and its index among the entries, so a surface can show it at
 * once. Rejects at once for a refused token or permission.
 */
export async function readPortfolio(
  entries: readonly RegistryEntry[],
  settings: Settings,
  deps: ReaderDeps,
  onProgress?: (
    done: number,
    total: number,
    participantRole: string,
    facts: ParticipantRoleFacts,
    index: number,
  ) => void,
  options: { participantRolesInFlight?: number; signal?: AbortSignal } = {},
): Promise<ParticipantRoleFacts[]> {
  const run = createReadRun(settings, deps, options.signal);
  const facts = new Array<ParticipantRoleFacts>(entries.length);
  let next = 0;
  let done = 0;
  // At most this many participant-roles are started at once: enough to keep every request slot busy, few enough
  // that the first ones finish early instead of all finishing together at the end.
  const inFlight = Math.max(1, Math.min(options.participantRolesInFlight ?? entries.length, entries.length));
  const worker = async () => {
    while (next < entries.length) {
      if (run.stopped !== undefined) throw run.stopped;
      const index = next++;
      facts[index] = await readParticipantRole(entries[index], settings, deps, run);
      onProgress?.(++done, entries.length, facts[index].participantRole, facts[index], index);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return facts;
}

// ---------------------------------------------------------------------------------------------------------
// Points

async function readPoints(entry: RegistryEntry, deps: ReaderDeps, run: ReadRun, part: Part): Promise<PointFact[]> {
  const byId = new Map<number, PointFact>();
  const started = new Set<string>();
  const readSuite = async (planId: number, suiteId: number) => {
    const key = `${planId}/${suiteId}`;
    if (started.has(key)) return;
    started.add(key);
    let token: string | undefined;
    do {
      const operation = OPERATIONS.points(planId, suiteId);
      const page = await part.call(
        operation,
        () => deps.port.listPoints(deps.project, planId, suiteId, { recursive: true, continuationToken: token }),
        { continuation: token !== undefined },
      );
      if (!Array.isArray(page.items)) throw new Error(`${operation} answered without a list of points.`);
      for (const raw of page.items) {
        const fact = toPointFact(raw, planId, suiteId, deps);
        if (!byId.has(fact.id)) byId.set(fact.id, fact);
      }
      token = page.continuationToken || undefined;
    } while (token);
  };
  await Promise.all(
    (entry.testPlans ?? []).map(async (selection) => {
      // An empty suiteIds list is read as "the whole plan", never as "nothing": an assurance tool fails closed.
      const suites =
        selection.suiteIds && selection.suiteIds.length > 0
          ? [...new Set(selection.suiteIds)]
          : [await run.rootSuiteOf(selection.planId)];
      await Promise.all(suites.map((suiteId) => readSuite(selection.planId, suiteId)));
    }),
  );
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

const isoDate = (value: unknown): string | undefined =>
  value instanceof Date ? value.toISOString() : typeof value === "string" && value !== "" ? value : undefined;

function toPointFact(raw: RawPoint, planId: number, suiteId: number, deps: ReaderDeps): PointFact {
  if (!raw || !Number.isInteger(raw.id)) throw new Error(`a test point of plan ${planId} came without an id.`);
  const testCaseId = raw.testCaseReference?.id;
  if (!Number.isInteger(testCaseId)) throw new Error(`test point ${raw.id} came without its test case.`);
  const point: PointFact = {
    id: raw.id,
    planId: raw.testPlan?.id ?? planId,
    suiteId: raw.testSuite?.id ?? suiteId,
    testCaseId: testCaseId as number,
    // The service leaves isActive out when it is true; only an explicit false is an inactive point.
    isActive: raw.isActive !== false,
    outcome: raw.results?.outcome,
  };
  if (raw.testPlan?.name !== undefined) point.planName = raw.testPlan.name;
  if (raw.testSuite?.name !== undefined) point.suiteName = raw.testSuite.name;
  if (raw.testCaseReference?.name !== undefined) point.testCaseTitle = raw.testCaseReference.name;
  if (raw.configuration?.id !== undefined) point.configurationId = raw.configuration.id;
  if (raw.configuration?.name !== undefined) point.configurationName = raw.configuration.name;
  const updated = isoDate(raw.lastUpdatedDate);
  if (updated !== undefined) point.lastUpdatedDate = updated;
  const projectUrl = `${deps.port.orgUrl}/${encodeURIComponent(deps.project)}`;
  point.url = `${projectUrl}/_testPlans/execute?planId=${point.planId}&suiteId=${point.suiteId}`;
  point.testCaseUrl = `${projectUrl}/_workitems/edit/${point.testCaseId}`;
  const runId = raw.results?.lastTestRunId;
  const resultId = raw.results?.lastResultId;
  if (typeof runId === "number" && Number.isInteger(runId) && runId > 0) {
    point.lastRunId = runId;
    const result = typeof resultId === "number" && Number.isInteger(resultId) && resultId > 0 ? resultId : undefined;
    if (result !== undefined) point.lastResultId = result;
    point.runUrl = `${projectUrl}/_testManagement/runs?_a=resultSummary&runId=${runId}${result !== undefined ? `&resultId=${result}` : ""}`;
  }
  return point;
}

// ---------------------------------------------------------------------------------------------------------
// Defects

/** The fields read for each defect. */
export function defectFields(settings: Settings): string[] {
  const d = settings.defects;
  return [
    ...new Set([
      "System.Id",
      "System.Title",
      "System.WorkItemType",
      "System.State",
      "System.AreaPath",
      "System.Tags",
      "System.ChangedDate",
      d.severityField,
      d.impactField,
      d.mitigationField,
      d.resolutionDateField,
    ]),
  ].filter((f): f is string => typeof f === "string" && f.trim() !== "");
}

async function readDefects(
  entry: RegistryEntry,
  settings: Settings,
  deps: ReaderDeps,
  part: Part,
  limits: Required<ReaderLimits>,
): Promise<DefectFact[]> {
  let condition: string;
  try {
    condition = defectScopeCondition(settings.defects?.workItemTypes ?? [], entry.defectScope ?? {});
  } catch (error) {
    throw new Error(`Defects cannot be queried: ${error instanceof Error ? error.message : String(error)}`);
  }
  const fields = defectFields(settings);
  const batches: Promise<RawWorkItem[]>[] = [];
  /** Every id the queries returned: each must come back from a batch read, or the read is incomplete. */
  const asked = new Set<number>();
  let last = 0;
  for (;;) {
    const query = partitionedQuery(condition, last);
    const ids = await part.call(OPERATIONS.wiql, () => deps.port.queryWiql(deps.project, query, limits.wiqlPageSize), {
      continuation: last > 0,
    });
    const bad = ids.find((id) => !Number.isSafeInteger(id) || id <= 0);
    if (bad !== undefined)
      throw new Error(`${OPERATIONS.wiql} returned a work item without a valid id (${String(bad)}).`);
    for (const id of ids) asked.add(id);
    for (let i = 0; i < ids.length; i += limits.workItemBatchSize) {
      const chunk = ids.slice(i, i + limits.workItemBatchSize);
      // A batch follows its query, like a continuation page: it goes ahead of other participant-roles' first
      // requests, so each participant-role finishes (and can be shown) as early as it can.
      const batch = part.call(OPERATIONS.workItems, () => deps.port.getWorkItems(deps.project, chunk, fields), {
        continuation: true,
      });
      // Handled here so a batch failing while the next WIQL page is awaited is not an unhandled rejection;
      // Promise.all below still sees it.
      batch.catch(() => undefined);
      batches.push(batch);
    }
    if (ids.length < limits.wiqlPageSize) break;
    let highest = last;
    for (const id of ids) if (id > highest) highest = id;
    if (highest <= last) throw new Error(`${OPERATIONS.wiql} returned no id above ${last}: the partition stalled.`);
    last = highest;
  }
  const byId = new Map<number, DefectFact>();
  for (const item of (await Promise.all(batches)).flat()) {
    // Only what was asked for: an item the query did not return is not in scope.
    if (item && asked.has(item.id) && !byId.has(item.id)) byId.set(item.id, toDefectFact(item, settings, deps));
  }
  const missing = [...asked].filter((id) => !byId.has(id));
  if (missing.length > 0) throw new Error(unreadDefectsMessage(missing));
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

const LISTED_IDS = 10;

/**
 * The batch read (`errorPolicy: omit`) answers null for an id that was deleted, or became unreadable to the
 * caller, after the query returned it. Such a defect may be the Sev1 that blocks, so its absence is never "no
 * defect": the read is incomplete. A second read would not bring a deleted item back, so none is made.
 */
export function unreadDefectsMessage(missing: readonly number[]): string {
  const sorted = [...missing].sort((a, b) => a - b);
  const listed = sorted.slice(0, LISTED_IDS).map((id) => `#${id}`);
  const more = sorted.length > LISTED_IDS ? ` and ${sorted.length - LISTED_IDS} more` : "";
  return (
    `${sorted.length === 1 ? "1 defect" : `${sorted.length} defects`} the query returned could not be read back ` +
    `(${listed.join(", ")}${more}): deleted, or no longer readable by this identity, between the query and the read. ` +
    `Assess again; if it persists, check who may read those work items.`
  );
}

const text = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : typeof value === "string" ? value : String(value);

function toDefectFact(item: RawWorkItem, settings: Settings, deps: ReaderDeps): DefectFact {
  const f = item.fields ?? {};
  const d = settings.defects;
  const defect: DefectFact = {
    id: item.id,
    title: text(f["System.Title"]) ?? "",
    workItemType: text(f["System.WorkItemType"]) ?? "",
    state: text(f["System.State"]) ?? "",
    severity: f[d.severityField],
  };
  if (f[d.impactField] !== undefined) defect.impact = f[d.impactField];
  if (f[d.mitigationField] !== undefined) defect.mitigation = f[d.mitigationField];
  // A date field is an instant (midnight UK time, stored in UTC): the day is the UK calendar day it falls on.
  const target = d.resolutionDateField ? isoDate(f[d.resolutionDateField]) : undefined;
  const when = target === undefined ? undefined : new Date(target);
  if (when && !Number.isNaN(when.getTime())) defect.resolutionTarget = ukDate(when);
  const areaPath = text(f["System.AreaPath"]);
  if (areaPath !== undefined) defect.areaPath = areaPath;
  const tags = text(f["System.Tags"]);
  if (tags !== undefined) defect.tags = tags;
  const changed = isoDate(f["System.ChangedDate"]);
  if (changed !== undefined) defect.changedDate = changed;
  defect.url = `${deps.port.orgUrl}/${encodeURIComponent(deps.project)}/_workitems/edit/${item.id}`;
  return defect;
}

// ---------------------------------------------------------------------------------------------------------
// The minimum number of requests

/** What one participant-role's read covers, to compute its minimum number of requests. */
export interface ReadShape {
  /** For each suite read (selected suite, or a plan's root suite): the points in its whole subtree. */
  pointsPerSuite: readonly number[];
  /** Defects in its scope; `undefined` when its scope cannot be queried (no defect request is made). */
  defects: number | undefined;
}

export interface MinimumInput {
  participantRoles: readonly ReadShape[];
  /** Plans in the project, when any selection reads a whole plan (its root suite comes from the plan list). */
  plansInProject?: number;
  /** Configured defect work item types (one states request each, once per run). */
  workItemTypes: number;
  /** Area nodes the registry's defect scopes cover, whose permissions are evaluated once per run (default 1). */
  areaNodes?: number;
  /** Items per testplan page (the service's and the sandbox's: 200). */
  pageSize?: number;
  wiqlPageSize?: number;
  workItemBatchSize?: number;
}

export interface MinimumRequests {
  planPages: number;
  pointPages: number;
  wiqlQueries: number;
  workItemBatches: number;
  metadata: number;
  /** The area tree and the permission evaluation batches, once per run when any defects are read. */
  areaChecks: number;
  total: number;
}

/**
 * The fewest requests a read can make, which is what this reader makes when nothing fails:
 *   planPages       = max(1, ⌈plans in project / 200⌉) once per run, if any selection reads a whole plan
 *   pointPages      = Σ over suites read of max(1, ⌈points in the suite's subtree / 200⌉)
 *   wiqlQueries     = Σ over participant-roles of ⌊defects / 19,999⌋ + 1   (the last page is the short one)
 *   workItemBatches = Σ over each WIQL page of ⌈ids on the page / 200⌉
 *   metadata        = configured defect work item types (once per run)
 *   areaChecks      = 1 + ⌈area nodes in the registry's scopes / 200⌉ once per run, if any defects are read
 */
export function minimumRequests(input: MinimumInput): MinimumRequests {
  const pageSize = input.pageSize ?? 200;
  const { wiqlPageSize, workItemBatchSize } = resolvedLimits(input);
  const pages = (n: number) => Math.max(1, Math.ceil(n / pageSize));
  const planPages = input.plansInProject === undefined ? 0 : pages(input.plansInProject);
  let pointPages = 0;
  let wiqlQueries = 0;
  let workItemBatches = 0;
  for (const role of input.participantRoles) {
    for (const n of role.pointsPerSuite) pointPages += pages(n);
    if (role.defects === undefined) continue;
    const fullPages = Math.floor(role.defects / wiqlPageSize);
    wiqlQueries += fullPages + 1;
    workItemBatches +=
      fullPages * Math.ceil(wiqlPageSize / workItemBatchSize) +
      Math.ceil((role.defects - fullPages * wiqlPageSize) / workItemBatchSize);
  }
  const metadata = input.workItemTypes;
  const readsDefects = input.participantRoles.some((role) => role.defects !== undefined);
  const areaChecks = readsDefects ? 1 + Math.ceil((input.areaNodes ?? 1) / MAX_PERMISSION_CHECKS) : 0;
  return {
    planPages,
    pointPages,
    wiqlQueries,
    workItemBatches,
    metadata,
    areaChecks,
    total: planPages + pointPages + wiqlQueries + workItemBatches + metadata + areaChecks,
  };
}
