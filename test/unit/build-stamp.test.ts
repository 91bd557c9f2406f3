import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { OUTPUTS, inputsHash, staleReason, writeStamp } from "../../scripts/build-stamp";

/** `npm start` reuses dist/ only when it was built from the sources exactly as they are. */
function tree(): string {
  const root = mkdtempSync(join(tmpdir(), "qt-stamp-"));
  const put = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  put("package.json", "{}");
  put("src/core/a.ts", "export const a = 1;\n");
  put("sandbox/main.ts", "main();\n");
  for (const output of OUTPUTS) put(output.includes(".") ? output : `${output}/x`, "built");
  return root;
}

describe("the build stamp", () => {
  it("asks for a build until one was recorded, then reuses it", () => {
    const root = tree();
    expect(staleReason(root)).toBe("no record of what dist/ was built from");
    writeStamp(root, new Date("2026-01-01T00:00:00Z"));
    expect(staleReason(root)).toBeUndefined();
  });

  it("asks again when any input changes, by content", () => {
    const root = tree();
    writeStamp(root);
    const before = inputsHash(root).sha256;
    writeFileSync(join(root, "src/core/a.ts"), "export const a = 2;\n");
    expect(inputsHash(root).sha256).not.toBe(before);
    expect(staleReason(root)).toBe("the sources changed since the last build");
    writeFileSync(join(root, "src/core/a.ts"), "export const a = 1;\n");
    expect(staleReason(root)).toBeUndefined();
    writeFileSync(join(root, "src/core/b.ts"), "export const b = 1;\n");
    expect(staleReason(root)).toBe("the sources changed since the last build");
  });

  it("asks for a build when an output is missing, whatever the stamp says", () => {
    const root = tree();
    writeStamp(root);
    rmSync(join(root, "dist/sandbox/main.js"));
    expect(staleReason(root)).toBe("dist/sandbox/main.js is missing");
  });

  it("does not count files outside the build's inputs", () => {
    const root = tree();
    writeStamp(root);
    mkdirSync(join(root, "docs"), { recursive: true });
    writeFileSync(join(root, "docs/readme.md"), "notes");
    expect(staleReason(root)).toBeUndefined();
  });
});
