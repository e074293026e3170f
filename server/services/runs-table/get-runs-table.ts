import { type SQL, sql } from "drizzle-orm";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { EVALUATION_FAILED } from "@/server/schemas/runs";
import {
  type RunCost,
  RunsTableInput,
  type RunsTableOutput,
  type RunsTableRow,
} from "@/server/schemas/runs-table";
import { backfillOnce } from "./backfill";
import { columnSql, filterSql } from "./column-sql";
import { cachedColumns } from "./columns-cache";
import { tableScope } from "./scope";
import { tableColumns } from "./table-columns";

type Raw = {
  id: string;
  experiment_id: string;
  experiment_name: string;
  name: string;
  status: string;
  index: number;
  is_baseline: boolean;
  hyperparams: Record<string, unknown>;
  summary: Record<string, unknown>;
  tags: string[];
  cost: RunCost | null;
  peak_mem_bytes: number | string | null;
  promoted_step: number | null;
  evaluation_failed: boolean;
  created_at: string | Date;
  finished_at: string | Date | null;
  total: number | string;
};

/**
 * One page of an experiment's runs, or of every run of the project when no experiment is given,
 * sorted, filtered and grouped in SQL. Metrics come from the denormalised runs.summary, so a page
 * never reads metric points or evaluation_samples: the cost is one scan of the runs in scope
 * (index runs_experiment_idx, or runs_project_status_idx) plus a sort.
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
  const scope = await tableScope(ctx.db, projectId, experimentId);
  await backfillOnce(ctx.db, scope);

  const where = sql.join([scope.where, ...filters.map((f, i) => filterSql(f, i))], sql` AND `);
  const order: SQL[] = [];
  const group = groupBy ? columnSql(groupBy) : null;
  if (group) order.push(sql`${group.value} ASC NULLS LAST`);
  if (sort)
    order.push(
      sql`${columnSql(sort.key).value} ${sort.dir === "asc" ? sql`ASC` : sql`DESC`} NULLS LAST`,
    );
  order.push(scope.order);

  const [page, columns, groups] = await Promise.all([
    ctx.db.execute<Raw>(sql`
      SELECT r.id, r.experiment_id, (SELECT e.name FROM experiments e WHERE e.id = r.experiment_id) AS experiment_name, r.name, r.status::text AS status, r.index, r.is_baseline, r.hyperparams, r.summary, r.tags, r.cost, r.peak_mem_bytes,
             r.promoted_step, r.created_at, r.finished_at, count(*) OVER () AS total,
             (r.status = 'failed' AND r.error LIKE ${`${EVALUATION_FAILED}%`}) AS evaluation_failed
      FROM runs r WHERE ${where}
      ORDER BY ${sql.join(order, sql`, `)}
      OFFSET ${offset} LIMIT ${limit}`),
    cachedColumns(scope.key, JSON.stringify(filters), () => tableColumns(ctx.db, where)),
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
    experimentId: r.experiment_id,
    experimentName: r.experiment_name,
    name: r.name,
    status: r.status,
    index: r.index,
    isBaseline: r.is_baseline,
    hyperparams: r.hyperparams ?? {},
    metrics,
    tags: r.tags ?? [],
    cost: r.cost ?? null,
    peakMemBytes: r.peak_mem_bytes === null ? null : Number(r.peak_mem_bytes),
    promotedStep: r.promoted_step,
    evaluationFailed: r.evaluation_failed === true,
    createdAt: new Date(r.created_at),
    finishedAt: r.finished_at === null ? null : new Date(r.finished_at),
  };
}
