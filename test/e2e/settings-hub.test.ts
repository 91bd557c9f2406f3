/**
 * The settings hub in Chromium through the local extension host: the stored sample settings are shown, an edit is
 * validated, saved and still there after a reload, two concurrent edits end with both kept, and "Download settings
 * (JSON)" gives the stored settings (not unsaved edits) as a file that validates.
 */
import { readFile } from "node:fs/promises";
import { FrameLocator, Page } from "playwright-core";
import { ukDate } from "../../src/core/calendar";
import { validateSettings } from "../../src/core/validate-settings";
import { screenshotPath } from "./support/browser";
import { useHostAndBrowser } from "./support/pages";

jest.setTimeout(180_000);

const session = useHostAndBrowser(120_000);

async function openHub(theme: "light" | "dark" = "light"): Promise<{ page: Page; frame: FrameLocator }> {
  const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const logs: string[] = [];
  page.on("console", (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
  await page.goto(session.host.pageUrl("settings-hub", { user: "bsc", theme }));
  const frame = page.frameLocator("#contribution-frame");
  try {
    await frame.getByText(/Version \d+, no unsaved changes/).waitFor({ timeout: 60_000 });
  } catch (error) {
    await page.screenshot({ path: screenshotPath(`settings-hub-failed-load-${theme}`), fullPage: true });
    const shown = await frame
      .locator("body")
      .textContent({ timeout: 5_000 })
      .catch(() => "(no frame)");
    throw new Error(
      `The settings hub did not show the stored settings; it shows: ${shown}; host: ${(await page.content()).slice(0, 1500)}; console: ${logs.join("\n")}`,
      { cause: error },
    );
  }
  // The live check has finished when the status no longer says so.
  await frame.getByText("Checking against the organisation").waitFor({ state: "detached", timeout: 60_000 });
  // Icons come from a web font: wait for it so screenshots show them.
  await frame.locator("body").evaluate(() => document.fonts.ready.then(() => undefined));
  return { page, frame };
}

async function openTab(frame: FrameLocator, name: string) {
  await frame.getByRole("tab", { name: new RegExp(name) }).click();
}

async function saveAndExpectSaved(frame: FrameLocator) {
  const save = frame.getByRole("button", { name: "Save", exact: true });
  await save.click();
  await frame.getByText(/Saved \(version \d+\)/).waitFor({ timeout: 30_000 });
}

it("shows the stored sample settings, validates, saves an edit and shows it after a reload", async () => {
  const { page, frame } = await openHub("light");
  // The live check read the type list and each defect type's fields through the port, and they were answered.
  const typeReads = session.host.sandbox.env.log
    .list()
    .filter((e) => e.method === "GET" && /\/_apis\/wit\/workitemtypes/i.test(e.url));
  expect(typeReads.some((e) => /\/workitemtypes(\?|$)/i.test(e.url) && e.status === 200)).toBe(true);
  expect(typeReads.some((e) => /\/workitemtypes\/[^/?]+\/fields(\?|$)/i.test(e.url) && e.status === 200)).toBe(true);
  await frame.getByRole("rowheader", { name: "Sev1 - Critical" }).waitFor();
  await page.screenshot({ path: screenshotPath("settings-hub-defects-light"), fullPage: true });

  await openTab(frame, "Participant registry");
  await frame.getByRole("rowheader", { name: "OAKH-R" }).waitFor();
  await page.screenshot({ path: screenshotPath("settings-hub-registry-light"), fullPage: true });

  await openTab(frame, "Windows");
  const name = frame.locator('input[aria-label="Name"]').first();
  await name.fill("Non-SIT LDSO (edited)");
  await frame.getByText("Unsaved changes (Windows: 1)").waitFor();
  await frame.getByRole("button", { name: "Validate" }).click();
  await frame.getByText(/The settings are valid against the live metadata/).waitFor({ timeout: 30_000 });
  await saveAndExpectSaved(frame);
  await page.close();

  const again = await openHub("light");
  await openTab(again.frame, "Windows");
  expect(await again.frame.locator('input[aria-label="Name"]').first().inputValue()).toBe("Non-SIT LDSO (edited)");
  await again.page.close();
});

it("resolves a conflicting save with both changes kept", async () => {
  const a = await openHub("light");
  const b = await openHub("dark");

  await openTab(a.frame, "Windows");
  await a.frame.locator('input[aria-label="Name"]').nth(1).fill("Tranche 1 (by A)");
  await openTab(b.frame, "Assurers");
  await b.frame.locator('input[aria-label="Display name"]').first().fill("Beatrix Sollers (BSC, by B)");

  await saveAndExpectSaved(a.frame);
  await b.frame.getByRole("button", { name: "Save", exact: true }).click();
  const conflict = b.frame.getByTestId("conflict");
  await conflict.waitFor({ timeout: 30_000 });
  expect(await conflict.textContent()).toContain("changed window tranche-1");
  expect(await conflict.textContent()).toContain("changed assurer");
  await b.page.screenshot({ path: screenshotPath("settings-hub-conflict-dark"), fullPage: true });
  await b.frame.getByRole("button", { name: "Re-apply my changes on top of theirs" }).click();
  await b.frame.getByText("Checking against the organisation").waitFor({ state: "detached", timeout: 30_000 });
  await saveAndExpectSaved(b.frame);
  await a.page.close();
  await b.page.close();

  const c = await openHub("dark");
  await openTab(c.frame, "Windows");
  expect(await c.frame.locator('input[aria-label="Name"]').nth(1).inputValue()).toBe("Tranche 1 (by A)");
  await openTab(c.frame, "Assurers");
  expect(await c.frame.locator('input[aria-label="Display name"]').first().inputValue()).toBe(
    "Beatrix Sollers (BSC, by B)",
  );
  await openTab(c.frame, "Defects");
  await c.page.screenshot({ path: screenshotPath("settings-hub-defects-dark"), fullPage: true });
  await c.page.close();
});

/** The settings document the sandbox stores (organisation-wide Default scope), as the hub saved it. */
function storedSettings(): unknown {
  for (const [key, docs] of session.host.sandbox.env.state().extensionData) {
    if (/\|default\|[^|]*\|qt-settings$/.test(key)) {
      const doc = docs.get("settings");
      if (doc) return doc.value.settings;
    }
  }
  throw new Error("The sandbox stores no settings document.");
}

it("downloads the saved settings as JSON, without unsaved edits, in a file that validates", async () => {
  const { page, frame } = await openHub("light");
  await openTab(frame, "Windows");
  await frame.locator('input[aria-label="Name"]').first().fill("Not saved");
  await frame.getByText(/Unsaved changes \(Windows: 1\)/).waitFor();

  const button = frame.getByRole("button", { name: /^Download saved settings \(JSON\)/ });
  expect(await button.textContent()).toContain("Download saved settings (JSON)");
  await button.hover();
  await frame.getByText(/Your unsaved changes are not in the file/).waitFor();
  await page.waitForTimeout(500); // the tooltip fades in
  await page.screenshot({
    path: screenshotPath("settings-hub-download-light"),
    clip: { x: 0, y: 0, width: 1280, height: 260 },
  });

  const days = [ukDate(new Date())];
  const [file] = await Promise.all([page.waitForEvent("download"), button.click()]);
  days.push(ukDate(new Date()));
  expect(days.map((d) => `qt-assurance-settings-${d}.json`)).toContain(file.suggestedFilename());
  const text = await readFile(await file.path(), "utf8");
  expect(text).toMatch(/^\{\n {2}"schemaVersion": 1,/);
  const parsed = JSON.parse(text) as { windows: { name: string }[] };
  expect(validateSettings(parsed).valid).toBe(true);
  expect(parsed).toEqual(storedSettings());
  expect(parsed.windows[0].name).not.toBe("Not saved");
  await page.close();
});

it("shows where the traceability matrix finds requirements, in both themes", async () => {
  for (const theme of ["light", "dark"] as const) {
    const { page, frame } = await openHub(theme);
    await openTab(frame, "Traceability");
    // The sample settings select each participant-role's requirements by its defect scope.
    await expect(
      frame.getByRole("checkbox", { name: /select its requirements by its defect scope/ }).getAttribute("aria-checked"),
    ).resolves.toBe("true");
    await expect(frame.getByRole("list", { name: "Requirement work item types" }).textContent()).resolves.toContain(
      "Requirement",
    );
    await page.screenshot({ path: screenshotPath(`settings-traceability-${theme}`), fullPage: true });
    if (theme === "light") {
      // A role's scope: empty, it is an error that says what to give; with a tag it is valid (not saved here).
      await frame.getByLabel("Add a scope for").selectOption("X");
      await frame.getByRole("button", { name: "Add scope" }).click();
      await frame.getByText("Say which requirements a participant-role must trace").first().waitFor();
      await frame.getByLabel("Tags for X").fill("Supplier requirement");
      await frame.getByText("Unsaved changes").first().waitFor();
      await page.screenshot({ path: screenshotPath("settings-traceability-scope-light"), fullPage: true });
    }
    await page.close();
  }
});
