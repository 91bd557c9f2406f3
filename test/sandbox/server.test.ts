import { wireDate, wireEnum } from "../../sandbox/http/wire";
import { RouteModule, RunningSandbox, startSandbox } from "../../sandbox/server";
import { DATA_ONLY_TOKEN, TOKEN, basic, minimalState } from "./support/minimal-state";

/** A route module for exercising the server itself. */
const probeRoutes: RouteModule = (router) => {
  router
    .add({
      method: "GET",
      template: "/{org}/_apis/probe/things",
      scope: "vso.work",
      handler: () => [
        { outcome: wireEnum({ passed: 2 }, "passed"), at: wireDate("2025-01-02T03:04:05.000Z"), gone: undefined },
      ],
    })
    .add({ method: "GET", template: "/{org}/_apis/probe/tests", scope: "vso.test", handler: () => ({ ok: true }) })
    .add({
      method: "POST",
      template: "/{org}/_apis/probe/echo",
      handler: (ctx) => ({ got: ctx.body, who: ctx.identity?.uniqueName }),
      created: true,
    });
};

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ state: minimalState(), routes: [probeRoutes] });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.env.faults.set({});
  sandbox.env.log.clear();
});

const url = (path: string) => `${sandbox.orgUrl}/_apis/probe/${path}`;
const JSON_71 = "application/json;api-version=7.1";
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(url(path), { headers: { authorization: basic(TOKEN), accept: JSON_71, ...headers } });

describe("content negotiation", () => {
  it("wraps arrays and spells enums and dates out by default", async () => {
    const res = await get("things");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ count: 1, value: [{ outcome: "passed", at: "2025-01-02T03:04:05.000Z" }] });
  });

  it("honours the browser clients' Accept options", async () => {
    const res = await get("things", {
      accept:
        "application/json;api-version=7.1;excludeUrls=true;enumsAsNumbers=true;msDateFormat=true;noArrayWrap=true",
    });
    expect(await res.json()).toEqual([{ outcome: 2, at: `/Date(${Date.parse("2025-01-02T03:04:05.000Z")})/` }]);
  });

  it("demands an api-version", async () => {
    const res = await fetch(url("things"), { headers: { authorization: basic(TOKEN) } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ typeKey: "VssVersionNotSpecifiedException" });
    expect((await fetch(`${url("things")}?api-version=7.1`, { headers: { authorization: basic(TOKEN) } })).status).toBe(
      200,
    );
  });

  it("answers 404 for an unknown path and 405 for a wrong method", async () => {
    expect((await get("nothing")).status).toBe(404);
    expect(
      (await fetch(url("things"), { method: "DELETE", headers: { authorization: basic(TOKEN), accept: JSON_71 } }))
        .status,
    ).toBe(405);
  });

  it("answers CORS preflights and exposes the continuation header", async () => {
    const res = await fetch(url("things"), {
      method: "OPTIONS",
      headers: { origin: "http://x", "access-control-request-method": "GET" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-expose-headers")).toMatch(/x-ms-continuationtoken/);
  });

  it("parses JSON bodies, rejects broken ones, and answers 201 where the route creates", async () => {
    const ok = await fetch(url("echo"), {
      method: "POST",
      headers: { authorization: basic(TOKEN), accept: JSON_71, "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toEqual({ got: { a: 1 }, who: "alice@example.org" });
    const bad = await fetch(url("echo"), {
      method: "POST",
      headers: { authorization: basic(TOKEN), accept: JSON_71 },
      body: "{",
    });
    expect(bad.status).toBe(400);
  });
});

describe("authentication like the service", () => {
  it("accepts a PAT with any user name, and a bearer token", async () => {
    const anyUser = `Basic ${Buffer.from(`someone:${TOKEN}`).toString("base64")}`;
    expect((await get("things", { authorization: anyUser })).status).toBe(200);
    expect((await get("things", { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it("answers an unknown token with the sign-in page (203)", async () => {
    const res = await get("things", { authorization: basic("wrong") });
    expect(res.status).toBe(203);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/Sign In/);
    expect((await fetch(url("things"), { headers: { accept: JSON_71 } })).status).toBe(203);
  });

  it("answers 401 when the client suppresses the redirect", async () => {
    expect((await get("things", { authorization: basic("wrong"), "x-tfs-fedauthredirect": "Suppress" })).status).toBe(
      401,
    );
  });

  it("answers 401 TF400813 for a token without the route's scope", async () => {
    const res = await get("tests", { authorization: basic(DATA_ONLY_TOKEN) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ message: expect.stringMatching(/^TF400813: .*vso\.test/) });
    expect((await get("things", { authorization: basic(DATA_ONLY_TOKEN) })).status).toBe(200);
  });
});

describe("faults", () => {
  it("adds latency", async () => {
    sandbox.env.faults.set({ latencyMs: 120 });
    const started = Date.now();
    await get("things");
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it("throttles with Retry-After and X-RateLimit headers", async () => {
    sandbox.env.faults.set({ throttleRate: 1, retryAfterSeconds: 3 });
    const res = await get("things");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(res.headers.get("x-ratelimit-resource")).toBe("ATCPU");
    expect(res.headers.get("x-ratelimit-delay")).toBe("3");
  });

  it("warns with Retry-After on successful responses when asked", async () => {
    sandbox.env.faults.set({ delayHeadersOnSuccess: true, retryAfterSeconds: 2 });
    const res = await get("things");
    expect(res.status).toBe(200);
    expect(res.headers.get("retry-after")).toBe("2");
  });

  it("answers 500 or 503", async () => {
    sandbox.env.faults.set({ errorRate: 1 });
    const statuses = new Set<number>();
    for (let i = 0; i < 12; i++) statuses.add((await get("things")).status);
    expect([...statuses].sort()).toEqual([500, 503]);
  });

  it("resets connections", async () => {
    sandbox.env.faults.set({ resetRate: 1 });
    await expect(get("things")).rejects.toThrow();
  });

  it("truncates bodies", async () => {
    sandbox.env.faults.set({ truncateRate: 1 });
    const res = await get("things");
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
  });

  it("repeats the same faults for the same seed and only on matching paths", async () => {
    const sequence = async () => {
      sandbox.env.faults.set({ seed: 7, errorRate: 0.5, pathPattern: "/things" });
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await get("things")).status);
      return statuses;
    };
    const first = await sequence();
    expect(first).toContain(200);
    expect(first.some((s) => s >= 500)).toBe(true);
    expect(await sequence()).toEqual(first);
    sandbox.env.faults.set({ errorRate: 1, pathPattern: "/things" });
    expect((await get("tests")).status).toBe(200);
  });

  it("rejects nonsense fault settings", () => {
    expect(() => sandbox.env.faults.set({ errorRate: 2 })).toThrow(RangeError);
    expect(() => sandbox.env.faults.set({ latencyMs: -1 })).toThrow(RangeError);
  });
});

describe("request log", () => {
  it("records each API request with its status", async () => {
    await get("things");
    await get("tests", { authorization: basic(DATA_ONLY_TOKEN) });
    expect(sandbox.env.log.list().map((e) => [e.method, e.url, e.status])).toEqual([
      ["GET", "/test-org/_apis/probe/things", 200],
      ["GET", "/test-org/_apis/probe/tests", 401],
    ]);
  });
});

describe("read cache (cacheReads)", () => {
  let counter = 0;
  const countingRoutes: RouteModule = (router) => {
    router
      .add({
        method: "GET",
        template: "/{org}/_apis/probe/count",
        handler: (ctx) => {
          ctx.headers["x-ms-continuationtoken"] = `t${counter}`;
          return { n: ++counter, who: ctx.identity?.uniqueName };
        },
      })
      .add({ method: "POST", template: "/{org}/_apis/probe/look", reads: true, handler: () => ({ n: ++counter }) })
      .add({ method: "POST", template: "/{org}/_apis/probe/change", handler: () => ({ n: ++counter }) });
  };
  let cached: RunningSandbox;
  beforeAll(async () => {
    cached = await startSandbox({ state: minimalState(), routes: [countingRoutes], cacheReads: true });
  });
  afterAll(() => cached.close());
  const call = async (method: string, path: string, token = TOKEN, body = "{}") => {
    const res = await fetch(`${cached.orgUrl}/_apis/probe/${path}`, {
      method,
      headers: { authorization: basic(token), accept: JSON_71, "content-type": "application/json" },
      body: method === "GET" ? undefined : body,
    });
    return {
      json: (await res.json()) as { n: number; who?: string },
      token: res.headers.get("x-ms-continuationtoken"),
    };
  };

  it("answers a repeated read from the cache, with the headers the handler set", async () => {
    const first = await call("GET", "count");
    const again = await call("GET", "count");
    expect(again).toEqual(first);
    expect(again.token).toBe(first.token);
  });

  it("keeps answers apart by identity and by request body", async () => {
    const mine = await call("GET", "count");
    const theirs = await call("GET", "count", "bob-token");
    expect(theirs.json.n).not.toBe(mine.json.n);
    const a = await call("POST", "look", TOKEN, '{"q":1}');
    const b = await call("POST", "look", TOKEN, '{"q":2}');
    expect(b.json.n).not.toBe(a.json.n);
    expect((await call("POST", "look", TOKEN, '{"q":1}')).json.n).toBe(a.json.n);
  });

  it("forgets everything when a request may change state, and when the state is replaced", async () => {
    const before = await call("GET", "count");
    await call("POST", "change");
    const after = await call("GET", "count");
    expect(after.json.n).toBeGreaterThan(before.json.n);
    cached.env.replaceState(minimalState());
    expect((await call("GET", "count")).json.n).toBeGreaterThan(after.json.n);
  });

  it("is off unless asked for", async () => {
    const plain = await startSandbox({ state: minimalState(), routes: [countingRoutes] });
    try {
      const get = () =>
        fetch(`${plain.orgUrl}/_apis/probe/count`, { headers: { authorization: basic(TOKEN), accept: JSON_71 } });
      const first = (await (await get()).json()) as { n: number };
      const second = (await (await get()).json()) as { n: number };
      expect(second.n).toBe(first.n + 1);
    } finally {
      await plain.close();
    }
  });
});
