/**
 * The whole lifecycle in a real browser, through the hub, by the assurers each step needs (issue 16): a QT-route
 * participant-role from Entry (a rejected entry item holds it there) through its report, returned with findings
 * and submitted again, to Qualified once every approver signed off; and a SIT-route one from its SIT completion
 * report (S1) through every approver's approval (S2) to Qualified. Screenshots go to test-results/screenshots.
 * Needs the built pages (`npm run build`, or `npx webpack --mode development --config-name web`).
 */
import { readFile } from "node:fs/promises";
import { FrameLocator, Page } from "playwright-core";
import { screenshotPath } from "./support/browser";
import { useHostAndBrowser } from "./support/pages";

jest.setTimeout(300_000);

type User = "tester" | "bsc" | "rec";
const session = useHostAndBrowser();
const USER_OF: Record<string, User> = { BSC: "bsc", REC: "rec" };

async function open(
  user: User,
  query: Record<string, string>,
  ready: (f: FrameLocator) => Promise<unknown>,
  theme: "light" | "dark" = "light",
) {
  const page = await session.browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  await page.goto(session.host.pageUrl("qt-hub", { user, theme, query }));
  const frame = page.frameLocator("#contribution-frame");
  await ready(frame);
  return { page, frame };
}

const openDetail = (user: User, key: string, tab: string) =>
  open(user, { view: "detail", pr: key, tab }, (f) =>
    f.getByRole("tab", { name: "Criteria", exact: true }).waitFor({ timeout: 60_000 }),
  );

/** The first participant-role of the portfolio filtered as asked. */
async function firstKey(query: Record<string, string>): Promise<string> {
  const { page, frame } = await open("tester", { view: "portfolio", ...query }, (f) =>
    f.locator(".qt-pr-key").first().waitFor({ timeout: 90_000 }),
  );
  const key = ((await frame.locator(".qt-pr-key").first().textContent()) ?? "").trim();
  await page.close();
  return key;
}

async function stageOf(frame: FrameLocator): Promise<string | null> {
  return frame.getByTestId("stage").locator("[data-stage]").first().getAttribute("data-stage");
}

async function governingBodies(frame: FrameLocator): Promise<string[]> {
  const text = (await frame.getByText(/^Governing bodies:/).textContent()) ?? "";
  return text.replace(/^Governing bodies:\s*/, "").split(/,\s*/);
}

async function recordEntry(page: Page, frame: FrameLocator, title: string, status: string, note = "") {
  await frame.getByRole("button", { name: `Update ${title}` }).click();
  const form = frame.getByRole("form", { name: `Update ${title}` });
  await form.getByRole("group", { name: "Status" }).getByText(status, { exact: true }).click();
  if (note) await form.getByLabel("Note").fill(note);
  await form.getByRole("button", { name: "Record", exact: true }).click();
  await frame.getByText(/^Entry item .* recorded\./).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(100);
}

async function submitReport(user: User, key: string): Promise<string> {
  const { page, frame } = await open(user, { view: "report", pr: key }, (f) =>
    f.locator("iframe.qt-report-preview").waitFor({ timeout: 90_000 }),
  );
  await frame.getByRole("button", { name: "Submit report…" }).click();
  await frame.getByRole("button", { name: "Submit report", exact: true }).click();
  const sha = frame.getByTestId("submitted-sha");
  await sha.waitFor({ timeout: 30_000 });
  const value = ((await sha.textContent()) ?? "").trim();
  await page.close();
  return value;
}

describe("the lifecycle through the hub", () => {
  it("takes a QT-route participant-role from Entry to Qualified; a rejected entry item and a returned report hold it", async () => {
    const key = await firstKey({ verdict: "ready-to-submit", route: "QT" });
    const first = await openDetail("tester", key, "entry");
    const bodies = await governingBodies(first.frame);
    expect(await stageOf(first.frame)).toBe("entry");
    await first.page.close();
    const entrant = USER_OF[bodies[0]];

    // Entry: the test data rejected keeps it in Entry, whatever its execution; accepted, it moves on.
    const entry = await openDetail(entrant, key, "entry");
    await recordEntry(entry.page, entry.frame, "Test data requirements completed and validated", "Rejected", "Gaps");
    expect(await stageOf(entry.frame)).toBe("entry");
    await expect(entry.frame.getByTestId("stage").textContent()).resolves.toContain("rejected by the Code Body");
    await entry.page.screenshot({ path: screenshotPath("lifecycle-entry-rejected-light"), fullPage: true });
    for (const title of [
      "MHHS-DEL1049 PIT Approach and Plan",
      "MHHS-DEL1050 PIT Requirements to Test Traceability Matrix",
      "MHHS-DEL1052 PIT Test Completion Report",
      "Connectivity to the UIT environment",
      "Test data requirements completed and validated",
      "Access for every user who executes QT",
    ])
      await recordEntry(entry.page, entry.frame, title, "Accepted");
    expect(await stageOf(entry.frame)).toBe("ready-to-submit");
    await entry.page.close();

    // The report is submitted, and one body returns it with findings: not qualified.
    const sha1 = await submitReport(entrant, key);
    const review = await openDetail(USER_OF[bodies[bodies.length - 1]], key, "signoffs");
    await expect(review.frame.getByTestId("reviewed-report").textContent()).resolves.toContain(sha1);
    expect(await stageOf(review.frame)).toBe("under-review");
    const last = bodies[bodies.length - 1];
    await review.frame
      .getByLabel(`${last} findings or note (required to return or refuse)`)
      .fill("Evidence of run 3 missing");
    await review.frame.getByRole("button", { name: `Return with findings for ${last}` }).click();
    await review.frame.getByText(/returned with findings recorded\./).waitFor({ timeout: 30_000 });
    expect(await stageOf(review.frame)).toBe("returned");
    await review.page.screenshot({ path: screenshotPath("lifecycle-returned-light"), fullPage: true });
    await review.page.close();

    // Submitted again; every approver signs off the new report: qualified.
    const sha2 = await submitReport(entrant, key);
    expect(sha2).not.toBe(sha1);
    for (const body of bodies) {
      const { page, frame } = await openDetail(USER_OF[body], key, "signoffs");
      await expect(frame.getByTestId("reviewed-report").textContent()).resolves.toContain(sha2);
      await frame.getByRole("button", { name: `Sign off for ${body}` }).click();
      await frame.getByText(`${body} signed off recorded.`).waitFor({ timeout: 30_000 });
      if (body !== bodies[bodies.length - 1]) expect(await stageOf(frame)).toBe("signing-off");
      else {
        expect(await stageOf(frame)).toBe("qualified");
        await page.screenshot({ path: screenshotPath("lifecycle-qualified-light"), fullPage: true });
      }
      await page.close();
    }
    const portfolio = await open("tester", { view: "portfolio" }, (f) =>
      f.locator(".qt-pr-key").first().waitFor({ timeout: 90_000 }),
    );
    const row = portfolio.frame.locator('[role="row"]', { hasText: key });
    await expect(row.locator("[data-stage]").getAttribute("data-stage")).resolves.toBe("qualified");
    await portfolio.page.screenshot({ path: screenshotPath("lifecycle-portfolio-light"), fullPage: true });
    // The QAD view, from the portfolio: the qualified role with its report and both sign-offs, downloadable.
    await portfolio.frame.getByRole("menuitem", { name: "QAD view" }).click();
    await portfolio.frame.getByTestId("qad-totals").waitFor({ timeout: 90_000 });
    const qadRow = portfolio.frame.locator('[role="row"]', { hasText: key });
    await expect(qadRow.textContent()).resolves.toContain(sha2.slice(0, 16));
    await expect(qadRow.locator("[data-stage]").getAttribute("data-stage")).resolves.toBe("qualified");
    await portfolio.page.screenshot({ path: screenshotPath("qad-view-light"), fullPage: true });
    const [csv] = await Promise.all([
      portfolio.page.waitForEvent("download"),
      portfolio.frame.getByRole("button", { name: "Download CSV" }).click(),
    ]);
    const text = await readFile((await csv.path())!, "utf8");
    const line = text.split("\r\n").find((l) => l.startsWith(`${key},`)) ?? "";
    expect(line).toContain(sha2);
    expect(line).toContain("Qualified");
    await portfolio.page.close();
  });

  it("reads in the dark theme: the stage, the review tab and the QAD view", async () => {
    const key = await firstKey({ route: "QT" });
    const detail = await open(
      "bsc",
      { view: "detail", pr: key, tab: "signoffs" },
      (f) => f.getByTestId("stage").waitFor({ timeout: 60_000 }),
      "dark",
    );
    await detail.page.screenshot({ path: screenshotPath("lifecycle-review-dark"), fullPage: true });
    await detail.page.close();
    const qad = await open(
      "bsc",
      { view: "qad" },
      (f) => f.getByTestId("qad-totals").waitFor({ timeout: 90_000 }),
      "dark",
    );
    await qad.page.screenshot({ path: screenshotPath("qad-view-dark"), fullPage: true });
    await qad.page.close();
  });

  it("takes a SIT-route participant-role through S1 and S2 to Qualified", async () => {
    const key = await firstKey({ route: "SIT" });
    const participant = await openDetail("tester", key, "signoffs");
    const bodies = await governingBodies(participant.frame);
    expect(await stageOf(participant.frame)).toBe("sit-report-awaited");
    // The participant records the report for review; it cannot accept it.
    expect(await participant.frame.getByRole("button", { name: "Accept SIT report" }).count()).toBe(0);
    await participant.frame
      .getByLabel("Link to the SIT completion report and RTTM (http or https)")
      .fill("https://programme.example/sit/completion-report");
    await participant.frame.getByRole("button", { name: "Record for review" }).click();
    await participant.frame.getByText(/recorded for review\) recorded\./).waitFor({ timeout: 30_000 });
    expect(await stageOf(participant.frame)).toBe("under-review");
    await participant.page.close();

    const s1 = await openDetail(USER_OF[bodies[0]], key, "signoffs");
    await s1.frame.getByRole("button", { name: "Accept SIT report" }).click();
    await s1.frame.getByText(/\(accepted\) recorded\./).waitFor({ timeout: 30_000 });
    await s1.page.close();
    for (const body of bodies) {
      const { page, frame } = await openDetail(USER_OF[body], key, "signoffs");
      await frame.getByRole("button", { name: `Approve for ${body}` }).click();
      await frame.getByText(`${body} approval (approved) recorded.`).waitFor({ timeout: 30_000 });
      if (body === bodies[bodies.length - 1]) {
        expect(await stageOf(frame)).toBe("qualified");
        await page.screenshot({ path: screenshotPath("lifecycle-sit-qualified-light"), fullPage: true });
      }
      await page.close();
    }
  });
});
