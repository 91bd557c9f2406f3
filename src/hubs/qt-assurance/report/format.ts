/** Small text helpers of the report view. */

/** The first 12 hex digits of a SHA-256, enough to tell snapshots apart on screen. */
export const shortSha = (sha256: string): string => sha256.slice(0, 12);

/**
 * An ISO timestamp as `YYYY-MM-DD HH:MM:SS UTC` (the same for every viewer, as the audit log records it; seconds,
 * so two snapshots submitted in the same minute can be told apart).
 */
export function formatTimestamp(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}
