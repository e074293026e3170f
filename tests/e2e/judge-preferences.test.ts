import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from "vitest";
import { openDb } from "@/server/db";
import { ensureDefaultProject } from "@/server/services/projects";
import {
  type JudgedExperiment,
  seedJudgedExperiment,
} from "@/tests/server/services/judges/judged-experiment";
import {
  captureFailure,
  ensureBuilt,
  launchBrowser,
  newDataDir,
  startServer,
  type TestServer,
} from "./setup";

// The leaderboard's action under a pairwise judge: run-a's samples that agree in both orders (one
// won by run-a, one by the baseline; a flip and a tie left out) become a preference dataset.
describe("preference data from a pairwise judge (leaderboard)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page | undefined;
  let seeded: JudgedExperiment;

  beforeAll(async () => {
    ensureBuilt();
    const dataDir = newDataDir();
    const pglite = path.join(dataDir, "pglite");
    mkdirSync(dataDir, { recursive: true });
    const { db, close } = await openDb({ dataDir: pglite });
    try {
      const project = await ensureDefaultProject(db);
      seeded = await seedJudgedExperiment(db, project.id, [
        ["A", "B"],
        ["B", "A"],
        ["A", "A"],
        ["C", "C"],
      ]);
    } finally {
      await close();
    }
    server = await startServer({}, { dataDir });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("makes the dataset from the run picked and says what was left out", async () => {
    onTestFailed(() => captureFailure(page, server, "judge-preferences"));
    page = await browser.newPage();
    await page.goto(`${server.url}/experiments/${seeded.experimentId}`);
    const action = page.getByTestId("judge-preferences");
    await action.getByRole("combobox").selectOption({ label: "run-a" });
    await action.getByRole("button", { name: "Make a preference dataset" }).click();
    const status = action.getByRole("status");
    await status.waitFor();
    expect(await status.innerText()).toBe(
      `2 of 4 samples agree in both orders; left out: 1 tie, 1 flipped with the order. Stored as pair-${seeded.baselineId} preferences.`,
    );
  });
});
