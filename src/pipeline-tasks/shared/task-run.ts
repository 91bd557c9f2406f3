import * as tl from "azure-pipelines-task-lib/task";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Settings } from "../../core/settings";
import {
  AdoSource,
  CannotAssessError,
  loadStoredSettings,
  settingsFromText,
  withAssurerTeams,
} from "../../ado/assessment-run";
import { openNodeSource } from "../../ado/node-source";
import { AdoRequestError } from "../../ado/errors";
import {
  DEFAULT_EXTENSION,
  ExtensionIdentity,
  SHIPPED_IN_FILE,
  parseExtensionIdentity,
  parseShippedIn,
} from "../../ado/extension-identity";

/**
 * What both pipeline tasks read from the agent the same way: where ADO is, the build identity's token, the
 * settings, and how a failure is told. The rules themselves stay in src/core; the reads in src/ado.
 */

export interface TaskConnection {
  source: AdoSource;
  orgUrl: string;
  project: string;
  settingsFile?: string;
}

function whole(name: string, fallback: number, min: number, max: number): number {
  const text = tl.getInput(name, false)?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new CannotAssessError(`The input ${name} must be a whole number from ${min} to ${max}, not "${text}".`);
  return value;
}

/**
 * The job's access token. task-lib writes endpoint parameters to its debug log in clear (trusting the agent to
 * mask them); its output is silenced for this one read so the token is never written by this task at all.
 */
function jobAccessToken(): string | undefined {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  tl.setStdStream(sink);
  try {
    return tl.getEndpointAuthorizationParameter("SystemVssConnection", "AccessToken", true);
  } finally {
    tl.setStdStream(process.stdout);
  }
}

/**
 * The extension this task was packaged in: the packager writes it beside the bundle, so a dev package's task reads
 * the dev extension's data. A task run from the build output alone (no packager) uses the release identity.
 */
function shippedInExtension(): ExtensionIdentity {
  let text: string;
  try {
    text = readFileSync(join(__dirname, SHIPPED_IN_FILE), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return DEFAULT_EXTENSION;
    throw new CannotAssessError(`Could not read ${SHIPPED_IN_FILE} beside the task: ${(error as Error).message}`);
  }
  const identity = parseShippedIn(text);
  if (!identity)
    throw new CannotAssessError(
      `${SHIPPED_IN_FILE} beside the task does not name an extension as {"publisher", "id"}: the package is damaged.`,
    );
  return identity;
}

/** Reads the connection inputs. The token is already a secret the agent masks; it is never written here. */
export function connectFromInputs(): TaskConnection {
  const token = jobAccessToken();
  const orgUrl = (
    tl.getInput("organization", false)?.trim() ||
    tl.getVariable("System.TeamFoundationCollectionUri") ||
    ""
  )
    .trim()
    .replace(/\/+$/, "");
  const project = (tl.getInput("project", false)?.trim() || tl.getVariable("System.TeamProject") || "").trim();
  if (!orgUrl)
    throw new CannotAssessError(
      "No organisation: System.TeamFoundationCollectionUri is not set and the input organization is empty.",
    );
  if (!project)
    throw new CannotAssessError("No project: System.TeamProject is not set and the input project is empty.");
  if (!token)
    throw new CannotAssessError(
      "No access token: the job's SystemVssConnection token was not given to the task. The Azure Pipelines agent gives it to every task it runs (YAML and classic alike); run the task on an agent rather than by hand.",
    );
  const extensionText = tl.getInput("extension", false)?.trim();
  const extension = extensionText ? parseExtensionIdentity(extensionText) : shippedInExtension();
  if (!extension)
    throw new CannotAssessError(`The input extension must be publisher.extension, not "${extensionText ?? ""}".`);
  const source = openNodeSource({
    orgUrl,
    project,
    token,
    extension,
    concurrency: whole("concurrency", 8, 1, 32),
    retryBudgetMs: whole("retryBudgetSeconds", 60, 1, 3600) * 1000,
  });
  const settingsPath = tl.getInput("settingsFile", false)?.trim();
  // Classic pipelines resolve an empty filePath input to the sources directory: a directory means "not given".
  const given = settingsPath && !(tl.exist(settingsPath) && tl.stats(settingsPath).isDirectory());
  return { source, orgUrl, project, settingsFile: given ? settingsPath : undefined };
}

export async function settingsFor(connection: TaskConnection): Promise<Settings> {
  if (!connection.settingsFile) {
    console.log("Settings: those stored by the extension (saved in the QT Assurance settings hub).");
    return loadStoredSettings(connection.source);
  }
  console.log(`Settings: ${connection.settingsFile}`);
  let text: string;
  try {
    text = await readFile(connection.settingsFile, "utf8");
  } catch (error) {
    throw new CannotAssessError(
      `Cannot read the settings file ${connection.settingsFile}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return withAssurerTeams(connection.source, settingsFromText(text, connection.settingsFile));
}

const PERMISSIONS =
  "The build identity needs: View test runs and read access to the test plans (Test Plans), View work items in this node on the defect area paths (Work Items), and read access to the extension's data (it is granted with the extension's installation).";

/** A failure as one line for the task result, with what to do about it. Never includes the token. */
export function explainFailure(error: unknown): string {
  if (error instanceof CannotAssessError) return error.message;
  if (error instanceof AdoRequestError) {
    switch (error.kind) {
      case "unauthenticated":
        return `The job's access token was refused (${error.message}). Check that the pipeline may use its OAuth token and that the organisation URL is right.`;
      case "forbidden":
        return `Missing permission: ${error.message} ${PERMISSIONS} If the project limits job authorization scope, grant the project's build service these permissions.`;
      case "throttled":
        return `Azure DevOps kept throttling the reads beyond the retry budget: ${error.message} Run the task later or raise retryBudgetSeconds.`;
      case "server":
      case "network":
        return `Azure DevOps could not be reached reliably: ${error.message}`;
      default:
        return error.message;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs a task body; any failure fails the task closed, with the reason as its message. `onFailure` publishes what
 * a failed run should still say (e.g. the gate's verdict `cannot-assess` with empty counts).
 */
export async function runTask(name: string, body: () => Promise<void>, onFailure?: () => void): Promise<void> {
  try {
    await body();
  } catch (error) {
    const message = `${name} cannot assess: ${explainFailure(error)}`;
    onFailure?.();
    tl.setResult(tl.TaskResult.Failed, message);
  }
}
