import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  evaluationSamples,
  evaluations,
  gateVerdicts,
  runCheckpoints,
  runs,
} from "@/drizzle/schema";

// The checkpoint's adapter answers all but its first CHECKPOINT_WRONG items right.
const CHECKPOINT_WRONG = 6;
let checkpointOutputs: string[] = [];
vi.mock("@/server/services/settings/project-backend", async (importOriginal) =>
  (await import("@/tests/helpers/fake-generate")).withGenerate(
    importOriginal,
    (_, p) => checkpointOutputs[Number(p.id)]!,
  ),
);

const { evaluateCheckpoint } = await import("@/server/services/checkpoints/evaluate-checkpoint");
const { promoteCheckpoint, requestCheckpointEvaluation } = await import(
  "@/server/services/checkpoints"
);
const { evaluateGates } = await import("@/server/services/gates");
const { refreshLeaderboard } = await import("@/server/services/leaderboard");
const { pairedPValue } = await import("@/evals");
const { createTestDb } = await import("@/tests/helpers/db");
const { makeProjectCtx } = await import("@/tests/helpers/domain");
const { gatedExperiment, outputsWithWrong, REFERENCES, storeEvaluation } = await import(
  "../gates/fixtures"
);

let t: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  t = await createTestDb();
  checkpointOutputs = outputsWithWrong(CHECKPOINT_WRONG);
});
afterAll(() => t?.close());

const samplesOf = async (evaluationId: string) =>
  t.db
    .select({ output: evaluationSamples.output, accuracy: evaluationSamples.primaryScore })
    .from(evaluationSamples)
    .where(eq(evaluationSamples.evaluationId, evaluationId))
    .orderBy(evaluationSamples.idx);
const evaluationOf = async (runId: string) =>
  (await t.db.select().from(evaluations).where(eq(evaluations.runId, runId)))[0]!;

// Issue #11: promotion copied a checkpoint's samples into the run's evaluation row in place, while
// paired p-values are memoised by evaluation id; gates re-decided inside the promotion read the
// p-value of the replaced samples.
describe("checkpoint promotion and memoised p-values", () => {
  it("re-decides a relative gate from the promoted samples, and leaves evaluations unchanged", async () => {
    const ctx = await makeProjectCtx(t.db, "promotion");
    const gate = { metric: "accuracy" as const, maxDrop: 2, baseline: "baseline", alpha: 0.05 };
    const {
      baseline,
      runs: [run],
    } = await gatedExperiment(ctx, [gate], 1);
    await storeEvaluation(t.db, baseline, outputsWithWrong(4)); // 90%
    await storeEvaluation(t.db, run!, outputsWithWrong(30)); // 25%: a significant drop
    const failed = (await evaluateGates(t.db, run!.id))!;
    expect(failed.verdict).toBe("failed");
    const final = await evaluationOf(run!.id);
    const finalSamples = await samplesOf(final.id);

    await t.db
      .update(runs)
      .set({ status: "evaluated", step: 20, totalSteps: 20 })
      .where(eq(runs.id, run!.id));
    await t.db
      .insert(runCheckpoints)
      .values({ runId: run!.id, step: 10, path: "s3://bucket/ckpt/step_10" });
    await requestCheckpointEvaluation({ ctx, input: { runId: run!.id, step: 10 } });
    expect(await evaluateCheckpoint(t.db, run!.id, 10)).toBe("evaluated");
    await promoteCheckpoint({ ctx, input: { runId: run!.id, step: 10 } });
    // The refresh job that promotion queues re-decides the gate.
    expect((await refreshLeaderboard(t.db, run!.experimentId)).gates).toBe(1);

    // 85% vs 90%: a drop beyond maxDrop, but 2 differing items out of 40 are no evidence.
    const scored = (wrong: number) => {
      const outputs = outputsWithWrong(wrong);
      return {
        runId: "",
        outputs,
        sampleScores: outputs.map((o, i) => (o === REFERENCES[i] ? 100 : 0)),
      };
    };
    const expected = pairedPValue("accuracy", scored(4), scored(CHECKPOINT_WRONG), REFERENCES);
    const [verdict] = await t.db.select().from(gateVerdicts).where(eq(gateVerdicts.runId, run!.id));
    expect(verdict!.checks).toEqual([
      expect.objectContaining({ kind: "relative", value: 85, pValue: expected }),
    ]);
    expect(verdict!.verdict).toBe("passed");

    // The run now points at the checkpoint's evaluation; the final one is kept as it was.
    const promoted = await evaluationOf(run!.id);
    expect(promoted.id).not.toBe(final.id);
    expect(verdict!.evaluationId).toBe(promoted.id);
    expect(await samplesOf(final.id)).toEqual(finalSamples);

    // Promoting the final step back points the run at its final evaluation again.
    await promoteCheckpoint({ ctx, input: { runId: run!.id, step: 20 } });
    expect((await evaluationOf(run!.id)).id).toBe(final.id);
    await refreshLeaderboard(t.db, run!.experimentId);
    const [back] = await t.db.select().from(gateVerdicts).where(eq(gateVerdicts.runId, run!.id));
    expect(back).toMatchObject({ verdict: "failed", evaluationId: final.id });
  });
});
