import { IncomingMessage } from "node:http";

interface CachedAnswer {
  text: string;
  /** Headers the handler added (a continuation token). */
  headers: Record<string, string>;
}

/** Above this many characters of cached text the cache starts again, so a long session cannot grow without end. */
const MAX_CHARS = 400_000_000;

/** Answers to reads, kept until something writes. Keyed by who asked, what and how it is to be written. */
export class ReadCache {
  private readonly answers = new Map<string, CachedAnswer>();
  private chars = 0;

  static key(identity: string | undefined, method: string, url: URL, req: IncomingMessage, body: Buffer): string {
    return [identity ?? "", method, url.pathname, url.search, req.headers.accept ?? "", body.toString("utf8")].join(
      "\n",
    );
  }

  get(key: string): CachedAnswer | undefined {
    return this.answers.get(key);
  }

  set(key: string, answer: CachedAnswer): void {
    if (this.chars + answer.text.length > MAX_CHARS) this.clear();
    this.answers.set(key, answer);
    this.chars += answer.text.length;
  }

  clear(): void {
    this.answers.clear();
    this.chars = 0;
  }
}
