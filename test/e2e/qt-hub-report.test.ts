/**
 * The completion report view in a real browser, through the local extension host over the sample programme: the
 * preview, a download of each format (checked by content), submitting as a BSC assurer and seeing the snapshot with
 * its SHA-256 listed, submitting again after a defect is closed in ADO, and comparing the two snapshots.
 * Screenshots (light and dark) go to test-results/screenshots.
 * Needs the built pages (`npm run build`, or `npx webpack --mode development --config-name web`).
 */
import { readFile } from "node:fs/promises";
import { FrameLocator, Page } from "playwright-core";
import { screenshotPath } from "./support/browser";
import { useHostAndBrowser } from "./support/pages";

jest.setTimeout(120_000);

/** A Supplier in Tranche 1: governed by BSC (and REC), so the sample's BSC assurer may submit its report. */
const KEY = "ORCH-X";
const session = useHostAndBrowser();

async function openReport(
  user: "tester" | "bsc" | "rec",
  options: { theme?: "light" | "dark"; compare?: [string, string] } = {},
): Promise<{ page: Page; frame: FrameLocator }> {
  const page = await session.browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  const query: Record<string, string> = { view: "report", pr: KEY };
  if (options.compare) query.compare = options.compare.join(",");
  const frame = page.frameLocator("#contribution-frame");
  // The first load of the (development) bundle on a busy machine can outlast the host's 15 s handshake limit:
  // one more load then, as a person would press reload.
  for (let attempt = 1; ; attempt++) {
    await page.goto(session.host.pageUrl("qt-hub", { user, theme: options.theme, query }));
    const preview = frame.locator("iframe.qt-report-preview");
    const hostFailure = page.getByText("Failed to load", { exact: true });
    try {
      // Whichever comes first; the other wait is left to time out quietly.
      const quietly = (wait: Promise<void>) => wait.catch(() => undefined);
      await Promise.race([
        quietly(preview.waitFor({ timeout: 60_000 })),
        quietly(hostFailure.waitFor({ timeout: 60_000 })),
      ]);
      if (await preview.isVisible()) break;
      if (attempt < 2 && (await hostFailure.isVisible())) continue;
      throw new Error("The report view did not appear within 60 s.");
    } catch (error) {
      // What the page shows instead (an error state, a spinner) makes the failure readable.
      await page.screenshot({ path: screenshotPath("report-failure"), fullPage: true });
      const text = await frame
        .locator("body")
        .textContent({ timeout: 1000 })
        .catch(() => "(no frame body)");
      throw new Error(`The report view did not render: ${String(error)}\nThe frame shows: ${text}`);
    }
  }
  return { page, frame };
}

async function download(page: Page, frame: FrameLocator, label: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    frame.getByRole("button", { name: `Download the report as ${label}` }).click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: await readFile(path, "utf8") };
}

async function submit(frame: FrameLocator, screenshot?: string): Promise<string> {
  await frame.getByRole("button", { name: "Submit report…" }).click();
  await frame.getByText(/immutable snapshot/).waitFor();
  if (screenshot)
    await frame
      .locator("body")
      .page()
      .screenshot({ path: screenshotPath(screenshot), fullPage: true });
  await frame.getByRole("button", { name: "Submit report", exact: true }).click();
  const sha = frame.getByTestId("submitted-sha");
  await sha.waitFor({ timeout: 30_000 });
  return ((await sha.textContent()) ?? "").trim();
}

/** An outstanding defect of the report (from its JSON), to close in ADO between two submissions. */
function outstandingDefect(json: string): number {
  const envelope = JSON.parse(json) as { report: { defects: { id: number; outstanding: boolean }[] } };
  const found = envelope.report.defects.find((d) => d.outstanding);
  if (!found) throw new Error(`${KEY} has no outstanding defect in the sample programme`);
  return found.id;
}

describe("the completion report view in the browser", () => {
  let first = "";
  let second = "";
  let closedDefect = 0;

  it("previews the report and downloads each format", async () => {
    const { page, frame } = await openReport("bsc");
    const preview = frame.locator("iframe.qt-report-preview");
    expect(await preview.getAttribute("sandbox")).toBe("");
    expect(await preview.getAttribute("title")).toContain(KEY);
    // The sandboxed preview shows the report's own HTML.
    const inner = frame.frameLocator("iframe.qt-report-preview");
    await expect(inner.locator("h1").first().textContent()).resolves.toMatch(/QT Completion Report/);

    const name = new RegExp(`^qt-completion-report-${KEY}-tranche-1-\\d{4}-\\d{2}-\\d{2}\\.`);
    const md = await download(page, frame, "Markdown");
    expect(md.name).toMatch(name);
    expect(md.name.endsWith(".md")).toBe(true);
    expect(md.text.startsWith("# ")).toBe(true);
    const html = await download(page, frame, "HTML");
    expect(html.name.endsWith(".html")).toBe(true);
    expect(html.text.startsWith("<!DOCTYPE")).toBe(true);
    const csv = await download(page, frame, "CSV");
    expect(csv.name.endsWith(".csv")).toBe(true);
    expect(csv.text.split("\n")[0]).toMatch(/^record,participant_role,window,id,title/);
    const json = await download(page, frame, "JSON");
    expect(json.name.endsWith(".json")).toBe(true);
    const parsed = JSON.parse(json.text) as { format: string; report: { scope: { participantRole: string } } };
    expect(parsed.format).toBe("qt-assurance.completion-report");
    expect(parsed.report.scope.participantRole).toBe(KEY);
    // The hub reads the traceability matrix and the trend beside the facts: sections 10 and 11 are filled in.
    const full = parsed.report as { traceability?: { status: string }; trend?: { status: string } };
    expect(full.traceability?.status).toBe("read");
    expect(full.trend?.status).toBe("read");
    expect(html.text).toContain("11. Trend and forecast");
    expect((html.text.match(/<svg[^>]*role="img"/g) ?? []).length).toBe(2);
    expect(md.text).not.toContain("Not read:");
    closedDefect = outstandingDefect(json.text);

    await page.screenshot({ path: screenshotPath("report-light"), fullPage: true });
    await page.close();
  });

  it("opens the printable report in a new tab", async () => {
    const { page, frame } = await openReport("bsc");
    const [popup] = await Promise.all([
      page.waitForEvent("popup"),
      frame.getByRole("button", { name: /^Print \/ save as PDF/ }).click(),
    ]);
    await popup.waitForLoadState();
    expect(popup.url()).toMatch(/^blob:/);
    await expect(popup.locator("h1").first().textContent()).resolves.toMatch(/QT Completion Report/);
    await popup.close();
    await page.close();
  });

  it("does not let a tester submit, and says why", async () => {
    const { page, frame } = await openReport("tester");
    await expect(frame.getByRole("button", { name: "Submit report…" }).isDisabled()).resolves.toBe(true);
    await expect(frame.locator("#qt-report-submit-hint").textContent()).resolves.toMatch(/Only a Code Body assurer/);
    await page.close();
  });

  it("submits as a BSC assurer and lists the snapshot with its SHA-256", async () => {
    const { page, frame } = await openReport("bsc");
    first = await submit(frame, "report-submit-dialog-light");
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const row = frame.locator(`tr[data-sha256="${first}"]`);
    await row.waitFor();
    await expect(row.locator("code").getAttribute("title")).resolves.toBe(first);
    await expect(row.textContent()).resolves.toContain(first.slice(0, 12));
    await page.close();
  });

  it("submits again after a defect is closed in ADO, and compares the two snapshots", async () => {
    const res = await fetch(`${session.host.sandbox.url}/_sandbox/workitems/${closedDefect}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ fields: { "System.State": "Closed" } }),
    });
    expect(res.ok).toBe(true);

    const { page, frame } = await openReport("bsc");
    second = await submit(frame);
    expect(second).not.toBe(first);
    await frame.locator(`tr[data-sha256="${second}"]`).waitFor();
    await frame.getByRole("checkbox", { name: new RegExp(`Select snapshot ${first.slice(0, 12)}`) }).click();
    await frame.getByRole("checkbox", { name: new RegExp(`Select snapshot ${second.slice(0, 12)}`) }).click();
    await frame.getByRole("button", { name: "Compare selected" }).click();
    const improved = frame.locator("section[aria-label=Improved]");
    await improved.waitFor({ timeout: 30_000 });
    await expect(improved.locator(`[data-change-id="defect:${closedDefect}:state"]`).textContent()).resolves.toMatch(
      /→ Closed \(closed\)/,
    );
    // The comparison is in the URL, so it survives a reload and can be shared.
    expect(page.url()).toContain("compare=");
    await page.screenshot({ path: screenshotPath("report-compare-light"), fullPage: true });
    await page.close();
  });

  it("renders the comparison from the URL in the dark theme", async () => {
    const { page, frame } = await openReport("bsc", { theme: "dark", compare: [first, second] });
    await frame.locator("section[aria-label=Improved]").waitFor({ timeout: 30_000 });
    await page.screenshot({ path: screenshotPath("report-compare-dark"), fullPage: true });
    await page.close();
  });
});
