import path from "node:path";
import type { Browser, Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from "vitest";
import {
  mutate,
  pressAndWait,
  RUN_NAMES,
  SECRET_BASE_MODEL,
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

// Blind means blind everywhere: a reviewer working through a pairwise campaign receives no run id,
// run name or base-model name in any response body (HTML, RSC payloads, tRPC JSON, scripts), in
// any URL, or in the work page's DOM.
describe("blind pairwise review leaks no run identity", () => {
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

  test("no run id, run name or model name in any response, URL or the work page's HTML", async () => {
    onTestFailed(() => captureFailure(page, server, "review-blindness"));
    const admin = await (await browser.newContext()).newPage();
    page = admin;
    await signUpAdmin(admin, server);
    const invited = await mutate<{ id: string; temporaryPassword: string }>(
      admin,
      server.url,
      "users.invite",
      { name: "Blind Bea", email: "bea@example.com", role: "reviewer" },
    );
    const users = await admin.request.get(`${server.url}/api/trpc/users.list`);
    const bea = (
      (await users.json()) as { result: { data: { json: { id: string; email: string }[] } } }
    ).result.data.json.find((u) => u.email === "bea@example.com")!;
    const campaign = await mutate<{ id: string }>(admin, server.url, "reviews.create", {
      experimentId: seeded.experimentId,
      name: "Which answer is better?",
      mode: "pairwise",
      runIds: seeded.runIds,
      sampleSize: 3,
      sampling: { kind: "random", seed: 3 },
      reviewersPerItem: 1,
      guidelines: "Pick the better answer.",
      reviewerIds: [bea.id],
    });

    const other = await mutate<{ id: string }>(admin, server.url, "reviews.create", {
      experimentId: seeded.experimentId,
      name: "Not for Bea",
      mode: "pairwise",
      runIds: seeded.runIds.slice(0, 2),
      sampleSize: 1,
      sampling: { kind: "random", seed: 1 },
      reviewersPerItem: 1,
      guidelines: "",
      reviewerIds: [],
    });

    const context = await browser.newContext();
    const bodies: { url: string; body: string }[] = [];
    const urls: string[] = [];
    const pending: Promise<void>[] = [];
    context.on("request", (req) => urls.push(req.url()));
    context.on("response", (res: Response) => {
      pending.push(
        res.body().then(
          (b) => {
            bodies.push({ url: res.url(), body: b.toString("utf8") });
          },
          () => {
            /* redirects have no body */
          },
        ),
      );
    });
    const reviewer = await signIn(
      context,
      server.url,
      "bea@example.com",
      invited.temporaryPassword,
    );
    page = reviewer;
    await reviewer.goto(`${server.url}/review`);
    await reviewer.getByRole("link", { name: "Which answer is better?" }).click();
    await reviewer.locator('[data-testid="review-work"][data-state="item"]').waitFor();
    await pressAndWait(reviewer, "a");
    await pressAndWait(reviewer, "ArrowLeft");
    await pressAndWait(reviewer, "b");
    await pressAndWait(reviewer, "ArrowRight");
    await reviewer.keyboard.press("g");
    await reviewer.getByTestId("guidelines-panel").waitFor();
    const html = await reviewer.content();
    await screenshot(reviewer, "r6-blind-work");
    // Reload the work page: its server-rendered HTML and RSC payload are recorded too.
    await reviewer.reload();
    await reviewer
      .locator(
        '[data-testid="review-work"][data-state="item"], [data-testid="review-work"][data-state="done"]',
      )
      .waitFor();
    // A campaign she is not assigned to is refused, politely, without a word about it.
    await reviewer.goto(`${server.url}/review/${other.id}`);
    await reviewer.getByText("This campaign isn't assigned to you").waitFor();
    expect(await reviewer.getByText("Not for Bea").count()).toBe(0);
    await Promise.all(pending);

    const secrets = [...seeded.runIds, ...RUN_NAMES, SECRET_BASE_MODEL, "zephyrine"];
    const workUrls = urls.filter((u) => u.includes("/review/"));
    expect(workUrls.length).toBeGreaterThan(0);
    for (const u of workUrls)
      expect(new URL(u).pathname).toMatch(
        new RegExp(`^/review/(${campaign.id}|${other.id})$|^/_next/`),
      );
    expect(
      bodies.some((b) => b.url.includes("reviews.next") || b.url.includes("reviews.vote")),
    ).toBe(true);
    for (const secret of secrets) {
      expect(html, `work page HTML contains ${secret}`).not.toContain(secret);
      for (const u of urls) expect(u, `URL contains ${secret}`).not.toContain(secret);
      for (const b of bodies)
        expect(b.body.includes(secret), `response ${b.url} contains ${secret}`).toBe(false);
    }
    // The recording is real: the outputs under review did arrive in those bodies.
    expect(bodies.some((b) => b.body.includes("Rewrite 20"))).toBe(true);
  });
});
