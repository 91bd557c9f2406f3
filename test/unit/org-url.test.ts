import fc from "fast-check";
import { checkOrgUrl, isLoopback } from "../../src/ado/org-url";

describe("checkOrgUrl", () => {
  it.each([
    ["https://dev.azure.com/contoso/", "https://dev.azure.com/contoso"],
    ["https://tfs.contoso.example/DefaultCollection", "https://tfs.contoso.example/DefaultCollection"],
    ["http://127.0.0.1:8091/mhhs-sandbox", "http://127.0.0.1:8091/mhhs-sandbox"],
    ["http://localhost:8080/tfs/", "http://localhost:8080/tfs"],
    ["http://[::1]:8091/org", "http://[::1]:8091/org"],
    ["http://127.8.9.10/org", "http://127.8.9.10/org"],
  ])("accepts %s", (input, expected) => {
    expect(checkOrgUrl(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    "http://dev.azure.com/contoso",
    "http://10.0.0.5/tfs",
    "http://128.0.0.1/org",
    "http://127.0.0.1.example.net/org",
    "http://localhost.example.net/org",
  ])("refuses plain http off this machine: %s", (input) => {
    const r = checkOrgUrl(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/is plain http, so the access token would be sent in clear: use https:\/\//);
  });

  it.each(["dev.azure.com/contoso", "ftp://dev.azure.com/x", "javascript:alert(1)", "", "https://a b/c"])(
    "refuses %j as no http(s) address",
    (input) => {
      const r = checkOrgUrl(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0]).toMatch(/must be an http\(s\) address/);
    },
  );

  it("refuses credentials in the URL", () => {
    const r = checkOrgUrl("https://me:secret@dev.azure.com/contoso");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).not.toContain("secret");
  });

  it("never accepts plain http to a host that is not loopback", () => {
    fc.assert(
      fc.property(fc.domain(), fc.webPath(), (host, path) => {
        const r = checkOrgUrl(`http://${host}${path}`);
        if (r.ok) expect(isLoopback(new URL(r.value).hostname)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
