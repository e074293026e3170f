import { createHmac } from "node:crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetVersions, experiments, hookDeliveries } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";
import { appRouter } from "@/server/root";
import { decodeTextFile } from "@/server/schemas/storable";
import { handleGenericHook } from "@/server/services/hooks";
import { rotateSecret } from "@/server/services/settings";
import { api, apiToken, useApi } from "@/tests/app/api/v1/setup";
import { authRequest } from "@/tests/helpers/auth";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { storedPoints } from "@/tests/helpers/metrics";
import { hookFixture } from "@/tests/server/services/hooks/helpers";

// Issue #12, finding 4: text PostgreSQL cannot store (a NUL, a lone UTF-16 surrogate) failed the
// query, a 500, wherever it came in; bytes that are not UTF-8 were stored as U+FFFD. One rule
// (server/schemas/storable.ts) now refuses them at every boundary with a 400 naming the field, and
// dataset lines with the line and field.

let t: TestDb;
let restore: () => void;
let token: string;
let ctx: Ctx;
let fx: Awaited<ReturnType<typeof hookFixture>>;
const NUL = "a\u0000b";
const LONE = "a\ud800b";

beforeAll(async () => {
  t = await createTestDb();
  restore = useApi(t.db);
  fx = await hookFixture(t.db);
  token = await apiToken(t.db, "member", ["read", "write"], fx.projectId);
  ctx = await createTestCtx(t.db, { role: "admin", projectId: fx.projectId });
});
afterAll(async () => {
  restore?.();
  await t?.close();
});

const chat = (content: string) =>
  JSON.stringify({
    messages: [
      { role: "user", content: "2024-01-02" },
      { role: "assistant", content },
    ],
  });
const experimentCount = () => t.db.$count(experiments);

describe("storable text", () => {
  it.each([
    ["a NUL", NUL, /contains a NUL character/],
    ["a lone surrogate", LONE, /unpaired surrogate \(U\+D800\)/],
  ])("tRPC refuses %s in an experiment name with a 400 naming the field", async (_, name, why) => {
    const before = await experimentCount();
    const caller = appRouter.createCaller(ctx);
    await expect(
      caller.experiments.create({
        name,
        baseModel: "tiny",
        datasetVersionId: "x",
        grid: { learningRate: [1e-4], loraRank: [4], epochs: [1] },
        evalSuite: { metrics: ["chrf"], primaryMetric: "chrf" },
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(why) });
    expect(await experimentCount()).toBe(before);
  });

  it("tRPC refuses a NUL in a preference value, a key inside it, and an id", async () => {
    const caller = appRouter.createCaller(ctx);
    await expect(
      caller.preferences.set({ key: "runs-table:x", value: { columns: [NUL] } }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^value\.columns\.0: /),
    });
    await expect(
      caller.preferences.set({ key: "runs-table:x", value: { [NUL]: 1 } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.runs.get({ runId: NUL })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("over HTTP, tRPC answers 400 with the field, not 500 with SQL", async () => {
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request("http://localhost/api/trpc/experiments.create", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: { name: NUL } }),
      }),
      router: appRouter,
      createContext: async () => ctx,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/name: contains a NUL character/);
  });

  it("REST refuses a NUL in a metric name, naming points.0.name, and stores no point", async () => {
    const res = await api<{ error: { issues: { path: string; message: string }[] } }>(
      "POST",
      `/runs/${fx.runIds[0]}/metrics`,
      { token, body: { points: [{ name: `loss${NUL}`, step: 1, value: 1 }] } },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0]).toEqual({
      path: "points.0.name",
      message: "contains a NUL character",
    });
    expect(await storedPoints(t.db)).toEqual([]);
  });

  it("REST refuses a NUL in a path segment", async () => {
    const res = await api("GET", `/runs/${encodeURIComponent(NUL)}`, { token });
    expect(res.status).toBe(400);
  });

  it("REST refuses a body that is not UTF-8 instead of storing U+FFFD", async () => {
    const before = await experimentCount();
    const body = Buffer.concat([
      Buffer.from('{"name":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('"}'),
    ]);
    const res = await api<{ error: { message: string } }>("POST", "/experiments", {
      token,
      rawBody: body as unknown as string,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/UTF-8/);
    expect(await experimentCount()).toBe(before);
  });

  it("dataset lines name the line and the field of an escaped NUL or lone surrogate", async () => {
    const versions = await t.db.$count(datasetVersions);
    const lines = [chat("2 January 2024"), chat("ok"), chat("bad \u0000 answer"), chat("x \ud800")];
    const res = await api<{ error: { details: { errors: unknown[] } } }>("POST", "/datasets", {
      token,
      body: { name: "hostile", trainJsonl: lines.join("\n") },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors).toEqual([
      {
        file: "train",
        line: 3,
        field: "messages[1].content",
        reason: "contains a NUL character",
      },
      {
        file: "train",
        line: 4,
        field: "messages[1].content",
        reason: "contains an unpaired surrogate (U+D800)",
      },
    ]);
    expect(await t.db.$count(datasetVersions)).toBe(versions);
  });

  it("a raw NUL in a dataset file is refused with its line", async () => {
    const res = await api<{ error: { message: string } }>("POST", "/datasets", {
      token,
      // JSON.stringify would escape it; this NUL is a raw character of the file.
      body: { name: "raw", trainJsonl: `${chat("a")}\n${chat("b")}\n{"prompt":"x\u0000"}` },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/trainJsonl: line 3: contains a NUL character/);
  });

  it("files are decoded as strict UTF-8: bad bytes are a line-level error, never U+FFFD", () => {
    const bytes = Buffer.concat([
      Buffer.from(`${chat("fine")}\n${chat("caf")}`),
      Buffer.from([0xc3, 0x28]), // an invalid two-byte sequence
      Buffer.from(`\n${chat("also fine")}\n`),
    ]);
    const decoded = decodeTextFile(bytes);
    expect(decoded.errors).toEqual([
      { line: 2, reason: "is not valid UTF-8 (save the file as UTF-8)" },
    ]);
    expect(decoded.text).not.toContain("\ufffd");
    expect(decodeTextFile(Buffer.from("ok\nno\u0000pe\n")).errors).toEqual([
      { line: 2, reason: "contains a NUL character" },
    ]);
    expect(decodeTextFile(Buffer.from("é ok\n"))).toEqual({ text: "é ok\n", errors: [] });
  });

  it("hooks refuse a NUL in the body with a 400 naming the field", async () => {
    const secret = (await rotateSecret(t.db, fx.projectId, "hooks.generic")).secret;
    const body = JSON.stringify({ deliveryId: NUL, runId: fx.runIds[0], status: "failed" });
    const ts = Math.floor(Date.now() / 1000);
    const sig = `v1=${createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex")}`;
    const res = await handleGenericHook(
      t.db,
      new Request("http://localhost/api/hooks/generic/x", {
        method: "POST",
        headers: { "x-tunebench-timestamp": String(ts), "x-tunebench-signature": sig },
        body,
      }),
      fx.projectId,
    );
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toBe("deliveryId: contains a NUL character");
    expect(await t.db.$count(hookDeliveries, eq(hookDeliveries.projectId, fx.projectId))).toBe(0);
  });

  it("sign-up refuses a NUL in the name with a 400", async () => {
    const saved = process.env.TUNEBENCH_AUTH;
    process.env.TUNEBENCH_AUTH = "multi";
    process.env.BETTER_AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";
    try {
      const { auth } = await import("@/server/auth");
      const res = await auth.handler(
        authRequest("/sign-up/email", {
          email: "x@example.test",
          password: "whatever1",
          name: NUL,
        }),
      );
      expect(res.status).toBe(400);
    } finally {
      process.env.TUNEBENCH_AUTH = saved;
    }
  });
});
