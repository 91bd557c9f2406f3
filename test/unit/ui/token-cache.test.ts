import { cachedToken, jwtExpiry } from "../../../src/ui/token-cache";

const jwt = (payload: object) => `h.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.sig`;

describe("the host's access token, cached", () => {
  it("asks the host once, shares an ask in flight, and asks again after maxAge", async () => {
    let t = 0;
    let asks = 0;
    const ask = jest.fn(async () => `token-${++asks}`);
    const token = cachedToken(ask, { maxAgeMs: 1000, now: () => t });
    await expect(Promise.all([token(), token()])).resolves.toEqual(["token-1", "token-1"]);
    t = 999;
    await expect(token()).resolves.toBe("token-1");
    t = 1000;
    await expect(token()).resolves.toBe("token-2");
    expect(ask).toHaveBeenCalledTimes(2);
  });

  it("never reuses a token within a minute of the expiry its JWT states", async () => {
    let t = 0;
    let asks = 0;
    // Expires at 90 s: reused until 30 s, asked for again from then on.
    const token = cachedToken(async () => jwt({ exp: 90, n: ++asks }), { maxAgeMs: 600_000, now: () => t });
    const first = await token();
    t = 29_999;
    expect(await token()).toBe(first);
    t = 30_000;
    expect(await token()).not.toBe(first);
    expect(asks).toBe(2);
  });

  it("does not keep a failed ask", async () => {
    const ask = jest.fn<Promise<string>, []>().mockRejectedValueOnce(new Error("host gone")).mockResolvedValue("ok");
    const token = cachedToken(ask);
    await expect(token()).rejects.toThrow("host gone");
    await expect(token()).resolves.toBe("ok");
  });

  it("reads a JWT's expiry and nothing else", () => {
    expect(jwtExpiry(jwt({ exp: 1_700_000_000 }))).toBe(1_700_000_000_000);
    expect(jwtExpiry(jwt({ sub: "x" }))).toBeUndefined();
    expect(jwtExpiry("not-a-jwt")).toBeUndefined();
    expect(jwtExpiry("a.!!!.c")).toBeUndefined();
  });
});
