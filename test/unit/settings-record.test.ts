import { RecordHistory } from "../../src/core/approval-records";
import { withTeamAssurers, withoutTeamAssurers } from "../../src/core/assurer-teams";
import { StampedIdentity } from "../../src/core/record-evidence";
import { Settings } from "../../src/core/settings";
import {
  protectedSettingsOf,
  settingsRecordFields,
  settingsUpdateFields,
  settingsVersions,
} from "../../src/core/settings-record";
import { settings as sampleSettings } from "../support/builders";

/** The settings a settings record holds count only as a member of the administrators' team made them. */

const ADMIN: StampedIdentity = { id: "admin", displayName: "Ada Admin", uniqueName: "ada@example.org" };
const OTHER_ADMIN: StampedIdentity = { id: "admin2", displayName: "Abe Admin" };
const TESTER: StampedIdentity = { id: "tester", displayName: "Tess Tester" };
const isAdmin = (identity: StampedIdentity) => identity.id === ADMIN.id || identity.id === OTHER_ADMIN.id;

const base = sampleSettings();
const lax: Settings = {
  ...base,
  defects: { ...base.defects, stateOverrides: [{ state: "Active", outstanding: false }] },
};

let day = 1;
/** A record's history: each step sets fields as the identity, a day after the last. */
function record(id: number, ...steps: [Record<string, unknown>, StampedIdentity][]): RecordHistory {
  let fields: Record<string, unknown> = {};
  return {
    id,
    revisions: steps.map(([change, by], i) => {
      fields = {
        ...fields,
        ...change,
        "System.ChangedBy": { ...by },
        "System.ChangedDate": `2026-12-${String(day++).padStart(2, "0")}T10:00:00.000Z`,
      };
      return { rev: i + 1, fields };
    }),
  };
}

const deleted = { "System.IsDeleted": true };

describe("protectedSettingsOf", () => {
  beforeEach(() => (day = 1));

  it("finds none when no record keeps settings", () => {
    expect(protectedSettingsOf([record(1, [{ "Custom.QTRecordKind": "waiver" }, ADMIN])], isAdmin)).toEqual({
      kind: "none",
      ignored: [],
    });
  });

  it("reads the settings an administrator wrote, with who and when", () => {
    const found = protectedSettingsOf([record(7, [settingsRecordFields(base), ADMIN])], isAdmin);
    expect(found).toMatchObject({ kind: "ok", id: 7, rev: 1, by: ADMIN, at: "2026-12-01T10:00:00.000Z" });
    expect(found.kind === "ok" && JSON.parse(found.text)).toEqual(base);
  });

  it("does not trust settings someone outside the team changed, nor fall back to the earlier version", () => {
    const found = protectedSettingsOf(
      [record(7, [settingsRecordFields(base), ADMIN], [settingsUpdateFields(lax), TESTER])],
      isAdmin,
    );
    expect(found).toMatchObject({ kind: "untrusted", id: 7, rev: 2, deleted: false });
    expect(found.kind === "untrusted" && found.reason).toMatch(/revision 2 by Tess Tester changed what Ada Admin/);
  });

  it("does not trust settings whose record someone outside the team deleted", () => {
    const found = protectedSettingsOf([record(7, [settingsRecordFields(base), ADMIN], [deleted, TESTER])], isAdmin);
    expect(found).toMatchObject({ kind: "untrusted", deleted: true });
    expect(found.kind === "untrusted" && found.reason).toContain("Tess Tester deleted the record");
  });

  it("counts an administrator's save after someone else's change", () => {
    const found = protectedSettingsOf(
      [
        record(
          7,
          [settingsRecordFields(base), ADMIN],
          [settingsUpdateFields(lax), TESTER],
          [settingsUpdateFields(base), OTHER_ADMIN],
        ),
      ],
      isAdmin,
    );
    expect(found).toMatchObject({ kind: "ok", rev: 3, by: OTHER_ADMIN });
  });

  it("ignores, and names, a settings record nobody in the team wrote, however new", () => {
    const found = protectedSettingsOf(
      [record(7, [settingsRecordFields(base), ADMIN]), record(9, [settingsRecordFields(lax), TESTER])],
      isAdmin,
    );
    expect(found).toMatchObject({ kind: "ok", id: 7 });
    expect(found.ignored).toEqual([
      "Settings record #9 does not count: Tess Tester made it, and is not in the QT Administrators team.",
    ]);
  });

  it("keeps the settings in the record an administrator wrote to last, and skips one an administrator deleted", () => {
    const older = record(3, [settingsRecordFields(base), ADMIN], [deleted, TESTER]);
    const newer = record(5, [settingsRecordFields(lax), OTHER_ADMIN]);
    expect(protectedSettingsOf([older, newer], isAdmin)).toMatchObject({ kind: "ok", id: 5 });
    const removed = record(8, [settingsRecordFields(base), ADMIN], [deleted, ADMIN]);
    const found = protectedSettingsOf([removed], isAdmin);
    expect(found).toEqual({ kind: "none", ignored: ["Settings record #8 does not count: Ada Admin deleted it."] });
  });

  it("is not fooled by an approval record turned into a settings record", () => {
    const found = protectedSettingsOf(
      [record(4, [{ "Custom.QTRecordKind": "waiver" }, ADMIN], [settingsRecordFields(lax), TESTER])],
      isAdmin,
    );
    expect(found.kind).toBe("untrusted");
  });
});

describe("settingsVersions", () => {
  it("lists each change once, oldest first, saying who made it and whether it counts", () => {
    day = 1;
    const history = record(
      7,
      [settingsRecordFields(base), ADMIN],
      [{ "System.Tags": "reviewed" }, TESTER],
      [settingsUpdateFields(lax), TESTER],
      [deleted, TESTER],
    );
    expect(
      settingsVersions(history, isAdmin).map((v) => [v.rev, v.by?.displayName, v.byAdministrator, v.deleted]),
    ).toEqual([
      [1, "Ada Admin", true, false],
      [3, "Tess Tester", false, false],
      [4, "Tess Tester", false, true],
    ]);
  });
});

describe("assurer teams", () => {
  it("adds each team's members as assurers of its body, marked with the team, and never keeps them", () => {
    const withTeams: Settings = { ...base, assurerTeams: [{ team: "BSC Assurers", body: "BSC" }] };
    const members = new Map([["BSC Assurers", [{ id: "b1", displayName: "Bea", uniqueName: "bea@example.org" }]]]);
    const expanded = withTeamAssurers(withTeams, members);
    expect(expanded.assurers.slice(base.assurers.length)).toEqual([
      { user: "bea@example.org", displayName: "Bea", body: "BSC", team: "BSC Assurers" },
    ]);
    // Expanding twice does not repeat them; dropping them gives back the settings as kept.
    expect(withTeamAssurers(expanded, members).assurers).toEqual(expanded.assurers);
    expect(withoutTeamAssurers(expanded)).toEqual(withTeams);
  });
});
