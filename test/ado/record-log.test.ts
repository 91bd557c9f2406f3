import { RawRevision, RevisionBatch } from "../../src/ado/port";
import { createRecordLog } from "../../src/ado/record-log";

/**
 * The log of record revisions reads everything once, then only what was written since the watermark it ended on:
 * re-reading after a write costs one request, however many records there are.
 */

function fakeRevisions(pageSize: number) {
  const written: RawRevision[] = [];
  const calls: (string | undefined)[] = [];
  return {
    written,
    calls,
    write: (id: number, rev: number) => written.push({ id, rev, fields: { "System.Rev": rev } }),
    listWorkItemRevisions: async (
      _project: string,
      { continuationToken }: { types: string[]; continuationToken?: string },
    ): Promise<RevisionBatch> => {
      calls.push(continuationToken);
      const from = continuationToken === undefined ? 0 : Number(continuationToken);
      const items = written.slice(from, from + pageSize);
      const to = from + items.length;
      return { items, continuationToken: String(to), isLastBatch: to >= written.length };
    },
  };
}

describe("the record log", () => {
  it("pages through every revision once, then reads only what came since", async () => {
    const port = fakeRevisions(2);
    for (let id = 1; id <= 5; id++) port.write(id, 1);
    const log = createRecordLog(port, "MHHS", "QT Approval");
    const first = await log.histories();
    expect(first.map((h) => h.id)).toEqual([1, 2, 3, 4, 5]);
    expect(port.calls).toEqual([undefined, "2", "4"]);

    // Kept: asking again reads nothing.
    await log.histories();
    expect(port.calls).toHaveLength(3);

    // A write, then a refresh: one request, from the watermark.
    port.write(3, 2);
    const after = await log.refresh();
    expect(port.calls.slice(3)).toEqual(["5"]);
    expect(after.find((h) => h.id === 3)?.revisions.map((r) => r.rev)).toEqual([1, 2]);
  });

  it("runs one read at a time, and a failed read does not lose its place", async () => {
    const port = fakeRevisions(10);
    port.write(1, 1);
    let fail = false;
    const flaky = {
      listWorkItemRevisions: (project: string, options: { types: string[]; continuationToken?: string }) => {
        if (options.continuationToken === "1" && fail) {
          fail = false;
          return Promise.reject(new Error("HTTP 503"));
        }
        return port.listWorkItemRevisions(project, options);
      },
    };
    const log = createRecordLog(flaky, "MHHS", "QT Approval");
    const [a, b] = await Promise.all([log.refresh(), log.refresh()]);
    expect(a).toEqual(b);
    // The second waited for the first, then read from where it ended.
    expect(port.calls).toEqual([undefined, "1"]);
    port.write(2, 1);
    fail = true;
    await expect(log.refresh()).rejects.toThrow("HTTP 503");
    expect((await log.histories()).map((h) => h.id)).toEqual([1, 2]);
  });
});
