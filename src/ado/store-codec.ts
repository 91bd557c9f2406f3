import { APPROVALS_SCHEMA_VERSION, Approvals, emptyApprovals } from "../core/approvals";
import { AuditEntry, verifyAudit } from "../core/audit";
import { Result, fail, ok } from "../core/result";
import { StoredDocument } from "./port";
import { AuditProblem } from "./store-types";

/**
 * The shapes of the store's documents and their checks on read. Stored values arrive from a service anyone with
 * the extension's data scope can write to, so they are checked before the engine sees them.
 *
 * - approvals document: `{ id: <participant-role key>, __etag, approvals: Approvals }`
 * - audit log document: `{ id: "log", __etag, entries: AuditEntry[] }`
 */

const APPROVAL_LISTS = ["waivers", "mitigationAgreements", "entryItems", "signOffs", "submissions", "audit"] as const;

/** The approvals a document holds (empty when there is no document), or what is wrong with it. */
export function decodeApprovals(doc: StoredDocument | undefined): Result<Approvals> {
  if (!doc) return ok(emptyApprovals());
  const value = doc.approvals;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail(`The approvals document '${doc.id}' holds no approvals object.`);
  }
  const record = value as Record<string, unknown>;
  const errors: string[] = [];
  if (record.schemaVersion !== APPROVALS_SCHEMA_VERSION) {
    errors.push(
      `The approvals document '${doc.id}' has schema version ${JSON.stringify(record.schemaVersion)}; this version reads ${APPROVALS_SCHEMA_VERSION}.`,
    );
  }
  for (const list of APPROVAL_LISTS) {
    if (!Array.isArray(record[list])) errors.push(`The approvals document '${doc.id}' has no "${list}" list.`);
  }
  // Checked member by member above; the records themselves are the engine's to judge.
  return errors.length > 0 ? { ok: false, errors } : ok(record as unknown as Approvals);
}

/** The entries of the store-wide audit log document (none when there is no document). */
export function decodeAuditLog(doc: StoredDocument | undefined): Result<AuditEntry[]> {
  if (!doc) return ok([]);
  if (!Array.isArray(doc.entries)) return fail(`The audit log document '${doc.id}' has no "entries" list.`);
  return ok(doc.entries as AuditEntry[]);
}

/** "intact", or the first break in the hash chain (an entry edited, removed or reordered). */
export function checkChain(entries: readonly AuditEntry[]): "intact" | AuditProblem {
  let problem: string | undefined;
  try {
    problem = verifyAudit(entries);
  } catch (error) {
    // canonicalJson throws on values JSON cannot carry: a stored entry of the wrong shape.
    problem = `an audit entry cannot be verified: ${error instanceof Error ? error.message : String(error)}`;
  }
  return problem === undefined ? "intact" : { problem };
}
