import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAuth } from "@/server/auth";
import {
  clientAddress,
  clientAddressHeader,
  stampClientAddresses,
  trustedProxies,
} from "@/server/auth/client-address";
import { SETUP_TOKEN_HEADER, setupToken } from "@/server/auth/setup-token";
import { authRequest } from "@/tests/helpers/auth";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

// Issue #12, finding 3: better-auth took the client's address from X-Forwarded-For as the client
// sent it, so a new header value per guess got a new rate-limit bucket and every password guess
// was checked. The address is now the socket's (or, behind proxies named in
// TUNEBENCH_TRUSTED_PROXIES, the right-most hop they did not add), stamped by the HTTP server.

let t: TestDb;
let server: http.Server;
let base = "";
const saved = { auth: process.env.TUNEBENCH_AUTH, proxies: process.env.TUNEBENCH_TRUSTED_PROXIES };

beforeAll(async () => {
  process.env.TUNEBENCH_AUTH = "multi";
  process.env.BETTER_AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";
  process.env.BETTER_AUTH_URL ??= "http://127.0.0.1:3000";
  t = await createTestDb();
  const signUp = await getAuth(t.db).handler(
    authRequest(
      "/sign-up/email",
      { email: "ada@example.test", password: "correct horse", name: "Ada" },
      { headers: { [SETUP_TOKEN_HEADER]: setupToken() } },
    ),
  );
  expect(signUp.status).toBe(200);
  // A real HTTP server in front of better-auth, stamped the way instrumentation.ts stamps Next's.
  stampClientAddresses();
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers.set(k, [v].flat().join(", "));
    const answer = await getAuth(t.db).handler(
      new Request(`http://127.0.0.1:3000${req.url}`, {
        method: req.method,
        headers,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      }),
    );
    res.writeHead(answer.status).end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const [k, v] of Object.entries({
    TUNEBENCH_AUTH: saved.auth,
    TUNEBENCH_TRUSTED_PROXIES: saved.proxies,
  }))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  await new Promise((r) => server?.close(r));
  await t?.close();
});

/** One wrong-password sign-in over HTTP; returns its status. */
async function guess(headers: Record<string, string>) {
  const res = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: "http://127.0.0.1:3000", ...headers },
    body: JSON.stringify({ email: "ada@example.test", password: "not the password" }),
  });
  await res.arrayBuffer();
  return res.status;
}
const tally = (statuses: number[]) => ({
  checked: statuses.filter((s) => s === 401).length,
  limited: statuses.filter((s) => s === 429).length,
});
/** Waits out better-auth's 10 s sign-in window, so each test starts with fresh buckets. */
const freshWindow = () => new Promise((r) => setTimeout(r, 10_500));

describe("sign-in rate limit", () => {
  it("limits 20 guesses with a new X-Forwarded-For each", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push(await guess({ "x-forwarded-for": `203.0.113.${i}` }));
    expect(tally(statuses)).toEqual({ checked: 3, limited: 17 });
  });

  it("ignores a client that sends the internal address header itself", async () => {
    await freshWindow();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push(await guess({ [clientAddressHeader()]: `198.51.100.${i}` }));
    expect(tally(statuses)).toEqual({ checked: 3, limited: 17 });
  });

  it("behind a trusted proxy, keys on the hop the proxy added, not what the client wrote", async () => {
    await freshWindow();
    process.env.TUNEBENCH_TRUSTED_PROXIES = "127.0.0.0/8";
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++)
        statuses.push(await guess({ "x-forwarded-for": `10.9.9.${i}, 203.0.113.7` }));
      expect(tally(statuses)).toEqual({ checked: 3, limited: 17 });
      // Another client behind the same proxy has its own bucket.
      expect(await guess({ "x-forwarded-for": "203.0.113.8" })).toBe(401);
    } finally {
      delete process.env.TUNEBENCH_TRUSTED_PROXIES;
    }
  });
});

describe("clientAddress", () => {
  const proxies = trustedProxies("10.0.0.0/8, 192.0.2.1, 2001:db8::/32");
  it.each([
    ["the peer when it is not a trusted proxy", "203.0.113.5", "1.2.3.4", "203.0.113.5"],
    ["an IPv4-mapped peer as IPv4", "::ffff:203.0.113.5", undefined, "203.0.113.5"],
    ["the right-most untrusted hop", "10.0.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"],
    ["the proxy itself when nothing was forwarded", "192.0.2.1", undefined, "192.0.2.1"],
    ["the proxy when the client's hop is garbage", "10.0.0.1", "203.0.113.9, nonsense", "10.0.0.1"],
    ["an IPv6 client behind an IPv6 proxy", "2001:db8::1", "2001:db9::7", "2001:db9::7"],
  ])("gives %s", (_, peer, xff, expected) => {
    expect(clientAddress(peer, xff, proxies)).toBe(expected);
  });

  it("refuses a TUNEBENCH_TRUSTED_PROXIES entry that is not an address or range", () => {
    expect(() => trustedProxies("10.0.0.0/8, proxy.internal")).toThrow(/proxy\.internal/);
  });
});
