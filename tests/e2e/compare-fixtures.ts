import { mkdirSync } from "node:fs";
import path from "node:path";
import { evaluationSamples, evaluations, experiments, runs } from "@/drizzle/schema";
import { openDb } from "@/server/db";
import { uploadDataset } from "@/server/services/datasets/upload-dataset";
import { ensureDefaultProject } from "@/server/services/projects";
import { insertPoints } from "@/tests/helpers/metrics";
import { ROW_STUBS } from "@/tests/helpers/rows";

/**
 * Two evaluated runs with per-sample outputs, written into a server's data folder before it
 * starts (PGlite: one process per folder). Every sample's scores are set by hand, so the test
 * knows the right answers without asking our own code: which samples regress, by how much, and
 * which ones each filter must return.
 */

export const SAMPLES = 60;
export const CURVE_STEPS = 40;
export const RUN_A = "alpha-lr1e-4";
export const RUN_B = "bravo-lr3e-4";

const prompt = (i: number) =>
  `Item ${i}: write the date 2001-02-${String((i % 28) + 1).padStart(2, "0")} in words.`;
const reference = (i: number) => `the ${i + 1}th of February`;

/** B regresses on these (A right, B partly wrong); Δ = B − A on chrF. */
export const REGRESSIONS = [
  { idx: 7, b: 10 },
  { idx: 23, b: 40 },
  { idx: 41, b: 70 },
] as const;
/** B improves on these (A partly wrong, B right). */
export const IMPROVEMENTS = [
  { idx: 3, a: 50 },
  { idx: 15, a: 80 },
] as const;
/** Both runs wrong on these. */
export const BOTH_WRONG = [50, 51] as const;
/** An output carrying markup that must be shown as text, never run. */
export const HOSTILE_IDX = 23;
export const HOSTILE = `<img src=x onerror="window.__xss=1">`;

export function sampleOf(i: number): { a: string; b: string; scoreA: number; scoreB: number } {
  const ref = reference(i);
  const reg = REGRESSIONS.find((r) => r.idx === i);
  const imp = IMPROVEMENTS.find((r) => r.idx === i);
  if (reg)
    return {
      a: `It is ${ref}.`,
      b: i === HOSTILE_IDX ? `It is ${HOSTILE} maybe.` : `It is perhaps the second of March.`,
      scoreA: 100,
      scoreB: reg.b,
    };
  if (imp) return { a: `It is roughly February.`, b: `It is ${ref}.`, scoreA: imp.a, scoreB: 100 };
  if ((BOTH_WRONG as readonly number[]).includes(i))
    return { a: "No idea.", b: "Cannot say.", scoreA: 0, scoreB: 0 };
  return { a: `It is ${ref}.`, b: `It is ${ref}.`, scoreA: 100, scoreB: 100 };
}

export type SeededCompare = { experimentId: string; runA: string; runB: string };

export async function seedCompareExperiment(pgliteDir: string): Promise<SeededCompare> {
  mkdirSync(path.dirname(pgliteDir), { recursive: true });
  const { db, close } = await openDb({ dataDir: pgliteDir });
  try {
    const project = await ensureDefaultProject(db);
    const ctx = { db, projectId: project.id, user: null };
    const jsonl = (n: number) =>
      `${Array.from({ length: n }, (_, i) =>
        JSON.stringify({
          messages: [
            { role: "user", content: prompt(i) },
            { role: "assistant", content: reference(i) },
          ],
        }),
      ).join("\n")}\n`;
    const ds = await uploadDataset({
      ctx,
      input: { name: "dates-in-words", trainJsonl: jsonl(20), evalJsonl: jsonl(SAMPLES) },
    });
    const [experiment] = await db
      .insert(experiments)
      .values({
        projectId: project.id,
        name: "Compare journey",
        baseModel: "tiny/base",
        datasetVersionId: ds.versionId,
        backend: "local",
        evalSuite: {
          metrics: ["accuracy", "chrf"],
          primaryMetric: "chrf",
          split: "eval",
          generation: { maxNewTokens: 32, temperature: 0, topP: 1, stop: [] },
          accuracyMode: "squad",
        },
        grid: { learningRate: [1e-4, 3e-4], loraRank: [8], epochs: [1] },
        training: ROW_STUBS.training,
      })
      .returning();
    const ids: string[] = [];
    for (const [r, name] of [RUN_A, RUN_B].entries()) {
      const hyperparams = { learningRate: r === 0 ? 1e-4 : 3e-4, loraRank: 8, epochs: 1 };
      const chrf = Array.from({ length: SAMPLES }, (_, i) =>
        r === 0 ? sampleOf(i).scoreA : sampleOf(i).scoreB,
      );
      const mean = chrf.reduce((x, y) => x + y, 0) / SAMPLES;
      const acc = (chrf.filter((s) => s === 100).length / SAMPLES) * 100;
      const [run] = await db
        .insert(runs)
        .values({
          projectId: project.id,
          experimentId: experiment!.id,
          index: r + 1,
          name,
          status: "evaluated",
          hyperparams,
          spec: { baseModel: "tiny/base" },
          finishedAt: new Date(),
          summary: { chrf: mean, accuracy: acc },
          cost: {
            usd: r === 0 ? 0.42 : 1.37,
            parts: { training: r === 0 ? 0.3 : 1.2, evaluation: 0.12, judge: null },
          },
        })
        .returning();
      ids.push(run!.id);
      // A short training curve per run, for the curves card.
      await insertPoints(
        db,
        run!.id,
        Array.from({ length: CURVE_STEPS }, (_, s) => ({
          name: "train/loss",
          step: s + 1,
          value: (r + 2) / Math.sqrt(s + 1),
          time: Date.now() - (CURVE_STEPS - s) * 1000,
        })),
      );
      const [evaluation] = await db
        .insert(evaluations)
        .values({
          projectId: project.id,
          experimentId: experiment!.id,
          runId: run!.id,
          status: "completed",
          split: "eval",
          sampleCount: SAMPLES,
          scores: {
            chrf: { score: mean, ci: [mean - 3, mean + 3], signature: "chrF2" },
            accuracy: { score: acc, ci: [acc - 5, acc + 5], signature: "accuracy" },
          },
          finishedAt: new Date(),
        })
        .returning();
      await db.insert(evaluationSamples).values(
        Array.from({ length: SAMPLES }, (_, i) => {
          const s = sampleOf(i);
          return {
            evaluationId: evaluation!.id,
            idx: i,
            prompt: prompt(i),
            reference: reference(i),
            output: r === 0 ? s.a : s.b,
            scores: { chrf: chrf[i]!, accuracy: chrf[i] === 100 ? 100 : 0 },
            primaryScore: chrf[i]!,
          };
        }),
      );
    }
    return { experimentId: experiment!.id, runA: ids[0]!, runB: ids[1]! };
  } finally {
    await close();
  }
}

/** A third run still training (status running) with CURVE_STEPS train/loss points, added after
 *  seedCompareExperiment closed the folder; its curve is live on the experiment page. */
export async function seedLiveRun(
  pgliteDir: string,
  experimentId: string,
): Promise<{ id: string; name: string }> {
  const { db, close } = await openDb({ dataDir: pgliteDir });
  try {
    const [exp] = await db.select().from(experiments);
    const hyperparams = { learningRate: 5e-4, loraRank: 8, epochs: 1 };
    const name = "charlie-live";
    const [run] = await db
      .insert(runs)
      .values({
        projectId: exp!.projectId,
        experimentId,
        index: 3,
        name,
        status: "running",
        hyperparams,
        spec: { baseModel: "tiny/base" },
        step: CURVE_STEPS,
        totalSteps: 100,
        startedAt: new Date(),
      })
      .returning();
    await insertPoints(
      db,
      run!.id,
      Array.from({ length: CURVE_STEPS }, (_, s) => ({
        name: "train/loss",
        step: s + 1,
        value: 3 / Math.sqrt(s + 1),
      })),
    );
    return { id: run!.id, name };
  } finally {
    await close();
  }
}
