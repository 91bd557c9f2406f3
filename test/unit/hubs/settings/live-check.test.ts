import { defaultSettings } from "../../../../src/core/settings";
import { checkAgainstLive } from "../../../../src/hubs/settings/live-check";
import { LiveMetadata } from "../../../../src/hubs/settings/live";

/** The Bug type's fields as a project has them: the stock ones and the two QT fields, but no target date. */
function live(): LiveMetadata {
  const field = (referenceName: string) => ({ referenceName, name: referenceName.split(".").pop()! });
  return {
    types: { status: "ok", value: ["Bug", "Task"] },
    byType: {
      bug: {
        states: { status: "ok", value: [{ name: "Active", category: "InProgress" }] },
        fields: {
          status: "ok",
          value: [
            field("Microsoft.VSTS.Common.Severity"),
            field("Custom.ImpactAssessment"),
            field("Custom.MitigationPlan"),
            field("Microsoft.VSTS.Scheduling.DueDate"),
          ],
        },
      },
    },
    severityValues: {},
    severityField: "Microsoft.VSTS.Common.Severity",
    areaPaths: { status: "ok", value: [] },
    plans: { status: "ok", value: [] },
    // Only what the check reads: the raw state and field records carry more than these tests need.
  } as unknown as LiveMetadata;
}

describe("checking the defect fields against the project", () => {
  it("does not ask for a resolution date field the settings leave out", () => {
    const errors = checkAgainstLive(defaultSettings(), live()).errors.map((e) => e.path);
    expect(errors).not.toContain("$.defects.resolutionDateField");
  });

  it("names a resolution date field the defect type does not have, and accepts one it has", () => {
    const wrong = defaultSettings();
    wrong.defects.resolutionDateField = "Microsoft.VSTS.Scheduling.TargetDate";
    expect(checkAgainstLive(wrong, live()).errors).toContainEqual(
      expect.objectContaining({
        path: "$.defects.resolutionDateField",
        message:
          'The resolution date field "Microsoft.VSTS.Scheduling.TargetDate" is not a field of the work item type "Bug".',
      }),
    );
    const right = defaultSettings();
    right.defects.resolutionDateField = "Microsoft.VSTS.Scheduling.DueDate";
    expect(checkAgainstLive(right, live()).errors.map((e) => e.path)).not.toContain("$.defects.resolutionDateField");
  });
});
