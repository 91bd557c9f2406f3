import * as React from "react";
import * as ReactDOM from "react-dom";
import { act } from "react-dom/test-utils";
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
beforeEach(() => {
  container = document.createElement("div");
  document.body.appendChild(container);
});
afterEach(() => {
  ReactDOM.unmountComponentAtNode(container);
  container.remove();
});

async function render(org: FakeOrg, onLoaded?: (e?: unknown) => void) {
  const data = fakeHubData(org);
  await act(async () => {
    ReactDOM.render(
      <SettingsHub
        data={data}
        catalog={fakeCatalog(org)}
        now={() => new Date("2025-03-01T10:00:00Z")}
        onLoaded={onLoaded}
      />,
      container,
    );
  });
  await settle();
  return data;
}

const text = () => container.textContent ?? "";
function button(label: string): HTMLButtonElement {
  const b = [...container.querySelectorAll("button")].find(
    (x) => (x.textContent ?? "").trim() === label || x.getAttribute("aria-label") === label,
  );
  if (!b) throw new Error(`no button "${label}" in: ${text().slice(0, 400)}`);
  return b;
}
const isDisabled = (b: HTMLButtonElement) => b.disabled || b.getAttribute("aria-disabled") === "true";
async function click(label: string) {
  await act(async () => {
    button(label).click();
  });
  await settle();
}
async function type(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(proto, "value")?.set?.call(el, value);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await settle();
}
function field(label: string, nth = 0): HTMLInputElement {
  const els = [
    ...container.querySelectorAll<HTMLInputElement>(`input[aria-label="${label}"], textarea[aria-label="${label}"]`),
  ];
  if (!els[nth]) throw new Error(`no field "${label}"`);
  return els[nth];
}
const tab = (name: string) => clickTab(container, name);

describe("settings hub: loading", () => {
  it("starts from the defaults and says nothing is saved yet when there are no settings", async () => {
    const org = fakeOrg();
    const loaded = jest.fn();
    await render(org, loaded);
    expect(text()).toContain("Nothing saved yet");
    expect(text()).toContain("these are the defaults");
    expect(text()).toContain("Bug");
    expect(loaded).toHaveBeenCalledWith(undefined);
  });

  it("says clearly when the settings cannot be read, and reports the load as failed", async () => {
    const org = fakeOrg();
    org.failReads = true;
    const loaded = jest.fn();
    await render(org, loaded);
    expect(text()).toContain("The settings could not be read");
    expect(text()).toContain("TF400813");
    expect(loaded.mock.calls[0][0]).toBeInstanceOf(Error);
    org.failReads = false;
    storeSettingsDoc(org, sampleSettings());
    await click("Retry");
    expect(text()).toContain("Version 1, no unsaved changes");
  });

  it("shows the stored document's errors and lets the user fix it", async () => {
    const org = fakeOrg();
    storeInvalidSettingsDoc(org);
    await render(org);
    expect(text()).toContain("do not validate");
    expect(text()).toContain("$.windows[0].execution.end");
    const json = field("Stored settings (JSON)");
    await type(json, json.value.replace("2020-01-01", "2025-09-30"));
    await click("Apply and edit");
    expect(text()).toContain("Fixing invalid stored settings");
    await settle();
    expect(isDisabled(button("Save"))).toBe(false);
    await click("Save");
    expect(text()).toContain("Saved (version 5)");
  });
});

describe("settings hub: severity", () => {
  it("flags the field's allowed values that are not mapped (they count as Sev1)", async () => {
    const org = fakeOrg();
    storeSettingsDoc(org, sampleSettings());
    await render(org);
    const rows = [...container.querySelectorAll('[data-testid="severity-row"]')].map((r) => r.textContent ?? "");
    const unknown = rows.find((r) => r.includes("Sev9 - Unknown"));
    expect(unknown).toContain("Unmapped: counts as Sev1");
    expect(rows.find((r) => r.includes("Sev1 - Critical"))).toContain("Mapped");
    expect(text()).toContain("1 allowed value(s) of Custom.QTSeverity are not mapped");
    // A warning, not an error: saving stays possible once something changed.
    const select = container.querySelector<HTMLSelectElement>("select[aria-label], select[id]");
    expect(select).not.toBeNull();
    const level = [...container.querySelectorAll<HTMLSelectElement>("select")].find((s) =>
      (s.closest("tr")?.textContent ?? "").includes("Sev9 - Unknown"),
    );
    await act(async () => {
      if (!level) throw new Error("no level select");
      level.value = "4";
      level.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await settle();
    const after = [...container.querySelectorAll('[data-testid="severity-row"]')].find((r) =>
      (r.textContent ?? "").includes("Sev9"),
    );
    expect(after?.textContent).toContain("Mapped");
    expect(text()).toContain("Unsaved changes");
  });
});

describe("settings hub: registry import", () => {
  it("previews a CSV with quoted fields and shows row-level errors; imports only the good rows", async () => {
    const org = fakeOrg();
    storeSettingsDoc(org, sampleSettings());
    await render(org);
    await tab("Participant registry");
    await click("Import CSV");
    const csv = [
      "mpid,roleCode,participantName,route,window,testPlans,areaPaths",
      'ORCH,X,"Orchardly Energy, Supply",QT,tranche-1,2,MHHS QT\\tranche-1\\ORCH-X',
      'HOLL,X,"Hollowmere ""New"" Name",QT,tranche-1,1,MHHS QT\\tranche-1\\HOLL-X',
      "BAD,X,Broken,QT,tranche-1,1,",
      "ABCD,X,No route,PT,tranche-1,x,",
    ].join("\r\n");
    await type(field("Or paste CSV"), csv);
    await click("Preview");
    const rows = [...container.querySelectorAll('[data-testid="import-row"]')].map((r) => r.textContent ?? "");
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain("New");
    expect(rows[1]).toContain("Replaces");
    expect(rows[2]).toContain('mpid: "BAD" must be exactly four letters');
    expect(rows[3]).toContain('route: "PT" must be QT or SIT');
    expect(rows[3]).toContain('testPlans: "x" is not a plan id');
    expect(text()).toContain("1 new, 1 replacing an entry, 2 with errors");
    await click("Import 2 row(s)");
    const registry = [...container.querySelectorAll('[data-testid="registry-row"]')].map((r) => r.textContent ?? "");
    expect(registry).toHaveLength(2);
    expect(registry.join()).toContain("Orchardly Energy, Supply");
    expect(registry.join()).toContain('Hollowmere "New" Name');
  });

  it("accepts proposals from discovery", async () => {
    const org = fakeOrg();
    storeSettingsDoc(org, sampleSettings());
    await render(org);
    await tab("Participant registry");
    await click("Discover from areas and plans");
    const proposals = [...container.querySelectorAll('[data-testid="discovery-row"]')].map((r) => r.textContent ?? "");
    expect(proposals.some((p) => p.includes("ORCH-X"))).toBe(true);
    const accept = [...container.querySelectorAll("button")].find((b) =>
      /^Accept \d+ proposal/.test(b.textContent ?? ""),
    );
    await act(async () => accept?.click());
    await settle();
    const registry = [...container.querySelectorAll('[data-testid="registry-row"]')].map((r) => r.textContent ?? "");
    expect(registry.some((r) => r.includes("ORCH-X"))).toBe(true);
  });
});

describe("settings hub: validation", () => {
  it("shows errors at the field with the path and fix, and keeps Save disabled while invalid", async () => {
    const org = fakeOrg();
    storeSettingsDoc(org, sampleSettings());
    await render(org);
    await tab("Windows");
    await type(field("Execution ends"), "2025-01-01");
    expect(isDisabled(button("Save"))).toBe(true);
    expect(text()).toContain("$.windows[0].execution.end");
    expect(text()).toContain("Environment preparation comes before execution");
    await type(field("Execution ends"), "2025-10-01");
    expect(isDisabled(button("Save"))).toBe(false);
  });

  it("checks the registry and fields against the live metadata", async () => {
    const org = fakeOrg();
    const s = sampleSettings();
    s.registry[0].testPlans = [{ planId: 99 }];
    s.registry[0].defectScope.areaPaths = ["MHHS QT\\nowhere"];
    s.defects.impactField = "Custom.Nope";
    s.defects.stateOverrides = [{ workItemType: "Bug", state: "Parked", outstanding: false }];
    storeSettingsDoc(org, s);
    await render(org);
    const errors = container.querySelector('[data-testid="error-list"]')?.textContent ?? "";
    expect(errors).toContain("the test plan 99 does not exist");
    expect(errors).toContain('the area path "MHHS QT\\nowhere" does not exist');
    expect(errors).toContain('"Custom.Nope" is not a field of the work item type "Bug"');
    expect(errors).toContain('The state "Parked" is not a state');
    await tab("Windows");
    await type(field("Name"), "Tranche One");
    expect(isDisabled(button("Save"))).toBe(true);
  });
});

describe("settings hub: saving and conflicts", () => {
  it("saves with the etag, then detects a concurrent edit and keeps both changes", async () => {
    const org = fakeOrg();
    storeSettingsDoc(org, sampleSettings());
    const data = await render(org);
    await tab("Windows");
    await type(field("Name"), "Tranche One");
    expect(text()).toContain("Unsaved changes");

    // Someone else adds an assurer meanwhile.
    const theirs = sampleSettings();
    theirs.assurers.push({ user: "reuben@example.org", body: "REC" });
    const saved = await data.store.saveSettings(theirs, 1);
    expect(saved.kind).toBe("saved");

    await click("Save");
    const conflict = container.querySelector('[data-testid="conflict"]')?.textContent ?? "";
    expect(conflict).toContain("Their changes");
    expect(conflict).toContain("added assurer reuben@example.org (REC)");
    expect(conflict).toContain("changed window tranche-1");
    expect(isDisabled(button("Save"))).toBe(true);

    await click("Re-apply my changes on top of theirs");
    await click("Save");
    expect(text()).toContain("Saved (version 3)");
    const stored = org.documents.get("qt-settings/settings")?.settings as ReturnType<typeof sampleSettings>;
    expect(stored.windows[0].name).toBe("Tranche One");
    expect(stored.assurers.map((a) => a.user)).toEqual(["beatrix@example.org", "reuben@example.org"]);
    const audit = org.documents.get("qt-audit/log");
    expect(JSON.stringify(audit)).toContain("settings.saved");
  });

  it("can keep their version instead, and Discard restores the loaded version", async () => {
    const org = fakeOrg();
    storeSettingsDoc(org, sampleSettings());
    const data = await render(org);
    await tab("Windows");
    await type(field("Name"), "Mine");
    await click("Discard changes");
    expect(field("Name").value).toBe("Tranche 1");
    await type(field("Name"), "Mine");
    const theirs = sampleSettings();
    theirs.windows[0].name = "Theirs";
    await data.store.saveSettings(theirs, 1);
    await click("Save");
    expect(text()).toContain("Both of you changed: window tranche-1");
    await click("Keep theirs (discard mine)");
    expect(field("Name").value).toBe("Theirs");
    expect(text()).toContain("Version 2, no unsaved changes");
  });
});
