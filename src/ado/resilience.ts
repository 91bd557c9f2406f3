/**
 * Retries, throttling and bounded concurrency, written once above the port for both transports.
 *
 * - One semaphore bounds the requests in flight for everything that shares the caller (a whole read).
 * - A per-area gate (the area is the operation's first path segment: "testplan", "wit", "extensionmanagement")
 *   holds every later request to that area until the server's Retry-After / X-RateLimit-Delay has elapsed, whether
 *   the delay came with a 429 or on a successful response (`delayArea`, which the adapters call).
 * - Server and network failures back off exponentially with full jitter.
 * - Everything gives up after `maxAttempts` or `budgetMs`, rethrowing the last error (same kind) annotated with the
 *   attempts made and why it stopped. Refusals (unauthenticated, forbidden, not-found, bad-request, conflict) are
 *   never retried: they stop after one request.
 */
import { AdoRequestError } from "./errors";
import type { CallOptions } from "./reader-deps";
import { createSemaphore } from "./semaphore";

export interface ResilienceOptions {
  /** Requests in flight at most (default 8). */
  concurrency?: number;
  /** Total time one call may take, waits included, before it gives up (default 60 000 ms). */
  budgetMs?: number;
  /** Requests one call may send at most (default 6). */
  maxAttempts?: number;
  /** First back-off ceiling for server/network failures (default 500 ms); doubles per attempt. */
  baseDelayMs?: number;
  /** Largest back-off ceiling (default 15 000 ms). */
  maxDelayMs?: number;
  /**
   * First wait after a 429 that carried no Retry-After (the browser clients drop error headers), doubling per
   * attempt up to `maxDelayMs` (default 1 000 ms).
   */
  throttleFallbackMs?: number;
  /** Injectable for tests; `sleep` must let `now` advance by the time slept. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export interface ResilienceStats {
  /** Requests sent (first attempts and retries). */
  requests: number;
  /** Of which retries. */
  retries: number;
  /** Time spent waiting at an area's gate for the server's requested delay. */
  throttledWaitMs: number;
}

export interface ResilientCaller {
  /** Runs `fn` (one request) under the limiter, retrying as above. `operation`: `GET testplan/Plans/12/...`. */
  call<T>(operation: string, fn: () => Promise<T>, options?: CallOptions): Promise<T>;
  /** The server asked (e.g. on a 200) to wait `ms` before the next request to `area`. Give it to the adapters. */
  delayArea(area: string, ms: number): void;
  stats(): ResilienceStats;
}

/** A retryable error that was retried until the attempts or the time budget ran out. Keeps the last error's kind. */
export class RetriesExhaustedError extends AdoRequestError {
  constructor(
    readonly lastError: AdoRequestError,
    readonly attempts: number,
    readonly reason: string,
  ) {
    super(lastError.kind, `${lastError.message} Gave up after ${attempts} attempt(s): ${reason}.`, lastError.details);
    this.name = "RetriesExhaustedError";
  }
}

/** The area of an operation (`GET testplan/Plans/1` → `testplan`), lower-cased; the gate's key. */
export function areaOf(operation: string): string {
  const path = operation.trim().split(/\s+/).pop() ?? "";
  return (path.replace(/^\/+/, "").split(/[/?]/)[0] ?? "").toLowerCase();
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createResilientCaller(options: ResilienceOptions = {}): ResilientCaller {
  const concurrency = options.concurrency ?? 8;
  const budgetMs = options.budgetMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 15_000;
  const throttleFallbackMs = options.throttleFallbackMs ?? 1_000;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  if (!(maxAttempts >= 1)) throw new RangeError("maxAttempts must be 1 or more");

  const slots = createSemaphore(concurrency);
  /** Per area: no request may start before this time. */
  const gates = new Map<string, number>();
  const counts: ResilienceStats = { requests: 0, retries: 0, throttledWaitMs: 0 };

  function delayArea(area: string, ms: number): void {
    if (!(ms > 0)) return;
    const key = area.toLowerCase();
    gates.set(key, Math.max(gates.get(key) ?? 0, now() + ms));
  }

  /** Waits until the area's gate is open, then takes a slot; re-checks the gate, which may move while queued. */
  async function admit(
    area: string,
    operation: string,
    deadline: number,
    attempt: number,
    last: AdoRequestError | undefined,
    urgent: boolean,
  ): Promise<void> {
    for (;;) {
      let wait = (gates.get(area) ?? 0) - now();
      while (wait > 0) {
        if (now() + wait > deadline) {
          // A first attempt held by a delay another request received has no error of its own: name the wait.
          const cause =
            last ??
            new AdoRequestError("throttled", `Azure DevOps asked to slow down requests to ${area}.`, {
              operation,
              retryAfterMs: wait,
            });
          throw new RetriesExhaustedError(
            cause,
            attempt - 1,
            `the server asked to wait ${Math.ceil(wait / 1000)} s more, beyond the ${Math.round(budgetMs / 1000)} s budget`,
          );
        }
        await sleep(wait);
        counts.throttledWaitMs += wait;
        wait = (gates.get(area) ?? 0) - now();
      }
      await slots.acquire(urgent);
      if ((gates.get(area) ?? 0) <= now()) return;
      slots.release();
    }
  }

  async function call<T>(operation: string, fn: () => Promise<T>, options: CallOptions = {}): Promise<T> {
    const area = areaOf(operation);
    const started = now();
    const deadline = started + budgetMs;
    let last: AdoRequestError | undefined;
    for (let attempt = 1; ; attempt++) {
      // Retries and continuation pages go first: both extend work already under way.
      await admit(area, operation, deadline, attempt, last, attempt > 1 || !!options.continuation);
      counts.requests++;
      if (attempt > 1) counts.retries++;
      try {
        return await fn();
      } catch (error) {
        if (!(error instanceof AdoRequestError) || !error.retryable) throw error;
        last = error;
      } finally {
        slots.release();
      }
      const serverDelay = last.details.retryAfterMs;
      if (serverDelay !== undefined) delayArea(area, serverDelay);
      if (attempt >= maxAttempts) throw new RetriesExhaustedError(last, attempt, `${maxAttempts} attempts allowed`);
      // Full jitter: a random wait up to the exponential ceiling, on top of any gate the server set.
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      const throttledBlind = last.kind === "throttled" && serverDelay === undefined;
      const backoff =
        serverDelay !== undefined
          ? 0
          : throttledBlind
            ? Math.min(maxDelayMs, throttleFallbackMs * 2 ** (attempt - 1))
            : Math.floor(random() * ceiling);
      if (throttledBlind) delayArea(area, backoff);
      const gateWait = Math.max(0, (gates.get(area) ?? 0) - now());
      if (now() + Math.max(backoff, gateWait) > deadline)
        throw new RetriesExhaustedError(
          last,
          attempt,
          `the next try would pass the ${Math.round(budgetMs / 1000)} s budget (${Math.round((now() - started) / 1000)} s spent)`,
        );
      if (backoff > 0 && last.kind !== "throttled") await sleep(backoff);
    }
  }

  return { call, delayArea, stats: () => ({ ...counts }) };
}
