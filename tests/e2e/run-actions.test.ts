import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from "vitest";
import { MODEL_PATH, type SeededActions, seedRunActions } from "./run-actions-fixtures";
import {
  captureFailure,
  ensureBuilt,
  launchBrowser,
  newDataDir,
  screenshot,
  startServer,
  type TestServer,
} from "./setup";

// What a person does to runs in the dashboard, and what the pages say about them: titles, the
// model's readable name, a gate whose baseline failed, retrying a failed evaluation, cancelling
// through the confirm dialog, and a form's inline errors. Local single-user mode, no job loop.
describe("run actions (local mode)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let seeded: SeededActions;
  const row = (runId: string) => page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);

  beforeAll(async () => {
    ensureBuilt();
    const dataDir = newDataDir();
    seeded = await seedRunActions(path.join(dataDir, "pglite"));
    server = await startServer(
      { TUNEBENCH_AUTH: "local", TUNEBENCH_EMBEDDED_WORKER: "0" },
      { dataDir },
    );
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on("pageerror", (e) => console.error(`[browser] ${e.message}`));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("the experiment page names the experiment, the model and a gate whose baseline failed", async () => {
    onTestFailed(() => captureFailure(page, server, "run-actions-page"));
    await page.goto(`${server.url}/experiments/${seeded.experimentId}`);
    await page.locator('[data-testid="runs-table"][data-ready]').waitFor();
    expect(await page.title()).toBe(`${seeded.experimentName} · Tunebench`);
    const icon = await page.locator('link[rel="icon"]').getAttribute("href");
    expect((await page.request.get(new URL(icon!, server.url).toString())).status()).toBe(200);

    const model = page.getByTestId("model-name").first();
    expect(await model.innerText()).toBe("SmolLM2-135M-Instruct (GGUF Q4_1)");
    expect(await model.getAttribute("title")).toBe(MODEL_PATH);

    const gate = page
      .getByTestId("leaderboard-row")
      .filter({ hasText: seeded.evaluatedName })
      .getByTestId("gate-badge");
    await expect
      .poll(() => gate.innerText(), { timeout: 15_000 })
      .toContain("none (baseline failed)");
    expect(await gate.getAttribute("data-verdict")).toBe("none");
    const peak = page
      .getByTestId("leaderboard-row")
      .filter({ hasText: seeded.evaluatedName })
      .getByTestId("leaderboard-peak-mem");
    expect(await peak.innerText()).toBe("3.0 GB");
    await screenshot(page, "x1-experiment");
  });

  test("a failed evaluation is retried from the runs table", async () => {
    onTestFailed(() => captureFailure(page, server, "run-actions-retry"));
    expect(await row(seeded.baselineId).getAttribute("data-status")).toBe("failed");
    await row(seeded.baselineId).getByRole("button", { name: "Retry" }).click();
    await page.getByTestId("toast").filter({ hasText: "queued again" }).waitFor();
    await expect
      .poll(() => row(seeded.baselineId).getAttribute("data-status"), { timeout: 15_000 })
      .toBe("evaluating");
    expect(await row(seeded.baselineId).getByRole("button", { name: "Retry" }).count()).toBe(0);
  });

  test("cancelling asks first, in a dialog that keeps focus and closes on Esc", async () => {
    onTestFailed(() => captureFailure(page, server, "run-actions-cancel"));
    const cancel = row(seeded.queuedId).getByRole("button", { name: "Cancel" });
    await cancel.click();
    const dialog = page.getByRole("alertdialog", { name: "Cancel this run?" });
    await dialog.waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? "");
    // The safe choice has focus; Tab stays inside the dialog, wrapping around.
    expect(await focused()).toBe("Keep training");
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("Cancel the run");
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("Keep training");
    await screenshot(page, "x2-confirm");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await row(seeded.queuedId).getAttribute("data-status")).toBe("queued");

    await cancel.click();
    await dialog.getByRole("button", { name: "Cancel the run" }).click();
    await expect
      .poll(() => row(seeded.queuedId).getAttribute("data-status"), { timeout: 15_000 })
      .toBe("cancelled");
  });

  test("a run's page is titled by the run and its experiment", async () => {
    onTestFailed(() => captureFailure(page, server, "run-actions-run"));
    await page.goto(`${server.url}/runs/${seeded.evaluatedId}`);
    await page.getByRole("heading", { name: seeded.evaluatedName }).waitFor();
    expect(await page.title()).toBe(
      `${seeded.evaluatedName} · ${seeded.experimentName} · Tunebench`,
    );
  });

  test("the new-experiment form shows the server schema's problems under their fields", async () => {
    onTestFailed(() => captureFailure(page, server, "run-actions-form"));
    await page.goto(`${server.url}/experiments/new`);
    await page.locator("form[data-ready]").waitFor();
    await page.getByLabel("Base model", { exact: true }).fill("");
    await page.getByRole("button", { name: /Create experiment/ }).click();
    const name = page.getByLabel("Experiment name", { exact: true });
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    const errors = await page.getByTestId("field-error").allInnerTexts();
    expect(errors).toEqual(
      expect.arrayContaining([
        "Give the experiment a name",
        "Choose a dataset",
        "Choose a base model",
      ]),
    );
    expect(await page.getByTestId("form-status").innerText()).toMatch(/Fix the \d problems/);
    await name.fill("sweep");
    await expect
      .poll(() => page.getByTestId("field-error").allInnerTexts())
      .not.toContain("Give the experiment a name");
    expect(page.url()).toMatch(/\/experiments\/new$/);
  });
});
