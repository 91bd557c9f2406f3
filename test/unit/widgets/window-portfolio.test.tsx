/**
 * The window portfolio widget in jsdom: counts by verdict, the participant-roles furthest from exit with links to
 * the hub, each state at each size, and what the widget reads (the configured window and filters only).
 */
import * as React from "react";
import { act } from "react-dom/test-utils";
import { TileSize, WidgetViewProps } from "../../../src/widgets/shared/controller";
import { furthestFromExit, verdictCounts } from "../../../src/widgets/shared/figures";
import { entriesFor, parseWindowPortfolioConfig } from "../../../src/widgets/shared/widget-settings";
import { WindowPortfolioModel, WindowPortfolioView } from "../../../src/widgets/window-portfolio/WindowPortfolioView";
import { readWindowPortfolio, scopeText } from "../../../src/widgets/window-portfolio/read";
import { defect, incompleteFacts, point } from "../../support/builders";
import { HUB_DETAIL, assess, fakeData, widgetSettings } from "./fakes";
import { useMountPoint } from "../../support/mount";

const SIZES: TileSize[] = ["medium", "wide"];
const LINK = fakeData().data.host;

const mount = useMountPoint();

function show(props: WidgetViewProps<WindowPortfolioModel>): HTMLElement {
  return mount.render(<WindowPortfolioView {...props} />);
}

function portfolio() {
  return [
    assess({ participantRole: "ABCD-X" }), // exit criteria not met yet (E5 pending): ready to submit
    assess({
      participantRole: "BBBB-X",
      defects: [defect({ severity: "1 - Critical" }), defect({ severity: "2 - High" })],
    }),
    assess({ participantRole: "CCCC-X", defects: [defect({ severity: "2 - High" })] }),
    { ...assess(incompleteFacts("points", "cut short")), participantRole: "DDDD-X" },
  ];
}

describe("window portfolio view", () => {
  it.each(SIZES)("counts by verdict and lists the furthest from exit with links at %s", (size) => {
    const open = jest.fn();
    const assessments = portfolio();
    show({
      title: "Tranche 1",
      size,
      state: { kind: "ready", value: { scope: "Tranche 1", assessments }, link: LINK, open },
    });
    const counts = verdictCounts(assessments);
    expect(counts["cannot-assess"]).toBe(1);
    expect(counts["not-ready"]).toBe(2);
    const countItems = [...mount.root.querySelectorAll(".qtw-counts li")].map((li) => li.textContent);
    expect(countItems).toContain("?1Cannot assess");
    expect(countItems).toContain("✕2Not ready");
    expect(mount.root.textContent).toContain("Tranche 1 · 4 participant-roles · 0 qualified");
    const links = [...mount.root.querySelectorAll(".qtw-list a")] as HTMLAnchorElement[];
    // cannot assess first (never passes for ready), then the most blocking defects
    expect(links.map((a) => a.textContent)).toEqual(
      size === "wide" ? ["DDDD-X", "BBBB-X", "CCCC-X", "ABCD-X"] : ["DDDD-X", "BBBB-X", "CCCC-X"],
    );
    expect(links[1].getAttribute("href")).toBe(`${HUB_DETAIL}BBBB-X`);
    act(() => {
      links[1].dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, button: 0 }));
    });
    expect(open).toHaveBeenCalledWith(`${HUB_DETAIL}BBBB-X`);
    expect(mount.root.textContent).toContain("2 Sev1/2");
    if (size === "wide") expect(mount.root.textContent).toContain("Bravo Power");
    // Each row names its lifecycle stage: shown at 4x2, said to screen readers at every size.
    const bbbb = links[1].closest("li")!;
    const stage = assessments.find((a) => a.participantRole === "BBBB-X")!.stage;
    expect(bbbb.textContent).toContain(`stage ${stage.label}`);
    if (size === "wide") expect(bbbb.querySelector("[data-stage]")?.getAttribute("data-stage")).toBe(stage.id);
  });

  it.each(SIZES)("shows each state honestly at %s", (size) => {
    show({ title: "", size, state: { kind: "loading" } });
    expect(mount.root.querySelector('[role="status"]')).not.toBeNull();
    show({ title: "", size, state: { kind: "unconfigured" } });
    expect(mount.root.textContent).toContain("Configure this widget to pick a window");
    show({
      title: "",
      size,
      state: { kind: "error", cause: "HTTP 500", advice: "Refresh the dashboard in a minute." },
    });
    expect(mount.root.querySelector('[role="alert"]')?.textContent).toContain("HTTP 500");
    show({ title: "", size, state: { kind: "cannot-assess", reason: "No participant-role matches" } });
    expect(mount.root.textContent).toContain("Cannot assess");
    expect(mount.root.querySelector(".qtw-exit-criteria-met")).toBeNull();
  });

  it("says so when every participant-role has met its exit criteria", () => {
    const met = assess({ points: [point()] });
    const asMet = { ...met, verdict: "exit-criteria-met" as const };
    show({
      title: "",
      size: "medium",
      state: { kind: "ready", value: { scope: "W", assessments: [asMet] }, link: LINK },
    });
    expect(mount.root.textContent).toContain("Every participant-role here has met its exit criteria.");
  });
});

describe("window portfolio reading", () => {
  it("reads only the configured window, role and body", async () => {
    const s = widgetSettings();
    expect(entriesFor({ window: "tranche-1" }, s).map((e) => e.mpid)).toEqual(["ABCD", "BBBB", "CCCC", "DDDD"]);
    expect(entriesFor({ window: "sit" }, s).map((e) => e.mpid)).toEqual(["SITT"]);
    expect(entriesFor({ window: "tranche-1", role: "N" }, s)).toEqual([]);
    const body = s.roles.find((r) => r.code === "X")?.governingBodies[0] as string;
    expect(entriesFor({ window: "tranche-1", body }, s)).toHaveLength(4);
    expect(entriesFor({ window: "tranche-1", body: "NOPE" }, s)).toEqual([]);

    const load = jest.fn(async () => portfolio());
    const config = parseWindowPortfolioConfig('{"window":"tranche-1","role":"X"}');
    expect(config).toEqual({ window: "tranche-1", role: "X", body: undefined });
    const model = await readWindowPortfolio(load)(fakeData().data, s, config!, new Date());
    expect(model.assessments).toHaveLength(4);
    expect(model.scope).toBe(scopeText(s, config!));
    expect(model.scope).toMatch(/ · .*\(X\)$/);
    expect(furthestFromExit(model.assessments, 1)[0].participantRole).toBe("DDDD-X");
  });

  it("reads garbage settings as unconfigured", () => {
    expect(parseWindowPortfolioConfig(undefined)).toBeUndefined();
    expect(parseWindowPortfolioConfig("not json")).toBeUndefined();
    expect(parseWindowPortfolioConfig('{"role":"X"}')).toBeUndefined();
    expect(parseWindowPortfolioConfig("[1]")).toBeUndefined();
  });
});
