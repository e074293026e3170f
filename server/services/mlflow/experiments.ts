import { and, asc, eq } from "drizzle-orm";
import { experiments } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { ServiceError } from "@/server/errors";
import { EvalSuite, TrainingSettings } from "@/server/schemas/experiments";
import { toMlflowExperiment } from "./to-mlflow";

// MLflow experiments are the project's experiments, found by id or name. One an MLflow client
// creates is an external experiment: no base model, dataset or grid until someone sets them, and a
// placeholder eval suite (accuracy) that can be changed before its runs are evaluated.

/** MLflow's default experiment: clients log to id "0" when none is set. */
export const DEFAULT_EXPERIMENT_ID = "0";
export const DEFAULT_EXPERIMENT_NAME = "Default";

const doesNotExist = (what: string) =>
  new ServiceError("NOT_FOUND", `${what} does not exist.`, {
    mlflowCode: "RESOURCE_DOES_NOT_EXIST",
  });

async function findByName(ctx: DomainCtx, name: string) {
  const [row] = await ctx.db
    .select()
    .from(experiments)
    .where(and(eq(experiments.projectId, projectOf(ctx)), eq(experiments.name, name)))
    .orderBy(asc(experiments.createdAt))
    .limit(1);
  return row;
}

async function insertExternal(ctx: DomainCtx, name: string) {
  const [row] = await ctx.db
    .insert(experiments)
    .values({
      projectId: projectOf(ctx),
      name,
      backend: "external",
      baseModel: null,
      datasetVersionId: null,
      evalSuite: EvalSuite.parse({ metrics: ["accuracy"], primaryMetric: "accuracy" }),
      grid: { learningRate: [], loraRank: [], epochs: [] },
      training: TrainingSettings.parse({}),
      createdBy: ctx.user?.id ?? null,
    })
    .returning();
  return row!;
}

export async function getMlflowExperimentByName({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: { experiment_name: string };
}) {
  const row = await findByName(ctx, input.experiment_name);
  if (!row) throw doesNotExist(`Experiment '${input.experiment_name}'`);
  return { experiment: toMlflowExperiment(row) };
}

export async function createMlflowExperiment({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: { name: string };
}) {
  if (await findByName(ctx, input.name))
    throw new ServiceError("CONFLICT", `Experiment '${input.name}' already exists.`, {
      mlflowCode: "RESOURCE_ALREADY_EXISTS",
    });
  return { experiment_id: (await insertExternal(ctx, input.name)).id };
}

/** The experiment with this id in the caller's project; "0" is the Default one, made on first use. */
export async function resolveMlflowExperiment(ctx: DomainCtx, experimentId: string) {
  if (experimentId === DEFAULT_EXPERIMENT_ID)
    return (
      (await findByName(ctx, DEFAULT_EXPERIMENT_NAME)) ??
      (await insertExternal(ctx, DEFAULT_EXPERIMENT_NAME))
    );
  const [row] = await ctx.db
    .select()
    .from(experiments)
    .where(and(eq(experiments.id, experimentId), eq(experiments.projectId, projectOf(ctx))));
  if (!row) throw doesNotExist(`Experiment with id '${experimentId}'`);
  return row;
}

export async function getMlflowExperiment({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: { experiment_id: string };
}) {
  return {
    experiment: toMlflowExperiment(await resolveMlflowExperiment(ctx, input.experiment_id)),
  };
}
