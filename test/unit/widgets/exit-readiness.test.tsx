/**
 * The exit readiness widget in jsdom: each state at each size, the figures from real engine assessments, the link
 * to the hub, and the dashboard's preload/load/reload round trip through the registered controller.
 */
import * as React from "react";
import { act } from "react-dom/test-utils";
import { CannotAssessError } from "../../../src/ado/assessment-run";
import { AdoRequestError } from "../../../src/ado/errors";
import { buildBurnUp, Trend } from "../../../src/core/trend";
import { ExitReadinessView, ExitTile } from "../../../src/widgets/exit-readiness/ExitReadinessView";
import { TileSize, WidgetViewProps, createWidgetController, tileSize } from "../../../src/widgets/shared/controller";
import { headline } from "../../../src/widgets/shared/figures";
import { loadExitReadiness } from "../../../src/widgets/shared/load";
import {
  ExitReadinessConfig,
  parseExitReadinessConfig,
  toCustomSettings,
} from "../../../src/widgets/shared/widget-settings";
import { defect, incompleteFacts, point } from "../../support/builders";
import { HUB_DETAIL, assess, fakeData, widgetSettings } from "./fakes";
import { useMountPoint } from "../../support/mount";

jest.mock("../../../src/ado/reader", () => ({
  ...jest.requireActual("../../../src/ado/reader"),
  readParticipantRole: jest.fn(),
}));
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the mocked module, typed
const reader = require("../../../src/ado/reader") as { readParticipantRole: jest.Mock };

const SIZES: TileSize[] = ["compact", "medium", "wide"];
const LINK = fakeData().data.host;

const mount = useMountPoint();

function show(props: WidgetViewProps<ExitTile>): HTMLElement {
  return mount.render(<ExitReadinessView {...props} />);
}

const notReady = () =>
  assess({
    points: [point(), point({ outcome: "failed" }), point({ outcome: "unspecified" })],
    defects: [defect({ severity: "1 - Critical" }), defect({ severity: "3 - Medium" })],
  });

describe("exit readiness view", () => {
  it.each(SIZES)("shows loading, unconfigured, error and cannot-assess honestly at %s", (size) => {
    expect(show({ title: "Mine", size, state: { kind: "loading" } }).querySelector('[role="status"]')).not.toBeNull();
    expect(mount.root.textContent).toContain("Mine");

    show({ title: "", size, state: { kind: "unconfigured" } });
    expect(mount.root.textContent).toContain("Configure this widget to pick a participant-role");
    expect(mount.root.textContent).toContain("QT exit readiness");

    show({ title: "t", size, state: { kind: "error", cause: "TF400813: refused", advice: "Ask an administrator." } });
    const alert = mount.root.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain("TF400813: refused");
    expect(alert?.textContent).toContain("Ask an administrator.");

    show({ title: "t", size, state: { kind: "cannot-assess", reason: "ZZZZ-X is not in the registry." } });
    expect(mount.root.textContent).toContain("Cannot assess");
    expect(mount.root.textContent).toContain("ZZZZ-X is not in the registry.");
    expect(mount.root.querySelector(".qtw-exit-criteria-met")).toBeNull();
  });

  it.each(SIZES)("shows a not-ready participant-role's figures at %s, linking to the hub", (size) => {
    const open = jest.fn();
    show({ title: "Alpha", size, state: { kind: "ready", value: { assessment: notReady() }, link: LINK, open } });
    const text = mount.root.textContent ?? "";
    expect(text).toContain("ABCD-X · Alpha Energy");
    expect(text).toContain("Not ready");
    const link = mount.root.querySelector("a") as HTMLAnchorElement;
    expect(link.getAttribute("href")).toBe(`${HUB_DETAIL}ABCD-X`);
    expect(link.getAttribute("target")).toBe("_top");
    act(() => {
      link.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, button: 0 }));
    });
    expect(open).toHaveBeenCalledWith(`${HUB_DETAIL}ABCD-X`);
    if (size === "compact") {
      // The one number that matters: the blocking defect.
      expect(text).toContain("1Sev1/Sev2 outstanding");
      expect(text).not.toContain("waivers pending");
    } else {
      expect(text).toContain("2 / 3 · 66.6%");
      expect(text).toContain("1 / 0Sev1 / Sev2 outstanding");
      expect(text).toContain("Sev3/4 awaiting mitigation");
      expect(text).toContain("waivers pending");
      expect(text).toMatch(/left in|no window/);
    }
    if (size === "wide") {
      for (const id of ["E1", "E2", "E3", "E4", "E5"]) expect(text).toContain(id);
      expect(text).toContain("✕ Not met");
    } else expect(mount.root.querySelector(".qtw-list")).toBeNull();
  });

  it.each(SIZES)("never shows an incomplete read as green at %s", (size) => {
    const a = assess(incompleteFacts("defects", "the defect query was cut short"));
    expect(a.verdict).toBe("cannot-assess");
    show({ title: "t", size, state: { kind: "ready", value: { assessment: a }, link: LINK } });
    expect(mount.root.querySelector(".qtw-cannot-assess")).not.toBeNull();
    expect(mount.root.querySelector(".qtw-exit-criteria-met")).toBeNull();
    expect(mount.root.textContent).toContain("Cannot assess");
    // Unknowns are not zeros: no figures from an incomplete read.
    expect(mount.root.querySelector(".qtw-figure")).toBeNull();
    expect(mount.root.querySelector(".qt-execution-bar")).toBeNull();
  });

  it("draws the executed sparkline at 2x2 from the burn-up, and says why when there is none", () => {
    const burnUp = buildBurnUp(
      [
        { date: "2025-05-31", outcome: "None", count: 4 },
        { date: "2025-06-01", outcome: "Passed", count: 1 },
        { date: "2025-06-01", outcome: "None", count: 3 },
      ],
      { from: "2025-05-31", to: "2025-06-01" },
      [],
    );
    const trend: Trend = {
      participantRole: "ABCD-X",
      today: "2025-06-01",
      burnUp: { ok: true, value: burnUp },
      burnDown: { ok: false, reason: "Not asked for." },
      differences: [],
    };
    show({
      title: "t",
      size: "medium",
      state: { kind: "ready", value: { assessment: notReady(), trend }, link: LINK },
    });
    const spark = mount.root.querySelector(".qtw-spark [role='img']");
    expect(spark?.getAttribute("aria-label")).toMatch(/^Executed 25% \(1 of 4\)/);

    const failed: Trend = { ...trend, burnUp: { ok: false, reason: "Analytics is not available for this project." } };
    show({
      title: "t",
      size: "medium",
      state: { kind: "ready", value: { assessment: notReady(), trend: failed }, link: LINK },
    });
    expect(mount.root.querySelector(".qtw-spark [role='img']")).toBeNull();
    expect(mount.root.textContent).toContain("No trend: Analytics is not available for this project.");
  });

  it("names the items behind a criterion in its tooltip as an assurer knows them", () => {
    const a = assess({
      points: [
        point({ outcome: "failed", testCaseTitle: "Register a new MPAN", configurationName: "UIT" }),
        ...[1, 2, 3].map((n) => point({ outcome: "failed", testCaseTitle: `Change of supplier ${n}` })),
      ],
    });
    show({ title: "t", size: "wide", state: { kind: "ready", value: { assessment: a }, link: LINK } });
    const e4 = [...mount.root.querySelectorAll(".qtw-list li")].find((li) => li.textContent?.startsWith("E4"));
    const tooltip = e4?.getAttribute("title") ?? "";
    expect(tooltip).toContain("4 test points failed without an approved waiver: Register a new MPAN · UIT, ");
    expect(tooltip).toContain("Change of supplier 2 · UIT and 1 more.");
    expect(tooltip).not.toMatch(/Point \d/);
  });

  it("picks the headline by what blocks exit", () => {
    expect(headline(notReady())).toMatchObject({ value: "1", label: "Sev1/Sev2 outstanding", alarm: true });
    expect(headline(assess({ defects: [defect()] }))).toMatchObject({ label: "Sev3/4 awaiting mitigation" });
    expect(headline(assess({ points: [point({ outcome: "failed" })] }))).toMatchObject({ label: "waivers pending" });
    expect(headline(assess(incompleteFacts("points", "cut")))).toMatchObject({ value: "?", alarm: true });
    const ready = assess();
    expect(ready.verdict).toBe("ready-to-submit");
    expect(headline(ready)).toMatchObject({ value: "E5", label: "completion report to submit", alarm: false });
  });
});

describe("exit readiness controller", () => {
  const ws = (data: string | undefined, size = { rowSpan: 2, columnSpan: 2 }) => ({
    name: "Alpha readiness",
    size,
    customSettings: { data: data as string, version: { major: 1, minor: 0, patch: 0 } },
  });

  function controller(read: jest.Mock, data = fakeData()) {
    const renders: WidgetViewProps<ExitTile>[] = [];
    const widget = createWidgetController<ExitReadinessConfig, ExitTile>({
      parse: parseExitReadinessConfig,
      read,
      render: (p) => renders.push(p),
      data: async () => data.data,
    });
    return { widget, renders, data };
  }

  it("maps dashboard sizes to layouts", () => {
    expect(tileSize({ rowSpan: 1, columnSpan: 2 })).toBe("compact");
    expect(tileSize({ rowSpan: 2, columnSpan: 2 })).toBe("medium");
    expect(tileSize({ rowSpan: 2, columnSpan: 4 })).toBe("wide");
  });

  it("is unconfigured without settings, then loads and reloads with new ones", async () => {
    const read = jest.fn(async (..._args: unknown[]) => ({ assessment: notReady() }));
    const { widget, renders, data } = controller(read);
    await expect(widget.preload(ws(undefined))).resolves.toMatchObject({ statusType: 0 });
    await expect(widget.load(ws(undefined))).resolves.toMatchObject({ statusType: 2 });
    expect(renders.at(-1)?.state.kind).toBe("unconfigured");
    expect(read).not.toHaveBeenCalled();

    await expect(widget.load(ws(toCustomSettings({ participantRole: "ABCD-X" }).data))).resolves.toMatchObject({
      statusType: 0,
    });
    expect(renders.map((r) => r.state.kind).slice(-2)).toEqual(["loading", "ready"]);
    expect(read.mock.calls[0][2]).toEqual({ participantRole: "ABCD-X" });
    expect(data.loadSettings).toHaveBeenCalledTimes(1); // preload's read was used

    await widget.reload(ws('{"participantRole":"bbbb-x"}', { rowSpan: 2, columnSpan: 4 }));
    expect(read.mock.calls[1][2]).toEqual({ participantRole: "BBBB-X" });
    expect(renders.at(-1)).toMatchObject({ title: "Alpha readiness", size: "wide", state: { kind: "ready" } });
    expect(data.loadSettings).toHaveBeenCalledTimes(2); // reload reads afresh
  });

  it("says cannot assess when the engine's helpers refuse, and fails with the cause and advice on errors", async () => {
    const refuse = jest.fn(async () => {
      throw new CannotAssessError("ZZZZ-X is not in the registry of these settings.");
    });
    const one = controller(refuse);
    await expect(one.widget.load(ws('{"participantRole":"ZZZZ-X"}'))).resolves.toMatchObject({ statusType: 0 });
    expect(one.renders.at(-1)?.state).toEqual({
      kind: "cannot-assess",
      reason: "ZZZZ-X is not in the registry of these settings.",
    });

    const fail = jest.fn(async () => {
      throw new AdoRequestError("forbidden", "TF400813: not authorised", { status: 403, operation: "GET points" });
    });
    const two = controller(fail);
    await expect(two.widget.load(ws('{"participantRole":"ABCD-X"}'))).rejects.toMatchObject({
      message: expect.stringContaining("TF400813"),
    });
    expect(two.renders.at(-1)?.state).toMatchObject({ kind: "error", advice: expect.stringContaining("Test Plans") });

    const missing = controller(jest.fn(), fakeData("missing"));
    await missing.widget.load(ws('{"participantRole":"ABCD-X"}'));
    expect(missing.renders.at(-1)?.state).toMatchObject({
      kind: "cannot-assess",
      reason: expect.stringContaining("settings hub"),
    });
  });

  it("keeps only the latest of overlapping loads", async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((r) => (release = r));
    const read = jest
      .fn()
      .mockImplementationOnce(async () => {
        await slow;
        return { assessment: notReady() };
      })
      .mockImplementationOnce(async () => ({ assessment: assess() }));
    const { widget, renders } = controller(read);
    const first = widget.load(ws('{"participantRole":"ABCD-X"}'));
    await widget.reload(ws('{"participantRole":"BBBB-X"}'));
    release();
    await first;
    const last = renders.at(-1)?.state;
    expect(last?.kind === "ready" && last.value.assessment.verdict).not.toBe("not-ready");
  });

  it("reads through the hub's detail loader and the one engine", async () => {
    reader.readParticipantRole.mockResolvedValue(
      // a builder's facts: the mocked reader stands in for ADO only
      jest.requireActual("../../support/builders").facts({ defects: [defect({ severity: "2 - High" })] }),
    );
    const { data } = fakeData();
    const a = await loadExitReadiness(data, widgetSettings(), "ABCD-X", new Date("2025-06-01T12:00:00Z"));
    expect(a.participantRole).toBe("ABCD-X");
    expect(a.verdict).toBe("not-ready");
    expect(a.defectCounts.find((c) => c.severity === 2)?.outstanding).toBe(1);
    await expect(loadExitReadiness(data, widgetSettings(), "ZZZZ-X", new Date())).rejects.toBeInstanceOf(
      CannotAssessError,
    );
  });
});
