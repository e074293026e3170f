import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, runArtifacts, runLogs, runs } from "@/drizzle/schema";
import { evaluateRunKey } from "@/server/jobs/contracts";
import { uploadDataset } from "@/server/services/datasets";
import { createExperiment } from "@/server/services/experiments";
import { ingestEvents } from "@/server/services/runs";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { dateExamples, makeProjectCtx, toChatJsonl } from "@/tests/helpers/domain";
import { storedPoints } from "@/tests/helpers/metrics";
import type { BackendEvent, ExternalRef, PolledEvent } from "@/trainers/types";

// Adapters are stored only from inside the run's folder (server/services/runs/artifact-location.ts).
process.env.TUNEBENCH_RUNS_DIR = mkdtempSync(path.join(tmpdir(), "tb-ingest-"));

let t: TestDb;
let runId = "";
beforeAll(async () => {
  t = await createTestDb();
  const ctx = await makeProjectCtx(t.db);
  const ds = await uploadDataset({
    ctx,
    input: { name: "d", trainJsonl: toChatJsonl(dateExamples(10)) },
  });
  const exp = await createExperiment({
    ctx,
    input: {
      name: "e",
      baseModel: tmpdir(),
      datasetVersionId: ds.versionId,
      grid: { learningRate: [1e-3], loraRank: [4], epochs: [1] },
      evalSuite: { metrics: ["accuracy"], primaryMetric: "accuracy" },
    },
  });
  runId = exp.runIds[0]!;
  await t.db.update(runs).set({ status: "submitted" }).where(eq(runs.id, runId));
  mkdirSync(adapterDir(), { recursive: true });
});
const adapterDir = () => path.join(process.env.TUNEBENCH_RUNS_DIR!, runId, "adapter");
afterAll(() => t?.close());

const ref = (cursor: number): ExternalRef => ({
  backend: "local",
  id: runId,
  cursor: String(cursor),
  state: {},
});
const batch = (events: BackendEvent[], from: number): PolledEvent[] =>
  events.map((event, i) => ({ event, seq: from + i, ref: ref(from + i + 1) }));

describe("ingestEvents", () => {
  it("stores progress, metrics and logs once however often a batch is replayed", async () => {
    const events: BackendEvent[] = [
      { type: "started", time: 1, device: "cpu", totalSteps: 2, resumedFromStep: 0 },
      {
        type: "progress",
        time: 2,
        step: 1,
        totalSteps: 2,
        epoch: 0.5,
        tokensSeen: 50,
        tokensPerSecond: 25,
        etaSeconds: 2,
      },
      { type: "metric", time: 2, step: 1, name: "train/loss", value: 2.5 },
      { type: "log", time: 2, level: "info", message: "hello" },
    ];
    expect(await ingestEvents(t.db, runId, batch(events, 0))).toBe("running");
    expect(await ingestEvents(t.db, runId, batch(events, 0))).toBe("running");
    const [run] = await t.db.select().from(runs).where(eq(runs.id, runId));
    expect(run).toMatchObject({
      step: 1,
      totalSteps: 2,
      tokensPerSecond: 25,
      device: "cpu",
      externalRef: ref(4),
    });
    expect(await storedPoints(t.db)).toHaveLength(1);
    expect((await t.db.select({ n: count() }).from(runLogs))[0]!.n).toBe(1);
  });

  it("keeps the highest peak memory any worker process reported", async () => {
    const progress = (step: number, peakMemBytes?: number): BackendEvent => ({
      type: "progress",
      time: 2 + step,
      step,
      totalSteps: 2,
      epoch: step / 2,
      tokensSeen: 50 * step,
      tokensPerSecond: 25,
      etaSeconds: 2,
      ...(peakMemBytes === undefined ? {} : { peakMemBytes }),
    });
    const peak = async () =>
      (await t.db.select({ p: runs.peakMemBytes }).from(runs).where(eq(runs.id, runId)))[0]!.p;
    await ingestEvents(t.db, runId, batch([progress(1, 3e9), progress(1, 2e9)], 100));
    expect(await peak()).toBe(3e9);
    // A resumed worker counts from zero again, and an event without the figure says nothing.
    await ingestEvents(t.db, runId, batch([progress(1, 1e9), progress(1)], 102));
    expect(await peak()).toBe(3e9);
    await ingestEvents(t.db, runId, batch([progress(1, 5e9)], 104));
    expect(await peak()).toBe(5e9);
  });

  it("moves to succeeded on completion, records the adapter and enqueues one evaluation", async () => {
    const done: BackendEvent[] = [
      { type: "metric", time: 3, step: 2, name: "train/loss", value: 1.5 },
      { type: "completed", time: 4, step: 2, adapterPath: adapterDir() },
    ];
    expect(await ingestEvents(t.db, runId, batch(done, 4))).toBe("succeeded");
    // A replay after a crash: the status has moved on, nothing is stored or enqueued again.
    expect(await ingestEvents(t.db, runId, batch(done, 4))).toBe("succeeded");
    expect(await storedPoints(t.db)).toHaveLength(2);
    expect(await t.db.select({ path: runArtifacts.path }).from(runArtifacts)).toEqual([
      { path: adapterDir() },
    ]);
    expect(
      await t.db
        .select({ key: jobs.key })
        .from(jobs)
        .where(eq(jobs.key, evaluateRunKey(runId))),
    ).toHaveLength(1);
  });
});
