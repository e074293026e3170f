import { and, eq } from "drizzle-orm";
import { evaluations, experiments, runArtifacts, runs } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { notFound } from "@/server/errors";
import type { RunIdInput } from "@/server/schemas/runs";
import { latestOutputFetch } from "./attach/output-fetch";
import { toRunSummary } from "./list-runs";

/** Finds a run in the caller's project or throws NOT_FOUND (never reveals other projects' runs). */
export async function findRun(ctx: DomainCtx, runId: string) {
  const projectId = projectOf(ctx);
  const [run] = await ctx.db
    .select()
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.projectId, projectId)));
  if (!run) throw notFound("Run");
  return run;
}

export async function getRun({ ctx, input }: { ctx: DomainCtx; input: RunIdInput }) {
  const run = await findRun(ctx, input.runId);
  const [experiment] = await ctx.db
    .select()
    .from(experiments)
    .where(eq(experiments.id, run.experimentId));
  const artifacts = await ctx.db.select().from(runArtifacts).where(eq(runArtifacts.runId, run.id));
  const [evaluation] = await ctx.db.select().from(evaluations).where(eq(evaluations.runId, run.id));
  const external = run.externalRef?.backend === "external";
  return {
    ...toRunSummary(run),
    spec: run.spec,
    experiment: {
      id: experiment!.id,
      name: experiment!.name,
      baseModel: experiment!.baseModel,
      backend: experiment!.backend,
      evalSuite: experiment!.evalSuite,
    },
    artifacts: artifacts.map((a) => ({ kind: a.kind, createdAt: a.createdAt })),
    /** Trained elsewhere (MLflow): its output is attached by upload or from S3. */
    external,
    outputFetch: external ? await latestOutputFetch(ctx.db, run.id) : null,
    evaluation: evaluation
      ? {
          status: evaluation.status,
          sampleCount: evaluation.sampleCount,
          scores: evaluation.scores,
          finishedAt: evaluation.finishedAt,
          error: evaluation.error,
        }
      : null,
  };
}
