import { SandboxState } from "../../../sandbox/state";

export const TOKEN = "test-token";
export const DATA_ONLY_TOKEN = "data-only-token";
export const READ_DATA_TOKEN = "read-data-token";

/** An organisation with one empty project and three tokens, for server-level tests. */
export function minimalState(): SandboxState {
  const alice = { id: "0001", displayName: "Alice Tester", uniqueName: "alice@example.org" };
  const bob = { id: "0002", displayName: "Bob Assurer", uniqueName: "bob@example.org" };
  return {
    organization: { name: "test-org", id: "00000000-0000-0000-0000-000000000001" },
    projects: [
      {
        id: "00000000-0000-0000-0000-0000000000aa",
        name: "QT",
        description: "",
        areas: { id: 1, identifier: "a", name: "QT", children: [] },
        workItemTypes: [],
        plans: new Map(),
        suites: new Map(),
        configurations: new Map(),
        pointsBySuite: new Map(),
        runs: new Map(),
        resultsByRun: new Map(),
      },
    ],
    fields: [],
    workItems: new Map(),
    extensionData: new Map(),
    areaDenies: [],
    tokens: new Map([
      [TOKEN, { identity: alice, scopes: ["app_token"] }],
      ["bob-token", { identity: bob, scopes: ["app_token"] }],
      [DATA_ONLY_TOKEN, { identity: alice, scopes: ["vso.work"] }],
      [READ_DATA_TOKEN, { identity: alice, scopes: ["vso.extension.data"] }],
    ]),
  };
}

export const basic = (token: string) => `Basic ${Buffer.from(`:${token}`).toString("base64")}`;
