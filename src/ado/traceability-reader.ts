/**
 * The reads behind a participant-role's Requirements to Test Traceability Matrix (RTTM, MHHS-DEL1050), above the
 * port and the resilient caller like the assessment's reader (reader.ts). What the assessment already read is
 * reused: its test points (each with its test case and suite) and its defects.
 *
 * - Requirement-based suites: every page of `GET testplan/Plans/{plan}/Suites` for each plan the participant-role
 *   selects; a suite of `suiteType` requirementTestSuite (3 as a numeric enum) inside the selection names its
 *   `requirementId`, and its cases are those of the points read from it.
 * - Test cases: their links, in batches of ≤200 (`POST wit/workitemsbatch` with `$expand: relations`, which brings
 *   every field: the service refuses `fields` beside `$expand`). Their Tests links (TestedBy-Reverse) name the
 *   requirements when the settings give no requirement scope; their other links name the defects linked to them.
 *   Read only when needed: without a requirement scope, or when the participant-role has defects.
 * - Requirements: with a requirement scope (settings.traceability), the partitioned WIQL of the scope (as the
 *   defects' query, reader.ts), after checking the reading identity may view work items on every area node the
 *   scope covers (a query silently leaves out what it may not read); without one, the work items the test cases'
 *   Tests links and the requirement-based suites name, less the defects and test artefacts (or, when
 *   requirementTypes are set, only those types). Each read with its links in batches of ≤200: its Tested By
 *   links (TestedBy-Forward) give its test cases, its other links the defects linked to it.
 * - Fails closed: a request that fails (after the caller's retries), an id asked for that does not come back, a
 *   suite without its requirement, or incomplete points or defects in the assessment → no matrix, the reason
 *   instead; the remaining requests are not sent. A refused token or permission rejects, as the reader does.
 */
import { COMPLETE, Completeness, ParticipantRoleFacts, incomplete } from "../core/facts";
import { DefectScope, RegistryEntry, Settings, requirementScopeOf } from "../core/settings";
import { Assessment } from "../core/assessment";
import {
  TraceLinks,
  TraceRequirement,
  TraceabilityOutcome,
  buildTraceability,
  traceInputOf,
} from "../core/traceability";
import type { AdoSource, ParticipantRoleRead } from "./assessment-run";
import { CSS_NAMESPACE_ID, WORK_ITEM_READ, flattenAreaTree, nodesInScope } from "./area-access";
import { RawSuite, RawWorkItem } from "./port";
import { AREAS_OPERATION, readAreaTree } from "./project-structure";
import { CallOptions, ReadCancelledError, ReaderDeps, describeFailure, isFatal, resolvedLimits } from "./reader-deps";
import { MAX_PERMISSION_CHECKS } from "./wire";
import { partitionedQuery, requirementScopeCondition } from "./wiql-builder";

export const TESTED_BY_FORWARD = "Microsoft.VSTS.Common.TestedBy-Forward";
export const TESTED_BY_REVERSE = "Microsoft.VSTS.Common.TestedBy-Reverse";

/** Work item types that are test artefacts, never requirements (a test case's Tests link to one is not a trace). */
const TEST_TYPES = ["test case", "test suite", "test plan", "shared steps", "shared parameter"];

export const TRACE_OPERATIONS = {
  suites: (planId: number) => `GET testplan/Plans/${planId}/Suites`,
  wiql: "POST wit/wiql",
  workItems: "POST wit/workitemsbatch",
  areas: AREAS_OPERATION,
  permissions: "POST security/permissionevaluationbatch",
} as const;

export interface TraceRead {
  /** What was read; undefined when the read is incomplete. */
  links?: TraceLinks;
  completeness: Completeness;
}

/** Thrown at this read's queued requests once one has failed: they are not sent. */
class Stopped extends Error {}

const REQUIREMENT_SUITE = /^requirementtestsuite$/i;
const isRequirementSuite = (s: RawSuite) => s.suiteType === 3 || REQUIREMENT_SUITE.test(String(s.suiteType ?? ""));

/** The work item id at the end of a link's address (`…/_apis/wit/workItems/123`), or undefined for another link. */
export function linkedWorkItemId(url: unknown): number | undefined {
  const match = typeof url === "string" ? /\/_apis\/wit\/workItems\/(\d+)\/?$/i.exec(url) : null;
  const id = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

const text = (value: unknown): string => (value === undefined || value === null ? "" : String(value));

/**
 * Reads what one participant-role's matrix needs, given the facts the assessment read. Resolves with the links,
 * or with why they could not all be read; rejects only for a refused token or permission (isFatal) or a
 * cancelled read.
 */
export async function readTraceLinks(
  entry: RegistryEntry,
  settings: Settings,
  facts: Pick<ParticipantRoleFacts, "points" | "defects" | "completeness">,
  deps: ReaderDeps,
  signal?: AbortSignal,
): Promise<TraceRead> {
  if (!facts.completeness.points.complete)
    return notRead(`the test points were not read completely (${facts.completeness.points.reason})`);
  if (!facts.completeness.defects.complete)
    return notRead(`the defects were not read completely (${facts.completeness.defects.reason})`);
  const limits = resolvedLimits(deps.limits);
  let failure: string | undefined;
  const call = async <T>(operation: string, fn: () => Promise<T>, options?: CallOptions): Promise<T> => {
    if (signal?.aborted) throw new ReadCancelledError();
    if (failure !== undefined) throw new Stopped();
    try {
      return await deps.call(
        operation,
        () => {
          if (signal?.aborted) throw new ReadCancelledError();
          if (failure !== undefined) throw new Stopped();
          return fn();
        },
        options,
      );
    } catch (error) {
      if (!(error instanceof Stopped) && !(error instanceof ReadCancelledError) && !isFatal(error))
        failure ??= describeFailure(operation, error);
      throw error;
    }
  };
  /** Work items with their links, every id asked for back, or the read fails. */
  const withRelations = async (ids: readonly number[], what: string): Promise<RawWorkItem[]> => {
    const batches: Promise<RawWorkItem[]>[] = [];
    for (let i = 0; i < ids.length; i += limits.workItemBatchSize) {
      const chunk = ids.slice(i, i + limits.workItemBatchSize);
      const batch = call(TRACE_OPERATIONS.workItems, () => deps.port.getWorkItemsWithRelations(deps.project, chunk), {
        continuation: true,
      });
      batch.catch(() => undefined);
      batches.push(batch);
    }
    const asked = new Set(ids);
    const byId = new Map<number, RawWorkItem>();
    for (const item of (await Promise.all(batches)).flat()) if (item && asked.has(item.id)) byId.set(item.id, item);
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0)
      throw new Error(
        `${missing.length === 1 ? "1 " + what : `${missing.length} ${what}s`} could not be read back ` +
          `(${missing
            .slice(0, 10)
            .map((id) => `#${id}`)
            .join(", ")}${missing.length > 10 ? ` and ${missing.length - 10} more` : ""}): deleted, or not readable ` +
          "by this identity. Read again; if it persists, check who may read those work items.",
      );
    return ids.map((id) => byId.get(id)!);
  };

  const scope = requirementScopeOf(settings, entry);
  const types = settings.traceability?.requirementTypes ?? [];
  const defectIds = new Set(facts.defects.map((d) => d.id));
  const caseIds = [...new Set(facts.points.map((p) => p.testCaseId))].sort((a, b) => a - b);
  try {
    const scoped = scope ? scopedRequirementIds(scope, types, deps, call, limits.wiqlPageSize) : undefined;
    scoped?.catch(() => undefined);
    const suites = requirementSuites(entry, deps, call);
    suites.catch(() => undefined);
    const cases =
      !scope || defectIds.size > 0 ? withRelations(caseIds, "test case") : Promise.resolve<RawWorkItem[]>([]);
    cases.catch(() => undefined);

    const suitesOf = await suites;
    const suiteIdsByRequirement = new Map<number, Set<number>>();
    for (const s of suitesOf) {
      const set = suiteIdsByRequirement.get(s.requirementId) ?? new Set<number>();
      set.add(s.suiteId);
      suiteIdsByRequirement.set(s.requirementId, set);
    }
    let requirementIds: number[];
    if (scoped) requirementIds = await scoped;
    else {
      const candidates = new Set<number>(suiteIdsByRequirement.keys());
      for (const c of await cases)
        for (const r of c.relations ?? [])
          if (r?.rel === TESTED_BY_REVERSE) {
            const id = linkedWorkItemId(r.url);
            if (id !== undefined && !defectIds.has(id)) candidates.add(id);
          }
      requirementIds = [...candidates].sort((a, b) => a - b);
    }
    const [caseItems, requirementItems] = await Promise.all([cases, withRelations(requirementIds, "requirement")]);

    const isRequirement = requirementFilter(settings, scope !== undefined, new Set(suiteIdsByRequirement.keys()));
    const kept = requirementItems.filter(isRequirement);
    const keptIds = new Set(kept.map((r) => r.id));
    const workItemUrl = `${deps.port.orgUrl}/${encodeURIComponent(deps.project)}/_workitems/edit/`;
    const requirements: TraceRequirement[] = kept.map((item) => ({
      id: item.id,
      title: text(item.fields?.["System.Title"]),
      workItemType: text(item.fields?.["System.WorkItemType"]),
      state: text(item.fields?.["System.State"]),
      url: `${workItemUrl}${item.id}`,
    }));
    const testedBy = new Map<number, number[]>();
    for (const item of kept) {
      const targets = (item.relations ?? []).flatMap((r) =>
        r?.rel === TESTED_BY_FORWARD ? [linkedWorkItemId(r.url)].filter((id): id is number => id !== undefined) : [],
      );
      if (targets.length > 0)
        testedBy.set(
          item.id,
          [...new Set(targets)].sort((a, b) => a - b),
        );
    }
    const suiteCases = new Map<number, number[]>();
    for (const [requirementId, suiteIds] of suiteIdsByRequirement) {
      if (!keptIds.has(requirementId)) continue;
      const ids = new Set(facts.points.filter((p) => suiteIds.has(p.suiteId)).map((p) => p.testCaseId));
      suiteCases.set(
        requirementId,
        [...ids].sort((a, b) => a - b),
      );
    }
    const defectLinks = new Map<number, number[]>();
    for (const item of [...kept, ...caseItems])
      for (const r of item.relations ?? []) {
        const target = linkedWorkItemId(r?.url);
        if (target === undefined || !defectIds.has(target)) continue;
        const list = defectLinks.get(target) ?? [];
        if (!list.includes(item.id)) list.push(item.id);
        defectLinks.set(target, list);
      }
    for (const list of defectLinks.values()) list.sort((a, b) => a - b);
    return {
      links: {
        source: scope ? "scope" : "links",
        requirements,
        testedBy,
        suiteCases,
        defectLinks,
        workItemUrl,
      },
      completeness: COMPLETE,
    };
  } catch (error) {
    if (isFatal(error) || error instanceof ReadCancelledError) {
      // Nothing more is sent: a refused token or permission applies to every request, as in the reader.
      failure ??= error.message;
      throw error;
    }
    // The first failure is the reason; requests still queued are not sent.
    failure ??= error instanceof Error ? error.message : String(error);
    return notRead(failure);
  }
}

function notRead(reason: string): TraceRead {
  return { completeness: incomplete(`The traceability matrix cannot be shown: ${reason}`) };
}

type Call = <T>(operation: string, fn: () => Promise<T>, options?: CallOptions) => Promise<T>;

/**
 * In "links" mode a Tests link may reach a defect raised from a test run or another test artefact: only
 * requirementTypes (when set) count, else anything but test artefacts, defects and approval records. A
 * requirement-based suite's requirement always counts; the scope's query already chose its types.
 */
function requirementFilter(settings: Settings, scoped: boolean, ofSuites: ReadonlySet<number>) {
  if (scoped) return () => true;
  const lower = (t: string) => t.trim().toLowerCase();
  const wanted = new Set((settings.traceability?.requirementTypes ?? []).map(lower));
  const never = new Set([
    ...TEST_TYPES,
    ...settings.defects.workItemTypes.map(lower),
    ...(settings.approvalRecords ? [lower(settings.approvalRecords.workItemType)] : []),
  ]);
  return (item: RawWorkItem) => {
    if (ofSuites.has(item.id)) return true;
    const type = lower(text(item.fields?.["System.WorkItemType"]));
    return wanted.size > 0 ? wanted.has(type) : !never.has(type);
  };
}

/** The requirement-based suites inside the entry's plan selections: each suite id with its requirement. */
async function requirementSuites(
  entry: RegistryEntry,
  deps: ReaderDeps,
  call: Call,
): Promise<{ suiteId: number; requirementId: number }[]> {
  const byPlan = new Map<number, number[] | "all">();
  for (const s of entry.testPlans ?? []) {
    const selected = s.suiteIds && s.suiteIds.length > 0 ? s.suiteIds : "all";
    const earlier = byPlan.get(s.planId);
    byPlan.set(s.planId, earlier === "all" || selected === "all" ? "all" : [...(earlier ?? []), ...selected]);
  }
  const found = await Promise.all(
    [...byPlan].map(async ([planId, selected]) => {
      const operation = TRACE_OPERATIONS.suites(planId);
      const suites: RawSuite[] = [];
      let token: string | undefined;
      do {
        const page = await call(operation, () => deps.port.listSuites(deps.project, planId, token), {
          continuation: token !== undefined,
        });
        if (!Array.isArray(page.items)) throw new Error(`${operation} answered without a list of suites.`);
        suites.push(...page.items);
        token = page.continuationToken || undefined;
      } while (token);
      const parentOf = new Map(suites.map((s) => [s.id, s.parentSuite?.id]));
      const inSelection = (id: number): boolean => {
        if (selected === "all") return true;
        for (let at: number | undefined = id, hops = 0; at !== undefined && hops <= suites.length; hops++) {
          if (selected.includes(at)) return true;
          at = parentOf.get(at);
        }
        return false;
      };
      return suites.filter(isRequirementSuite).flatMap((s) => {
        if (!inSelection(s.id)) return [];
        if (!Number.isSafeInteger(s.requirementId) || (s.requirementId ?? 0) <= 0)
          throw new Error(`${operation}: requirement-based suite ${s.id} came without its requirement.`);
        return [{ suiteId: s.id, requirementId: s.requirementId as number }];
      });
    }),
  );
  return found.flat();
}

/**
 * The ids of the requirements in the scope: checked readable first (area tree, then the permission of every node
 * the scope covers), then the partitioned WIQL, page after page until one comes back short.
 */
async function scopedRequirementIds(
  scope: DefectScope,
  types: readonly string[],
  deps: ReaderDeps,
  call: Call,
  pageSize: number,
): Promise<number[]> {
  let condition: string;
  try {
    condition = requirementScopeCondition(types, scope);
  } catch (error) {
    throw new Error(`requirements cannot be queried: ${error instanceof Error ? error.message : String(error)}`);
  }
  const readable = assertRequirementsReadable(scope, deps, call);
  readable.catch(() => undefined);
  const ids: number[] = [];
  let last = 0;
  for (;;) {
    const query = partitionedQuery(condition, last);
    const page = await call(TRACE_OPERATIONS.wiql, () => deps.port.queryWiql(deps.project, query, pageSize), {
      continuation: last > 0,
    });
    const bad = page.find((id) => !Number.isSafeInteger(id) || id <= 0);
    if (bad !== undefined) throw new Error(`${TRACE_OPERATIONS.wiql} returned a work item without a valid id.`);
    ids.push(...page);
    if (page.length < pageSize) break;
    const highest = Math.max(last, ...page);
    if (highest <= last)
      throw new Error(`${TRACE_OPERATIONS.wiql} returned no id above ${last}: the partition stalled.`);
    last = highest;
  }
  await readable;
  return [...new Set(ids)].sort((a, b) => a - b);
}

async function assertRequirementsReadable(scope: DefectScope, deps: ReaderDeps, call: Call): Promise<void> {
  const nodes = flattenAreaTree(await readAreaTree(deps.port, deps.project, call));
  for (const area of scope.areaPaths ?? [])
    if (!nodes.some((n) => n.path.toLowerCase() === area.toLowerCase()))
      throw new Error(`the requirement scope's area path '${area}' is not in the project's area tree.`);
  const covered = nodesInScope(nodes, scope);
  const cut = covered.find((n) => n.cut);
  if (cut)
    throw new Error(`the area tree under '${cut.path}' is deeper than was read, so its permissions cannot be checked.`);
  const denied: string[] = [];
  for (let i = 0; i < covered.length; i += MAX_PERMISSION_CHECKS) {
    const batch = covered.slice(i, i + MAX_PERMISSION_CHECKS);
    const checks = batch.map((n) => ({ namespaceId: CSS_NAMESPACE_ID, token: n.token, permissions: WORK_ITEM_READ }));
    const answers = await call(TRACE_OPERATIONS.permissions, () => deps.port.evaluatePermissions(checks));
    batch.forEach((n, j) => {
      if (answers[j] !== true) denied.push(n.path);
    });
  }
  if (denied.length > 0)
    throw new Error(
      `the identity this read runs as may not view work items in area '${denied[0]}'` +
        `${denied.length > 1 ? ` and ${denied.length - 1} more` : ""}, so requirements there would be missing ` +
        `from the matrix. Grant it "View work items in this node", or read as an identity that has it.`,
    );
}

// ---------------------------------------------------------------------------------------------------------
// The minimum number of requests

export interface TraceShape {
  /** Suites in each distinct plan the participant-role selects. */
  suitesPerPlan: readonly number[];
  /** Distinct test cases among its points. */
  testCases: number;
  defects: number;
  /** With a requirement scope: the requirements it selects, and the area nodes it covers. */
  scoped?: { requirements: number; areaNodes: number };
  /** Without one: the work items the Tests links and requirement-based suites name (defects excluded). */
  linkedCandidates?: number;
  /** Items per testplan page (the service's and the sandbox's: 200). */
  pageSize?: number;
}

export interface TraceMinimum {
  suitePages: number;
  testCaseBatches: number;
  wiqlQueries: number;
  requirementBatches: number;
  areaChecks: number;
  total: number;
}

/**
 * The fewest requests the matrix's read can make, which is what readTraceLinks makes when nothing fails:
 *   suitePages         = Σ over the plans of max(1, ⌈suites / 200⌉)
 *   testCaseBatches    = ⌈test cases / 200⌉, unless a scope is set and there are no defects (then 0)
 *   wiqlQueries        = ⌊requirements / 19,999⌋ + 1 with a scope (0 without)
 *   areaChecks         = 1 + ⌈area nodes in the scope / 200⌉ with a scope (0 without)
 *   requirementBatches = ⌈requirements (or candidates) / 200⌉
 */
export function minimumTraceRequests(shape: TraceShape): TraceMinimum {
  const pageSize = shape.pageSize ?? 200;
  const suitePages = shape.suitesPerPlan.reduce((n, s) => n + Math.max(1, Math.ceil(s / pageSize)), 0);
  const scoped = shape.scoped;
  const testCaseBatches = !scoped || shape.defects > 0 ? Math.ceil(shape.testCases / 200) : 0;
  const wiqlQueries = scoped ? Math.floor(scoped.requirements / 19_999) + 1 : 0;
  const areaChecks = scoped ? 1 + Math.ceil(scoped.areaNodes / MAX_PERMISSION_CHECKS) : 0;
  const requirementBatches = Math.ceil((scoped ? scoped.requirements : (shape.linkedCandidates ?? 0)) / 200);
  return {
    suitePages,
    testCaseBatches,
    wiqlQueries,
    requirementBatches,
    areaChecks,
    total: suitePages + testCaseBatches + wiqlQueries + requirementBatches + areaChecks,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The matrix, for every surface

export type TraceabilityResult = TraceabilityOutcome;

/** The matrix from the links read and the assessment (whose points and defects the links were read for). */
export function traceabilityOf(
  assessment: Pick<Assessment, "points" | "defects">,
  read: TraceRead,
): TraceabilityResult {
  if (!read.links)
    return {
      kind: "cannot-assess",
      reason: read.completeness.complete ? "Nothing was read." : read.completeness.reason,
    };
  return {
    kind: "read",
    traceability: buildTraceability(traceInputOf(assessment, read.links)),
    source: read.links.source,
  };
}

/**
 * One participant-role's matrix, as every surface shows it: the links read over the facts and assessment it was
 * read and assessed with (readAndAssess), combined by the one core. Rejects only as readTraceLinks does.
 */
export async function readTraceability(
  source: Pick<AdoSource, "port" | "project" | "caller">,
  settings: Settings,
  read: Pick<ParticipantRoleRead, "entry" | "facts" | "assessment">,
  signal?: AbortSignal,
): Promise<TraceabilityResult> {
  const links = await readTraceLinks(
    read.entry,
    settings,
    read.facts,
    { port: source.port, project: source.project, call: source.caller.call },
    signal,
  );
  return traceabilityOf(read.assessment, links);
}
