import { createHmac } from "node:crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appRouter } from "@/server/root";
import { handleGenericHook } from "@/server/services/hooks";
import { rotateSecret } from "@/server/services/settings";
import { api, apiToken, useApi } from "@/tests/app/api/v1/setup";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { hookFixture } from "@/tests/server/services/hooks/helpers";

// Issue #12, finding 4 (second half): a failed query reached tRPC callers as its SQL with its
// parameters. Unexpected errors now reach every client as "Internal error (ref <id>)", and the
// detail goes to the server log under the same reference. Expected errors keep their messages.

let t: TestDb;
let restore: () => void;
let token: string;
let fx: Awaited<ReturnType<typeof hookFixture>>;
const PARAM = "a-parameter-value-that-must-not-leak";
const REF = /^Internal error \(ref [\w-]{6,}\)$/;

beforeAll(async () => {
  t = await createTestDb();
  restore = useApi(t.db);
  fx = await hookFixture(t.db);
  token = await apiToken(t.db, "admin", ["read", "write"], fx.projectId);
  // Break the database under the services: every query on experiments now fails.
  await t.db.execute(sql`alter table experiments rename to experiments_gone`);
});
afterAll(async () => {
  await t?.db.execute(sql`alter table experiments_gone rename to experiments`);
  restore?.();
  await t?.close();
});

/** Captures console.error while `fn` runs. */
async function logged<T>(fn: () => Promise<T>): Promise<{ out: T; log: string }> {
  const spy = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const out = await fn();
    return { out, log: spy.mock.calls.map((c) => c.map(String).join(" ")).join("\n") };
  } finally {
    spy.mockRestore();
  }
}
const refOf = (message: string) => /ref ([\w-]+)/.exec(message)?.[1];

describe("internal errors", () => {
  it("tRPC answers with a reference, never the query or its parameters", async () => {
    const ctx = await createTestCtx(t.db, { role: "admin", projectId: fx.projectId });
    const url = `http://localhost/api/trpc/experiments.get?input=${encodeURIComponent(
      JSON.stringify({ json: { experimentId: PARAM } }),
    )}`;
    const { out: res, log } = await logged(() =>
      fetchRequestHandler({
        endpoint: "/api/trpc",
        req: new Request(url),
        router: appRouter,
        createContext: async () => ctx,
      }),
    );
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain(PARAM);
    expect(text).not.toMatch(/select|experiments_gone|Failed query/i);
    const message = JSON.parse(text).error.json.message as string;
    expect(message).toMatch(REF);
    expect(log).toContain(refOf(message));
    expect(log).toMatch(/experiments/);
  });

  it("REST answers with a reference", async () => {
    const { out: res, log } = await logged(() =>
      api<{ error: { code: string; message: string } }>("GET", `/experiments/${PARAM}`, { token }),
    );
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe("INTERNAL");
    expect(res.body.error.message).toMatch(REF);
    expect(JSON.stringify(res.body)).not.toContain(PARAM);
    expect(log).toContain(refOf(res.body.error.message));
  });

  it("hooks answer with a reference", async () => {
    const secret = (await rotateSecret(t.db, fx.projectId, "hooks.generic")).secret;
    const body = JSON.stringify({ deliveryId: PARAM, runId: fx.runIds[0], status: "failed" });
    const ts = Math.floor(Date.now() / 1000);
    const sig = `v1=${createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex")}`;
    const { out: res, log } = await logged(() =>
      handleGenericHook(
        t.db,
        new Request("http://localhost/api/hooks/generic/x", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-tunebench-timestamp": String(ts),
            "x-tunebench-signature": sig,
          },
          body,
        }),
        fx.projectId,
      ),
    );
    expect(res.status).toBe(500);
    const answer = (await res.json()) as { error: string };
    expect(answer.error).toMatch(/^internal error \(ref [\w-]+\)$/);
    expect(JSON.stringify(answer)).not.toContain(PARAM);
    expect(log).toContain(refOf(answer.error));
  });

  it("keeps the messages of expected errors", async () => {
    const ctx = await createTestCtx(t.db, { role: "reviewer", projectId: fx.projectId });
    const caller = appRouter.createCaller(ctx);
    await expect(caller.webhooks.list()).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/admin/),
    });
    const res = await api<{ error: { message: string } }>("POST", "/experiments", {
      token,
      body: { name: "" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/name/);
  });
});
