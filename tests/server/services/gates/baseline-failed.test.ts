import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { experiments } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { requestEvaluation } from "@/server/services/evaluations";
import { evaluateGates, listGateVerdicts } from "@/server/services/gates";
import { cancelRun, ingestEvents } from "@/server/services/runs";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { makeProjectCtx } from "@/tests/helpers/domain";
import { failEvaluationForGood } from "./fail-evaluation";
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

const relative = { metric: "accuracy" as const, maxDrop: 2, baseline: "baseline", alpha: 0.05 };

const verdictOf = async (run: { id: string; experimentId: string }) =>
  (
    await listGateVerdicts(t.db, {
      projectId: ctx.projectId!,
      experimentId: run.experimentId,
      runId: run.id,
    })
  )[0]!;

/** Points the experiment's gates at another run (ids exist only after creation). */
async function gateAgainst(experimentId: string, baselineRunId: string) {
  const [exp] = await t.db.select().from(experiments).where(eq(experiments.id, experimentId));
  const suite = exp!.evalSuite;
  for (const g of suite.gates ?? []) g.baseline = baselineRunId;
  await t.db.update(experiments).set({ evalSuite: suite }).where(eq(experiments.id, experimentId));
}

describe("a gate whose baseline failed", () => {
  it("has no verdict, 'none (baseline failed)', once the baseline's evaluation fails for good", async () => {
    const {
      baseline,
      runs: [run],
    } = await gatedExperiment(ctx, [relative], 1);
    await storeEvaluation(t.db, run!, REFERENCES);
    expect((await evaluateGates(t.db, run!.id))!.verdict).toBe("pending");
    await failEvaluationForGood(t.db, baseline.id, "backend unreachable");
    const v = await verdictOf(run!);
    expect(v).toMatchObject({ verdict: "none", baselineFailed: true });
    expect(v.checks[0]).toMatchObject({ passed: false, skipped: true });
    expect(v.checks[0]!.reason).toBe(
      "the baseline run Baseline (no adapter) failed, so there is nothing to compare with",
    );
    expect(v.decidedAt).not.toBeNull();
  });

  it("stops waiting when the baseline run's training fails", async () => {
    const {
      experimentId,
      runs: [reference, run],
    } = await gatedExperiment(ctx, [relative], 2);
    await gateAgainst(experimentId, reference!.id);
    await storeEvaluation(t.db, run!, REFERENCES);
    expect((await evaluateGates(t.db, run!.id))!.verdict).toBe("pending");
    const ref = { backend: "local" as const, id: reference!.id, cursor: "1", state: {} };
    await ingestEvents(t.db, reference!.id, [
      { event: { type: "failed", time: 1, error: "CUDA out of memory" }, seq: 0, ref },
    ]);
    expect(await verdictOf(run!)).toMatchObject({ verdict: "none", baselineFailed: true });
  });

  it("is 'none' for a run evaluated after its baseline was cancelled", async () => {
    const {
      experimentId,
      runs: [reference, run],
    } = await gatedExperiment(ctx, [relative], 2);
    await gateAgainst(experimentId, reference!.id);
    await cancelRun({ ctx, input: { runId: reference!.id } }); // still queued: cancelled at once
    await storeEvaluation(t.db, run!, REFERENCES);
    expect(await evaluateGates(t.db, run!.id)).toMatchObject({
      verdict: "none",
      checks: [{ skipped: true, reason: expect.stringMatching(/was cancelled/) }],
    });
  });

  it("still fails a run whose absolute check fails", async () => {
    const {
      baseline,
      runs: [run],
    } = await gatedExperiment(ctx, [{ ...relative, min: 80 }], 1);
    await failEvaluationForGood(t.db, baseline.id, "backend unreachable");
    await storeEvaluation(t.db, run!, outputsWithWrong(20)); // 50%
    expect(await evaluateGates(t.db, run!.id)).toMatchObject({ verdict: "failed" });
    expect(await verdictOf(run!)).toMatchObject({ verdict: "failed", baselineFailed: false });
  });

  it("waits again while the baseline's evaluation is retried, and is decided when it lands", async () => {
    const {
      baseline,
      runs: [run],
    } = await gatedExperiment(ctx, [relative], 1);
    await storeEvaluation(t.db, run!, outputsWithWrong(20));
    await evaluateGates(t.db, run!.id);
    await failEvaluationForGood(t.db, baseline.id, "backend unreachable");
    expect((await verdictOf(run!)).verdict).toBe("none");

    await requestEvaluation(t.db, { projectId: ctx.projectId!, runId: baseline.id });
    expect(await verdictOf(run!)).toMatchObject({ verdict: "pending", baselineFailed: false });
    await storeEvaluation(t.db, baseline, REFERENCES); // what the retried job stores
    await evaluateGates(t.db, baseline.id);
    expect(await verdictOf(run!)).toMatchObject({ verdict: "failed", baselineFailed: false });
  });
});
