import { DefectFact, ProgrammeMetadata } from "./facts";

/** A settings override: this state (of this work item type, or of any) is / is not outstanding. */
export interface StateOverride {
  state: string;
  workItemType?: string;
  outstanding: boolean;
}

export type OutstandingReading =
  | { outstanding: boolean; via: "override" | "category"; category?: string }
  /** The type's states were read but this state is not among them: fail closed, count it as outstanding. */
  | { outstanding: true; via: "unknown-state" }
  /** No states were read for the type at all: the defect cannot be judged. */
  | { outstanding: true; via: "unknown-type" };

const CLOSED_CATEGORIES = new Set(["completed", "removed"]);

const key = (s: string) => s.trim().toLowerCase();

/** Compiles overrides and metadata into one lookup, so each defect costs two map reads. */
export function compileOutstanding(
  metadata: ProgrammeMetadata,
  overrides: readonly StateOverride[],
): (defect: Pick<DefectFact, "workItemType" | "state">) => OutstandingReading {
  const typed = new Map<string, boolean>();
  const untyped = new Map<string, boolean>();
  for (const o of overrides) {
    if (o.workItemType) typed.set(`${key(o.workItemType)}\u0000${key(o.state)}`, o.outstanding);
    else untyped.set(key(o.state), o.outstanding);
  }
  const categories = new Map<string, Map<string, string>>();
  for (const [type, states] of Object.entries(metadata.stateCategories)) {
    const byState = new Map<string, string>();
    for (const [state, category] of Object.entries(states)) byState.set(key(state), category);
    categories.set(key(type), byState);
  }
  return ({ workItemType, state }) => {
    const override = typed.get(`${key(workItemType)}\u0000${key(state)}`) ?? untyped.get(key(state));
    if (override !== undefined) return { outstanding: override, via: "override" };
    const states = categories.get(key(workItemType));
    if (!states) return { outstanding: true, via: "unknown-type" };
    const category = states.get(key(state));
    if (category === undefined) return { outstanding: true, via: "unknown-state" };
    return { outstanding: !CLOSED_CATEGORIES.has(key(category)), via: "category", category };
  };
}
