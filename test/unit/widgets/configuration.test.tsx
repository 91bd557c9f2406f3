/**
 * Both configurations in jsdom through the registered controller, as the dashboard drives them: load with the
 * widget's settings and a context, each change notified for the live preview, and onSave Valid or Invalid with the
 * reason shown in the page.
 */
import * as React from "react";
import * as ReactDOM from "react-dom";
import { act } from "react-dom/test-utils";
import { ExitReadinessConfigView } from "../../../src/widgets/exit-readiness/ExitReadinessConfig";
import { CONFIGURATION_CHANGE, createConfigController } from "../../../src/widgets/shared/config-controller";
import {
  ExitReadinessConfig,
  WindowPortfolioConfig,
  exitReadinessProblem,
  parseExitReadinessConfig,
  parseWindowPortfolioConfig,
  toCustomSettings,
  windowPortfolioProblem,
} from "../../../src/widgets/shared/widget-settings";
import { WindowPortfolioConfigView } from "../../../src/widgets/window-portfolio/WindowPortfolioConfig";
import { fakeData, widgetSettings } from "./fakes";
import { useMountPoint } from "../../support/mount";

const mount = useMountPoint();

const ws = (data?: string) => ({
  name: "W",
  size: { rowSpan: 2, columnSpan: 2 },
  customSettings: { data: data as string },
});

function choose(id: string, value: string): void {
  const select = mount.root.querySelector(`#${id}`) as HTMLSelectElement;
  act(() => {
    select.value = value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  });
}

function exitConfig(data = fakeData()) {
  return createConfigController<ExitReadinessConfig>({
    parse: parseExitReadinessConfig,
    problem: exitReadinessProblem,
    toCustomSettings,
    render: (props) => act(() => void ReactDOM.render(<ExitReadinessConfigView {...props} />, mount.root)),
    data: async () => data.data,
  });
}

function portfolioConfig(data = fakeData()) {
  return createConfigController<WindowPortfolioConfig>({
    parse: parseWindowPortfolioConfig,
    problem: windowPortfolioProblem,
    toCustomSettings,
    render: (props) => act(() => void ReactDOM.render(<WindowPortfolioConfigView {...props} />, mount.root)),
    data: async () => data.data,
  });
}

describe("exit readiness configuration", () => {
  it("refuses to save without a choice, previews each change and saves a registered participant-role", async () => {
    const config = exitConfig();
    const notify = jest.fn();
    await act(async () => {
      await config.load(ws(), { notify });
    });
    expect(mount.root.querySelectorAll("#qtw-participant-role option")).toHaveLength(6); // prompt + 5 entries
    await expect(config.onSave()).rejects.toEqual({ isValid: false });
    expect(mount.root.querySelector(".qtw-problem")?.textContent).toBe("Pick a participant-role.");

    choose("qtw-participant-role", "BBBB-X");
    expect(notify).toHaveBeenLastCalledWith(CONFIGURATION_CHANGE, {
      data: { data: '{"participantRole":"BBBB-X"}', version: { major: 1, minor: 0, patch: 0 } },
    });
    expect(mount.root.querySelector(".qtw-problem")).toBeNull();
    await expect(config.onSave()).resolves.toEqual({
      isValid: true,
      customSettings: { data: '{"participantRole":"BBBB-X"}', version: { major: 1, minor: 0, patch: 0 } },
    });
  });

  it("narrows the list by window and search, and keeps the saved choice selected", async () => {
    const config = exitConfig();
    await act(async () => {
      await config.load(ws('{"participantRole":"CCCC-X"}'), { notify: jest.fn() });
    });
    expect((mount.root.querySelector("#qtw-participant-role") as HTMLSelectElement).value).toBe("CCCC-X");
    choose("qtw-window", "sit");
    const options = [...mount.root.querySelectorAll("#qtw-participant-role option")].map((o) =>
      o.getAttribute("value"),
    );
    expect(options).toEqual(["", "CCCC-X", "SITT-X"]);
  });

  it("shows why a stale choice cannot be saved", async () => {
    const config = exitConfig();
    await act(async () => {
      await config.load(ws('{"participantRole":"ZZZZ-X"}'), { notify: jest.fn() });
    });
    await expect(config.onSave()).rejects.toEqual({ isValid: false });
    expect(mount.root.querySelector(".qtw-problem")?.textContent).toContain(
      "ZZZZ-X is not in the participant registry",
    );
  });

  it("explains settings that cannot be read", async () => {
    const config = exitConfig(fakeData("forbidden"));
    await act(async () => {
      await config.load(ws(), { notify: jest.fn() });
    });
    expect(mount.root.querySelector('[role="alert"]')?.textContent).toContain("TF400813");
    await expect(config.onSave()).rejects.toEqual({ isValid: false });
  });
});

describe("window portfolio configuration", () => {
  it("needs a window with participant-roles; role and body are optional filters", async () => {
    const config = portfolioConfig();
    const notify = jest.fn();
    await act(async () => {
      await config.load(ws(), { notify });
    });
    await expect(config.onSave()).rejects.toEqual({ isValid: false });
    expect(mount.root.querySelector(".qtw-problem")?.textContent).toBe("Pick a window.");

    choose("qtw-window", "tranche-1");
    expect(notify).toHaveBeenLastCalledWith(CONFIGURATION_CHANGE, {
      data: expect.objectContaining({ data: '{"window":"tranche-1"}' }),
    });
    expect(mount.root.textContent).toContain("4 participant-roles match.");
    await expect(config.onSave()).resolves.toMatchObject({ isValid: true });

    choose("qtw-role", "N");
    expect(mount.root.querySelector(".qtw-problem")?.textContent).toContain(
      "No participant-role in the registry matches",
    );
    await expect(config.onSave()).rejects.toEqual({ isValid: false });

    choose("qtw-role", "");
    const s = widgetSettings();
    const body = s.roles.find((r) => r.code === "X")?.governingBodies[0] as string;
    choose("qtw-body", body);
    await expect(config.onSave()).resolves.toEqual({
      isValid: true,
      customSettings: expect.objectContaining({ data: JSON.stringify({ window: "tranche-1", body }) }),
    });
  });

  it("checks a window against the settings", () => {
    const s = widgetSettings();
    expect(windowPortfolioProblem({ window: "nope" }, s)).toContain('"nope" is not in the settings');
    expect(windowPortfolioProblem({ window: "sit" }, s)).toBeUndefined();
    expect(windowPortfolioProblem({ window: "tranche-1", role: "QQ" }, s)).toContain('"QQ"');
  });
});
