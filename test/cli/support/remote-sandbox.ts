/**
 * The embedded sandbox as the CLI tests reach it from outside: started before the file's tests, with its sample
 * settings written to a file, the `--org-url … --project … --settings FILE` arguments and the token's environment.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmbeddedSandbox, startEmbeddedSandbox } from "../../../sandbox/embedded";

export interface RemoteSandbox {
  readonly sandbox: EmbeddedSandbox;
  /** `--org-url … --project … --settings <the sample settings>`. */
  readonly remote: string[];
  /** `AZURE_DEVOPS_EXT_PAT` with the sandbox's full-scope token. */
  readonly env: Record<string, string>;
  /** A folder of this file's own, for more files. */
  readonly dir: string;
}

/** Registers `beforeAll` (start the sandbox, write the settings) and `afterAll` (close it). */
export function useRemoteSandbox(name: string): RemoteSandbox {
  const dir = mkdtempSync(join(tmpdir(), `qt-${name}-`));
  let started: { sandbox: EmbeddedSandbox; remote: string[]; env: Record<string, string> } | undefined;
  beforeAll(async () => {
    const sandbox = await startEmbeddedSandbox();
    const settingsFile = join(dir, "settings.json");
    writeFileSync(settingsFile, JSON.stringify(sandbox.settings));
    started = {
      sandbox,
      remote: ["--org-url", sandbox.orgUrl, "--project", sandbox.project, "--settings", settingsFile],
      env: { AZURE_DEVOPS_EXT_PAT: sandbox.token },
    };
  });
  afterAll(() => started?.sandbox.close());
  const get = () => {
    if (!started) throw new Error("The sandbox is not started: read it inside a test or hook.");
    return started;
  };
  return {
    get sandbox() {
      return get().sandbox;
    },
    get remote() {
      return get().remote;
    },
    get env() {
      return get().env;
    },
    dir,
  };
}
