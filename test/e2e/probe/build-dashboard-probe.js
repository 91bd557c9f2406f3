/*
 * Builds what test/e2e/host-dashboard.test.ts serves, into the folder given as the first argument: the local host
 * page from its source (sandbox/host/host-page.ts, so the test never runs a stale dist/web/host.js) and the PROBE
 * widget and configuration pages (probe-widget.ts, probe-config.ts) with the REAL SDK, through webpack's Node API
 * and the web config of webpack.config.js (its SDK alias and loaders). A child process for the reason given in
 * build-probe.js: under jest the SDK resolves to jest's mock.
 *
 * The widget bundle is written under several page names: each contribution's page is `<id>.html`, and the probe
 * behaves by its contribution id (`…-silent-widget` never registers, `…-short-widget` registers its short id).
 */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const webpack = require("webpack");

const outDir = process.argv[2];
if (!outDir) {
  process.stderr.write("usage: node build-dashboard-probe.js <out dir>\n");
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
  entry: {
    host: path.join(root, "sandbox", "host", "host-page.ts"),
    "probe-widget": path.join(__dirname, "probe-widget.ts"),
    "probe-config": path.join(__dirname, "probe-config.ts"),
  },
  output: { path: outDir, filename: "[name].js" },
  resolve: web.resolve,
  module: web.module,
  stats: "errors-warnings",
};
const html = (title, script) =>
  `<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body><div id="root"></div><script src="${script}"></script></body></html>\n`;
webpack(config, (error, stats) => {
  if (error || !stats || stats.hasErrors()) {
    process.stderr.write(`${error ? String(error) : stats ? stats.toString("errors-only") : "no stats"}\n`);
    process.exit(1);
  }
  fs.writeFileSync(path.join(outDir, "host.html"), html("QT Assurance local host", "host.js"));
  for (const page of ["probe-widget", "probe-silent-widget", "probe-short-widget"])
    fs.writeFileSync(path.join(outDir, `${page}.html`), html("Probe widget", "probe-widget.js"));
  fs.writeFileSync(path.join(outDir, "probe-config.html"), html("Probe configuration", "probe-config.js"));
});
