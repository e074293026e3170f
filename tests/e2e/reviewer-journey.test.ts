import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from "vitest";
import {
  captureFailure,
  ensureBuilt,
  launchBrowser,
  screenshot,
  startServer,
  type TestServer,
} from "./setup";

// Multi-user mode: the first account signs itself up as admin and adds a reviewer, who lands on
// their review queue and is kept out of experiments, in the UI and at the API.
describe("reviewer journey (multi-user mode)", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const shot = (name: string) => screenshot(page, name);

  beforeAll(async () => {
    ensureBuilt();
    server = await startServer({ TUNEBENCH_AUTH: "multi" });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("anonymous callers are sent to sign in and refused by the API", async () => {
    onTestFailed(() => captureFailure(page, server, "reviewer-anonymous"));
    const res = await fetch(`${server.url}/api/trpc/experiments.list`);
    expect(res.status).toBe(401);
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/sign-in$/);
    await page.getByRole("heading", { name: "Create the admin account" }).waitFor();
  });

  test("a reviewer is kept out of experiments, in the UI and at the API", async () => {
    onTestFailed(() => captureFailure(page, server, "reviewer-journey"));
    await page.locator("[data-ready]").waitFor();
    await page.getByLabel("Name").fill("Ada Admin");
    await page.getByLabel("Email").fill("ada@example.com");
    await page.getByLabel("Password").fill("correct horse battery");
    // The operator's proof of owning this server: the token it printed in its log.
    await page.getByLabel("Setup token").fill(/setup-[\w-]{24}/.exec(server.logs())![0]);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole("heading", { name: "Experiments", exact: true }).waitFor();

    await page.goto(`${server.url}/settings`);
    await page.locator("[data-ready]").first().waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Rita Reviewer");
    await page.getByLabel("Email", { exact: true }).fill("rita@example.com");
    await page.getByLabel("Role", { exact: true }).selectOption("reviewer");
    await page.getByRole("button", { name: "Add person" }).click();
    const password = (await page.getByTestId("temporary-password").innerText()).trim();
    expect(password.length).toBeGreaterThanOrEqual(8);
    await shot("b1-settings");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in$/);
    await page.locator("[data-ready]").waitFor();
    await page.getByLabel("Email").fill("rita@example.com");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/review`); // a reviewer's home is their review queue
    expect(await page.getByTestId("viewer").innerText()).toContain("reviewer");

    // Experiments are hidden from reviewers (they would unblind reviews): the page points to the queue.
    await page.goto(`${server.url}/experiments/new`);
    await page.getByRole("link", { name: "Go to your review queue" }).waitFor();
    expect(await page.getByRole("button", { name: /Create experiment/ }).count()).toBe(0);
    await shot("b2-reviewer-new-experiment");

    // The API is the real gate: the same session posting directly is refused with 403.
    const res = await page.request.post(`${server.url}/api/trpc/experiments.create`, {
      headers: { "content-type": "application/json" },
      data: {
        json: {
          name: "sneaky",
          baseModel: "x",
          datasetVersionId: "x",
          grid: { learningRate: [1e-4], loraRank: [8], epochs: [1] },
          evalSuite: { metrics: ["accuracy"], primaryMetric: "accuracy" },
        },
      },
    });
    expect(res.status()).toBe(403);
    const body = (await res.json()) as { error: { json: { data: { code: string } } } };
    expect(body.error.json.data.code).toBe("FORBIDDEN");

    // Reading run data is refused too.
    const list = await page.request.get(`${server.url}/api/trpc/experiments.list`);
    expect(list.status()).toBe(403);
  });
});
