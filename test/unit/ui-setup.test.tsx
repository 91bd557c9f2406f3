/**
 * Proves the "ui" jest project works for what the hubs and widgets will be made of: azure-devops-ui's ES modules
 * (with their CSS imports) load in jsdom, React 16 renders them, and the SDK resolves to the typed mock.
 */
import * as React from "react";
import * as ReactDOM from "react-dom";
import { act } from "react-dom/test-utils";
import { Button } from "azure-devops-ui/Button";
import { Pill, PillVariant } from "azure-devops-ui/Pill";
import * as SDK from "azure-devops-extension-sdk";
import * as sdkMockModule from "../support/sdk-mock";
import { sdkMock } from "../support/sdk-mock";

let container: HTMLDivElement;

beforeEach(() => {
  sdkMock.reset();
  container = document.createElement("div");
  document.body.appendChild(container);
});

afterEach(() => {
  ReactDOM.unmountComponentAtNode(container);
  container.remove();
});

function render(element: React.ReactElement): void {
  act(() => {
    ReactDOM.render(element, container);
  });
}

describe("azure-devops-ui in jsdom", () => {
  it("renders a Pill with its text and variant class", () => {
    render(<Pill variant={PillVariant.outlined}>ABCD-X</Pill>);
    const pill = container.querySelector(".bolt-pill");
    expect(pill).not.toBeNull();
    expect(pill!.classList.contains("outlined")).toBe(true);
    expect(pill!.textContent).toBe("ABCD-X");
  });

  it("renders a Button that calls its onClick", () => {
    const onClick = jest.fn();
    render(<Button text="Assess" primary={true} onClick={onClick} />);
    const button = container.querySelector("button");
    expect(button).not.toBeNull();
    expect(button!.textContent).toBe("Assess");
    expect(button!.classList.contains("primary")).toBe(true);
    act(() => {
      button!.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    });
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it("really asserts on the DOM (a wrong expectation fails)", () => {
    render(<Pill>Sev1</Pill>);
    expect(() => expect(container.textContent).toBe("Sev2")).toThrow();
  });
});

describe("azure-devops-extension-sdk in unit tests", () => {
  it("resolves to the mock module", () => {
    expect(SDK).toBe(sdkMockModule);
    expect(jest.isMockFunction(SDK.init)).toBe(true);
    expect(jest.isMockFunction(SDK.getAccessToken)).toBe(true);
    expect(SDK.sdkVersion).toBe(4.2);
  });

  it("answers the handshake, configuration, services and tokens as the test sets them", async () => {
    await expect(SDK.ready()).rejects.toThrow(/before init/);
    await SDK.init({ loaded: false });
    await SDK.ready();
    expect(sdkMock.loadSucceeded).toBe(false);
    await SDK.notifyLoadSucceeded();
    expect(sdkMock.loadSucceeded).toBe(true);

    sdkMock.setConfiguration({ participantRole: "ABCD-X" });
    expect(SDK.getConfiguration()).toEqual({ participantRole: "ABCD-X" });
    expect(SDK.getWebContext().project.name).toBe("MHHS Programme");
    expect(SDK.getHost().type).toBe(SDK.HostType.Organization);

    sdkMock.setAccessToken("token-123");
    await expect(SDK.getAccessToken()).resolves.toBe("token-123");

    const dataService = { getExtensionDataManager: jest.fn() };
    sdkMock.setService("ms.vss-features.extension-data-service", dataService);
    await expect(SDK.getService("ms.vss-features.extension-data-service")).resolves.toBe(dataService);
    await expect(SDK.getService("ms.vss-features.location-service")).rejects.toThrow(/no service/);

    const widget = { load: jest.fn(), reload: jest.fn() };
    SDK.register("qt-status-widget", widget);
    expect(sdkMock.registered("qt-status-widget")).toBe(widget);
    expect(SDK.register).toHaveBeenCalledWith("qt-status-widget", widget);
  });

  it("starts each test from a clean mock", () => {
    expect(SDK.init).not.toHaveBeenCalled();
    expect(sdkMock.initialised).toBe(false);
    expect(sdkMock.registered("qt-status-widget")).toBeUndefined();
  });
});
