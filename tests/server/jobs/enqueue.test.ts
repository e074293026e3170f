import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { enqueueJob, evaluateRunKey, JOB_KINDS, jobKeyOf } from "@/server/jobs";
import { jobDefinitions } from "@/server/jobs/definitions";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

describe("enqueueJob", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.close());
  const row = async (id: string) => (await t.db.select().from(jobs).where(eq(jobs.id, id)))[0]!;

  it("keys a run's evaluation by the run, whoever enqueues it", async () => {
    const a = await enqueueJob(t.db, { kind: "run.evaluate", payload: { runId: "r1" } });
    const b = await enqueueJob(t.db, { kind: "run.evaluate", payload: { runId: "r1" } });
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false });
    // The stored string is what existing databases hold: it must not drift.
    expect((await row(a.id)).key).toBe("evaluate:r1");
    expect(evaluateRunKey("r1")).toBe("evaluate:r1");
  });

  it("keys a webhook attempt by delivery, round and attempt", async () => {
    const payload = { deliveryId: "d1", round: 2, attempt: 3 };
    const { id } = await enqueueJob(t.db, { kind: "webhook.deliver", payload });
    expect((await row(id)).key).toBe("webhook.deliver:d1:2:3");
    expect(jobKeyOf("webhook.deliver", payload)).toBe("webhook.deliver:d1:2:3");
    expect(jobKeyOf("run.poll", { runId: "r1" })).toBeUndefined();
  });

  it("takes the caller's key for kinds keyed by circumstance, and none is fine", async () => {
    const keyed = await enqueueJob(t.db, {
      kind: "run.poll",
      payload: { runId: "r2" },
      key: "poll:r2:start",
    });
    const again = await enqueueJob(t.db, {
      kind: "run.poll",
      payload: { runId: "r2" },
      key: "poll:r2:start",
    });
    expect(again.id).toBe(keyed.id);
    const unkeyed = await enqueueJob(t.db, { kind: "run.poll", payload: { runId: "r2" } });
    expect((await row(unkeyed.id)).key).toBeNull();
  });

  it("gives each job the attempts its kind's contract declares", async () => {
    const poll = await enqueueJob(t.db, { kind: "run.poll", payload: { runId: "r3" } });
    const step = await enqueueJob(t.db, {
      kind: "checkpoint.evaluate",
      payload: { runId: "r3", step: 10 },
    });
    const evaluate = await enqueueJob(t.db, { kind: "run.evaluate", payload: { runId: "r3" } });
    expect((await row(poll.id)).maxAttempts).toBe(20);
    expect((await row(step.id)).maxAttempts).toBe(3);
    expect((await row(evaluate.id)).maxAttempts).toBe(5);
  });

  it("refuses a payload its kind's contract does not accept, storing nothing", async () => {
    const before = await t.db.$count(jobs);
    await expect(
      // @ts-expect-error a checkpoint evaluation needs a step
      enqueueJob(t.db, { kind: "checkpoint.evaluate", payload: { runId: "r1" } }),
    ).rejects.toThrow(/step/);
    await expect(
      enqueueJob(t.db, { kind: "run.dispatch", payload: { runId: "" } }),
    ).rejects.toThrow();
    expect(await t.db.$count(jobs)).toBe(before);
  });

  it("is typed by the contracts (tsc checks these lines)", () => {
    const typeChecks = (db: Db) => [
      // @ts-expect-error an unknown kind
      enqueueJob(db, { kind: "run.train", payload: { runId: "r" } }),
      // @ts-expect-error another kind's payload
      enqueueJob(db, { kind: "run.poll", payload: { deliveryId: "d", round: 0, attempt: 1 } }),
      // @ts-expect-error a kind keyed by its payload takes no key from the caller
      enqueueJob(db, { kind: "run.evaluate", payload: { runId: "r" }, key: "mine" }),
    ];
    expect(typeChecks).toBeTypeOf("function");
  });

  it("serves every contract with exactly one definition", () => {
    expect(jobDefinitions.map((d) => d.kind).sort()).toEqual([...JOB_KINDS].sort());
  });
});
