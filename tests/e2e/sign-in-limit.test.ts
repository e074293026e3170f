import http from "node:http";
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from "vitest";
import { captureFailure, ensureBuilt, startServer, type TestServer } from "./setup";

// Issue #12, findings 3 and 7, against the real `next start`: the first account needs the setup
// token the server printed, and sign-in guesses are limited by the socket's address however the
// client sets X-Forwarded-For (instrumentation.ts stamps it before Next routes the request).
describe("sign-in on a real server (multi-user mode)", () => {
  let server: TestServer;
  beforeAll(async () => {
    ensureBuilt();
    server = await startServer({ TUNEBENCH_AUTH: "multi" });
  });
  afterAll(() => server?.stop());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url, ...headers },
      body: JSON.stringify(body),
    });
  const admin = { email: "ada@example.com", password: "correct horse battery", name: "Ada" };

  test("the first account needs the setup token from the log", async () => {
    onTestFailed(() => captureFailure(undefined, server, "setup-token"));
    expect((await post("/sign-up/email", admin)).status).toBe(403);
    const token = /setup-[\w-]{24}/.exec(server.logs())?.[0];
    expect(token).toBeDefined();
    const res = await post("/sign-up/email", admin, { "x-tunebench-setup-token": token! });
    expect(res.status).toBe(200);
  });

  test("20 guesses with a new X-Forwarded-For each are still limited", async () => {
    onTestFailed(() => captureFailure(undefined, server, "sign-in-limit"));
    await new Promise((r) => setTimeout(r, 10_500)); // the sign-up's window ends
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await post(
        "/sign-in/email",
        { email: admin.email, password: "not the password" },
        { "x-forwarded-for": `203.0.113.${i}` },
      );
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(17);
    // Another socket address is another client with its own bucket: the limit is keyed on the
    // address Next's socket saw (not one bucket for every request the stamp missed).
    expect(await guessFrom("127.0.0.2")).toBe(401);
  });

  /** One wrong-password sign-in over a connection from `localAddress` (any 127/8 address). */
  function guessFrom(localAddress: string): Promise<number> {
    const body = JSON.stringify({ email: admin.email, password: "not the password" });
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${server.url}/api/auth/sign-in/email`,
        {
          method: "POST",
          localAddress,
          headers: { "content-type": "application/json", origin: server.url },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }
});
