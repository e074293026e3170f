import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { evaluationSamples, evaluations, reviewItems, reviewVotes } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import type { ReviewItem } from "@/server/schemas/reviews";
import type { SlotRef } from "./claim-slot";
import type { Campaign } from "./scope";

/**
 * The reviewer's view of a slot. Built field by field from an allow-list: run ids, run names,
 * the item id and the slot id never enter it; the only handle is the random token.
 */
export async function itemPayload(
  db: Db,
  campaign: Campaign,
  reviewerId: string,
  slot: SlotRef,
): Promise<ReviewItem> {
  const [item] = await db
    .select({ runA: reviewItems.runA, runB: reviewItems.runB, sampleIdx: reviewItems.sampleIdx })
    .from(reviewItems)
    .where(eq(reviewItems.id, slot.itemId));
  const [samples, progress, previous] = await Promise.all([
    // The sample index as a literal, so both columns of the (evaluation, idx) key are index conditions.
    db
      .select({
        runId: evaluations.runId,
        prompt: evaluationSamples.prompt,
        reference: evaluationSamples.reference,
        output: evaluationSamples.output,
      })
      .from(evaluations)
      .innerJoin(
        evaluationSamples,
        and(
          eq(evaluationSamples.evaluationId, evaluations.id),
          eq(evaluationSamples.idx, item!.sampleIdx),
        ),
      )
      .where(inArray(evaluations.runId, item!.runB ? [item!.runA, item!.runB] : [item!.runA])),
    reviewerProgress(db, campaign.id, reviewerId),
    slot.filled
      ? db
          .select()
          .from(reviewVotes)
          .where(and(eq(reviewVotes.slotId, slot.id), eq(reviewVotes.isCurrent, true)))
          .orderBy(desc(reviewVotes.version))
          .limit(1)
      : Promise.resolve([]),
  ]);
  const textOf = (runId: string) => samples.find((s) => s.runId === runId)?.output ?? "";
  const shown = item!.runB
    ? slot.swapped
      ? [item!.runB, item!.runA]
      : [item!.runA, item!.runB]
    : [item!.runA];
  const outputs = shown.map((runId, i) => ({
    side: item!.runB ? (i === 0 ? ("A" as const) : ("B" as const)) : null,
    text: textOf(runId),
  }));
  const vote = previous[0];
  const position = slot.filled
    ? await positionOf(db, campaign.id, reviewerId, slot.id)
    : progress.done + 1;
  return {
    slot: slot.token,
    campaignId: campaign.id,
    mode: campaign.mode,
    position,
    total: progress.total,
    prompt: samples[0]?.prompt ?? "",
    reference: samples[0]?.reference ?? null,
    outputs,
    ...(vote
      ? {
          previous: {
            version: vote.version,
            ...(vote.choice
              ? {
                  pairwise: {
                    choice: vote.choice,
                    ...(vote.reason ? { reason: vote.reason } : {}),
                  },
                }
              : {}),
            ...(vote.scores || vote.pass !== null
              ? {
                  rubric: {
                    scores: vote.scores ?? {},
                    ...(vote.pass !== null ? { pass: vote.pass } : {}),
                    ...(vote.comment ? { comment: vote.comment } : {}),
                  },
                }
              : {}),
          },
        }
      : {}),
    expiresAt: slot.expiresAt,
    guidelines: campaign.settings.guidelines,
    rubric: campaign.settings.rubric,
  };
}

/** done: items this reviewer has judged; total: done plus the items still open to them. */
export async function reviewerProgress(
  db: Db,
  campaignId: string,
  reviewerId: string,
): Promise<{ done: number; total: number }> {
  // Items open to me = items with an unfilled slot, less those among them I judged or skipped.
  // Counted that way round, the campaign-wide term is one pass over the open-slot index (each
  // open item has one position) and the per-reviewer terms walk only my own slots and skips.
  const { rows } = await db.execute<{
    done: number;
    open: number;
    mine: number;
    skipped: number;
  }>(sql`
    SELECT
      (SELECT count(*)::int FROM review_slots WHERE campaign_id = ${campaignId} AND reviewer_id = ${reviewerId} AND filled_at IS NOT NULL) AS done,
      (SELECT count(DISTINCT position)::int FROM review_slots WHERE campaign_id = ${campaignId} AND filled_at IS NULL) AS open,
      (SELECT count(*)::int FROM review_slots m
        WHERE m.campaign_id = ${campaignId} AND m.reviewer_id = ${reviewerId} AND m.filled_at IS NOT NULL
          AND EXISTS (SELECT 1 FROM review_slots o WHERE o.item_id = m.item_id AND o.filled_at IS NULL)) AS mine,
      (SELECT count(*)::int FROM review_skips k
        WHERE k.reviewer_id = ${reviewerId} AND k.campaign_id = ${campaignId}
          AND EXISTS (SELECT 1 FROM review_slots o WHERE o.item_id = k.item_id AND o.filled_at IS NULL)) AS skipped`);
  const r = rows[0]!;
  const done = Number(r.done);
  return { done, total: done + Number(r.open) - Number(r.mine) - Number(r.skipped) };
}

/** A reopened item's place in the reviewer's history (1-based, by time of first vote). */
async function positionOf(
  db: Db,
  campaignId: string,
  reviewerId: string,
  slotId: string,
): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM review_slots
    WHERE campaign_id = ${campaignId} AND reviewer_id = ${reviewerId} AND filled_at <= (SELECT filled_at FROM review_slots WHERE id = ${slotId})`);
  return Number(rows[0]!.n);
}
