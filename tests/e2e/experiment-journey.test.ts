import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from "vitest";
import { dateLines, tinyModel } from "./fixtures";
import {
  captureFailure,
  ensureBuilt,
  launchBrowser,
  screenshot,
  startServer,
  type TestServer,
} from "./setup";

// Local single-user mode: the owner is signed in automatically, as the default install is.
describe("experiment journey (local mode)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let modelDir: string;
  const shot = (name: string) => screenshot(page, name);

  beforeAll(async () => {
    ensureBuilt();
    modelDir = tinyModel();
    server = await startServer({ TUNEBENCH_AUTH: "local" });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  // Training and evaluating 2 runs + the baseline on CPU takes about 1-3 minutes on 2 cores.
  test("a bad line is refused with its line number; the fixed file creates an experiment whose runs are trained, evaluated and ranked", {
    timeout: 600_000,
  }, async () => {
    onTestFailed(() => captureFailure(page, server, "experiment-journey"));
    await page.goto(`${server.url}/experiments/new`);
    await page.locator("[data-ready]").first().waitFor();
    await page.getByLabel("Experiment name", { exact: true }).fill("date-format sweep");

    // Line 3 lacks the assistant's content: the upload must be refused, naming that line.
    const good = dateLines(24);
    const bad = [...good];
    bad[2] = JSON.stringify({
      messages: [
        { role: "user", content: "Rewrite 2001-02-03 as DD/MM/YYYY." },
        { role: "assistant" },
      ],
    });
    await page.getByLabel("Dataset name", { exact: true }).fill("dates");
    await page.locator("#train-file").setInputFiles({
      name: "dates.jsonl",
      mimeType: "application/jsonl",
      buffer: Buffer.from(`${bad.join("\n")}\n`),
    });
    await page.getByLabel("Held out (%)", { exact: true }).fill("25");
    await page.getByRole("button", { name: "Upload and validate" }).click();
    const errors = page.getByTestId("line-errors");
    await errors.waitFor();
    expect(await errors.locator("tbody tr").count()).toBe(1);
    const cells = await errors.locator("tbody tr td").allInnerTexts();
    expect(cells[0]).toBe("train");
    expect(cells[1]).toBe("3");
    expect(cells[2]).toContain("messages");
    await shot("a1-line-error");

    // The same file with line 3 fixed is accepted and selected for the experiment.
    await page.locator("#train-file").setInputFiles({
      name: "dates.jsonl",
      mimeType: "application/jsonl",
      buffer: Buffer.from(`${good.join("\n")}\n`),
    });
    await page.getByRole("button", { name: "Upload and validate" }).click();
    await page.getByLabel("Dataset", { exact: true }).waitFor();
    expect(await page.getByLabel("Dataset", { exact: true }).inputValue()).not.toBe("");

    await page.getByLabel("Base model", { exact: true }).fill(modelDir);
    await page.getByLabel("Learning rate", { exact: true }).fill("1e-3, 5e-3");
    await page.getByLabel("LoRA rank", { exact: true }).fill("4");
    await page.getByLabel("Epochs", { exact: true }).fill("1");
    await page.getByLabel("Max steps (optional)", { exact: true }).fill("4");
    await page.getByLabel("Batch size", { exact: true }).fill("4");
    await page.getByLabel("Max new tokens", { exact: true }).fill("12");
    // Wait for the preview of *these* values (the default grid also makes 2 runs).
    await page.getByTestId("grid-preview").filter({ hasText: "lr 5e-3" }).waitFor();
    expect(await page.getByTestId("run-count").innerText()).toContain("2 runs");
    await shot("a2-new-experiment");
    // Keyboard activation: focus-based, so immune to the layout settling under a pointer click.
    await page.getByRole("button", { name: /Create experiment/ }).press("Enter");

    // A client-side navigation: no "load" event to wait for, so watch the address instead.
    await expect
      .poll(() => new URL(page.url()).pathname, { timeout: 30_000 })
      .toMatch(/^\/experiments\/(?!new$)[^/]+$/);
    await page.getByTestId("runs-table").waitFor();
    await shot("a3-experiment-running");

    // Every run, the baseline included, ends evaluated; nothing failed.
    const rows = page.getByTestId("run-row");
    await expect.poll(async () => rows.count(), { timeout: 30_000 }).toBe(3);
    await expect
      .poll(
        async () =>
          (await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))).join(
            ",",
          ),
        { timeout: 480_000, interval: 2000 },
      )
      .toBe("evaluated,evaluated,evaluated");

    const board = page.getByTestId("leaderboard-row");
    await expect.poll(async () => board.count(), { timeout: 30_000 }).toBe(3);
    const boardText = await page.getByTestId("leaderboard").innerText();
    expect(boardText).toContain("Baseline (no adapter)");
    // Ranks 1 and 2 for the two trained runs; the baseline row is unranked.
    const ranks = await board.evaluateAll((els) =>
      els.map((e) => e.querySelector("td")?.textContent?.trim() ?? ""),
    );
    expect(ranks.filter(Boolean).sort()).toEqual(["1", "2"]);
    await page.getByText("Training loss").scrollIntoViewIfNeeded();
    await shot("a4-leaderboard");

    // The run page shows the per-sample outputs with their scores.
    await board.filter({ hasNotText: "Baseline" }).first().getByRole("link").click();
    await page.getByTestId("samples-table").waitFor();
    expect(await page.getByTestId("samples-table").locator("tbody tr").count()).toBe(6);
    await shot("a5-run");
  });
});
