import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { jobs } from "@/drizzle/schema";
import {
  claimJobs,
  completeJob,
  failJob,
  heartbeatJob,
  insertJob,
  retryDelayMs,
} from "@/server/jobs";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("job queue", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.close());
  // One database per file; each test works on its own job kind so tests cannot see each other.
  let k = "";
  beforeEach(({ task }) => {
    k = `kind-${task.id}`;
  });

  it("enqueues idempotently by key", async () => {
    const a = await insertJob(t.db, { kind: k, payload: { n: 1 }, key: `${k}:dispatch` });
    const b = await insertJob(t.db, { kind: k, payload: { n: 2 }, key: `${k}:dispatch` });
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false });
    const rows = await t.db.select().from(jobs).where(eq(jobs.kind, k));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload).toEqual({ n: 1 });
  });

  it("never hands one job to two concurrent claimers", async () => {
    const total = 120;
    for (let i = 0; i < total; i++) await insertJob(t.db, { kind: k, payload: { i } });
    const claimers = Array.from({ length: 8 }, async (_, w) => {
      const mine: string[] = [];
      for (;;) {
        const got = await claimJobs(t.db, {
          workerId: `w${w}`,
          kinds: [k],
          limit: 3,
          leaseSeconds: 60,
        });
        if (got.length === 0) return mine;
        mine.push(...got.map((j) => j.id));
      }
    });
    const all = (await Promise.all(claimers)).flat();
    expect(all).toHaveLength(total);
    expect(new Set(all).size).toBe(total);
  });

  it("only claims the kinds asked for, and only when due", async () => {
    await insertJob(t.db, { kind: "other", payload: {} });
    await insertJob(t.db, { kind: k, payload: {}, runAt: new Date(Date.now() + 60_000) });
    expect(
      await claimJobs(t.db, { workerId: "w", kinds: [k], limit: 5, leaseSeconds: 60 }),
    ).toHaveLength(0);
  });

  it("re-claims a job whose lease lapsed, and fences off the old holder", async () => {
    const { id } = await insertJob(t.db, { kind: k, payload: {} });
    const [first] = await claimJobs(t.db, {
      workerId: "dead",
      kinds: [k],
      limit: 1,
      leaseSeconds: 1,
    });
    expect(first!.id).toBe(id);
    expect(
      await claimJobs(t.db, { workerId: "other", kinds: [k], limit: 1, leaseSeconds: 60 }),
    ).toHaveLength(0);
    await sleep(1200);
    const [second] = await claimJobs(t.db, {
      workerId: "other",
      kinds: [k],
      limit: 1,
      leaseSeconds: 60,
    });
    expect(second).toMatchObject({ id, attempts: 2, lockedBy: "other" });
    // The first holder wakes up late: its writes no longer apply.
    expect(await heartbeatJob(t.db, first!, 60)).toBe(false);
    expect(await completeJob(t.db, first!)).toBe(false);
    expect(await completeJob(t.db, second!)).toBe(true);
    const [row] = await t.db.select().from(jobs).where(eq(jobs.id, id));
    expect(row).toMatchObject({ status: "succeeded", lockedBy: null, attempts: 2 });
  });

  it("a heartbeat keeps the lease alive", async () => {
    await insertJob(t.db, { kind: k, payload: {} });
    const [job] = await claimJobs(t.db, { workerId: "a", kinds: [k], limit: 1, leaseSeconds: 1 });
    await sleep(600);
    expect(await heartbeatJob(t.db, job!, 2)).toBe(true);
    await sleep(700);
    expect(
      await claimJobs(t.db, { workerId: "b", kinds: [k], limit: 1, leaseSeconds: 60 }),
    ).toHaveLength(0);
  });

  it("retries with backoff, then fails for good after maxAttempts", async () => {
    const { id } = await insertJob(t.db, { kind: k, payload: {}, maxAttempts: 2 });
    const [a1] = await claimJobs(t.db, { workerId: "w", kinds: [k], limit: 1, leaseSeconds: 60 });
    const before = Date.now();
    await failJob(t.db, a1!, "boom 1", 30_000);
    const [queued] = await t.db.select().from(jobs).where(eq(jobs.id, id));
    expect(queued).toMatchObject({ status: "queued", attempts: 1, lastError: "boom 1" });
    const delay = queued!.runAt.getTime() - before;
    expect(delay).toBeGreaterThan(25_000);
    expect(delay).toBeLessThan(35_000);
    // Not due yet; make it due and fail the last attempt.
    expect(
      await claimJobs(t.db, { workerId: "w", kinds: [k], limit: 1, leaseSeconds: 60 }),
    ).toHaveLength(0);
    await t.db
      .update(jobs)
      .set({ runAt: new Date(Date.now() - 1000) })
      .where(eq(jobs.id, id));
    const [a2] = await claimJobs(t.db, { workerId: "w", kinds: [k], limit: 1, leaseSeconds: 60 });
    await failJob(t.db, a2!, "boom 2", 30_000);
    const [failed] = await t.db.select().from(jobs).where(eq(jobs.id, id));
    expect(failed).toMatchObject({ status: "failed", attempts: 2, lastError: "boom 2" });
    expect(failed!.finishedAt).not.toBeNull();
  });
});

describe("retryDelayMs", () => {
  it("doubles per attempt within ±20% jitter and caps at ten minutes", () => {
    expect(retryDelayMs(1, 1000, () => 0.5)).toBe(1000);
    expect(retryDelayMs(4, 1000, () => 0.5)).toBe(8000);
    expect(retryDelayMs(1, 1000, () => 0)).toBe(800);
    expect(retryDelayMs(1, 1000, () => 1)).toBe(1200);
    expect(retryDelayMs(30, 1000, () => 0.5)).toBe(600_000);
  });
});
