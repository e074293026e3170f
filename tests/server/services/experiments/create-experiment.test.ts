import { tmpdir } from "node:os";
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, runArtifacts, runs } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { evaluateRunKey } from "@/server/jobs/contracts";
import { uploadDataset } from "@/server/services/datasets";
import { createExperiment, getExperiment, listExperiments } from "@/server/services/experiments";
import { cancelRun, listRuns } from "@/server/services/runs";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { dateExamples, makeProjectCtx, toChatJsonl } from "@/tests/helpers/domain";

let t: TestDb;
let ctx: DomainCtx;
let versionId = "";
beforeAll(async () => {
  t = await createTestDb();
  ctx = await makeProjectCtx(t.db);
  versionId = (
    await uploadDataset({ ctx, input: { name: "d", trainJsonl: toChatJsonl(dateExamples(20)) } })
  ).versionId;
});
afterAll(() => t?.close());

const input = () => ({
  name: "grid",
  baseModel: tmpdir(), // an existing folder: the local backend checks that the path exists
  datasetVersionId: versionId,
  grid: { learningRate: [1e-4, 3e-4], loraRank: [4, 8], epochs: [1] },
  evalSuite: { metrics: ["accuracy" as const, "chrf" as const], primaryMetric: "chrf" as const },
});

describe("createExperiment", () => {
  it("creates one queued run per grid point plus the baseline, and enqueues their jobs once", async () => {
    const exp = await createExperiment({ ctx, input: input() });
    expect(exp.runCount).toBe(4);
    const rows = await listRuns({ ctx, input: { experimentId: exp.id } });
    expect(rows.map((r) => [r.index, r.status, r.isBaseline])).toEqual([
      [0, "succeeded", true],
      [1, "queued", false],
      [2, "queued", false],
      [3, "queued", false],
      [4, "queued", false],
    ]);
    expect(rows[4]!.hyperparams).toEqual({ learningRate: 3e-4, loraRank: 8, epochs: 1 });
    const [spec] = await t.db
      .select({ spec: runs.spec })
      .from(runs)
      .where(eq(runs.id, rows[4]!.id));
    expect(spec!.spec).toMatchObject({
      lora: { r: 8, alpha: 16 },
      training: { learningRate: 3e-4, epochs: 1, batchSize: 4 },
    });
    const queued = await t.db
      .select({ key: jobs.key })
      .from(jobs)
      .where(like(jobs.key, `%:${rows[1]!.id}`));
    expect(queued.map((j) => j.key)).toEqual([`dispatch:${rows[1]!.id}`]);
    expect(
      (
        await t.db
          .select()
          .from(jobs)
          .where(eq(jobs.key, evaluateRunKey(rows[0]!.id)))
      ).length,
    ).toBe(1);

    const got = await getExperiment({ ctx, input: { experimentId: exp.id } });
    expect(got.dataset).toMatchObject({ name: "d", trainCount: 18, evalCount: 2 });
    expect((await listExperiments({ ctx }))[0]!.runsByStatus).toEqual({ queued: 4 });
  });

  it("cancels a queued run at once and refuses to cancel it twice", async () => {
    const exp = await createExperiment({ ctx, input: { ...input(), name: "cancel" } });
    const [, first] = await listRuns({ ctx, input: { experimentId: exp.id } });
    expect((await cancelRun({ ctx, input: { runId: first!.id } })).status).toBe("cancelled");
    await expect(cancelRun({ ctx, input: { runId: first!.id } })).rejects.toThrow(
      /only queued, submitted or running/,
    );
  });

  it("refuses what it cannot run before creating anything", async () => {
    const before = (await listExperiments({ ctx })).length;
    await expect(
      createExperiment({ ctx, input: { ...input(), baseModel: "/no/such/model" } }),
    ).rejects.toThrow(/no model folder/);
    await expect(
      createExperiment({ ctx, input: { ...input(), backend: "openai" } }),
    ).rejects.toThrow(/openai training backend is not (configured|available)/);
    await expect(
      createExperiment({
        ctx,
        input: { ...input(), evalSuite: { metrics: ["bleu"], primaryMetric: "chrf" } },
      }),
    ).rejects.toThrow(/primary metric/);
    const other = await makeProjectCtx(t.db, "other");
    await expect(createExperiment({ ctx: other, input: input() })).rejects.toThrow(
      /does not exist in this project/,
    );
    expect((await listExperiments({ ctx })).length).toBe(before);
  });

  it("stores each run's method in its spec, and refuses dpo on a chat dataset", async () => {
    const exp = await createExperiment({
      ctx,
      input: {
        ...input(),
        name: "methods",
        grid: { learningRate: [1e-4], loraRank: [4], epochs: [1], parameters: ["lora", "full"] },
      },
    });
    const rows = await t.db
      .select({ name: runs.name, spec: runs.spec })
      .from(runs)
      .where(eq(runs.experimentId, exp.id))
      .orderBy(runs.index);
    expect(rows.map((r) => r.name)).toEqual([
      "Baseline (no adapter)",
      "lora · lr 1e-4 · r 4 · 1 ep",
      "full · lr 1e-4 · 1 ep",
    ]);
    expect(rows[2]!.spec).toMatchObject({
      objective: "sft",
      parameters: "full",
      quantization: null,
      dpo: null,
    });
    const before = (await listExperiments({ ctx })).length;
    const dpo = {
      ...input(),
      grid: { ...input().grid, objective: ["sft" as const, "dpo" as const] },
    };
    await expect(createExperiment({ ctx, input: dpo })).rejects.toThrow(
      /^grid\.objective: dpo trains on preference pairs, but this dataset holds chat examples/,
    );
    expect((await listExperiments({ ctx })).length).toBe(before);
  });

  it("starts every run from an earlier run's output, refusing one without any (training.initFromRunId)", async () => {
    const sft = await createExperiment({ ctx, input: { ...input(), name: "sft" } });
    const [, first] = await listRuns({ ctx, input: { experimentId: sft.id } });
    const withInit = (runId: string) => ({
      ...input(),
      name: "after sft",
      training: { initFromRunId: runId },
    });
    await expect(createExperiment({ ctx, input: withInit(first!.id) })).rejects.toThrow(
      /^training\.initFromRunId: "lr 1e-4 · r 4 · 1 ep" has no trained output yet/,
    );
    await expect(createExperiment({ ctx, input: withInit("nope") })).rejects.toThrow(
      /^training\.initFromRunId: no such run in this project/,
    );
    const output = tmpdir(); // the local backend checks that the output still exists
    await t.db.insert(runArtifacts).values({ runId: first!.id, kind: "adapter", path: output });
    const exp = await createExperiment({ ctx, input: withInit(first!.id) });
    const specs = await t.db
      .select({ spec: runs.spec })
      .from(runs)
      .where(and(eq(runs.experimentId, exp.id), eq(runs.isBaseline, false)));
    expect(specs.map((r) => (r.spec as { initFrom?: string }).initFrom)).toEqual(
      specs.map(() => output),
    );
  });
});
