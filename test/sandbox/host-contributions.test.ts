/**
 * The local host's contributions and default dashboard (sandbox/host/contributions.ts) hang together and mirror
 * vss-extension.json: the same pages, widget sizes and configurations as ship, so the host shows what ADO would.
 */
import { CONTRIBUTIONS, DEFAULT_DASHBOARD, FULL_EXTENSION_ID } from "../../sandbox/host/contributions";
import manifest from "../../vss-extension.json";

interface ManifestContribution {
  id: string;
  type: string;
  targets: string[];
  properties: { uri?: string; supportedSizes?: unknown };
}

const byId = new Map(CONTRIBUTIONS.map((c) => [c.id, c]));

describe("the host's contributions", () => {
  it("have unique ids, full contribution ids and a page each", () => {
    expect(byId.size).toBe(CONTRIBUTIONS.length);
    for (const c of CONTRIBUTIONS) {
      expect(c.contributionId).toBe(`${FULL_EXTENSION_ID}.${c.id}`);
      expect(c.page).toBe(c.id);
    }
  });

  it("mirror the manifest: its hubs, and its widgets with their sizes and configurations", () => {
    const shipped = manifest.contributions as ManifestContribution[];
    const idOf = (target: string) => target.replace(/^\./, "");
    for (const c of shipped.filter((s) => s.type !== "ms.vss-distributed-task.task")) {
      const hosted = byId.get(c.id);
      expect({ id: c.id, hosted: hosted !== undefined }).toEqual({ id: c.id, hosted: true });
      expect(`dist/web/${hosted!.page}.html`).toBe(c.properties.uri);
      if (c.type === "ms.vss-dashboards-web.widget") {
        expect(hosted).toMatchObject({ kind: "widget", supportedSizes: c.properties.supportedSizes });
        const configuration = c.targets.filter((t) => t.startsWith(".")).map(idOf);
        expect(configuration).toEqual([hosted!.configurationId]);
      }
    }
    expect(CONTRIBUTIONS.map((c) => c.id).sort()).toEqual(
      shipped
        .filter((s) => s.type !== "ms.vss-distributed-task.task")
        .map((s) => s.id)
        .sort(),
    );
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
