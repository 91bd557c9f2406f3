/**
 * `npm start`: the sandbox over the sample programme, with the local extension host (`/_host/`) serving the built
 * pages from dist/web and the sample settings saved in extension data. Options: --port (8091, or SANDBOX_PORT),
 * --host (127.0.0.1), --seed (1), --scale (1), --today, --participant-roles (28). Ctrl-C stops it.
 *
 * Without --today the programme is live: dated around today's UK date, with every window phase and, once the
 * approvals are seeded, every verdict on screen. --today pins the date and uses the QA&P v0.2 calendar, as tests do.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { controlRoutes } from "./control";
import { Programme, ProgrammeOptions, generateProgramme } from "./generator";
import { SAMPLE_PAT, WORK_ONLY_PAT } from "./generator/tokens";
import { formatProgrammeTable } from "./generator/summary-table";
import { CONTRIBUTIONS } from "./host/contributions";
import { DASHBOARD_PAGE, formatHostUrl } from "./host/host-url";
import { seedLiveApprovals, seedSampleSettings } from "./host/seed";
import { ukDate } from "../src/core/calendar";
import { HOST_PATH } from "./host/serve";
import { ALL_ROUTES } from "./routes";
import { RunningSandbox, startSandbox } from "./server";

interface StartOptions {
  port: number;
  host: string;
  programme: ProgrammeOptions;
}

function readOptions(argv: string[]): StartOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
      seed: { type: "string", default: "1" },
      scale: { type: "string", default: "1" },
      today: { type: "string" },
      "participant-roles": { type: "string" },
    },
    strict: true,
  });
  const port = Number(values.port ?? process.env.SANDBOX_PORT ?? 8091);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new RangeError(`--port must be a port number, not ${String(values.port ?? process.env.SANDBOX_PORT)}`);
  return {
    port,
    host: values.host,
    programme: {
      seed: Number(values.seed),
      scale: Number(values.scale),
      today: values.today ?? ukDate(new Date()),
      calendar: values.today === undefined ? "live" : "qa-and-p",
      participantRoles: values["participant-roles"] === undefined ? undefined : Number(values["participant-roles"]),
    },
  };
}

const out = (line = "") => process.stdout.write(`${line}\n`);

const isLive = (programme: Programme) => programme.summary.parameters.calendar === "live";

/** dist/web, beside dist/sandbox where this file is built. */
const WEB_ROOT = join(__dirname, "..", "web");

function hostLines(sandbox: RunningSandbox, seeded: string): string[] {
  const hostUrl = `${sandbox.url}${HOST_PATH}/`;
  if (!existsSync(join(WEB_ROOT, "host.html")))
    return [`  local extension host  not built (${WEB_ROOT} has no host.html): run npm run build`];
  const lines = [`  local extension host ${hostUrl}`];
  const page = (name: string) =>
    formatHostUrl(hostUrl, { page: name, user: "tester", theme: "light", query: {}, hash: "" });
  for (const c of CONTRIBUTIONS)
    if (c.kind === "hub") lines.push(`    ${`${c.title} (${c.kind})`.padEnd(22)} ${page(c.page)}`);
  const widgets = CONTRIBUTIONS.filter((c) => c.kind === "widget").map((c) => c.title);
  lines.push(`    ${"Dashboard (widgets)".padEnd(22)} ${page(DASHBOARD_PAGE)}`);
  lines.push(`      ${widgets.join(", ")}; edits are kept in the browser (Reset dashboard restores them)`);
  lines.push(`    users: ?user=tester | bsc | rec | participant; themes: ?theme=light | dark; ${seeded}`);
  return lines;
}

const formatSeconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function banner(sandbox: RunningSandbox, programme: Programme, ms: number, seeded: string): void {
  const orgUrl = sandbox.orgUrl;
  out("QT Assurance sandbox: a local Azure DevOps REST emulator over a generated sample programme");
  out();
  out(`  organisation URL  ${orgUrl}`);
  out(`  project           ${programme.summary.project}`);
  out(`  token (PAT)       ${SAMPLE_PAT}   (full scope; ${WORK_ONLY_PAT} has vso.work only)`);
  out(
    isLive(programme)
      ? "  settings          protected (a settings record): the live calendar around today (--today pins a date and the QA&P calendar)"
      : `  settings          sandbox/sample-settings.json (the registry of the programme below)`,
  );
  out(`  control API       ${sandbox.url}/_sandbox/programme  (see sandbox/README.md)`);
  for (const line of hostLines(sandbox, seeded)) out(line);
  out();
  for (const line of formatProgrammeTable(programme.summary)) out(line);
  out();
  const sinceStart = Number(process.env.QT_SANDBOX_STARTED_AT);
  const ready =
    Number.isFinite(sinceStart) && sinceStart > 0
      ? `; ready ${formatSeconds(Date.now() - sinceStart)} after npm start`
      : "";
  out(`Generated and loaded in ${Math.round(ms)} ms${ready}. Try:`);
  out(`  curl -u :${SAMPLE_PAT} "${orgUrl}/_apis/projects?api-version=7.1"`);
  out("Press Ctrl-C to stop.");
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const started = performance.now();
  const programme = generateProgramme(options.programme);
  let orgUrl = "";
  // A reset or another fixture empties extension data: save the settings (and a live programme's approvals) of
  // the programme now loaded again.
  const protectIn = programme.summary.project;
  const reseed = (loaded: Programme) => {
    seedSampleSettings(orgUrl, loaded.settings, { protectIn })
      .then(() => (isLive(loaded) ? seedLiveApprovals(orgUrl, loaded, new Date(), undefined, true) : []))
      .catch((error: unknown) =>
        process.stderr.write(`sandbox: could not save the sample settings again: ${String(error)}\n`),
      );
  };
  const sandbox = await startSandbox({
    state: programme.state,
    reset: () => generateProgramme(options.programme).state,
    routes: ALL_ROUTES,
    controlRoutes: [controlRoutes({ initial: options.programme, programme, onLoad: reseed })],
    port: options.port,
    host: options.host,
    webRoot: WEB_ROOT,
  });
  orgUrl = sandbox.orgUrl;
  let seeded: string;
  try {
    const saved = await seedSampleSettings(sandbox.orgUrl, programme.settings, { protectIn });
    seeded = `sample settings saved in ${saved.where} (version ${saved.etag})`;
    if (isLive(programme)) {
      const approvals = await seedLiveApprovals(sandbox.orgUrl, programme, new Date(), undefined, true);
      seeded += `; approvals seeded: ${approvals.join("; ")}`;
    }
  } catch (error) {
    seeded = `the sample settings could not be saved: ${String(error)}`;
  }
  banner(sandbox, programme, performance.now() - started, seeded);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(0);
    stopping = true;
    out(`\n${signal}: stopping the sandbox…`);
    sandbox.close().then(
      () => {
        out("Stopped.");
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`Could not close cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  const message =
    code === "EADDRINUSE"
      ? `${String(error)}: another program uses the port; start with --port <n> or SANDBOX_PORT=<n>.`
      : String(error);
  process.stderr.write(`sandbox: ${message}\n`);
  process.exit(1);
});
