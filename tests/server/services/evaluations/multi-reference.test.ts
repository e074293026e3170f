import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { evaluationSamples, evaluations, runs } from "@/drizzle/schema";
import { corpusBleu, pairedPValue, sentenceBleu } from "@/evals";

// Generation answers with the outputs the test chose for the adapter ("baseline": none).
vi.mock("@/server/services/settings/project-backend", async (importOriginal) =>
  (await import("@/tests/helpers/fake-generate")).withScriptedOutputs(importOriginal),
);

const { landRun } = await import("@/tests/helpers/land-run");
const { createExperiment } = await import("@/server/services/experiments");
const { uploadDataset } = await import("@/server/services/datasets");
const { getLeaderboard, refreshLeaderboard } = await import("@/server/services/leaderboard");
const { createTestDb } = await import("@/tests/helpers/db");
const { makeProjectCtx } = await import("@/tests/helpers/domain");

// Three phrasings of each of 30 facts: the line trains on the first, `references` holds the others.
const FACTS = Array.from({ length: 30 }, (_, i) => ({
  prompt: `city ${i}`,
  says: [
    `City ${i} lies on the river and has ${i + 3} bridges.`,
    `With ${i + 3} bridges, city ${i} sits by the river.`,
    `The river city ${i} is crossed by ${i + 3} bridges.`,
  ],
}));
const line = (f: (typeof FACTS)[number], references?: string[]) =>
  JSON.stringify({
    messages: [
      { role: "user", content: f.prompt },
      { role: "assistant", content: f.says[0] },
    ],
    ...(references ? { references } : {}),
  });
const jsonl = (withReferences: boolean) =>
  FACTS.map((f) => line(f, withReferences ? f.says.slice(1) : undefined)).join("\n");

let t: Awaited<ReturnType<typeof createTestDb>>;
let ctx: Awaited<ReturnType<typeof makeProjectCtx>>;
beforeAll(async () => {
  t = await createTestDb();
  ctx = await makeProjectCtx(t.db, "multi-ref");
});
afterAll(() => t?.close());

async function land(run: { id: string; isBaseline: boolean }, outputs: string[]) {
  expect(await landRun(t.db, run, outputs)).toBe("evaluated");
  const [evaluation] = await t.db.select().from(evaluations).where(eq(evaluations.runId, run.id));
  return evaluation!;
}

describe("several references per sample", () => {
  it("stores a line's references with the version, and hashes them into its identity", async () => {
    const upload = (name: string, withReferences: boolean) =>
      uploadDataset({
        ctx,
        input: { name, trainJsonl: jsonl(withReferences), evalJsonl: jsonl(withReferences) },
      });
    const plain = await upload("plain", false);
    const multi = await upload("multi", true);
    expect(multi.versionId).not.toBe(plain.versionId);
    await expect(
      uploadDataset({
        ctx,
        input: {
          name: "bad",
          trainJsonl: jsonl(false),
          evalJsonl: line(FACTS[0]!, ["fine", " "]),
        },
      }),
    ).rejects.toMatchObject({
      details: {
        errors: [
          { file: "eval", line: 1, field: "references[1]", reason: "must be a non-empty string" },
        ],
      },
    });
  });

  it("scores BLEU, chrF and ROUGE-L against every reference, in the evaluation and its paired tests", async () => {
    const ds = await uploadDataset({
      ctx,
      input: { name: "bridges", trainJsonl: jsonl(true), evalJsonl: jsonl(true) },
    });
    const exp = await createExperiment({
      ctx,
      input: {
        name: "multi",
        baseModel: "tiny",
        datasetVersionId: ds.versionId,
        grid: { learningRate: [1e-4], loraRank: [4], epochs: [1] },
        evalSuite: { metrics: ["bleu", "chrf", "rougeL"], primaryMetric: "bleu" },
      },
    });
    const [baseline, run] = await t.db
      .select()
      .from(runs)
      .where(eq(runs.experimentId, exp.id))
      .orderBy(runs.index);
    // The run says every fact in its third phrasing, word for word; the baseline garbles half.
    const runOut = FACTS.map((f) => f.says[2]!);
    const baseOut = FACTS.map((f, i) => (i % 2 ? f.says[1]! : `The city ${i} has bridges.`));
    const runEval = await land(run!, runOut);
    const baseEval = await land(baseline!, baseOut);

    for (const m of ["bleu", "chrf", "rougeL"])
      expect(runEval.scores[m]!.score, m).toBeCloseTo(100, 9);
    const streams = [0, 1, 2].map((k) => FACTS.map((f) => f.says[k]!));
    expect(baseEval.scores.bleu!.score).toBe(corpusBleu(baseOut, streams).score);
    const samples = await t.db
      .select()
      .from(evaluationSamples)
      .where(eq(evaluationSamples.evaluationId, baseEval.id))
      .orderBy(asc(evaluationSamples.idx));
    expect(samples[1]!.extraReferences).toEqual(FACTS[1]!.says.slice(1));
    expect(samples.map((s) => s.scores.bleu)).toEqual(
      baseOut.map((o, i) => sentenceBleu(o, FACTS[i]!.says).score),
    );

    await refreshLeaderboard(t.db, exp.id);
    const board = await getLeaderboard({ ctx, input: { experimentId: exp.id } });
    const row = board.rows.find((r) => r.runId === run!.id)!;
    const scores = (outputs: string[], e: typeof samples) => ({
      outputs,
      sampleScores: e.map((s) => s.primaryScore ?? 0),
    });
    const runSamples = await t.db
      .select()
      .from(evaluationSamples)
      .where(eq(evaluationSamples.evaluationId, runEval.id))
      .orderBy(asc(evaluationSamples.idx));
    expect(row.pValueVsBaseline).toBe(
      pairedPValue("bleu", scores(baseOut, samples), scores(runOut, runSamples), streams),
    );
  });
});
