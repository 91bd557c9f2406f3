import * as React from "react";
import * as ReactDOM from "react-dom";
import { act } from "react-dom/test-utils";
import { SettingsHub } from "../../../../src/hubs/settings/SettingsHub";
import { diffSettings, mergeSettings } from "../../../../src/hubs/settings/merge";
import { Settings } from "../../../../src/core/settings";
import { FakeOrg, fakeCatalog, fakeHubData, fakeOrg, sampleSettings, storeSettingsDoc } from "./fakes";
import { clickTab, settle } from "./dom";
import { useMountPoint } from "../../../support/mount";

/** The settings hub's Traceability section: requirement types and scopes, validated as they are edited, saved. */
const mount = useMountPoint();

async function render(org: FakeOrg) {
  await act(async () => {
    ReactDOM.render(
      <SettingsHub data={fakeHubData(org)} catalog={fakeCatalog(org)} now={() => new Date("2025-03-01T10:00:00Z")} />,
      mount.root,
    );
  });
  await settle();
}

const text = () => mount.root.textContent ?? "";
function button(label: string): HTMLButtonElement {
  const b = [...mount.root.querySelectorAll("button")].find(
    (x) => (x.textContent ?? "").trim() === label || x.getAttribute("aria-label") === label,
  );
  if (!b) throw new Error(`no button "${label}"`);
  return b;
}
async function click(label: string) {
  await act(async () => button(label).click());
  await settle();
}
async function choose(label: string, value: string) {
  const select = [...mount.root.querySelectorAll("label")].find((l) => l.textContent === label)!;
  const el = document.getElementById(select.htmlFor) as HTMLSelectElement;
  await act(async () => {
    el.value = value;
    el.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await settle();
}
async function type(label: string, value: string) {
  const el = mount.root.querySelector<HTMLInputElement>(`input[aria-label="${label}"]`)!;
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set?.call(el, value);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await settle();
}
async function check(label: string) {
  const box = [...mount.root.querySelectorAll<HTMLElement>('[role="checkbox"]')].find((c) =>
    (c.textContent ?? "").includes(label),
  )!;
  await act(async () => box.click());
  await settle();
}

describe("settings hub: traceability", () => {
  it("sets requirement types and a role's scope, says what is missing, and saves them", async () => {
    const org = fakeOrg();
    storeSettingsDoc(org, sampleSettings());
    await render(org);
    await clickTab(mount.root, "Traceability");
    expect(text()).toContain("a requirement with no test at all cannot be flagged");
    await check("Say which work items are requirements");
    expect(mount.root.querySelector('[aria-label="Requirement work item types"]')?.textContent).toContain(
      "Requirement",
    );

    await choose("Add a scope for", "X");
    await click("Add scope");
    expect(mount.root.querySelectorAll('[data-testid="requirement-scope"]')).toHaveLength(1);
    // An empty scope would select every requirement: the settings say so, and cannot be saved.
    expect(text()).toContain("Say which requirements a participant-role must trace");
    await type("Tags for X", "Supplier; RTTM");
    await check("select its requirements by its defect scope");
    await click("Save");
    const stored = org.documents.get("qt-settings/settings")?.settings as Settings;
    expect(stored.traceability).toEqual({
      requirementTypes: ["Requirement"],
      scopes: { X: { tags: ["Supplier", "RTTM"] } },
      useDefectScope: true,
    });
  });

  it("diffs and merges traceability items like the other sections'", () => {
    const base = sampleSettings();
    const mine: Settings = {
      ...base,
      traceability: { requirementTypes: ["Requirement"], scopes: { X: { tags: ["S"] } } },
    };
    const theirs: Settings = { ...base, traceability: { requirementTypes: ["Requirement", "User Story"] } };
    expect(diffSettings(base, mine).map((c) => `${c.kind} ${c.item}`)).toEqual([
      "added requirement type Requirement",
      "added requirement scope X",
    ]);
    const { merged, clashes } = mergeSettings(base, mine, theirs);
    expect(clashes).toEqual([]);
    expect(merged.traceability).toEqual({
      requirementTypes: ["Requirement", "User Story"],
      scopes: { X: { tags: ["S"] } },
    });
    expect(mergeSettings(base, base, base).merged.traceability).toBeUndefined();
  });
});
