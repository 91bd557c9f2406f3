/**
 * The sandbox with the local extension host: the sample programme served in this process, the built pages under
 * `/_host/`, and the sample settings saved in extension data. What the browser tests start (test/e2e/support/
 * local-host.ts); `npm start` (main.ts) does the same with its own options.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { controlRoutes } from "../control";
import { Programme, ProgrammeOptions, generateProgramme } from "../generator";
import { ALL_ROUTES } from "../routes";
import { RunningSandbox, startSandbox } from "../server";
import { DashboardWidget, HostContribution } from "./contributions";
import { HOST_PATH } from "./serve";
import { seedSampleSettings } from "./seed";

export interface HostedSandboxOptions {
  /** The built pages: a folder with host.html, host.js and the contributions' pages. */
  webRoot: string;
  programme?: Partial<ProgrammeOptions>;
  latencyMs?: number;
  /** The contributions the host offers; default sandbox/host/contributions.ts's. */
  contributions?: readonly HostContribution[];
  /** The dashboard's default widgets; default sandbox/host/contributions.ts's. */
  dashboard?: readonly DashboardWidget[];
  port?: number;
  host?: string;
  /** Keep the sample settings in a settings record, as `npm start` does; default: in the extension's data. */
  protectSettings?: boolean;
}

export interface HostedSandbox {
  sandbox: RunningSandbox;
  programme: Programme;
  /** `http://127.0.0.1:<port>/_host/`. */
  hostUrl: string;
  close(): Promise<void>;
}

export function assertHostBuilt(webRoot: string): void {
  const page = join(resolve(webRoot), "host.html");
  if (!existsSync(page))
    throw new Error(`The local extension host is not built (${page} is missing): run npm run build first.`);
}

export async function startHostedSandbox(options: HostedSandboxOptions): Promise<HostedSandbox> {
  assertHostBuilt(options.webRoot);
  const initial: ProgrammeOptions = { seed: 1, scale: 0.05, ...options.programme };
  const programme = generateProgramme(initial);
  const sandbox = await startSandbox({
    state: programme.state,
    reset: () => generateProgramme(initial).state,
    routes: ALL_ROUTES,
    controlRoutes: [controlRoutes({ initial, programme })],
    webRoot: resolve(options.webRoot),
    hostContributions: options.contributions,
    hostDashboard: options.dashboard,
    port: options.port,
    host: options.host,
  });
  try {
    await seedSampleSettings(
      sandbox.orgUrl,
      programme.settings,
      options.protectSettings ? { protectIn: programme.summary.project } : {},
    );
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  // Latency applies from here on, and the log starts empty: the seeding is set-up, not part of a test.
  if (options.latencyMs) sandbox.env.faults.set({ latencyMs: options.latencyMs });
  sandbox.env.log.clear();
  return { sandbox, programme, hostUrl: `${sandbox.url}${HOST_PATH}/`, close: () => sandbox.close() };
}
