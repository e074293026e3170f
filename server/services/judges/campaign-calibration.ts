import { and, eq } from "drizzle-orm";
import { experiments, judgeVersions, reviewCampaigns } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { notFound } from "@/server/errors";
import type { CampaignCalibrationInput, CampaignCalibrationOut } from "@/server/schemas/judges";
import { judgeCalibration } from "./judge-calibration";
import { judgedPairs } from "./judge-pairs";

/** Each pairwise judge of a review campaign's experiment against the campaign's people: the
 *  calibration card of the review results page (judges without shared items are left out). */
export async function campaignCalibration({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: CampaignCalibrationInput;
}): Promise<CampaignCalibrationOut> {
  const [row] = await ctx.db
    .select({ campaign: reviewCampaigns, suite: experiments.evalSuite })
    .from(reviewCampaigns)
    .innerJoin(experiments, eq(experiments.id, reviewCampaigns.experimentId))
    .where(
      and(eq(reviewCampaigns.id, input.campaignId), eq(reviewCampaigns.projectId, projectOf(ctx))),
    );
  if (!row) throw notFound("Review campaign");
  const out: CampaignCalibrationOut = [];
  for (const entry of row.suite.judges ?? []) {
    if (entry.mode !== "pairwise" || !entry.version) continue;
    const [version] = await ctx.db
      .select({ id: judgeVersions.id })
      .from(judgeVersions)
      .where(
        and(eq(judgeVersions.judgeId, entry.judgeId), eq(judgeVersions.version, entry.version)),
      );
    if (!version) continue;
    const pairs = await judgedPairs(ctx.db, row.campaign.experimentId, version.id);
    const calibration = await judgeCalibration(ctx.db, row.campaign.id, pairs);
    if (calibration)
      out.push({
        judgeId: entry.judgeId,
        name: entry.name ?? entry.judgeId,
        version: entry.version,
        calibration,
      });
  }
  return out;
}
