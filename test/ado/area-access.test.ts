import {
  CSS_NAMESPACE_ID,
  WORK_ITEM_READ,
  assertScopeReadable,
  checksFor,
  flattenAreaTree,
  nodesInScope,
  permissionChecks,
} from "../../src/ado/area-access";
import { RawAreaNode } from "../../src/ado/port";
import { permissionBatchAnswers, permissionBatchBody } from "../../src/ado/wire";
import { registryEntry } from "../support/builders";

/** Which area nodes a defect scope covers, their security tokens, and what an unreadable one does to the read. */

const TREE: RawAreaNode = {
  id: 1,
  identifier: "r",
  name: "QT",
  hasChildren: true,
  children: [
    {
      id: 2,
      identifier: "a",
      name: "ABCD-X",
      hasChildren: true,
      children: [{ id: 3, identifier: "h", name: "Hidden", hasChildren: false }],
    },
    { id: 4, identifier: "e", name: "EFGH-Y", hasChildren: true },
  ],
};
const NODES = flattenAreaTree(TREE);
const N = "vstfs:///Classification/Node/";

describe("area access", () => {
  it("gives each node its path and its token, ancestors first", () => {
    expect(NODES.map((n) => [n.path, n.token, n.cut])).toEqual([
      ["QT", `${N}r`, false],
      ["QT\\ABCD-X", `${N}r:${N}a`, false],
      ["QT\\ABCD-X\\Hidden", `${N}r:${N}a:${N}h`, false],
      // Has children the read did not reach.
      ["QT\\EFGH-Y", `${N}r:${N}e`, true],
    ]);
  });

  it("refuses a node without its identifier: its permissions could not be asked", () => {
    expect(() => flattenAreaTree({ id: 1, name: "QT" })).toThrow(/'QT' came without its identifier/);
  });

  it("covers a scope's areas and everything under them, or the whole tree when it names none", () => {
    expect(nodesInScope(NODES, { areaPaths: ["qt\\abcd-x"] }).map((n) => n.path)).toEqual([
      "QT\\ABCD-X",
      "QT\\ABCD-X\\Hidden",
    ]);
    expect(nodesInScope(NODES, { tags: ["ABCD-X"] })).toHaveLength(4);
    expect(() => nodesInScope(NODES, { areaPaths: ["QT\\Nowhere"] })).toThrow(/'QT\\Nowhere' is not in/);
  });

  it("asks once per node across the registry, at most 200 a batch", () => {
    const entries = [registryEntry(), registryEntry({ mpid: "WXYZ", defectScope: { areaPaths: ["QT\\ABCD-X"] } })];
    expect(checksFor(NODES, entries).map((n) => n.path)).toEqual(["QT\\ABCD-X", "QT\\ABCD-X\\Hidden"]);
    const many = Array.from({ length: 450 }, (_, i) => ({ path: `P${i}`, token: `t${i}`, cut: false }));
    const batches = permissionChecks(many);
    expect(batches.map((b) => b.length)).toEqual([200, 200, 50]);
    expect(batches[0][0]).toEqual({ namespaceId: CSS_NAMESPACE_ID, token: "t0", permissions: WORK_ITEM_READ });
  });

  it("lets a read through only when every covered node was evaluated readable", () => {
    const scope = { areaPaths: ["QT\\ABCD-X"] };
    const all = new Map(NODES.map((n) => [n.token, true]));
    expect(() => assertScopeReadable(NODES, all, scope)).not.toThrow();
    const hidden = new Map(all).set(`${N}r:${N}a:${N}h`, false);
    expect(() => assertScopeReadable(NODES, hidden, scope)).toThrow(
      /may not view work items in area 'QT\\ABCD-X\\Hidden' \(Azure DevOps permission "View work items in this node"\)/,
    );
    // Not evaluated is not readable.
    const unasked = new Map(all);
    unasked.delete(`${N}r:${N}a`);
    expect(() => assertScopeReadable(NODES, unasked, scope)).toThrow(/'QT\\ABCD-X'/);
    // Children the tree read did not reach cannot be vouched for.
    expect(() => assertScopeReadable(NODES, all, { areaPaths: ["QT\\EFGH-Y"] })).toThrow(/deeper than was read/);
  });

  it("takes the service's answers only when they match what was asked", () => {
    const checks = [{ namespaceId: CSS_NAMESPACE_ID, token: "t1", permissions: WORK_ITEM_READ }];
    expect(permissionBatchBody(checks)).toEqual({
      alwaysAllowAdministrators: false,
      evaluations: [{ securityNamespaceId: CSS_NAMESPACE_ID, token: "t1", permissions: WORK_ITEM_READ }],
    });
    const op = "POST security/permissionevaluationbatch";
    expect(permissionBatchAnswers({ evaluations: [{ token: "T1", value: true }] }, checks, op)).toEqual([true]);
    for (const bad of [
      {},
      { evaluations: [] },
      { evaluations: [{ value: "true" }] },
      { evaluations: [{ token: "t2", value: true }] },
    ])
      expect(() => permissionBatchAnswers(bad, checks, op)).toThrow(/malformed answer/);
    expect(() => permissionBatchBody(Array.from({ length: 201 }, () => checks[0]))).toThrow(/at most 200/);
  });
});
