import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from "vitest";
import { CURVE_STEPS, seedCompareExperiment, seedLiveRun } from "./compare-fixtures";
import {
  captureFailure,
  ensureBuilt,
  launchBrowser,
  newDataDir,
  startServer,
  type TestServer,
} from "./setup";

/** Live curves: points ingested through the REST API while the page is open reach the chart over
 *  SSE, appended to the history already drawn, each step once. */
describe("live curves (SSE in Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let experimentId: string;
  let liveRun: { id: string; name: string };

  beforeAll(async () => {
    ensureBuilt();
    const dataDir = newDataDir();
    const pglite = path.join(dataDir, "pglite");
    ({ experimentId } = await seedCompareExperiment(pglite));
    liveRun = await seedLiveRun(pglite, experimentId);
    // No job worker: the seeded "running" run has no backend job behind it to resume.
    server = await startServer(
      { TUNEBENCH_AUTH: "local", TUNEBENCH_EMBEDDED_WORKER: "0" },
      { dataDir },
    );
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("ingested points are appended without refetching history and without duplicates", async () => {
    onTestFailed(() => captureFailure(page, server, "compare-live"));
    await page.goto(`${server.url}/experiments/${experimentId}`);
    await page.locator('[data-testid="runs-table"][data-ready]').waitFor();
    await page.locator("#curves").scrollIntoViewIfNeeded();
    const item = page.getByTestId("curves-legend-item").filter({ hasText: liveRun.name });
    await expect
      .poll(() => item.getAttribute("data-points"), { timeout: 30_000 })
      .toBe(String(CURVE_STEPS));
    await expect.poll(() => item.innerText()).toContain("live");

    // Count series.get calls from here on: live points must not refetch the history.
    let historyCalls = 0;
    page.on("request", (r) => {
      if (r.url().includes("series.get")) historyCalls++;
    });

    // A write-scoped API token, as an external trainer would use.
    const res = await page.request.post(`${server.url}/api/trpc/tokens.create`, {
      data: { json: { name: "trainer", scopes: ["write"] } },
    });
    const token = ((await res.json()) as { result: { data: { json: { secret: string } } } }).result
      .data.json.secret;
    const send = async (from: number, to: number) => {
      const points = Array.from({ length: to - from + 1 }, (_, k) => ({
        name: "train/loss",
        step: from + k,
        value: 1 / (from + k),
      }));
      const r = await page.request.post(`${server.url}/api/v1/runs/${liveRun.id}/metrics`, {
        headers: { authorization: `Bearer ${token}` },
        data: { points },
      });
      expect(r.status(), await r.text()).toBeLessThan(300);
    };
    await send(CURVE_STEPS + 1, CURVE_STEPS + 10);
    await expect
      .poll(() => item.getAttribute("data-points"), { timeout: 30_000 })
      .toBe(String(CURVE_STEPS + 10));
    // Overlapping and repeated steps (a trainer retrying a batch) add only the new ones.
    await send(CURVE_STEPS + 5, CURVE_STEPS + 15);
    await send(CURVE_STEPS + 5, CURVE_STEPS + 15);
    await expect
      .poll(() => item.getAttribute("data-points"), { timeout: 30_000 })
      .toBe(String(CURVE_STEPS + 15));
    await page.waitForTimeout(1500); // a late duplicate frame would show up here
    expect(await item.getAttribute("data-points")).toBe(String(CURVE_STEPS + 15));
    expect(historyCalls).toBe(0);
  });
});
