import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";
import { claimJobs } from "@/server/jobs";
import { createCaller } from "@/server/root";
import { ingestEvents } from "@/server/services/runs";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { failEvaluationForGood } from "@/tests/server/services/gates/fail-evaluation";
import { gatedExperiment } from "@/tests/server/services/gates/fixtures";

async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof TRPCError) return e;
    throw e;
  }
  throw new Error("expected the call to fail");
}

describe("runs.evaluate", () => {
  let t: TestDb;
  let member: Ctx, reviewer: Ctx;
  let fixture: Awaited<ReturnType<typeof gatedExperiment>>;
  beforeAll(async () => {
    t = await createTestDb();
    member = await createTestCtx(t.db, { role: "member" });
    reviewer = await createTestCtx(t.db, { role: "reviewer" });
    fixture = await gatedExperiment({ ...member, projectId: member.projectId! }, undefined, 2);
  });
  afterAll(() => t.close());

  const job = async (runId: string) =>
    (
      await t.db
        .select()
        .from(jobs)
        .where(eq(jobs.key, `evaluate:${runId}`))
    )[0];

  it("retries an evaluation that failed for good: the run evaluates again, its job starts afresh", async () => {
    const runs = createCaller(member).runs;
    const { baseline } = fixture;
    // Asking while the first evaluation is queued changes nothing.
    expect(await runs.evaluate({ runId: baseline.id })).toMatchObject({
      created: false,
      status: "succeeded",
    });
    await failEvaluationForGood(t.db, baseline.id, "backend unreachable");
    expect(await runs.get({ runId: baseline.id })).toMatchObject({
      status: "failed",
      error: "evaluation failed: backend unreachable",
    });

    expect(await runs.evaluate({ runId: baseline.id })).toMatchObject({
      runId: baseline.id,
      created: true,
      status: "evaluating",
      evaluated: false,
    });
    expect(await runs.get({ runId: baseline.id })).toMatchObject({
      status: "evaluating",
      error: null,
    });
    expect(await job(baseline.id)).toMatchObject({ status: "queued", attempts: 0 });
    const claimed = await claimJobs(t.db, {
      workerId: "test",
      kinds: ["run.evaluate"],
      limit: 10,
      leaseSeconds: 60,
    });
    expect(claimed.map((j) => j.key)).toContain(`evaluate:${baseline.id}`);
    // Asked again while it runs: the same job, nothing new.
    expect(await runs.evaluate({ runId: baseline.id })).toMatchObject({ created: false });
  });

  it("refuses a run whose training failed: there is no adapter to evaluate", async () => {
    const run = fixture.runs[0]!;
    const ref = { backend: "local" as const, id: run.id, cursor: "1", state: {} };
    await ingestEvents(t.db, run.id, [
      { event: { type: "failed", time: 1, error: "CUDA out of memory" }, seq: 0, ref },
    ]);
    const e = await errorOf(createCaller(member).runs.evaluate({ runId: run.id }));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toMatch(/is failed; only a run that finished training/);
    expect(await job(run.id)).toBeUndefined();
  });

  it("refuses a run still training, and reviewers", async () => {
    const run = fixture.runs[1]!;
    const e = await errorOf(createCaller(member).runs.evaluate({ runId: run.id }));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toMatch(/is queued/);
    expect((await errorOf(createCaller(reviewer).runs.evaluate({ runId: run.id }))).code).toBe(
      "FORBIDDEN",
    );
  });
});
