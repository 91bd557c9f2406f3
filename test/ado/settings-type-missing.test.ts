import { AdoRequestError } from "../../src/ado/errors";
import { AdoPort } from "../../src/ado/port";
import { createStore } from "../../src/ado/store";

/**
 * A project that was never set up has no QT Settings type, and the service may refuse a revisions read filtered by
 * a type it does not know. Only when the project's types confirm there is none does that mean "no settings record";
 * a refusal while the type exists fails the read, never falls back to the extension's data.
 */

const refused = () =>
  Promise.reject(new AdoRequestError("bad-request", "VS402815: unknown type", { operation: "GET wit/reporting" }));

/** Only what loading the settings asks for; anything else fails the test. */
function portWith(types: string[]): AdoPort {
  const answers: Partial<AdoPort> = {
    listWorkItemRevisions: refused,
    listWorkItemTypes: async () => types.map((name) => ({ name })),
    getDocument: async () => undefined,
  };
  return new Proxy(answers as AdoPort, {
    get: (target, name: string) =>
      name in target ? target[name as keyof AdoPort] : () => Promise.reject(new Error(`unexpected ${name}`)),
  });
}

it("reads the extension's data when the project has no settings type", async () => {
  const store = createStore(portWith(["Bug", "QT Approval"]), { project: "MHHS QT" });
  expect(await store.loadSettings()).toEqual({ kind: "missing" });
});

it("fails the read when the settings type exists but its records cannot be read", async () => {
  const store = createStore(portWith(["Bug", "QT Settings"]), { project: "MHHS QT" });
  await expect(store.loadSettings()).rejects.toMatchObject({ kind: "bad-request" });
});
