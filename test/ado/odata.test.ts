import { AdoRequestError } from "../../src/ado/errors";
import { analyticsBatch, analyticsGet, Answer } from "../../src/ado/analytics-wire";
import { readAnalytics } from "../../src/ado/analytics-reader";
import {
  analyticsBase,
  analyticsProperty,
  batchRequest,
  burnDownQuery,
  burnUpQuery,
  dateOfSk,
  parseBatchResponse,
  queryUrl,
} from "../../src/ado/odata";
import { AdoPort, ODataPage } from "../../src/ado/port";

describe("analyticsBase", () => {
  it("finds Analytics on its own host for Azure DevOps Services, under the collection for Server", () => {
    expect(analyticsBase("https://dev.azure.com/contoso/", "MHHS QT")).toBe(
      "https://analytics.dev.azure.com/contoso/MHHS%20QT/_odata/v4.0-preview",
    );
    expect(analyticsBase("https://contoso.visualstudio.com", "P")).toBe(
      "https://contoso.analytics.visualstudio.com/P/_odata/v4.0-preview",
    );
    expect(analyticsBase("https://tfs.example.org/tfs/Default", "P")).toBe(
      "https://tfs.example.org/tfs/Default/P/_odata/v4.0-preview",
    );
  });
});

describe("queries", () => {
  it("aggregates the burn-up on the server, by day and outcome, over the points' suites", () => {
    const q = burnUpQuery(
      [
        { planId: 9, suiteIds: [12, 10, 12] },
        { planId: 1, suiteIds: [2] },
      ],
      "2026-12-01",
      "2026-12-07",
    );
    expect(q.apply).toBe(
      "filter(DateSK ge 20261201 and DateSK le 20261207 and ((TestPlanId eq 9 and TestSuiteId in (10, 12)) or (TestPlanId eq 1 and TestSuiteId in (2))))/groupby((DateSK, ResultOutcome), aggregate($count as Count))",
    );
  });
  it("reads defects in the verdict's scope (UNDER an area, tags, a field), quoting every literal", () => {
    const q = burnDownQuery(
      ["Bug", "Defect's"],
      {
        areaPaths: ["MHHS QT\\T1\\ACME-X\\"],
        tags: ["QT"],
        field: { referenceName: "Custom.Participant", value: "O'K" },
      },
      "Custom.QTSeverity",
      "2026-12-01",
      "2026-12-07",
    );
    expect(q.apply).toBe(
      "filter(DateSK ge 20261201 and DateSK le 20261207 and WorkItemType in ('Bug', 'Defect''s') and (Area/AreaPath eq 'MHHS QT\\T1\\ACME-X' or startswith(Area/AreaPath, 'MHHS QT\\T1\\ACME-X\\')) and contains(TagNames, 'QT') and Custom_Participant eq 'O''K')/groupby((DateSK, WorkItemType, State, Custom_QTSeverity), aggregate($count as Count))",
    );
    expect(() => burnDownQuery(["Bug"], {}, "Custom.S", "2026-12-01", "2026-12-07")).toThrow(/scope is empty/);
  });
  it("names fields as Analytics does, and refuses what is not a reference name", () => {
    expect(analyticsProperty("Microsoft.VSTS.Common.Severity")).toBe("Severity");
    expect(analyticsProperty("Custom.QTSeverity")).toBe("Custom_QTSeverity");
    expect(() => analyticsProperty("x) or (1 eq 1")).toThrow();
    expect(dateOfSk(20261207)).toBe("2026-12-07");
    expect(dateOfSk("2026-12-07")).toBeUndefined();
  });
});

describe("$batch", () => {
  it("wraps one GET and reads the query's answer out of the multipart response", () => {
    const req = batchRequest("https://a/b/_odata/v4.0-preview/X?$apply=y", "batch_1");
    expect(req.contentType).toBe("multipart/mixed; boundary=batch_1");
    expect(req.body).toBe(
      "--batch_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nGET https://a/b/_odata/v4.0-preview/X?$apply=y HTTP/1.1\r\nAccept: application/json\r\n\r\n\r\n--batch_1--\r\n",
    );
    const answer =
      '--batchresponse_9\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json; odata.metadata=minimal\r\n\r\n{"value":[{"Count":1}]}\r\n--batchresponse_9--\r\n';
    const part = parseBatchResponse("multipart/mixed; boundary=batchresponse_9", answer);
    expect(part).toEqual({
      status: 200,
      headers: { "content-type": "application/json; odata.metadata=minimal" },
      body: '{"value":[{"Count":1}]}',
    });
  });

  it("turns the inner refusal into a classified error", async () => {
    const inner =
      '--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n{"error":{"code":"0","message":"VS403483: bad query"}}\r\n--b--\r\n';
    const send = async (): Promise<Answer> => ({
      status: 200,
      text: inner,
      header: (n: string) => (n.toLowerCase() === "content-type" ? "multipart/mixed; boundary=b" : undefined),
    });
    await expect(
      analyticsBatch(send, "https://x/_odata/v4.0-preview/$batch", "https://x/_odata/v4.0-preview/Y?q"),
    ).rejects.toMatchObject({
      kind: "bad-request",
      message: "VS403483: bad query",
    });
  });

  it("reads an OData error body on a plain GET, and Retry-After on a 429", async () => {
    const send = async (): Promise<Answer> => ({
      status: 429,
      text: "",
      header: (n: string) => (n.toLowerCase() === "retry-after" ? "3" : undefined),
    });
    const error = await analyticsGet(send, "https://x/P/_odata/v4.0-preview/Y").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdoRequestError);
    expect(error).toMatchObject({ kind: "throttled", details: { retryAfterMs: 3000, operation: "GET _odata/Y" } });
  });
});

describe("readAnalytics", () => {
  const base = "https://analytics.dev.azure.com/contoso/P/_odata/v4.0-preview";
  const endpoint = { base, batch: "https://analytics.dev.azure.com/contoso/_odata/v4.0-preview/$batch" };
  function fakePort(pages: Record<string, ODataPage>, log: string[]): AdoPort {
    return {
      orgUrl: "https://dev.azure.com/contoso",
      getAnalytics: async (url: string) => {
        log.push(`GET ${url}`);
        const page = pages[url];
        if (!page) throw new AdoRequestError("not-found", "no such page", { status: 404, operation: "GET" });
        return page;
      },
      batchAnalytics: async (batchUrl: string, url: string) => {
        log.push(`BATCH ${batchUrl} ${url.length}`);
        return { value: [{ Count: 1 }] };
      },
    } as unknown as AdoPort;
  }
  const call = <T>(_op: string, fn: () => Promise<T>) => fn();
  const query = burnUpQuery([{ planId: 1, suiteIds: [2] }], "2026-12-01", "2026-12-07");

  it("follows every next page", async () => {
    const first = queryUrl(base, query);
    const log: string[] = [];
    const port = fakePort(
      {
        [first]: { value: [{ Count: 1 }], nextLink: `${first}&$skiptoken=1` },
        [`${first}&$skiptoken=1`]: { value: [{ Count: 2 }] },
      },
      log,
    );
    const read = await readAnalytics({ port, call }, endpoint, query);
    expect(read.rows).toEqual([{ Count: 1 }, { Count: 2 }]);
    expect(read.requests).toBe(2);
    expect(log).toHaveLength(2);
  });

  it("never follows a next page off the project's Analytics", async () => {
    const first = queryUrl(base, query);
    const port = fakePort({ [first]: { value: [], nextLink: "https://evil.example/steal" } }, []);
    await expect(readAnalytics({ port, call }, endpoint, query)).rejects.toThrow(/outside the project's Analytics/);
  });

  it("posts a query over 3,000 characters to $batch", async () => {
    const long = burnUpQuery(
      [{ planId: 1, suiteIds: Array.from({ length: 600 }, (_, i) => 1000 + i) }],
      "2026-12-01",
      "2026-12-07",
    );
    const log: string[] = [];
    const read = await readAnalytics({ port: fakePort({}, log), call }, endpoint, long);
    expect(read.batched).toBe(true);
    expect(log[0]).toMatch(
      /^BATCH https:\/\/analytics\.dev\.azure\.com\/contoso\/_odata\/v4\.0-preview\/\$batch \d{4,}$/,
    );
  });
});

describe("readAnalytics, a long query's next page", () => {
  it("goes as a $batch too when its link would pass 3,000 characters", async () => {
    const base = "https://analytics.dev.azure.com/contoso/P/_odata/v4.0-preview";
    const endpoint = { base, batch: "https://analytics.dev.azure.com/contoso/_odata/v4.0-preview/$batch" };
    const long = burnUpQuery(
      [{ planId: 1, suiteIds: Array.from({ length: 600 }, (_, i) => 1000 + i) }],
      "2026-12-01",
      "2026-12-07",
    );
    const first = queryUrl(base, long);
    const log: string[] = [];
    const port = {
      orgUrl: "https://dev.azure.com/contoso",
      getAnalytics: async (url: string) => {
        log.push(`GET ${url.length}`);
        return { value: [] };
      },
      batchAnalytics: async (batchUrl: string, url: string) => {
        log.push(`BATCH ${url === first ? "first" : "next"}`);
        return url === first ? { value: [{ Count: 1 }], nextLink: `${first}&$skiptoken=2` } : { value: [{ Count: 2 }] };
      },
    } as unknown as AdoPort;
    const read = await readAnalytics({ port, call: (_op, fn) => fn() }, endpoint, long);
    expect(log).toEqual(["BATCH first", "BATCH next"]);
    expect(read.rows).toEqual([{ Count: 1 }, { Count: 2 }]);
  });
});
