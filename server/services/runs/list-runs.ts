import { and, asc, eq, isNull } from "drizzle-orm";
import { experiments, runs } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { notFound } from "@/server/errors";
import { ListRunsInput } from "@/server/schemas/runs";

/** The experiment's runs in grid order (the baseline first), with live progress; soft-deleted
 *  (MLflow runs/delete) ones are left out. */
export async function listRuns({ ctx, input }: { ctx: DomainCtx; input: ListRunsInput }) {
  const projectId = projectOf(ctx);
  const { experimentId, includeBaseline } = ListRunsInput.parse(input);
  const [exp] = await ctx.db
    .select({ id: experiments.id })
    .from(experiments)
    .where(and(eq(experiments.id, experimentId), eq(experiments.projectId, projectId)));
  if (!exp) throw notFound("Experiment");
  const rows = await ctx.db
    .select()
    .from(runs)
    .where(and(eq(runs.experimentId, experimentId), isNull(runs.deletedAt)))
    .orderBy(asc(runs.index));
  return rows.filter((r) => includeBaseline || !r.isBaseline).map(toRunSummary);
}

export function toRunSummary(r: typeof runs.$inferSelect) {
  const { spec: _spec, externalRef: _ref, ...rest } = r;
  const progress = r.totalSteps ? Math.min(1, (r.step ?? 0) / r.totalSteps) : null;
  return { ...rest, progress };
}
