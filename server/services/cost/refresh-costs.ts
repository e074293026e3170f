import { sql } from "drizzle-orm";
import { isNotStarted } from "@/core/run-status";
import type { Db } from "@/server/db";
import { textArray } from "@/server/services/ingest/pg-array";
import { costOfRun, gpuHourUsd } from "./cost-of-run";

/**
 * Recomputes and stores runs.cost for the given runs (at the end of training and of evaluation,
 * and after token usage is recorded). Runs that have not started training have no cost yet (null).
 */
export async function refreshRunCosts(db: Db, runIds: string[]): Promise<void> {
  if (runIds.length === 0) return;
  const rate = gpuHourUsd();
  const { rows } = await db.execute<{
    id: string;
    backend: string;
    device: string | null;
    is_baseline: boolean;
    status: string;
    started_at: string | Date | null;
    finished_at: string | Date | null;
    reported: number | null;
    evaluation: number | null;
    judge: number | null;
  }>(sql`
    SELECT r.id, coalesce(r.external_ref ->> 'backend', e.backend::text) AS backend, r.device, r.is_baseline, r.status::text AS status, r.started_at, r.finished_at,
      CASE WHEN jsonb_typeof(r.summary -> 'cost/usd') = 'number' THEN (r.summary -> 'cost/usd')::float8 END AS reported,
      (SELECT sum(u.usd) FROM evaluation_usage u WHERE u.run_id = r.id AND u.kind <> 'judge') AS evaluation,
      (SELECT sum(u.usd) FROM evaluation_usage u WHERE u.run_id = r.id AND u.kind = 'judge') AS judge
    FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id = ANY(${textArray(runIds)})`);
  const ids: string[] = [],
    costs: string[] = [];
  for (const r of rows) {
    if (isNotStarted(r.status)) continue;
    const cost = costOfRun(
      {
        backend: r.backend,
        device: r.device,
        isBaseline: r.is_baseline,
        startedAt: r.started_at ? new Date(r.started_at) : null,
        finishedAt: r.finished_at ? new Date(r.finished_at) : null,
        reportedTrainingUsd: r.reported === null ? null : Number(r.reported),
        evaluationUsd: r.evaluation === null ? null : Number(r.evaluation),
        judgeUsd: r.judge === null ? null : Number(r.judge),
      },
      rate,
    );
    ids.push(r.id);
    costs.push(JSON.stringify(cost));
  }
  if (ids.length === 0) return;
  await db.execute(
    sql`UPDATE runs r SET cost = c.cost::jsonb FROM unnest(${textArray(ids)}, ${textArray(costs)}) AS c(id, cost) WHERE r.id = c.id`,
  );
}

/** Records (adds to) the token spend of a run's evaluation: kind "generation" or "judge". */
export async function recordEvaluationUsage(
  db: Db,
  u: {
    runId: string;
    kind: "generation" | "judge";
    inputTokens: number;
    outputTokens: number;
    usd: number | null;
  },
): Promise<void> {
  await db.execute(sql`INSERT INTO evaluation_usage (run_id, kind, input_tokens, output_tokens, usd) VALUES (${u.runId}, ${u.kind}, ${u.inputTokens}, ${u.outputTokens}, ${u.usd})
    ON CONFLICT (run_id, kind) DO UPDATE SET input_tokens = evaluation_usage.input_tokens + excluded.input_tokens,
      output_tokens = evaluation_usage.output_tokens + excluded.output_tokens,
      usd = CASE WHEN excluded.usd IS NULL THEN evaluation_usage.usd ELSE coalesce(evaluation_usage.usd, 0) + excluded.usd END`);
  await refreshRunCosts(db, [u.runId]);
}
