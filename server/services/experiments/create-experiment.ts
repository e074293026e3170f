import { and, asc, eq } from "drizzle-orm";
import type { Role } from "@/core/enums";
import { datasetExamples, experiments, runs } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { withTransaction } from "@/server/db";
import { badRequest } from "@/server/errors";
import { jobKeys } from "@/server/jobs/contracts";
import { enqueueJob } from "@/server/jobs/enqueue";
import {
  CreateExperimentInput,
  DPO_NEEDS_PREFERENCES,
  type Hyperparams,
} from "@/server/schemas/experiments";
import { buildRunSpec, withData } from "@/server/services/runs/build-run-spec";
import { projectBackend } from "@/server/services/settings/project-backend";
import type { TrainingBackend } from "@/trainers";
import { checkSuite } from "./check-suite";
import { datasetVersionInProject } from "./dataset-version-in-project";
import { previewGrid } from "./preview-grid";
import { resolveInitFrom } from "./resolve-init-from";

/** The baseline's name: the base model alone, evaluated like every run. */
export const BASELINE_NAME = "Baseline (no adapter)";

/**
 * Creates the experiment, one queued run per grid point and the baseline (the base model without
 * an adapter), and enqueues their jobs in the same transaction: nothing is half-created.
 */
export async function createExperiment({
  ctx,
  input,
}: {
  ctx: DomainCtx & { role?: Role | null };
  input: CreateExperimentInput;
}) {
  const projectId = projectOf(ctx);
  const data = CreateExperimentInput.parse(input);
  const version = await datasetVersionInProject(ctx.db, projectId, data.datasetVersionId);
  if (data.grid.objective?.includes("dpo") && version.kind !== "preference")
    throw badRequest(`grid.objective: ${DPO_NEEDS_PREFERENCES}`, {
      issues: [{ field: "grid.objective", message: DPO_NEEDS_PREFERENCES }],
    });
  const { points } = previewGrid({ input: data.grid });

  let backend: TrainingBackend;
  try {
    backend = await projectBackend(ctx.db, projectId, data.backend);
  } catch (e) {
    throw badRequest((e as Error).message);
  }
  const evalSuite = await checkSuite(ctx, data.evalSuite, backend);
  const train = await ctx.db
    .select({ messages: datasetExamples.messages, rejected: datasetExamples.rejected })
    .from(datasetExamples)
    .where(and(eq(datasetExamples.versionId, version.id), eq(datasetExamples.split, "train")))
    .orderBy(asc(datasetExamples.idx));
  const { initFromRunId } = data.training;
  const initFrom = initFromRunId
    ? await resolveInitFrom(ctx.db, { projectId, runId: initFromRunId, backend: data.backend })
    : null;
  const specs = points.map((p) =>
    buildRunSpec(data.baseModel, p.hyperparams, data.training, initFrom),
  );
  // Every distinct method is checked: a backend may accept SFT and refuse DPO, or LoRA and not full.
  const methods = new Map(specs.map((s) => [`${s.objective} ${s.parameters}`, s]));
  const issues = [...methods.values()].flatMap((s) => backend.validate(withData(s, train, null)));
  if (issues.length)
    throw badRequest(
      `The ${data.backend} backend cannot run this: ${issues.map((i) => `${i.field} ${i.message}`).join("; ")}`,
      { issues },
    );

  return withTransaction(ctx.db, async (tx) => {
    const [experiment] = await tx
      .insert(experiments)
      .values({
        projectId,
        name: data.name,
        description: data.description,
        baseModel: data.baseModel,
        datasetVersionId: version.id,
        backend: data.backend,
        evalSuite,
        grid: data.grid,
        training: data.training,
        createdBy: ctx.user?.id ?? null,
      })
      .returning();
    const base = { projectId, experimentId: experiment!.id };
    const rows = await tx
      .insert(runs)
      .values([
        // The baseline trains nothing: it starts as "succeeded" and goes straight to evaluation.
        {
          ...base,
          index: 0,
          isBaseline: true,
          name: BASELINE_NAME,
          status: "succeeded" as const,
          hyperparams: {},
          spec: { baseModel: data.baseModel },
        },
        ...points.map((p, i) => ({
          ...base,
          index: p.index,
          name: p.name,
          hyperparams: p.hyperparams satisfies Hyperparams,
          spec: specs[i]!,
        })),
      ])
      .returning();
    for (const run of rows) {
      if (run.isBaseline)
        await enqueueJob(tx, { kind: "run.evaluate", payload: { runId: run.id } });
      else
        await enqueueJob(tx, {
          kind: "run.dispatch",
          payload: { runId: run.id },
          key: jobKeys.dispatchRun(run.id),
        });
    }
    return {
      ...experiment!,
      runCount: points.length,
      runIds: rows.filter((r) => !r.isBaseline).map((r) => r.id),
    };
  });
}
