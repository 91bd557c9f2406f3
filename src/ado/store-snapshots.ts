import { canonicalJson } from "../core/canonical-json";
import { reportHash } from "../core/report/model";
import { CompletionReport } from "../core/report/types";
import { AdoPort, DocumentAddress, StoredDocument } from "./port";
import { readCollection, readDocument, writeIfUnchanged } from "./store-documents";
import { SnapshotResult, StoreSnapshotResult } from "./store-types";

/**
 * Report snapshots: immutable documents whose id is the report's SHA-256 (reportHash, of its canonical JSON).
 * Document: `{ id: <sha256>, __etag, sha256, participantRole, window, report }`; `participantRole` and `window`
 * repeat the report's scope so a listing can filter without trusting them (each listed report is verified).
 * The store only ever creates these documents (a write without `__etag`, which fails if the id exists); it never
 * updates or deletes one, and every read recomputes the hash.
 */

export const isSha256 = (text: string): boolean => /^[0-9a-f]{64}$/.test(text);

export const windowOfReport = (report: CompletionReport): string => report.scope.window?.id ?? "";

/** Checks a stored snapshot against its id. */
export function verifySnapshot(doc: StoredDocument | undefined, sha256: string): SnapshotResult {
  if (!doc) return { kind: "missing", sha256 };
  const report = doc.report;
  if (typeof report !== "object" || report === null || Array.isArray(report)) {
    return { kind: "tampered", sha256, message: `Snapshot ${sha256} holds no report.` };
  }
  let actual: string;
  try {
    actual = reportHash(report as CompletionReport);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { kind: "tampered", sha256, message: `Snapshot ${sha256} cannot be hashed: ${why}.` };
  }
  if (actual !== sha256 || doc.sha256 !== sha256) {
    return {
      kind: "tampered",
      sha256,
      message: `Snapshot ${sha256} was changed after it was stored: its report now hashes to ${actual}.`,
    };
  }
  // Verified against its hash: the report is exactly what was submitted.
  return { kind: "ok", sha256, report: report as CompletionReport };
}

export async function storeSnapshot(
  port: AdoPort,
  address: DocumentAddress,
  report: CompletionReport,
): Promise<StoreSnapshotResult> {
  const sha256 = reportHash(report);
  const body = {
    sha256,
    participantRole: report.scope.participantRole,
    window: windowOfReport(report),
    // A plain-JSON copy: what is stored is exactly what was hashed.
    report: JSON.parse(canonicalJson(report)) as unknown,
  };
  const written = await writeIfUnchanged(port, address, sha256, body, undefined);
  if (written !== "conflict") return { kind: "stored", sha256 };
  const existing = verifySnapshot(await readDocument(port, address, sha256), sha256);
  if (existing.kind === "ok") return { kind: "unchanged", sha256 };
  return {
    kind: "mismatch",
    sha256,
    message:
      existing.kind === "missing"
        ? `Snapshot ${sha256} could not be written and is not there: try again.`
        : `A different document already holds snapshot id ${sha256}; it was left as it is. ${existing.message}`,
  };
}

export async function getSnapshot(port: AdoPort, address: DocumentAddress, sha256: string): Promise<SnapshotResult> {
  if (!isSha256(sha256)) return { kind: "missing", sha256 };
  return verifySnapshot(await readDocument(port, address, sha256), sha256);
}

/** The participant-role's snapshots for a window, verified, ordered by when each report was generated. */
export async function listSnapshots(
  port: AdoPort,
  address: DocumentAddress,
  key: string,
  window: string,
): Promise<SnapshotResult[]> {
  const docs = (await readCollection(port, address)).filter((d) => d.participantRole === key && d.window === window);
  const results = docs.map((d) => verifySnapshot(d, d.id));
  const generatedAt = (r: SnapshotResult): string => (r.kind === "ok" ? r.report.generatedAt : "");
  return results.sort((a, b) => generatedAt(a).localeCompare(generatedAt(b)) || a.sha256.localeCompare(b.sha256));
}
