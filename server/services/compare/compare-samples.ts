import { type SQL, sql } from "drizzle-orm";
import type { DomainCtx } from "@/server/ctx";
import { badRequest } from "@/server/errors";
import { CompareSamplesInput, type CompareSamplesOutput } from "@/server/schemas/compare";
import { loadRuns } from "./load-runs";
import { reviewVerdicts } from "./review-verdicts";

/** With no per-sample accuracy, an output "is wrong" when its score on the metric is below this. */
const WRONG_BELOW = 50;

/**
 * Per-sample outputs of two runs aligned by eval item (same index and prompt), with the score
 * delta B − A on `metric`, filtered and paged in SQL. "regression" puts the items where B lost
 * most against A first. "both_wrong" means a per-sample accuracy of 0 for both where the
 * evaluation scored accuracy, else both scores below 50 (on the 0-100 scale). Rows carry the
 * human pairwise verdict on their item where reviewers voted on this pair of runs.
 */
export async function getCompareSamples({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: CompareSamplesInput;
}): Promise<CompareSamplesOutput> {
  const {
    runIds,
    metric: asked,
    filter,
    sort,
    search,
    offset,
    limit,
  } = CompareSamplesInput.parse(input);
  const [a, b] = await loadRuns(ctx, runIds);
  if (!a!.evaluation || !b!.evaluation)
    throw badRequest(
      `Run ${!a!.evaluation ? a!.run.name : b!.run.name} has no completed evaluation yet.`,
    );
  const metric = asked ?? a!.suite.primaryMetric;
  if (!/^[a-z][\w-]*$/i.test(metric)) throw badRequest(`metric: "${metric}" is not a metric name.`);

  const score = (alias: string) =>
    sql.raw(
      `(CASE WHEN jsonb_typeof(${alias}.scores -> '${metric}') = 'number' THEN (${alias}.scores -> '${metric}')::float8 END)`,
    );
  const wrong = (alias: string) =>
    sql.raw(
      `(CASE WHEN jsonb_typeof(${alias}.scores -> 'accuracy') = 'number' THEN (${alias}.scores -> 'accuracy')::float8 = 0 ELSE coalesce((${alias}.scores -> '${metric}')::float8 < ${WRONG_BELOW}, false) END)`,
    );
  const pair = sql`
    SELECT sa.idx, sa.prompt, sa.reference, sa.output AS out_a, sb.output AS out_b, ${score("sa")} AS score_a, ${score("sb")} AS score_b,
           ${score("sb")} - ${score("sa")} AS delta, ${wrong("sa")} AND ${wrong("sb")} AS both_wrong
    FROM evaluation_samples sa JOIN evaluation_samples sb ON sb.evaluation_id = ${b!.evaluation.id} AND sb.idx = sa.idx AND sb.prompt = sa.prompt
    WHERE sa.evaluation_id = ${a!.evaluation.id}`;
  const conditions: SQL[] = [sql`true`];
  if (filter === "a_better") conditions.push(sql`p.score_a > p.score_b`);
  if (filter === "b_better") conditions.push(sql`p.score_b > p.score_a`);
  if (filter === "both_wrong") conditions.push(sql`p.both_wrong`);
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      sql`(p.prompt ILIKE ${pattern} OR p.reference ILIKE ${pattern} OR p.out_a ILIKE ${pattern} OR p.out_b ILIKE ${pattern})`,
    );
  }
  const order = sort === "regression" ? sql`p.delta ASC NULLS LAST, p.idx ASC` : sql`p.idx ASC`;
  const [page, counts] = await Promise.all([
    ctx.db.execute<{
      idx: number;
      prompt: string;
      reference: string;
      out_a: string;
      out_b: string;
      score_a: number | null;
      score_b: number | null;
      delta: number | null;
      total: number | string;
    }>(sql`
      SELECT p.*, count(*) OVER () AS total FROM (${pair}) p WHERE ${sql.join(conditions, sql` AND `)} ORDER BY ${order} OFFSET ${offset} LIMIT ${limit}`),
    ctx.db.execute<{
      a_better: number | string;
      b_better: number | string;
      tie: number | string;
      both_wrong: number | string;
      n: number | string;
    }>(sql`
      SELECT count(*) FILTER (WHERE p.score_a > p.score_b) AS a_better, count(*) FILTER (WHERE p.score_b > p.score_a) AS b_better,
             count(*) FILTER (WHERE p.score_a = p.score_b) AS tie, count(*) FILTER (WHERE p.both_wrong) AS both_wrong, count(*) AS n
      FROM (${pair}) p`),
  ]);
  const c = counts.rows[0]!;
  let total = Number(page.rows[0]?.total ?? 0);
  if (page.rows.length === 0 && offset > 0) {
    const n = await ctx.db.execute<{ n: number | string }>(
      sql`SELECT count(*) AS n FROM (${pair}) p WHERE ${sql.join(conditions, sql` AND `)}`,
    );
    total = Number(n.rows[0]?.n ?? 0);
  }
  const verdicts = await reviewVerdicts(
    ctx.db,
    a!.run.id,
    b!.run.id,
    page.rows.map((r) => r.idx),
  );
  return {
    metric,
    total,
    counts: {
      aBetter: Number(c.a_better),
      bBetter: Number(c.b_better),
      tie: Number(c.tie),
      bothWrong: Number(c.both_wrong),
    },
    rows: page.rows.map((r) => ({
      idx: r.idx,
      prompt: r.prompt,
      reference: r.reference,
      outputs: [
        { runId: a!.run.id, output: r.out_a, score: r.score_a === null ? null : Number(r.score_a) },
        { runId: b!.run.id, output: r.out_b, score: r.score_b === null ? null : Number(r.score_b) },
      ],
      delta: r.delta === null ? null : Number(r.delta),
      ...(verdicts.has(r.idx) ? { review: verdicts.get(r.idx)! } : {}),
    })),
  };
}
