import { seededRandom } from "./rng";

/** Fault injection, set per run or at runtime. Rates are probabilities per request (0–1). */
export interface FaultSettings {
  seed: number;
  /** Added to every API response, before it is sent. */
  latencyMs: number;
  /** Uniform extra latency in [0, jitterMs). */
  jitterMs: number;
  /** Answer 429 with Retry-After and X-RateLimit-* headers. */
  throttleRate: number;
  retryAfterSeconds: number;
  /** Also send Retry-After / X-RateLimit-Delay on successful responses (the service's early warning). */
  delayHeadersOnSuccess: boolean;
  /** Answer 500 or 503. */
  errorRate: number;
  /** Destroy the socket without a response. */
  resetRate: number;
  /** Send a 200 whose JSON body is cut short. */
  truncateRate: number;
  /** Only requests whose path matches this (case-insensitive regular expression) are faulted. */
  pathPattern?: string;
  /**
   * Work items that WIQL still returns but reads no longer find, as when one is deleted or made unreadable to the
   * caller between the query and the read: a batch with `errorPolicy: omit` answers null for them, any other read
   * 404. Not limited by `pathPattern`.
   */
  vanishedWorkItemIds: number[];
}

export const NO_FAULTS: FaultSettings = {
  seed: 1,
  latencyMs: 0,
  jitterMs: 0,
  throttleRate: 0,
  retryAfterSeconds: 1,
  delayHeadersOnSuccess: false,
  errorRate: 0,
  resetRate: 0,
  truncateRate: 0,
  vanishedWorkItemIds: [],
};

export type FaultDecision =
  | { kind: "none" }
  | { kind: "throttle" }
  | { kind: "error"; status: 500 | 503 }
  | { kind: "reset" }
  | { kind: "truncate" };

export class FaultInjector {
  private settings: FaultSettings = { ...NO_FAULTS };
  private random = seededRandom(NO_FAULTS.seed);
  private pattern?: RegExp;

  get current(): FaultSettings {
    return { ...this.settings, vanishedWorkItemIds: [...this.settings.vanishedWorkItemIds] };
  }

  /** Whether reads of this work item should no longer find it (see `vanishedWorkItemIds`). */
  vanished(id: number): boolean {
    return this.settings.vanishedWorkItemIds.includes(id);
  }

  /** Replaces the settings (missing keys fall back to no fault) and restarts the seeded sequence. */
  set(next: Partial<FaultSettings>): FaultSettings {
    const merged = { ...NO_FAULTS, ...next };
    for (const key of ["throttleRate", "errorRate", "resetRate", "truncateRate"] as const) {
      if (!(merged[key] >= 0 && merged[key] <= 1)) throw new RangeError(`${key} must be between 0 and 1`);
    }
    for (const key of ["latencyMs", "jitterMs", "retryAfterSeconds"] as const) {
      if (!(merged[key] >= 0)) throw new RangeError(`${key} must be 0 or more`);
    }
    if (!Array.isArray(merged.vanishedWorkItemIds) || !merged.vanishedWorkItemIds.every(Number.isSafeInteger))
      throw new RangeError("vanishedWorkItemIds must be a list of work item ids");
    this.pattern = merged.pathPattern ? new RegExp(merged.pathPattern, "i") : undefined;
    this.settings = merged;
    this.random = seededRandom(merged.seed);
    return this.current;
  }

  applies(path: string): boolean {
    return !this.pattern || this.pattern.test(path);
  }

  latency(): number {
    const { latencyMs, jitterMs } = this.settings;
    return latencyMs + (jitterMs > 0 ? Math.floor(this.random() * jitterMs) : 0);
  }

  /** One draw per faultable request, in a fixed order, so a seed reproduces the same sequence of faults. */
  decide(): FaultDecision {
    const s = this.settings;
    const roll = this.random();
    let edge = s.resetRate;
    if (roll < edge) return { kind: "reset" };
    edge += s.throttleRate;
    if (roll < edge) return { kind: "throttle" };
    edge += s.errorRate;
    if (roll < edge) return { kind: "error", status: this.random() < 0.5 ? 500 : 503 };
    edge += s.truncateRate;
    if (roll < edge) return { kind: "truncate" };
    return { kind: "none" };
  }
}
