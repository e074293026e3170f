import { and, eq } from "drizzle-orm";
import { PREFERENCE_EXCLUSIONS, type PreferenceExclusion } from "@/core/enums";
import { experiments, reviewItems, reviewVotes } from "@/drizzle/schema";
import { badRequest } from "@/server/errors";
import { CampaignPreferencesInput } from "@/server/schemas/reviews";
import {
  MIN_PREFERENCE_EXAMPLES,
  storePreferences,
} from "@/server/services/datasets/store-preferences";
import { itemVerdict } from "./preference-verdicts";
import { findCampaign, type ReviewCtx } from "./scope";

/**
 * Every pairwise item with a clear human verdict becomes a (prompt, chosen, rejected) example of
 * a new preference dataset version (storePreferences). The version records the campaign, the
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
  if (kept.length < MIN_PREFERENCE_EXAMPLES)
    throw badRequest(
      `${kept.length} of ${items.length} items have a clear verdict; a preference dataset needs at least ${MIN_PREFERENCE_EXAMPLES}.`,
      report,
    );

  const stored = await storePreferences(ctx.db, {
    projectId: campaign.projectId,
    experiment: experiment!,
    picks: kept.map((k) => {
      const [chosenRunId, rejectedRunId] =
        k.winner === "a" ? [k.item.runA, k.item.runB!] : [k.item.runB!, k.item.runA];
      return { sampleIdx: k.item.sampleIdx, chosenRunId, rejectedRunId };
    }),
    name: data.datasetName ?? `${campaign.name} preferences`,
    splitSeed: campaign.seed,
    source: {
      type: "review_campaign",
      campaignId: campaign.id,
      filter: { minAgreement },
      votes: kept.map((k) => ({ itemId: k.item.id, chosen: k.chosen, total: k.total })),
    },
    report,
  });
  return { ...report, ...stored };
}
