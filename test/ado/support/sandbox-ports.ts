import { createNodePort } from "../../../src/ado/node-port";
import { AdoPort } from "../../../src/ado/port";
import { RunningSandbox } from "../../../sandbox/server";
import { createDocumentPort } from "./doc-port";

/** The extension the tests store data for (any publisher/id works in the sandbox; these match vss-extension.json). */
export const TEST_EXTENSION = { publisher: "qt-assurance", id: "qt-assurance" };

/** The real Node port (azure-devops-node-api) against a running sandbox. */
export function sandboxPort(sandbox: RunningSandbox, token: string): AdoPort {
  return createNodePort({ orgUrl: sandbox.orgUrl, token, extension: TEST_EXTENSION });
}

/** The minimal fetch-based document port (test/ado/support/doc-port.ts), kept as a second transport. */
export function sandboxDocumentPort(sandbox: RunningSandbox, token: string): AdoPort {
  return createDocumentPort({ orgUrl: sandbox.orgUrl, token, extension: TEST_EXTENSION });
}
