import { and, eq, sql } from "drizzle-orm";
import type { ReviewChoice, ReviewOutcome } from "@/core/enums";
import { reviewCampaigns, reviewItems, reviewSlots, reviewVotes } from "@/drizzle/schema";
import { withTransaction } from "@/server/db";
import { badRequest, conflict } from "@/server/errors";
import { type NextItemResult, type RubricVote, VoteInput } from "@/server/schemas/reviews";
import {
  leaderboardChanged,
  VOTE_REFRESH_DELAY_MS,
} from "@/server/services/leaderboard/board-state";
import { findOwnSlot } from "./find-slot";
import { nextFor } from "./next-item";
import { assertOpen, type Campaign, type ReviewCtx } from "./scope";

/**
 * Records a vote on the caller's reserved (or reopened) slot as a new version, and returns the
 * caller's next item. The slot row is locked and re-checked inside the transaction, so a
 * reservation that expired and was reclaimed meanwhile is refused, never overwritten; so is a
 * vote on a campaign closed meanwhile.
 */
export async function voteItem({
  ctx,
  input: raw,
}: {
  ctx: ReviewCtx;
  input: VoteInput;
}): Promise<NextItemResult> {
  const input = VoteInput.parse(raw);
  const { slot, campaign } = await findOwnSlot(ctx, input.slot);
  const fields = voteFields(campaign, input);
  await withTransaction(ctx.db, async (tx) => {
    const [current] = await tx
      .select({ status: reviewCampaigns.status })
      .from(reviewCampaigns)
      .where(eq(reviewCampaigns.id, campaign.id))
      .for("share");
    assertOpen(current!);
    const [row] = await tx
      .select({ slot: reviewSlots, runB: reviewItems.runB })
      .from(reviewSlots)
      .innerJoin(reviewItems, eq(reviewItems.id, reviewSlots.itemId))
      .where(
        and(
          eq(reviewSlots.id, slot.id),
          eq(reviewSlots.token, input.slot),
          eq(reviewSlots.reviewerId, slot.reviewerId!),
        ),
      )
      .for("update", { of: reviewSlots });
    if (!row) throw conflict("This reservation was given to another reviewer; take the next item.");
    const locked = row.slot;
    if (!locked.expiresAt || locked.expiresAt.getTime() <= Date.now())
      throw conflict(
        "This reservation expired; take the next item (it is yours again if nobody took it).",
      );
    let outcome: ReviewOutcome | null = null;
    if (fields.choice) {
      if (!row.runB) throw badRequest("This item has one output; vote with a rubric.");
      outcome = toOutcome(fields.choice, locked.swapped);
    }
    // The current version, if any, is the highest: every vote is inserted current.
    const [last] = await tx
      .update(reviewVotes)
      .set({ isCurrent: false })
      .where(and(eq(reviewVotes.slotId, locked.id), eq(reviewVotes.isCurrent, true)))
      .returning({ version: reviewVotes.version });
    await tx.insert(reviewVotes).values({
      campaignId: campaign.id,
      itemId: locked.itemId,
      slotId: locked.id,
      reviewerId: locked.reviewerId!,
      version: (last?.version ?? 0) + 1,
      swapped: fields.choice ? locked.swapped : null,
      outcome,
      ...fields,
    });
    await tx
      .update(reviewSlots)
      .set({
        filledAt: sql`coalesce(${reviewSlots.filledAt}, now())`,
        token: null,
        expiresAt: null,
        reopened: false,
      })
      .where(eq(reviewSlots.id, locked.id));
    await leaderboardChanged(tx, campaign.experimentId, { delayMs: VOTE_REFRESH_DELAY_MS });
  });
  // Voting on a fresh reservation leaves the caller holding none (a reopened one may hide one).
  return nextFor(ctx, campaign, { holdsNone: !slot.filledAt });
}

/** The displayed choice back to the item's runs: with sides swapped, "A" on screen is runB. */
export function toOutcome(choice: ReviewChoice, swapped: boolean): ReviewOutcome {
  if (choice === "A") return swapped ? "b" : "a";
  if (choice === "B") return swapped ? "a" : "b";
  return choice;
}

function voteFields(campaign: Campaign, input: VoteInput) {
  if (campaign.mode === "pairwise") {
    if (!input.pairwise)
      throw badRequest("This is a pairwise campaign: send pairwise: { choice }.");
    return {
      choice: input.pairwise.choice,
      reason: input.pairwise.reason?.trim() || null,
      scores: null,
      pass: null,
      comment: null,
    };
  }
  if (!input.rubric) throw badRequest("This is a rubric campaign: send rubric: { scores }.");
  return { choice: null, reason: null, ...checkRubric(campaign, input.rubric) };
}

function checkRubric(campaign: Campaign, vote: RubricVote) {
  const rubric = campaign.settings.rubric!;
  const keys = rubric.criteria.map((c) => c.key);
  for (const key of Object.keys(vote.scores))
    if (!keys.includes(key))
      throw badRequest(
        `rubric.scores.${key}: no such criterion; the criteria are ${keys.join(", ") || "none"}.`,
      );
  for (const key of keys)
    if (vote.scores[key] === undefined)
      throw badRequest(`rubric.scores.${key}: score every criterion (1 to 5).`);
  if (rubric.passFail && vote.pass === undefined)
    throw badRequest("rubric.pass: this rubric asks for pass or fail.");
  if (!rubric.passFail && vote.pass !== undefined)
    throw badRequest("rubric.pass: this rubric has no pass/fail.");
  if (!rubric.comment && vote.comment)
    throw badRequest("rubric.comment: this rubric takes no comment.");
  return { scores: vote.scores, pass: vote.pass ?? null, comment: vote.comment?.trim() || null };
}
