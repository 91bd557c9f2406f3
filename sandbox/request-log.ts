export interface LoggedRequest {
  seq: number;
  method: string;
  /** Path and query, as requested. */
  url: string;
  status: number;
  ms: number;
  fault?: string;
  user?: string;
}

/** Every API request the sandbox served, for tests and benchmarks to count calls. Bounded, oldest dropped. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  constructor(private readonly capacity = 100_000) {}

  add(entry: Omit<LoggedRequest, "seq">): void {
    this.entries.push({ seq: ++this.seq, ...entry });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(): LoggedRequest[] {
    return this.entries.slice();
  }

  clear(): void {
    this.entries = [];
  }
}
