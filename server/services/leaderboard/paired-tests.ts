import { asc, eq } from "drizzle-orm";
import { evaluationSamples } from "@/drizzle/schema";
import { type RowInputs, rowTests } from "@/evals";
import type { Db } from "@/server/db";
import type { SuiteMetric } from "@/server/schemas/experiments";
import { sampleReferences } from "@/server/services/evaluations/sample-references";
import type { Evaluated } from "./compare-runs";
import { threadComparer } from "./stats-thread-pool";
import type { Fresh } from "./stored-p-values";

/** A row whose stored p-values do not all match its inputs; `vsBest`/`vsBaseline` are the ones that do. */
export type DueRow = {
  runId: string;
  inputs: RowInputs;
  vsBest: Fresh | null;
  vsBaseline: Fresh | null;
};
export type ComputedRow = {
  runId: string;
  inputs: RowInputs;
  pValueVsBest: number | null;
  pValueVsBaseline: number | null;
};

// Samples of this many rows' evaluations are held at once (the best's and the baseline's are
// reloaded per chunk): bounded memory however many runs are ranked.
const CHUNK = 50;

/**
 * Runs the paired tests the due rows miss and keeps the p-values that are still valid. The tests
 * (tens of milliseconds each at 1,000 items) run in the statistics thread, so requests that the
 * same process serves meanwhile wait for none of them. `tests` counts the pairs compared.
 */
export async function runDueTests(
  db: Db,
  metric: SuiteMetric,
  due: DueRow[],
  signal?: AbortSignal,
): Promise<{ rows: ComputedRow[]; tests: number }> {
  const rows: ComputedRow[] = [];
  let tests = 0;
  for (let i = 0; i < due.length; i += CHUNK) {
    const chunk = due.slice(i, i + CHUNK).map((row) => ({ row, pairs: rowTests(row.inputs) }));
    const wanted = new Set<string>();
    for (const { row, pairs } of chunk) {
      if (!row.vsBest && pairs.vsBest) for (const id of pairs.vsBest) wanted.add(id);
      if (!row.vsBaseline && pairs.vsBaseline) for (const id of pairs.vsBaseline) wanted.add(id);
    }
    const systems = new Map<string, Evaluated & { references: string[][] }>();
    for (const id of wanted) systems.set(id, await loadSystem(db, id));
    const references = [...systems.values()].find((s) => s.outputs.length > 0)?.references ?? [];
    const p = threadComparer(metric, systems, references);
    const test = async (pair: [string, string] | null): Promise<number | null> => {
      if (!pair) return null;
      signal?.throwIfAborted();
      const [a, b] = pair.map((id) => systems.get(id)!);
      tests++;
      // Scored on different items (or none): there is no paired test.
      if (a!.outputs.length === 0 || a!.outputs.length !== b!.outputs.length) return null;
      return p.pValue(...pair);
    };
    try {
      for (const { row, pairs } of chunk)
        rows.push({
          runId: row.runId,
          inputs: row.inputs,
          pValueVsBest: row.vsBest ? row.vsBest.value : await test(pairs.vsBest),
          pValueVsBaseline: row.vsBaseline ? row.vsBaseline.value : await test(pairs.vsBaseline),
        });
    } finally {
      p.close();
    }
  }
  return { rows, tests };
}

async function loadSystem(db: Db, evaluationId: string) {
  const samples = await db
    .select({
      output: evaluationSamples.output,
      reference: evaluationSamples.reference,
      extraReferences: evaluationSamples.extraReferences,
      primaryScore: evaluationSamples.primaryScore,
    })
    .from(evaluationSamples)
    .where(eq(evaluationSamples.evaluationId, evaluationId))
    .orderBy(asc(evaluationSamples.idx));
  return {
    outputs: samples.map((s) => s.output),
    // No primary score: a judge's sample without a verdict, left out of the paired test.
    sampleScores: samples.map((s) => s.primaryScore ?? Number.NaN),
    references: samples.map(sampleReferences),
  };
}
