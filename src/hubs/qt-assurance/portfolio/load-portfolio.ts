/**
 * Reads and assesses the participant-roles of a window, the way every surface does (src/ado reader, approvals from
 * the store, the one engine), handing over each participant-role as soon as it is assessed. Results are kept per hub
 * connection, settings and window, so going to a detail view and back does not read everything again; Refresh
 * reads afresh.
 */
import { assessRegistryEntries, registryEntriesOf } from "../../../ado/assessment-run";
import { Assessment } from "../../../core/assessment";
import { RegistryEntry, Settings } from "../../../core/settings";
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

/**
 * Participant-roles read at once: a few more than the hub's 6 request slots, enough to keep them busy, few enough
 * that the first participant-roles are not queued behind the others' requests. Measured with `npm run bench:hub`
 * (200 participant-roles, 50 ms latency): 16 showed the first rows after 3.5 s, 8 after 1.8 s, for the same total.
 */
const PARTICIPANT_ROLES_IN_FLIGHT = 8;

/**
 * Every participant-role of the window, read as concurrently as the caller allows (the application layer's
 * assessRegistryEntries, as the CLI and the widgets read them): `onAssessed` hands over each one as soon as it is
 * read and assessed, so the view can show rows before the last one is in.
 */
export async function loadPortfolio(
  data: HubData,
  settings: Settings,
  window: string | undefined,
  now: Date,
  onProgress?: (done: number, total: number) => void,
  onAssessed?: (assessment: Assessment, index: number) => void,
  signal?: AbortSignal,
): Promise<LoadedPortfolio> {
  const entries = entriesOf(settings, window);
  if (entries.length === 0) return { assessments: [], at: now };
  onProgress?.(0, entries.length);
  const assessments = await assessRegistryEntries(data, settings, entries, {
    now,
    onProgress: (done, total) => onProgress?.(done, total),
    onAssessed,
    participantRolesInFlight: PARTICIPANT_ROLES_IN_FLIGHT,
    signal,
  });
  return { assessments, at: now };
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
