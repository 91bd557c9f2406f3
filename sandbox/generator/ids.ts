import { createHash } from "node:crypto";

/** Sequential ids, as ADO hands them out: work items, plans and suites, points, runs… each count from their start. */
export class Sequence {
  private last: number;

  constructor(start = 1) {
    this.last = start - 1;
  }

  next(): number {
    return ++this.last;
  }

  get current(): number {
    return this.last;
  }
}

/** The id counters of one programme. Plans and suites share a counter, as on the service (root suite = plan + 1). */
export interface IdSequences {
  workItems: Sequence;
  plansAndSuites: Sequence;
  points: Sequence;
  runs: Sequence;
  areas: Sequence;
}

export function idSequences(): IdSequences {
  return {
    workItems: new Sequence(1),
    plansAndSuites: new Sequence(1),
    points: new Sequence(1),
    runs: new Sequence(1),
    areas: new Sequence(1),
  };
}

/** A stable GUID for a name (the SHA-1 of it, shaped as a version-5 UUID), so ids survive regeneration. */
export function guidFor(name: string): string {
  const hex = createHash("sha1").update(name).digest("hex");
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
