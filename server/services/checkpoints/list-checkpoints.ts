import { and, asc, eq } from "drizzle-orm";
import {
  checkpointEvaluations,
  evaluations,
  experiments,
  runArtifacts,
  runCheckpoints,
} from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import {
  type CheckpointRow,
  CheckpointsListInput,
  type CheckpointsListOutput,
} from "@/server/schemas/checkpoints";
import { findRun } from "@/server/services/runs/get-run";
import { checkpointAvailable } from "./available";
import { FINAL_STEP } from "./promote-checkpoint";

/**
 * A run's checkpoints in step order, the final adapter last, each with its evaluation and scores
 * (for "eval score vs step"). `isBest` marks the highest primary score among the evaluated ones;
 * `isPromoted` the one the run's result currently is (the final adapter unless one was promoted).
 */
export async function listCheckpoints({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: { runId: string };
}): Promise<CheckpointsListOutput> {
  const { runId } = CheckpointsListInput.parse(input);
  const run = await findRun(ctx, runId);
  const [experiment] = await ctx.db
    .select({ evalSuite: experiments.evalSuite })
    .from(experiments)
    .where(eq(experiments.id, run.experimentId));
  const primary = experiment!.evalSuite.primaryMetric;
  const [cps, ces, [evaluation], artifacts] = await Promise.all([
    ctx.db
      .select()
      .from(runCheckpoints)
      .where(eq(runCheckpoints.runId, run.id))
      .orderBy(asc(runCheckpoints.step)),
    ctx.db
      .select({
        step: checkpointEvaluations.step,
        status: checkpointEvaluations.status,
        error: checkpointEvaluations.error,
        scores: evaluations.scores,
      })
      .from(checkpointEvaluations)
      .leftJoin(evaluations, eq(evaluations.id, checkpointEvaluations.evaluationId))
      .where(eq(checkpointEvaluations.runId, run.id)),
    ctx.db
      .select()
      .from(evaluations)
      .where(and(eq(evaluations.runId, run.id), eq(evaluations.status, "completed"))),
    ctx.db.select().from(runArtifacts).where(eq(runArtifacts.runId, run.id)),
  ]);
  const ceByStep = new Map(ces.map((c) => [c.step, c]));
  const rows: CheckpointRow[] = cps.map((cp) => {
    const ce = ceByStep.get(cp.step);
    return {
      step: cp.step,
      path: cp.path,
      kind: "checkpoint",
      available: checkpointAvailable(cp.path),
      evaluated: ce?.status === "completed",
      evaluation: ce ? { status: ce.status, error: ce.error } : null,
      ...(ce?.status === "completed" && ce.scores ? { scores: ce.scores } : {}),
      isBest: false,
      isPromoted: run.promotedStep === cp.step,
    };
  });
  // The final adapter: its scores are the run's evaluation, or the one recorded at step -1 once a
  // checkpoint was promoted.
  const finalAdapter = artifacts.find(
    (a) => a.kind === (run.promotedStep === null ? "adapter" : "adapter-final"),
  );
  if (finalAdapter || evaluation) {
    const recorded = ceByStep.get(FINAL_STEP);
    const scores = run.promotedStep === null ? evaluation?.scores : recorded?.scores;
    rows.push({
      step: run.step ?? run.totalSteps ?? 0,
      path: finalAdapter?.path ?? "",
      kind: "final",
      available: finalAdapter ? checkpointAvailable(finalAdapter.path) : false,
      evaluated: scores !== undefined,
      evaluation: evaluation ? { status: "completed", error: null } : null,
      ...(scores ? { scores } : {}),
      isBest: false,
      isPromoted: run.promotedStep === null,
    });
  }
  let best: CheckpointRow | null = null;
  for (const r of rows)
    if (r.scores?.[primary] && (!best || r.scores[primary]!.score > best.scores![primary]!.score))
      best = r;
  if (best) best.isBest = true;
  return { primaryMetric: primary, checkpoints: rows };
}
