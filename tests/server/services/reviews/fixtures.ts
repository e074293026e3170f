import { eq } from "drizzle-orm";
import {
  datasetExamples,
  datasets,
  datasetVersions,
  evaluationSamples,
  evaluations,
  experiments,
  runs,
} from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { ROW_STUBS } from "@/tests/helpers/rows";

export type SeedRun = {
  name: string;
  isBaseline?: boolean;
  scores: number[];
  outputs?: string[];
  evaluated?: boolean;
};
export type Seeded = { experimentId: string; runIds: string[] };

/** An experiment with runs and completed evaluations written straight into the database (no
 *  training): per sample a prompt, a reference of growing length, an output and a primary score. */
export async function seedExperiment(
  db: Db,
  projectId: string,
  runsIn: SeedRun[],
  opts: { name?: string; baseModel?: string } = {},
): Promise<Seeded> {
  const [ds] = await db
    .insert(datasets)
    .values({ projectId, name: `dates-${Math.random().toString(36).slice(2)}` })
    .returning();
  const [version] = await db
    .insert(datasetVersions)
    .values({
      projectId,
      datasetId: ds!.id,
      contentHash: `h-${ds!.id}`,
      format: "prompt_completion",
      trainCount: 1,
      evalCount: 1,
      split: ROW_STUBS.split,
      stats: ROW_STUBS.stats,
    })
    .returning();
  const [experiment] = await db
    .insert(experiments)
    .values({
      projectId,
      name: opts.name ?? "exp",
      baseModel: opts.baseModel ?? "org/secret-base-model",
      datasetVersionId: version!.id,
      backend: "local",
      evalSuite: {
        metrics: ["accuracy"],
        primaryMetric: "accuracy",
        split: "eval",
        generation: { maxNewTokens: 8, temperature: 0, topP: 1, stop: [] },
        accuracyMode: "squad",
      },
      grid: { learningRate: [1e-4], loraRank: [4], epochs: [1] },
      training: ROW_STUBS.training,
    })
    .returning();
  const runIds: string[] = [];
  for (const [r, spec] of runsIn.entries()) {
    const hyperparams = { learningRate: 1e-4, loraRank: 4, epochs: 1 };
    const [run] = await db
      .insert(runs)
      .values({
        projectId,
        experimentId: experiment!.id,
        index: spec.isBaseline ? 0 : r + 1,
        isBaseline: spec.isBaseline ?? false,
        name: spec.name,
        status: spec.evaluated === false ? "succeeded" : "evaluated",
        hyperparams,
        spec: { baseModel: experiment!.baseModel! },
      })
      .returning();
    runIds.push(run!.id);
    if (spec.evaluated === false) continue;
    const mean = spec.scores.reduce((a, b) => a + b, 0) / Math.max(1, spec.scores.length);
    const [evaluation] = await db
      .insert(evaluations)
      .values({
        projectId,
        experimentId: experiment!.id,
        runId: run!.id,
        status: "completed",
        split: "eval",
        sampleCount: spec.scores.length,
        scores: { accuracy: { score: mean, ci: [mean, mean], signature: "acc" } },
        finishedAt: new Date(),
      })
      .returning();
    if (spec.scores.length) {
      await db.insert(evaluationSamples).values(
        spec.scores.map((score, i) => ({
          evaluationId: evaluation!.id,
          idx: i,
          prompt: `prompt ${i}`,
          reference: "r".repeat(1 + i),
          output: spec.outputs?.[i] ?? `output ${i} of run ${r}`,
          scores: { accuracy: score },
          primaryScore: score,
        })),
      );
    }
  }
  return { experimentId: experiment!.id, runIds };
}

/** `n` eval examples in the experiment's dataset version, "question i" answered "reference i":
 *  the prompts reviewers and judges are shown. */
export async function seedEvalQuestions(db: Db, experimentId: string, n: number) {
  const [exp] = await db.select().from(experiments).where(eq(experiments.id, experimentId));
  await db.insert(datasetExamples).values(
    Array.from({ length: n }, (_, i) => ({
      versionId: exp!.datasetVersionId!,
      split: "eval" as const,
      idx: i,
      sourceLine: i + 1,
      messages: [
        { role: "user" as const, content: `question ${i}` },
        { role: "assistant" as const, content: `reference ${i}` },
      ],
      reference: `reference ${i}`,
    })),
  );
}

export const RUBRIC = {
  criteria: [
    {
      key: "fluency",
      label: "Fluency",
      labels: ["awful", "poor", "ok", "good", "great"] as [string, string, string, string, string],
    },
    {
      key: "accuracy",
      label: "Accuracy",
      labels: ["wrong", "mostly wrong", "partly", "mostly right", "right"] as [
        string,
        string,
        string,
        string,
        string,
      ],
    },
  ],
  passFail: true,
  comment: true,
};
