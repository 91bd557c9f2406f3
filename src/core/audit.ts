import { contentHash } from "./canonical-json";

export interface UserRef {
  /** The ADO identity id (or, from the CLI, the token's identity). */
  id: string;
  displayName: string;
  uniqueName?: string;
}

/** One line of the append-only audit log; each entry's hash covers the previous one's, so edits show. */
export interface AuditEntry {
  seq: number;
  at: string;
  by: UserRef;
  action: string;
  subject: string;
  detail: string;
  prevHash: string;
  hash: string;
}

export const AUDIT_GENESIS_HASH = "0".repeat(64);

export function appendAudit(
  log: readonly AuditEntry[],
  entry: Pick<AuditEntry, "by" | "action" | "subject" | "detail">,
  now: Date,
): AuditEntry[] {
  const last = log[log.length - 1];
  const body = {
    seq: last ? last.seq + 1 : 1,
    at: now.toISOString(),
    by: entry.by,
    action: entry.action,
    subject: entry.subject,
    detail: entry.detail,
    prevHash: last ? last.hash : AUDIT_GENESIS_HASH,
  };
  return [...log, { ...body, hash: contentHash(body) }];
}

/** Finds the first entry that breaks the chain (reordered, edited, removed); undefined when the log is intact. */
export function verifyAudit(log: readonly AuditEntry[]): string | undefined {
  let prevHash = AUDIT_GENESIS_HASH;
  for (let i = 0; i < log.length; i++) {
    const { hash, ...body } = log[i];
    if (body.seq !== i + 1) return `audit entry ${i + 1} has sequence number ${body.seq}: an entry is missing or moved`;
    if (body.prevHash !== prevHash) return `audit entry ${body.seq} does not follow entry ${body.seq - 1}`;
    if (contentHash(body) !== hash) return `audit entry ${body.seq} was changed after it was written`;
    prevHash = hash;
  }
  return undefined;
}
