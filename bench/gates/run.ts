/**
 * What a regression gate adds to an evaluation: evaluateGates on N eval samples with a relative
 * chrF gate (sacreBLEU's paired bootstrap, 1,000 resamples) and a relative accuracy gate (paired
 * bootstrap on per-item scores), on in-memory PGlite. Usage: npx tsx bench/gates/run.ts [N...]
 */
import { eq } from "drizzle-orm";
import { evaluationSamples, evaluations, experiments, runs } from "@/drizzle/schema";
import { openDb } from "@/server/db";
import { uploadDataset } from "@/server/services/datasets";
import { scoreOutputs } from "@/server/services/evaluations";
import { createExperiment } from "@/server/services/experiments";
import { evaluateGates } from "@/server/services/gates";
import { dateExamples, makeProjectCtx, toChatJsonl } from "@/tests/helpers/domain";

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const { db, close } = await openDb({});
const ctx = await makeProjectCtx(db, "bench");
for (const n of sizes.length ? sizes : [100, 1000, 5000]) {
  const evalRows = dateExamples(n, 1000);
  const refs = evalRows.map((e) => e.completion);
  const ds = await uploadDataset({
    ctx,
    input: {
      name: `d${n}`,
      trainJsonl: toChatJsonl(dateExamples(20)),
      evalJsonl: toChatJsonl(evalRows),
    },
  });
  const exp = await createExperiment({
    ctx,
    input: {
      name: `g${n}`,
      baseModel: "tiny",
      datasetVersionId: ds.versionId,
      grid: { learningRate: [1e-4], loraRank: [4], epochs: [1] },
      evalSuite: {
        metrics: ["accuracy", "chrf"],
        primaryMetric: "chrf",
        gates: [
          { metric: "chrf", maxDrop: 0 },
          { metric: "accuracy", maxDrop: 0 },
        ],
      },
    },
  });
  const all = await db.select().from(runs).where(eq(runs.experimentId, exp.id)).orderBy(runs.index);
  // The run answers 10% of items wrongly, so both relative checks need their paired test.
  for (const [run, outputs] of [
    [all[0]!, refs],
    [all[1]!, refs.map((r, i) => (i % 10 === 0 ? "no idea" : r))],
  ] as const) {
    const { perSample, corpus } = scoreOutputs([...outputs], refs, ["accuracy", "chrf"], "squad");
    const [e] = await db
      .insert(evaluations)
      .values({
        projectId: run.projectId,
        experimentId: exp.id,
        runId: run.id,
        status: "completed",
        split: "eval",
        sampleCount: n,
        scores: corpus,
      })
      .returning();
    for (let i = 0; i < n; i += 1000)
      await db.insert(evaluationSamples).values(
        outputs.slice(i, i + 1000).map((output, k) => ({
          evaluationId: e!.id,
          idx: i + k,
          prompt: "",
          reference: refs[i + k]!,
          output,
          scores: perSample[i + k]!,
        })),
      );
  }
  const t0 = performance.now();
  const v = await evaluateGates(db, all[1]!.id);
  const ms = performance.now() - t0;
  console.log(
    `${n} samples: evaluateGates ${ms.toFixed(0)} ms (${v!.verdict}; ${v!.checks.map((c) => `${c.metric} p=${c.pValue?.toFixed(4)}`).join(", ")})`,
  );
}
await close();
void experiments;
