/**
 * The one place that finds a headless Chromium, for the browser tests, the benchmarks and the image scripts. In
 * this order:
 *   1. CHROMIUM_PATH, when set (it must exist);
 *   2. the machine's own Chromium (Debian's /usr/bin/chromium, or another usual place), when it has one;
 *   3. the Chromium that ships inside the @sparticuz/chromium npm package (a devDependency), unpacked on first use
 *      into the temporary folder: no root, no apt and no download beyond `npm ci`.
 * playwright-core drives whichever it found, with the flags a container needs.
 */
"use strict";

const { existsSync } = require("fs");

const MACHINE_CHROMIUMS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/lib/chromium/chromium",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
];

/** Headless in a container: no user namespaces for Chromium's sandbox, a small /dev/shm, no GPU. */
const LAUNCH_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"];

/**
 * The Chromium packed in @sparticuz/chromium, unpacked (once per machine) to the temporary folder. The package is
 * an ES module, which jest's CommonJS runtime cannot require, so a child Node process unpacks it and prints the path.
 */
async function packagedChromium() {
  const { execFile } = require("child_process");
  const script =
    'const m = await import("@sparticuz/chromium"); process.stdout.write(await (m.default ?? m).executablePath());';
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--input-type=module", "-e", script],
      { cwd: __dirname, timeout: 120_000 },
      (error, stdout, stderr) => {
        const path = String(stdout).trim();
        if (!error && path && existsSync(path)) return resolve(path);
        reject(
          new Error(
            `No Chromium: none is installed on this machine, and the one in the npm package @sparticuz/chromium could not be unpacked (${String(stderr || (error && error.message) || "no path").trim()}). Run \`npm ci\`, install Chromium (e.g. apt-get install -y chromium), or set CHROMIUM_PATH.`,
          ),
        );
      },
    );
  });
}

/**
 * Where the Chromium is and where it came from. `prefer: "package"` skips the machine's own, to prove the
 * packaged one works wherever the tests run.
 */
async function resolveChromium(options = {}) {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && options.prefer !== "package") {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is ${fromEnv}, which does not exist.`);
    return { executablePath: fromEnv, source: "CHROMIUM_PATH" };
  }
  if (options.prefer !== "package") {
    const machine = MACHINE_CHROMIUMS.find((path) => existsSync(path));
    if (machine) return { executablePath: machine, source: "machine" };
  }
  return { executablePath: await packagedChromium(), source: "@sparticuz/chromium" };
}

/** A headless browser from resolveChromium, launched by playwright-core. */
async function launchChromium(options = {}) {
  const { chromium } = require("playwright-core");
  const { executablePath } = await resolveChromium(options);
  return chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS });
}

module.exports = { resolveChromium, launchChromium, LAUNCH_ARGS, MACHINE_CHROMIUMS };
