import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from "vitest";
import { tarEntry, tarOf } from "@/tests/helpers/archive";
import { type SeededExternal, seedExternalRun } from "./external-run-fixtures";
import {
  captureFailure,
  ensureBuilt,
  launchBrowser,
  newDataDir,
  startServer,
  type TestServer,
} from "./setup";

// An MLflow client's experiment and run, finished in the dashboard: the experiment's notice takes
// its base model, dataset and suite; the run's page takes its adapter as a tar.gz (a hostile one
// first, refused with the entry named). Local mode, no job loop: nothing is generated here.
const SAFETENSORS = `${String.fromCharCode(2, 0, 0, 0, 0, 0, 0, 0)}{}`;
const adapter = [
  tarEntry("adapter_config.json", "0", '{"peft_type": "LORA"}'),
  tarEntry("adapter_model.safetensors", "0", SAFETENSORS),
];

describe("external runs in the dashboard (local mode)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let seeded: SeededExternal;
  const runsDir = mkdtempSync(path.join(tmpdir(), "tb-e2e-runs-"));
  const files = mkdtempSync(path.join(tmpdir(), "tb-e2e-archives-"));

  beforeAll(async () => {
    ensureBuilt();
    const dataDir = newDataDir();
    seeded = await seedExternalRun(path.join(dataDir, "pglite"));
    server = await startServer(
      { TUNEBENCH_AUTH: "local", TUNEBENCH_EMBEDDED_WORKER: "0", TUNEBENCH_RUNS_DIR: runsDir },
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

  test("the experiment's notice sets its base model, dataset and suite", async () => {
    onTestFailed(() => captureFailure(page, server, "external-experiment"));
    await page.goto(`${server.url}/experiments/${seeded.experimentId}`);
    const notice = page.getByRole("status").filter({ hasText: "not evaluated yet" });
    await notice.locator("form[data-ready]").waitFor();
    await notice.getByRole("button", { name: "Set and evaluate the baseline" }).click();
    await expect.poll(() => notice.getByText("Choose a base model").count()).toBe(1);
    await notice.getByLabel("Base model").fill("tiny-model");
    const dataset = notice.getByLabel("Dataset", { exact: true });
    await dataset.selectOption({ index: 1 });
    await notice.getByRole("button", { name: "Set and evaluate the baseline" }).click();
    await expect.poll(() => notice.count(), { timeout: 15_000 }).toBe(0);
  });

  test("the run's page refuses a hostile archive and attaches an adapter", async () => {
    onTestFailed(() => captureFailure(page, server, "external-run-attach"));
    const hostile = path.join(files, "hostile.tar");
    writeFileSync(hostile, tarOf(...adapter, tarEntry("evil", "2", "", "/etc/passwd")));
    const good = path.join(files, "adapter.tar.gz");
    writeFileSync(good, gzipSync(tarOf(...adapter)));

    await page.goto(`${server.url}/runs/${seeded.runId}`);
    const card = page.locator(".card").filter({ hasText: "Attach the trained output" });
    await card.getByLabel("Upload an archive (.tar, .tar.gz)").setInputFiles(hostile);
    await card.getByRole("button", { name: "Upload and evaluate" }).click();
    const refused = card.getByRole("alert").filter({ hasText: "Not attached" });
    await refused.waitFor();
    expect(await refused.innerText()).toContain('"evil": a SymbolicLink entry');

    await card.getByLabel("Upload an archive (.tar, .tar.gz)").setInputFiles(good);
    await card.getByRole("button", { name: "Upload and evaluate" }).click();
    await page.getByTestId("toast").filter({ hasText: "adapter is attached" }).waitFor();
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(0);
    expect(readdirSync(path.join(runsDir, seeded.runId, "output")).sort()).toEqual([
      "adapter_config.json",
      "adapter_model.safetensors",
    ]);
  });
});
