import { and, eq, inArray } from "drizzle-orm";
import type { Role } from "@/core/enums";
import { evaluations, experiments, runs } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { withTransaction } from "@/server/db";
import { badRequest, conflict, notFound } from "@/server/errors";
import { enqueueJob } from "@/server/jobs/enqueue";
import { SetExperimentEvaluationInput } from "@/server/schemas/experiments";
import { evaluationFailed } from "@/server/schemas/runs";
import { requestEvaluation } from "@/server/services/evaluations/request-evaluation";
import { projectBackend } from "@/server/services/settings/project-backend";
import { checkSuite } from "./check-suite";
import { BASELINE_NAME } from "./create-experiment";
import { datasetVersionInProject } from "./dataset-version-in-project";

/**
 * Sets the base model, dataset version and eval suite of an experiment an MLflow client created
 * (backend "external"), so its runs can be evaluated and ranked: it gets its baseline (the base
 * model alone, index 0, as a created experiment has) and the baseline's evaluation is requested.
 * Allowed while none of the experiment's runs is being evaluated or has been: scores computed
 * against one base model, dataset and suite are never mixed with another's. Until then it may be
 * set again (a baseline whose evaluation failed, e.g. on a wrong base model, is evaluated afresh).
 */
export async function setExperimentEvaluation({
  ctx,
  input,
}: {
  ctx: DomainCtx & { role?: Role | null };
  input: SetExperimentEvaluationInput;
}) {
  const projectId = projectOf(ctx);
  const data = SetExperimentEvaluationInput.parse(input);
  await datasetVersionInProject(ctx.db, projectId, data.datasetVersionId);
  const backend = await projectBackend(ctx.db, projectId, "external");
  const evalSuite = await checkSuite(ctx, data.evalSuite, backend);
  const baseline = await withTransaction(ctx.db, async (tx) => {
    const [experiment] = await tx
      .select()
      .from(experiments)
      .where(and(eq(experiments.id, data.experimentId), eq(experiments.projectId, projectId)))
      .for("update");
    if (!experiment) throw notFound("Experiment");
    if (experiment.backend !== "external")
      throw badRequest(
        "Only an experiment created by an MLflow client (backend external) takes its base model, dataset and eval suite after creation.",
      );
    const [evaluating] = await tx
      .select({ id: runs.id })
      .from(runs)
      .where(
        and(
          eq(runs.experimentId, experiment.id),
          inArray(runs.status, ["evaluating", "evaluated"]),
        ),
      )
      .limit(1);
    const [evaluated] = await tx
      .select({ id: evaluations.id })
      .from(evaluations)
      .where(eq(evaluations.experimentId, experiment.id))
      .limit(1);
    if (evaluating || evaluated)
      throw conflict(
        "A run of this experiment is being evaluated or has been: its base model, dataset and eval suite can no longer change.",
      );
    await tx
      .update(experiments)
      .set({
        baseModel: data.baseModel,
        datasetVersionId: data.datasetVersionId,
        evalSuite,
      })
      .where(eq(experiments.id, experiment.id));
    const [existing] = await tx
      .update(runs)
      .set({ spec: { baseModel: data.baseModel } })
      .where(and(eq(runs.experimentId, experiment.id), eq(runs.isBaseline, true)))
      .returning();
    if (existing) return existing;
    const [created] = await tx
      .insert(runs)
      .values({
        projectId,
        experimentId: experiment.id,
        index: 0,
        isBaseline: true,
        name: BASELINE_NAME,
        status: "succeeded",
        hyperparams: {},
        spec: { baseModel: data.baseModel },
      })
      .returning();
    await enqueueJob(tx, { kind: "run.evaluate", payload: { runId: created!.id } });
    return created!;
  });
  if (evaluationFailed(baseline))
    await requestEvaluation(ctx.db, { projectId, runId: baseline.id });
  return { experimentId: data.experimentId, baselineRunId: baseline.id };
}
