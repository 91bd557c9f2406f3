#!/usr/bin/env node
/*
 * `npm start` (after `npm run build`): the local sandbox, an Azure DevOps REST emulator over a generated sample
 * programme (sandbox/main.ts, built to dist/sandbox/main.js). Arguments pass through: --port, --host, --seed,
 * --scale, --today (e.g. `npm start -- --port 9000`). See sandbox/README.md.
 */
"use strict";

const fs = require("fs");
const path = require("path");

const entry = path.join(__dirname, "..", "dist", "sandbox", "main.js");
if (!fs.existsSync(entry)) {
  process.stderr.write(
    `The sandbox is not built (${entry} is missing): run \`npm run build\` first, or \`npm start\`.\n`,
  );
  process.exit(1);
}
require(entry);
