import { and, asc, count, eq, isNotNull } from "drizzle-orm";
import {
  reviewCampaignReviewers,
  reviewCampaignRuns,
  reviewItems,
  reviewSlots,
  runs,
  users,
} from "@/drizzle/schema";
import type { CampaignIdInput } from "@/server/schemas/reviews";
import { findCampaign, type ReviewCtx } from "./scope";

/** The owner's view of a campaign: settings, runs by name, reviewers with their progress. */
export async function getCampaign({ ctx, input }: { ctx: ReviewCtx; input: CampaignIdInput }) {
  const campaign = await findCampaign(ctx, input.campaignId);
  const [campaignRuns, reviewers, [items], [slots], votedBy] = await Promise.all([
    ctx.db
      .select({
        id: runs.id,
        name: runs.name,
        isBaseline: runs.isBaseline,
        position: reviewCampaignRuns.position,
      })
      .from(reviewCampaignRuns)
      .innerJoin(runs, eq(runs.id, reviewCampaignRuns.runId))
      .where(eq(reviewCampaignRuns.campaignId, campaign.id))
      .orderBy(asc(reviewCampaignRuns.position)),
    ctx.db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        addedAt: reviewCampaignReviewers.addedAt,
      })
      .from(reviewCampaignReviewers)
      .innerJoin(users, eq(users.id, reviewCampaignReviewers.userId))
      .where(eq(reviewCampaignReviewers.campaignId, campaign.id))
      .orderBy(asc(users.name)),
    ctx.db.select({ n: count() }).from(reviewItems).where(eq(reviewItems.campaignId, campaign.id)),
    ctx.db
      .select({ total: count(), done: count(reviewSlots.filledAt) })
      .from(reviewSlots)
      .where(eq(reviewSlots.campaignId, campaign.id)),
    ctx.db
      .select({ reviewerId: reviewSlots.reviewerId, done: count() })
      .from(reviewSlots)
      .where(and(eq(reviewSlots.campaignId, campaign.id), isNotNull(reviewSlots.filledAt)))
      .groupBy(reviewSlots.reviewerId),
  ]);
  const itemCount = items?.n ?? 0;
  return {
    id: campaign.id,
    experimentId: campaign.experimentId,
    name: campaign.name,
    mode: campaign.mode,
    status: campaign.status,
    createdAt: campaign.createdAt,
    closedAt: campaign.closedAt,
    /** The owner (who created it) and admins may close it. */
    canClose:
      campaign.status === "active" &&
      (ctx.role === "admin" || (!!ctx.user && campaign.createdBy === ctx.user.id)),
    seed: campaign.seed,
    reviewersPerItem: campaign.reviewersPerItem,
    reservationSeconds: campaign.reservationSeconds,
    settings: campaign.settings,
    runs: campaignRuns.map(({ id, name, isBaseline }) => ({ id, name, isBaseline })),
    items: itemCount,
    progress: { done: slots?.done ?? 0, total: slots?.total ?? 0 },
    // A reviewer judges each item at most once, so their ceiling is the number of items.
    reviewers: reviewers.map((r) => ({
      ...r,
      progress: { done: votedBy.find((v) => v.reviewerId === r.id)?.done ?? 0, total: itemCount },
    })),
  };
}
