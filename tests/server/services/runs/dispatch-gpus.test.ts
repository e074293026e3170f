import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runs } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { uploadDataset } from "@/server/services/datasets";
import { createExperiment } from "@/server/services/experiments";
import { cancelRun, dispatchRun, pollRun } from "@/server/services/runs";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { dateExamples, makeProjectCtx, toChatJsonl } from "@/tests/helpers/domain";
import { forgetLocalGpus } from "@/trainers/local/devices";
import { isWorkerAlive } from "@/trainers/local/process";

// The GPU-aware local scheduler on a real database, with the fake worker (fake-python.sh) in place
// of Python: it prints the device list in FAKE_GPUS for `python -m worker devices`, and records
// how each training was launched (torchrun or not, CUDA_VISIBLE_DEVICES) in its run folder.
const GPUS = [0, 1, 2].map((index) => ({ index, name: "Fake GPU", memory_bytes: 80e9 }));
const saved = { ...process.env };
let t: TestDb;
let ctx: DomainCtx;
let versionId = "";
let runsDir = "";

beforeAll(async () => {
  runsDir = mkdtempSync(path.join(tmpdir(), "tb-gpus-"));
  Object.assign(process.env, {
    TUNEBENCH_PYTHON: path.resolve("tests/trainers/local/fake-python.sh"),
    TUNEBENCH_RUNS_DIR: runsDir,
    TUNEBENCH_LOCAL_CONCURRENCY: "1",
    FAKE_GPUS: JSON.stringify(GPUS),
    FAKE_STEP_S: "0.05",
  });
  forgetLocalGpus();
  t = await createTestDb();
  ctx = await makeProjectCtx(t.db);
  const ds = await uploadDataset({
    ctx,
    input: {
      name: "dates",
      trainJsonl: toChatJsonl(dateExamples(8)),
      evalJsonl: toChatJsonl(dateExamples(2, 100)),
    },
  });
  versionId = ds.versionId;
});
afterAll(async () => {
  // Every worker this file started, restarts included, is named in its run folder.
  for (const dir of runsDir ? readdirSync(runsDir) : []) {
    const pidFile = path.join(runsDir, dir, "worker.pid");
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8")) : 0;
    if (isWorkerAlive(pid)) process.kill(pid, "SIGKILL");
  }
  process.env = saved;
  forgetLocalGpus();
  await t?.close();
});

/** One experiment with one run asking for `devices`; returns the run's id. */
async function runAsking(
  devices: unknown,
  training: Record<string, unknown> = {},
  inProject = { ctx, versionId },
) {
  const exp = await createExperiment({
    ctx: inProject.ctx,
    input: {
      name: `devices ${JSON.stringify(devices)}`,
      baseModel: "fake",
      datasetVersionId: inProject.versionId,
      grid: { learningRate: [1e-3], loraRank: [4], epochs: [1] },
      training: { batchSize: 1, maxSeqLen: 64, devices, ...training } as never,
      evalSuite: { metrics: ["accuracy"], primaryMetric: "accuracy" },
    },
  });
  return exp.runIds[0]!;
}

/** Dispatches with the fake worker taking `steps` steps (a long run keeps its GPUs held). */
async function dispatch(runId: string, steps = 100_000) {
  process.env.FAKE_TOTAL_STEPS = String(steps);
  const result = await dispatchRun(t.db, runId);
  const run = await row(runId);
  const pid = (run.externalRef as { state?: { pid?: number } } | null)?.state?.pid;
  return { result, run, pid };
}
const row = async (runId: string) => (await t.db.select().from(runs).where(eq(runs.id, runId)))[0]!;
const launches = (runId: string) => {
  const file = path.join(runsDir, runId, "launches.txt");
  return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : [];
};
async function pollToEnd(runId: string) {
  for (let i = 0; i < 100 && !(await pollRun(t.db, runId, { sliceMs: 2000 })); i++);
  return row(runId);
}

describe("GPU-aware local dispatch", () => {
  let pair = "";
  let single = "";

  it("starts runs on disjoint GPU sets side by side, several GPUs under torchrun", async () => {
    pair = await runAsking([0, 1]);
    single = await runAsking([2]);
    const a = await dispatch(pair);
    const b = await dispatch(single);
    expect([a.result, b.result]).toEqual(["submitted", "submitted"]);
    expect([a.run.gpus, b.run.gpus]).toEqual([[0, 1], [2]]);
    expect(isWorkerAlive(a.pid) && isWorkerAlive(b.pid)).toBe(true);
    await expect.poll(() => launches(pair).length).toBe(1);
    await expect.poll(() => launches(single).length).toBe(1);
    expect(launches(pair)).toEqual(["launcher=torchrun nproc=2 cuda=0,1"]);
    expect(launches(single)).toEqual(["launcher=python nproc=1 cuda=2"]);
  });

  it("keeps a run whose GPUs are held queued, with the reason, until the holder finishes", async () => {
    const waiting = await runAsking([1]);
    const anyOne = await runAsking(1);
    expect((await dispatch(waiting)).result).toBe("busy");
    expect((await dispatch(anyOne)).result).toBe("busy");
    const w = await row(waiting);
    const holder = await row(pair);
    expect(w.status).toBe("queued");
    expect(w.queueReason).toBe(`waiting for GPU 1 (held by run "${holder.name}" (${pair}))`);
    expect((await row(anyOne)).queueReason).toMatch(
      /^waiting for a free GPU: GPU 0 \(held by .*\), GPU 1 \(held by .*\), GPU 2 \(held by .*\)$/,
    );
    // Another project shares the machine, but not the names of this project's runs.
    const other = await makeProjectCtx(t.db, "other");
    const ds = await uploadDataset({
      ctx: other,
      input: { name: "d", trainJsonl: toChatJsonl(dateExamples(4)) },
    });
    const outsider = await runAsking([1], {}, { ctx: other, versionId: ds.versionId });
    expect((await dispatch(outsider)).result).toBe("busy");
    expect((await row(outsider)).queueReason).toBe(
      "waiting for GPU 1 (held by a run of another project)",
    );

    // The holder's worker dies (kill -9): its GPUs stay held and it restarts on the same ones.
    const pid = (await row(pair)).externalRef!.state.pid as number;
    process.kill(pid, "SIGKILL");
    await expect.poll(() => !isWorkerAlive(pid)).toBe(true);
    expect((await dispatch(waiting)).result).toBe("busy");
    process.env.FAKE_TOTAL_STEPS = "3"; // the restarted worker finishes at once
    const done = await pollToEnd(pair);
    expect(done.status).toBe("succeeded");
    expect(launches(pair)).toEqual([
      "launcher=torchrun nproc=2 cuda=0,1",
      "launcher=torchrun nproc=2 cuda=0,1",
    ]);

    // Finished: GPUs 0 and 1 are free again.
    const now = await dispatch(waiting);
    expect(now.result).toBe("submitted");
    expect(now.run).toMatchObject({ gpus: [1], queueReason: null, status: "submitted" });
    const next = await dispatch(anyOne);
    expect(next.run.gpus).toEqual([0]);
  });

  it("frees a cancelled run's GPUs once the cancel is stored", async () => {
    const after = await runAsking([2]);
    expect((await dispatch(after)).result).toBe("busy");
    await cancelRun({ ctx, input: { runId: single } });
    expect((await dispatch(after)).result).toBe("busy"); // still running until `cancelled` lands
    expect((await pollToEnd(single)).status).toBe("cancelled");
    expect((await dispatch(after)).run.gpus).toEqual([2]);
  });

  it("frees a crashed run's GPUs when it fails after its restarts", async () => {
    // Every GPU is held now (1, 0 and 2 by the runs above); free GPU 0.
    const holders = await t.db.select().from(runs).where(eq(runs.status, "submitted"));
    const onZero = holders.find((r) => r.gpus?.includes(0))!;
    await cancelRun({ ctx, input: { runId: onZero.id } });
    expect((await pollToEnd(onZero.id)).status).toBe("cancelled");

    const crashing = await runAsking([0]);
    const after = await runAsking([0]);
    process.env.FAKE_CRASH = "1";
    try {
      expect((await dispatch(crashing)).result).toBe("submitted");
      expect((await dispatch(after)).result).toBe("busy");
      const failed = await pollToEnd(crashing);
      expect(failed.status).toBe("failed");
      expect(failed.error).toMatch(/stopped 4 times without finishing/);
      expect(launches(crashing)).toEqual(Array(4).fill("launcher=python nproc=1 cuda=0"));
    } finally {
      delete process.env.FAKE_CRASH;
    }
    expect((await dispatch(after)).run.gpus).toEqual([0]);
  });

  it("fails a run that asks for more GPUs than the machine has, at once", async () => {
    const tooMany = await runAsking(4);
    expect((await dispatch(tooMany)).result).toBe("failed");
    expect(await row(tooMany)).toMatchObject({
      status: "failed",
      error: "devices asks for 4 GPUs, but this machine has 3 (GPU 0, 1, 2)",
    });
    const missing = await runAsking([3]);
    expect((await dispatch(missing)).run.error).toMatch(/GPU 3, which this machine does not have/);
  });

  it("limits CPU runs to TUNEBENCH_LOCAL_CONCURRENCY, whatever the GPUs do", async () => {
    const first = await runAsking("cpu");
    const second = await runAsking("auto", { device: "cpu" });
    const a = await dispatch(first);
    expect(a.run).toMatchObject({ status: "submitted", gpus: null });
    await expect.poll(() => launches(first)).toEqual(["launcher=python nproc=1 cuda=unset"]);
    expect((await dispatch(second)).result).toBe("busy");
    expect((await row(second)).queueReason).toBe(
      `waiting for a CPU training slot (TUNEBENCH_LOCAL_CONCURRENCY=1; in use by run "${a.run.name}" (${first}))`,
    );
  });

  it("rejects a contradictory setting when the experiment is created", async () => {
    await expect(runAsking([0], { device: "cpu" })).rejects.toThrow(/asks for no GPU/);
    await expect(runAsking([0, 0])).rejects.toThrow(/GPU indices must be unique/);
  });
});
