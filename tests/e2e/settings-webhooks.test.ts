import { createHmac } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from "vitest";
import { startReceiver } from "../server/services/webhooks/receiver";
import {
  captureFailure,
  ensureBuilt,
  launchBrowser,
  screenshot,
  startServer,
  type TestServer,
} from "./setup";

// The admin's settings page against a real server: an outgoing endpoint whose secret is shown once,
// a test event that fails once and is retried, the delivery log with its attempts, redelivery; the
// generic hook's secret generated in the browser and used to call the real route handler; an API
// key that never comes back to the browser.
describe("settings: backends, hooks and webhooks (local mode, admin)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    ensureBuilt();
    receiver = await startReceiver([
      { status: 500, body: "try again" },
      { status: 200, body: "ok" },
    ]);
    server = await startServer({
      TUNEBENCH_AUTH: "local",
      TUNEBENCH_SECRET_KEY: "d".repeat(64),
      TUNEBENCH_WEBHOOK_RETRY_BASE_MS: "300",
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
  });

  test("outgoing endpoint, test event retried after a 500, delivery log, redeliver; hook secrets shown once", {
    timeout: 300_000,
  }, async () => {
    onTestFailed(() => captureFailure(page, server, "settings-webhooks"));
    await page.goto(`${server.url}/settings`);
    await page.locator('form[aria-label="Add webhook endpoint"][data-ready]').waitFor();

    await page.getByLabel("Endpoint URL", { exact: true }).fill(receiver.url);
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = (await page.getByTestId("webhook-secret").innerText()).trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);

    await page.getByRole("button", { name: "Deliveries" }).click();
    await page.getByRole("button", { name: "Send test event" }).click();
    const row = page.locator("tr[data-delivery]").first();
    await row.getByText("succeeded").waitFor({ timeout: 30_000 });
    expect(receiver.received).toHaveLength(2);
    const wh = new Webhook(secret);
    const headersOf = (i: number) =>
      Object.fromEntries(
        ["webhook-id", "webhook-timestamp", "webhook-signature"].map((h) => [
          h,
          String(receiver.received[i]!.headers[h]),
        ]),
      );
    for (const i of [0, 1])
      expect(wh.verify(receiver.received[i]!.body, headersOf(i))).toMatchObject({
        type: "webhook.test",
      });
    await row.getByRole("button", { name: "Attempts" }).click();
    const attempts = page.locator("table.small tbody tr");
    await expect.poll(() => attempts.count()).toBe(2);
    expect(await attempts.allInnerTexts()).toEqual([
      expect.stringMatching(/\b200\b.*ok/s),
      expect.stringMatching(/\b500\b.*try again/s),
    ]);
    await screenshot(page, "settings-webhooks-log");

    await row.getByRole("button", { name: "Redeliver" }).click();
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(3);
    expect(headersOf(2)["webhook-id"]).toBe(headersOf(0)["webhook-id"]);

    // The generic hook: its secret is generated here and shown once; the real route checks it.
    const generic = page.getByRole("region", { name: "Generic training-finished hook" });
    const hookUrl = `${server.url}${new URL((await generic.locator("code").first().innerText()).trim()).pathname}`;
    await generic.getByRole("button", { name: "Generate secret" }).click();
    const hookSecret = (await page.getByTestId("secret-generic").innerText()).trim();
    expect(hookSecret).toMatch(/^tbh_/);
    const body = JSON.stringify({
      deliveryId: "d-1",
      runId: "no-such-run",
      status: "succeeded",
      artifact: "/tmp/a",
    });
    const post = (sig: string, ts = Math.floor(Date.now() / 1000)) =>
      fetch(hookUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-tunebench-timestamp": String(ts),
          "x-tunebench-signature": sig,
        },
        body,
      });
    const ts = Math.floor(Date.now() / 1000);
    const good = `v1=${createHmac("sha256", hookSecret).update(`${ts}.${body}`).digest("hex")}`;
    expect((await post(good, ts)).status).toBe(404); // signed correctly; the run is unknown
    expect(
      (
        await post(
          good.replace(/.$/, (c) => (c === "0" ? "1" : "0")),
          ts,
        )
      ).status,
    ).toBe(401);
    const big = await fetch(hookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "x".repeat(1024 * 1024 + 10),
    });
    expect(big.status).toBe(413);

    // Secrets never come back to the browser: not the hook secret, not an API key.
    await page.getByLabel("OpenAI API key", { exact: true }).fill("sk-proj-e2e-secret-key-9876");
    await page.getByRole("button", { name: "Save", exact: true }).first().click();
    await page.getByText("set · sk-proj-…9876").waitFor();
    await page.reload();
    await page.locator('form[aria-label="Add webhook endpoint"][data-ready]').waitFor();
    const html = await page.content();
    expect(html).not.toContain(hookSecret);
    expect(html).not.toContain("e2e-secret-key");
    expect(html).not.toContain(secret);
    await screenshot(page, "settings-hooks");
  });
});
