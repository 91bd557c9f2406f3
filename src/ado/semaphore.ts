/**
 * A counting semaphore: at most `limit` holders at once. Urgent waiters are served before the rest, each group
 * first come, first served. Written here because the usual packages (p-limit) are ESM-only.
 */
export interface Semaphore {
  /** `urgent`: e.g. the next page of a list already being read, so long chains are not stretched by queueing. */
  acquire(urgent?: boolean): Promise<void>;
  release(): void;
  /** Holders now. */
  readonly active: number;
  /** Callers waiting for a slot. */
  readonly waiting: number;
}

export function createSemaphore(limit: number): Semaphore {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`concurrency must be a whole number ≥ 1, not ${limit}`);
  let active = 0;
  const queue: (() => void)[] = [];
  const urgentQueue: (() => void)[] = [];
  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length + urgentQueue.length;
    },
    acquire(urgent = false) {
      if (active < limit) {
        active++;
        return Promise.resolve();
      }
      // The releasing holder hands its slot straight to the next waiter, so `active` never dips and overshoots.
      return new Promise<void>((resolve) => (urgent ? urgentQueue : queue).push(resolve));
    },
    release() {
      const next = urgentQueue.shift() ?? queue.shift();
      if (next) next();
      else if (active > 0) active--;
    },
  };
}
