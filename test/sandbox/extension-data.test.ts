import { extensionDataRoutes } from "../../sandbox/routes/extension-data";
import { RunningSandbox, startSandbox } from "../../sandbox/server";
import { READ_DATA_TOKEN, TOKEN, basic, minimalState } from "./support/minimal-state";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ state: minimalState(), routes: [extensionDataRoutes] });
});
afterAll(() => sandbox.close());

const docs = (scope = "Default/Current", collection = "settings") =>
  `${sandbox.orgUrl}/_apis/ExtensionManagement/InstalledExtensions/qt/assurance/Data/Scopes/${scope}/Collections/${collection}/Documents`;

async function call(method: string, url: string, body?: unknown, token = TOKEN) {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: basic(token),
      accept: "application/json;api-version=7.1-preview.1",
      "content-type": "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe("extension data documents", () => {
  it("answers 404 for a missing collection and a missing document", async () => {
    expect(await call("GET", docs("Default/Current", "nothing"))).toMatchObject({
      status: 404,
      body: { typeKey: "DocumentCollectionDoesNotExistException" },
    });
    await call("PUT", docs(), { id: "present", x: 1 });
    expect(await call("GET", `${docs()}/absent`)).toMatchObject({
      status: 404,
      body: { typeKey: "DocumentDoesNotExistException" },
    });
  });

  it("creates, reads, lists and deletes with a rising __etag", async () => {
    const created = await call("POST", docs("Default/Current", "c1"), { id: "a", value: 1 });
    expect(created).toEqual({ status: 200, body: { id: "a", __etag: 1, value: 1 } });
    expect(await call("POST", docs("Default/Current", "c1"), { id: "a" })).toMatchObject({
      status: 409,
      body: { typeKey: "DocumentExistsException" },
    });
    const updated = await call("PUT", docs("Default/Current", "c1"), { id: "a", __etag: 1, value: 2 });
    expect(updated.body).toEqual({ id: "a", __etag: 2, value: 2 });
    expect((await call("GET", docs("Default/Current", "c1"))).body).toEqual({
      count: 1,
      value: [{ id: "a", __etag: 2, value: 2 }],
    });
    expect((await call("DELETE", `${docs("Default/Current", "c1")}/a`)).status).toBe(200);
    expect((await call("GET", `${docs("Default/Current", "c1")}/a`)).status).toBe(404);
  });

  it("generates an id when a created document has none", async () => {
    const created = await call("POST", docs("Default/Current", "c2"), { x: 1 });
    expect(created.body?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses a stale or missing __etag, and lets -1 win", async () => {
    await call("PUT", docs("Default/Current", "c3"), { id: "s", v: 1 });
    expect(await call("PUT", docs("Default/Current", "c3"), { id: "s", __etag: 7, v: 2 })).toMatchObject({
      status: 409,
      body: { typeKey: "InvalidDocumentVersionException" },
    });
    expect((await call("PUT", docs("Default/Current", "c3"), { id: "s", v: 2 })).status).toBe(409);
    expect(await call("PATCH", docs("Default/Current", "c3"), { id: "s", __etag: -1, v: 3 })).toMatchObject({
      status: 200,
      body: { __etag: 2, v: 3 },
    });
    expect((await call("PATCH", docs("Default/Current", "c3"), { id: "nope", __etag: -1 })).status).toBe(404);
  });

  it("lets exactly one of many concurrent writers with the same etag win", async () => {
    await call("PUT", docs("Default/Current", "race"), { id: "doc", n: 0 });
    const writers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call("PUT", docs("Default/Current", "race"), { id: "doc", __etag: 1, n: i + 1 }),
      ),
    );
    const winners = writers.filter((w) => w.status === 200);
    expect(winners).toHaveLength(1);
    expect(writers.filter((w) => w.status === 409)).toHaveLength(11);
    expect((await call("GET", `${docs("Default/Current", "race")}/doc`)).body).toEqual({
      id: "doc",
      __etag: 2,
      n: winners[0].body?.n,
    });
  });

  it("keeps user-scoped documents per user", async () => {
    await call("PUT", docs("User/Me", "prefs"), { id: "p", theme: "dark" });
    expect((await call("GET", `${docs("User/Me", "prefs")}/p`)).body).toMatchObject({ theme: "dark" });
    expect((await call("GET", `${docs("User/Me", "prefs")}/p`, undefined, "bob-token")).status).toBe(404);
  });

  it("needs the data scope to read and the write scope to write", async () => {
    await call("PUT", docs("Default/Current", "c4"), { id: "r", v: 1 });
    expect((await call("GET", `${docs("Default/Current", "c4")}/r`, undefined, READ_DATA_TOKEN)).status).toBe(200);
    expect(await call("PUT", docs("Default/Current", "c4"), { id: "r", __etag: 1 }, READ_DATA_TOKEN)).toMatchObject({
      status: 401,
      body: { message: expect.stringMatching(/^TF400813: .*vso\.extension\.data_write/) },
    });
  });

  it("rejects documents that are not objects", async () => {
    expect(await call("PUT", docs(), [1, 2])).toMatchObject({
      status: 400,
      body: { typeKey: "InvalidDocumentException" },
    });
    expect(await call("PUT", docs(), { id: "x", __etag: "soon" })).toMatchObject({ status: 400 });
  });
});
