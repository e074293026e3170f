import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from "vitest";
import {
  BOTH_WRONG,
  HOSTILE,
  HOSTILE_IDX,
  IMPROVEMENTS,
  REGRESSIONS,
  RUN_A,
  RUN_B,
  SAMPLES,
  type SeededCompare,
  sampleOf,
  seedCompareExperiment,
} from "./compare-fixtures";
import {
  captureFailure,
  ensureBuilt,
  launchBrowser,
  newDataDir,
  screenshot,
  startServer,
  type TestServer,
} from "./setup";

/** Reads the sample rows the compare page shows: index, Δ, both outputs, and the marked words. */
async function shownRows(page: Page) {
  await page.locator('[data-testid="sample-rows"][data-loading="false"]').waitFor();
  return page.getByTestId("sample-row").evaluateAll((els) =>
    els.map((el) => ({
      idx: Number(el.getAttribute("data-idx")),
      delta: Number(el.getAttribute("data-delta")),
      prompt: el.querySelector('[data-testid="sample-prompt"]')?.textContent ?? "",
      a: el.querySelector('[data-testid="word-diff-removed"]')?.textContent ?? "",
      b: el.querySelector('[data-testid="word-diff-added"]')?.textContent ?? "",
      markedA: [...el.querySelectorAll('[data-testid="word-diff-removed"] mark')].map((m) =>
        m.textContent?.trim(),
      ),
      markedB: [...el.querySelectorAll('[data-testid="word-diff-added"] mark')].map((m) =>
        m.textContent?.trim(),
      ),
    })),
  );
}

async function clickAndWait(
  page: Page,
  name: string,
  group: string,
  want: (idx: number[]) => boolean,
) {
  await page
    .getByRole("group", { name: group })
    .getByRole("button", { name: new RegExp(`^${name}`) })
    .click();
  await expect
    .poll(async () => want((await shownRows(page)).map((r) => r.idx)), { timeout: 15_000 })
    .toBe(true);
}

describe("compare two runs (per-sample diff in Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let seeded: SeededCompare;

  beforeAll(async () => {
    ensureBuilt();
    const dataDir = newDataDir();
    seeded = await seedCompareExperiment(path.join(dataDir, "pglite"));
    server = await startServer({ TUNEBENCH_AUTH: "local" }, { dataDir });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("runs table sorts and filters on the server, tags runs, and sends two selected runs to Compare", async () => {
    onTestFailed(() => captureFailure(page, server, "compare-table"));
    await page.goto(`${server.url}/experiments/${seeded.experimentId}`);
    const rows = page.getByTestId("run-row");
    const table = page.locator('[data-testid="runs-table"][data-ready]'); // hydrated: clicks are handled
    await table.waitFor({ timeout: 30_000 });
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
    expect(await table.innerText()).toContain("$0.42"); // the cost column

    // chrF means: A 95.5, B 93.67 (from the fixture). Metrics sort best first, then reversed; the
    // header says which sort the server answered, so the order is read only after it.
    const order = () =>
      rows.evaluateAll((els) => els.map((e) => e.querySelector("a")?.textContent));
    const header = table.getByRole("columnheader", { name: /^chrf/ });
    const sorted = (dir: string) =>
      expect
        .poll(
          async () =>
            `${await header.getAttribute("aria-sort")}:${await table.getAttribute("data-loading")}`,
        )
        .toBe(`${dir}:false`);
    await header.getByRole("button").click();
    await sorted("descending");
    expect(await order()).toEqual([RUN_A, RUN_B]);
    await header.getByRole("button").click();
    await sorted("ascending");
    expect(await order()).toEqual([RUN_B, RUN_A]);
    await screenshot(page, "c1-runs-table");

    // Both runs' train/loss curves are drawn; the legend hides and shows a run.
    await page.locator("#curves").scrollIntoViewIfNeeded();
    const chart = page.getByTestId("curves-chart");
    await expect.poll(() => chart.getAttribute("data-series"), { timeout: 30_000 }).toBe("2");
    expect(await chart.locator(".recharts-line").count()).toBe(2);
    const legend = page.getByTestId("curves-legend-item").filter({ hasText: RUN_B });
    await legend.click();
    await expect.poll(() => chart.getAttribute("data-series")).toBe("1");
    expect(await legend.getAttribute("aria-pressed")).toBe("false");
    await legend.click();
    await expect.poll(() => chart.getAttribute("data-series")).toBe("2");

    // Tag one run, then filter the table on that tag (on the server).
    await page.getByLabel(`Select ${RUN_A}`).check();
    await page.getByLabel("Tag for selected runs").fill("keep");
    await page.getByRole("button", { name: "Tag", exact: true }).click();
    await expect.poll(() => rows.filter({ hasText: "keep" }).count()).toBe(1);
    await page.getByLabel("Filter column").selectOption({ label: "Tags" });
    await page.getByLabel("Filter value").fill("keep");
    await page.getByRole("button", { name: "Filter", exact: true }).click();
    await expect.poll(() => order()).toEqual([RUN_A]);
    await page.getByRole("button", { name: "Remove filter on Tags" }).click();
    await expect.poll(() => rows.count()).toBe(2);

    await page.getByLabel(`Select ${RUN_B}`).check();
    await page.getByRole("link", { name: "Compare" }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toBe("/compare");
    const params = new URL(page.url()).searchParams;
    expect(params.get("runs")).toBe(`${seeded.runA},${seeded.runB}`);
    expect(params.get("baseline")).toBe(seeded.runA);
  });

  test("samples are aligned by input, worst regression first, with the changed words marked", async () => {
    onTestFailed(() => captureFailure(page, server, "compare-samples"));
    await page.goto(
      `${server.url}/compare?runs=${seeded.runA},${seeded.runB}&baseline=${seeded.runA}`,
    );
    const rows = await shownRows(page);
    expect(rows).toHaveLength(50); // first page of 60
    await expect
      .poll(async () => page.getByTestId("sample-total").innerText())
      .toContain(`${SAMPLES} samples`);

    // Aligned: each row's prompt, A output and B output belong to the same eval item.
    for (const r of rows) {
      expect(r.prompt).toContain(`Item ${r.idx}:`);
      expect(r.a).toBe(sampleOf(r.idx).a);
      expect(r.b).toBe(sampleOf(r.idx).b);
    }
    // Worst regression first: Δ = B − A, from the fixture's hand-set scores.
    const worst = [...REGRESSIONS].sort((x, y) => x.b - y.b);
    expect(rows.slice(0, 3).map((r) => [r.idx, r.delta])).toEqual(
      worst.map((w) => [w.idx, w.b - 100]),
    );
    for (let i = 1; i < rows.length; i++)
      expect(rows[i]!.delta).toBeGreaterThanOrEqual(rows[i - 1]!.delta);

    // Word diff: only the words that differ are marked, each on its own side.
    const r7 = rows.find((r) => r.idx === 7)!;
    expect(r7.markedB.join(" ")).toMatch(/perhaps/);
    expect(r7.markedB.join(" ")).toMatch(/March/);
    expect(r7.markedA.join(" ")).toMatch(/8th/);
    expect([...r7.markedA, ...r7.markedB]).not.toContain("It");
    const same = rows.find((r) => sampleOf(r.idx).a === sampleOf(r.idx).b)!;
    expect([...same.markedA, ...same.markedB]).toEqual([]);

    // Markup in an output is shown as text and never runs.
    expect(rows.find((r) => r.idx === HOSTILE_IDX)!.b).toContain(HOSTILE);
    expect(await page.getByTestId("sample-rows").locator("img").count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    await screenshot(page, "c2-compare-samples");
  });

  test("filters return exactly the samples the fixture makes A better, B better or both wrong; paging reaches the rest", async () => {
    onTestFailed(() => captureFailure(page, server, "compare-filters"));
    const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b).join(",");
    const same = (want: readonly number[]) => (idx: number[]) => sorted(idx) === sorted(want);
    await clickAndWait(page, "B better", "Filter samples", same(IMPROVEMENTS.map((i) => i.idx)));
    await clickAndWait(page, "A better", "Filter samples", same(REGRESSIONS.map((r) => r.idx)));
    await clickAndWait(page, "Both wrong", "Filter samples", same(BOTH_WRONG));
    await screenshot(page, "c3-compare-filter");

    await clickAndWait(page, "All", "Filter samples", (idx) => idx.length === 50);
    await clickAndWait(
      page,
      "In order",
      "Sort samples",
      (idx) => idx.join(",") === Array.from({ length: 50 }, (_, i) => i).join(","),
    );
    await page.getByRole("button", { name: "Next →" }).click();
    await expect
      .poll(async () => (await shownRows(page)).map((r) => r.idx).join(","), { timeout: 15_000 })
      .toBe(Array.from({ length: SAMPLES - 50 }, (_, i) => 50 + i).join(","));
    expect(await page.getByTestId("sample-total").innerText()).toContain("page 2 of 2");
  });
});
