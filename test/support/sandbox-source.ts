import { EmbeddedSandbox } from "../../sandbox/embedded";
import { AdoSource } from "../../src/ado/assessment-run";
import { openNodeSource } from "../../src/ado/node-source";
import { DEFAULT_EXTENSION } from "../../src/cli/connection";

/** The product's Node source over an embedded sandbox, acting as whoever the token authenticates as. */
export function sourceAs(sandbox: Pick<EmbeddedSandbox, "orgUrl" | "project">, token: string): AdoSource {
  return openNodeSource({
    orgUrl: sandbox.orgUrl,
    project: sandbox.project,
    token,
    extension: { ...DEFAULT_EXTENSION },
    concurrency: 4,
  });
}
