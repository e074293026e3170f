import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { evaluations, gateVerdicts, webhookEndpoints, webhookEvents } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { evaluateRun } from "@/server/services/evaluations";
import { evaluateGates, listGateVerdicts } from "@/server/services/gates";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { makeProjectCtx } from "@/tests/helpers/domain";
import { gatedExperiment, outputsWithWrong, REFERENCES, storeEvaluation } from "./fixtures";

let t: TestDb;
let ctx: DomainCtx;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.close());
beforeEach(async () => {
  ctx = await makeProjectCtx(t.db, `p${Math.random().toString(36).slice(2, 8)}`);
});

const projectId = () => ctx.projectId!;

/** What checkpoint promotion does: the run is pointed at another evaluation (its old one is kept). */
async function pointAtNewEvaluation(
  run: { id: string; projectId: string; experimentId: string },
  outputs: string[],
) {
  await t.db.update(evaluations).set({ runId: null }).where(eq(evaluations.runId, run.id));
  return storeEvaluation(t.db, run, outputs);
}

describe("evaluateGates", () => {
  it("passes and fails absolute thresholds on the corpus score", async () => {
    const {
      runs: [good, bad],
    } = await gatedExperiment(ctx, [
      { metric: "accuracy", min: 80, baseline: "baseline", alpha: 0.05 },
    ]);
    await storeEvaluation(t.db, good!, outputsWithWrong(4)); // 90% accurate
    await storeEvaluation(t.db, bad!, outputsWithWrong(20)); // 50%
    expect((await evaluateGates(t.db, good!.id))!.verdict).toBe("passed");
    const failed = (await evaluateGates(t.db, bad!.id))!;
    expect(failed.verdict).toBe("failed");
    expect(failed.checks).toEqual([
      expect.objectContaining({
        metric: "accuracy",
        kind: "absolute",
        threshold: 80,
        value: 50,
        passed: false,
        reason: "accuracy 50.00 < min 80.00",
      }),
    ]);
  });

  it("fails a relative gate only for a drop beyond maxDrop that is also significant, and says which", async () => {
    const gate = { metric: "accuracy" as const, maxDrop: 2, baseline: "baseline", alpha: 0.05 };
    const {
      baseline,
      runs: [slight, noisy, regressed],
    } = await gatedExperiment(ctx, [gate], 3);
    await storeEvaluation(t.db, baseline, REFERENCES); // 100%
    await storeEvaluation(t.db, slight!, REFERENCES); // no drop
    await storeEvaluation(t.db, noisy!, outputsWithWrong(2)); // 5-point drop on 2 of 40 items: not significant
    await storeEvaluation(t.db, regressed!, outputsWithWrong(16)); // 40-point drop: significant

    const a = (await evaluateGates(t.db, slight!.id))!;
    expect(a.verdict).toBe("passed");
    expect(a.checks[0]!.reason).toMatch(/within maxDrop/);

    const b = (await evaluateGates(t.db, noisy!.id))!;
    expect(b.verdict).toBe("passed");
    expect(b.checks[0]).toMatchObject({
      kind: "relative",
      threshold: 2,
      value: 95,
      baseline: { runId: baseline.id, value: 100 },
      passed: true,
    });
    expect(b.checks[0]!.pValue).toBeGreaterThanOrEqual(0.05);
    expect(b.checks[0]!.reason).toMatch(
      /> maxDrop 2\.00 but not significant \(p = [\d.]+ ≥ α 0\.05\)/,
    );

    const c = (await evaluateGates(t.db, regressed!.id))!;
    expect(c.verdict).toBe("failed");
    expect(c.checks[0]!.pValue).toBeLessThan(0.05);
    expect(c.checks[0]!.reason).toMatch(/drop 40\.00 > maxDrop 2\.00 and significant/);
  });

  it("uses the paired bootstrap on corpus metrics (chrF) too", async () => {
    const {
      baseline,
      runs: [run],
    } = await gatedExperiment(
      ctx,
      [{ metric: "chrf", maxDrop: 1, baseline: "baseline", alpha: 0.05 }],
      1,
    );
    await storeEvaluation(t.db, baseline, REFERENCES);
    await storeEvaluation(t.db, run!, outputsWithWrong(25));
    const v = (await evaluateGates(t.db, run!.id))!;
    expect(v.verdict).toBe("failed");
    expect(v.checks[0]!.pValue).toBeLessThan(0.05);
  });

  it("waits for a baseline that is not evaluated yet, then decides when it is", async () => {
    const {
      baseline,
      runs: [run],
    } = await gatedExperiment(
      ctx,
      [{ metric: "accuracy", maxDrop: 2, baseline: "baseline", alpha: 0.05 }],
      1,
    );
    await storeEvaluation(t.db, run!, outputsWithWrong(20));
    expect((await evaluateGates(t.db, run!.id))!.verdict).toBe("pending");
    expect(
      (
        await listGateVerdicts(t.db, {
          projectId: projectId(),
          experimentId: run!.experimentId,
          runId: run!.id,
        })
      )[0]!.verdict,
    ).toBe("pending");
    await storeEvaluation(t.db, baseline, REFERENCES);
    await evaluateGates(t.db, baseline.id); // the baseline's own evaluation decides the runs waiting on it
    const [decided] = await listGateVerdicts(t.db, {
      projectId: projectId(),
      experimentId: run!.experimentId,
      runId: run!.id,
    });
    expect(decided!.verdict).toBe("failed");
    expect(decided!.decidedAt).not.toBeNull();
  });

  it("compares with another run named by id", async () => {
    const {
      runs: [reference, run],
    } = await gatedExperiment(
      ctx,
      [{ metric: "accuracy", maxDrop: 0, baseline: "PLACEHOLDER", alpha: 0.05 }],
      2,
    );
    // The gate names a run id, which exists only after creation: rewrite it in place.
    const { experiments } = await import("@/drizzle/schema");
    const [exp] = await t.db
      .select()
      .from(experiments)
      .where(eq(experiments.id, run!.experimentId));
    const suite = exp!.evalSuite;
    suite.gates![0]!.baseline = reference!.id;
    await t.db.update(experiments).set({ evalSuite: suite }).where(eq(experiments.id, exp!.id));
    await storeEvaluation(t.db, reference!, REFERENCES);
    await storeEvaluation(t.db, run!, outputsWithWrong(20));
    const v = (await evaluateGates(t.db, run!.id))!;
    expect(v.checks[0]!.baseline).toEqual({ runId: reference!.id, value: 100 });
    expect(v.verdict).toBe("failed");
    expect((await evaluateGates(t.db, reference!.id))!.checks[0]!.reason).toBe(
      "this run is the gate's baseline",
    );
  });

  it("stores one verdict per run, emits gate.failed once, and lists every run", async () => {
    const {
      experimentId,
      runs: [run, notYet],
    } = await gatedExperiment(ctx, [
      { metric: "accuracy", min: 99, baseline: "baseline", alpha: 0.05 },
    ]);
    // A subscribed endpoint (its secret is never used here: delivery is HK's job, not run in this test).
    await t.db.insert(webhookEndpoints).values({
      projectId: projectId(),
      url: "https://example.test/hook",
      events: ["gate.failed"],
      secretCiphertext: "x",
      secretHint: "x",
    });
    await storeEvaluation(t.db, run!, outputsWithWrong(1));
    await evaluateGates(t.db, run!.id);
    await evaluateGates(t.db, run!.id);
    expect(
      await t.db.select().from(gateVerdicts).where(eq(gateVerdicts.runId, run!.id)),
    ).toHaveLength(1);
    const events = await t.db
      .select()
      .from(webhookEvents)
      .where(sql`${webhookEvents.key} like ${`gate.failed:${run!.id}:%`}`);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({
      runId: run!.id,
      experimentId,
      checks: [expect.objectContaining({ metric: "accuracy", passed: false })],
    });
    const list = await listGateVerdicts(t.db, { projectId: projectId(), experimentId });
    expect(list.map((v) => [v.runId, v.verdict])).toEqual([
      [expect.any(String), "none"], // the baseline row: the reference, never gated
      [run!.id, "failed"],
      [notYet!.id, "pending"],
    ]);
  });

  it("is decided by a retried evaluation job that finds the evaluation already committed", async () => {
    const {
      runs: [run],
    } = await gatedExperiment(
      ctx,
      [{ metric: "accuracy", min: 80, baseline: "baseline", alpha: 0.05 }],
      1,
    );
    await storeEvaluation(t.db, run!, outputsWithWrong(20)); // committed, then the worker died before the gates
    expect(await t.db.select().from(gateVerdicts).where(eq(gateVerdicts.runId, run!.id))).toEqual(
      [],
    );
    expect(await evaluateRun(t.db, run!.id)).toBe("skipped"); // the job's retry
    const [v] = await t.db.select().from(gateVerdicts).where(eq(gateVerdicts.runId, run!.id));
    expect(v!.verdict).toBe("failed");
  });

  it("decides again when the run points at another evaluation (a promoted checkpoint), with one gate.failed per result", async () => {
    const {
      runs: [run],
    } = await gatedExperiment(
      ctx,
      [{ metric: "accuracy", min: 80, baseline: "baseline", alpha: 0.05 }],
      1,
    );
    await t.db.insert(webhookEndpoints).values({
      projectId: projectId(),
      url: "https://example.test/hook",
      events: ["gate.failed"],
      secretCiphertext: "x",
      secretHint: "x",
    });
    await storeEvaluation(t.db, run!, outputsWithWrong(20));
    expect((await evaluateGates(t.db, run!.id))!.verdict).toBe("failed");
    const better = await pointAtNewEvaluation(run!, outputsWithWrong(2));
    expect(better.accuracy!.score).toBe(95);
    expect((await evaluateGates(t.db, run!.id))!.verdict).toBe("passed");
    expect((await evaluateGates(t.db, run!.id))!.verdict).toBe("passed");
    await pointAtNewEvaluation(run!, outputsWithWrong(30));
    expect((await evaluateGates(t.db, run!.id))!.checks[0]!.reason).toBe(
      "accuracy 25.00 < min 80.00",
    );
    const events = await t.db
      .select()
      .from(webhookEvents)
      .where(sql`${webhookEvents.key} like ${`gate.failed:${run!.id}:%`}`);
    expect(events).toHaveLength(2);
  });

  it("gives the baseline row no verdict: it is the reference, not a candidate", async () => {
    const { baseline } = await gatedExperiment(
      ctx,
      [{ metric: "accuracy", min: 99, baseline: "baseline", alpha: 0.05 }],
      1,
    );
    await storeEvaluation(t.db, baseline, outputsWithWrong(30));
    expect(await evaluateGates(t.db, baseline.id)).toEqual({ verdict: "none", checks: [] });
  });

  it("records 'none' when the suite declares no gates, and hides other projects' experiments", async () => {
    const {
      experimentId,
      runs: [run],
    } = await gatedExperiment(ctx, undefined, 1);
    await storeEvaluation(t.db, run!, REFERENCES);
    expect((await evaluateGates(t.db, run!.id))!.verdict).toBe("none");
    const other = await makeProjectCtx(t.db, `o${Math.random().toString(36).slice(2, 8)}`);
    await expect(
      listGateVerdicts(t.db, { projectId: other.projectId!, experimentId }),
    ).rejects.toThrow(/not found/);
  });
});
