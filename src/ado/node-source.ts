import { AdoSource, CannotAssessError } from "./assessment-run";
import { openNodeStoreSource } from "./node-store-source";
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
  const { port, api, caller } = openNodeStoreSource(options);
  if (!options.project.trim()) throw new CannotAssessError("No project was given.");
  return { port, api, project: options.project, caller, store: createStore(api, { project: options.project }) };
}
