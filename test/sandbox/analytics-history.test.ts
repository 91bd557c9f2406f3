import { analyticsToday, rememberToday } from "../../sandbox/analytics/today";
import { formatUkInstant, ukDayOf, ukMidnight, ukOffsetMs } from "../../sandbox/analytics/calendar";
import { dayNumber, ukDate } from "../../src/core/calendar";
import { RegistryEntry } from "../../src/core/settings";
import { minimalState } from "./support/minimal-state";
import {
  AnalyticsSandbox,
  applyUrl,
  basicAuth,
  control,
  dateSk,
  getUrl,
  readAll,
  startAnalyticsSandbox,
} from "./support/analytics";

/**
 * The daily history Analytics serves is derived from the live state: on the programme's today it is exactly what
 * the REST routes serve now, earlier days follow the results and revisions the sandbox keeps, and a change made
 * through the API shows on today's row.
 */

const TODAY = "2025-06-01";
const TODAY_SK = dateSk(TODAY);
let env: AnalyticsSandbox;
beforeAll(async () => {
  env = await startAnalyticsSandbox({ seed: 1, scale: 0.05, today: TODAY });
});
afterAll(() => env.sandbox.close());

const json = { ...basicAuth(), "content-type": "application/json", accept: "application/json;api-version=7.1" };
const projectUrl = () => `${env.sandbox.orgUrl}/${encodeURIComponent(env.project)}`;
const state = () => env.sandbox.env.state();
const key = (e: RegistryEntry) => `${e.mpid}-${e.roleCode}`;

/** Participant-roles with a plan: the first of each window, and the one with every edge case (HOLL-X). */
function sampleRoles(): RegistryEntry[] {
  const withPlans = env.programme.settings.registry.filter((e) => e.route === "QT" && e.testPlans.length > 0);
  const byWindow = new Map<string, RegistryEntry>();
  for (const e of withPlans) if (e.window && !byWindow.has(e.window)) byWindow.set(e.window, e);
  const roles = [...byWindow.values()];
  const matrix = withPlans.find((e) => key(e) === "HOLL-X");
  if (matrix && !roles.includes(matrix)) roles.push(matrix);
  return roles;
}

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Outcome counts of a plan's points as the testplan REST routes serve them (recursive from the root suite). */
async function restOutcomes(planId: number): Promise<Record<string, number>> {
  const plan = state().projects[0].plans.get(planId)!;
  const counts: Record<string, number> = {};
  let token: string | null = null;
  do {
    const query: string = `isRecursive=true&includePointDetails=true${token ? `&continuationToken=${encodeURIComponent(token)}` : ""}`;
    const res = await fetch(
      `${projectUrl()}/_apis/testplan/Plans/${planId}/Suites/${plan.rootSuiteId}/TestPoint?${query}`,
      { headers: json },
    );
    expect(res.status).toBe(200);
    const page = (await res.json()) as { value: { results: { outcome: string } }[] };
    for (const point of page.value)
      counts[pascal(point.results.outcome)] = (counts[pascal(point.results.outcome)] ?? 0) + 1;
    token = res.headers.get("x-ms-continuationtoken");
  } while (token);
  return counts;
}

/** Grouped rows as `{"a|b": count}`. */
function tally(rows: Record<string, unknown>[], keys: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of rows) {
    const k = keys.map((name) => String(row[name])).join("|");
    out[k] = (out[k] ?? 0) + (row.Count as number);
  }
  return out;
}

async function analyticsOutcomes(planId: number, day = TODAY_SK): Promise<Record<string, number>> {
  const apply = `filter(TestPlanId eq ${planId} and DateSK eq ${day})/groupby((ResultOutcome), aggregate($count as Count))`;
  const { rows } = await readAll(applyUrl(env.root, "TestPointHistorySnapshot", apply));
  return tally(rows, ["ResultOutcome"]);
}

/** State and QT severity of the bugs under an area, as WIQL and the work items batch serve them. */
async function restDefects(area: string): Promise<Record<string, number>> {
  const wiql = await fetch(`${projectUrl()}/_apis/wit/wiql?api-version=7.1`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({
      query: `SELECT [System.Id] FROM WorkItems WHERE [System.AreaPath] UNDER '${area}' AND [System.WorkItemType] = 'Bug'`,
    }),
  });
  expect(wiql.status).toBe(200);
  const ids = ((await wiql.json()) as { workItems: { id: number }[] }).workItems.map((w) => w.id);
  const counts: Record<string, number> = {};
  for (let i = 0; i < ids.length; i += 200) {
    const res = await fetch(`${projectUrl()}/_apis/wit/workitemsbatch?api-version=7.1`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ ids: ids.slice(i, i + 200), fields: ["System.State", "Custom.QTSeverity"] }),
    });
    expect(res.status).toBe(200);
    for (const item of ((await res.json()) as { value: { fields: Record<string, string> }[] }).value) {
      const k = `${item.fields["System.State"]}|${item.fields["Custom.QTSeverity"] ?? "null"}`;
      counts[k] = (counts[k] ?? 0) + 1;
    }
  }
  return counts;
}

const defectApply = (area: string, dates: string) =>
  `filter(${dates} and WorkItemType in ('Bug') and (Area/AreaPath eq '${area}' or startswith(Area/AreaPath, '${area}\\')))/groupby((DateSK, WorkItemType, State, StateCategory, Custom_QTSeverity), aggregate($count as Count))`;

async function analyticsDefects(area: string, day = TODAY_SK): Promise<Record<string, number>> {
  const { rows } = await readAll(applyUrl(env.root, "WorkItemSnapshot", defectApply(area, `DateSK eq ${day}`)));
  return tally(rows, ["State", "Custom_QTSeverity"]);
}

describe("the history's last day reproduces today's counts", () => {
  it("test points by outcome, per participant-role, as the testplan routes serve them", async () => {
    const roles = sampleRoles();
    expect(roles.length).toBeGreaterThanOrEqual(5);
    for (const role of roles) {
      const planId = role.testPlans[0].planId;
      expect([key(role), await analyticsOutcomes(planId)]).toEqual([key(role), await restOutcomes(planId)]);
    }
  });

  it("in the product's burn-up query too: its last DateSK is today, with today's counts", async () => {
    const role = sampleRoles().find((r) => key(r) === "HOLL-X")!;
    const planId = role.testPlans[0].planId;
    const plan = state().projects[0].plans.get(planId)!;
    const suites = state().projects[0].suites.get(plan.rootSuiteId)!.childSuiteIds;
    const apply = `filter(DateSK ge 20240601 and DateSK le 20261207 and ((TestPlanId eq ${planId} and TestSuiteId in (${suites.join(", ")}))))/groupby((DateSK, ResultOutcome), aggregate($count as Count))`;
    const { rows } = await readAll(applyUrl(env.root, "TestPointHistorySnapshot", apply));
    const last = Math.max(...rows.map((r) => r.DateSK as number));
    expect(last).toBe(TODAY_SK);
    expect(
      tally(
        rows.filter((r) => r.DateSK === last),
        ["ResultOutcome"],
      ),
    ).toEqual(await restOutcomes(planId));
  });

  it("defects by state and severity, per participant-role's area, as WIQL and the work item routes serve them", async () => {
    const areas = [...sampleRoles(), ...env.programme.settings.registry.filter((e) => e.route === "SIT")].map(
      (e) => e.defectScope.areaPaths![0],
    );
    let compared = 0;
    for (const area of areas) {
      const rest = await restDefects(area);
      expect([area, await analyticsDefects(area)]).toEqual([area, rest]);
      compared += Object.values(rest).reduce((a, b) => a + b, 0);
    }
    expect(compared).toBeGreaterThan(100);
  });

  it("shows a change made through the API on today's row, and only there", async () => {
    const hollX = sampleRoles().find((r) => key(r) === "HOLL-X")!;
    const area = hollX.defectScope.areaPaths![0];
    const active = [...state().workItems.values()].find(
      (w) => w.fields["System.AreaPath"] === area && w.fields["System.State"] === "Active",
    )!;
    const history = async (id: number) => {
      const apply = `filter(WorkItemId eq ${id} and DateSK ge 20250530)/groupby((DateSK, State, StateCategory), aggregate($count as Count))`;
      return (await getUrl(applyUrl(env.root, "WorkItemSnapshot", apply))).json.value.map((r) => [r.DateSK, r.State]);
    };
    expect(await history(active.id)).toEqual([
      [20250530, "Active"],
      [20250531, "Active"],
      [20250601, "Active"],
    ]);
    const patched = await fetch(`${env.sandbox.orgUrl}/_apis/wit/workitems/${active.id}?api-version=7.1`, {
      method: "PATCH",
      headers: { ...json, "content-type": "application/json-patch+json" },
      body: JSON.stringify([{ op: "add", path: "/fields/System.State", value: "Closed" }]),
    });
    expect(patched.status).toBe(200);
    expect(await history(active.id)).toEqual([
      [20250530, "Active"],
      [20250531, "Active"],
      [20250601, "Closed"],
    ]);
    expect(await analyticsDefects(area)).toEqual(await restDefects(area));

    // A defect created now exists from today; one deleted is gone (Analytics keeps no deleted work items).
    const created = await fetch(`${projectUrl()}/_apis/wit/workitems/$Bug?api-version=7.1`, {
      method: "POST",
      headers: { ...json, "content-type": "application/json-patch+json" },
      body: JSON.stringify([
        { op: "add", path: "/fields/System.Title", value: "Found today" },
        { op: "add", path: "/fields/System.AreaPath", value: area },
        { op: "add", path: "/fields/Custom.QTSeverity", value: "Sev2 - Major" },
      ]),
    });
    expect(created.status).toBe(200);
    const newId = ((await created.json()) as { id: number }).id;
    expect(await history(newId)).toEqual([[20250601, "New"]]);
    const deleted = await fetch(`${env.sandbox.orgUrl}/_apis/wit/workitems/${active.id}?api-version=7.1`, {
      method: "DELETE",
      headers: json,
    });
    expect(deleted.status).toBe(200);
    expect(await history(active.id)).toEqual([]);
    expect(await analyticsDefects(area)).toEqual(await restDefects(area));
  });

  it("shows a point recorded through the control API on today's row, the earlier result before it", async () => {
    const planId = sampleRoles().find((r) => key(r) === "HOLL-X")!.testPlans[0].planId;
    const point = [...state().projects[0].pointsBySuite.values()]
      .flat()
      .find((p) => p.planId === planId && p.outcome === "passed")!;
    const resultDay = ukDayOf(Date.parse(point.lastUpdatedDate));
    const history = async () => {
      const apply = `filter(TestPointSK eq ${point.id})/groupby((DateSK, ResultOutcome), aggregate($count as Count))`;
      return (await readAll(applyUrl(env.root, "TestPointHistorySnapshot", apply))).rows.map(
        (r) => [r.DateSK, r.ResultOutcome] as [number, string],
      );
    };
    const before = await history();
    expect(before.at(-1)).toEqual([TODAY_SK, "Passed"]);
    // None until the UK day of its result, then Passed.
    const firstPassed = before.findIndex(([, outcome]) => outcome === "Passed");
    expect(before.slice(0, firstPassed).every(([, outcome]) => outcome === "None")).toBe(true);
    expect(before.slice(firstPassed).every(([, outcome]) => outcome === "Passed")).toBe(true);
    expect(before[firstPassed][0]).toBe(dateSk(new Date(resultDay * 86_400_000).toISOString().slice(0, 10)));

    await control(env.sandbox, "PATCH", `points/${point.id}`, { outcome: "failed" });
    const after = await history();
    expect(after.slice(0, -1)).toEqual(before.slice(0, -1));
    expect(after.at(-1)).toEqual([TODAY_SK, "Failed"]);
    expect(await analyticsOutcomes(planId)).toEqual(await restOutcomes(planId));
  });
});

describe("the history's shape", () => {
  it("gives a generated defect its first state until it changed, then its current state", async () => {
    const bug = [...state().workItems.values()].find(
      (w) =>
        w.fields["System.WorkItemType"] === "Bug" &&
        w.fields["System.State"] === "Closed" &&
        w.rev > 1 &&
        ukDayOf(Date.parse(String(w.fields["System.ChangedDate"]))) -
          ukDayOf(Date.parse(String(w.fields["System.CreatedDate"]))) >
          3,
    )!;
    const created = ukDayOf(Date.parse(String(bug.fields["System.CreatedDate"])));
    const changed = ukDayOf(Date.parse(String(bug.fields["System.ChangedDate"])));
    const apply = `filter(WorkItemId eq ${bug.id})/groupby((DateSK, State, StateCategory, Revision, RevisedDateSK), aggregate($count as Count))`;
    const { rows } = await readAll(applyUrl(env.root, "WorkItemSnapshot", apply));
    const skOf = (day: number) => dateSk(new Date(day * 86_400_000).toISOString().slice(0, 10));
    expect(rows.length).toBe(dayNumber(TODAY) - created + 1);
    expect(rows[0]).toMatchObject({
      DateSK: skOf(created),
      State: "New",
      StateCategory: "Proposed",
      Revision: 1,
      RevisedDateSK: skOf(changed),
    });
    expect(rows[changed - created - 1]).toMatchObject({ State: "New" });
    expect(rows[changed - created]).toMatchObject({
      DateSK: skOf(changed),
      State: "Closed",
      StateCategory: "Completed",
      RevisedDateSK: null,
    });
    expect(rows.at(-1)).toMatchObject({ DateSK: TODAY_SK, State: "Closed", Revision: bug.rev });
  });

  it("never loses a point from one day to the next, and (generated points run once) never un-runs one", async () => {
    const apply =
      "groupby((DateSK, TestPlanId), aggregate($count as Count, cast(ResultOutcome ne 'None', Edm.Int32) with sum as Executed))";
    const { rows } = await readAll(applyUrl(env.root, "TestPointHistorySnapshot", apply));
    const byPlan = new Map<number, Record<string, unknown>[]>();
    for (const row of rows)
      byPlan.set(row.TestPlanId as number, [...(byPlan.get(row.TestPlanId as number) ?? []), row]);
    expect(byPlan.size).toBeGreaterThan(15);
    for (const [planId, series] of byPlan) {
      for (let i = 1; i < series.length; i++) {
        expect(series[i].DateSK as number).toBeGreaterThan(series[i - 1].DateSK as number);
        expect([planId, (series[i].Count as number) >= (series[i - 1].Count as number)]).toEqual([planId, true]);
        // The one point changed by the test above went from Passed to Failed: still executed.
        expect([planId, (series[i].Executed as number) >= (series[i - 1].Executed as number)]).toEqual([planId, true]);
      }
      expect(series.at(-1)!.DateSK).toBe(TODAY_SK);
    }
  });

  it("is the same for the same seed and today, and ends on another today when pinned there", async () => {
    const queries = [
      applyUrl(env.root, "TestPointHistorySnapshot", "groupby((DateSK, ResultOutcome), aggregate($count as Count))"),
      applyUrl(
        env.root,
        "WorkItemSnapshot",
        "filter(WorkItemType eq 'Bug')/groupby((DateSK, State, Custom_QTSeverity), aggregate($count as Count))",
      ),
    ];
    const twinA = await startAnalyticsSandbox({ seed: 1, scale: 0.05, today: TODAY });
    const twinB = await startAnalyticsSandbox({ seed: 1, scale: 0.05, today: TODAY });
    const later = await startAnalyticsSandbox({ seed: 1, scale: 0.05, today: "2025-09-15" });
    try {
      for (const url of queries) {
        const a = await readAll(url.replace(env.root, twinA.root));
        const b = await readAll(url.replace(env.root, twinB.root));
        expect(a.rows).toEqual(b.rows);
        const c = await readAll(url.replace(env.root, later.root));
        expect(Math.max(...c.rows.map((r) => r.DateSK as number))).toBe(20250915);
      }
      expect(await control(later.sandbox, "GET", "analytics")).toMatchObject({ analyticsToday: "2025-09-15" });
    } finally {
      await Promise.all([twinA.sandbox.close(), twinB.sandbox.close(), later.sandbox.close()]);
    }
  });

  it("answers the organisation-scoped endpoint with the project's rows (the only project)", async () => {
    const apply = "filter(DateSK eq 20250601)/groupby((State), aggregate($count as Count))";
    const project = await getUrl(applyUrl(env.root, "WorkItemSnapshot", apply));
    const org = await getUrl(applyUrl(`${env.sandbox.orgUrl}/_odata/v4.0-preview`, "WorkItemSnapshot", apply));
    expect(org.json.value).toEqual(project.json.value);
    expect(org.json["@odata.context"]).toBe(
      `${env.sandbox.orgUrl}/_odata/v4.0-preview/$metadata#WorkItemSnapshot(State,Count)`,
    );
  });
});

describe("UK days", () => {
  it("agree with the UK calendar across the clock changes", () => {
    for (const iso of [
      "2025-03-30T00:59:59Z",
      "2025-03-30T01:00:00Z",
      "2025-10-25T23:30:00Z",
      "2025-10-26T00:59:00Z",
      "2025-10-26T01:00:00Z",
      "2026-06-30T23:00:00Z",
      "2026-12-31T23:59:59Z",
    ]) {
      const ms = Date.parse(iso);
      expect([iso, ukDayOf(ms)]).toEqual([iso, dayNumber(ukDate(new Date(ms)))]);
    }
    expect(formatUkInstant(Date.parse("2025-06-01T08:30:05.250Z"))).toBe("2025-06-01T09:30:05.25+01:00");
    expect(formatUkInstant(Date.parse("2025-01-01T08:30:05.000Z"))).toBe("2025-01-01T08:30:05Z");
    expect(new Date(ukMidnight(dayNumber("2025-06-01"))).toISOString()).toBe("2025-05-31T23:00:00.000Z");
    expect(new Date(ukMidnight(dayNumber("2025-03-30"))).toISOString()).toBe("2025-03-30T00:00:00.000Z");
    expect(new Date(ukMidnight(dayNumber("2025-10-26"))).toISOString()).toBe("2025-10-25T23:00:00.000Z");
    expect(ukOffsetMs(Date.parse("2025-07-01T12:00:00Z"))).toBe(3_600_000);
  });

  it("end a pinned programme on its today and a live one on the current UK date", () => {
    const pinned = minimalState();
    const live = minimalState();
    const unknown = minimalState();
    rememberToday(pinned, "2025-06-01", false);
    rememberToday(live, "2025-06-01", true);
    const now = new Date("2026-12-07T23:30:00Z");
    expect(analyticsToday(pinned, undefined, now)).toBe(dayNumber("2025-06-01"));
    expect(analyticsToday(live, undefined, now)).toBe(dayNumber("2026-12-07"));
    expect(analyticsToday(unknown, undefined, now)).toBe(dayNumber("2026-12-07"));
    expect(analyticsToday(pinned, "2025-07-01", now)).toBe(dayNumber("2025-07-01"));
  });
});
