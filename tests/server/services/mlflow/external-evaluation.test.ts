import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runs } from "@/drizzle/schema";
import { uploadDataset } from "@/server/services/datasets";
import { setExperimentEvaluation } from "@/server/services/experiments";
import { getLeaderboard } from "@/server/services/leaderboard";
import {
  createMlflowExperiment,
  createMlflowRun,
  logMlflowBatch,
  updateMlflowRun,
} from "@/server/services/mlflow";
import { attachAdapter } from "@/server/services/runs/attach-adapter";
import { uploadRunOutput } from "@/server/services/runs/upload-run-output";
import { runWorkDir } from "@/server/services/runs/work-dir";
import { bodyOf, packFolder } from "@/tests/helpers/archive";
import { dateExamples, toChatJsonl } from "@/tests/helpers/domain";
import { pipelineFixture, waitFor } from "@/tests/helpers/pipeline";
import { tinyModelDir } from "@/tests/helpers/tiny-model";

// Runs trained elsewhere and logged through the MLflow API into an experiment the client created,
// whose base model, dataset and suite are set afterwards: one's PEFT adapter is uploaded as a tar.gz, the other's full model folder is attached
// from its folder; the local worker generates with each, and both are evaluated and ranked against
// the experiment's baseline like runs Tunebench trained.
const p = pipelineFixture();

describe("external runs with an attached adapter or model folder", () => {
  it("are evaluated through the local worker and ranked against the baseline", {
    timeout: 600_000,
  }, async () => {
    const { t, ctx } = p;
    const model = tinyModelDir();
    const ds = await uploadDataset({
      ctx,
      input: {
        name: "dates",
        trainJsonl: toChatJsonl(dateExamples(8)),
        evalJsonl: toChatJsonl(dateExamples(4, 100)),
      },
    });
    // An experiment an MLflow client created, given its base model, dataset and suite afterwards.
    const { experiment_id: experimentId } = await createMlflowExperiment({
      ctx,
      input: { name: "logged from mlflow" },
    });
    await setExperimentEvaluation({
      ctx,
      input: {
        experimentId,
        baseModel: model,
        datasetVersionId: ds.versionId,
        evalSuite: { metrics: ["chrf"], primaryMetric: "chrf", generation: { maxNewTokens: 8 } },
      },
    });

    const externalRun = async (name: string) => {
      const { run } = await createMlflowRun({
        ctx,
        input: { experiment_id: experimentId, run_name: name, tags: [] },
      });
      await logMlflowBatch({
        ctx,
        input: {
          run_id: run.info.run_id,
          metrics: [{ key: "loss", value: 1.25, timestamp: Date.now(), step: 1 }],
          params: [],
          tags: [],
        },
      });
      return run.info.run_id;
    };
    const adapterRun = await externalRun("adapter trained elsewhere");
    const modelRun = await externalRun("model trained elsewhere");

    const adapterDir = mkdtempSync(path.join(tmpdir(), "tb-adapter-"));
    execFileSync(
      path.resolve(".venv/bin/python"),
      [path.resolve(import.meta.dirname, "make_adapter.py"), model, adapterDir],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    const archive = await packFolder(adapterDir);
    const upload = () =>
      uploadRunOutput({ ctx, input: { runId: adapterRun, body: bodyOf(archive) } });
    await expect(upload()).rejects.toThrow(/running: attach its output once/);
    await updateMlflowRun({ ctx, input: { run_id: adapterRun, status: "FINISHED" } });
    const uploaded = await upload();
    expect([uploaded.layout, uploaded.evaluation.created]).toEqual(["adapter", true]);

    await updateMlflowRun({ ctx, input: { run_id: modelRun, status: "FINISHED" } });
    cpSync(model, path.join(runWorkDir(modelRun), "model"), { recursive: true });
    const attach = (location: string) =>
      attachAdapter({ ctx, input: { runId: modelRun, location } });
    await expect(attach("../elsewhere")).rejects.toThrow(/location/);
    await expect(attach("s3://other-bucket/adapter")).rejects.toThrow(/location/);
    expect((await attach("model")).layout).toBe("model");

    p.startJobs();
    const status = async (id: string) =>
      (await t.db.select({ s: runs.status }).from(runs).where(eq(runs.id, id)))[0]!.s;
    const [baseline] = await t.db
      .select()
      .from(runs)
      .where(and(eq(runs.experimentId, experimentId), eq(runs.isBaseline, true)));
    const ids = [adapterRun, modelRun, baseline!.id];
    await waitFor(
      async () =>
        (await Promise.all(ids.map(status))).every((s) => ["evaluated", "failed"].includes(s)),
      500_000,
    );
    expect(await Promise.all(ids.map(status))).toEqual(["evaluated", "evaluated", "evaluated"]);
    await waitFor(async () => {
      const board = await getLeaderboard({ ctx, input: { experimentId: experimentId } });
      return !board.updating && board.rows.length === 3;
    }, 60_000);
    const board = await getLeaderboard({ ctx, input: { experimentId: experimentId } });
    const row = (id: string) => board.rows.find((r) => r.runId === id)!;
    expect([row(adapterRun).rank, row(modelRun).rank].sort()).toEqual([1, 2]);
    // The model folder is the base model itself, so it generates what the baseline generates.
    expect(row(modelRun).primary!.score).toBe(row(baseline!.id).primary!.score);
    expect(row(baseline!.id).rank).toBeNull();
    // Attaching again once evaluated is refused: the evaluation is not redone.
    await expect(upload()).rejects.toThrow(/evaluated with the output attached before/);
  });
});
