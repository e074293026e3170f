import { and, eq, type SQL, sql } from "drizzle-orm";
import { experiments } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { notFound } from "@/server/errors";

/**
 * Which runs a runs-table request lists: one experiment's (grid order, the baseline first) or,
 * without an experiment, every run of the project (newest first). Both orders end in a unique
 * key, so pages never overlap. Soft-deleted runs (MLflow runs/delete) are never listed.
 */
export type TableScope = {
  /** Rows of `runs r` in scope. */
  where: SQL;
  /** The order when no sort is asked for, ending in a unique tie-break. */
  order: SQL;
  /** Names the scope for per-scope caches and one-time backfills. */
  key: string;
};

export async function tableScope(
  db: Db,
  projectId: string,
  experimentId: string | undefined,
): Promise<TableScope> {
  if (experimentId === undefined)
    return {
      where: sql`r.project_id = ${projectId} AND r.deleted_at IS NULL`,
      order: sql`r.created_at DESC, r.id ASC`,
      key: `project:${projectId}`,
    };
  const [exp] = await db
    .select({ id: experiments.id })
    .from(experiments)
    .where(and(eq(experiments.id, experimentId), eq(experiments.projectId, projectId)));
  if (!exp) throw notFound("Experiment");
  return {
    where: sql`r.experiment_id = ${exp.id} AND r.deleted_at IS NULL`,
    order: sql`r.is_baseline DESC, r.index ASC, r.id ASC`,
    key: `experiment:${exp.id}`,
  };
}
