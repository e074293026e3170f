import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { runs } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { withTransaction } from "@/server/db";
import type { MlflowRunStatus } from "@/server/schemas/mlflow";
import { transitionRun } from "@/server/services/runs/transition-run";
import { resolveMlflowExperiment } from "./experiments";
import { badParam, latestMetrics, mlflowRun } from "./mlflow-run";
import { mlflowStatusOf, TUNEBENCH_STATUS, toMlflowRun, toMlflowRunInfo } from "./to-mlflow";

type Tag = { key: string; value: string };

/** runs/create: an external run, running from the start (the client trains as it logs). */
export async function createMlflowRun({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: {
    experiment_id: string;
    user_id?: string;
    run_name?: string;
    start_time?: number;
    tags: Tag[];
  };
}) {
  const experiment = await resolveMlflowExperiment(ctx, input.experiment_id);
  const tags = Object.fromEntries(input.tags.map((t) => [t.key, t.value]));
  const startTime = input.start_time ?? Date.now();
  const run = await withTransaction(ctx.db, async (tx) => {
    // Serialises index allocation within the experiment (runs are numbered 1, 2, …).
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`run-index:${experiment.id}`}))`);
    const { rows } = await tx.execute<{ next: number }>(
      sql`SELECT coalesce(max(index), 0) + 1 AS next FROM runs WHERE experiment_id = ${experiment.id}`,
    );
    const id = randomUUID();
    const [row] = await tx
      .insert(runs)
      .values({
        id,
        projectId: projectOf(ctx),
        experimentId: experiment.id,
        index: Number(rows[0]!.next),
        name: input.run_name || tags["mlflow.runName"] || `mlflow-${id.slice(0, 8)}`,
        status: "running",
        hyperparams: {},
        spec: { baseModel: experiment.baseModel ?? "" },
        externalRef: { backend: "external", id, cursor: null, state: {} },
        startedAt: new Date(startTime),
        mlflow: { params: {}, tags, userId: input.user_id ?? null, startTime, endTime: null },
      })
      .returning();
    return row!;
  });
  return { run: toMlflowRun(run, []) };
}

export async function getMlflowRun({ ctx, input }: { ctx: DomainCtx; input: { run_id: string } }) {
  const run = await mlflowRun(ctx.db, ctx, input.run_id);
  return { run: toMlflowRun(run, await latestMetrics(ctx.db, run.id)) };
}

/** runs/update: the status through Tunebench's state machine (a repeat is a no-op), end time, name. */
export async function updateMlflowRun({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: { run_id: string; status?: MlflowRunStatus; end_time?: number; run_name?: string };
}) {
  return withTransaction(ctx.db, async (tx) => {
    let run = await mlflowRun(tx, ctx, input.run_id, { lock: true });
    const endTime =
      input.end_time ?? (input.status && input.status !== "RUNNING" ? Date.now() : null);
    const patch = {
      ...(input.run_name ? { name: input.run_name } : {}),
      mlflow: { ...run.mlflow, endTime: endTime ?? run.mlflow.endTime },
      ...(endTime ? { finishedAt: new Date(endTime) } : {}),
    };
    if (input.status && mlflowStatusOf(run.status) !== input.status) {
      if (input.status === "SCHEDULED")
        throw badParam("A run that has started cannot be SCHEDULED again.");
      run = (await transitionRun(tx, run.id, TUNEBENCH_STATUS[input.status], patch)) as typeof run;
    } else {
      const [updated] = await tx.update(runs).set(patch).where(eq(runs.id, run.id)).returning();
      run = updated as typeof run;
    }
    return { run_info: toMlflowRunInfo(run) };
  });
}

/** runs/delete: a soft delete; the run leaves every list but keeps its data. */
export async function deleteMlflowRun({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: { run_id: string };
}) {
  const run = await mlflowRun(ctx.db, ctx, input.run_id);
  await ctx.db
    .update(runs)
    .set({ deletedAt: sql`coalesce(${runs.deletedAt}, now())` })
    .where(and(eq(runs.id, run.id), eq(runs.projectId, projectOf(ctx))));
  return {};
}
