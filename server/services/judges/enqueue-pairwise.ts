import { and, eq } from "drizzle-orm";
import { evaluations, experiments, runs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { enqueueJob } from "@/server/jobs/enqueue";

/**
 * After a run's evaluation is stored (in its transaction): for each pairwise judge of the suite,
 * judge this run against the reference run once that one is evaluated, and when this run is the
 * reference, every evaluated run against it. Jobs are keyed by (run, judge, reference), so however
 * often this runs each pair is judged once.
 */
export async function enqueuePairwiseJudging(db: Db, runId: string): Promise<number> {
  const [row] = await db
    .select({ run: runs, experiment: experiments })
    .from(runs)
    .innerJoin(experiments, eq(experiments.id, runs.experimentId))
    .where(eq(runs.id, runId));
  const pairwise = row?.experiment.evalSuite.judges?.filter((j) => j.mode === "pairwise") ?? [];
  if (!row || pairwise.length === 0) return 0;
  const evaluated = await db
    .select({ id: runs.id, isBaseline: runs.isBaseline })
    .from(runs)
    .innerJoin(evaluations, eq(evaluations.runId, runs.id))
    .where(and(eq(runs.experimentId, row.experiment.id), eq(evaluations.status, "completed")));
  const baseline = evaluated.find((r) => r.isBaseline)?.id;
  let queued = 0;
  for (const judge of pairwise) {
    const reference = !judge.against || judge.against === "baseline" ? baseline : judge.against;
    if (!reference) continue;
    const pairs =
      reference === runId
        ? evaluated.filter((r) => r.id !== runId).map((r) => r.id)
        : evaluated.some((r) => r.id === reference) || (await isEvaluated(db, reference))
          ? [runId]
          : [];
    for (const run of pairs) {
      await enqueueJob(db, {
        kind: "judge.pairwise",
        payload: { runId: run, judgeId: judge.judgeId, againstRunId: reference },
      });
      queued++;
    }
  }
  return queued;
}

async function isEvaluated(db: Db, runId: string) {
  const [e] = await db
    .select({ id: evaluations.id })
    .from(evaluations)
    .where(and(eq(evaluations.runId, runId), eq(evaluations.status, "completed")));
  return Boolean(e);
}
