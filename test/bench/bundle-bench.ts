/**
 * Web bundle sizes (prints figures; not a test): `npm run bench:bundle`.
 *
 * For each page bundle under dist/web (the hubs, and the local host, which never ships): its size raw and gzipped
 * (level 9, as a CDN would serve it), against the budget of 300 KB gzipped for a hub including React and
 * azure-devops-ui, and of 100 KB gzipped for each dashboard widget and configuration page. Fonts and images under
 * dist/web/assets load separately and are listed on one line.
 *
 *   node dist/test/bench/bundle-bench.js
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const ROOT = resolve(__dirname, "..", "..", "..");
const WEB = join(ROOT, "dist", "web");
const TARGET_GZIP_KB = 300;
/** Dashboard widgets and their configurations sit among a dozen others: a tighter target each. */
const WIDGET_TARGET_GZIP_KB = 100;
/** The widget pages' bundles, and the chunks they share (widget-vendor.js, widget-common-*.js: webpack.config.js). */
const targetOf = (name: string) =>
  /-(widget|config)\.js$|^widget-[\w-]+\.js$/.test(name) ? WIDGET_TARGET_GZIP_KB : TARGET_GZIP_KB;
/** Pages that ship in the extension (the host page is the sandbox's). */
const SHIPPED = (name: string) => name !== "host.js";

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function main(): void {
  if (!existsSync(WEB)) {
    console.error(`${WEB} does not exist: run npm run build first.`);
    process.exitCode = 1;
    return;
  }
  const bundles = readdirSync(WEB)
    .filter((f) => f.endsWith(".js"))
    .sort();
  if (bundles.length === 0) {
    console.error(`No bundle in ${WEB}.`);
    process.exitCode = 1;
    return;
  }
  const gzippedOf = new Map<string, number>();
  const rows = bundles.map((file) => {
    const bytes = readFileSync(join(WEB, file));
    const gzipped = gzipSync(bytes, { level: 9 }).length;
    const target = targetOf(file);
    const verdict = !SHIPPED(file)
      ? "local host (not shipped)"
      : gzipped <= target * 1024
        ? `within ${target} KB`
        : `OVER ${target} KB`;
    gzippedOf.set(file, gzipped);
    return [file, kb(bytes.length), kb(gzipped), verdict];
  });
  const header = [
    "bundle",
    "raw",
    "gzipped",
    `target gzipped (hubs ${TARGET_GZIP_KB} KB, widgets ${WIDGET_TARGET_GZIP_KB} KB)`,
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(`Web bundles in ${WEB}`);
  console.log(line(header));
  for (const r of rows) console.log(line(r));

  pageTotals(gzippedOf);

  const assets = join(WEB, "assets");
  if (existsSync(assets)) {
    const files = readdirSync(assets);
    const total = files.reduce((sum, f) => sum + statSync(join(assets, f)).size, 0);
    console.log(`assets/: ${files.length} files, ${kb(total)} (fonts and images, loaded on use)`);
  }
  const dev = bundles.some((f) => readFileSync(join(WEB, f), "utf8").includes("sourceURL=webpack:"));
  if (dev) console.log("Note: these look like development bundles; `npm run build` makes the production ones.");
}

/**
 * What each shipped page loads with an empty cache: its own bundle and the chunks it shares with other pages (the
 * widget pages share widget-vendor.js and widget-common-*.js, downloaded once for every QT widget on a dashboard),
 * and what a dashboard showing every QT widget downloads in all.
 */
function pageTotals(gzippedOf: Map<string, number>): void {
  const pages = readdirSync(WEB)
    .filter((f) => f.endsWith(".html") && SHIPPED(f.replace(/\.html$/, ".js")))
    .sort();
  const scriptsOf = (page: string) =>
    [...readFileSync(join(WEB, page), "utf8").matchAll(/<script\b[^>]*\bsrc="?([\w.-]+\.js)/g)].map((m) => m[1]);
  const total = (scripts: Iterable<string>) => [...scripts].reduce((sum, f) => sum + (gzippedOf.get(f) ?? 0), 0);
  const split = pages.filter((page) => scriptsOf(page).length > 1);
  if (split.length === 0) return;
  // The budget is what a page downloads, not each file: a widget shown alone with an empty cache loads all of it.
  console.log(`Pages that load shared chunks (gzipped, empty cache; each page against ${WIDGET_TARGET_GZIP_KB} KB):`);
  for (const page of split) {
    const scripts = scriptsOf(page);
    const sum = total(scripts);
    const verdict = sum <= WIDGET_TARGET_GZIP_KB * 1024 ? "within" : "OVER";
    console.log(
      `  ${page.padEnd(32)} ${kb(sum).padStart(9)}  ${verdict} ${WIDGET_TARGET_GZIP_KB} KB  = ${scripts.join(" + ")}`,
    );
  }
  const widgets = new Set(pages.filter((p) => /-widget\.html$/.test(p)).flatMap(scriptsOf));
  console.log(`  every QT widget on one dashboard ${kb(total(widgets)).padStart(9)}  (each shared chunk once)`);
}

main();
