/**
 * The host's access token, asked for once and reused: every request needs one, and each ask is a message round
 * trip to the host frame, which a portfolio read of hundreds of requests pays hundreds of times. A token is reused
 * for at most `maxAgeMs`, and never within a minute of the expiry its JWT states; a failed ask is not kept.
 */
const EXPIRY_MARGIN_MS = 60_000;

/** The `exp` of a JWT, in ms since the epoch; undefined when the token is not a readable JWT. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export function cachedToken(
  ask: () => Promise<string>,
  options: { maxAgeMs?: number; now?: () => number } = {},
): () => Promise<string> {
  const maxAgeMs = options.maxAgeMs ?? 4 * 60_000;
  const now = options.now ?? Date.now;
  let cached: { token: Promise<string>; until: number } | undefined;
  return () => {
    if (cached && now() < cached.until) return cached.token;
    const askedAt = now();
    const entry = {
      token: ask().then(
        (token) => {
          const exp = jwtExpiry(token);
          entry.until = Math.min(askedAt + maxAgeMs, exp === undefined ? Infinity : exp - EXPIRY_MARGIN_MS);
          return token;
        },
        (error: unknown) => {
          if (cached === entry) cached = undefined;
          throw error;
        },
      ),
      // Callers while the ask is in flight share it.
      until: askedAt + maxAgeMs,
    };
    cached = entry;
    return entry.token;
  };
}
