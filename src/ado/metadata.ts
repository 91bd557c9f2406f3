import { COMPLETE, ProgrammeMetadata, incomplete } from "../core/facts";
import { Settings } from "../core/settings";
import { ReaderDeps, describeFailure, isFatal } from "./reader-deps";

/** The metadata read, and the refusal (bad token, missing permission) that must stop the whole read, if any. */
export interface MetadataRead {
  metadata: ProgrammeMetadata;
  fatal?: unknown;
}

export const statesOperation = (workItemType: string): string =>
  `GET wit/workitemtypes/${encodeURIComponent(workItemType)}/states`;

/**
 * The organisation metadata the engine needs: the state categories of each configured defect work item type
 * (one request per type). Read once per run and shared by reference by every participant-role's facts. A failed
 * request marks the metadata incomplete with the reason; it never throws.
 */
export async function loadMetadata(settings: Settings, deps: ReaderDeps): Promise<MetadataRead> {
  const types = [...new Set((settings.defects?.workItemTypes ?? []).map((t) => t.trim()).filter((t) => t !== ""))];
  const outcomes = await Promise.allSettled(
    types.map((type) => {
      const operation = statesOperation(type);
      return deps
        .call(operation, () => deps.port.getWorkItemTypeStates(deps.project, type))
        .then(
          (states) => ({ type, states }),
          (error: unknown) => Promise.reject({ operation, error }),
        );
    }),
  );
  const stateCategories: Record<string, Record<string, string>> = {};
  const reasons: string[] = [];
  let fatal: unknown;
  for (const outcome of outcomes) {
    if (outcome.status === "fulfilled") {
      const byName: Record<string, string> = {};
      for (const s of outcome.value.states ?? []) byName[s.name] = s.category;
      stateCategories[outcome.value.type] = byName;
    } else {
      const { operation, error } = outcome.reason as { operation: string; error: unknown };
      if (isFatal(error) && fatal === undefined) fatal = error;
      reasons.push(describeFailure(operation, error));
    }
  }
  const metadata: ProgrammeMetadata = {
    stateCategories,
    completeness: reasons.length === 0 ? COMPLETE : incomplete(reasons.join("; ")),
  };
  return fatal === undefined ? { metadata } : { metadata, fatal };
}

/** The metadata alone (for a caller that reads nothing else); failures are in its completeness. */
export async function readMetadata(settings: Settings, deps: ReaderDeps): Promise<ProgrammeMetadata> {
  return (await loadMetadata(settings, deps)).metadata;
}
