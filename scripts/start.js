#!/usr/bin/env node
/*
 * `npm start`: the local sandbox, an Azure DevOps REST emulator over a generated sample programme
 * (sandbox/main.ts, built to dist/sandbox/main.js), with the hubs and widgets in the local extension host.
 * It reuses the build when dist/ was built from the sources as they are (npm ci builds through `prepare`), and
 * builds first otherwise (scripts/build-stamp.js). Arguments pass through: --port, --host, --seed, --scale,
 * --today (e.g. `npm start -- --port 9000`). See sandbox/README.md.
 */
"use strict";

const { spawnSync } = require("child_process");
const path = require("path");
const { staleReason } = require("./build-stamp");

const startedAt = Date.now();
const root = path.join(__dirname, "..");

const reason = staleReason(root);
if (reason) {
  process.stdout.write(`Building first (${reason})…\n`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const build = spawnSync(npm, ["run", "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) {
    process.stderr.write("The build failed: see above. Fix it, then run npm start again.\n");
    process.exit(build.status ?? 1);
  }
} else {
  process.stdout.write("Reusing the build in dist/ (built from these sources).\n");
}

// The sandbox prints how long start-up took, from here.
process.env.QT_SANDBOX_STARTED_AT = String(startedAt);
require(path.join(root, "dist", "sandbox", "main.js"));
