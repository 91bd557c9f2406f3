import { readFile, writeFile } from "node:fs/promises";
import { runCli } from "../../../src/cli/main";

/** The CLI's fixed clock in these tests. */
export const CLI_NOW = new Date("2025-06-01T12:00:00Z");

/** Runs the CLI in-process, with real file I/O and a fixed clock, and captures what it prints. */
export async function runCliCaptured(args: string[], env: Record<string, string | undefined>) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
    stderrIsTTY: false,
    readFile: (p) => readFile(p, "utf8"),
    writeFile: (p, t) => writeFile(p, t, "utf8"),
    now: () => CLI_NOW,
  });
  return { code, stdout, stderr };
}
