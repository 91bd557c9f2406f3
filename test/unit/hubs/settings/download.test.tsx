/**
 * "Download settings (JSON)" in the settings hub: disabled with the reason when nothing is saved, the stored document
 * (never the draft) when there are unsaved edits, the raw stored document with an "(invalid)" name when it does not
 * validate, and a file that validates and equals the stored settings.
 */
import * as React from "react";
import * as ReactDOM from "react-dom";
import { act } from "react-dom/test-utils";
import { validateSettings } from "../../../../src/core/validate-settings";
import { settingsDownload, settingsFileName } from "../../../../src/hubs/settings/download";
import { SettingsHub } from "../../../../src/hubs/settings/SettingsHub";
import {
  FakeOrg,
  fakeCatalog,
  fakeHubData,
  fakeOrg,
  sampleSettings,
  storeSettingsDoc,
  storeInvalidSettingsDoc,
} from "./fakes";
import { clickTab, settle } from "./dom";

let container: HTMLDivElement;
let saved: { name: string; blob: Blob }[];
let lastBlob: Blob | undefined;

beforeEach(() => {
  container = document.createElement("div");
  document.body.appendChild(container);
  saved = [];
  lastBlob = undefined;
  URL.createObjectURL = jest.fn((blob: Blob) => {
    lastBlob = blob;
    return `blob:test/${saved.length}`;
  });
  URL.revokeObjectURL = jest.fn();
  jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    if (lastBlob) saved.push({ name: this.download, blob: lastBlob });
  });
});
afterEach(() => {
  act(() => {
    ReactDOM.unmountComponentAtNode(container);
  });
  container.remove();
  jest.restoreAllMocks();
});

const NOW = new Date("2025-03-01T10:00:00Z");

async function render(org: FakeOrg) {
  const data = fakeHubData(org);
  await act(async () => {
    ReactDOM.render(<SettingsHub data={data} catalog={fakeCatalog(org)} now={() => NOW} />, container);
  });
  await settle();
  return data;
}

const text = () => container.textContent ?? "";
const isDisabled = (b: HTMLButtonElement) => b.disabled || b.getAttribute("aria-disabled") === "true";
function downloadButton(): HTMLButtonElement {
  const b = [...container.querySelectorAll("button")].find((x) =>
    /^Download (saved |stored )?settings/.test(x.getAttribute("aria-label") ?? ""),
  );
  if (!b) throw new Error(`no download button in: ${text().slice(0, 400)}`);
  return b;
}
async function clickDownload() {
  await act(async () => {
    downloadButton().click();
  });
  await settle();
}
function blobText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}
async function typeInto(el: HTMLInputElement, value: string) {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set?.call(el, value);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await settle();
}
const openTab = (name: string) => clickTab(container, name);

describe("settings hub: download settings (JSON)", () => {
  it("is disabled, with the reason, when nothing is saved yet", async () => {
    await render(fakeOrg());
    expect(text()).toContain("Nothing saved yet");
    const b = downloadButton();
    expect(isDisabled(b)).toBe(true);
    expect(b.getAttribute("aria-label")).toBe(
      "Download settings (JSON): Nothing is saved yet, so there is nothing to download: save the settings first.",
    );
    await clickDownload();
    expect(saved).toEqual([]);
  });

  it("downloads the stored settings, pretty-printed and dated by the hub's clock; the file validates", async () => {
    const org = fakeOrg();
    storeSettingsDoc(org, sampleSettings(), 3);
    await render(org);
    const b = downloadButton();
    expect(isDisabled(b)).toBe(false);
    expect(b.getAttribute("aria-label")).toBe("Download settings (JSON)");
    expect(b.textContent).toContain("Download settings (JSON)");
    await clickDownload();
    expect(saved.map((f) => f.name)).toEqual(["qt-assurance-settings-2025-03-01.json"]);
    expect(saved[0].blob.type).toBe("application/json;charset=utf-8");
    const body = await blobText(saved[0].blob);
    expect(body).toBe(`${JSON.stringify(sampleSettings(), null, 2)}\n`);
    const v = validateSettings(JSON.parse(body));
    expect(v.valid).toBe(true);
    expect(JSON.parse(body)).toEqual(org.documents.get("qt-settings/settings")?.settings);
  });

  it("with unsaved edits downloads the saved settings and says so; after saving, the new version", async () => {
    const org = fakeOrg();
    storeSettingsDoc(org, sampleSettings());
    await render(org);
    await openTab("Windows");
    const name = container.querySelector<HTMLInputElement>('input[aria-label="Name"]');
    if (!name) throw new Error("no window name field");
    await typeInto(name, "Tranche One");
    expect(text()).toContain("Unsaved changes");
    const b = downloadButton();
    expect(isDisabled(b)).toBe(false);
    expect(b.textContent).toContain("Download saved settings (JSON)");
    expect(b.getAttribute("aria-label")).toBe("Download saved settings (JSON), without your unsaved changes");
    await clickDownload();
    const before = JSON.parse(await blobText(saved[0].blob)) as ReturnType<typeof sampleSettings>;
    expect(before).toEqual(sampleSettings());
    expect(before.windows[0].name).toBe("Tranche 1");

    const save = [...container.querySelectorAll("button")].find((x) => (x.textContent ?? "").trim() === "Save");
    await act(async () => {
      save?.click();
    });
    await settle();
    expect(text()).toContain("Saved (version 2)");
    expect(downloadButton().getAttribute("aria-label")).toBe("Download settings (JSON)");
    await clickDownload();
    const after = JSON.parse(await blobText(saved[1].blob)) as ReturnType<typeof sampleSettings>;
    expect(after.windows[0].name).toBe("Tranche One");
    expect(after).toEqual(org.documents.get("qt-settings/settings")?.settings);
    expect(validateSettings(after).valid).toBe(true);
  });

  it("offers the raw stored document, named as invalid, when it does not validate (even while it is being fixed)", async () => {
    const org = fakeOrg();
    const broken = storeInvalidSettingsDoc(org);
    await render(org);
    expect(text()).toContain("do not validate");
    const b = downloadButton();
    expect(isDisabled(b)).toBe(false);
    expect(b.textContent).toContain("Download stored settings (invalid)");
    await clickDownload();
    expect(saved[0].name).toBe("qt-assurance-settings-2025-03-01-invalid.json");
    const body = JSON.parse(await blobText(saved[0].blob)) as unknown;
    expect(body).toEqual(broken);
    expect(validateSettings(body).valid).toBe(false);

    // Starting from the defaults does not change what is stored, so the download is still the stored document.
    const fresh = [...container.querySelectorAll("button")].find((x) =>
      (x.textContent ?? "").includes("Start from the defaults instead"),
    );
    await act(async () => {
      fresh?.click();
    });
    await settle();
    expect(text()).toContain("Fixing invalid stored settings");
    await clickDownload();
    expect(saved[1].name).toBe("qt-assurance-settings-2025-03-01-invalid.json");
    expect(JSON.parse(await blobText(saved[1].blob))).toEqual(broken);
  });
});

describe("settingsDownload", () => {
  it("names the file by the UK date of the clock", () => {
    // 23:30 UTC on 31 July is already 1 August in the UK (BST).
    expect(settingsFileName(new Date("2025-07-31T23:30:00Z"))).toBe("qt-assurance-settings-2025-08-01.json");
    expect(settingsFileName(new Date("2025-01-31T23:30:00Z"), true)).toBe(
      "qt-assurance-settings-2025-01-31-invalid.json",
    );
  });

  it("round-trips: the file parses to the stored settings", () => {
    const settings = sampleSettings();
    const offer = settingsDownload({ kind: "ok", settings, etag: 7 }, false, NOW);
    expect(offer.tooltip).toContain("version 7");
    const parsed = JSON.parse(offer.file?.text ?? "null") as unknown;
    expect(parsed).toEqual(settings);
    expect(validateSettings(parsed)).toEqual({ valid: true, settings: parsed });
  });
});
