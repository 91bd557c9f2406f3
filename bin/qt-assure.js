#!/usr/bin/env node
"use strict";
// The qt-assure command: the compiled CLI (npm run build, which `npm ci` runs through `prepare`).
const path = require("path");
const fs = require("fs");

const entry = path.join(__dirname, "..", "dist", "src", "cli", "bin.js");
if (!fs.existsSync(entry)) {
  process.stderr.write("qt-assure: the CLI is not built yet: run `npm run build` (npm ci does it through prepare).\n");
  process.exit(2);
}
require(entry);
