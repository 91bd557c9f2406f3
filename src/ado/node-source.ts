import { AdoSource, CannotAssessError } from "./assessment-run";
import { createNodePort } from "./node-port";
import { createResilientCaller } from "./resilience";
import { createStore } from "./store";

/** An AdoSource over azure-devops-node-api, for the Node surfaces (the CLI and the pipeline tasks). */
export interface NodeSourceOptions {
  orgUrl: string;
  project: string;
  token: string;
  /** The installed extension whose data holds settings and approvals. */
  extension: { publisher: string; id: string };
  concurrency: number;
  /** How long retries of throttled or failing requests may go on before the read gives up (default 60 s). */
  retryBudgetMs?: number;
}

export function openNodeSource(options: NodeSourceOptions): AdoSource {
  if (!(Number.isInteger(options.concurrency) && options.concurrency >= 1 && options.concurrency <= 64))
    throw new CannotAssessError("The concurrency must be a whole number from 1 to 64.");
  if (!/^https?:\/\/\S+$/i.test(options.orgUrl))
    throw new CannotAssessError(`The organisation URL must be an http(s) address, not "${options.orgUrl}".`);
  if (!options.project.trim()) throw new CannotAssessError("No project was given.");
  const caller = createResilientCaller({ concurrency: options.concurrency, budgetMs: options.retryBudgetMs });
  const port = createNodePort({
    orgUrl: options.orgUrl.replace(/\/+$/, ""),
    token: options.token,
    extension: options.extension,
    onRateLimitDelay: caller.delayArea,
  });
  return { port, project: options.project, caller, store: createStore(port) };
}
