/**
 * The local host's contributions and default dashboard (sandbox/host/contributions.ts) hang together: the widgets
 * the dashboard shows exist, at sizes they support, and each widget's configuration is a configuration page.
 */
import { CONTRIBUTIONS, DEFAULT_DASHBOARD, FULL_EXTENSION_ID } from "../../sandbox/host/contributions";

const byId = new Map(CONTRIBUTIONS.map((c) => [c.id, c]));

describe("the host's contributions", () => {
  it("have unique ids, full contribution ids and a page each", () => {
    expect(byId.size).toBe(CONTRIBUTIONS.length);
    for (const c of CONTRIBUTIONS) {
      expect(c.contributionId).toBe(`${FULL_EXTENSION_ID}.${c.id}`);
      expect(c.page).toBe(c.id);
    }
  });

  it("declare the widgets with their sizes and configurations", () => {
    expect(byId.get("exit-readiness-widget")).toMatchObject({
      kind: "widget",
      configurationId: "exit-readiness-config",
      supportedSizes: [
        { rowSpan: 1, columnSpan: 2 },
        { rowSpan: 2, columnSpan: 2 },
        { rowSpan: 2, columnSpan: 4 },
      ],
    });
    expect(byId.get("window-portfolio-widget")).toMatchObject({
      kind: "widget",
      configurationId: "window-portfolio-config",
      supportedSizes: [
        { rowSpan: 2, columnSpan: 2 },
        { rowSpan: 2, columnSpan: 4 },
      ],
    });
    for (const c of CONTRIBUTIONS.filter((w) => w.kind === "widget"))
      expect(byId.get(c.configurationId ?? "")?.kind).toBe("widget-configuration");
  });

  it("put only existing widgets on the default dashboard, at supported sizes", () => {
    expect(new Set(DEFAULT_DASHBOARD.map((w) => w.id)).size).toBe(DEFAULT_DASHBOARD.length);
    for (const instance of DEFAULT_DASHBOARD) {
      const widget = byId.get(instance.widget);
      expect(widget?.kind).toBe("widget");
      expect(widget?.supportedSizes).toContainEqual(instance.size);
    }
    expect(DEFAULT_DASHBOARD.filter((w) => !w.customSettings)).toHaveLength(1);
  });
});
