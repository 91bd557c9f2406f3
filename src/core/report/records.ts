import { Approvals, MitigationAgreement, Waiver } from "../approvals";

/**
 * The approval records behind an assessment, read the way the engine reads them: the latest record for a point
 * (per window) or a defect is its state, and a revoked latest record means there is none.
 */
export function currentWaivers(approvals: Approvals, participantRole: string, windowId: string): Map<number, Waiver> {
  const latest = new Map<number, Waiver>();
  for (const w of approvals.waivers) {
    if (w.participantRole === participantRole && w.window === windowId) latest.set(w.pointId, w);
  }
  for (const [pointId, w] of latest) if (w.revoked) latest.delete(pointId);
  return latest;
}

export function currentAgreements(approvals: Approvals, participantRole: string): Map<number, MitigationAgreement> {
  const latest = new Map<number, MitigationAgreement>();
  for (const a of approvals.mitigationAgreements) {
    if (a.participantRole === participantRole) latest.set(a.defectId, a);
  }
  for (const [defectId, a] of latest) if (a.revoked) latest.delete(defectId);
  return latest;
}
