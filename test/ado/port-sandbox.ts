/** Starts the sandbox in-process over the sample programme (seed 1, scale 0.3) for the adapter tests. */
import { generateProgramme } from "../../sandbox/generator";
import { ALL_ROUTES } from "../../sandbox/routes";
import { RunningSandbox, startSandbox } from "../../sandbox/server";
import { SandboxState } from "../../sandbox/state";

export const EXTENSION = { publisher: "qt-test", id: "qt-assurance" };

export function programme(): SandboxState {
  return generateProgramme({ seed: 1, scale: 0.3 }).state;
}

export async function startProgrammeSandbox(): Promise<{ sandbox: RunningSandbox; state: SandboxState }> {
  const state = programme();
  const sandbox = await startSandbox({ state, routes: ALL_ROUTES, reset: programme });
  return { sandbox, state };
}

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
