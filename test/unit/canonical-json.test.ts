import { runInNewContext } from "node:vm";
import { canonicalJson, contentHash } from "../../src/core/canonical-json";

describe("canonical JSON", () => {
  it("sorts keys at every depth and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: "x" }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}',
    );
  });

  it("hashes equal values equally whatever their key order", () => {
    expect(contentHash({ a: 1, b: [2] })).toBe(contentHash({ b: [2], a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });

  it("accepts plain objects from another realm and without a prototype", () => {
    const foreign = runInNewContext("({ b: 2, a: [1] })") as unknown;
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    expect(canonicalJson(foreign)).toBe('{"a":[1],"b":2}');
    expect(canonicalJson(bare)).toBe('{"a":1}');
  });

  it("refuses what JSON cannot carry faithfully", () => {
    expect(() => canonicalJson({ when: new Date(0) })).toThrow(/\$\.when holds \[object Date\]/);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/\$\.n is not a finite number/);
    expect(() => canonicalJson(new Map())).toThrow(TypeError);
  });
});
