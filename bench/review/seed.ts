import {
  datasets,
  datasetVersions,
  evaluationSamples,
  evaluations,
  experiments,
  memberships,
  newId,
  runs,
  users,
} from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { ROW_STUBS } from "@/tests/helpers/rows";

/** An experiment with `runs` evaluated runs of `samples` outputs each, and `reviewers` reviewer
 *  accounts in the project. Outputs are a few hundred characters, like short model answers. */
export async function seedReview(
  db: Db,
  projectId: string,
  opts: { runs: number; samples: number; reviewers: number },
) {
  const [ds] = await db
    .insert(datasets)
    .values({ projectId, name: `bench-${newId().slice(0, 8)}` })
    .returning();
  const [version] = await db
    .insert(datasetVersions)
    .values({
      projectId,
      datasetId: ds!.id,
      contentHash: newId(),
      format: "chat",
      trainCount: 1,
      evalCount: opts.samples,
      split: ROW_STUBS.split,
      stats: ROW_STUBS.stats,
    })
    .returning();
  const [experiment] = await db
    .insert(experiments)
    .values({
      projectId,
      name: "review bench",
      baseModel: "bench/model",
      datasetVersionId: version!.id,
      backend: "local",
      evalSuite: {
        metrics: ["chrf"],
        primaryMetric: "chrf",
        split: "eval",
        generation: { maxNewTokens: 64, temperature: 0, topP: 1, stop: [] },
        accuracyMode: "squad",
      },
      grid: ROW_STUBS.grid,
      training: ROW_STUBS.training,
    })
    .returning();
  const runIds: string[] = [];
  for (let r = 0; r < opts.runs; r++) {
    const [run] = await db
      .insert(runs)
      .values({
        projectId,
        experimentId: experiment!.id,
        index: r + 1,
        name: `run-${r + 1}`,
        status: "evaluated",
        hyperparams: {},
        spec: { baseModel: "bench/model" },
      })
      .returning();
    runIds.push(run!.id);
    const [evaluation] = await db
      .insert(evaluations)
      .values({
        projectId,
        experimentId: experiment!.id,
        runId: run!.id,
        status: "completed",
        split: "eval",
        sampleCount: opts.samples,
        scores: { chrf: { score: 50 + r, ci: [40, 60], signature: "chrF2" } },
      })
      .returning();
    const rows = Array.from({ length: opts.samples }, (_, i) => ({
      evaluationId: evaluation!.id,
      idx: i,
      prompt: `Translate sentence ${i}: ${"lorem ipsum dolor sit amet ".repeat(4)}`,
      reference: `Reference ${i} ${"consectetur adipiscing ".repeat(3)}`,
      output: `Output of run ${r + 1} for ${i}: ${"sed do eiusmod tempor incididunt ".repeat(8)}`,
      scores: { chrf: (i * (r + 3)) % 100 },
      primaryScore: (i * (r + 3)) % 100,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await db.insert(evaluationSamples).values(rows.slice(i, i + 500));
  }
  const reviewerIds = Array.from({ length: opts.reviewers }, () => newId());
  await db
    .insert(users)
    .values(
      reviewerIds.map((id, i) => ({ id, name: `Reviewer ${i + 1}`, email: `${id}@bench.test` })),
    );
  await db
    .insert(memberships)
    .values(reviewerIds.map((userId) => ({ projectId, userId, role: "reviewer" as const })));
  return { experimentId: experiment!.id, runIds, reviewerIds };
}
