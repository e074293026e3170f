import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hookDeliveries, runArtifacts, runs } from "@/drizzle/schema";
import { handleGenericHook } from "@/server/services/hooks";
import { rotateSecret, updateSettings } from "@/server/services/settings";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { evaluationJobs, hookFixture } from "./helpers";

let t: TestDb;
let fx: Awaited<ReturnType<typeof hookFixture>>;
let secret: string;

beforeAll(async () => {
  t = await createTestDb();
  fx = await hookFixture(t.db, { runCount: 4 });
  secret = (await rotateSecret(t.db, fx.projectId, "hooks.generic")).secret;
  // Artifacts are s3:// URIs in the project's bucket or paths in the run's folder.
  await updateSettings(t.db, fx.projectId, null, { sagemaker: { bucket: "bucket" } });
});
afterAll(() => t?.close());

// Signed here with node:crypto from the documented scheme, not with the service's own signer.
function post(
  body: string,
  opts: {
    ts?: number;
    key?: string;
    sig?: string;
    project?: string;
    headers?: Record<string, string>;
  } = {},
) {
  const ts = opts.ts ?? Math.floor(Date.now() / 1000);
  const sig =
    opts.sig ??
    `v1=${createHmac("sha256", opts.key ?? secret)
      .update(`${ts}.${body}`)
      .digest("hex")}`;
  const req = new Request("http://localhost/api/hooks/generic/x", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-tunebench-timestamp": String(ts),
      "x-tunebench-signature": sig,
      ...opts.headers,
    },
    body,
  });
  return handleGenericHook(t.db, req, opts.project ?? fx.projectId);
}
const finished = (runId: string, deliveryId: string, extra: object = {}) =>
  JSON.stringify({
    deliveryId,
    runId,
    status: "succeeded",
    artifact: "s3://bucket/adapters/x/",
    ...extra,
  });

describe("generic training-finished hook", () => {
  it("marks the run succeeded, stores the artifact and asks for one evaluation", async () => {
    const runId = fx.runIds[0]!;
    const res = await post(finished(runId, "d-1"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, outcome: "accepted", status: "succeeded" });
    const [run] = await t.db.select().from(runs).where(eq(runs.id, runId));
    expect(run!.status).toBe("succeeded");
    const [artifact] = await t.db.select().from(runArtifacts).where(eq(runArtifacts.runId, runId));
    expect(artifact).toMatchObject({ kind: "adapter", path: "s3://bucket/adapters/x/" });
    expect((await evaluationJobs(t.db)).get(runId)).toBe(1);
  });

  it("treats the same delivery twice, and another delivery for the same end, as one evaluation", async () => {
    const runId = fx.runIds[1]!;
    const body = finished(runId, "d-2");
    const [a, b] = await Promise.all([post(body), post(body)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const outcomes = [(await a.json()).outcome, (await b.json()).outcome].sort();
    expect(outcomes).toEqual(["accepted", "duplicate"]);
    expect((await post(finished(runId, "d-2b"))).status).toBe(200);
    expect((await evaluationJobs(t.db)).get(runId)).toBe(1);
    const rows = await t.db.select().from(hookDeliveries).where(eq(hookDeliveries.runId, runId));
    expect(rows.map((r) => r.deliveryId).sort()).toEqual(["d-2", "d-2b"]);
  });

  it("a replay of a captured request is a duplicate within 5 minutes and stale after", async () => {
    const runId = fx.runIds[2]!;
    const body = finished(runId, "d-3");
    const ts = Math.floor(Date.now() / 1000);
    expect((await post(body, { ts })).status).toBe(200);
    expect(await (await post(body, { ts })).json()).toMatchObject({ outcome: "duplicate" });
    const old = ts - 301;
    const res = await post(body, { ts: old });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "unauthorized" });
  });

  it("a failed run is marked failed and not evaluated", async () => {
    const runId = fx.runIds[3]!;
    expect(
      (
        await post(
          JSON.stringify({ deliveryId: "d-4", runId, status: "failed", error: "OOM at step 7" }),
        )
      ).status,
    ).toBe(200);
    const [run] = await t.db.select().from(runs).where(eq(runs.id, runId));
    expect(run).toMatchObject({ status: "failed", error: "OOM at step 7" });
    expect((await evaluationJobs(t.db)).get(runId)).toBeUndefined();
  });

  it("answers 401 to a tampered body, a wrong key, a stale or future timestamp and missing headers", async () => {
    const body = finished(fx.runIds[0]!, "d-bad");
    const ts = Math.floor(Date.now() / 1000);
    const sig = `v1=${createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex")}`;
    expect((await post(body.replace("bucket", "bucket2"), { ts, sig })).status).toBe(401);
    expect((await post(body, { key: "tbh_not-the-secret" })).status).toBe(401);
    expect((await post(body, { ts: ts - 301 })).status).toBe(401);
    expect((await post(body, { ts: ts + 301 })).status).toBe(401);
    expect((await post(body, { sig: "" })).status).toBe(401);
    const rows = await t.db
      .select()
      .from(hookDeliveries)
      .where(eq(hookDeliveries.deliveryId, "d-bad"));
    expect(rows).toHaveLength(0);
  });

  it("answers 404 for an unknown run or project, saying nothing more", async () => {
    const res = await post(finished("00000000-0000-0000-0000-000000000000", "d-404"));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "not found" });
    expect(
      (await post(finished(fx.runIds[0]!, "d-404b"), { project: "no-such-project" })).status,
    ).toBe(404);
  });

  it("answers 404 while the project's hooks are switched off, and accepts again once on", async () => {
    const body = finished(fx.runIds[0]!, "d-off");
    await updateSettings(t.db, fx.projectId, null, { hooksEnabled: false });
    expect((await post(body)).status).toBe(404);
    await updateSettings(t.db, fx.projectId, null, { hooksEnabled: true });
    expect((await post(body)).status).toBe(200);
  });

  it("answers 400 to a signed body that is not a training-finished message", async () => {
    expect(
      (await post(JSON.stringify({ deliveryId: "x", runId: fx.runIds[0], status: "succeeded" })))
        .status,
    ).toBe(400);
    expect((await post("not json")).status).toBe(400);
  });

  it("refuses an oversized body with 413, by its declared length or while streaming it", async () => {
    const big = "x".repeat(1024 * 1024 + 1);
    expect((await post(big)).status).toBe(413);
    // A chunked body with no length: the reader must stop soon after the limit, not drain 64 MiB.
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (pulled >= 64 * 1024 * 1024) return c.close();
        pulled += 64 * 1024;
        c.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const req = new Request("http://localhost/api/hooks/generic/x", {
      method: "POST",
      body: stream,
      duplex: "half",
    } as RequestInit);
    const res = await handleGenericHook(t.db, req, fx.projectId);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: "payload too large" });
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
  });
});
