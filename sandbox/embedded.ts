import { Settings } from "../src/core/settings";
import { controlRoutes } from "./control";
import { ProgrammeOptions, generateProgramme } from "./generator";
import { SAMPLE_PAT } from "./generator/tokens";
import { ALL_ROUTES } from "./routes";
import { seedLiveApprovals } from "./host/seed";
import { startSandbox } from "./server";

export interface EmbeddedSandbox {
  orgUrl: string;
  project: string;
  /** The sample programme's full-scope token: public, like everything about the sandbox. */
  token: string;
  settings: Settings;
  close(): Promise<void>;
}

/**
 * The sandbox over the sample programme, in this process, on a free loopback port: what `qt-assure --sandbox`
 * talks to. Callers reach it only through its URL and token, as they would reach Azure DevOps. The live programme
 * (`calendar: "live"`) also has its approvals seeded, as `npm start` does.
 */
export async function startEmbeddedSandbox(
  options: Partial<ProgrammeOptions> = {},
  now: Date = new Date(),
): Promise<EmbeddedSandbox> {
  const initial: ProgrammeOptions = { seed: 1, scale: 1, ...options };
  const programme = generateProgramme(initial);
  const sandbox = await startSandbox({
    state: programme.state,
    routes: ALL_ROUTES,
    controlRoutes: [controlRoutes({ initial, programme })],
  });
  if (initial.calendar === "live") {
    try {
      await seedLiveApprovals(sandbox.orgUrl, programme, now);
    } catch (error) {
      await sandbox.close();
      throw error;
    }
  }
  return {
    orgUrl: sandbox.orgUrl,
    project: programme.summary.project,
    token: SAMPLE_PAT,
    settings: programme.settings,
    close: () => sandbox.close(),
  };
}
