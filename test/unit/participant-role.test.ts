import { formatParticipantRole, parseParticipantRole } from "../../src/core/participant-role";

describe("participant-role keys", () => {
  it.each([
    ["ABCD-X", "ABCD", "X"],
    ["abcd-x", "ABCD", "X"],
    ["  WXYZ-3 ", "WXYZ", "3"],
    ["QRST-N1", "QRST", "N1"],
  ])("parses %p", (input, mpid, roleCode) => {
    expect(parseParticipantRole(input)).toEqual({ ok: true, value: { mpid, roleCode } });
  });

  it.each([
    ["", /Empty participant-role/],
    ["ABCD", /is not a participant-role/],
    ["ABCD-X-Y", /is not a participant-role/],
    ["ABC-X", /MPID "ABC" must be exactly four letters/],
    ["ABCDE-X", /MPID "ABCDE"/],
    ["AB1D-X", /MPID "AB1D"/],
    ["ABCD-", /role code "" must be 1–2/],
    ["ABCD-XYZ", /role code "XYZ"/],
    ["ABCD-X!", /role code "X!"/],
  ])("rejects %p with a message that says why", (input, message) => {
    const result = parseParticipantRole(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join(" ")).toMatch(message);
  });

  it("reports both halves when both are wrong", () => {
    const result = parseParticipantRole("AB-XYZ");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toHaveLength(2);
  });

  it("formats what it parses", () => {
    expect(formatParticipantRole({ mpid: "ABCD", roleCode: "X" })).toBe("ABCD-X");
  });
});
