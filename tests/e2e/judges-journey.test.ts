import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../trainers/openai/fake-openai";
import { PAIR_JUDGE, RUN_NAMES, seedJudgedExperiment } from "./judge-fixtures";
import { EXPERIMENT_NAME, mutate, type SeededReview } from "./review-fixtures";
import {
  captureFailure,
  ensureBuilt,
  launchBrowser,
  newDataDir,
  screenshot,
  startServer,
  type TestServer,
} from "./setup";

// Settings → Judges against a real server whose judge calls go to the fake OpenAI-compatible
// server: a custom template the server refuses (on its field), a judge created and edited into
// version 2, then tried on 3 samples: the rendered prompt, a rating, and an answer with no verdict
// shown "unparsed" with its raw text after the one format-reminder retry. Then the leaderboard of an
// experiment a pairwise judge has judged: its win-rate column and its flip rate, its verdicts on
// the run page, and the low-agreement warning once people disagree with it.
describe("settings: judges (local mode, admin)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let fake: FakeOpenAI;
  let seeded: SeededReview;

  beforeAll(async () => {
    ensureBuilt();
    fake = await startFakeOpenAI();
    fake.chat.respond = (req) => {
      const asked = req.messages.map((m) => m.content).join("\n");
      if (asked.includes("spider")) return "Spiders are arachnids; I cannot decide.";
      return asked.includes("capital") ? "Right city. Rating: [[9]]" : "Fine. Rating: [[6]]";
    };
    const dataDir = newDataDir();
    seeded = await seedJudgedExperiment(path.join(dataDir, "pglite"));
    server = await startServer(
      { TUNEBENCH_AUTH: "local", TUNEBENCH_SECRET_KEY: "e".repeat(64) },
      { dataDir },
    );
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await fake?.close();
  });

  test("create (refused template on its field), edit to v2, try on 3 samples", {
    timeout: 300_000,
  }, async () => {
    onTestFailed(() => captureFailure(page, server, "judges-journey"));
    await page.goto(`${server.url}/settings`);
    const backend = page.locator('form[aria-label="Backend settings"][data-ready]');
    // Each save re-reads the settings, which remounts both forms: the key first (its hint shows
    // once the settings are read again), then the base URL, waiting for the server's answer.
    await backend.waitFor();
    await page.getByLabel("OpenAI API key", { exact: true }).fill("sk-judges-e2e-0000");
    await page.getByRole("button", { name: "Save", exact: true }).first().click();
    await page.getByText("set · sk-…0000").waitFor();
    await backend.getByLabel("Base URL (OpenAI-compatible service)").fill(`${fake.url}/v1`);
    const saved = page.waitForResponse((r) => r.url().includes("settings.update") && r.ok());
    await backend.getByRole("button", { name: "Save backend settings" }).click();
    await saved;

    const card = page.getByRole("region", { name: "Judges" });
    await card.getByRole("button", { name: "New judge" }).click();
    const form = card.getByRole("form", { name: "New judge" });
    await form.getByLabel("Name", { exact: true }).fill("rater");
    await form.getByLabel("Model", { exact: true }).fill("gpt-4o-mini");
    await form.getByRole("button", { name: "Custom" }).click();
    await form.getByRole("button", { name: "two answers (A/B)" }).click();
    await form.getByLabel("Template text").fill("Which is better?\n{{answer}}");
    await form.getByRole("button", { name: "Create judge" }).click();
    const refused = form.getByTestId("field-error");
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/answer/);
    expect(await form.getByLabel("Template text").getAttribute("aria-invalid")).toBe("true");

    await form.getByRole("button", { name: "Single rating" }).click();
    await form.getByRole("button", { name: "Create judge" }).click();
    const row = card.locator('tr[data-judge="rater"]');
    await expect.poll(() => row.getByTestId("judge-version").innerText()).toBe("v1");

    await card.getByRole("button", { name: "Edit rater" }).click();
    const edit = card.getByRole("form", { name: "Edit judge rater" });
    await edit.getByLabel("Model", { exact: true }).fill("gpt-4.1-mini");
    await edit.getByRole("button", { name: "Save version 2" }).click();
    await expect.poll(() => row.getByTestId("judge-version").innerText()).toBe("v2");
    expect(await row.innerText()).toContain("gpt-4.1-mini");

    await card.getByRole("button", { name: "Try rater" }).click();
    const tryForm = card.getByRole("form", { name: "Try rater" });
    await tryForm.getByRole("button", { name: "Try version 2 on 3 samples" }).click();
    const results = tryForm.getByTestId("try-result");
    await expect.poll(() => results.count(), { timeout: 60_000 }).toBe(3);
    expect(await results.nth(0).innerText()).toContain("score 88.9 / 100");
    expect(await results.nth(1).innerText()).toContain("score 55.6 / 100");
    const unparsed = results.nth(2);
    expect(await unparsed.innerText()).toContain("no score (unparsed)");
    expect(await unparsed.getByText("Spiders are arachnids; I cannot decide.").isVisible()).toBe(
      true,
    );
    await results.nth(0).getByText("Rendered prompt").click();
    expect(await results.nth(0).innerText()).toContain("What is the capital of France?");

    const calls = fake.requests.filter((r) => r.path.endsWith("/chat/completions"));
    // One call a sample, and the unparsed one retried once with the format reminder.
    expect(calls).toHaveLength(4);
    expect(new Set(calls.map((c) => (c.body as { model: string }).model))).toEqual(
      new Set(["gpt-4.1-mini"]),
    );
    expect(fake.specErrors).toEqual([]);
    await screenshot(page, "settings-judges");

    // The same panel on an evaluated run's first 3 samples: its prompts, outputs and references.
    await tryForm.getByRole("button", { name: "From a run" }).click();
    await tryForm
      .getByLabel("Run", { exact: true })
      .selectOption({ label: `${EXPERIMENT_NAME} · ${RUN_NAMES[0]}` });
    await tryForm.getByRole("button", { name: "Try version 2 on 3 samples" }).click();
    await expect
      .poll(() => results.nth(0).innerText(), { timeout: 60_000 })
      .toContain("score 55.6 / 100");
    for (const i of [1, 2]) expect(await results.nth(i).innerText()).toContain("score 55.6 / 100");
    const fromRun = (await results.nth(2).textContent()) ?? "";
    expect(fromRun).toContain("Rewrite 2002-01-02 as DD/MM/YYYY.");
    expect(fromRun).toContain("[The Start of Reference Answer]\n02/01/2002");
    expect(fromRun).toContain("The date is **03/03/2002**.");
    expect(fake.requests.filter((r) => r.path.endsWith("/chat/completions"))).toHaveLength(7);
    await screenshot(page, "settings-judges-from-run");

    await page.goto(`${server.url}/experiments/${seeded.experimentId}`);
    const judgedRow = page.getByTestId("leaderboard-row").filter({ hasText: RUN_NAMES[1] });
    await expect
      .poll(() => judgedRow.getByTestId("judge-win-rate").innerText(), { timeout: 30_000 })
      .toBe("75%");
    const note = page.getByTestId("judge-note");
    expect(await note.innerText()).toContain(`${PAIR_JUDGE} v1: flip rate 50% over 12 pairs`);
    expect(await note.innerText()).toContain("not yet checked against people");
    await screenshot(page, "leaderboard-judges");

    // The judged run's page: each sample's verdicts, collapsed to one line, both orders inside.
    await judgedRow.getByRole("link", { name: RUN_NAMES[1] }).click();
    const verdicts = page.getByTestId("sample-verdicts");
    await expect.poll(() => verdicts.count(), { timeout: 30_000 }).toBe(12);
    expect(await verdicts.nth(0).innerText()).toBe(`${PAIR_JUDGE} v1 wins`);
    expect(await verdicts.nth(1).innerText()).toBe(`${PAIR_JUDGE} v1 tie (flipped with the order)`);
    await verdicts.nth(1).getByText(PAIR_JUDGE).click();
    const opened = await verdicts.nth(1).innerText();
    expect(opened).toContain("this run shown as A:\nA");
    expect(opened).toContain("this run shown as B (swapped):\nA");
    await screenshot(page, "run-verdicts");

    // People call every pair "both bad" (a tie), the judge decided half of them: κ = 0, so the
    // judge's column, its line and its verdicts on the run page carry the low-agreement warning.
    const users = (await (await page.request.get(`${server.url}/api/trpc/users.list`)).json()) as {
      result: { data: { json: { id: string }[] } };
    };
    const campaign = await mutate<{ id: string }>(page, server.url, "reviews.create", {
      experimentId: seeded.experimentId,
      name: "People on the judge's pairs",
      mode: "pairwise",
      runIds: seeded.runIds.slice(0, 2),
      sampleSize: 12,
      sampling: { kind: "random", seed: 1 },
      reviewersPerItem: 1,
      guidelines: "",
      reviewerIds: users.result.data.json.map((u) => u.id),
    });
    for (
      let item = await mutate<{ slot: number } | null>(page, server.url, "reviews.next", {
        campaignId: campaign.id,
      });
      item;
    )
      item = await mutate(page, server.url, "reviews.vote", {
        slot: item.slot,
        pairwise: { choice: "both_bad" },
      });
    await page.goto(`${server.url}/experiments/${seeded.experimentId}`);
    await expect
      .poll(() => page.getByTestId("judge-note").innerText(), { timeout: 30_000 })
      .toContain("low agreement");
    expect(await page.getByTestId("judge-note").innerText()).toContain("κ = 0 on 12 items");
    await judgedRow.getByRole("link", { name: RUN_NAMES[1] }).click();
    await expect
      .poll(() => verdicts.nth(0).innerText(), { timeout: 30_000 })
      .toContain("low agreement");
  });
});
