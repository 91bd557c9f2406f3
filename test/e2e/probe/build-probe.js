/*
 * Builds the SDK probe page (probe-page.ts) into the folder given as the first argument, through build-pages.js
 * (webpack's Node API and the web config of webpack.config.js). host.test.ts runs this in a child Node process because
 * under jest `require.resolve("azure-devops-extension-sdk")` (which the config uses for the alias) answers jest's SDK
 * mock instead of the package.
 */
"use strict";

const path = require("node:path");
const { buildPages } = require("./build-pages.js");

buildPages("build-probe.js", { probe: path.join(__dirname, "probe-page.ts") }, [
  { file: "probe.html", title: "SDK probe", script: "probe.js" },
]);
