import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** src/core is the one engine for browser and Node: no I/O, no SDK or ADO client, no clock. */
const CORE = join(__dirname, "../../src/core");
// Ajv for its types and the two pure helpers its build-time (standalone) validator calls.
const ALLOWED_PACKAGES = new Set([
  "ajv",
  "ajv/dist/runtime/equal",
  "ajv/dist/runtime/ucs2length",
  "@noble/hashes/sha256",
  "@noble/hashes/utils",
  "diff",
]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

const files = sources(CORE).map((path) => ({ path: relative(CORE, path), text: readFileSync(path, "utf8") }));

describe("src/core purity", () => {
  it("has sources to check", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [f.path, f.text]))("%s imports only core modules and pure packages", (_path, text) => {
    const specifiers = [
      ...text.matchAll(
        /(?:import|export)[^'"]*?from\s+["']([^"']+)["']|require\(\s*["']([^"']+)["']\s*\)|import\(\s*["']([^"']+)["']\s*\)/g,
      ),
    ].map((m) => m[1] ?? m[2] ?? m[3]);
    const foreign = specifiers.filter((s) => !s.startsWith(".") && !ALLOWED_PACKAGES.has(s));
    expect(foreign).toEqual([]);
  });

  it.each(files.map((f) => [f.path, f.text]))("%s never reads the clock or the environment", (_path, text) => {
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    expect(code).not.toMatch(
      /\bDate\.now\s*\(|new Date\(\s*\)|performance\.now|process\.|Math\.random|\bfetch\(|XMLHttpRequest|localStorage/,
    );
  });
});
