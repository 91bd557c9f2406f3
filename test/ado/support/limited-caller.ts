import { Caller } from "../../../src/ado/reader";

/**
 * A tiny concurrency limit with no retries, for tests that count requests in flight around (not inside) the
 * resilient caller. A finishing call hands its slot straight to the next waiting one.
 */
export function limitedCaller(concurrency: number): Caller {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(_operation: string, fn: () => Promise<T>): Promise<T> => {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
