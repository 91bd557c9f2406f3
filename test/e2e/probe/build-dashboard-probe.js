/*
 * Builds what test/e2e/host-dashboard.test.ts serves, into the folder given as the first argument: the local host
 * page from its source (sandbox/host/host-page.ts, so the test never runs a stale dist/web/host.js) and the PROBE
 * widget and configuration pages (probe-widget.ts, probe-config.ts) with the REAL SDK, through build-pages.js
 * (webpack's Node API and the web config of webpack.config.js: its SDK alias and loaders). A child process for the
 * reason given in build-probe.js: under jest the SDK resolves to jest's mock.
 *
 * The widget bundle is written under several page names: each contribution's page is `<id>.html`, and the probe
 * behaves by its contribution id: it registers under its manifest (short) id, as Microsoft's widget guide says,
 * except `…-silent-widget`, which never registers, and `…-full-widget`, which registers under its full id only.
 */
"use strict";

const path = require("node:path");
const { buildPages, root } = require("./build-pages.js");

const widgetPages = ["probe-widget", "probe-silent-widget", "probe-full-widget"].map((page) => ({
  file: `${page}.html`,
  title: "Probe widget",
  script: "probe-widget.js",
}));
buildPages(
  "build-dashboard-probe.js",
  {
    host: path.join(root, "sandbox", "host", "host-page.ts"),
    "probe-widget": path.join(__dirname, "probe-widget.ts"),
    "probe-config": path.join(__dirname, "probe-config.ts"),
  },
  [
    { file: "host.html", title: "QT Assurance local host", script: "host.js" },
    ...widgetPages,
    { file: "probe-config.html", title: "Probe configuration", script: "probe-config.js" },
  ],
);
