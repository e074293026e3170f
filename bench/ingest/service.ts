// Metric ingestion in-process, without HTTP: the service every ingestion path shares
// (ingestMetrics, the worker's and /api/v1's first-wins store) and the MLflow API's log-batch
// (MLflow's append semantics), on a scratch database. Points per CPU-second of this process
// (PGlite runs inside it), so runs under different machine load compare. bench/ingest/README.md.
import { loadavg } from "node:os";
import { numberArg, openScratchDb } from "@/bench/scratch-db";
import type { DomainCtx } from "@/server/ctx";
import { IngestMetricsRequest } from "@/server/schemas/ingest";
import { LogBatch } from "@/server/schemas/mlflow";
import { ingestMetrics } from "@/server/services/ingest";
import { createMlflowExperiment, createMlflowRun, logMlflowBatch } from "@/server/services/mlflow";
import { ensureDefaultProject } from "@/server/services/projects";

const o = {
  runs: numberArg("runs", 5),
  points: numberArg("points", 100_000),
  batch: numberArg("batch", 10_000),
  mlflowPoints: numberArg("mlflow-points", 0),
};

const value = (step: number) => 2.5 / Math.sqrt(step + 1) + (step % 7) * 1e-3;

async function timed(work: () => Promise<number>) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const points = await work();
  const c = process.cpuUsage(c0);
  const cpuSeconds = (c.user + c.system) / 1e6;
  return {
    points,
    wallSeconds: Math.round(performance.now() - t0) / 1000,
    cpuSeconds: Math.round(cpuSeconds * 100) / 100,
    pointsPerCpuSecond: Math.round(points / cpuSeconds),
  };
}

const scratch = await openScratchDb("tunebench_bench_ingest_service");
try {
  const ctx: DomainCtx = {
    db: scratch.db,
    projectId: (await ensureDefaultProject(scratch.db)).id,
    user: null,
  };
  const { experiment_id } = await createMlflowExperiment({ ctx, input: { name: "bench" } });
  const newRun = async () =>
    (await createMlflowRun({ ctx, input: { experiment_id, tags: [] } })).run.info.run_id;
  const runIds: string[] = [];
  for (let r = 0; r < o.runs; r++) runIds.push(await newRun());

  const ingest = await timed(async () => {
    let inserted = 0;
    for (const runId of runIds)
      for (let from = 0; from < o.points; from += o.batch) {
        const points = Array.from({ length: o.batch }, (_, i) => ({
          name: "train/loss",
          step: from + i,
          value: value(from + i),
          time: 1.7e9 + (from + i) * 0.1,
        }));
        const input = { runId, ...IngestMetricsRequest.parse({ points }) };
        inserted += (await ingestMetrics({ ctx, input })).inserted;
      }
    if (inserted !== o.runs * o.points) throw new Error(`inserted ${inserted}`);
    return inserted;
  });
  const result: Record<string, unknown> = { ingestMetrics: ingest };

  if (o.mlflowPoints > 0) {
    const runId = await newRun();
    // MLflow's client sends at most 1,000 metrics per log-batch.
    result.mlflowLogBatch = await timed(async () => {
      for (let from = 0; from < o.mlflowPoints; from += 1000) {
        const metrics = Array.from({ length: 1000 }, (_, i) => ({
          key: "loss",
          value: value(from + i),
          timestamp: 1_700_000_000_000 + from + i,
          step: from + i,
        }));
        await logMlflowBatch({ ctx, input: LogBatch.parse({ run_id: runId, metrics }) });
      }
      return o.mlflowPoints;
    });
  }
  console.log(
    JSON.stringify({ db: scratch.label, load: loadavg()[0]!.toFixed(1), ...o, ...result }),
  );
} finally {
  await scratch.close();
  await scratch.cleanup();
}
