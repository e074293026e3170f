import { and, count, desc, eq, inArray, type SQL } from "drizzle-orm";
import {
  experiments,
  reviewCampaignReviewers,
  reviewCampaigns,
  reviewSlots,
} from "@/drizzle/schema";
import { projectOf } from "@/server/ctx";
import { ListCampaignsInput } from "@/server/schemas/reviews";
import { reviewerProgress } from "./item-payload";
import { type ReviewCtx, userOf } from "./scope";

/**
 * Campaigns the caller can see, newest first: reviewers see only those assigned to them, and
 * nothing about the experiment (its name may name the models); members and admins see all.
 */
export async function listCampaigns({ ctx, input }: { ctx: ReviewCtx; input: ListCampaignsInput }) {
  const { experimentId } = ListCampaignsInput.parse(input);
  const userId = userOf(ctx);
  const isReviewer = ctx.role === "reviewer";
  const where: (SQL | undefined)[] = [
    eq(reviewCampaigns.projectId, projectOf(ctx)),
    experimentId ? eq(reviewCampaigns.experimentId, experimentId) : undefined,
  ];
  const assigned = await ctx.db
    .select({ campaignId: reviewCampaignReviewers.campaignId })
    .from(reviewCampaignReviewers)
    .where(eq(reviewCampaignReviewers.userId, userId));
  const assignedIds = new Set(assigned.map((a) => a.campaignId));
  if (isReviewer) {
    if (assignedIds.size === 0) return [];
    where.push(inArray(reviewCampaigns.id, [...assignedIds]));
  }
  const campaigns = await ctx.db
    .select({ c: reviewCampaigns, experimentName: experiments.name })
    .from(reviewCampaigns)
    .innerJoin(experiments, eq(experiments.id, reviewCampaigns.experimentId))
    .where(and(...where))
    .orderBy(desc(reviewCampaigns.createdAt));
  if (campaigns.length === 0) return [];
  const ids = campaigns.map(({ c }) => c.id);
  const totals = await ctx.db
    .select({
      campaignId: reviewSlots.campaignId,
      total: count(),
      done: count(reviewSlots.filledAt),
    })
    .from(reviewSlots)
    .where(inArray(reviewSlots.campaignId, ids))
    .groupBy(reviewSlots.campaignId);
  return Promise.all(
    campaigns.map(async ({ c, experimentName }) => {
      const t = totals.find((x) => x.campaignId === c.id);
      const assignedHere = assignedIds.has(c.id);
      return {
        id: c.id,
        name: c.name,
        mode: c.mode,
        status: c.status,
        createdAt: c.createdAt,
        ...(isReviewer ? {} : { experimentId: c.experimentId, experimentName }),
        assigned: assignedHere,
        progress: { done: t?.done ?? 0, total: t?.total ?? 0 },
        mine: assignedHere ? await reviewerProgress(ctx.db, c.id, userId) : null,
      };
    }),
  );
}
