/*
 * Builds the SDK probe page (probe-page.ts) into the folder given as the first argument, with webpack's Node API and
 * the web config of webpack.config.js (its SDK alias: one ESM copy of the SDK, and its loaders). host.test.ts runs
 * this in a child Node process because under jest `require.resolve("azure-devops-extension-sdk")` (which the config
 * uses for the alias) answers jest's SDK mock instead of the package.
 */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const webpack = require("webpack");

const outDir = process.argv[2];
if (!outDir) {
  process.stderr.write("usage: node build-probe.js <out dir>\n");
  process.exit(2);
}
const root = path.join(__dirname, "..", "..", "..");
const web = require(path.join(root, "webpack.config.js"))({}, { mode: "development" }).find((c) => c.name === "web");
if (!web) {
  process.stderr.write("webpack.config.js has no web config\n");
  process.exit(1);
}
const config = {
  mode: "development",
  target: "web",
  devtool: false,
  entry: { probe: path.join(__dirname, "probe-page.ts") },
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
  fs.writeFileSync(
    path.join(outDir, "probe.html"),
    '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8"><title>SDK probe</title></head>' +
      '<body><div id="root"></div><script src="probe.js"></script></body></html>\n',
  );
});
