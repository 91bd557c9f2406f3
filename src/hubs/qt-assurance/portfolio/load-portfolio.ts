/**
 * Reads and assesses the participant-roles of a window, the way every surface does (src/ado reader, approvals from
 * the store, the one engine), reporting progress as each participant-role is read. Results are kept per hub
 * connection, settings and window, so going to a detail view and back does not read everything again; Refresh
 * reads afresh.
 */
import { loadApprovalsFor, registryEntriesOf } from "../../../ado/assessment-run";
import { createReadRun, readParticipantRole } from "../../../ado/reader";
import { ParticipantRoleFacts } from "../../../core/facts";
import { assessWith, createAssessmentContext } from "../../../core/assess";
import { Assessment } from "../../../core/assessment";
import { RegistryEntry, Settings, registryKey } from "../../../core/settings";
import { HubData } from "../../../ui/hub-data";

export interface LoadedPortfolio {
  assessments: Assessment[];
  /** When it was read, for "as of" text. */
  at: Date;
}

/** The registry entries of a window (`sit`: the SIT route; undefined: all); none is an empty list here. */
export function entriesOf(settings: Settings, window: string | undefined): RegistryEntry[] {
  if (settings.registry.length === 0) return [];
  try {
    return registryEntriesOf(settings, window);
  } catch {
    return []; // the helper throws for an empty window; the view shows a zero-data state instead
  }
}

export async function loadPortfolio(
  data: HubData,
  settings: Settings,
  window: string | undefined,
  now: Date,
  onProgress?: (done: number, total: number) => void,
): Promise<LoadedPortfolio> {
  const entries = entriesOf(settings, window);
  if (entries.length === 0) return { assessments: [], at: now };
  onProgress?.(0, entries.length);
  // Approvals come in one request beside the reads, not after them.
  const [facts, approvals] = await Promise.all([
    readInTurn(entries, settings, data, onProgress),
    loadApprovalsFor(data, entries.map(registryKey)),
  ]);
  const ctx = createAssessmentContext(settings, approvals);
  return { assessments: facts.map((f) => assessWith(ctx, f, now)), at: now };
}

/** Participant-roles read at once: enough to keep the caller's request slots busy. */
const PARTICIPANT_ROLES_IN_FLIGHT = 12;

/**
 * Like the reader's readPortfolio (one shared run: metadata and the plan list read once), but a few
 * participant-roles at a time rather than all at once. The caller bounds requests either way; reading in turn lets
 * each participant-role finish early, so the progress a user sees moves steadily instead of sitting at 0 until
 * the very end. A refused token or permission stops the run and rejects, as readPortfolio does.
 */
async function readInTurn(
  entries: readonly RegistryEntry[],
  settings: Settings,
  data: HubData,
  onProgress?: (done: number, total: number) => void,
): Promise<ParticipantRoleFacts[]> {
  const deps = { port: data.port, project: data.project, call: data.caller.call };
  const run = createReadRun(settings, deps);
  const facts: ParticipantRoleFacts[] = new Array<ParticipantRoleFacts>(entries.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < entries.length) {
      const index = next++;
      facts[index] = await readParticipantRole(entries[index], settings, deps, run);
      onProgress?.(++done, entries.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARTICIPANT_ROLES_IN_FLIGHT, entries.length) }, worker));
  return facts;
}

const cache = new WeakMap<HubData, WeakMap<Settings, Map<string, LoadedPortfolio>>>();

export function cachedPortfolio(data: HubData, settings: Settings, window: string | undefined) {
  return cache
    .get(data)
    ?.get(settings)
    ?.get(window ?? "*");
}

export function rememberPortfolio(
  data: HubData,
  settings: Settings,
  window: string | undefined,
  loaded: LoadedPortfolio,
): void {
  let bySettings = cache.get(data);
  if (!bySettings) cache.set(data, (bySettings = new WeakMap()));
  let byWindow = bySettings.get(settings);
  if (!byWindow) bySettings.set(settings, (byWindow = new Map()));
  byWindow.set(window ?? "*", loaded);
}
