/**
 * The .vsix packages (prints figures; not a test): `npm run bench:package`, after `npm run package`.
 *
 * For each package in dist/package: its size and file count against the budget test/package/vsix.test.ts holds
 * it to, and where the bytes go (each part's files, raw and deflated at level 9 as the packager writes them).
 *
 *   node dist/test/bench/package-bench.js
 */
import JSZip from "jszip";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { deflateRawSync } from "node:zlib";

const ROOT = resolve(__dirname, "..", "..", "..");
const OUT = join(ROOT, "dist", "package");
/** The product's budget for the .vsix, which test/package/vsix.test.ts holds it to. */
const BUDGET_BYTES = 3 * 1024 * 1024;
const FILE_BUDGET = 100;

const PARTS: [string, RegExp][] = [
  ["web bundles (hubs, widgets)", /^dist\/web\/[^/]+\.(js|html)$/],
  ["bundle licence notices", /\.LICENSE\.txt$/],
  ["fonts", /^dist\/web\/assets\//],
  ["pipeline tasks", /^dist\/tasks\//],
  ["listing screenshots", /^static\/marketplace\//],
  ["logo and widget images", /^static\//],
  ["docs and overview", /^(docs\/|overview\.md$|LICENSE$)/],
  ["package manifests", /./],
];

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function describe(file: string): Promise<void> {
  const bytes = readFileSync(file);
  const zip = await JSZip.loadAsync(bytes);
  const entries = Object.values(zip.files).filter((entry) => !entry.dir);
  const totals = new Map(PARTS.map(([name]) => [name, { files: 0, raw: 0, deflated: 0 }]));
  for (const entry of entries) {
    const content = await entry.async("nodebuffer");
    const part = PARTS.find(([, test]) => test.test(entry.name))!;
    const total = totals.get(part[0])!;
    total.files += 1;
    total.raw += content.length;
    total.deflated += deflateRawSync(content, { level: 9 }).length;
  }
  const within = bytes.length <= BUDGET_BYTES && entries.length <= FILE_BUDGET;
  console.log(
    `\n${file.slice(OUT.length + 1)}: ${kb(bytes.length)} in ${entries.length} files ` +
      `(budget ${kb(BUDGET_BYTES)} and ${FILE_BUDGET} files: ${within ? "within" : "OVER"})`,
  );
  const rows = [...totals].filter(([, t]) => t.files > 0);
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`${"part".padEnd(width)}  files        raw   deflated`);
  for (const [name, t] of rows)
    console.log(
      `${name.padEnd(width)}  ${String(t.files).padStart(5)}  ${kb(t.raw).padStart(9)}  ${kb(t.deflated).padStart(9)}`,
    );
}

async function main(): Promise<void> {
  const packages = existsSync(OUT)
    ? readdirSync(OUT)
        .filter((name) => name.endsWith(".vsix"))
        .sort()
    : [];
  if (packages.length === 0) {
    console.error(`No .vsix in ${OUT}: run npm run package first.`);
    process.exitCode = 1;
    return;
  }
  for (const name of packages) await describe(join(OUT, name));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
