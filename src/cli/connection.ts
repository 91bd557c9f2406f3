import { Settings } from "../core/settings";
import { DEFAULT_EXTENSION, ExtensionIdentity, parseExtensionIdentity } from "../ado/extension-identity";
import { AdminPort, createNodeAdminPort } from "../ado/node-admin-port";
import { AdoSource, loadStoredSettings, settingsFromText, withAssurerTeams } from "../ado/assessment-run";
import { openNodeSource } from "../ado/node-source";
import { checkOrgUrl } from "../ado/org-url";
import { NodeStoreSource, openNodeStoreSource } from "../ado/node-store-source";
import type { EmbeddedSandbox } from "../../sandbox/embedded";
import { ukDate } from "../core/calendar";
import { CliError, CliIo, EXIT } from "./io";

export const TOKEN_VARIABLE = "AZURE_DEVOPS_EXT_PAT";
/** The extension whose data holds settings and approvals; `--extension publisher.id` for another publisher. */
export { DEFAULT_EXTENSION };

export interface ConnectionOptions {
  orgUrl?: string;
  project?: string;
  settings?: string;
  concurrency: number;
  sandbox?: boolean;
  extension?: string;
}

export interface Connection extends AdoSource {
  /** Settings from --settings, the sandbox's sample, or the store; always validated. */
  settings(): Promise<Settings>;
  /** What `setup` changes (process, fields, teams), with the same token. */
  admin(): AdminPort;
  close(): Promise<void>;
}

/** The sandbox lives beside the product in a development checkout and is never packaged. */
async function startSandbox(now: Date): Promise<EmbeddedSandbox> {
  const modulePath = "../../sandbox/embedded";
  let loaded: typeof import("../../sandbox/embedded");
  try {
    // require (not import()) resolves the built .js and, under jest, the .ts source alike; a variable path keeps
    // bundlers from pulling the sandbox into the product.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(modulePath) as typeof import("../../sandbox/embedded");
  } catch (error) {
    throw new CliError(
      `--sandbox needs a development checkout with the sandbox built (${String(error)}).`,
      EXIT.cannotAssess,
    );
  }
  // The live sample programme, dated around today, as `npm start` serves it.
  return loaded.startEmbeddedSandbox({ calendar: "live", today: ukDate(now) }, now);
}

function parseExtension(value: string | undefined): ExtensionIdentity {
  if (!value) return DEFAULT_EXTENSION;
  const identity = parseExtensionIdentity(value);
  if (!identity)
    throw new CliError(
      `--extension must be publisher.extension, e.g. ${DEFAULT_EXTENSION.publisher}.${DEFAULT_EXTENSION.id}.`,
      EXIT.cannotAssess,
    );
  return identity;
}

interface Target {
  orgUrl: string;
  project?: string;
  token: string;
  extension: ExtensionIdentity;
  sandbox?: EmbeddedSandbox;
}

/** Where to connect and with what token, checked the same way for every command; `needsProject` for the reads. */
async function resolveTarget(
  options: Omit<ConnectionOptions, "settings">,
  io: CliIo,
  needsProject: boolean,
): Promise<Target> {
  if (!(Number.isInteger(options.concurrency) && options.concurrency >= 1 && options.concurrency <= 64)) {
    throw new CliError("--concurrency must be a whole number from 1 to 64.", EXIT.cannotAssess);
  }
  const extension = parseExtension(options.extension);
  let sandbox: EmbeddedSandbox | undefined;
  let orgUrl = options.orgUrl;
  let project = options.project;
  let token = io.env[TOKEN_VARIABLE];
  if (options.sandbox) {
    sandbox = await startSandbox(io.now());
    orgUrl = sandbox.orgUrl;
    project = sandbox.project;
    token = sandbox.token;
  }
  if (!orgUrl)
    throw new CliError(
      "Give the organisation with --org-url https://dev.azure.com/<organisation> (or use --sandbox).",
      EXIT.cannotAssess,
    );
  const checked = checkOrgUrl(orgUrl);
  if (!checked.ok) throw new CliError(`--org-url: ${checked.errors.join(" ")}`, EXIT.cannotAssess);
  orgUrl = checked.value;
  if (needsProject && !project) throw new CliError("Give the project with --project <name>.", EXIT.cannotAssess);
  if (!token) {
    throw new CliError(
      `Set ${TOKEN_VARIABLE} to a personal access token (scopes: Test Management read, Work Items read, Project and Team read, Extension Data read; Work Items read & write to record approvals or save protected settings). Tokens are never taken from the command line.`,
      EXIT.cannotAssess,
    );
  }
  return { orgUrl, project, token, extension, sandbox };
}

export async function connect(options: ConnectionOptions, io: CliIo): Promise<Connection> {
  const target = await resolveTarget(options, io, true);
  const { sandbox } = target;
  const source = openNodeSource({
    orgUrl: target.orgUrl,
    project: target.project ?? "",
    token: target.token,
    extension: target.extension,
    concurrency: options.concurrency,
  });
  const settingsFile = options.settings;
  return {
    ...source,
    admin: () => createNodeAdminPort({ orgUrl: target.orgUrl, token: target.token }),
    settings: async () => {
      if (settingsFile) return withAssurerTeams(source, await readSettingsFile(settingsFile, io));
      if (sandbox) return sandbox.settings;
      return loadStoredSettings(source);
    },
    close: async () => {
      await sandbox?.close();
    },
  };
}

/** The connection options that reach the extension's data, which is organisation-wide: no project. */
export type StoreConnectionOptions = Pick<ConnectionOptions, "orgUrl" | "concurrency" | "sandbox" | "extension">;

/** The extension's data only (e.g. for `export`): the port, the retrying caller, and who and where it is. */
export interface StoreConnection extends NodeStoreSource {
  orgUrl: string;
  extension: ExtensionIdentity;
  close(): Promise<void>;
}

export async function connectToStore(options: StoreConnectionOptions, io: CliIo): Promise<StoreConnection> {
  const target = await resolveTarget(options, io, false);
  const source = openNodeStoreSource({
    orgUrl: target.orgUrl,
    token: target.token,
    extension: target.extension,
    concurrency: options.concurrency,
  });
  return {
    ...source,
    orgUrl: source.port.orgUrl,
    extension: target.extension,
    close: async () => {
      await target.sandbox?.close();
    },
  };
}

export async function readSettingsFile(path: string, io: CliIo): Promise<Settings> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (error) {
    throw new CliError(
      `Cannot read settings from ${path}: ${error instanceof Error ? error.message : String(error)}`,
      EXIT.cannotAssess,
    );
  }
  return settingsFromText(text, path);
}
