import { compileOutstanding } from "../../src/core/states";
import { metadata } from "../support/builders";

describe("defect outstanding-ness", () => {
  const lookup = compileOutstanding(metadata(), []);

  it.each([
    ["New", true, "Proposed"],
    ["Active", true, "InProgress"],
    ["Resolved", true, "Resolved"],
    ["Closed", false, "Completed"],
    ["Removed", false, "Removed"],
    ["closed", false, "Completed"],
  ])("reads %s from its category", (state, outstanding, category) => {
    expect(lookup({ workItemType: "Bug", state })).toEqual({ outstanding, via: "category", category });
  });

  it("counts a state with no category as outstanding", () => {
    expect(lookup({ workItemType: "Bug", state: "Parked" })).toEqual({ outstanding: true, via: "unknown-state" });
  });

  it("flags a type whose states were never read", () => {
    expect(lookup({ workItemType: "Defect", state: "Closed" })).toEqual({ outstanding: true, via: "unknown-type" });
  });

  it("applies overrides, typed before untyped", () => {
    const withOverrides = compileOutstanding(metadata(), [
      { state: "Resolved", outstanding: false },
      { state: "Resolved", workItemType: "bug", outstanding: true },
      { state: "Closed", outstanding: true },
    ]);
    expect(withOverrides({ workItemType: "Bug", state: "Resolved" })).toEqual({ outstanding: true, via: "override" });
    expect(withOverrides({ workItemType: "Issue", state: "Resolved" })).toEqual({
      outstanding: false,
      via: "override",
    });
    expect(withOverrides({ workItemType: "Bug", state: "Closed" })).toEqual({ outstanding: true, via: "override" });
  });
});
