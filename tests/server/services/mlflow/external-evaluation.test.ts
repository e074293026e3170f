import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runs } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { jobDefinitions } from "@/server/jobs/definitions";
import { startWorkerLoop, type WorkerLoop } from "@/server/jobs/worker";
import { uploadDataset } from "@/server/services/datasets";
import { createExperiment } from "@/server/services/experiments";
import { getLeaderboard } from "@/server/services/leaderboard";
import { createMlflowRun, logMlflowBatch, updateMlflowRun } from "@/server/services/mlflow";
import { attachAdapter } from "@/server/services/runs/attach-adapter";
import { cancelRun } from "@/server/services/runs/cancel-run";
import { runWorkDir } from "@/server/services/runs/work-dir";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { dateExamples, makeProjectCtx, toChatJsonl } from "@/tests/helpers/domain";
import { tinyModelDir } from "@/tests/helpers/tiny-model";

// A run trained elsewhere and logged through the MLflow API, in an experiment with a base model
// and dataset: its adapter is attached, the local worker generates with it, and it is evaluated
// and ranked against the experiment's baseline like a run Tunebench trained.
let t: TestDb;
let ctx: DomainCtx;
let loop: WorkerLoop | undefined;
beforeAll(async () => {
  process.env.TUNEBENCH_RUNS_DIR = mkdtempSync(path.join(tmpdir(), "tb-runs-"));
  t = await createTestDb();
  ctx = await makeProjectCtx(t.db);
});
afterAll(async () => {
  await loop?.stop({ graceMs: 1000 });
  await t?.close();
});

async function waitFor(check: () => Promise<boolean>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error("timed out");
}

describe("an external run with an attached adapter", () => {
  it("is evaluated through the local worker and ranked against the baseline", {
    timeout: 600_000,
  }, async () => {
    const model = tinyModelDir();
    const ds = await uploadDataset({
      ctx,
      input: {
        name: "dates",
        trainJsonl: toChatJsonl(dateExamples(8)),
        evalJsonl: toChatJsonl(dateExamples(4, 100)),
      },
    });
    const exp = await createExperiment({
      ctx,
      input: {
        name: "mixed",
        baseModel: model,
        datasetVersionId: ds.versionId,
        grid: { learningRate: [1e-3], loraRank: [4], epochs: [1] },
        training: { device: "cpu" },
        evalSuite: { metrics: ["chrf"], primaryMetric: "chrf", generation: { maxNewTokens: 8 } },
      },
    });
    // Only the baseline and the external run are evaluated here: the grid run never trains.
    for (const r of await t.db.select().from(runs).where(eq(runs.experimentId, exp.id)))
      if (!r.isBaseline) await cancelRun({ ctx, input: { runId: r.id } });

    const { run } = await createMlflowRun({
      ctx,
      input: { experiment_id: exp.id, run_name: "trained elsewhere", tags: [] },
    });
    const runId = run.info.run_id;
    await logMlflowBatch({
      ctx,
      input: {
        run_id: runId,
        metrics: [{ key: "loss", value: 1.25, timestamp: Date.now(), step: 1 }],
        params: [],
        tags: [],
      },
    });
    const attach = (location: string) => attachAdapter({ ctx, input: { runId, location } });
    await expect(attach("adapter")).rejects.toThrow(/running: attach its adapter once/);
    await updateMlflowRun({ ctx, input: { run_id: runId, status: "FINISHED" } });
    execFileSync(
      path.resolve(".venv/bin/python"),
      [
        path.resolve(import.meta.dirname, "make_adapter.py"),
        model,
        path.join(runWorkDir(runId), "adapter"),
      ],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    await expect(attach("../elsewhere")).rejects.toThrow(/location/);
    await expect(attach(`s3://other-bucket/adapter`)).rejects.toThrow(/location/);
    expect((await attach("adapter")).created).toBe(true);

    loop = startWorkerLoop({
      db: t.db,
      definitions: jobDefinitions,
      concurrency: 2,
      log: () => {},
    });
    const status = async (id: string) =>
      (await t.db.select({ s: runs.status }).from(runs).where(eq(runs.id, id)))[0]!.s;
    const [baseline] = await t.db
      .select()
      .from(runs)
      .where(and(eq(runs.experimentId, exp.id), eq(runs.isBaseline, true)));
    await waitFor(
      async () =>
        ["evaluated", "failed"].includes(await status(runId)) &&
        ["evaluated", "failed"].includes(await status(baseline!.id)),
      500_000,
    );
    expect([await status(runId), await status(baseline!.id)]).toEqual(["evaluated", "evaluated"]);
    await waitFor(async () => {
      const board = await getLeaderboard({ ctx, input: { experimentId: exp.id } });
      return !board.updating && board.rows.length === 2;
    }, 60_000);
    const board = await getLeaderboard({ ctx, input: { experimentId: exp.id } });
    const external = board.rows.find((r) => r.runId === runId)!;
    expect(external.rank).toBe(1);
    expect(external.primary!.score).toBeGreaterThanOrEqual(0);
    expect(board.rows.find((r) => r.isBaseline)!.rank).toBeNull();
  });
});
