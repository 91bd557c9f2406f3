import { defectScopeCondition, partitionedQuery, wiqlField, wiqlLiteral } from "../../src/ado/wiql-builder";
import { minimumRequests } from "../../src/ado/reader";

describe("the defect WIQL", () => {
  it("escapes single quotes in literals", () => {
    expect(wiqlLiteral("O'Neil's")).toBe("'O''Neil''s'");
  });

  it("ORs within a kind and ANDs between kinds, in the project", () => {
    const where = defectScopeCondition(["Bug", "Defect"], {
      areaPaths: ["MHHS QT\\tranche-1\\HOLL-X", "MHHS QT\\it's"],
      tags: ["HOLL-X"],
      field: { referenceName: "Custom.ParticipantRole", value: "HOLL-X" },
    });
    expect(where).toBe(
      "[System.TeamProject] = @project AND [System.WorkItemType] IN ('Bug', 'Defect')" +
        " AND ([System.AreaPath] UNDER 'MHHS QT\\tranche-1\\HOLL-X' OR [System.AreaPath] UNDER 'MHHS QT\\it''s')" +
        " AND [System.Tags] CONTAINS 'HOLL-X' AND [Custom.ParticipantRole] = 'HOLL-X'",
    );
    expect(partitionedQuery("[System.Id] > 0", 41)).toBe(
      "SELECT [System.Id] FROM WorkItems WHERE [System.Id] > 0 AND [System.Id] > 41 ORDER BY [System.Id]",
    );
  });

  it("refuses an empty scope, no work item type, and a field name that is not a reference name", () => {
    expect(() => defectScopeCondition(["Bug"], { areaPaths: [" "], tags: [] })).toThrow(/scope is empty/);
    expect(() => defectScopeCondition([], { tags: ["X"] })).toThrow(/work item type/);
    expect(() => wiqlField("Custom.X] = 1 OR [System.Id")).toThrow(/reference name/);
  });
});

describe("minimumRequests", () => {
  it("counts pages, WIQL partitions, batches and metadata", () => {
    const m = minimumRequests({
      participantRoles: [
        { pointsPerSuite: [450, 0], defects: 20_100 },
        { pointsPerSuite: [], defects: 0 },
        { pointsPerSuite: [200], defects: undefined },
      ],
      plansInProject: 25,
      workItemTypes: 2,
      areaNodes: 450,
    });
    // 3 + 1 + 1 pages; 2 + 1 queries; 100 (19,999 ids) + 1 (101 ids) batches; the area tree and 3 evaluations.
    expect(m).toEqual({
      planPages: 1,
      pointPages: 5,
      wiqlQueries: 3,
      workItemBatches: 101,
      metadata: 2,
      areaChecks: 4,
      total: 116,
    });
  });

  it("checks no areas when no defects are read", () => {
    const m = minimumRequests({ participantRoles: [{ pointsPerSuite: [10], defects: undefined }], workItemTypes: 1 });
    expect(m.areaChecks).toBe(0);
    expect(m.total).toBe(2);
  });
});
