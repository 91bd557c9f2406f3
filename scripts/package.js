#!/usr/bin/env node
/**
 * Builds the .vsix packages from the production build (run `npm run package`, which builds first), offline, with
 * tfx-cli. One manifest (vss-extension.json), two flavours:
 *
 *   release  overrides/release.json: the public listing, extension id qt-assurance
 *   dev      overrides/dev.json: private, extension id qt-assurance-dev; its pipeline tasks get their own ids and
 *            names so that both packages can be installed in one organisation
 *
 * Only what the manifest ships is staged (never the local host page, the sandbox, tests or source maps), and each
 * task is told which extension it ships in, so that it reads that extension's settings.
 *
 * Options: --flavour release|dev (default both), --publisher ID (your Marketplace publisher instead of the
 * manifest's), --private (a release package shared with named organisations instead of listed publicly),
 * --out DIR (default dist/package).
 */
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { v5: uuidv5 } = require("uuid");
const JSZip = require("jszip");
const { versionMismatches } = require("./sync-versions");

const ROOT = path.resolve(__dirname, "..");
const FLAVOURS = ["release", "dev"];
/** Derives the dev package's task ids from the release ones (a fixed namespace: the ids must never change). */
const DEV_TASK_NAMESPACE = "6f1d3c52-8a0b-4f57-9d8e-2b6a4c1e7f30";
/** The web pages' shared files (fonts); every page's own files are found from the manifest. */
const WEB_SHARED = ["dist/web/assets"];
/** Everything the listing and the manifest's `files` name outside the build. */
const LISTING = ["overview.md", "LICENSE", "static", "docs"];

function usage(message) {
  if (message) console.error(message);
  console.error(
    "Usage: node scripts/package.js [--flavour release|dev] [--publisher ID] [--private] [--out DIR]\n" +
      "Run it through `npm run package`, which makes the production build first.",
  );
  process.exit(2);
}

function parseArgs(argv) {
  const options = { flavours: FLAVOURS, publisher: undefined, private: false, out: path.join(ROOT, "dist", "package") };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith("--")) usage(`${arg} needs a value.`);
      return next;
    };
    if (arg === "--flavour" || arg === "--flavor") {
      const flavour = value();
      if (!FLAVOURS.includes(flavour)) usage(`--flavour must be one of ${FLAVOURS.join(", ")}, not "${flavour}".`);
      options.flavours = [flavour];
    } else if (arg === "--publisher") {
      const publisher = value();
      if (!/^[A-Za-z0-9][\w-]*$/.test(publisher)) usage(`"${publisher}" is not a Marketplace publisher ID.`);
      options.publisher = publisher;
    } else if (arg === "--private") options.private = true;
    else if (arg === "--out") options.out = path.resolve(value());
    else if (arg === "--help" || arg === "-h") usage();
    else usage(`Unknown option ${arg}.`);
  }
  return options;
}

const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));

function copy(from, to) {
  if (!fs.existsSync(from)) throw new Error(`${path.relative(ROOT, from)} is missing: run \`npm run package\`.`);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true });
}

/** Each web page a contribution loads: its HTML, its bundle and the bundle's licence notices. */
function webPageFiles(manifest) {
  const files = new Set();
  for (const contribution of manifest.contributions) {
    const uri = contribution.properties && contribution.properties.uri;
    if (!uri) continue;
    const match = /^(dist\/web\/[\w-]+)\.html$/.exec(uri);
    if (!match) throw new Error(`Contribution ${contribution.id} loads ${uri}, which is not a built page.`);
    files.add(`${match[1]}.html`);
    for (const script of pageScripts(`${match[1]}.html`)) {
      files.add(script);
      if (fs.existsSync(path.join(ROOT, `${script}.LICENSE.txt`))) files.add(`${script}.LICENSE.txt`);
    }
  }
  return [...files];
}

/**
 * The scripts a built page loads (`dist/web/x.js`): its own bundle, and the chunks the widget pages share
 * (webpack.config.js). Read from the page itself, so the package holds exactly what the page asks for.
 */
function pageScripts(html) {
  const file = path.join(ROOT, html);
  if (!fs.existsSync(file)) return [html.replace(/\.html$/, ".js")]; // copy() reports it missing
  const dir = path.posix.dirname(html);
  const scripts = [...fs.readFileSync(file, "utf8").matchAll(/<script\b[^>]*\bsrc=["']?([\w.-]+\.js)/g)].map(
    (m) => `${dir}/${m[1]}`,
  );
  if (scripts.length === 0) throw new Error(`${html} loads no script.`);
  return scripts;
}

/** The pipeline task folders the manifest contributes (`properties.name` is the folder in the package). */
const taskFolders = (manifest) =>
  manifest.contributions
    .filter((contribution) => contribution.type === "ms.vss-distributed-task.task")
    .map((contribution) => contribution.properties.name);

/** The dev flavour's copy of a task: its own id and name, so it can sit beside the release one. */
function devTask(task) {
  return {
    ...task,
    id: uuidv5(task.id, DEV_TASK_NAMESPACE),
    name: `${task.name}Dev`,
    friendlyName: `${task.friendlyName} (dev)`,
    instanceNameFormat: `${task.instanceNameFormat} (dev)`,
  };
}

/** Copies exactly what ships into a fresh folder laid out as the manifest expects. */
function stage(flavour, identity, manifest, stageDir) {
  fs.rmSync(stageDir, { recursive: true, force: true });
  fs.mkdirSync(stageDir, { recursive: true });
  const from = (rel) => path.join(ROOT, rel);
  const to = (rel) => path.join(stageDir, rel);
  copy(from("vss-extension.json"), to("vss-extension.json"));
  for (const rel of [...LISTING, ...WEB_SHARED, ...webPageFiles(manifest)]) copy(from(rel), to(rel));
  for (const folder of taskFolders(manifest)) {
    const notices = fs.existsSync(from(`${folder}/index.js.LICENSE.txt`)) ? ["index.js.LICENSE.txt"] : [];
    for (const file of ["index.js", "task.json", "icon.png", "lib.json", ...notices])
      copy(from(`${folder}/${file}`), to(`${folder}/${file}`));
    const taskJson = readJson(from(`${folder}/task.json`));
    const shipped = flavour === "dev" ? devTask(taskJson) : taskJson;
    fs.writeFileSync(to(`${folder}/task.json`), `${JSON.stringify(shipped, null, 2)}\n`);
    // Read by src/pipeline-tasks/shared/task-run.ts: the extension whose data the task reads by default.
    fs.writeFileSync(to(`${folder}/extension.json`), `${JSON.stringify(identity, null, 2)}\n`);
  }
}

function runTfx(args) {
  const tfx = require.resolve("tfx-cli/_build/tfx-cli.js");
  const result = spawnSync(process.execPath, [tfx, ...args, "--no-prompt", "--no-color", "--json"], {
    cwd: ROOT,
    encoding: "utf8",
    // tfx asks npm whether it is the newest version; nothing here may need the network.
    env: { ...process.env, TFX_TRACE: "", NO_UPDATE_NOTIFIER: "1" },
  });
  if (result.status !== 0)
    throw new Error(`tfx ${args.slice(0, 2).join(" ")} failed:\n${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
}

/**
 * Rewrites the package with every entry dated the same (SOURCE_DATE_EPOCH, else a fixed date), in a fixed order,
 * with tfx's listings sorted: the same sources then give the same bytes, so a package can be rebuilt and checked against another.
 */
/** Sorts each run of consecutive lines that match `pattern`, leaving every other line where it is. */
function sortLineRuns(text, pattern) {
  const lines = text.split("\n");
  for (let start = 0; start < lines.length; start++) {
    if (!pattern.test(lines[start])) continue;
    let end = start;
    while (end + 1 < lines.length && pattern.test(lines[end + 1])) end++;
    const run = lines.slice(start, end + 1).sort();
    lines.splice(start, run.length, ...run);
    start = end;
  }
  return lines.join("\n");
}

/**
 * tfx lists content types and assets in the order it happens to find the files, which can vary from one run to
 * the next; neither order means anything, so both are sorted.
 */
const ORDER_FREE_LINES = {
  "[Content_Types].xml": /^\s*<Default /,
  "extension.vsixmanifest": /^\s*<Asset /,
};

async function makeReproducible(file) {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const date = Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000) : new Date(Date.UTC(2000, 0, 1));
  const written = await JSZip.loadAsync(fs.readFileSync(file));
  const fixed = new JSZip();
  // tfx adds files as they are read, so its order varies: the package parts first, then by name.
  const first = ["[Content_Types].xml", "extension.vsixmanifest", "extension.vsomanifest"];
  const rank = (name) => (first.includes(name) ? first.indexOf(name) : first.length);
  const entries = Object.values(written.files)
    .filter((entry) => !entry.dir)
    .sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const pattern = ORDER_FREE_LINES[entry.name];
    const content = pattern ? sortLineRuns(await entry.async("string"), pattern) : await entry.async("nodebuffer");
    fixed.file(entry.name, content, { date, createFolders: false });
  }
  const bytes = await fixed.generateAsync({
    type: "nodebuffer",
    compression: "DEFLATE",
    compressionOptions: { level: 9 },
  });
  fs.writeFileSync(file, bytes);
}

async function describeVsix(file) {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  return { bytes: fs.statSync(file).size, files: Object.values(zip.files).filter((entry) => !entry.dir).length };
}

async function buildFlavour(flavour, options, manifest) {
  const overrides = readJson(path.join(ROOT, "overrides", `${flavour}.json`));
  const identity = { publisher: options.publisher ?? manifest.publisher, id: overrides.id ?? manifest.id };
  const stageDir = path.join(options.out, `stage-${flavour}`);
  stage(flavour, identity, manifest, stageDir);
  const extra = { version: manifest.version };
  if (options.private && flavour === "release") extra.public = false;
  fs.mkdirSync(options.out, { recursive: true });
  const output = path.join(options.out, `${identity.publisher}.${identity.id}-${manifest.version}.vsix`);
  const args = [
    "extension",
    "create",
    "--root",
    stageDir,
    "--manifest-globs",
    "vss-extension.json",
    "--overrides-file",
    path.join(ROOT, "overrides", `${flavour}.json`),
    "--override",
    JSON.stringify(extra),
    "--output-path",
    output,
  ];
  if (options.publisher) args.push("--publisher", options.publisher);
  runTfx(args);
  await makeReproducible(output);
  fs.rmSync(stageDir, { recursive: true, force: true });
  return { flavour, output, ...(await describeVsix(output)) };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const mismatches = versionMismatches();
  if (mismatches.length > 0)
    throw new Error(
      `${mismatches.join("\n")}\nRun \`node scripts/sync-versions.js\` (or bump with \`npm version\`) first.`,
    );
  const manifest = readJson(path.join(ROOT, "vss-extension.json"));
  for (const flavour of options.flavours) {
    const started = Date.now();
    const built = await buildFlavour(flavour, options, manifest);
    console.log(
      `${flavour}: ${path.relative(process.cwd(), built.output)} — ${(built.bytes / 1024).toFixed(1)} KB, ` +
        `${built.files} files (${Date.now() - started} ms)`,
    );
  }
}

module.exports = { devTask, DEV_TASK_NAMESPACE };

if (require.main === module)
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
