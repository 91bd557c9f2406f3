import fc from "fast-check";
import { RecordRevision, StampedIdentity, evidenceOf } from "../../src/core/record-evidence";

/** Which records Azure DevOps vouches for: written, as they now read, by an identity that may vouch for them. */

const ASSURER: StampedIdentity = { id: "a", displayName: "Beatrix Sollers (BSC)" };
const TESTER: StampedIdentity = { id: "t", displayName: "Avery Quillon" };
const mayVouch = (identity: StampedIdentity) => identity.id === ASSURER.id;

let rev = 0;
const revision = (by: StampedIdentity | undefined, content: Record<string, unknown>): RecordRevision => ({
  rev: ++rev,
  changedBy: by,
  changedDate: `2026-12-0${Math.min(9, rev)}T10:00:00Z`,
  content,
});

const WAIVER = { kind: "waiver", body: "BSC", pointId: 472, state: "Approved" };

describe("record evidence", () => {
  it("vouches for a record an assurer wrote, whatever later revisions left its content alone", () => {
    const made = revision(ASSURER, WAIVER);
    expect(evidenceOf([made], mayVouch)).toMatchObject({ status: "vouched", rev: made.rev, by: ASSURER });
    // A later revision by the tester that changes nothing the record says (e.g. a comment) does not matter.
    expect(evidenceOf([made, revision(TESTER, { ...WAIVER })], mayVouch)).toMatchObject({
      status: "vouched",
      rev: made.rev,
    });
  });

  it("does not vouch for a record the tester wrote, naming them", () => {
    const forged = evidenceOf([revision(TESTER, WAIVER)], mayVouch);
    expect(forged).toMatchObject({ status: "unvouched", by: TESTER });
    expect(forged.status === "unvouched" && forged.reason).toMatch(
      /written by Avery Quillon, who may not vouch for it/,
    );
    expect(evidenceOf([revision(undefined, WAIVER)], mayVouch).status).toBe("unvouched");
    expect(evidenceOf([], mayVouch).status).toBe("unvouched");
  });

  it("does not vouch for a revision saved in an assurer's name by someone else (bypass rules)", () => {
    const inTheirName = { ...revision(ASSURER, WAIVER), authorizedAs: TESTER };
    const forged = evidenceOf([inTheirName], mayVouch);
    expect(forged).toMatchObject({ status: "unvouched", by: TESTER });
    expect(forged.status === "unvouched" && forged.reason).toMatch(
      /saved by Avery Quillon in the name of Beatrix Sollers \(BSC\)/,
    );
    // Saved by the assurer as themselves, it counts.
    expect(evidenceOf([{ ...revision(ASSURER, WAIVER), authorizedAs: ASSURER }], mayVouch).status).toBe("vouched");
  });

  it("shows an assurer's record that someone else changed as tampered, naming both revisions", () => {
    const made = revision(ASSURER, WAIVER);
    const moved = revision(TESTER, { ...WAIVER, body: "REC" });
    const evidence = evidenceOf([moved, made], mayVouch);
    expect(evidence).toMatchObject({ status: "tampered", rev: moved.rev, vouchedRev: made.rev, vouchedBy: ASSURER });
    expect(evidence.status === "tampered" && evidence.reason).toMatch(
      new RegExp(
        `revision ${moved.rev} by Avery Quillon changed what Beatrix Sollers \\(BSC\\) recorded in revision ${made.rev}`,
      ),
    );
    // Changing it back does not make the tester's revision the assurer's: the content was last made by the tester.
    expect(evidenceOf([made, moved, revision(TESTER, WAIVER)], mayVouch).status).toBe("tampered");
    // An assurer saving it without changing what it says does not make the tester's content theirs…
    expect(evidenceOf([made, moved, revision(ASSURER, { ...WAIVER, body: "REC" })], mayVouch).status).toBe("tampered");
    // …writing it again does.
    expect(evidenceOf([made, moved, revision(ASSURER, WAIVER)], mayVouch).status).toBe("vouched");
  });

  const identity = fc.constantFrom<StampedIdentity | undefined>(ASSURER, TESTER, undefined);
  const content = fc.record({ body: fc.constantFrom("BSC", "REC"), state: fc.constantFrom("Approved", "Revoked") });
  const history = fc
    .array(fc.record({ by: identity, content }), { minLength: 1, maxLength: 8 })
    .map((steps) =>
      steps.map((s, i) => ({ rev: i + 1, changedBy: s.by, changedDate: "2026-12-07T10:00:00Z", content: s.content })),
    );

  it("never vouches for a history the tester alone wrote", () => {
    fc.assert(
      fc.property(history, (revisions) => {
        const theirs = revisions.map((r) => ({ ...r, changedBy: r.changedBy === ASSURER ? TESTER : r.changedBy }));
        expect(evidenceOf(theirs, mayVouch).status).not.toBe("vouched");
      }),
    );
  });

  it("never vouches once the tester changes what a record says", () => {
    fc.assert(
      fc.property(history, content, (revisions, next) => {
        const last = revisions[revisions.length - 1];
        fc.pre(JSON.stringify(next) !== JSON.stringify(last.content));
        const edited = [
          ...revisions,
          { rev: last.rev + 1, changedBy: TESTER, changedDate: last.changedDate, content: next },
        ];
        expect(evidenceOf(edited, mayVouch).status).not.toBe("vouched");
      }),
    );
  });

  it("is unmoved by revisions that leave the content alone, whoever makes them, and by their order on the wire", () => {
    fc.assert(
      fc.property(history, identity, (revisions, by) => {
        const before = evidenceOf(revisions, mayVouch);
        const last = revisions[revisions.length - 1];
        const touched = [...revisions, { ...last, rev: last.rev + 1, changedBy: by }];
        expect(evidenceOf(touched, mayVouch)).toEqual(before);
        expect(evidenceOf([...revisions].reverse(), mayVouch)).toEqual(before);
      }),
    );
  });
});
