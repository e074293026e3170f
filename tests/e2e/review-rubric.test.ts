import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from "vitest";
import {
  mutate,
  pressAndWait,
  quality,
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

// Rubric mode from the keyboard: 1–5 per criterion (focus moves on), P/F, Enter; ← reopens the
// last vote with its scores. The owner then sees per-run scores and Krippendorff's α.
describe("rubric review from the keyboard", () => {
  let server: TestServer;
  let browser: Browser;
  let seeded: SeededReview;
  let page: Page | undefined;

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

  test("two reviewers score every output on two criteria; the owner reads scores and α", async () => {
    onTestFailed(() => captureFailure(page, server, "review-rubric"));
    const admin = await (
      await browser.newContext({ viewport: { width: 1360, height: 900 } })
    ).newPage();
    page = admin;
    await signUpAdmin(admin, server);
    const invites = [];
    for (const email of ["uma@example.com", "vic@example.com"])
      invites.push(
        await mutate<{ temporaryPassword: string }>(admin, server.url, "users.invite", {
          name: email.split("@")[0],
          email,
          role: "reviewer",
        }),
      );
    const users = (await (await admin.request.get(`${server.url}/api/trpc/users.list`)).json()) as {
      result: { data: { json: { id: string; role: string }[] } };
    };
    const reviewerIds = users.result.data.json
      .filter((u) => u.role === "reviewer")
      .map((u) => u.id);
    const campaign = await mutate<{ id: string }>(admin, server.url, "reviews.create", {
      experimentId: seeded.experimentId,
      name: "Rubric pass",
      mode: "rubric",
      runIds: seeded.runIds,
      sampleSize: 2,
      sampling: { kind: "random", seed: 5 },
      reviewersPerItem: 2,
      guidelines: "Score each output.",
      reviewerIds,
      rubric: {
        criteria: [
          { key: "correct", label: "Correct", labels: ["no", "barely", "partly", "mostly", "yes"] },
          { key: "clear", label: "Clear", labels: ["a", "b", "c", "d", "e"] },
        ],
        passFail: true,
        comment: false,
      },
    });

    for (const [i, email] of ["uma@example.com", "vic@example.com"].entries()) {
      const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
      const reviewer = await signIn(context, server.url, email, invites[i]!.temporaryPassword);
      page = reviewer;
      await reviewer.goto(`${server.url}/review/${campaign.id}`);
      const work = reviewer.getByTestId("review-work");
      await reviewer.locator('[data-testid="review-work"][data-state="item"]').waitFor();
      let votes = 0;
      for (
        let guard = 0;
        guard < 20 && (await work.getAttribute("data-state")) === "item";
        guard++
      ) {
        const q = quality(
          await reviewer.getByTestId("review-item").locator(".card").nth(1).innerText(),
        );
        const score = String(q === 3 ? 5 : q === 2 ? 3 : 1);
        await reviewer.keyboard.press(score);
        await reviewer
          .getByTestId("criterion-clear")
          .and(reviewer.locator('[aria-current="true"]'))
          .waitFor();
        await reviewer.keyboard.press(score);
        await reviewer.keyboard.press(q === 3 ? "p" : "f");
        if (votes === 0 && i === 0) await screenshot(reviewer, "r7-rubric-work");
        await pressAndWait(reviewer, "Enter");
        votes++;
        if (votes === 1 && i === 0) {
          // Back: the first vote returns with its scores; Enter keeps them as a new version.
          await pressAndWait(reviewer, "ArrowLeft");
          await reviewer.getByText(/You voted on this item before/).waitFor();
          expect(
            await reviewer
              .getByTestId("criterion-correct")
              .locator('[aria-pressed="true"]')
              .innerText(),
          ).toContain(score);
          await pressAndWait(reviewer, "Enter");
        }
      }
      await reviewer.getByTestId("review-done").waitFor();
      expect(votes).toBe(6);
    }

    page = admin;
    await admin.goto(`${server.url}/experiments/${seeded.experimentId}/reviews/${campaign.id}`);
    await expect.poll(() => admin.getByTestId("campaign-progress").innerText()).toBe("12 / 12");
    const scores = admin.getByTestId("human-scores").locator("tbody tr");
    expect(await scores.count()).toBe(3);
    expect(await scores.first().innerText()).toMatch(/lr-qbx7-alpha\s+5/);
    const alpha = admin.getByTestId("agreement-row").filter({ hasText: "Krippendorff" });
    expect(await alpha.count()).toBeGreaterThan(0);
    expect(await alpha.first().innerText()).toMatch(/1[\s\S]*reliable/);
    await screenshot(admin, "r8-rubric-results");
  });
});
