import { asc, eq, getTableColumns } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { reviewItems, reviewSlots, reviewVotes, runs, users } from "@/drizzle/schema";
import { badRequest } from "@/server/errors";
import { spreadsheetRow } from "@/server/services/export/csv";
import { findCampaign, type ReviewCtx } from "./scope";

const COLUMNS = [
  "campaign_id",
  "campaign_name",
  "mode",
  "item_id",
  "item_position",
  "sample_idx",
  "run_a_id",
  "run_a_name",
  "run_b_id",
  "run_b_name",
  "reviewer_id",
  "reviewer_email",
  "version",
  "is_current",
  "created_at",
  "choice",
  "swapped",
  "shown_as_a",
  "outcome",
  "winner_run_id",
  "reason",
  "scores",
  "pass",
  "comment",
] as const;
type ExportRow = Record<(typeof COLUMNS)[number], string | number | boolean | null>;

/** Every version of every vote of a campaign (members only: it names the runs), as CSV or JSON. */
export async function exportVotes({
  ctx,
  input,
}: {
  ctx: ReviewCtx;
  input: { campaignId: string; format: string };
}) {
  if (input.format !== "csv" && input.format !== "json")
    throw badRequest(`format must be csv or json, got ${JSON.stringify(input.format)}`);
  const campaign = await findCampaign(ctx, input.campaignId);
  const runA = alias(runs, "run_a"),
    runB = alias(runs, "run_b");
  const rows = await ctx.db
    .select({
      ...getTableColumns(reviewVotes),
      position: reviewItems.position,
      sampleIdx: reviewItems.sampleIdx,
      runA: reviewItems.runA,
      runB: reviewItems.runB,
      runAName: runA.name,
      runBName: runB.name,
      email: users.email,
    })
    .from(reviewVotes)
    .innerJoin(reviewItems, eq(reviewItems.id, reviewVotes.itemId))
    .innerJoin(reviewSlots, eq(reviewSlots.id, reviewVotes.slotId))
    .innerJoin(runA, eq(runA.id, reviewItems.runA))
    .leftJoin(runB, eq(runB.id, reviewItems.runB))
    .leftJoin(users, eq(users.id, reviewVotes.reviewerId))
    .where(eq(reviewVotes.campaignId, campaign.id))
    .orderBy(asc(reviewItems.position), asc(reviewVotes.slotId), asc(reviewVotes.version));
  const out: ExportRow[] = rows.map((vote) => {
    const item = {
      id: vote.itemId,
      position: vote.position,
      sampleIdx: vote.sampleIdx,
      runA: vote.runA,
      runB: vote.runB,
    };
    const leftIsB = vote.swapped === true;
    const winner = vote.outcome === "a" ? item.runA : vote.outcome === "b" ? item.runB : null;
    return {
      campaign_id: campaign.id,
      campaign_name: campaign.name,
      mode: campaign.mode,
      item_id: item.id,
      item_position: item.position,
      sample_idx: item.sampleIdx,
      run_a_id: item.runA,
      run_a_name: vote.runAName,
      run_b_id: item.runB,
      run_b_name: vote.runBName,
      reviewer_id: vote.reviewerId,
      reviewer_email: vote.email,
      version: vote.version,
      is_current: vote.isCurrent,
      created_at: vote.createdAt.toISOString(),
      choice: vote.choice,
      swapped: vote.swapped,
      shown_as_a: item.runB ? (leftIsB ? item.runB : item.runA) : null,
      outcome: vote.outcome,
      winner_run_id: winner,
      reason: vote.reason,
      scores: vote.scores === null ? null : JSON.stringify(vote.scores),
      pass: vote.pass,
      comment: vote.comment,
    };
  });
  const base = `review-${campaign.name.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 60) || "campaign"}-votes`;
  if (input.format === "json") {
    return {
      filename: `${base}.json`,
      contentType: "application/json",
      body: JSON.stringify(
        {
          campaign: {
            id: campaign.id,
            name: campaign.name,
            mode: campaign.mode,
            experimentId: campaign.experimentId,
          },
          votes: out,
        },
        null,
        2,
      ),
    };
  }
  return {
    filename: `${base}.csv`,
    contentType: "text/csv; charset=utf-8",
    body: [COLUMNS, ...out.map((r) => COLUMNS.map((c) => r[c]))].map(spreadsheetRow).join(""),
  };
}
