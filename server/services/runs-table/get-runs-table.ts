import { and, eq, type SQL, sql } from "drizzle-orm";
import { experiments } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { notFound } from "@/server/errors";
import {
  type RunCost,
  RunsTableInput,
  type RunsTableOutput,
  type RunsTableRow,
} from "@/server/schemas/runs-table";
import { backfillOnce } from "./backfill";
import { columnSql, filterSql } from "./column-sql";
import { cachedColumns } from "./columns-cache";
import { tableColumns } from "./table-columns";

type Raw = {
  id: string;
  name: string;
  status: string;
  index: number;
  is_baseline: boolean;
  hyperparams: Record<string, unknown>;
  summary: Record<string, unknown>;
  tags: string[];
  cost: RunCost | null;
  promoted_step: number | null;
  created_at: string | Date;
  finished_at: string | Date | null;
  total: number | string;
};

/**
 * One page of an experiment's runs, sorted, filtered and grouped in SQL. Metrics come from the
 * denormalised runs.summary, so a page never touches run_metrics or evaluation_samples: the cost
 * is one scan of the experiment's runs (index runs_experiment_idx) plus a sort.
 */
export async function getRunsTable({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: RunsTableInput;
}): Promise<RunsTableOutput> {
  const projectId = projectOf(ctx);
  const { experimentId, sort, filters = [], groupBy, offset, limit } = RunsTableInput.parse(input);
  const [exp] = await ctx.db
    .select({ id: experiments.id })
    .from(experiments)
    .where(and(eq(experiments.id, experimentId), eq(experiments.projectId, projectId)));
  if (!exp) throw notFound("Experiment");
  await backfillOnce(ctx.db, experimentId);

  const where = sql.join(
    [sql`r.experiment_id = ${experimentId}`, ...filters.map((f, i) => filterSql(f, i))],
    sql` AND `,
  );
  const order: SQL[] = [];
  const group = groupBy ? columnSql(groupBy) : null;
  if (group) order.push(sql`${group.value} ASC NULLS LAST`);
  if (sort)
    order.push(
      sql`${columnSql(sort.key).value} ${sort.dir === "asc" ? sql`ASC` : sql`DESC`} NULLS LAST`,
    );
  // The baseline first, then grid order: a stable tie-break so pages never overlap.
  order.push(sql`r.is_baseline DESC, r.index ASC, r.id ASC`);

  const [page, columns, groups] = await Promise.all([
    ctx.db.execute<Raw>(sql`
      SELECT r.id, r.name, r.status::text AS status, r.index, r.is_baseline, r.hyperparams, r.summary, r.tags, r.cost,
             r.promoted_step, r.created_at, r.finished_at, count(*) OVER () AS total
      FROM runs r WHERE ${where}
      ORDER BY ${sql.join(order, sql`, `)}
      OFFSET ${offset} LIMIT ${limit}`),
    cachedColumns(experimentId, JSON.stringify(filters), () => tableColumns(ctx.db, where)),
    group
      ? ctx.db.execute<{ value: unknown; count: number | string }>(sql`
          SELECT ${group.value} AS value, count(*) AS count FROM runs r WHERE ${where}
          GROUP BY 1 ORDER BY 1 ASC NULLS LAST`)
      : null,
  ]);
  let total = Number(page.rows[0]?.total ?? 0);
  // Past the last page the window count is absent: count separately (rare).
  if (page.rows.length === 0 && offset > 0) {
    const c = await ctx.db.execute<{ n: number | string }>(
      sql`SELECT count(*) AS n FROM runs r WHERE ${where}`,
    );
    total = Number(c.rows[0]?.n ?? 0);
  }
  return {
    total,
    rows: page.rows.map(toRow),
    ...(group && groups
      ? {
          groups: groups.rows.map((g) => ({
            key: groupBy!,
            value: g.value,
            count: Number(g.count),
          })),
        }
      : {}),
    columns,
  };
}

function toRow(r: Raw): RunsTableRow {
  const metrics: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(r.summary ?? {}))
    metrics[k] = typeof v === "number" ? v : null;
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    index: r.index,
    isBaseline: r.is_baseline,
    hyperparams: r.hyperparams ?? {},
    metrics,
    tags: r.tags ?? [],
    cost: r.cost ?? null,
    promotedStep: r.promoted_step,
    createdAt: new Date(r.created_at),
    finishedAt: r.finished_at === null ? null : new Date(r.finished_at),
  };
}
