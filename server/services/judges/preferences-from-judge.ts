import { and, eq } from "drizzle-orm";
import { JUDGE_PREFERENCE_EXCLUSIONS, type JudgePreferenceExclusion } from "@/core/enums";
import { experiments, runs } from "@/drizzle/schema";
import { combineOrders } from "@/evals";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { badRequest, notFound } from "@/server/errors";
import { JudgePreferencesInput, templateMode } from "@/server/schemas/judges";
import {
  MIN_PREFERENCE_EXAMPLES,
  storePreferences,
} from "@/server/services/datasets/store-preferences";
import { type JudgedPair, judgedPairs } from "./judge-pairs";
import { loadJudge } from "./load-judge";

/**
 * A pairwise judge's verdicts on one run against its reference run as a preference dataset
 * version: each sample whose two orders name the same winner becomes (prompt, winner's output,
 * loser's output). Ties, flips (a tie under the swap rule), samples with an unparsed game and
 * samples not yet judged in both orders are left out and counted. The judge version and the
 * reference are the ones the experiment's suite pinned; the version records them as the source.
 */
export async function preferencesFromJudge({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: JudgePreferencesInput;
}) {
  const data = JudgePreferencesInput.parse(input);
  const projectId = projectOf(ctx);
  const [experiment] = await ctx.db
    .select()
    .from(experiments)
    .where(and(eq(experiments.id, data.experimentId), eq(experiments.projectId, projectId)));
  if (!experiment) throw notFound("Experiment");
  const entry = experiment.evalSuite.judges?.find(
    (j) => j.judgeId === data.judgeId && j.mode === "pairwise",
  );
  const { judge, version } = await loadJudge(ctx, data.judgeId, entry?.version);
  if (!entry || templateMode(version.template) !== "pairwise")
    throw badRequest(
      `Judge ${judge.name} is not a pairwise judge of experiment ${experiment.name}: only a pairwise judge's verdicts say which of two answers is preferred.`,
    );
  const [run] = await ctx.db
    .select()
    .from(runs)
    .where(and(eq(runs.id, data.runId), eq(runs.experimentId, experiment.id)));
  if (!run) throw notFound("Run");
  const againstRunId = await referenceRun(ctx, experiment.id, entry.against);
  if (!againstRunId || againstRunId === run.id)
    throw badRequest(
      `Run ${run.name} is the reference of judge ${judge.name}: it has no verdicts.`,
    );
  const pairs = (await judgedPairs(ctx.db, experiment.id, version.id))
    .filter((p) => p.runId === run.id && p.againstRunId === againstRunId)
    .sort((x, y) => x.sampleIdx - y.sampleIdx);
  if (pairs.length === 0)
    throw badRequest(
      `Judge ${judge.name} (version ${version.version}) has no verdicts on run ${run.name} against its reference yet.`,
    );

  const excluded = Object.fromEntries(JUDGE_PREFERENCE_EXCLUSIONS.map((r) => [r, 0])) as Record<
    JudgePreferenceExclusion,
    number
  >;
  const kept: { pair: JudgedPair; winner: "x" | "y" }[] = [];
  for (const pair of pairs) {
    const reason = exclusion(pair);
    if (reason) excluded[reason]++;
    else kept.push({ pair, winner: combineOrders(pair.game1, pair.game2)!.winner as "x" | "y" });
  }
  const report = { pairs: pairs.length, qualified: kept.length, excluded };
  if (kept.length < MIN_PREFERENCE_EXAMPLES)
    throw badRequest(
      `${kept.length} of ${pairs.length} samples have the same winner in both orders; a preference dataset needs at least ${MIN_PREFERENCE_EXAMPLES}.`,
      report,
    );
  const stored = await storePreferences(ctx.db, {
    projectId,
    experiment,
    picks: kept.map(({ pair, winner }) => ({
      sampleIdx: pair.sampleIdx,
      chosenRunId: winner === "x" ? pair.runId : pair.againstRunId,
      rejectedRunId: winner === "x" ? pair.againstRunId : pair.runId,
    })),
    name: data.datasetName ?? `${judge.name} preferences`,
    // Fixed, so the same verdicts give the same split and resolve to the stored version.
    splitSeed: 0,
    source: {
      type: "judge",
      judgeId: judge.id,
      judgeName: judge.name,
      judgeVersion: version.version,
      experimentId: experiment.id,
      runId: run.id,
      againstRunId,
      filter: { rule: "same_winner_in_both_orders" },
      counts: report,
    },
    report,
  });
  return { ...report, ...stored };
}

function exclusion(pair: JudgedPair): JudgePreferenceExclusion | null {
  if (pair.unparsed > 0) return "unparsed";
  const verdict = combineOrders(pair.game1, pair.game2);
  if (!verdict) return "incomplete";
  if (verdict.flipped) return "flip";
  return verdict.winner === "tie" ? "tie" : null;
}

/** The suite's `against`: the experiment's baseline run by default, or a run id. */
async function referenceRun(ctx: DomainCtx, experimentId: string, against?: string) {
  if (against && against !== "baseline") return against;
  const [baseline] = await ctx.db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.experimentId, experimentId), eq(runs.isBaseline, true)));
  return baseline?.id ?? null;
}
