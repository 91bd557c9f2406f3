import { AdoPort, Page, RawPlan } from "../../src/ado/port";
import { AREA_TREE_DEPTH, readAllPlans, readAreaTree } from "../../src/ado/project-structure";
import { Caller } from "../../src/ado/reader";
import { createResilientCaller } from "../../src/ado/resilience";
import { resilientPort } from "../../src/ado/resilient-port";

/** One way to list the project's plans and read its area tree, for the reader, the CLI and the settings hub. */
const plan = (id: number): RawPlan => ({ id, name: `Plan ${id}`, rootSuite: { id: id + 1 } });

function portOf(pages: Page<RawPlan>[], depths: number[] = []): AdoPort {
  return {
    orgUrl: "https://dev.azure.com/contoso",
    listPlans: async (_project: string, token?: string) => pages[token ? Number(token) : 0],
    getAreaTree: async (_project: string, depth: number) => {
      depths.push(depth);
      return { id: 1, name: "QT" };
    },
  } as unknown as AdoPort;
}

const calls: { operation: string; continuation?: boolean }[] = [];
const call: Caller = (operation, fn, options) => {
  calls.push({ operation, continuation: options?.continuation });
  return fn();
};

beforeEach(() => (calls.length = 0));

describe("the project's structure", () => {
  it("reads every page of plans, continuation pages marked as such", async () => {
    const port = portOf([
      { items: [plan(1), plan(2)], continuationToken: "1" },
      { items: [plan(3)], continuationToken: "2" },
      { items: [plan(4)] },
    ]);
    expect((await readAllPlans(port, "QT", call)).map((p) => p.id)).toEqual([1, 2, 3, 4]);
    expect(calls).toEqual([
      { operation: "GET testplan/Plans", continuation: false },
      { operation: "GET testplan/Plans", continuation: true },
      { operation: "GET testplan/Plans", continuation: true },
    ]);
  });

  it("refuses a page without a list instead of reading it as no plans", async () => {
    const port = portOf([{ items: undefined as unknown as RawPlan[] }]);
    await expect(readAllPlans(port, "QT", call)).rejects.toThrow(
      "GET testplan/Plans answered without a list of plans.",
    );
  });

  it("reads the area tree to one depth for every surface", async () => {
    const depths: number[] = [];
    await readAreaTree(portOf([], depths), "QT", call);
    expect(depths).toEqual([AREA_TREE_DEPTH]);
    expect(calls).toEqual([{ operation: "GET wit/classificationnodes/areas", continuation: undefined }]);
  });

  it("over the resilient port, surfaces name no operation: the port's caller runs each page once", async () => {
    const caller = createResilientCaller({ concurrency: 2 });
    const port = portOf([{ items: [plan(1)], continuationToken: "1" }, { items: [plan(2)] }], []);
    const api = resilientPort(port, caller);
    expect((await readAllPlans(api, "QT")).map((p) => p.id)).toEqual([1, 2]);
    await readAreaTree(api, "QT");
    expect(caller.stats().requests).toBe(3);
    expect(calls).toEqual([]);
  });
});
