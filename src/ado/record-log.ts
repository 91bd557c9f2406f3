/**
 * Every revision of the project's record work items (approvals and settings), read through the reporting revisions
 * API and kept: the first read pages through them all; a refresh asks only for what was written since, from the
 * continuation token the last read ended on (the API's watermark), so re-reading after a write costs one request.
 * The records store and the settings store share one log per source.
 */
import { RecordHistory } from "../core/approval-records";
import { AdoPort } from "./port";

export interface RecordLog {
  /** Every record's history; read once, then kept until a refresh. */
  histories(): Promise<RecordHistory[]>;
  /** Reads what was written since the last read (everything, the first time), then every record's history. */
  refresh(): Promise<RecordHistory[]>;
}

export function createRecordLog(api: Pick<AdoPort, "listWorkItemRevisions">, project: string, type: string): RecordLog {
  const byId = new Map<number, RecordHistory>();
  let token: string | undefined;
  /** The latest read, in flight or done; unset before the first and after a failed one. */
  let latest: Promise<RecordHistory[]> | undefined;

  async function readSince(): Promise<RecordHistory[]> {
    for (;;) {
      const batch = await api.listWorkItemRevisions(project, { types: [type], continuationToken: token });
      for (const revision of batch.items) {
        const history = byId.get(revision.id) ?? { id: revision.id, revisions: [] };
        // A revision served again (a retried page) replaces the one kept.
        history.revisions = history.revisions.filter((r) => r.rev !== revision.rev);
        history.revisions.push({ rev: revision.rev, fields: revision.fields });
        byId.set(revision.id, history);
      }
      if (batch.continuationToken !== undefined) token = batch.continuationToken;
      if (batch.isLastBatch) break;
    }
    return [...byId.values()].map((h) => ({ id: h.id, revisions: [...h.revisions] }));
  }

  // One read at a time: a refresh asked for while one runs waits for it, then reads from where it ended (a failed
  // read leaves the token at the last page it did read, so nothing is skipped).
  function next(): Promise<RecordHistory[]> {
    const started = (latest ?? Promise.resolve([])).catch(() => []).then(readSince);
    latest = started;
    started.catch(() => {
      if (latest === started) latest = undefined;
    });
    return started;
  }

  return { histories: () => latest ?? next(), refresh: next };
}
