import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * Runs a bundled pipeline task (dist/tasks/<Task>/index.js) as the agent does: a child Node process whose inputs,
 * variables and endpoint token arrive as environment variables, whose cwd is not the bundle's folder, and whose
 * result is told by the `##vso[...]` commands it prints.
 */

export const REPO_ROOT = resolve(__dirname, "..", "..", "..");
export const TASK_NAMES = ["QtExitGate", "QtCompletionReport"] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export const bundlePath = (task: TaskName) => join(REPO_ROOT, "dist", "tasks", task, "index.js");

/** The bundles (and the files the agent reads beside them) that are not built. */
export function missingBundleFiles(): string[] {
  return TASK_NAMES.flatMap((task) =>
    ["index.js", "task.json", "lib.json"]
      .map((file) => join(REPO_ROOT, "dist", "tasks", task, file))
      .filter((path) => !existsSync(path)),
  );
}

/** Sources the tasks bundle (src/pipeline-tasks, src/ado, src/core) changed after a bundle was built. */
export function sourcesNewerThanBundles(): string[] {
  const bundled = Math.min(...TASK_NAMES.map((task) => statSync(bundlePath(task)).mtimeMs));
  const newer: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && statSync(path).mtimeMs > bundled) newer.push(path);
    }
  };
  for (const dir of ["pipeline-tasks", "ado", "core"]) walk(join(REPO_ROOT, "src", dir));
  return newer;
}

export interface VsoCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export interface TaskRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  commands: VsoCommand[];
  /** The last task.complete. */
  result?: { result: string; message: string };
  /** task.setvariable by name. */
  variables: Record<string, { value: string; isOutput: boolean; isSecret: boolean }>;
  errors: string[];
  warnings: string[];
  /** task.uploadsummary paths. */
  summaries: string[];
}

// task-lib's escaping (task-command.ts): data escapes % \r \n; properties also ; and ].
const unescapeData = (s: string) =>
  s
    .replace(/%0D/g, "\r")
    .replace(/%0A/g, "\n")
    .replace(/%AZP25/g, "%");
const unescapeProperty = (s: string) =>
  s
    .replace(/%0D/g, "\r")
    .replace(/%0A/g, "\n")
    .replace(/%3B/g, ";")
    .replace(/%5D/g, "]")
    .replace(/%AZP25/g, "%");

export function parseVsoCommands(stdout: string): VsoCommand[] {
  const commands: VsoCommand[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^##vso\[([^\s\]]+)(?: ([^\]]*))?\](.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? "").split(";")) {
      const eq = pair.indexOf("=");
      if (eq > 0) properties[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1));
    }
    commands.push({ command: match[1], properties, message: unescapeData(match[3]) });
  }
  return commands;
}

function summarise(code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string): TaskRun {
  const commands = parseVsoCommands(stdout);
  const run: TaskRun = {
    code,
    signal,
    stdout,
    stderr,
    commands,
    variables: {},
    errors: [],
    warnings: [],
    summaries: [],
  };
  for (const c of commands) {
    if (c.command === "task.complete") run.result = { result: c.properties.result, message: c.message };
    else if (c.command === "task.setvariable")
      run.variables[c.properties.variable] = {
        value: c.message,
        isOutput: c.properties.isOutput === "true",
        isSecret: c.properties.issecret === "true",
      };
    else if (c.command === "task.issue" && c.properties.type === "error") run.errors.push(c.message);
    else if (c.command === "task.issue" && c.properties.type === "warning") run.warnings.push(c.message);
    else if (c.command === "task.uploadsummary") run.summaries.push(c.message);
  }
  return run;
}

/** The agent's environment name of a variable: upper case, `.` and spaces as `_`. */
const variableKey = (name: string) => name.replace(/[. ]/g, "_").toUpperCase();

export interface RunOptions {
  /** Inputs by task.json name; `undefined` leaves the input unset (the agent would pass its default). */
  inputs?: Record<string, string | undefined>;
  /** Pipeline variables by name, e.g. `System.TeamProject`. */
  variables?: Record<string, string>;
  /** The job's SystemVssConnection access token. */
  accessToken?: string;
  /** Working directory (the agent's is the sources directory); defaults to the repository root. */
  cwd?: string;
  timeoutMs?: number;
  /** The task's folder (index.js beside task.json), e.g. one unpacked from a .vsix; default dist/tasks/<task>. */
  taskDir?: string;
}

interface TaskJsonInput {
  name: string;
  defaultValue?: string;
}

/**
 * Each input as the agent passes it: the value given, else task.json's default with `$(Variable)` macros expanded
 * from the variables (an input left out of `inputs` entirely gets its default; one given as `undefined` is unset).
 */
function agentInputs(taskDir: string, given: Record<string, string | undefined>, variables: Record<string, string>) {
  const taskJson = JSON.parse(readFileSync(join(taskDir, "task.json"), "utf8")) as {
    inputs: TaskJsonInput[];
  };
  const byKey = new Map(Object.entries(variables).map(([k, v]) => [k.toLowerCase(), v]));
  const env: Record<string, string> = {};
  for (const input of taskJson.inputs) {
    const value =
      input.name in given
        ? given[input.name]
        : (input.defaultValue ?? "").replace(
            /\$\(([^)]+)\)/g,
            (_m, name: string) => byKey.get(name.toLowerCase()) ?? "",
          );
    if (value !== undefined && value !== "") env[`INPUT_${variableKey(input.name)}`] = value;
  }
  for (const [name, value] of Object.entries(given))
    if (value !== undefined && !taskJson.inputs.some((i) => i.name === name)) env[`INPUT_${variableKey(name)}`] = value;
  return env;
}

/** Spawns the bundle (asynchronously: the sandbox it talks to runs in this process) and waits for it to exit. */
export function runBundledTask(task: TaskName, options: RunOptions = {}): Promise<TaskRun> {
  const variables = options.variables ?? {};
  const taskDir = options.taskDir ?? join(REPO_ROOT, "dist", "tasks", task);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    ...(process.env.SYSTEMROOT ? { SYSTEMROOT: process.env.SYSTEMROOT } : {}),
    ...Object.fromEntries(Object.entries(variables).map(([k, v]) => [variableKey(k), v])),
    ...agentInputs(taskDir, options.inputs ?? {}, variables),
  };
  if (options.accessToken !== undefined)
    env.ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN = options.accessToken;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(taskDir, "index.js")], {
      cwd: options.cwd ?? REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise(summarise(code, signal, stdout, stderr));
    });
  });
}

/** What the gate publishes whenever it cannot assess: the verdict, and no count at all (never a 0 not read). */
export const GATE_CANNOT_ASSESS_OUTPUTS = {
  outcome: "cannot-assess",
  verdict: "cannot-assess",
  sev1Outstanding: "",
  sev2Outstanding: "",
  unclassifiedOutstanding: "",
  executionPercent: "",
  stage: "cannot-assess",
  blockingDefectIds: "",
};

/** The values of a run's variables, by name. */
export const outputValues = (run: TaskRun): Record<string, string> =>
  Object.fromEntries(Object.entries(run.variables).map(([k, v]) => [k, v.value]));
