import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { jobs } from "@/drizzle/schema";
import {
  insertJob,
  type JobDefinition,
  PermanentJobError,
  startWorkerLoop,
  type WorkerLoop,
} from "@/server/jobs";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// The loop serves any kind; these tests define their own, outside the app's contracts.
const testJob = <P>(definition: JobDefinition<P>) => definition;
const quiet = () => {};

async function until(check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(50);
  }
}

describe("worker loop", () => {
  let t: TestDb;
  const loops: WorkerLoop[] = [];
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await Promise.all(loops.map((l) => l.stop({ graceMs: 0 })));
    await t.close();
  });
  let k = "";
  beforeEach(({ task }) => {
    k = `kind-${task.id}`;
  });
  const statuses = async () =>
    (await t.db.select().from(jobs).where(eq(jobs.kind, k))).map((j) => j.status);
  const start = (opts: Omit<Parameters<typeof startWorkerLoop>[0], "db">) => {
    const loop = startWorkerLoop({ db: t.db, pollMs: 50, log: quiet, ...opts });
    loops.push(loop);
    return loop;
  };

  it("runs every job exactly once across competing loops, within each loop's concurrency", async () => {
    const seen = new Map<number, number>();
    let inFlight = 0;
    let maxInFlight = 0;
    const def = testJob({
      kind: k,
      payload: z.object({ i: z.number() }),
      async handler({ payload }) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        seen.set(payload.i, (seen.get(payload.i) ?? 0) + 1);
        await sleep(5);
        inFlight--;
      },
    });
    for (let i = 0; i < 60; i++) await insertJob(t.db, { kind: k, payload: { i } });
    const a = start({ definitions: [def], concurrency: 2 });
    const b = start({ definitions: [def], concurrency: 3 });
    await until(async () => (await statuses()).every((s) => s === "succeeded"));
    await Promise.all([a.stop(), b.stop()]);
    expect(seen.size).toBe(60);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(maxInFlight).toBeLessThanOrEqual(5);
  });

  it("retries a failing handler with backoff until it succeeds", async () => {
    const attemptsAt: number[] = [];
    const def = testJob({
      kind: k,
      payload: z.object({}),
      backoffMs: 200,
      async handler() {
        attemptsAt.push(Date.now());
        if (attemptsAt.length < 3) throw new Error("transient");
      },
    });
    await insertJob(t.db, { kind: k, payload: {} });
    const loop = start({ definitions: [def] });
    await until(async () => (await statuses())[0] === "succeeded");
    await loop.stop();
    expect(attemptsAt).toHaveLength(3);
    // 200 ms then 400 ms (±20% jitter) between attempts.
    expect(attemptsAt[1]! - attemptsAt[0]!).toBeGreaterThanOrEqual(150);
    expect(attemptsAt[2]! - attemptsAt[1]!).toBeGreaterThanOrEqual(300);
    const [row] = await t.db.select().from(jobs).where(eq(jobs.kind, k));
    expect(row).toMatchObject({ attempts: 3, lastError: null });
  });

  it("fails at once on a permanent error or a bad payload", async () => {
    let calls = 0;
    const def = testJob({
      kind: k,
      payload: z.object({ ok: z.boolean() }),
      async handler() {
        calls++;
        throw new PermanentJobError("the run no longer exists");
      },
    });
    await insertJob(t.db, { kind: k, payload: { ok: true } });
    await insertJob(t.db, { kind: k, payload: { ok: "nope" } });
    const loop = start({ definitions: [def] });
    await until(async () => (await statuses()).every((s) => s === "failed"));
    await loop.stop();
    const rows = await t.db.select().from(jobs).where(eq(jobs.kind, k));
    expect(rows.map((r) => r.attempts)).toEqual([1, 1]);
    expect(calls).toBe(1);
    expect(rows.map((r) => r.lastError).join("\n")).toMatch(
      /no longer exists[\s\S]*invalid payload|invalid payload[\s\S]*no longer exists/,
    );
  });

  it("on a graceful stop, hands back jobs whose handler stopped, without counting the attempt", async () => {
    let started = false;
    const def = testJob({
      kind: k,
      payload: z.object({}),
      async handler({ signal }) {
        started = true;
        await new Promise((_, reject) =>
          signal.addEventListener("abort", () => reject(signal.reason)),
        );
      },
    });
    const { id } = await insertJob(t.db, { kind: k, payload: {} });
    const loop = start({ definitions: [def] });
    await until(async () => started);
    await loop.stop({ graceMs: 100 });
    const [row] = await t.db.select().from(jobs).where(eq(jobs.id, id));
    expect(row).toMatchObject({ status: "queued", attempts: 0, lockedBy: null });
  });

  it("aborts a handler that lost its lease and lets the new owner finish", async () => {
    let firstAborted = false;
    let runs = 0;
    const def = testJob({
      kind: k,
      payload: z.object({}),
      leaseSeconds: 1,
      async handler({ signal }) {
        runs++;
        if (runs > 1) return;
        signal.addEventListener("abort", () => (firstAborted = true));
        // Simulate a stalled process: steal the lease by expiring it behind the worker's back.
        await t.db
          .update(jobs)
          .set({ lockedUntil: new Date(Date.now() - 1000), lockedBy: "thief" })
          .where(eq(jobs.kind, k));
        await sleep(1500);
      },
    });
    await insertJob(t.db, { kind: k, payload: {} });
    const loop = start({ definitions: [def] });
    await until(async () => firstAborted && (await statuses())[0] === "succeeded");
    await loop.stop();
    expect(runs).toBe(2);
    const [row] = await t.db.select().from(jobs).where(eq(jobs.kind, k));
    expect(row!.attempts).toBe(2);
  });
  describe("final failure", () => {
    const markers = async () =>
      (
        await t.db
          .select()
          .from(jobs)
          .where(eq(jobs.kind, `${k}:marker`))
      ).map((j) => j.payload);

    it("runs the hook once, when the last attempt fails, and commits its writes with the failure", async () => {
      let attempts = 0;
      const calls: unknown[] = [];
      const def = testJob({
        kind: k,
        payload: z.object({ n: z.number() }),
        backoffMs: 20,
        async handler() {
          attempts++;
          throw new Error(`attempt ${attempts} broke`);
        },
        async onFinalFailure({ ctx, payload, job, error }) {
          calls.push({ n: payload.n, attempt: job.attempts, error: error.message });
          await ctx.db.insert(jobs).values({ kind: `${k}:marker`, payload: { n: payload.n } });
        },
      });
      await insertJob(t.db, { kind: k, payload: { n: 7 }, maxAttempts: 3 });
      // Two loops compete for the retries; the hook must still run exactly once.
      const a = start({ definitions: [def] });
      const b = start({ definitions: [def] });
      await until(async () => (await statuses())[0] === "failed");
      await Promise.all([a.stop(), b.stop()]);
      expect(attempts).toBe(3);
      expect(calls).toEqual([{ n: 7, attempt: 3, error: "attempt 3 broke" }]);
      expect(await markers()).toEqual([{ n: 7 }]);
    });

    it("runs it for a permanent error and for a job whose workers kept dying, not for a bad payload", async () => {
      const hooked: number[] = [];
      const def = testJob({
        kind: k,
        payload: z.object({ n: z.number() }),
        async handler({ payload }) {
          if (payload.n === 1) throw new PermanentJobError("the run no longer exists");
        },
        async onFinalFailure({ payload }) {
          hooked.push(payload.n);
        },
      });
      await insertJob(t.db, { kind: k, payload: { n: 1 } });
      await insertJob(t.db, { kind: k, payload: { n: "bad" } });
      // A job whose lease lapsed more often than it may be attempted (its workers were killed).
      const { id } = await insertJob(t.db, { kind: k, payload: { n: 2 }, maxAttempts: 2 });
      await t.db.update(jobs).set({ attempts: 2 }).where(eq(jobs.id, id));
      const loop = start({ definitions: [def] });
      await until(async () => (await statuses()).every((s) => s === "failed"));
      await loop.stop();
      expect(hooked.sort()).toEqual([1, 2]);
      const [died] = await t.db.select().from(jobs).where(eq(jobs.id, id));
      expect(died!.lastError).toMatch(/gave up after 2 attempts/);
    });

    it("still fails the job when the hook throws, and rolls the hook's writes back", async () => {
      const def = testJob({
        kind: k,
        payload: z.object({}),
        async handler() {
          throw new PermanentJobError("cannot work");
        },
        async onFinalFailure({ ctx }) {
          await ctx.db.insert(jobs).values({ kind: `${k}:marker`, payload: {} });
          throw new Error("hook broke");
        },
      });
      await insertJob(t.db, { kind: k, payload: {} });
      const loop = start({ definitions: [def] });
      await until(async () => (await statuses())[0] === "failed");
      await loop.stop();
      const [row] = await t.db.select().from(jobs).where(eq(jobs.kind, k));
      expect(row!.lastError).toMatch(
        /cannot work[\s\S]*final-failure hook failed too: Error: hook broke/,
      );
      expect(await markers()).toEqual([]);
    });
  });
});
