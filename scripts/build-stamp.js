#!/usr/bin/env node
/*
 * Whether dist/ was built from the sources as they are now, so `npm start` can reuse a build instead of repeating
 * it (npm ci has just built everything through `prepare`). The stamp is a SHA-256 over the build's inputs, by
 * content, not by modification time: a checkout, a branch switch or a copied tree all tell the truth.
 *
 *   node scripts/build-stamp.js write   after a build: record the inputs it was built from (npm run build does it)
 *   node scripts/build-stamp.js check   exit 0 when dist/ is up to date, 1 when it needs building
 */
"use strict";

const { createHash } = require("crypto");
const { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } = require("fs");
const { join, relative, sep } = require("path");

const ROOT = join(__dirname, "..");

/** What a build reads: the compiled and bundled sources and everything that decides how they are built. */
const INPUT_DIRS = ["src", "sandbox", "types", "test/bench", "scripts/webpack"];
const INPUT_FILES = ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json", "webpack.config.js"];
/** What `npm start` needs from a build. */
const OUTPUTS = ["dist/sandbox/main.js", "dist/src/cli/bin.js", "dist/web", "dist/tasks"];
const STAMP = "dist/.build-stamp.json";

function filesUnder(root, dir) {
  const path = join(root, dir);
  if (!existsSync(path)) return [];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
    const child = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(root, child);
    return entry.isFile() ? [child] : [];
  });
}

/** The SHA-256 of every input file's path and content, in a fixed order. */
function inputsHash(root = ROOT) {
  const files = [
    ...INPUT_DIRS.flatMap((dir) => filesUnder(root, dir)),
    ...INPUT_FILES.filter((file) => existsSync(join(root, file))),
  ]
    .map((file) => relative(root, join(root, file)).split(sep).join("/"))
    .sort();
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update("\0");
  }
  return { sha256: hash.digest("hex"), files: files.length };
}

function writeStamp(root = ROOT, now = new Date()) {
  const { sha256, files } = inputsHash(root);
  mkdirSync(join(root, "dist"), { recursive: true });
  writeFileSync(join(root, STAMP), `${JSON.stringify({ sha256, files, builtAt: now.toISOString() }, null, 2)}\n`);
  return sha256;
}

/** Why dist/ needs building, or undefined when it was built from exactly these sources. */
function staleReason(root = ROOT) {
  const missing = OUTPUTS.find((output) => !existsSync(join(root, output)));
  if (missing) return `${missing} is missing`;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, STAMP), "utf8"));
  } catch {
    return "no record of what dist/ was built from";
  }
  if (!stamp || typeof stamp.sha256 !== "string") return `${STAMP} is damaged`;
  if (stamp.sha256 !== inputsHash(root).sha256) return "the sources changed since the last build";
  return undefined;
}

module.exports = { inputsHash, writeStamp, staleReason, STAMP, INPUT_DIRS, INPUT_FILES, OUTPUTS };

if (require.main === module) {
  const command = process.argv[2];
  if (command === "write") {
    writeStamp();
  } else if (command === "check") {
    const reason = staleReason();
    if (reason) {
      process.stdout.write(`dist/ needs building: ${reason}.\n`);
      process.exit(1);
    }
    process.stdout.write("dist/ is up to date.\n");
  } else {
    process.stderr.write("usage: node scripts/build-stamp.js write|check\n");
    process.exit(2);
  }
}
