import { and, eq, inArray, sql } from "drizzle-orm";
import {
  evaluationSamples,
  evaluations,
  experiments,
  memberships,
  newId,
  reviewCampaignReviewers,
  reviewCampaignRuns,
  reviewCampaigns,
  reviewItems,
  reviewSlots,
  runs,
} from "@/drizzle/schema";
import { projectOf } from "@/server/ctx";
import { withTransaction } from "@/server/db";
import { badRequest, notFound } from "@/server/errors";
import type { CorpusScores } from "@/server/schemas/evaluations";
import type { CampaignSettings } from "@/server/schemas/reviews";
import { CreateCampaignInput } from "@/server/schemas/reviews";
import { type PoolSample, planItems } from "./sample-items";
import type { ReviewCtx } from "./scope";

const MAX_SLOTS = 100_000;
const CHUNK = 1000;

/** Creates a campaign with its items and reviewersPerItem empty slots per item, in one transaction. */
export async function createCampaign({
  ctx,
  input: raw,
}: {
  ctx: ReviewCtx;
  input: CreateCampaignInput;
}) {
  const input = CreateCampaignInput.parse(raw);
  const projectId = projectOf(ctx);
  const [experiment] = await ctx.db
    .select()
    .from(experiments)
    .where(and(eq(experiments.id, input.experimentId), eq(experiments.projectId, projectId)));
  if (!experiment) throw notFound("Experiment");
  const suite = experiment.evalSuite;
  const evaluated = await ctx.db
    .select({ run: runs, evaluationId: evaluations.id, scores: evaluations.scores })
    .from(runs)
    .innerJoin(
      evaluations,
      and(eq(evaluations.runId, runs.id), eq(evaluations.status, "completed")),
    )
    .where(eq(runs.experimentId, experiment.id));
  const chosen = input.runIds
    ? await explicitRuns(ctx, experiment.id, input.runIds, evaluated)
    : topRuns(evaluated, input.topK!, suite.primaryMetric);
  if (input.mode === "pairwise" && chosen.length < 2)
    throw badRequest(
      `Pairwise review needs two evaluated runs; the experiment has ${chosen.length}.`,
    );
  await checkReviewers(ctx, projectId, input.reviewerIds);

  const pool = await samplePool(
    ctx,
    chosen.map((c) => c.evaluationId),
    evaluated.find((e) => e.run.isBaseline)?.evaluationId ?? chosen[0]!.evaluationId,
  );
  const runIds = chosen.map((c) => c.run.id);
  const { items } = planItems({
    pool,
    runIds,
    mode: input.mode,
    sampleSize: input.sampleSize,
    sampling: input.sampling,
    pairing: input.pairing ?? "all",
  });
  if (items.length * input.reviewersPerItem > MAX_SLOTS) {
    throw badRequest(
      `That is ${items.length} items × ${input.reviewersPerItem} reviewers = ${items.length * input.reviewersPerItem} votes; at most ${MAX_SLOTS}. Sample fewer items, choose fewer runs or use balanced pairing.`,
    );
  }
  const settings: CampaignSettings = {
    guidelines: input.guidelines,
    rubric: input.mode === "rubric" ? input.rubric! : null,
    sampling: input.sampling,
    sampleSize: input.sampleSize,
    pairing: input.mode === "pairwise" ? (input.pairing ?? "all") : null,
    topK: input.topK ?? null,
    primaryMetric: suite.primaryMetric,
  };
  const created = await withTransaction(ctx.db, async (tx) => {
    const [campaign] = await tx
      .insert(reviewCampaigns)
      .values({
        projectId,
        experimentId: experiment.id,
        name: input.name,
        mode: input.mode,
        settings,
        seed: input.sampling.seed,
        reviewersPerItem: input.reviewersPerItem,
        reservationSeconds: input.reservationSeconds,
        createdBy: ctx.user?.id ?? null,
      })
      .returning({ id: reviewCampaigns.id });
    const campaignId = campaign!.id;
    await tx
      .insert(reviewCampaignRuns)
      .values(runIds.map((runId, position) => ({ campaignId, runId, position })));
    const reviewers = [...new Set(input.reviewerIds)];
    if (reviewers.length)
      await tx
        .insert(reviewCampaignReviewers)
        .values(reviewers.map((userId) => ({ campaignId, userId })));
    const rows = items.map((it) => ({ id: newId(), campaignId, ...it }));
    for (let i = 0; i < rows.length; i += CHUNK)
      await tx.insert(reviewItems).values(rows.slice(i, i + CHUNK));
    const slots = rows.flatMap((it) =>
      Array.from({ length: input.reviewersPerItem }, (_, seq) => ({
        campaignId,
        itemId: it.id,
        position: it.position,
        seq,
      })),
    );
    for (let i = 0; i < slots.length; i += CHUNK)
      await tx.insert(reviewSlots).values(slots.slice(i, i + CHUNK));
    return { id: campaignId, items: rows.length, slots: slots.length };
  });
  // Fresh statistics for the queue's tables: PGlite runs no autovacuum, and without them the
  // planner may walk the whole open-slot index for lookups that one index probe answers.
  await ctx.db.execute(sql`ANALYZE review_slots, review_items`);
  return created;
}

type Evaluated = { run: typeof runs.$inferSelect; evaluationId: string; scores: CorpusScores };

async function explicitRuns(
  ctx: ReviewCtx,
  experimentId: string,
  runIds: string[],
  evaluated: Evaluated[],
): Promise<Evaluated[]> {
  if (new Set(runIds).size !== runIds.length) throw badRequest("runIds lists a run twice.");
  const found = await ctx.db
    .select({ id: runs.id, name: runs.name, experimentId: runs.experimentId })
    .from(runs)
    .where(and(inArray(runs.id, runIds), eq(runs.projectId, projectOf(ctx))));
  return runIds.map((id, i) => {
    const run = found.find((r) => r.id === id);
    if (!run) throw badRequest(`runIds[${i}]: run ${id} not found in this project.`);
    if (run.experimentId !== experimentId)
      throw badRequest(`runIds[${i}]: run "${run.name}" belongs to another experiment.`);
    const e = evaluated.find((x) => x.run.id === id);
    if (!e) throw badRequest(`runIds[${i}]: run "${run.name}" has no completed evaluation yet.`);
    return e;
  });
}

/** The leaderboard's order (primary metric, best first), baseline excluded. */
function topRuns(evaluated: Evaluated[], k: number, primary: string): Evaluated[] {
  const score = (e: Evaluated) => e.scores[primary]?.score ?? -Infinity;
  return evaluated
    .filter((e) => !e.run.isBaseline)
    .sort((a, b) => score(b) - score(a) || a.run.index - b.run.index)
    .slice(0, k);
}

async function checkReviewers(ctx: ReviewCtx, projectId: string, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  const members = await ctx.db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.projectId, projectId), inArray(memberships.userId, userIds)));
  const known = new Set(members.map((m) => m.userId));
  userIds.forEach((id, i) => {
    if (!known.has(id))
      throw badRequest(`reviewerIds[${i}]: user ${id} is not a member of this project.`);
  });
}

/** Samples every chosen run was evaluated on, with what stratification needs. */
async function samplePool(
  ctx: ReviewCtx,
  evaluationIds: string[],
  judgeEvaluationId: string,
): Promise<PoolSample[]> {
  const rows = await ctx.db
    .select({
      evaluationId: evaluationSamples.evaluationId,
      idx: evaluationSamples.idx,
      reference: evaluationSamples.reference,
      primaryScore: evaluationSamples.primaryScore,
    })
    .from(evaluationSamples)
    .where(
      inArray(evaluationSamples.evaluationId, [...new Set([...evaluationIds, judgeEvaluationId])]),
    );
  const seen = new Map<number, number>();
  const info = new Map<number, PoolSample>();
  const baseline = new Map<number, boolean>();
  for (const r of rows) {
    if (evaluationIds.includes(r.evaluationId)) seen.set(r.idx, (seen.get(r.idx) ?? 0) + 1);
    if (r.evaluationId === judgeEvaluationId) baseline.set(r.idx, (r.primaryScore ?? 0) >= 50);
    if (!info.has(r.idx))
      info.set(r.idx, {
        idx: r.idx,
        referenceLength: [...r.reference].length,
        baselineCorrect: false,
      });
  }
  return [...seen.entries()]
    .filter(([, n]) => n === evaluationIds.length)
    .map(([idx]) => ({ ...info.get(idx)!, baselineCorrect: baseline.get(idx) ?? false }))
    .sort((a, b) => a.idx - b.idx);
}
