/**
 * Pipeline task benchmark (prints figures; not a test): `npm run bench:tasks`.
 *
 * For each bundled task under dist/tasks: the bundle's size raw and gzipped, and over --runs runs (default 5)
 * against the sandbox the cold start — from spawning Node on the bundle, as the agent does, to the first REST
 * request arriving — and the whole run's wall time. A recording proxy in front of the sandbox timestamps the
 * first request, so the figure includes Node's start, loading the bundle and task-lib reading its inputs.
 *
 *   node dist/test/bench/task-bench.js [--runs 5]
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, request } from "node:http";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { startEmbeddedSandbox } from "../../sandbox/embedded";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const RUNS = Number(values.runs);
const ROOT = resolve(__dirname, "..", "..", "..");
const TASKS = [
  { name: "QtExitGate", inputs: { INPUT_PARTICIPANTROLE: "HOLL-X" } },
  { name: "QtCompletionReport", inputs: { INPUT_PARTICIPANTROLE: "HOLL-X", INPUT_FORMATS: "md,html,csv,json" } },
];

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Forwards to the sandbox and remembers when the first request of a run arrived. */
async function recordingProxy(target: URL) {
  let first: number | undefined;
  const server = createServer((req, res) => {
    first ??= performance.now();
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    firstRequestAt: () => first,
    reset: () => (first = undefined),
    close: () => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))),
  };
}

function run(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script], { env, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout }));
  });
}

async function main(): Promise<void> {
  const sandbox = await startEmbeddedSandbox();
  const proxy = await recordingProxy(new URL(sandbox.orgUrl));
  const org = new URL(sandbox.orgUrl).pathname;
  const work = mkdtempSync(join(tmpdir(), "qt-task-bench-"));
  try {
    console.log(`pipeline task benchmark: ${RUNS} runs each against the sandbox (sample programme, HOLL-X)`);
    console.log(
      "  task               | bundle raw  | gzipped    | cold start to first REST call (median, min–max) | whole run (median)",
    );
    for (const task of TASKS) {
      const script = join(ROOT, "dist", "tasks", task.name, "index.js");
      if (!existsSync(script)) throw new Error(`${script} is missing: run npm run build`);
      const raw = statSync(script).size;
      const gz = gzipSync(readFileSync(script)).length;
      const starts: number[] = [];
      const walls: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        proxy.reset();
        const env: NodeJS.ProcessEnv = {
          PATH: process.env.PATH,
          ...task.inputs,
          INPUT_SETTINGSFILE: join(ROOT, "sandbox", "sample-settings.json"),
          SYSTEM_TEAMFOUNDATIONCOLLECTIONURI: `${proxy.url}${org}/`,
          SYSTEM_TEAMPROJECT: sandbox.project,
          ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: sandbox.token,
          AGENT_TEMPDIRECTORY: work,
          BUILD_ARTIFACTSTAGINGDIRECTORY: work,
        };
        const started = performance.now();
        const result = await run(script, env);
        const ended = performance.now();
        if (!/##vso\[task\.complete result=/.test(result.stdout))
          throw new Error(`${task.name} did not complete:\n${result.stdout.slice(-2000)}`);
        const first = proxy.firstRequestAt();
        if (first === undefined) throw new Error(`${task.name} made no REST call`);
        starts.push(first - started);
        walls.push(ended - started);
      }
      console.log(
        [
          `  ${task.name.padEnd(18)}`,
          kb(raw).padEnd(11),
          kb(gz).padEnd(10),
          `${median(starts).toFixed(0)} ms (${Math.min(...starts).toFixed(0)}–${Math.max(...starts).toFixed(0)} ms)`.padEnd(
            47,
          ),
          `${median(walls).toFixed(0)} ms`,
        ].join(" | "),
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    await proxy.close();
    await sandbox.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
