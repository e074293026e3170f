import { afterAll, beforeAll } from "vitest";
import { clientAddressHeader } from "@/server/auth/client-address";
import type { Db } from "@/server/db";
import { createTestDb, type TestDb } from "./db";

export const AUTH_BASE = "http://127.0.0.1:3000/api/auth";
let next = 0;

/** A POST to better-auth as the HTTP server hands it over: stamped with the client's address
 *  (server/auth/client-address.ts), a new one per call unless `from` is given, so tests that are
 *  not about rate limits do not share one sign-in bucket. */
export function authRequest(
  path: string,
  body: unknown,
  opts: { from?: string; headers?: Record<string, string> } = {},
): Request {
  next += 1;
  const from = opts.from ?? `198.18.${(next >> 8) & 0xff}.${next & 0xff}`;
  return new Request(`${AUTH_BASE}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: "http://127.0.0.1:3000",
      [clientAddressHeader()]: from,
      ...opts.headers,
    },
    body: JSON.stringify(body),
  });
}

/**
 * Multi-user sign-up and sign-in on a fresh database for the calling file or describe block:
 * TUNEBENCH_AUTH=multi (better-auth's secret and URL too, unless set) before its tests, the
 * previous mode back and the database closed after. `.db` is the database, once set up.
 */
export function withMultiUserAuth(): { readonly db: Db } {
  let t: TestDb | undefined;
  const saved = process.env.TUNEBENCH_AUTH;
  beforeAll(async () => {
    process.env.TUNEBENCH_AUTH = "multi";
    process.env.BETTER_AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";
    process.env.BETTER_AUTH_URL ??= "http://127.0.0.1:3000";
    t = await createTestDb();
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.TUNEBENCH_AUTH;
    else process.env.TUNEBENCH_AUTH = saved;
    await t?.close();
  });
  return {
    get db() {
      return t!.db;
    },
  };
}
