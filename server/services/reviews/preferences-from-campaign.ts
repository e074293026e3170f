import { and, eq, inArray } from "drizzle-orm";
import { PREFERENCE_EXCLUSIONS, type PreferenceExclusion } from "@/core/enums";
import {
  datasetExamples,
  evaluationSamples,
  evaluations,
  experiments,
  reviewItems,
  reviewVotes,
} from "@/drizzle/schema";
import { badRequest } from "@/server/errors";
import type { DatasetSource } from "@/server/schemas/datasets";
import { CampaignPreferencesInput } from "@/server/schemas/reviews";
import type { Example } from "@/server/services/datasets/parse-jsonl";
import { prepareDataset } from "@/server/services/datasets/prepare-dataset";
import { storeVersion } from "@/server/services/datasets/store-version";
import { itemVerdict } from "./preference-verdicts";
import { findCampaign, type ReviewCtx } from "./scope";

/**
 * Every pairwise item with a clear human verdict becomes a (prompt, chosen, rejected) example of
 * a new preference dataset version: the prompt is the experiment's dataset example the item
 * showed, the answers are the two runs' outputs for it. The version records the campaign, the
 * filter and each kept item's vote counts; the result says how many items were left out and why.
 */
export async function preferencesFromCampaign({
  ctx,
  input,
}: {
  ctx: ReviewCtx;
  input: CampaignPreferencesInput;
}) {
  const data = CampaignPreferencesInput.parse(input);
  const campaign = await findCampaign(ctx, data.campaignId);
  if (campaign.mode !== "pairwise")
    throw badRequest("Only a pairwise campaign's votes say which of two answers is preferred.");
  const minAgreement = data.minAgreement ?? null;
  const [experiment] = await ctx.db
    .select()
    .from(experiments)
    .where(eq(experiments.id, campaign.experimentId));
  // The prompts are the experiment's eval examples; an MLflow-made experiment may have none yet.
  const datasetVersionId = experiment?.datasetVersionId;
  if (!datasetVersionId) throw badRequest("The campaign's experiment has no dataset.");
  const [items, votes] = await Promise.all([
    ctx.db.select().from(reviewItems).where(eq(reviewItems.campaignId, campaign.id)),
    ctx.db
      .select({ itemId: reviewVotes.itemId, outcome: reviewVotes.outcome })
      .from(reviewVotes)
      .where(and(eq(reviewVotes.campaignId, campaign.id), eq(reviewVotes.isCurrent, true))),
  ]);
  const excluded = Object.fromEntries(PREFERENCE_EXCLUSIONS.map((r) => [r, 0])) as Record<
    PreferenceExclusion,
    number
  >;
  const kept: { item: (typeof items)[number]; winner: "a" | "b"; chosen: number; total: number }[] =
    [];
  for (const item of [...items].sort((x, y) => x.position - y.position)) {
    const outcomes = votes.filter((v) => v.itemId === item.id && v.outcome).map((v) => v.outcome!);
    const verdict = itemVerdict(outcomes, minAgreement);
    if (verdict.kept) kept.push({ item, ...verdict });
    else excluded[verdict.reason]++;
  }
  const report = { items: items.length, qualified: kept.length, excluded };
  if (kept.length < 2)
    throw badRequest(
      `${kept.length} of ${items.length} items have a clear verdict; a preference dataset needs at least 2.`,
      report,
    );

  const runIds = [...new Set(kept.flatMap((k) => [k.item.runA, k.item.runB!]))];
  const idxs = [...new Set(kept.map((k) => k.item.sampleIdx))];
  const [outputs, prompts] = await Promise.all([
    ctx.db
      .select({
        runId: evaluations.runId,
        idx: evaluationSamples.idx,
        output: evaluationSamples.output,
      })
      .from(evaluationSamples)
      .innerJoin(evaluations, eq(evaluations.id, evaluationSamples.evaluationId))
      .where(and(inArray(evaluations.runId, runIds), inArray(evaluationSamples.idx, idxs))),
    ctx.db
      .select({ idx: datasetExamples.idx, messages: datasetExamples.messages })
      .from(datasetExamples)
      .where(
        and(
          eq(datasetExamples.versionId, datasetVersionId),
          eq(datasetExamples.split, experiment!.evalSuite.split),
          inArray(datasetExamples.idx, idxs),
        ),
      ),
  ]);
  const outputOf = (runId: string, idx: number) =>
    outputs.find((o) => o.runId === runId && o.idx === idx)?.output;
  const examples: Example[] = kept.map((k, i) => {
    const [chosenRun, rejectedRun] =
      k.winner === "a" ? [k.item.runA, k.item.runB!] : [k.item.runB!, k.item.runA];
    const prompt = prompts.find((p) => p.idx === k.item.sampleIdx)?.messages.slice(0, -1);
    const chosen = outputOf(chosenRun, k.item.sampleIdx);
    const rejected = outputOf(rejectedRun, k.item.sampleIdx);
    // Only if the experiment's dataset or a run's evaluation changed after the campaign began.
    if (!prompt || chosen === undefined || rejected === undefined)
      throw badRequest(
        `Sample ${k.item.sampleIdx} was reviewed, but its prompt or a run's output is no longer stored.`,
        report,
      );
    return {
      line: i + 1,
      messages: [...prompt, { role: "assistant", content: chosen }],
      rejected,
    };
  });
  // Through the upload path, so the lines meet exactly the rules an uploaded file does.
  const prepared = prepareDataset({
    format: "preference",
    trainJsonl: examples.map(toPreferenceLine).join("\n"),
    evalFraction: 0.1,
    splitSeed: campaign.seed,
  });
  if (!prepared.ok) throw badRequest(prepared.message, { ...report, errors: prepared.errors });
  const source: DatasetSource = {
    type: "review_campaign",
    campaignId: campaign.id,
    filter: { minAgreement },
    votes: kept.map((k) => ({ itemId: k.item.id, chosen: k.chosen, total: k.total })),
  };
  const stored = await storeVersion(ctx.db, {
    projectId: campaign.projectId,
    name: data.datasetName ?? `${campaign.name} preferences`,
    dataset: prepared.dataset,
    source,
  });
  return { ...report, ...stored };
}

const toPreferenceLine = (e: Example) =>
  JSON.stringify({
    input: { messages: e.messages.slice(0, -1) },
    preferred_output: [e.messages[e.messages.length - 1]],
    non_preferred_output: [{ role: "assistant", content: e.rejected }],
  });
