import { eq, inArray } from "drizzle-orm";
import { RETENTION_PERPLEXITY } from "@/core/enums";
import { evaluations, leaderboardRetention } from "@/drizzle/schema";
import { perplexityRatio } from "@/evals";
import type { Db } from "@/server/db";
import type { RetentionChange } from "@/server/schemas/leaderboard";
import { pairs } from "@/server/services/evaluations/score-likelihood";
import type { BoardRun } from "./load-board";

/** The evaluations a row's retention change compares: its own and the baseline's. */
type RetentionInputs = { runId: string; evaluationId: string; baselineEvaluationId: string };
type StoredRetention = RetentionInputs & { change: RetentionChange | null };

/** The rows that have a retention change to show: evaluated runs (not the baseline) with a
 *  retention score, once the baseline has one too. */
export function retentionInputs(board: BoardRun[]): RetentionInputs[] {
  const baseline = board.find((r) => r.run.isBaseline);
  if (!baseline?.evaluation.scores[RETENTION_PERPLEXITY]) return [];
  return board
    .filter((r) => !r.run.isBaseline && r.evaluation.scores[RETENTION_PERPLEXITY])
    .map((r) => ({
      runId: r.run.id,
      evaluationId: r.evaluation.id,
      baselineEvaluationId: baseline.evaluation.id,
    }));
}

export const loadRetention = (db: Db, experimentId: string): Promise<StoredRetention[]> =>
  db
    .select({
      runId: leaderboardRetention.runId,
      evaluationId: leaderboardRetention.evaluationId,
      baselineEvaluationId: leaderboardRetention.baselineEvaluationId,
      change: leaderboardRetention.change,
    })
    .from(leaderboardRetention)
    .where(eq(leaderboardRetention.experimentId, experimentId));

/** The stored change when it compared the evaluations the row compares now; else undefined. */
export function freshRetention(
  stored: StoredRetention[],
  inputs: RetentionInputs,
): { change: RetentionChange | null } | undefined {
  const s = stored.find((x) => x.runId === inputs.runId);
  return s &&
    s.evaluationId === inputs.evaluationId &&
    s.baselineEvaluationId === inputs.baselineEvaluationId
    ? { change: s.change }
    : undefined;
}

/** Computes the retention changes whose inputs moved (a new evaluation, a new baseline one). */
export async function dueRetentionChanges(
  db: Db,
  experimentId: string,
  board: BoardRun[],
): Promise<StoredRetention[]> {
  const stored = await loadRetention(db, experimentId);
  const due = retentionInputs(board).filter((i) => !freshRetention(stored, i));
  if (due.length === 0) return [];
  const ids = [...new Set(due.flatMap((d) => [d.evaluationId, d.baselineEvaluationId]))];
  const rows = await db
    .select({ id: evaluations.id, likelihood: evaluations.likelihood })
    .from(evaluations)
    .where(inArray(evaluations.id, ids));
  const nlls = new Map(rows.map((r) => [r.id, r.likelihood?.retention ?? null]));
  return due.map((d) => {
    const [base, mine] = [nlls.get(d.baselineEvaluationId), nlls.get(d.evaluationId)];
    if (!base || !mine || base.nll.length !== mine.nll.length) return { ...d, change: null };
    const r = perplexityRatio(pairs(base), pairs(mine));
    return { ...d, change: { ratio: r.score, ci: r.ci } };
  });
}
