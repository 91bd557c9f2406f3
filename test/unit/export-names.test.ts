import fc from "fast-check";
import { MAX_ENCODED_LENGTH, decodeDocumentId, documentFileNames, encodeDocumentId } from "../../src/cli/export-names";

/** File names for exported documents (`qt-assure export`): reversible, collision-free, safe on every file system. */

const SAFE = /^[A-Za-z0-9_.%-]+$/;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;
/** Ids short enough for a file name even when every character is encoded (4 UTF-8 bytes × 3). */
const ids = fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 });

describe("document file names", () => {
  it("are reversible, use only safe characters, and are never hidden or reserved", () => {
    fc.assert(
      fc.property(ids, (id) => {
        const stem = encodeDocumentId(id);
        expect(decodeDocumentId(stem)).toBe(id);
        expect(stem).toMatch(SAFE);
        expect(stem.startsWith(".")).toBe(false);
        expect(RESERVED.test(stem)).toBe(false);
      }),
    );
  });

  it("never give two ids one name, even on a file system that ignores case", () => {
    fc.assert(
      fc.property(ids, ids, (a, b) => {
        fc.pre(a !== b);
        const [x, y] = [encodeDocumentId(a), encodeDocumentId(b)];
        expect(x).not.toBe(y);
        // Names that differ only in case come from ids that differ only in letter case, and are refused together.
        if (x.toLowerCase() === y.toLowerCase()) {
          expect(a.toLowerCase()).toBe(b.toLowerCase());
          expect(() => documentFileNames([a, b])).toThrow(/would share the file name/);
        } else expect(documentFileNames([a, b]).size).toBe(2);
      }),
    );
  });

  it("keep the store's own ids readable", () => {
    expect(encodeDocumentId("settings")).toBe("settings");
    expect(encodeDocumentId("ABCD-X")).toBe("ABCD-X");
    expect(encodeDocumentId("a".repeat(64))).toBe("a".repeat(64));
    expect(encodeDocumentId("../etc/passwd")).toBe("%2E.%2Fetc%2Fpasswd");
    expect(encodeDocumentId("CON")).toBe("%43ON");
    expect(encodeDocumentId("lpt1.txt")).toBe("%6Cpt1.txt");
    expect(encodeDocumentId("it's (a) *test*!~")).toBe("it%27s%20%28a%29%20%2Atest%2A%21%7E");
  });

  it("refuse ids no file name can carry, and repeated ids", () => {
    expect(() => encodeDocumentId("")).toThrow(/empty/);
    expect(() => encodeDocumentId("\ud800")).toThrow(/not well-formed/);
    expect(() => encodeDocumentId("x".repeat(MAX_ENCODED_LENGTH + 1))).toThrow(/too long/);
    expect(() => documentFileNames(["HOLL-X", "holl-x"])).toThrow(/"HOLL-X" and "holl-x"/);
    expect(() => documentFileNames(["log", "log"])).toThrow(/would share/);
  });
});
