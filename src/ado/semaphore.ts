/**
 * A counting semaphore: at most `limit` holders at once, waiters served first come, first served. Written here
 * because the usual packages (p-limit) are ESM-only.
 */
export interface Semaphore {
  acquire(): Promise<void>;
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
  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    acquire() {
      if (active < limit) {
        active++;
        return Promise.resolve();
      }
      // The releasing holder hands its slot straight to the next waiter, so `active` never dips and overshoots.
      return new Promise<void>((resolve) => queue.push(resolve));
    },
    release() {
      const next = queue.shift();
      if (next) next();
      else if (active > 0) active--;
    },
  };
}
