/**
 * Whether the governing bodies agree: where a role is governed by several Code Bodies, QA&P §15 says "both will
 * need to individually approve". An approval (a waiver, a descope, a mitigation agreement) is present only when
 * every governing body's latest word on it is current; with `bodiesMustAgree: "any"` one body's current word is
 * enough. Pure.
 */
import { GoverningBody } from "./roles";

export type ConsensusState = "missing" | "present" | "stale";

export interface Consensus {
  state: ConsensusState;
  /** The bodies whose current approval is still needed (empty once present). */
  awaiting: readonly GoverningBody[];
}

/**
 * @param byBody each body's latest unrevoked approval
 * @param bodies the role's governing bodies (empty when the role is unknown: then any body's word is read)
 * @param isCurrent whether an approval still speaks for what it approved
 */
export function consensus<T>(
  byBody: ReadonlyMap<GoverningBody, T> | undefined,
  bodies: readonly GoverningBody[],
  mode: "all" | "any",
  isCurrent: (approval: T) => boolean,
): Consensus {
  // The common case, a point nobody approved: no allocation beyond the answer.
  if (byBody === undefined || byBody.size === 0) return { state: "missing", awaiting: bodies };
  const records = [...byBody];
  if (mode === "any" || bodies.length === 0) {
    const counted = bodies.length === 0 ? records : records.filter(([b]) => bodies.includes(b));
    if (counted.some(([, a]) => isCurrent(a))) return { state: "present", awaiting: [] };
    return { state: counted.length > 0 ? "stale" : "missing", awaiting: bodies };
  }
  const awaiting: GoverningBody[] = [];
  let stale = false;
  for (const body of bodies) {
    const approval = byBody?.get(body);
    if (approval !== undefined && isCurrent(approval)) continue;
    awaiting.push(body);
    if (approval !== undefined) stale = true;
  }
  if (awaiting.length === 0) return { state: "present", awaiting };
  return { state: stale ? "stale" : "missing", awaiting };
}
