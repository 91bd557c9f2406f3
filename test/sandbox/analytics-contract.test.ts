import { ProgrammeOptions } from "../../sandbox/generator";
import { SAMPLE_PAT, WORK_ONLY_PAT } from "../../sandbox/generator/tokens";
import { ALL_ROUTES } from "../../sandbox/routes";
import { startSandbox } from "../../sandbox/server";
import { TOKEN, minimalState } from "./support/minimal-state";
import {
  AnalyticsSandbox,
  ODataPage,
  applyUrl,
  basicAuth,
  control,
  getUrl,
  readAll,
  startAnalyticsSandbox,
} from "./support/analytics";

/**
 * The sandbox's Analytics (OData v4.0-preview) against what Microsoft documents: property names and types, the
 * answer's shape, server-driven paging, `$batch`, the long-URL refusal, throttling, scopes, the off switch and the
 * errors. The documentation pages are MicrosoftDocs/azure-devops-docs, docs/report/… (named per table below).
 */

const OPTIONS: ProgrammeOptions = { seed: 1, scale: 0.05, today: "2025-06-01" };
let env: AnalyticsSandbox;
beforeAll(async () => {
  env = await startAnalyticsSandbox(OPTIONS);
});
afterAll(() => env.sandbox.close());
afterEach(async () => {
  env.sandbox.env.faults.set({});
  await control(env.sandbox, "PUT", "analytics", {});
});

const registry = () => env.programme.settings.registry;
const entry = (key: string) => registry().find((e) => `${e.mpid}-${e.roleCode}` === key)!;
const edgeIds = (kind: string) => env.programme.summary.edgeCases.find((e) => e.kind === kind)!.ids;

/**
 * Documented properties and their types, by entity type. Sources:
 * - TestPointHistorySnapshot, TestSuite: analytics/entity-reference-test-plans.md ("TestPointHistorySnapshot",
 *   "TestSuites"; keys TestPointSK and DateSK). `IsActive` is not in that table: the sandbox adds it.
 * - WorkItemSnapshot: analytics/entity-reference-boards.md ("Shared properties across several entity types",
 *   "Navigation properties"); DateValue from extend-analytics/querying-for-trend-data.md and
 *   powerbi/sample-boards-bugtrend.md. The table types Severity as Double, but its values are text
 *   (`1 - Critical`), which is what the sandbox serves.
 * - Area: entity-reference-boards.md ("Area path properties"); CalendarDate: entity-reference-general.md.
 */
const DOCUMENTED: Record<string, Record<string, string>> = {
  TestPointHistorySnapshot: {
    TestPointSK: "Edm.Int32",
    DateSK: "Edm.Int32",
    TestPlanId: "Edm.Int32",
    TestSuiteId: "Edm.Int32",
    TestCaseId: "Edm.Int32",
    TestConfigurationId: "Edm.Int32",
    TestConfigurationSK: "Edm.Int32",
    ResultOutcome: "Microsoft.VisualStudio.Services.Analytics.Model.TestOutcome",
    IsLastDayOfPeriod: "Microsoft.VisualStudio.Services.Analytics.Model.Period",
    TesterUserSK: "Edm.Guid",
    AssignedToUserSK: "Edm.Guid",
    IsActive: "Edm.Boolean",
  },
  TestSuite: {
    TestSuiteId: "Edm.Int32",
    TestPlanId: "Edm.Int32",
    TestPlanTitle: "Edm.String",
    Title: "Edm.String",
    IdLevel1: "Edm.Int32",
    IdLevel2: "Edm.Int32",
    IdLevel14: "Edm.Int32",
    TitleLevel1: "Edm.String",
    Depth: "Edm.Int32",
    Type: "Microsoft.VisualStudio.Services.Analytics.Model.TestSuiteType",
  },
  WorkItemSnapshot: {
    WorkItemId: "Edm.Int32",
    Revision: "Edm.Int32",
    DateSK: "Edm.Int32",
    DateValue: "Edm.DateTimeOffset",
    Title: "Edm.String",
    WorkItemType: "Edm.String",
    State: "Edm.String",
    StateCategory: "Edm.String",
    Reason: "Edm.String",
    TagNames: "Edm.String",
    Severity: "Edm.String",
    Priority: "Edm.Int32",
    CreatedDate: "Edm.DateTimeOffset",
    CreatedDateSK: "Edm.Int32",
    ChangedDate: "Edm.DateTimeOffset",
    ChangedDateSK: "Edm.Int32",
    RevisedDate: "Edm.DateTimeOffset",
    RevisedDateSK: "Edm.Int32",
    AreaSK: "Edm.Guid",
    ProjectSK: "Edm.Guid",
    IsLastDayOfPeriod: "Microsoft.VisualStudio.Services.Analytics.Model.Period",
    Custom_QTSeverity: "Edm.String",
  },
  Area: { AreaPath: "Edm.String", AreaName: "Edm.String", AreaLevel1: "Edm.String", AreaLevel14: "Edm.String" },
  CalendarDate: {
    DateSK: "Edm.Int32",
    Date: "Edm.DateTimeOffset",
    DayName: "Edm.String",
    DayOfMonth: "Edm.Int32",
    Month: "Edm.String",
    MonthOfYear: "Edm.Int32",
    Year: "Edm.Int32",
    YearMonth: "Edm.Int32",
  },
};

/** Navigation properties (the same pages' "Navigation properties" tables): name → target entity type. */
const NAVIGATIONS: Record<string, Record<string, string>> = {
  TestPointHistorySnapshot: {
    Date: "CalendarDate",
    TestSuite: "TestSuite",
    TestConfiguration: "TestConfiguration",
    Project: "Project",
  },
  WorkItemSnapshot: { Date: "CalendarDate", Area: "Area", Iteration: "Iteration", Project: "Project" },
};

function entityTypes(xml: string): Map<string, { props: Map<string, string>; navs: Map<string, string> }> {
  const types = new Map<string, { props: Map<string, string>; navs: Map<string, string> }>();
  for (const m of xml.matchAll(/<EntityType Name="(\w+)">([\s\S]*?)<\/EntityType>/g)) {
    const props = new Map([...m[2].matchAll(/<Property Name="(\w+)" Type="([\w.]+)"/g)].map((p) => [p[1], p[2]]));
    const navs = new Map(
      [...m[2].matchAll(/<NavigationProperty Name="(\w+)" Type="[\w.]*\.(\w+)"/g)].map((p) => [p[1], p[2]]),
    );
    types.set(m[1], { props, navs });
  }
  return types;
}

describe("the data model", () => {
  it("names and types the documented properties and navigations in $metadata", async () => {
    const res = await fetch(`${env.root}/$metadata`, { headers: basicAuth() });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/xml/);
    const types = entityTypes(await res.text());
    for (const [type, props] of Object.entries(DOCUMENTED)) {
      for (const [name, edm] of Object.entries(props))
        expect([type, name, types.get(type)?.props.get(name)]).toEqual([type, name, edm]);
    }
    for (const [type, navs] of Object.entries(NAVIGATIONS)) {
      for (const [name, target] of Object.entries(navs))
        expect([type, name, types.get(type)?.navs.get(name)]).toEqual([type, name, target]);
    }
    // HTML fields are not in Analytics (entity-reference-boards.md: "except for HTML/rich-text and History fields").
    expect(types.get("WorkItemSnapshot")?.props.has("Custom_ImpactAssessment")).toBe(false);
  });

  it("serves rows whose values have the documented types", async () => {
    const apply =
      "filter(DateSK ge 20250525)/groupby((TestPointSK, DateSK, TestPlanId, TestSuiteId, TestCaseId, TestConfigurationId, ResultOutcome, IsActive, IsLastDayOfPeriod, TesterUserSK, TestSuite/Title, TestSuite/IdLevel1, TestSuite/IdLevel2, Date/DayName), aggregate($count as Count))";
    const { status, json } = await getUrl(applyUrl(env.root, "TestPointHistorySnapshot", apply, "&$top=40"));
    expect(status).toBe(200);
    expect(json.value.length).toBe(40);
    for (const row of json.value) {
      expect(row).toMatchObject({
        "@odata.id": null,
        TestPointSK: expect.any(Number),
        DateSK: expect.any(Number),
        TestPlanId: expect.any(Number),
        TestSuiteId: expect.any(Number),
        TestCaseId: expect.any(Number),
        TestConfigurationId: expect.any(Number),
        ResultOutcome: expect.stringMatching(/^(None|Passed|Failed|Blocked|NotApplicable|InProgress|Paused)$/),
        IsActive: expect.any(Boolean),
        IsLastDayOfPeriod: expect.stringMatching(/^(All|Day(, \w+)*)$/),
        TesterUserSK: expect.stringMatching(/^[0-9a-f-]{36}$/),
        Count: 1,
        TestSuite: {
          "@odata.id": null,
          Title: expect.any(String),
          IdLevel1: expect.any(Number),
          IdLevel2: expect.any(Number),
        },
        Date: { "@odata.id": null, DayName: expect.stringMatching(/day$/) },
      });
      expect(String(row.DateSK)).toMatch(/^2025(05(2[5-9]|3[01])|0601)$/);
    }
    // Keys in group order, then the aggregates, then the navigation groups (as aggregated-data-analytics.md shows).
    expect(Object.keys(json.value[0])).toEqual([
      "@odata.id",
      "TestPointSK",
      "DateSK",
      "TestPlanId",
      "TestSuiteId",
      "TestCaseId",
      "TestConfigurationId",
      "ResultOutcome",
      "IsActive",
      "IsLastDayOfPeriod",
      "TesterUserSK",
      "Count",
      "TestSuite",
      "Date",
    ]);
  });

  it("writes dates with the organisation's (UK) offset, and DateValue at the day's midnight", async () => {
    const apply = `filter(WorkItemType eq 'Bug' and (DateSK eq 20250101 or DateSK eq 20250601))/groupby((DateSK, DateValue, Date/Date, Date/Month, Date/YearMonth), aggregate($count as Count))`;
    const { json } = await getUrl(applyUrl(env.root, "WorkItemSnapshot", apply));
    expect(json.value.map((r) => [r.DateSK, r.DateValue, r.Date])).toEqual([
      [
        20250101,
        "2025-01-01T00:00:00Z",
        { "@odata.id": null, Date: "2025-01-01T00:00:00Z", Month: "Jan 2025", YearMonth: 202501 },
      ],
      [
        20250601,
        "2025-06-01T00:00:00+01:00",
        { "@odata.id": null, Date: "2025-06-01T00:00:00+01:00", Month: "Jun 2025", YearMonth: 202506 },
      ],
    ]);
  });
});

describe("the answer", () => {
  it("has the OData context, the rows with @odata.id null, and OData headers", async () => {
    const apply =
      "filter(TestPlanId eq 1 and DateSK eq 20250601)/groupby((DateSK, TestSuite/TestPlanId, ResultOutcome), aggregate($count as Count, cast(ResultOutcome eq 'Passed', Edm.Int32) with sum as Passed))";
    const { status, headers, json } = await getUrl(applyUrl(env.root, "TestPointHistorySnapshot", apply));
    expect(status).toBe(200);
    expect(headers.get("content-type")).toMatch(/^application\/json; odata.metadata=minimal/);
    expect(headers.get("odata-version")).toBe("4.0");
    expect(json["@odata.context"]).toBe(
      `${env.root}/$metadata#TestPointHistorySnapshot(DateSK,TestSuite(TestPlanId),ResultOutcome,Count,Passed)`,
    );
    expect(json["@odata.nextLink"]).toBeUndefined();
    expect(json.value).toEqual([
      {
        "@odata.id": null,
        DateSK: 20250601,
        ResultOutcome: "Passed",
        Count: expect.any(Number),
        Passed: expect.any(Number),
        TestSuite: { "@odata.id": null, TestPlanId: 1 },
      },
    ]);
    expect(json.value[0].Passed).toBe(json.value[0].Count);
  });

  it("answers an aggregate without groupby with one row, even over no rows", async () => {
    const { json } = await getUrl(
      applyUrl(env.root, "WorkItemSnapshot", "filter(WorkItemType eq 'Nope')/aggregate($count as Count)"),
    );
    expect(json["@odata.context"]).toBe(`${env.root}/$metadata#WorkItemSnapshot(Count)`);
    expect(json.value).toEqual([{ "@odata.id": null, Count: 0 }]);
  });

  it("gives a null group key as null (a defect without a QT severity)", async () => {
    const [missing] = edgeIds("missing-severity");
    const apply = `filter(WorkItemId eq ${missing} and DateSK eq 20250601)/groupby((DateSK, Custom_QTSeverity, Severity), aggregate($count as Count))`;
    const { json } = await getUrl(applyUrl(env.root, "WorkItemSnapshot", apply));
    expect(json.value).toEqual([
      { "@odata.id": null, DateSK: 20250601, Custom_QTSeverity: null, Severity: "2 - High", Count: 1 },
    ]);
  });

  it("answers the product's burn-up and burn-down queries, percent-encoded as a client sends them", async () => {
    const oakh = entry("OAKH-R");
    const plan = env.sandbox.env.state().projects[0].plans.get(oakh.testPlans[0].planId)!;
    const suites = env.sandbox.env.state().projects[0].suites.get(plan.rootSuiteId)!.childSuiteIds;
    const burnUp = `filter(DateSK ge 20240601 and DateSK le 20250601 and ((TestPlanId eq ${plan.id} and TestSuiteId in (${suites.join(", ")})) or (TestPlanId eq 9999 and TestSuiteId in (10))))/groupby((DateSK, ResultOutcome), aggregate($count as Count))`;
    const up = await getUrl(`${env.root}/TestPointHistorySnapshot?%24apply=${encodeURIComponent(burnUp)}`);
    expect(up.status).toBe(200);
    expect(up.json.value.length).toBeGreaterThan(10);
    const burnDown = (extra: string) =>
      `filter(DateSK ge 20240601 and DateSK le 20250601 and WorkItemType in ('Bug') and (Area/AreaPath eq 'MHHS QT\\non-sit-ldso\\OAKH-R' or startswith(Area/AreaPath, 'MHHS QT\\non-sit-ldso\\OAKH-R\\'))${extra})/groupby((DateSK, WorkItemType, State, StateCategory, Custom_QTSeverity), aggregate($count as Count))`;
    const down = await getUrl(`${env.root}/WorkItemSnapshot?%24apply=${encodeURIComponent(burnDown(""))}`);
    expect(down.status).toBe(200);
    expect(down.json.value.length).toBeGreaterThan(0);
    expect(down.json.value[0]).toEqual({
      "@odata.id": null,
      DateSK: expect.any(Number),
      WorkItemType: "Bug",
      State: expect.any(String),
      StateCategory: expect.stringMatching(/^(Proposed|InProgress|Resolved|Completed|Removed)$/),
      Custom_QTSeverity: expect.any(String),
      Count: expect.any(Number),
    });
    // With tags and a field in the scope: valid (the field exists), and OAKH-R's defects carry no such value.
    const scoped = await getUrl(
      applyUrl(
        env.root,
        "WorkItemSnapshot",
        burnDown(" and contains(TagNames, 'OAKH-R') and Custom_QTParticipantRole eq 'OAKH-R'"),
      ),
    );
    expect(scoped.status).toBe(200);
    expect(scoped.json.value).toEqual([]);
    const tagged = await getUrl(applyUrl(env.root, "WorkItemSnapshot", burnDown(" and contains(TagNames, 'oakh-r')")));
    expect(tagged.json.value).toEqual(down.json.value);
  });
});

describe("server-driven paging", () => {
  const apply =
    "filter(WorkItemType eq 'Bug' and DateSK ge 20250101)/groupby((DateSK, State), aggregate($count as Count))";

  it("pages at the size set through the control API; following every next link gives the one-page rows", async () => {
    const url = applyUrl(env.root, "WorkItemSnapshot", apply);
    const whole = await readAll(url);
    expect(whole.pages).toBe(1);
    expect(whole.rows.length).toBeGreaterThan(300);

    await control(env.sandbox, "PUT", "analytics", { analyticsPageSize: 37 });
    expect(await control(env.sandbox, "GET", "analytics")).toEqual({
      analyticsEnabled: true,
      analyticsPageSize: 37,
      analyticsToday: "2025-06-01",
    });
    env.sandbox.env.log.clear();
    const first = await getUrl(url);
    expect(first.json.value.length).toBe(37);
    const next = first.json["@odata.nextLink"]!;
    expect(next.startsWith(`${env.root}/WorkItemSnapshot?$apply=`)).toBe(true);
    expect(next).toMatch(/&\$skiptoken=[A-Za-z0-9_-]+$/);
    expect(first.json["@odata.context"]).toBe(`${env.root}/$metadata#WorkItemSnapshot(DateSK,State,Count)`);

    const paged = await readAll(url);
    expect(paged.pages).toBe(Math.ceil(whole.rows.length / 37));
    expect(paged.rows).toEqual(whole.rows);
    // Every page is a request in the log.
    const logged = env.sandbox.env.log.list().filter((e) => e.url.includes("/_odata/"));
    expect(logged.length).toBe(1 + paged.pages);
    expect(logged.every((e) => e.status === 200)).toBe(true);
  });

  it("refuses a skip token it did not hand out for this query", async () => {
    await control(env.sandbox, "PUT", "analytics", { analyticsPageSize: 5 });
    const first = await getUrl(applyUrl(env.root, "WorkItemSnapshot", apply));
    const token = /\$skiptoken=([^&]+)$/.exec(first.json["@odata.nextLink"]!)![1];
    const tampered = await getUrl(
      `${applyUrl(env.root, "WorkItemSnapshot", apply)}&$skiptoken=${token.slice(0, -2)}xx`,
    );
    expect(tampered.status).toBe(400);
    expect(tampered.json).toEqual({
      error: { code: "0", message: expect.stringMatching(/^VS403906: The \$skiptoken/) },
    });
    const other = await getUrl(
      `${applyUrl(env.root, "WorkItemSnapshot", apply.replace("20250101", "20250102"))}&$skiptoken=${token}`,
    );
    expect(other.status).toBe(400);
    expect((await getUrl(`${applyUrl(env.root, "WorkItemSnapshot", apply)}&$skiptoken=10000`)).status).toBe(400);
  });

  it("applies $orderby, $skip and $top to the aggregated rows", async () => {
    const url = applyUrl(env.root, "WorkItemSnapshot", apply);
    const all = (await getUrl(url)).json.value;
    const top = await getUrl(`${url}&$orderby=${encodeURIComponent("Count desc, DateSK")}&$skip=2&$top=3`);
    const expected = [...all]
      .sort((a, b) => (b.Count as number) - (a.Count as number) || (a.DateSK as number) - (b.DateSK as number))
      .slice(2, 5);
    expect(top.json.value).toEqual(expected);
  });
});

/** A `$batch` body as the OData spec frames it: CRLF lines, one application/http part. */
function batchBody(boundary: string, targets: string[]): string {
  const parts = targets.flatMap((target) => [
    `--${boundary}`,
    "Content-Type: application/http",
    "Content-Transfer-Encoding: binary",
    "",
    `GET ${target} HTTP/1.1`,
    "Accept: application/json",
    "",
    "",
  ]);
  return [...parts, `--${boundary}--`, ""].join("\r\n");
}

async function postBatch(body: string, boundary: string, token = SAMPLE_PAT, url = `${env.root}/$batch`) {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      ...basicAuth(token),
      "content-type": `multipart/mixed; boundary=${boundary}`,
      accept: "multipart/mixed",
    },
    body,
  });
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text: await res.text() };
}

describe("$batch", () => {
  const apply = "filter(TestPlanId eq 1)/groupby((DateSK, ResultOutcome), aggregate($count as Count))";

  it("answers the one GET inside in the OData batch wire format", async () => {
    const url = applyUrl(env.root, "TestPointHistorySnapshot", apply);
    const direct = await getUrl(url);
    const boundary = "batch_2af9a11e-9dec-4266-a3ab-0db9d10fb55a";
    const answer = await postBatch(batchBody(boundary, [url]), boundary);
    expect(answer.status).toBe(200);
    const m = /^multipart\/mixed; boundary=(batchresponse_[0-9a-f-]{36})$/.exec(answer.contentType);
    expect(m).not.toBeNull();
    const b = m![1];
    const lines = answer.text.split("\r\n");
    expect(lines.slice(0, 8)).toEqual([
      `--${b}`,
      "Content-Type: application/http",
      "Content-Transfer-Encoding: binary",
      "",
      "HTTP/1.1 200 OK",
      "Content-Type: application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8",
      "OData-Version: 4.0",
      "",
    ]);
    expect(lines.slice(9)).toEqual([`--${b}--`, ""]);
    expect(JSON.parse(lines[8])).toEqual(direct.json);
  });

  it("takes a URL relative to the service root, and the inner query's error as the part's status", async () => {
    const boundary = "batch_relative";
    const relative = await postBatch(
      batchBody(boundary, [`TestPointHistorySnapshot?$apply=${encodeURIComponent(apply)}`]),
      boundary,
    );
    expect([relative.status, relative.text]).toEqual([200, expect.any(String)]);
    expect(relative.text).toContain("HTTP/1.1 200 OK\r\n");
    const failing = await postBatch(
      batchBody(boundary, [`TestPointHistorySnapshot?$apply=filter(Nope eq 1)`]),
      boundary,
    );
    expect(failing.status).toBe(200);
    const [, status, body] = /HTTP\/1\.1 (\d{3}) [^\r]*\r\n(?:[^\r]+\r\n)*\r\n([^\r]*)\r\n/.exec(failing.text)!;
    expect(status).toBe("400");
    expect(JSON.parse(body)).toEqual({ error: { code: "0", message: expect.stringMatching(/^VS403901: .*'Nope'/) } });
  });

  it("pages inside $batch too: a batched next link gives the next page", async () => {
    const url = applyUrl(env.root, "TestPointHistorySnapshot", apply);
    const whole = (await getUrl(url)).json.value;
    await control(env.sandbox, "PUT", "analytics", { analyticsPageSize: 50 });
    const boundary = "batch_pages";
    const rows: Record<string, unknown>[] = [];
    let next: string | undefined = url;
    let pages = 0;
    while (next) {
      const answer = await postBatch(batchBody(boundary, [next]), boundary);
      const page = JSON.parse(answer.text.split("\r\n")[8]) as ODataPage;
      rows.push(...page.value);
      next = page["@odata.nextLink"];
      pages++;
    }
    expect(pages).toBe(Math.ceil(whole.length / 50));
    expect(rows).toEqual(whole);
  });

  it("refuses more than one query per batch, as the documentation says", async () => {
    const url = applyUrl(env.root, "TestPointHistorySnapshot", apply);
    const boundary = "batch_two";
    const answer = await postBatch(batchBody(boundary, [url, url]), boundary);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual({
      error: {
        code: "0",
        message: expect.stringContaining(
          "Analytics doesn't support processing of multiple operations which the current batch message contains.",
        ),
      },
    });
    const notMultipart = await fetch(`${env.root}/$batch`, {
      method: "POST",
      headers: { ...basicAuth(), "content-type": "application/json" },
      body: "{}",
    });
    expect(notMultipart.status).toBe(400);
  });

  it("is the way past the 3,000-character limit on GET URLs, which answer a bare 404", async () => {
    const suites = Array.from({ length: 700 }, (_, i) => i + 1).join(", ");
    const long = `filter(TestPlanId eq 1 and TestSuiteId in (${suites}))/groupby((DateSK), aggregate($count as Count))`;
    const url = applyUrl(env.root, "TestPointHistorySnapshot", long);
    expect(url.length).toBeGreaterThan(3000);
    const refused = await fetch(url, { headers: basicAuth() });
    expect(refused.status).toBe(404);
    expect(refused.headers.get("content-length")).toBe("0");
    expect(await refused.text()).toBe("");

    const boundary = "batch_long";
    const batched = await postBatch(batchBody(boundary, [url]), boundary);
    expect(batched.status).toBe(200);
    const body = batched.text.split("\r\n")[8];
    expect((JSON.parse(body) as ODataPage).value.length).toBeGreaterThan(100);
    // The limit is on the path and query as sent: one just under it is served.
    const sent = (u: string) => u.length - env.sandbox.url.length;
    let fits = url;
    while (sent(fits) > 3000) fits = fits.replace(/%2C%20\d+(\)\)%2Fgroupby)/, "$1");
    expect(sent(fits)).toBeGreaterThan(2990);
    expect((await fetch(fits, { headers: basicAuth() })).status).toBe(200);
  });
});

describe("throttling, scopes and the off switch", () => {
  const url = () => applyUrl(env.root, "WorkItemSnapshot", "groupby((DateSK), aggregate($count as Count))");

  it("is faulted like every route: 429 with Retry-After, limited by pathPattern, and logged", async () => {
    env.sandbox.env.faults.set({ throttleRate: 1, retryAfterSeconds: 7, pathPattern: "/_odata/" });
    env.sandbox.env.log.clear();
    const throttled = await fetch(url(), { headers: basicAuth() });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("7");
    const projects = await fetch(`${env.sandbox.orgUrl}/_apis/projects?api-version=7.1`, { headers: basicAuth() });
    expect(projects.status).toBe(200);
    expect(env.sandbox.env.log.list().map((e) => [e.status, e.fault, e.url.includes("/_odata/")])).toEqual([
      [429, "throttle", true],
      [200, undefined, false],
    ]);
  });

  it("needs the scope vso.analytics: a vso.work token is refused with TF400813", async () => {
    const refused = await getUrl(url(), WORK_ONLY_PAT);
    expect(refused.status).toBe(401);
    expect(refused.text).toMatch(/TF400813: .* The token does not grant the scope vso\.analytics\./);
    const boundary = "batch_scope";
    expect((await postBatch(batchBody(boundary, [url()]), boundary, WORK_ONLY_PAT)).status).toBe(401);
    expect((await getUrl(url())).status).toBe(200);
  });

  it("answers 404 'Analytics is not available' when switched off through the control API", async () => {
    await control(env.sandbox, "PUT", "analytics", { analyticsEnabled: false });
    const off = await getUrl(url());
    expect(off.status).toBe(404);
    expect(off.json).toEqual({
      error: {
        code: "0",
        message: expect.stringMatching(/^VS403908: Analytics is not available for this project collection/),
      },
    });
    const boundary = "batch_off";
    expect((await postBatch(batchBody(boundary, [url()]), boundary)).status).toBe(404);
    expect((await fetch(`${env.root}/$metadata`, { headers: basicAuth() })).status).toBe(404);
    await control(env.sandbox, "PUT", "analytics", { analyticsEnabled: true });
    expect((await getUrl(url())).status).toBe(200);
  });

  it("can start switched off (server option), and refuses bad control settings", async () => {
    const off = await startSandbox({ state: minimalState(), routes: ALL_ROUTES, analytics: { enabled: false } });
    try {
      const res = await getUrl(
        applyUrl(
          `${off.orgUrl}/QT/_odata/v4.0-preview`,
          "WorkItemSnapshot",
          "groupby((DateSK), aggregate($count as Count))",
        ),
        TOKEN,
      );
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ error: { code: "0", message: expect.stringMatching(/^VS403908: /) } });
    } finally {
      await off.close();
    }
    for (const body of [{ analyticsPageSize: 0 }, { analyticsEnabled: "no" }, { pageSize: 5 }]) {
      const res = await fetch(`${env.sandbox.url}/_sandbox/analytics`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
    }
  });
});

describe("errors", () => {
  const cases: [string, string, number, string, RegExp][] = [
    [
      "no aggregation: $filter",
      "WorkItemSnapshot?$filter=State eq 'Active'",
      400,
      "VS403904",
      /The Snapshot tables in Analytics are intended to be used only in an aggregation\.$/,
    ],
    [
      "no aggregation: filter only",
      "WorkItemSnapshot?$apply=filter(State eq 'Active')",
      400,
      "VS403904",
      /only in an aggregation/,
    ],
    ["no query at all", "TestPointHistorySnapshot", 400, "VS403904", /only in an aggregation/],
    [
      "unknown property",
      "WorkItemSnapshot?$apply=filter(Nope eq 1)/aggregate($count as Count)",
      400,
      "VS403901",
      /Could not find a property named 'Nope' on type 'Microsoft\.VisualStudio\.Services\.Analytics\.Model\.WorkItemSnapshot'/,
    ],
    [
      "unknown navigation property",
      "TestPointHistorySnapshot?$apply=filter(TestSuite/Nope eq 1)/aggregate($count as Count)",
      400,
      "VS403901",
      /'Nope' on type '.*\.TestSuite'/,
    ],
    [
      "unknown group key",
      "TestPointHistorySnapshot?$apply=groupby((Outcome), aggregate($count as Count))",
      400,
      "VS403901",
      /'Outcome'/,
    ],
    [
      "a navigation as a value",
      "WorkItemSnapshot?$apply=filter(Date ge 2025-01-01Z)/aggregate($count as Count)",
      400,
      "VS403903",
      /'Date' is a navigation property/,
    ],
    [
      "unbalanced parentheses",
      "WorkItemSnapshot?$apply=filter((State eq 'Active')/aggregate($count as Count)",
      400,
      "VS403900",
      /Syntax error at position/,
    ],
    [
      "unterminated string",
      "WorkItemSnapshot?$apply=filter(State eq 'Active)/aggregate($count as Count)",
      400,
      "VS403900",
      /unterminated string/,
    ],
    [
      "a transformation it does not play",
      "WorkItemSnapshot?$apply=groupby((DateSK), aggregate($count as Count))/compute(Count mul 2 as Twice)",
      400,
      "VS403902",
      /A transformation after the aggregation/,
    ],
    ["compute", "WorkItemSnapshot?$apply=compute(1 as One)/aggregate($count as Count)", 400, "VS403902", /'compute'/],
    [
      "a function it does not play",
      "WorkItemSnapshot?$apply=filter(length(Title) gt 3)/aggregate($count as Count)",
      400,
      "VS403902",
      /'length'/,
    ],
    [
      "a property aggregate",
      "WorkItemSnapshot?$apply=aggregate(Priority with sum as Total)",
      400,
      "VS403902",
      /Aggregating a property/,
    ],
    [
      "countdistinct",
      "WorkItemSnapshot?$apply=aggregate(countdistinct(WorkItemId) as N)",
      400,
      "VS403902",
      /count distinct/,
    ],
    [
      "$select with $apply",
      "WorkItemSnapshot?$apply=aggregate($count as Count)&$select=State",
      400,
      "VS403902",
      /'\$select'/,
    ],
    [
      "incompatible types",
      "WorkItemSnapshot?$apply=filter(DateSK eq 'x')/aggregate($count as Count)",
      400,
      "VS403903",
      /incompatible types.*'Edm\.Int32' and 'Edm\.String'/,
    ],
    [
      "an enum value that does not exist",
      "TestPointHistorySnapshot?$apply=filter(ResultOutcome eq 'Passd')/aggregate($count as Count)",
      400,
      "VS403903",
      /'Passd' is not a valid enumerated type constant/,
    ],
    [
      "a date without offset",
      "WorkItemSnapshot?$apply=filter(DateValue ge 2025-01-01)/aggregate($count as Count)",
      400,
      "VS403905",
      /No datetime offset was specified/,
    ],
    [
      "an unknown entity set",
      "WorkItems?$apply=aggregate($count as Count)",
      404,
      "VS403909",
      /Resource not found for the segment 'WorkItems'/,
    ],
  ];

  it.each(cases)("%s", async (_name, path, status, code, message) => {
    const answer = await getUrl<{ error: { code: string; message: string } }>(
      `${env.root}/${path.replace(/ /g, "%20")}`,
    );
    expect(answer.status).toBe(status);
    expect(answer.json.error.code).toBe("0");
    expect(answer.json.error.message.startsWith(`${code}: `)).toBe(true);
    expect(answer.json.error.message).toMatch(message);
  });

  it("answers 410 for an OData version it does not serve, with the documented message", async () => {
    const answer = await getUrl<{ error: { message: string } }>(
      `${env.sandbox.orgUrl}/MHHS%20QT/_odata/v2.0/WorkItemSnapshot?$apply=aggregate($count%20as%20Count)`,
    );
    expect(answer.status).toBe(410);
    expect(answer.json.error.message).toContain("The v2.0 OData endpoint for Analytics is not supported.");
  });

  it("accepts the documented forms: date-times with offsets, enum literals, has, in, not, case-insensitive strings", async () => {
    const count = async (entitySet: string, filter: string) => {
      const answer = await getUrl(applyUrl(env.root, entitySet, `filter(${filter})/aggregate($count as Count)`));
      expect([filter, answer.status]).toEqual([filter, 200]);
      return answer.json.value[0].Count as number;
    };
    const bugsToday = await count("WorkItemSnapshot", "WorkItemType eq 'Bug' and DateSK eq 20250601");
    expect(bugsToday).toBeGreaterThan(0);
    // Property names are case-sensitive; string values are not.
    const misspelt = applyUrl(env.root, "WorkItemSnapshot", "filter(workitemtype eq 'Bug')/aggregate($count as Count)");
    expect((await getUrl(misspelt)).status).toBe(400);
    expect(await count("WorkItemSnapshot", "WorkItemType eq 'BUG' and DateSK eq 20250601")).toBe(bugsToday);
    expect(await count("WorkItemSnapshot", "WorkItemType eq 'Bug' and DateValue ge 2025-06-01T00:00:00+01:00")).toBe(
      bugsToday,
    );
    // Midnight UTC is 01:00 BST: 1 June (BST) starts before it.
    expect(await count("WorkItemSnapshot", "WorkItemType eq 'Bug' and DateValue ge 2025-06-01Z")).toBe(0);
    expect(await count("WorkItemSnapshot", "WorkItemType eq 'Bug' and Date/Date eq 2025-05-31T23:00:00Z")).toBe(
      bugsToday,
    );
    expect(
      await count(
        "WorkItemSnapshot",
        "WorkItemType eq 'Bug' and IsLastDayOfPeriod has Microsoft.VisualStudio.Services.Analytics.Model.Period'Month' and DateSK ge 20250501",
      ),
    ).toBe(bugsToday + (await count("WorkItemSnapshot", "WorkItemType eq 'Bug' and DateSK eq 20250531")));
    expect(
      await count(
        "WorkItemSnapshot",
        "WorkItemType eq 'Bug' and not (DateSK lt 20250601) and State in ('New', 'Active', 'Resolved', 'Closed', 'Removed')",
      ),
    ).toBe(bugsToday);
    expect(
      await count(
        "TestPointHistorySnapshot",
        "ResultOutcome eq Microsoft.VisualStudio.Services.Analytics.Model.TestOutcome'Passed' and DateSK eq 20250601",
      ),
    ).toBe(await count("TestPointHistorySnapshot", "ResultOutcome eq 'passed' and DateSK eq 20250601"));
    expect(await count("WorkItemSnapshot", "tolower(Title) eq toupper(Title) and WorkItemId eq -1")).toBe(0);
    // 25 May and 1 June 2025 are Sundays.
    expect(
      await count("WorkItemSnapshot", "Date/DayName eq 'Sunday' and DateSK ge 20250525 and WorkItemType eq 'Bug'"),
    ).toBe(bugsToday + (await count("WorkItemSnapshot", "WorkItemType eq 'Bug' and DateSK eq 20250525")));
  });
});
