import { AdoPort, RawAreaNode, RawPlan } from "./port";
import { Caller } from "./reader-deps";

/**
 * The project's test plans and area tree, read the same way by every surface (the reader, the CLI's discover, the
 * settings hub): every page of plans, and the area tree to one depth, so registry discovery proposes the same
 * entries wherever it runs.
 */

/** Levels of the area tree read below the project's root: enough for `Project\Window\Participant-role\…`. */
export const AREA_TREE_DEPTH = 6;

export const PLANS_OPERATION = "GET testplan/Plans";
export const AREAS_OPERATION = "GET wit/classificationnodes/areas";

/**
 * Surfaces pass the resilient port (resilient-port.ts), whose methods already run through their caller; the
 * reader passes its bare port and its own caller, which tracks what it read.
 */
const direct: Caller = (_operation, fn) => fn();

/** Every plan of the project, following continuation tokens; a page without a list is an error, not "no plans". */
export async function readAllPlans(port: AdoPort, project: string, call: Caller = direct): Promise<RawPlan[]> {
  const plans: RawPlan[] = [];
  let token: string | undefined;
  do {
    const page = await call(PLANS_OPERATION, () => port.listPlans(project, token), {
      continuation: token !== undefined,
    });
    if (!Array.isArray(page.items)) throw new Error(`${PLANS_OPERATION} answered without a list of plans.`);
    plans.push(...page.items);
    token = page.continuationToken || undefined;
  } while (token);
  return plans;
}

export function readAreaTree(port: AdoPort, project: string, call: Caller = direct): Promise<RawAreaNode> {
  return call(AREAS_OPERATION, () => port.getAreaTree(project, AREA_TREE_DEPTH));
}
