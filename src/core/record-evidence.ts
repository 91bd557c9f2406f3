/**
 * Whether Azure DevOps vouches for a record: the rule that decides if an approval kept as a work item counts.
 *
 * Each revision of a work item carries the identity Azure DevOps stamped on it (`System.ChangedBy`, which a client
 * cannot set without "Bypass rules on work item updates") and the identity that actually saved it
 * (`System.AuthorizedAs`, which nobody can set). A revision saved by one identity in another's name — what bypass
 * rules allows — vouches for nothing: only a revision an identity saved as itself speaks for it. A record says what
 * its content fields say in its latest
 * revision. It counts only when the revision that made that content — the earliest of the unbroken run of
 * revisions, up to the latest, whose content is the same — was stamped with an identity that may vouch for it (an
 * assurer of the record's body). Later revisions that leave the content alone (a tag, a comment) change nothing,
 * either way: an assurer saving someone else's content unchanged does not make it theirs.
 *
 * Content the vouching identity wrote and someone else then changed is "tampered": it does not count, and it is
 * shown as such, so a counted approval cannot silently turn into something else. Pure: the caller reads the
 * revisions and says who may vouch.
 */
import { canonicalJson } from "./canonical-json";

export interface StampedIdentity {
  id: string;
  displayName?: string;
  uniqueName?: string;
}

export interface RecordRevision {
  rev: number;
  /** `System.ChangedBy` as Azure DevOps stamped it; absent when the revision came without it. */
  changedBy?: StampedIdentity;
  /** `System.AuthorizedAs`: who actually saved the revision; absent when the revision came without it. */
  authorizedAs?: StampedIdentity;
  /** `System.ChangedDate`. */
  changedDate: string;
  /** The record's content fields in this revision: what the record says (body, decision, subject, area…). */
  content: Readonly<Record<string, unknown>>;
}

export type Evidence =
  /** The current content was written by an identity that may vouch for it. */
  | { status: "vouched"; rev: number; by: StampedIdentity; at: string }
  /** The current content was written by someone who may not vouch for it, and nobody who may ever wrote it. */
  | { status: "unvouched"; rev: number; by?: StampedIdentity; at?: string; reason: string }
  /** Someone who may vouch wrote content that someone else then changed: the record says what they did not. */
  | {
      status: "tampered";
      rev: number;
      by?: StampedIdentity;
      at: string;
      vouchedRev: number;
      vouchedBy: StampedIdentity;
      reason: string;
    };

/** An identity field as the revisions API gives it with `includeIdentityRef`, or undefined if it is not one. */
export function identityOf(value: unknown): StampedIdentity | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== "string" || v.id === "") return undefined;
  return {
    id: v.id,
    displayName: typeof v.displayName === "string" ? v.displayName : undefined,
    uniqueName: typeof v.uniqueName === "string" ? v.uniqueName : undefined,
  };
}

const who = (identity: StampedIdentity | undefined) =>
  identity ? (identity.displayName ?? identity.uniqueName ?? identity.id) : "an identity Azure DevOps did not name";

const sameIdentity = (a: StampedIdentity, b: StampedIdentity) => a.id.toLowerCase() === b.id.toLowerCase();

/** Saved by one identity in another's name: ChangedBy set by a bypass-rules write, AuthorizedAs who really saved. */
export const onBehalf = (r: RecordRevision): boolean =>
  r.authorizedAs !== undefined && r.changedBy !== undefined && !sameIdentity(r.authorizedAs, r.changedBy);

/** `mayVouch(identity, content)`: whether the identity may vouch for a record that says `content`. */
export function evidenceOf(
  revisions: readonly RecordRevision[],
  mayVouch: (identity: StampedIdentity, content: Readonly<Record<string, unknown>>) => boolean,
): Evidence {
  const ordered = [...revisions].sort((a, b) => a.rev - b.rev);
  if (ordered.length === 0)
    return { status: "unvouched", rev: 0, reason: "the record has no revisions to vouch for it." };
  const last = ordered[ordered.length - 1];
  const current = canonicalJson(last.content);
  let maker = ordered.length - 1;
  while (maker > 0 && canonicalJson(ordered[maker - 1].content) === current) maker--;
  const made = ordered[maker];
  const vouches = (r: RecordRevision) => r.changedBy !== undefined && !onBehalf(r) && mayVouch(r.changedBy, r.content);
  if (vouches(made)) return { status: "vouched", rev: made.rev, by: made.changedBy!, at: made.changedDate };
  if (onBehalf(made) && made.changedBy && mayVouch(made.changedBy, made.content))
    return {
      status: "unvouched",
      rev: made.rev,
      by: made.authorizedAs,
      at: made.changedDate,
      reason:
        `revision ${made.rev} was saved by ${who(made.authorizedAs)} in the name of ${who(made.changedBy)} ` +
        '(with "Bypass rules on work item updates"), and only what an identity saves as itself speaks for it.',
    };
  const earlier = ordered.slice(0, maker).reverse().find(vouches);
  if (earlier)
    return {
      status: "tampered",
      rev: made.rev,
      by: made.changedBy,
      at: made.changedDate,
      vouchedRev: earlier.rev,
      vouchedBy: earlier.changedBy!,
      reason:
        `revision ${made.rev} by ${who(made.changedBy)} changed what ${who(earlier.changedBy)} recorded in ` +
        `revision ${earlier.rev}, and ${who(made.changedBy)} may not vouch for it.`,
    };
  return {
    status: "unvouched",
    rev: made.rev,
    by: made.changedBy,
    at: made.changedDate,
    reason: `it was written by ${who(made.changedBy)}, who may not vouch for it.`,
  };
}
