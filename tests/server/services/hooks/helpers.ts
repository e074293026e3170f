import { and, eq } from "drizzle-orm";
import { jobs, runs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import type { JobKind } from "@/server/jobs/contracts";
import { uploadDataset } from "@/server/services/datasets";
import { createExperiment } from "@/server/services/experiments";
import { dateExamples, makeProjectCtx, toChatJsonl } from "@/tests/helpers/domain";

// A fixed key, so tests never create a key file next to the developer's data folder.
process.env.TUNEBENCH_SECRET_KEY ??= "a".repeat(64);

/** A project with one local experiment of `runCount` queued runs (plus the baseline), no worker. */
export async function hookFixture(db: Db, opts: { slug?: string; runCount?: number } = {}) {
  const ctx = await makeProjectCtx(db, opts.slug ?? "hooks");
  const ds = await uploadDataset({
    ctx,
    input: {
      name: "dates",
      trainJsonl: toChatJsonl(dateExamples(12)),
      evalJsonl: toChatJsonl(dateExamples(3, 100)),
    },
  });
  const exp = await createExperiment({
    ctx,
    input: {
      name: "hooked",
      backend: "local",
      baseModel: "tiny",
      datasetVersionId: ds.versionId,
      grid: { learningRate: [1e-4], loraRank: [8], epochs: [1] },
      training: { batchSize: 4, maxSeqLen: 64, device: "cpu" },
      evalSuite: { metrics: ["chrf"], primaryMetric: "chrf" },
    },
  });
  const [template] = await db
    .select()
    .from(runs)
    .where(and(eq(runs.experimentId, exp.id), eq(runs.isBaseline, false)));
  const extra = Math.max(0, (opts.runCount ?? 1) - 1);
  if (extra) {
    const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = template!;
    await db
      .insert(runs)
      .values(
        Array.from({ length: extra }, (_, i) => ({ ...rest, index: i + 2, name: `run-${i + 2}` })),
      );
  }
  const runRows = await db.select().from(runs).where(eq(runs.experimentId, exp.id));
  return {
    projectId: ctx.projectId!,
    experimentId: exp.id,
    runIds: runRows.filter((r) => !r.isBaseline).map((r) => r.id),
  };
}

/** run.evaluate jobs per run: the number of evaluations the hooks asked for. */
export async function evaluationJobs(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .select({ payload: jobs.payload })
    .from(jobs)
    .where(eq(jobs.kind, "run.evaluate" satisfies JobKind));
  const count = new Map<string, number>();
  for (const r of rows) {
    const runId = (r.payload as { runId: string }).runId;
    count.set(runId, (count.get(runId) ?? 0) + 1);
  }
  return count;
}
