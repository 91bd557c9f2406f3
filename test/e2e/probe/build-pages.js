/*
 * The webpack build shared by build-probe.js and build-dashboard-probe.js: bundles the given entries into the folder
 * given as the first command-line argument, with webpack's Node API and the web config of webpack.config.js (its SDK
 * alias: one ESM copy of the SDK, and its loaders), then writes one HTML page per `pages` row loading its script.
 * The callers run in a child Node process because under jest `require.resolve("azure-devops-extension-sdk")` (which
 * the config uses for the alias) answers jest's SDK mock instead of the package.
 */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const webpack = require("webpack");

const root = path.join(__dirname, "..", "..", "..");

/** An HTML page with a `#root` element that loads `script`. */
const html = (title, script) =>
  `<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body><div id="root"></div><script src="${script}"></script></body></html>\n`;

/**
 * Builds `entry` (webpack entry names to source paths) into `process.argv[2]` and writes `pages`
 * (`{ file, title, script }` rows) there; exits the process with a message on a usage or build error.
 */
function buildPages(scriptName, entry, pages) {
  const outDir = process.argv[2];
  if (!outDir) {
    process.stderr.write(`usage: node ${scriptName} <out dir>\n`);
    process.exit(2);
  }
  const web = require(path.join(root, "webpack.config.js"))({}, { mode: "development" }).find((c) => c.name === "web");
  if (!web) {
    process.stderr.write("webpack.config.js has no web config\n");
    process.exit(1);
  }
  const config = {
    mode: "development",
    target: "web",
    devtool: false,
    entry,
    output: { path: outDir, filename: "[name].js" },
    resolve: web.resolve,
    module: web.module,
    stats: "errors-warnings",
  };
  webpack(config, (error, stats) => {
    if (error || !stats || stats.hasErrors()) {
      process.stderr.write(`${error ? String(error) : stats ? stats.toString("errors-only") : "no stats"}\n`);
      process.exit(1);
    }
    for (const { file, title, script } of pages) fs.writeFileSync(path.join(outDir, file), html(title, script));
  });
}

module.exports = { buildPages, root };
