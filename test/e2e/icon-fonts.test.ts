/**
 * The icon fonts ship only the glyphs the pages use (issue 17: the .vsix budget): each Fluent font in the built
 * pages is small, and holds the glyph of every icon the bundles name, read back from the font itself (harfbuzz,
 * in a child process: it is an ES module with top-level await). Needs the built pages (`npm run build`).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { DIST_WEB } from "./support/local-host";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build's own CommonJS helper, typed loosely
const subset = require("../../scripts/icon-font-subset") as {
  FLUENT_CSS: string;
  codepointsFromCss(css: string): Map<string, number>;
  iconNamesIn(js: string, known: ReadonlySet<string> | Map<string, number>): Set<string>;
};

const ASSETS = join(DIST_WEB, "assets");
const FONTS = readdirSync(ASSETS).filter((f) => /^fluent-[a-z]+-v[\d.]+\.woff2$/.test(f));

/** The code points a font file maps, as harfbuzz reads them. */
function codepointsOf(file: string): Set<number> {
  const script = `
    import fv from "fontverter";
    import * as hb from "harfbuzzjs";
    import { readFileSync } from "node:fs";
    const ttf = await fv.convert(readFileSync(${JSON.stringify(file)}), "truetype");
    const face = new hb.Face(new hb.Blob(ttf), 0);
    process.stdout.write(JSON.stringify(Array.from(face.collectUnicodes())));
  `;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: join(__dirname, "..", ".."),
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return new Set(JSON.parse(run.stdout) as number[]);
}

describe("the icon fonts the pages ship", () => {
  const known = subset.codepointsFromCss(readFileSync(subset.FLUENT_CSS, "utf8"));
  const named = new Set<string>();
  for (const f of readdirSync(DIST_WEB))
    if (f.endsWith(".js") && f !== "host.js")
      for (const n of subset.iconNamesIn(readFileSync(join(DIST_WEB, f), "utf8"), known)) named.add(n);

  it("are both there, and small", () => {
    expect(FONTS.sort()).toEqual(["fluent-filled-v1.1.293.woff2", "fluent-regular-v1.1.293.woff2"]);
    for (const f of FONTS) expect(statSync(join(ASSETS, f)).size).toBeLessThan(64 * 1024);
    // The pages name a few dozen of the library's icons, and always at least these.
    expect([...named]).toEqual(expect.arrayContaining(["Refresh", "TextDocument", "Download", "Cancel", "Search"]));
  });

  it.each(FONTS)("%s holds the glyph of every icon the bundles name", (font) => {
    const held = codepointsOf(join(ASSETS, font));
    const missing = [...named].filter((n) => !held.has(known.get(n)!));
    expect(missing).toEqual([]);
  });
});
