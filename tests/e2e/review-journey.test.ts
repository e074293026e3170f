import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from "vitest";
import {
  EXPERIMENT_NAME,
  pressAndWait,
  quality,
  RUN_NAMES,
  type SeededReview,
  seedReviewExperiment,
  signIn,
  signUpAdmin,
} from "./review-fixtures";
import {
  captureFailure,
  ensureBuilt,
  launchBrowser,
  newDataDir,
  screenshot,
  startServer,
  type TestServer,
} from "./setup";

// The whole human-review loop in the browser: an admin creates a blind pairwise campaign over
// three evaluated runs, two reviewers work through it with the keyboard alone (one goes back and
// skips), and the admin reads Bradley–Terry ratings, agreement and the win matrix.
describe("human review journey (multi-user mode)", () => {
  let server: TestServer;
  let browser: Browser;
  let seeded: SeededReview;
  const contexts: BrowserContext[] = [];
  let admin: Page;
  let current: Page | undefined;
  const passwords: Record<string, string> = {};
  const reviewerPages: Record<string, Page> = {};
  let campaignUrl = "";

  beforeAll(async () => {
    ensureBuilt();
    const dataDir = newDataDir();
    seeded = await seedReviewExperiment(path.join(dataDir, "pglite"));
    server = await startServer({ TUNEBENCH_AUTH: "multi" }, { dataDir });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function newContext(): Promise<BrowserContext> {
    const c = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    // Errors thrown in the browser end up in the test output, next to the failing step.
    c.on("page", (p) =>
      p.on("pageerror", (e) => console.error(`[browser] ${e.message}\n${e.stack ?? ""}`)),
    );
    contexts.push(c);
    return c;
  }

  test("the admin adds two reviewers and creates a pairwise campaign in the UI", async () => {
    onTestFailed(() => captureFailure(current, server, "review-create"));
    admin = current = await (await newContext()).newPage();
    await signUpAdmin(admin, server);

    await admin.goto(`${server.url}/settings`);
    for (const [name, email] of [
      ["Rita Reviewer", "rita@example.com"],
      ["Rex Reviewer", "rex@example.com"],
    ] as const) {
      await admin.locator("[data-ready]").first().waitFor();
      await admin.getByLabel("Name", { exact: true }).fill(name);
      await admin.getByLabel("Email", { exact: true }).fill(email);
      await admin.getByLabel("Role", { exact: true }).selectOption("reviewer");
      await admin.getByRole("button", { name: "Add person" }).click();
      await admin.getByText(`${email} was added as reviewer`).waitFor();
      passwords[email] = (await admin.getByTestId("temporary-password").innerText()).trim();
    }

    await admin.goto(`${server.url}/experiments/${seeded.experimentId}`);
    await admin.getByRole("heading", { name: EXPERIMENT_NAME }).waitFor();
    await admin.getByTestId("human-review-link").click();
    await admin.waitForURL(`${server.url}/experiments/${seeded.experimentId}/reviews`);
    await admin.getByText("No review campaigns yet").waitFor();
    await admin.getByRole("link", { name: "New campaign" }).first().click();
    await admin.locator("form[data-ready]").waitFor();

    // Sent empty, the form names what reviews.create's schema refuses, under each field.
    await admin.getByRole("button", { name: "Create campaign" }).click();
    expect(await admin.getByTestId("field-error").allInnerTexts()).toEqual([
      "Give the campaign a name",
      "Pick the runs to review",
    ]);
    expect(admin.url()).toMatch(/\/reviews\/new$/);

    await admin.getByLabel("Campaign name").fill("Blind A/B, dates");
    for (const name of RUN_NAMES) await admin.getByLabel(name).check();
    // Three runs, every pair on every input: 3 pairs x 2 inputs = 6 items, 2 reviewers each.
    await admin.getByLabel("Sample size").fill("2");
    await admin.getByLabel("Seed").fill("7");
    await admin.getByLabel("Reviewers per item").fill("2");
    await admin.getByLabel("Reviewer rita@example.com").check();
    await admin.getByLabel("Reviewer rex@example.com").check();
    await screenshot(admin, "r1-new-campaign");
    await admin.getByRole("button", { name: "Create campaign" }).click();
    await admin.waitForURL(
      new RegExp(`/experiments/${seeded.experimentId}/reviews/(?!new$)[^/]+$`),
    );
    campaignUrl = admin.url();
    await expect.poll(() => admin.getByTestId("campaign-progress").innerText()).toBe("0 / 12");
    expect(await admin.getByTestId("campaign-reviewers").getByRole("row").count()).toBe(3);
  });

  /** Works through the campaign from the keyboard: prefers the better output as a person would
   *  (by its text), optionally going back once and skipping once. */
  async function review(email: string, opts: { backAndSkip: boolean; shot: string }) {
    const context = await newContext();
    const page = await signIn(context, server.url, email, passwords[email]!);
    reviewerPages[email] = page;
    current = page;
    // A reviewer's nav holds only Review.
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link").allInnerTexts()).toEqual(["Review"]);
    await nav.getByRole("link", { name: "Review" }).click();
    await page.getByTestId("review-campaign-row").first().waitFor();
    await page.getByRole("link", { name: "Blind A/B, dates" }).click();
    await page.waitForURL(/\/review\/[^/]+$/);
    expect(new URL(page.url()).pathname.split("/")).toHaveLength(3);
    const work = page.getByTestId("review-work");
    await page.locator('[data-testid="review-work"][data-state="item"]').waitFor();

    // The sheets: ? shows the shortcuts, G the guidelines beside the item.
    await page.keyboard.press("?");
    await page.getByTestId("shortcut-sheet").waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("shortcut-sheet").waitFor({ state: "detached" });
    await page.keyboard.press("g");
    await page.getByTestId("guidelines-panel").getByText("Correctness first").waitFor();
    await screenshot(page, `${opts.shot}-work`);
    await page.keyboard.press("g");
    await page.getByTestId("guidelines-panel").waitFor({ state: "detached" });

    let votes = 0,
      wentBack = false,
      skipped = false;
    for (let guard = 0; guard < 30; guard++) {
      const state = await work.getAttribute("data-state");
      if (state === "done") break;
      expect(state).toBe("item");
      if (opts.backAndSkip && votes === 2 && !wentBack) {
        wentBack = true;
        await pressAndWait(page, "ArrowLeft");
        // The previous item is back, with its vote: Enter keeps it as a new version.
        await page.getByText(/You voted on this item before/).waitFor();
        expect(await page.locator('[aria-pressed="true"]').count()).toBe(1);
        await pressAndWait(page, "Enter");
        continue;
      }
      if (opts.backAndSkip && votes === 3 && !skipped) {
        skipped = true;
        await pressAndWait(page, "ArrowRight");
        continue;
      }
      // The clearly right answer wins; between the two weaker runs, both are bad. Varied verdicts
      // keep the agreement coefficient defined (with one category only, κ is 0/0).
      const a = quality(await page.getByTestId("output-A").innerText());
      const b = quality(await page.getByTestId("output-B").innerText());
      await pressAndWait(page, a === 3 ? "a" : b === 3 ? "b" : "x");
      votes++;
    }
    await page.getByTestId("review-done").waitFor();
    if (opts.backAndSkip) expect([wentBack, skipped]).toEqual([true, true]);
    // Campaign settings and results are not a reviewer's: the page says where their work is.
    await page.goto(`${server.url}/experiments/${seeded.experimentId}/reviews`);
    await page.getByRole("link", { name: "Go to your review queue" }).waitFor();
    expect(await page.getByText("Blind A/B, dates").count()).toBe(0);
    return { votes };
  }

  test("two reviewers complete the campaign with the keyboard alone (one goes back and skips)", async () => {
    onTestFailed(() => captureFailure(current, server, "review-work"));
    const rita = await review("rita@example.com", { backAndSkip: true, shot: "r2-rita" });
    const rex = await review("rex@example.com", { backAndSkip: false, shot: "r3-rex" });
    // Six items: Rex judges all, Rita all but the one she skipped.
    expect(rex.votes).toBe(6);
    expect(rita.votes).toBe(5);
  });

  test("the owner sees Bradley–Terry ratings, agreement and the win matrix", async () => {
    onTestFailed(() => captureFailure(current, server, "review-results"));
    current = admin;
    await admin.goto(campaignUrl);
    await expect.poll(() => admin.getByTestId("campaign-progress").innerText()).toBe("11 / 12");
    const bt = admin.getByTestId("bt-ratings");
    await bt.waitFor();
    const btRows = bt.locator("tbody tr");
    expect(await btRows.count()).toBe(3);
    // Both reviewers preferred the same run in every pair it was in: it ranks first.
    expect(await btRows.nth(0).innerText()).toContain(RUN_NAMES[0]);
    // Unanimous verdicts on every doubly-judged item: agreement is perfect and read as reliable.
    const agreement = admin.getByTestId("agreement-row").first();
    expect(await agreement.innerText()).toMatch(/κ[\s\S]*1[\s\S]*reliable/);
    const cells = admin.getByTestId("win-matrix").getByTestId("win-cell");
    expect(await cells.count()).toBe(6);
    // Row = best run: it beat each of the other two every time.
    const firstRow = admin.getByTestId("win-matrix").locator("tbody tr").first();
    expect(await firstRow.innerText()).toContain(RUN_NAMES[0]);
    expect(
      (await firstRow.getByTestId("win-cell").allInnerTexts()).map((t) => t.split("\n")[0]),
    ).toEqual(["100%", "100%"]);
    await screenshot(admin, "r4-results");

    // The human verdicts join the automatic metrics on the experiment's leaderboard.
    await admin.goto(`${server.url}/experiments/${seeded.experimentId}`);
    // The columns are computed in the background a few seconds after the last votes; the page
    // shows the last stored ones meanwhile ("counting new votes…") and reads again until done.
    const note = admin.getByTestId("human-review-note");
    await expect
      .poll(
        async () => (await note.count()) > 0 && !(await note.innerText()).includes("counting"),
        {
          timeout: 60_000,
          interval: 1000,
        },
      )
      .toBe(true);
    expect(await note.innerText()).toMatch(/Blind A\/B, dates[\s\S]*reliable/);
    const best = admin.getByTestId("leaderboard-row").filter({ hasText: RUN_NAMES[0] });
    expect(await best.getByTestId("human-score").innerText()).toMatch(/^100%/);
    expect(await best.getByTestId("human-bt").innerText()).toContain("#1");
    await screenshot(admin, "r5-leaderboard");
  });

  test("the owner closes the campaign: its results are final, and reviewers see it closed", async () => {
    onTestFailed(() => captureFailure(current, server, "review-close"));
    current = admin;
    await admin.goto(campaignUrl);
    await admin.getByTestId("campaign-progress").waitFor();
    await admin.getByRole("button", { name: "Close campaign" }).click();
    const dialog = admin.getByRole("alertdialog", { name: "Close this campaign?" });
    await dialog.getByRole("button", { name: "Close campaign" }).click();
    await admin.getByTestId("toast").filter({ hasText: "results are final" }).waitFor();
    await admin.getByText("Closed: the results are final").waitFor();
    expect(await admin.getByRole("button", { name: "Close campaign" }).count()).toBe(0);
    expect(await admin.getByTestId("campaign-progress").innerText()).toBe("11 / 12");
    await screenshot(admin, "r6-closed");

    // The clear verdicts become a preference dataset; the card says how many items qualified.
    await admin.getByRole("button", { name: "Make a preference dataset" }).click();
    const report = admin.getByTestId("preference-report");
    await report.waitFor();
    expect(await report.innerText()).toMatch(/^\d+ of 6 items qualified/);

    const rita = reviewerPages["rita@example.com"]!;
    current = rita;
    await rita.goto(`${server.url}/review`);
    const row = rita.getByTestId("review-campaign-row").filter({ hasText: "Blind A/B, dates" });
    await row.getByText("closed", { exact: true }).waitFor();
    await row.getByRole("link", { name: "Blind A/B, dates" }).click();
    await rita.locator('[data-testid="review-work"][data-state="closed"]').waitFor();
    await rita.getByTestId("review-closed").getByText("This campaign is closed").waitFor();
    // Undo is refused too: ← changes nothing on a closed campaign.
    await rita.keyboard.press("ArrowLeft");
    expect(await rita.getByTestId("review-work").getAttribute("data-state")).toBe("closed");
  });
});
