import { asc, inArray } from "drizzle-orm";
import { evaluationSamples } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { badRequest } from "@/server/errors";
import { CompareInput, type CompareOutput } from "@/server/schemas/compare";
import { isCustomMetric } from "@/server/schemas/custom-scorers";
import { suiteMetrics } from "@/server/schemas/experiments";
import { sampleReferences } from "@/server/services/evaluations/sample-references";
import { ALPHA, type Evaluated, pValueComparer } from "@/server/services/leaderboard/compare-runs";
import { configDiff } from "./config-diff";
import { loadRuns } from "./load-runs";

/**
 * Two or more runs side by side: their configs (RunSpec without data, plus the backend) with a
 * per-key diff, and every eval metric with its bootstrap CI and a paired test against the
 * baseline run on the same items (the leaderboard's test: paired bootstrap, sacreBLEU-style for
 * BLEU/chrF). Runs of other experiments are compared only where their eval items align.
 */
export async function getCompare({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: CompareInput;
}): Promise<CompareOutput> {
  const { runIds, baselineRunId } = CompareInput.parse(input);
  if (!runIds.includes(baselineRunId)) throw badRequest("baselineRunId must be one of runIds.");
  const loaded = await loadRuns(ctx, runIds);
  const baseline = loaded.find((r) => r.run.id === baselineRunId)!;
  const primaryMetric = baseline.suite.primaryMetric;
  const metrics = [...new Set(loaded.flatMap((r) => suiteMetrics(r.suite)))];

  const evaluated = loaded.filter((r) => r.evaluation);
  const samples = evaluated.length
    ? await ctx.db
        .select({
          evaluationId: evaluationSamples.evaluationId,
          prompt: evaluationSamples.prompt,
          output: evaluationSamples.output,
          reference: evaluationSamples.reference,
          extraReferences: evaluationSamples.extraReferences,
          scores: evaluationSamples.scores,
        })
        .from(evaluationSamples)
        .where(
          inArray(
            evaluationSamples.evaluationId,
            evaluated.map((r) => r.evaluation!.id),
          ),
        )
        .orderBy(asc(evaluationSamples.evaluationId), asc(evaluationSamples.idx))
    : [];
  const byEval = new Map<string, typeof samples>();
  for (const s of samples)
    (byEval.get(s.evaluationId) ?? byEval.set(s.evaluationId, []).get(s.evaluationId)!).push(s);
  const baseSamples = baseline.evaluation ? (byEval.get(baseline.evaluation.id) ?? []) : [];
  const references = baseSamples.map(sampleReferences);
  // Paired only on the same items: same count and the same prompts in the same order.
  const aligned = (evaluationId: string) => {
    const own = byEval.get(evaluationId) ?? [];
    return (
      own.length === baseSamples.length &&
      own.length > 0 &&
      own.every((s, i) => s.prompt === baseSamples[i]!.prompt)
    );
  };

  const out: CompareOutput["metrics"] = metrics.map((metric) => {
    const perEval = new Map<string, Evaluated>();
    for (const r of evaluated) {
      const own = byEval.get(r.evaluation!.id) ?? [];
      perEval.set(r.evaluation!.id, {
        outputs: own.map((s) => s.output),
        sampleScores: own.map((s) => s.scores[metric] ?? Number.NaN), // no verdict: left out
      });
    }
    // A custom scorer's failed samples have no score, so it has no paired test.
    const p = isCustomMetric(metric) ? null : pValueComparer(metric, perEval, references);
    const baseScore = baseline.evaluation?.scores[metric]?.score ?? null;
    return {
      metric,
      perRun: loaded.map((r) => {
        const s = r.evaluation?.scores[metric];
        const row: CompareOutput["metrics"][number]["perRun"][number] = {
          runId: r.run.id,
          score: s?.score ?? null,
          ci: s?.ci ?? null,
        };
        if (
          p &&
          r.run.id !== baselineRunId &&
          r.evaluation &&
          baseline.evaluation &&
          aligned(r.evaluation.id) &&
          s &&
          baseScore !== null
        ) {
          row.pValue = p(baseline.evaluation.id, r.evaluation.id);
          row.significant = row.pValue < ALPHA;
          row.delta = s.score - baseScore;
        }
        return row;
      }),
    };
  });

  const configs = loaded.map((r) => {
    return { backend: r.experiment.backend, ...r.run.spec };
  });
  const diff = configDiff(configs);
  return {
    baselineRunId,
    primaryMetric,
    runs: loaded.map((r, i) => ({
      id: r.run.id,
      name: r.run.name,
      status: r.run.status,
      isBaseline: r.run.isBaseline,
      hyperparams: r.run.hyperparams,
      config: configs[i]!,
    })),
    configDiff: diff,
    metrics: out,
  };
}
