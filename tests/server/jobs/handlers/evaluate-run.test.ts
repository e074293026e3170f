import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { experiments, jobs, runs } from "@/drizzle/schema";
import { evaluateRunKey, startWorkerLoop } from "@/server/jobs";
import { evaluateRunJob } from "@/server/jobs/handlers/evaluate-run";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { makeProjectCtx } from "@/tests/helpers/domain";
import { gatedExperiment } from "@/tests/server/services/gates/fixtures";

describe("the run.evaluate job", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    vi.stubEnv("OPENAI_API_KEY", "");
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await t.close();
  });

  it("marks the run failed when its evaluation fails for good, so it does not look stuck", async () => {
    const ctx = await makeProjectCtx(t.db);
    // The baseline's evaluation is enqueued at creation; generating through OpenAI without an API
    // key fails at once, on every attempt.
    const { experimentId, baseline } = await gatedExperiment(ctx, undefined, 1);
    await t.db
      .update(experiments)
      .set({ backend: "openai" })
      .where(eq(experiments.id, experimentId));
    await t.db
      .update(jobs)
      .set({ maxAttempts: 1 })
      .where(eq(jobs.key, evaluateRunKey(baseline.id)));
    const loop = startWorkerLoop({
      db: t.db,
      definitions: [evaluateRunJob],
      pollMs: 50,
      log: () => {},
    });
    const deadline = Date.now() + 120_000;
    let job = (
      await t.db
        .select()
        .from(jobs)
        .where(eq(jobs.key, evaluateRunKey(baseline.id)))
    )[0];
    while (job?.status !== "failed" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      [job] = await t.db
        .select()
        .from(jobs)
        .where(eq(jobs.key, evaluateRunKey(baseline.id)));
    }
    await loop.stop();
    expect(job!.status).toBe("failed");
    const [run] = await t.db.select().from(runs).where(eq(runs.id, baseline.id));
    expect(run!.status).toBe("failed");
    expect(run!.error).toMatch(/^evaluation failed: .*API key/i);
  });
});
