import { itemLabel, pointName } from "../../src/core/item-names";

describe("item names", () => {
  it("names a test point by its test case and configuration, never by its id alone", () => {
    expect(pointName({ id: 618, title: "Register a new MPAN", configurationName: "UIT" })).toBe(
      "Register a new MPAN · UIT",
    );
    expect(pointName({ id: 618, title: "Register a new MPAN" })).toBe("Register a new MPAN");
    expect(pointName({ id: 618, title: null, configurationName: "UIT" })).toBe("Test point 618 · UIT");
    expect(pointName({ id: 618, title: "" })).toBe("Test point 618");
  });

  it("labels defects by number and other items by id", () => {
    expect(itemLabel({ kind: "defect", id: 2001, title: "Crash" })).toBe("Defect 2001");
    expect(itemLabel({ kind: "test-point", id: 7, title: "Settle", configurationName: "SIT" })).toBe("Settle · SIT");
    expect(itemLabel({ kind: "entry-item", id: "PIT-EXIT" })).toBe("PIT-EXIT");
  });
});
