import type { ReviewOutcome } from "@/core/enums";
import type { Ctx } from "@/server/ctx";
import type { Db } from "@/server/db";
import { createCaller } from "@/server/root";
import { createTestCtx } from "@/tests/helpers/ctx";
import { seedEvalQuestions, seedExperiment } from "./fixtures";

/**
 * A pairwise campaign over two seeded runs ("run-a" answers sample i with "a i", "run-b" with
 * "b i"), reviewed by one reviewer per column of `plan`: `plan[i][r]` is what reviewer r says about
 * sample i, relative to the runs ("a" = run-a's output). Votes go through the review queue, whose
 * sides are shuffled per reviewer. The prompts are the experiment's eval examples ("question i").
 */
export async function seedVotedCampaign(
  db: Db,
  owner: Ctx,
  plan: ReviewOutcome[][],
): Promise<{ campaignId: string; experimentId: string }> {
  const reviewers = await Promise.all(
    plan[0]!.map(() => createTestCtx(db, { role: "reviewer", projectId: owner.projectId! })),
  );
  const scores = plan.map(() => 50);
  const seeded = await seedExperiment(db, owner.projectId!, [
    { name: "run-a", scores, outputs: scores.map((_, i) => `a ${i}`) },
    { name: "run-b", scores, outputs: scores.map((_, i) => `b ${i}`) },
  ]);
  await seedEvalQuestions(db, seeded.experimentId, plan.length);
  const { id: campaignId } = await createCaller(owner).reviews.create({
    experimentId: seeded.experimentId,
    name: "dates",
    mode: "pairwise",
    runIds: seeded.runIds,
    sampleSize: plan.length,
    sampling: { kind: "random", seed: 5 },
    reviewersPerItem: reviewers.length,
    guidelines: "",
    reviewerIds: reviewers.map((r) => r.user!.id),
  });
  for (const [r, ctx] of reviewers.entries()) {
    const api = createCaller(ctx).reviews;
    for (let item = await api.next({ campaignId }); item; item = await api.next({ campaignId })) {
      // The texts say which run and sample each side is.
      const [shownA] = item.outputs.map((o) => o.text);
      const sample = Number(shownA!.split(" ")[1]);
      const want = plan[sample]![r]!;
      const choice =
        want === "tie" || want === "both_bad"
          ? want
          : shownA!.startsWith(`${want} `)
            ? ("A" as const)
            : ("B" as const);
      await api.vote({ slot: item.slot, pairwise: { choice } });
    }
  }
  return { campaignId, experimentId: seeded.experimentId };
}
