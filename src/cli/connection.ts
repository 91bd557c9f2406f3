import { emptyApprovals, Approvals } from "../core/approvals";
import { Settings } from "../core/settings";
import { formatSettingsErrors, validateSettings } from "../core/validate-settings";
import { createNodePort } from "../ado/node-port";
import { AdoPort } from "../ado/port";
import { ResilientCaller, createResilientCaller } from "../ado/resilience";
import { QtStore } from "../ado/store-types";
import { createStore } from "../ado/store";
import type { EmbeddedSandbox } from "../../sandbox/embedded";
import { CliError, CliIo, EXIT } from "./io";

export const TOKEN_VARIABLE = "AZURE_DEVOPS_EXT_PAT";
/** The extension whose data holds settings and approvals; `--extension publisher.id` for another publisher. */
export const DEFAULT_EXTENSION = { publisher: "qt-assurance-dev", id: "qt-assurance" };

export interface ConnectionOptions {
  orgUrl?: string;
  project?: string;
  settings?: string;
  concurrency: number;
  sandbox?: boolean;
  extension?: string;
}

export interface Connection {
  port: AdoPort;
  project: string;
  caller: ResilientCaller;
  store: QtStore;
  /** Settings from --settings, the sandbox's sample, or the store; always validated. */
  settings(): Promise<Settings>;
  close(): Promise<void>;
}

/** The sandbox lives beside the product in a development checkout and is never packaged. */
async function startSandbox(): Promise<EmbeddedSandbox> {
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
  return loaded.startEmbeddedSandbox();
}

function parseExtension(value: string | undefined): { publisher: string; id: string } {
  if (!value) return DEFAULT_EXTENSION;
  const match = /^([\w-]+)\.([\w-]+)$/.exec(value);
  if (!match)
    throw new CliError(
      `--extension must be publisher.extension, e.g. ${DEFAULT_EXTENSION.publisher}.${DEFAULT_EXTENSION.id}.`,
      EXIT.cannotAssess,
    );
  return { publisher: match[1], id: match[2] };
}

export async function connect(options: ConnectionOptions, io: CliIo): Promise<Connection> {
  if (!(Number.isInteger(options.concurrency) && options.concurrency >= 1 && options.concurrency <= 64)) {
    throw new CliError("--concurrency must be a whole number from 1 to 64.", EXIT.cannotAssess);
  }
  const extension = parseExtension(options.extension);
  let sandbox: EmbeddedSandbox | undefined;
  let orgUrl = options.orgUrl;
  let project = options.project;
  let token = io.env[TOKEN_VARIABLE];
  if (options.sandbox) {
    sandbox = await startSandbox();
    orgUrl = sandbox.orgUrl;
    project = sandbox.project;
    token = sandbox.token;
  }
  if (!orgUrl)
    throw new CliError(
      "Give the organisation with --org-url https://dev.azure.com/<organisation> (or use --sandbox).",
      EXIT.cannotAssess,
    );
  if (!/^https?:\/\/[^\s]+$/i.test(orgUrl))
    throw new CliError(`--org-url must be an http(s) address, not "${orgUrl}".`, EXIT.cannotAssess);
  if (!project) throw new CliError("Give the project with --project <name>.", EXIT.cannotAssess);
  if (!token) {
    throw new CliError(
      `Set ${TOKEN_VARIABLE} to a personal access token (scopes: Test Management read, Work Items read, Extension Data read). Tokens are never taken from the command line.`,
      EXIT.cannotAssess,
    );
  }
  const caller = createResilientCaller({ concurrency: options.concurrency });
  const port = createNodePort({
    orgUrl: orgUrl.replace(/\/+$/, ""),
    token,
    extension,
    onRateLimitDelay: caller.delayArea,
  });
  const store = createStore(port);
  const settingsFile = options.settings;
  return {
    port,
    project,
    caller,
    store,
    settings: async () => {
      if (settingsFile) return readSettingsFile(settingsFile, io);
      if (sandbox) return sandbox.settings;
      const loaded = await caller.call("GET extensionmanagement/settings", () => store.loadSettings());
      if (loaded.kind === "missing")
        throw new CliError(
          "No settings are stored for the extension yet: save them in the settings hub, or pass --settings FILE.",
          EXIT.cannotAssess,
        );
      if (loaded.kind === "invalid")
        throw new CliError(
          `The stored settings are invalid:\n${formatSettingsErrors(loaded.errors).join("\n")}`,
          EXIT.cannotAssess,
        );
      return loaded.settings;
    },
    close: async () => {
      await sandbox?.close();
    },
  };
}

export async function readSettingsFile(path: string, io: CliIo): Promise<Settings> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await io.readFile(path));
  } catch (error) {
    throw new CliError(
      `Cannot read settings from ${path}: ${error instanceof Error ? error.message : String(error)}`,
      EXIT.cannotAssess,
    );
  }
  const result = validateSettings(parsed);
  if (!result.valid)
    throw new CliError(
      `The settings in ${path} are invalid:\n${formatSettingsErrors(result.errors).join("\n")}`,
      EXIT.cannotAssess,
    );
  return result.settings;
}

/** Approvals of the given participant-roles, merged for the engine (it indexes them by participant-role). */
export async function loadApprovals(connection: Connection, keys: readonly string[]): Promise<Approvals> {
  const { caller, store } = connection;
  // One participant-role: its own document; more: the whole collection in one request.
  const loaded =
    keys.length === 1
      ? new Map([
          [
            keys[0],
            await caller.call(`GET extensionmanagement/approvals/${keys[0]}`, () => store.loadApprovals(keys[0])),
          ],
        ])
      : await caller.call("GET extensionmanagement/approvals", () => store.loadAllApprovals());
  const merged = emptyApprovals();
  for (const key of keys) {
    const result = loaded.get(key);
    if (!result) continue; // nothing recorded yet
    if (result.kind === "invalid")
      throw new CliError(`The stored approvals of ${key} are invalid: ${result.errors.join("; ")}`, EXIT.cannotAssess);
    if (result.audit !== "intact")
      throw new CliError(
        `The audit log of ${key} is broken (${result.audit.problem}): its approvals cannot be trusted.`,
        EXIT.cannotAssess,
      );
    const a = result.approvals;
    merged.waivers.push(...a.waivers);
    merged.mitigationAgreements.push(...a.mitigationAgreements);
    merged.entryItems.push(...a.entryItems);
    merged.signOffs.push(...a.signOffs);
    merged.submissions.push(...a.submissions);
  }
  return merged;
}
