import { CannotAssessError } from "./assessment-run";
import { ExtensionIdentity } from "./extension-identity";
import { createNodePort } from "./node-port";
import { checkOrgUrl } from "./org-url";
import { AdoPort } from "./port";
import { ResilientCaller, createResilientCaller } from "./resilience";
import { resilientPort } from "./resilient-port";

/**
 * The extension's data only, over azure-devops-node-api: what a Node surface needs to read or back up the store,
 * which lives in the organisation's Default scope and so needs no project (compare openNodeSource).
 */
export interface NodeStoreSourceOptions {
  orgUrl: string;
  token: string;
  extension: ExtensionIdentity;
  concurrency: number;
  /** How long retries of throttled or failing requests may go on before a call gives up (default 60 s). */
  retryBudgetMs?: number;
}

export interface NodeStoreSource {
  /** The bare port, for the reader, which runs each request through `caller` itself. */
  port: AdoPort;
  /** The port with every request run through `caller` (resilient-port.ts). */
  api: AdoPort;
  caller: ResilientCaller;
}

export function openNodeStoreSource(options: NodeStoreSourceOptions): NodeStoreSource {
  if (!(Number.isInteger(options.concurrency) && options.concurrency >= 1 && options.concurrency <= 64))
    throw new CannotAssessError("The concurrency must be a whole number from 1 to 64.");
  const orgUrl = checkOrgUrl(options.orgUrl);
  if (!orgUrl.ok) throw new CannotAssessError(orgUrl.errors.join(" "));
  const caller = createResilientCaller({ concurrency: options.concurrency, budgetMs: options.retryBudgetMs });
  const port = createNodePort({
    orgUrl: orgUrl.value,
    token: options.token,
    extension: options.extension,
    onRateLimitDelay: caller.delayArea,
  });
  return { port, api: resilientPort(port, caller), caller };
}
