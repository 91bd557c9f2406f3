/**
 * Protecting the settings, in a real browser. The administrator (the host's "tester" user, a member of the QT
 * Administrators team) sees the warning that the settings are kept in the extension's data and protects them: the
 * hub then says where they are kept, and its History tab shows each save as Azure DevOps stamped it, with what it
 * changed. The BSC assurer, who is not in the team, is refused when saving, and nothing is written. A change the
 * tester makes to the record outside the hub stops the settings hub from offering them as valid. Needs the built
 * pages (`npm run build`).
 */
import { FrameLocator, Page } from "playwright-core";
import { TESTER_PAT } from "../../sandbox/generator/tokens";
import { openNodeSource } from "../../src/ado/node-source";
import { DEFAULT_EXTENSION } from "../../src/cli/connection";
import { settingsUpdateFields } from "../../src/core/settings-record";
import { screenshotPath } from "./support/browser";
import { useHostAndBrowser } from "./support/pages";

jest.setTimeout(180_000);

const session = useHostAndBrowser(120_000);

async function openHub(user: "tester" | "bsc"): Promise<{ page: Page; frame: FrameLocator }> {
  const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(session.host.pageUrl("settings-hub", { user }));
  const frame = page.frameLocator("#contribution-frame");
  await frame.getByText(/Version \d+, no unsaved changes/).waitFor({ timeout: 60_000 });
  await frame.getByText("Checking against the organisation").waitFor({ state: "detached", timeout: 60_000 });
  await frame.locator("body").evaluate(() => document.fonts.ready.then(() => undefined));
  return { page, frame };
}

it("protects the settings, shows who saved each version and what it changed, and refuses a non-administrator", async () => {
  const { page, frame } = await openHub("tester");
  await frame.getByText("Not protected").waitFor();
  await page.screenshot({ path: screenshotPath("settings-unprotected-light"), fullPage: true });
  await frame.getByRole("button", { name: "Protect settings" }).click();
  await frame.getByText(/Kept in settings record #\d+, revision 1, saved by Sandbox Administrator/).waitFor({
    timeout: 30_000,
  });
  await frame.getByText("Protected", { exact: true }).waitFor();

  // An edit, saved: the record's second revision.
  await frame.getByRole("tab", { name: /Windows/ }).click();
  await frame.locator('input[aria-label="Name"]').first().fill("Non-SIT LDSO (renamed)");
  await frame.getByRole("button", { name: "Validate" }).click();
  await frame.getByText(/The settings are valid against the live metadata/).waitFor({ timeout: 30_000 });
  await frame.getByRole("button", { name: "Save", exact: true }).click();
  await frame.getByText(/Saved \(version 2\)/).waitFor({ timeout: 30_000 });

  await frame.getByRole("button", { name: "Reload" }).click();
  await frame.getByRole("tab", { name: "History" }).click();
  const newest = frame.locator("li[data-rev='2']");
  await newest.getByText("Sandbox Administrator").waitFor({ timeout: 30_000 });
  await newest.getByLabel(/added: "name": "Non-SIT LDSO \(renamed\)"/).waitFor();
  await newest.getByLabel(/^removed: "name": /).waitFor();
  await page.screenshot({ path: screenshotPath("settings-history-light"), fullPage: true });
  await page.close();

  // The BSC assurer is not in the team: the save is refused before anything is written.
  const bsc = await openHub("bsc");
  await bsc.frame.getByRole("tab", { name: /Windows/ }).click();
  await bsc.frame.locator('input[aria-label="Name"]').first().fill("Renamed by BSC");
  await bsc.frame.getByRole("button", { name: "Validate" }).click();
  await bsc.frame.getByText(/The settings are valid against the live metadata/).waitFor({ timeout: 30_000 });
  await bsc.frame.getByRole("button", { name: "Save", exact: true }).click();
  await bsc.frame.getByText(/is not in the project's "QT Administrators" team/).waitFor({ timeout: 30_000 });
  await bsc.page.close();

  // The tester edits the record outside the hub: the hub shows the settings as not to be trusted, naming them.
  const tester = openNodeSource({
    orgUrl: session.host.orgUrl,
    project: "MHHS QT",
    token: TESTER_PAT,
    extension: { ...DEFAULT_EXTENSION },
    concurrency: 2,
  });
  const loaded = await tester.store.loadSettings();
  if (loaded.kind !== "ok" || loaded.origin?.kind !== "record") throw new Error(JSON.stringify(loaded).slice(0, 300));
  await tester.api.updateWorkItem(
    "MHHS QT",
    loaded.origin.id,
    settingsUpdateFields({ ...loaded.settings, assurers: [], assurerTeams: undefined }),
  );
  const again = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await again.goto(session.host.pageUrl("settings-hub", { user: "tester" }));
  const shown = again.frameLocator("#contribution-frame");
  await shown.getByText(/cannot be trusted: revision 3 by Avery Quillon changed what Sandbox Administrator/).waitFor({
    timeout: 60_000,
  });
  await shown.getByText(/Below is the last version an administrator saved/).waitFor();
  await again.screenshot({ path: screenshotPath("settings-untrusted-light"), fullPage: true });
  await again.close();
});
