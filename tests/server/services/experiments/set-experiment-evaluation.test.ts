import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluations, experiments, jobs, runs } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";
import { createCaller } from "@/server/root";
import { createMlflowExperiment } from "@/server/services/mlflow";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { dateExamples, toChatJsonl } from "@/tests/helpers/domain";

// An experiment an MLflow client created has no base model, dataset or real eval suite: setting
// them (experiments.setEvaluation) gives it a baseline whose evaluation is requested, validated as
// experiment creation is, and refused once a run of it is being evaluated or has been.
let t: TestDb;
let member: Ctx, admin: Ctx, reviewer: Ctx;
let versionId: string;
const suite = { metrics: ["chrf" as const], primaryMetric: "chrf" as const };

beforeAll(async () => {
  t = await createTestDb();
  member = await createTestCtx(t.db, { role: "member" });
  admin = await createTestCtx(t.db, { role: "admin" });
  reviewer = await createTestCtx(t.db, { role: "reviewer" });
  ({ versionId } = await createCaller(member).datasets.upload({
    name: "dates",
    trainJsonl: toChatJsonl(dateExamples(4)),
    evalJsonl: toChatJsonl(dateExamples(2, 100)),
  }));
});
afterAll(() => t?.close());

const mlflowExperiment = async (name: string) =>
  (await createMlflowExperiment({ ctx: member as never, input: { name } })).experiment_id;
const set = (ctx: Ctx, experimentId: string, extra: Record<string, unknown> = {}) =>
  createCaller(ctx).experiments.setEvaluation({
    experimentId,
    baseModel: "tiny-model",
    datasetVersionId: versionId,
    evalSuite: suite,
    ...extra,
  } as never);
const baselines = (experimentId: string) =>
  t.db
    .select()
    .from(runs)
    .where(and(eq(runs.experimentId, experimentId), eq(runs.isBaseline, true)));

describe("experiments.setEvaluation", () => {
  it("sets the target of an MLflow-created experiment and requests its baseline's evaluation", async () => {
    const id = await mlflowExperiment("from mlflow");
    await expect(set(reviewer, id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const first = await set(member, id);
    const [experiment] = await t.db.select().from(experiments).where(eq(experiments.id, id));
    expect(experiment).toMatchObject({
      baseModel: "tiny-model",
      datasetVersionId: versionId,
      evalSuite: { metrics: ["chrf"], primaryMetric: "chrf", split: "eval" },
    });
    const [baseline] = await baselines(id);
    expect(baseline).toMatchObject({ id: first.baselineRunId, index: 0, status: "succeeded" });
    const [job] = await t.db
      .select()
      .from(jobs)
      .where(eq(jobs.key, `evaluate:${baseline!.id}`));
    expect(job!.kind).toBe("run.evaluate");
    // Set again before any evaluation: the same baseline, the new base model.
    const again = await set(admin, id, { baseModel: "other-model" });
    expect(again.baselineRunId).toBe(first.baselineRunId);
    expect((await baselines(id)).map((r) => r.spec)).toEqual([{ baseModel: "other-model" }]);
  });

  it("validates as experiment creation does", async () => {
    const id = await mlflowExperiment("invalid");
    await expect(set(member, id, { baseModel: " " })).rejects.toThrow(/Choose a base model/);
    await expect(
      set(member, id, { evalSuite: { metrics: ["chrf"], primaryMetric: "bleu" } }),
    ).rejects.toThrow(/primary metric must be one of the chosen metrics/);
    await expect(set(member, id, { datasetVersionId: "nope" })).rejects.toThrow(
      /dataset version does not exist in this project/,
    );
    await expect(set(member, "no-such-experiment")).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The same suite checks as creation: a custom scorer is code run on the server (admin only),
    // and an RE2 pattern the server refuses is a 400 on its field.
    const scorer = { name: "len", code: "def score(prompt, output, reference):\n    return 1.0\n" };
    await expect(
      set(member, id, { evalSuite: { ...suite, customScorers: [scorer] } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      set(member, id, {
        evalSuite: { ...suite, rules: [{ kind: "regex", name: "r", pattern: "(?<=a)b" }] },
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/pattern/) });
    expect(await baselines(id)).toEqual([]);
  });

  it("refuses an experiment created in Tunebench, and one whose runs are being evaluated", async () => {
    const created = await createCaller(member).experiments.create({
      name: "trained here",
      baseModel: "tiny-model",
      datasetVersionId: versionId,
      grid: { learningRate: [1e-3], loraRank: [4], epochs: [1] },
      evalSuite: suite,
    });
    await expect(set(member, created.id)).rejects.toThrow(
      /Only an experiment created by an MLflow/,
    );

    const id = await mlflowExperiment("evaluated");
    const { baselineRunId } = await set(member, id);
    await t.db.update(runs).set({ status: "evaluating" }).where(eq(runs.id, baselineRunId));
    await expect(set(member, id)).rejects.toMatchObject({ code: "CONFLICT" });
    await t.db.update(runs).set({ status: "evaluated" }).where(eq(runs.id, baselineRunId));
    await t.db.insert(evaluations).values({
      projectId: member.projectId!,
      experimentId: id,
      runId: baselineRunId,
      status: "completed",
      split: "eval",
      sampleCount: 0,
      scores: {},
    });
    await expect(set(member, id, { baseModel: "another" })).rejects.toThrow(
      /being evaluated or has been/,
    );
    const [experiment] = await t.db.select().from(experiments).where(eq(experiments.id, id));
    expect(experiment!.baseModel).toBe("tiny-model");
  });
});
