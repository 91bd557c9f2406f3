/** The settings hub's type catalogue is a thin view over the port's two methods; failures pass through unchanged. */
import { AdoRequestError } from "../../../../src/ado/errors";
import { RawTypeField, RawWorkItemType } from "../../../../src/ado/port";
import { createTypeCatalog } from "../../../../src/hubs/settings/catalog";
import { readLiveMetadata } from "../../../../src/hubs/settings/live";
import { fakeHubData, fakeOrg, sampleSettings } from "./fakes";

describe("createTypeCatalog", () => {
  it("lists the type names and a type's fields from the port, leaving out entries it cannot use", async () => {
    const types: RawWorkItemType[] = [{ name: "Bug", referenceName: "Microsoft.VSTS.WorkItemTypes.Bug" }, { name: "" }];
    const fields = [
      { referenceName: "System.Title", name: "Title" },
      { referenceName: "Custom.NoName" },
      { referenceName: "", name: "Nothing" },
    ] as RawTypeField[];
    const asked: string[] = [];
    const catalog = createTypeCatalog({
      listWorkItemTypes: async (project) => (asked.push(`types ${project}`), types),
      listWorkItemTypeFields: async (project, type) => (asked.push(`fields ${project} ${type}`), fields),
    });
    expect(await catalog.listWorkItemTypes("P")).toEqual(["Bug"]);
    expect(await catalog.listFields("P", "Bug")).toEqual([
      { referenceName: "System.Title", name: "Title" },
      { referenceName: "Custom.NoName", name: "Custom.NoName" },
    ]);
    expect(asked).toEqual(["types P", "fields P Bug"]);
  });

  it("a classified refusal passes through, and the live read records that part as failed", async () => {
    const refused = new AdoRequestError("forbidden", "The token may not GET wit/workitemtypes", {
      operation: "GET wit/workitemtypes",
      status: 401,
    });
    const catalog = createTypeCatalog({
      listWorkItemTypes: async () => {
        throw refused;
      },
      listWorkItemTypeFields: async () => {
        throw refused;
      },
    });
    await expect(catalog.listWorkItemTypes("P")).rejects.toBe(refused);
    const live = await readLiveMetadata(fakeHubData(fakeOrg()), catalog, sampleSettings());
    expect(live.types).toEqual({ status: "failed", message: refused.message });
    expect(live.byType.bug.fields).toEqual({ status: "failed", message: refused.message });
    // The parts read through other port methods are unaffected.
    expect(live.byType.bug.states.status).toBe("ok");
  });
});
