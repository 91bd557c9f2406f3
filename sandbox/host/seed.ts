/**
 * Saves the sample settings into the sandbox's extension data the way the product does — its own store over the
 * Node port, as the Sandbox Administrator — so the hubs in the local host find the settings they read.
 */
import { DEFAULT_EXTENSION, ExtensionIdentity } from "../../src/ado/extension-identity";
import { createNodePort } from "../../src/ado/node-port";
import { createStore } from "../../src/ado/store";
import { Settings } from "../../src/core/settings";
import { SAMPLE_IDENTITY } from "../generator/identities";
import { SAMPLE_PAT } from "../generator/tokens";

export async function seedSampleSettings(
  orgUrl: string,
  settings: Settings,
  now: Date = new Date(),
  extension: ExtensionIdentity = DEFAULT_EXTENSION,
): Promise<number> {
  const port = createNodePort({ orgUrl, token: SAMPLE_PAT, extension: { ...extension } });
  const store = createStore(port);
  const by = {
    id: SAMPLE_IDENTITY.id,
    displayName: SAMPLE_IDENTITY.displayName,
    uniqueName: SAMPLE_IDENTITY.uniqueName,
  };
  const result = await store.saveSettings(settings, undefined, { by, now, detail: "sample settings (sandbox seed)" });
  if (result.kind === "invalid")
    throw new Error(`The sample settings do not validate: ${result.errors.map((e) => e.message).join("; ")}`);
  if (result.kind === "conflict") throw new Error(`Settings are already saved in the sandbox: ${result.message}`);
  return result.etag;
}
