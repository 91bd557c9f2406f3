/**
 * Ships only the icon glyphs the pages use. azure-devops-ui draws every icon with its Fluent icon fonts (1.3 MB of
 * woff2 for some 480 icons); the pages name a few dozen. This webpack plugin finds the icon names the emitted
 * bundles name as string literals (`iconName: "Refresh"`, `icon: "History"`, and the library's own), maps them to
 * their code points through azure-devops-ui's FluentIcons.css, and subsets both fonts to those glyphs
 * (harfbuzz, through the subset-font package). A name that is only ever computed at run time would be missed:
 * screenshots of every view show whether an icon is drawn.
 */
const { Buffer } = require("node:buffer");
const fs = require("node:fs");
const path = require("node:path");

const FLUENT_CSS = path.join(
  path.dirname(require.resolve("azure-devops-ui/package.json")),
  "Components",
  "Icon",
  "FluentIcons.css",
);

/** Icon name → code point, from the `.ms-Icon--Name:before { content: "\e0aa" }` rules of a stylesheet. */
function codepointsFromCss(css) {
  const byName = new Map();
  for (const [, selectors, body] of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const content = /content:\s*"\\([0-9a-fA-F]+)"/.exec(body);
    if (!content) continue;
    for (const [, name] of selectors.matchAll(/ms-Icon--([A-Za-z0-9]+)/g))
      byName.set(name, Number.parseInt(content[1], 16));
  }
  return byName;
}

/**
 * The icon names a bundle names: string literals that are exactly a known icon name. Stylesheets inside a bundle
 * are long strings, so the names in their selectors do not count; an ordinary word that is also an icon name
 * (such as "Info") only keeps one glyph more.
 */
function iconNamesIn(js, known) {
  const names = new Set();
  for (const [, name] of js.matchAll(/["'`]([A-Za-z0-9]{2,40})["'`]/g)) if (known.has(name)) names.add(name);
  return names;
}

class IconFontSubset {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("IconFontSubset", (compilation) => {
      compilation.hooks.processAssets.tapPromise(
        { name: "IconFontSubset", stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_SIZE },
        async (assets) => {
          const fonts = Object.keys(assets).filter((name) => /fluent-[a-z]+-v[\d.]+\.woff2$/.test(name));
          if (fonts.length === 0) return;
          const known = codepointsFromCss(fs.readFileSync(FLUENT_CSS, "utf8"));
          const used = new Set();
          for (const name of Object.keys(assets))
            if (name.endsWith(".js") && !/(^|\/)host\.js$/.test(name))
              for (const icon of iconNamesIn(assets[name].source().toString(), known)) used.add(icon);
          const text = [...used].map((icon) => String.fromCodePoint(known.get(icon))).join("");
          const { default: subsetFont } = await import("subset-font");
          for (const name of fonts) {
            const subset = await subsetFont(Buffer.from(assets[name].source()), text, { targetFormat: "woff2" });
            compilation.updateAsset(name, new compiler.webpack.sources.RawSource(subset));
          }
          compilation.getLogger("IconFontSubset").info(`kept ${used.size} icons: ${[...used].sort().join(" ")}`);
        },
      );
    });
  }
}

module.exports = { IconFontSubset, codepointsFromCss, iconNamesIn, FLUENT_CSS };
