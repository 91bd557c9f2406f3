/**
 * Analytics' run-time switches: whether it answers at all (as on a collection where it is turned off or not
 * installed), how many rows a page holds before server-driven paging, and (for tests) the day its history ends.
 * Set through the server option `analytics` and the control API (`GET`/`PUT /_sandbox/analytics`).
 */

/** Analytics pages a result above 10,000 rows (analytics-query-parts.md, "Understand server-side paging"). */
export const DEFAULT_PAGE_SIZE = 10_000;

export interface AnalyticsOptions {
  enabled: boolean;
  pageSize: number;
  /** The last day of the history (`YYYY-MM-DD`); default: the programme's today. */
  today?: string;
}

export class AnalyticsSettings {
  private options: AnalyticsOptions;

  constructor(initial: Partial<AnalyticsOptions> = {}) {
    this.options = AnalyticsSettings.resolve(initial);
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  get pageSize(): number {
    return this.options.pageSize;
  }

  get today(): string | undefined {
    return this.options.today;
  }

  /** Replaces the settings; missing keys go back to their defaults. RangeError (a 400) for bad values. */
  set(next: Partial<AnalyticsOptions>): AnalyticsOptions {
    this.options = AnalyticsSettings.resolve(next);
    return { ...this.options };
  }

  current(): AnalyticsOptions {
    return { ...this.options };
  }

  private static resolve(input: Partial<AnalyticsOptions>): AnalyticsOptions {
    const enabled = input.enabled ?? true;
    const pageSize = input.pageSize ?? DEFAULT_PAGE_SIZE;
    if (typeof enabled !== "boolean") throw new RangeError("analyticsEnabled must be true or false");
    if (!Number.isSafeInteger(pageSize) || pageSize < 1)
      throw new RangeError("analyticsPageSize must be a whole number of at least 1");
    if (input.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.today))
      throw new RangeError("analyticsToday must be a date written YYYY-MM-DD");
    return { enabled, pageSize, ...(input.today !== undefined ? { today: input.today } : {}) };
  }
}
