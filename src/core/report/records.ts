import { Approvals, MitigationAgreement, Waiver } from "../approvals";

/**
 * The approval records behind an assessment, read the way the engine reads them: each governing body's latest
 * record for a point (per window) or a defect is its word, and a revoked latest record means that body has none.
 * Each list is in the order the records were made.
 */
export function currentWaivers(approvals: Approvals, participantRole: string, windowId: string): Map<number, Waiver[]> {
  const latest = new Map<string, Waiver>();
  for (const w of approvals.waivers)
    if (w.participantRole === participantRole && w.window === windowId) latest.set(`${w.pointId}\n${w.body}`, w);
  return groupCurrent(latest.values(), (w) => w.pointId);
}

export function currentAgreements(approvals: Approvals, participantRole: string): Map<number, MitigationAgreement[]> {
  const latest = new Map<string, MitigationAgreement>();
  for (const a of approvals.mitigationAgreements)
    if (a.participantRole === participantRole) latest.set(`${a.defectId}\n${a.body}`, a);
  return groupCurrent(latest.values(), (a) => a.defectId);
}

function groupCurrent<T extends { revoked?: unknown }>(items: Iterable<T>, key: (item: T) => number): Map<number, T[]> {
  const grouped = new Map<number, T[]>();
  for (const item of items) {
    if (item.revoked) continue;
    const list = grouped.get(key(item));
    if (list) list.push(item);
    else grouped.set(key(item), [item]);
  }
  return grouped;
}
