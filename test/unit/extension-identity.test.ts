import manifest from "../../vss-extension.json";
import { DEFAULT_EXTENSION, parseExtensionIdentity, parseShippedIn } from "../../src/ado/extension-identity";

describe("extension identity", () => {
  it("parses publisher.extension and nothing else", () => {
    expect(parseExtensionIdentity("contoso.qt-assurance")).toEqual({ publisher: "contoso", id: "qt-assurance" });
    expect(parseExtensionIdentity("  contoso.qt-assurance-dev ")).toEqual({
      publisher: "contoso",
      id: "qt-assurance-dev",
    });
    for (const bad of ["", "contoso", "contoso.", ".qt", "a.b.c", "con toso.qt", "contoso/qt"])
      expect(parseExtensionIdentity(bad)).toBeUndefined();
  });

  it("reads the packager's extension.json, and refuses anything that does not name an extension", () => {
    expect(parseShippedIn('{"publisher":"qt-assurance","id":"qt-assurance-dev"}')).toEqual({
      publisher: "qt-assurance",
      id: "qt-assurance-dev",
    });
    for (const bad of [
      "",
      "null",
      "[]",
      '"x"',
      '{"publisher":7,"id":"x"}',
      '{"publisher":"a"}',
      '{"publisher":"a b","id":"c"}',
      "{",
    ])
      expect(parseShippedIn(bad)).toBeUndefined();
  });

  it("defaults to the release package's identity, which is the manifest's", () => {
    expect(DEFAULT_EXTENSION).toEqual({ publisher: manifest.publisher, id: manifest.id });
  });
});
