#!/usr/bin/env node
/**
 * package.json's version is the one version of the extension. This writes it into vss-extension.json and into each
 * pipeline task's task.json, and with --check only reports where they disagree (exit 1).
 *
 * A task's Major is its interface version (`QtExitGate@1` in YAML), raised by hand only when its inputs break. Its
 * Minor is the extension's major × 1000 + minor and its Patch the extension's patch, so every extension release
 * gives the agents a strictly higher task version (agents keep a task version they already have).
 *
 * `npm version patch|minor|major` runs this (package.json's "version" script) and stages what it wrote.
 * --root DIR works on another checkout (the tests use a scratch copy).
 */
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");

/** `1.2.3` → its parts; throws on anything else (pre-release tags do not map onto task versions). */
function parseVersion(text) {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (!match) throw new Error(`package.json's version must be MAJOR.MINOR.PATCH, not "${text}".`);
  const [major, minor, patch] = match.slice(1).map(Number);
  if (minor >= 1000) throw new Error(`A minor version of 1000 or more (${text}) would overflow the tasks' Minor.`);
  return { major, minor, patch };
}

/** The task version an extension version gives, keeping the task's own Major. */
function taskVersionFor(extensionVersion, taskMajor) {
  const { major, minor, patch } = parseVersion(extensionVersion);
  return { Major: taskMajor, Minor: major * 1000 + minor, Patch: patch };
}

function taskJsonPaths(root) {
  const tasksDir = path.join(root, "src", "pipeline-tasks");
  return fs
    .readdirSync(tasksDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(tasksDir, entry.name, "task.json")))
    .map((entry) => path.join(tasksDir, entry.name, "task.json"));
}

const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
const sameVersion = (a, b) => a.Major === b.Major && a.Minor === b.Minor && a.Patch === b.Patch;
const show = (v) => `${v.Major}.${v.Minor}.${v.Patch}`;
const relative = (file, root) => path.relative(root, file);

/** Where the manifest and tasks disagree with package.json: one line each, empty when they agree. */
function versionMismatches(root = ROOT) {
  const version = readJson(path.join(root, "package.json")).version;
  parseVersion(version);
  const problems = [];
  const manifest = readJson(path.join(root, "vss-extension.json"));
  if (manifest.version !== version)
    problems.push(`vss-extension.json has version ${manifest.version}; package.json has ${version}.`);
  for (const file of taskJsonPaths(root)) {
    const task = readJson(file);
    const expected = taskVersionFor(version, task.version.Major);
    if (!sameVersion(task.version, expected))
      problems.push(`${relative(file, root)} has version ${show(task.version)}; ${version} gives ${show(expected)}.`);
  }
  return problems;
}

/** Rewrites only the version fields, keeping each file's formatting. Returns the files it changed. */
function writeVersions(root = ROOT) {
  const version = readJson(path.join(root, "package.json")).version;
  parseVersion(version);
  const changed = [];
  const manifestFile = path.join(root, "vss-extension.json");
  const manifestText = fs.readFileSync(manifestFile, "utf8");
  const nextManifest = manifestText.replace(/^( {2}"version"\s*:\s*)"[^"]*"/m, `$1"${version}"`); // top level only
  if (nextManifest !== manifestText) {
    fs.writeFileSync(manifestFile, nextManifest);
    changed.push(manifestFile);
  }
  for (const file of taskJsonPaths(root)) {
    const text = fs.readFileSync(file, "utf8");
    const task = JSON.parse(text);
    const expected = taskVersionFor(version, task.version.Major);
    if (sameVersion(task.version, expected)) continue;
    const older =
      expected.Minor < task.version.Minor ||
      (expected.Minor === task.version.Minor && expected.Patch < task.version.Patch);
    if (older)
      throw new Error(
        `${relative(file, root)} would go from ${show(task.version)} down to ${show(expected)}: agents would keep the ` +
          "newer one. Extension versions must only go up.",
      );
    const next = text
      .replace(/("Minor"\s*:\s*)\d+/, `$1${expected.Minor}`)
      .replace(/("Patch"\s*:\s*)\d+/, `$1${expected.Patch}`);
    fs.writeFileSync(file, next);
    changed.push(file);
  }
  return changed;
}

module.exports = { parseVersion, taskVersionFor, versionMismatches, writeVersions };

if (require.main === module) {
  const rootAt = process.argv.indexOf("--root");
  const root = rootAt >= 0 ? path.resolve(process.argv[rootAt + 1] ?? ".") : ROOT;
  try {
    if (process.argv.includes("--check")) {
      const problems = versionMismatches(root);
      for (const problem of problems) console.error(problem);
      if (problems.length > 0) {
        console.error("Run `node scripts/sync-versions.js` to write package.json's version into them.");
        process.exit(1);
      }
      console.log("vss-extension.json and every task.json agree with package.json.");
    } else {
      const changed = writeVersions(root);
      console.log(
        changed.length === 0
          ? "Versions already agree with package.json."
          : `Wrote package.json's version into ${changed.map((file) => relative(file, root)).join(", ")}.`,
      );
    }
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
