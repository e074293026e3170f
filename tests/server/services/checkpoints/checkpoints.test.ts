import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { evaluations, jobs, runArtifacts, runCheckpoints, runs } from "@/drizzle/schema";

// Generation is the backend's business: a fake that answers right only with the "good" adapter.
vi.mock("@/server/services/settings/project-backend", async (importOriginal) =>
  (await import("@/tests/helpers/fake-generate")).withGenerate(importOriginal, (req, p) =>
    req.adapterPath?.includes("good") ? (answers.get(p.id) ?? "") : "no idea",
  ),
);
const answers = new Map<string, string>();

const { evaluateCheckpoint } = await import("@/server/services/checkpoints/evaluate-checkpoint");
const { listCheckpoints, promoteCheckpoint, requestCheckpointEvaluation } = await import(
  "@/server/services/checkpoints"
);
const { getLeaderboard } = await import("@/server/services/leaderboard");
const { ingestEvents } = await import("@/server/services/runs");
const { datasetExamples } = await import("@/drizzle/schema");
const { createTestDb } = await import("@/tests/helpers/db");
const { addEvaluation, makeExperiment } = await import("../runs-table/fixture");

let t: Awaited<ReturnType<typeof createTestDb>>;
let f: Awaited<ReturnType<typeof makeExperiment>>;
let runId = "";
beforeAll(async () => {
  t = await createTestDb();
  f = await makeExperiment(t.db);
  runId = f.runIds[0]!;
  const examples = await t.db
    .select()
    .from(datasetExamples)
    .where(eq(datasetExamples.split, "eval"));
  for (const e of examples) answers.set(String(e.idx), e.reference);
  // The run's own (final) evaluation is poor.
  await addEvaluation(
    t.db,
    f,
    runId,
    examples.map((e) => ({
      prompt: "x",
      reference: e.reference,
      output: "no idea",
      chrf: 10,
      accuracy: 0,
    })),
  );
  await t.db
    .update(runs)
    .set({
      step: 20,
      totalSteps: 20,
      externalRef: { backend: "local", id: runId, cursor: "0", state: {} },
    })
    .where(eq(runs.id, runId));
  await t.db
    .insert(runArtifacts)
    .values({ runId, kind: "adapter", path: "s3://bucket/final-adapter" });
});
afterAll(() => t?.close());

describe("checkpoints", () => {
  it("records checkpoint events from the worker", async () => {
    await t.db.update(runs).set({ status: "running" }).where(eq(runs.id, f.runIds[1]!));
    const ref = { backend: "local" as const, id: f.runIds[1]!, cursor: "1", state: {} };
    await ingestEvents(t.db, f.runIds[1]!, [
      {
        event: { type: "checkpoint", time: 1, step: 50, path: "/runs/x/checkpoints/step_000050" },
        seq: 0,
        ref,
      },
    ]);
    await ingestEvents(t.db, f.runIds[1]!, [
      {
        event: { type: "checkpoint", time: 1, step: 50, path: "/runs/x/checkpoints/step_000050" },
        seq: 0,
        ref,
      },
    ]);
    expect(
      await t.db
        .select({ step: runCheckpoints.step, path: runCheckpoints.path })
        .from(runCheckpoints)
        .where(eq(runCheckpoints.runId, f.runIds[1]!)),
    ).toEqual([{ step: 50, path: "/runs/x/checkpoints/step_000050" }]);
  });

  it("queues an evaluation once, and refuses a checkpoint the worker deleted", async () => {
    await t.db.insert(runCheckpoints).values([
      { runId, step: 5, path: "/nonexistent/checkpoints/step_000005" },
      { runId, step: 10, path: "s3://bucket/good/step_10" },
    ]);
    expect(await requestCheckpointEvaluation({ ctx: f.ctx, input: { runId, step: 10 } })).toEqual({
      runId,
      step: 10,
      status: "queued",
    });
    expect(await requestCheckpointEvaluation({ ctx: f.ctx, input: { runId, step: 10 } })).toEqual({
      runId,
      step: 10,
      status: "queued",
    });
    expect(
      await t.db.select().from(jobs).where(like(jobs.kind, "checkpoint.evaluate")),
    ).toHaveLength(1);
    await expect(
      requestCheckpointEvaluation({ ctx: f.ctx, input: { runId, step: 5 } }),
    ).rejects.toThrow(/no longer on disk/);
    await expect(
      requestCheckpointEvaluation({ ctx: f.ctx, input: { runId, step: 7 } }),
    ).rejects.toThrow(/not found/);
  });

  it("evaluates with the checkpoint's adapter and lists eval score by step, best marked", async () => {
    expect(await evaluateCheckpoint(t.db, runId, 10)).toBe("evaluated");
    expect(await evaluateCheckpoint(t.db, runId, 10)).toBe("skipped");
    const { primaryMetric, checkpoints } = await listCheckpoints({ ctx: f.ctx, input: { runId } });
    expect(primaryMetric).toBe("chrf");
    expect(
      checkpoints.map((c) => [c.step, c.kind, c.available, c.evaluated, c.isBest, c.isPromoted]),
    ).toEqual([
      [5, "checkpoint", false, false, false, false],
      [10, "checkpoint", true, true, true, false],
      [20, "final", true, true, false, true],
    ]);
    expect(checkpoints[1]!.scores!.chrf!.score).toBe(100);
    expect(checkpoints[2]!.scores!.chrf!.score).toBe(10);
  });

  it("promotes a checkpoint: the leaderboard, adapter and runs summary use it; promoting the final step restores", async () => {
    await expect(promoteCheckpoint({ ctx: f.ctx, input: { runId, step: 5 } })).rejects.toThrow(
      /evaluate it first/,
    );
    expect(await promoteCheckpoint({ ctx: f.ctx, input: { runId, step: 10 } })).toEqual({
      runId,
      promotedStep: 10,
    });
    const board = await getLeaderboard({ ctx: f.ctx, input: { experimentId: f.experimentId } });
    expect(board.rows.find((r) => r.runId === runId)!.primary!.score).toBe(100);
    const adapter = async () =>
      (
        await t.db
          .select({ path: runArtifacts.path })
          .from(runArtifacts)
          .where(and(eq(runArtifacts.runId, runId), eq(runArtifacts.kind, "adapter")))
      )[0]!.path;
    expect(await adapter()).toBe("s3://bucket/good/step_10");
    const [run] = await t.db
      .select({ summary: runs.summary, promotedStep: runs.promotedStep })
      .from(runs)
      .where(eq(runs.id, runId));
    expect(run).toMatchObject({ promotedStep: 10, summary: { chrf: 100 } });
    const listed = (await listCheckpoints({ ctx: f.ctx, input: { runId } })).checkpoints;
    expect(listed.map((c) => [c.step, c.isPromoted])).toEqual([
      [5, false],
      [10, true],
      [20, false],
    ]);
    expect(listed[2]!.scores!.chrf!.score).toBe(10); // the final adapter's own scores, kept

    expect(await promoteCheckpoint({ ctx: f.ctx, input: { runId, step: 20 } })).toEqual({
      runId,
      promotedStep: null,
    });
    const [e] = await t.db
      .select({ scores: evaluations.scores })
      .from(evaluations)
      .where(eq(evaluations.runId, runId));
    expect(e!.scores.chrf!.score).toBe(10);
    expect(await adapter()).toBe("s3://bucket/final-adapter");
  });
});
