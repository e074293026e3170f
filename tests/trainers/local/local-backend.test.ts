import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localBackend } from "@/trainers/local/local-backend";
import { isWorkerAlive } from "@/trainers/local/process";
import type { BackendEvent, ExternalRef, PolledEvent, RunSpec } from "@/trainers/types";

// The local backend against a fake worker (fake-python.sh) that speaks the same protocol.
const spec: RunSpec = {
  baseModel: "fake",
  train: [
    [
      { role: "user", content: "q" },
      { role: "assistant", content: "a" },
    ],
  ],
  eval: null,
  lora: { r: 4, alpha: 8, dropout: 0, targetModules: null, useRslora: false },
  quantization: null,
  training: {
    epochs: 1,
    maxSteps: null,
    learningRate: 1e-3,
    batchSize: 1,
    gradAccum: 1,
    warmupSteps: 0,
    weightDecay: 0,
    maxSeqLen: 64,
    seed: 1,
    logEvery: 1,
  },
  device: "cpu",
};
let root = "";
const saved = process.env.TUNEBENCH_PYTHON;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "tb-local-"));
  process.env.TUNEBENCH_PYTHON = path.resolve("tests/trainers/local/fake-python.sh");
});
afterAll(() => {
  process.env.TUNEBENCH_PYTHON = saved;
});

/** Polls like the runs service does: storing the ref after every batch, until a terminal event. */
async function drain(ref: ExternalRef, until: (e: BackendEvent) => boolean = () => false) {
  const seen: PolledEvent[] = [];
  for (let i = 0; i < 400; i++) {
    for await (const e of localBackend.poll(ref, { waitMs: 200 })) {
      seen.push(e);
      ref = e.ref;
      if (until(e.event)) return { seen, ref };
    }
    if (seen.some((e) => ["completed", "failed", "cancelled"].includes(e.event.type)))
      return { seen, ref };
  }
  throw new Error("no terminal event");
}
const launches = (runId: string) =>
  readFileSync(path.join(root, runId, "launches.txt"), "utf8")
    .trim()
    .split("\n");
/** Alive and not a zombie (an exited child of this test process that nobody reaped yet). */
function processExists(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}
const steps = (seen: PolledEvent[]) =>
  seen.flatMap((e) => (e.event.type === "metric" ? [e.event.step] : []));

describe("localBackend", () => {
  it("trains to completion and reports every metric once, in order", async () => {
    const ref = await localBackend.submit(spec, { runId: "a", workDir: path.join(root, "a") });
    const { seen } = await drain(ref);
    expect(steps(seen)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(seen.at(-1)!.event).toMatchObject({
      type: "completed",
      step: 20,
      adapterPath: path.join(root, "a", "adapter"),
    });
    expect(
      seen.some((e) => e.event.type === "log" && e.event.message.includes("training from step 0")),
    ).toBe(true);
    expect(new Set(seen.map((e) => e.seq)).size).toBe(seen.length);
  });

  it("continues from a stored cursor without repeating events (a restarted server reattaches)", async () => {
    process.env.FAKE_STEP_S = "0.1";
    const ref = await localBackend.submit(spec, { runId: "b", workDir: path.join(root, "b") });
    const first = await drain(ref, (e) => e.type === "metric" && e.step === 5);
    // A new poll from the stored ref, as after a restart: the worker kept running meanwhile.
    const rest = await drain(first.ref);
    expect([...steps(first.seen), ...steps(rest.seen)]).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    delete process.env.FAKE_STEP_S;
  });

  it("restarts a worker that died without finishing with --resume", async () => {
    process.env.FAKE_STEP_S = "0.1";
    const ref = await localBackend.submit(spec, { runId: "c", workDir: path.join(root, "c") });
    const first = await drain(ref, (e) => e.type === "metric" && e.step === 4);
    process.kill((first.ref.state as { pid: number }).pid, "SIGKILL");
    const rest = await drain(first.ref);
    const restart = rest.seen.find(
      (e) => e.event.type === "log" && e.event.message.includes("--resume"),
    );
    expect(restart).toBeDefined();
    expect((restart!.ref.state as { restarts: number }).restarts).toBe(1);
    const all = [...steps(first.seen), ...steps(rest.seen)];
    expect(new Set(all)).toEqual(new Set(Array.from({ length: 20 }, (_, i) => i + 1)));
    expect(rest.seen.at(-1)!.event.type).toBe("completed");
    delete process.env.FAKE_STEP_S;
  });

  it("cancels with SIGTERM and reports cancelled", async () => {
    process.env.FAKE_STEP_S = "0.2";
    const ref = await localBackend.submit(spec, { runId: "d", workDir: path.join(root, "d") });
    const first = await drain(ref, (e) => e.type === "metric");
    await localBackend.cancel(first.ref);
    const rest = await drain(first.ref);
    expect(rest.seen.at(-1)!.event.type).toBe("cancelled");
    expect(steps(rest.seen).length).toBeLessThan(19);
    delete process.env.FAKE_STEP_S;
  });

  it("generates predictions in prompt order", async () => {
    const out = [];
    const prompts = ["p2", "p1", "p3"].map((id) => ({
      id,
      messages: [{ role: "user" as const, content: id }],
    }));
    for await (const p of localBackend.generate({
      baseModel: "fake",
      ref: null,
      adapterPath: null,
      prompts,
      settings: { maxNewTokens: 4, temperature: 0, topP: 1, stop: [] },
      workDir: path.join(root, "gen"),
    }))
      out.push(p);
    expect(out).toEqual([
      { id: "p2", output: "out-p2" },
      { id: "p1", output: "out-p1" },
      { id: "p3", output: "out-p3" },
    ]);
  });

  it("starts several GPUs under torchrun with CUDA_VISIBLE_DEVICES, and one GPU without", async () => {
    process.env.FAKE_STEP_S = "0.01";
    const two = await localBackend.submit(spec, {
      runId: "g2",
      workDir: path.join(root, "g2"),
      gpus: [1, 3],
    });
    const one = await localBackend.submit(spec, {
      runId: "g1",
      workDir: path.join(root, "g1"),
      gpus: [2],
    });
    expect((await drain(two)).seen.at(-1)!.event.type).toBe("completed");
    expect((await drain(one)).seen.at(-1)!.event.type).toBe("completed");
    expect(launches("g2")).toEqual(["launcher=torchrun nproc=2 cuda=1,3"]);
    expect(launches("g1")).toEqual(["launcher=python nproc=1 cuda=2"]);
    delete process.env.FAKE_STEP_S;
  });

  it("kills the ranks a dead torchrun left behind, then resumes on the same GPUs", async () => {
    process.env.FAKE_STEP_S = "0.1";
    const ref = await localBackend.submit(spec, {
      runId: "orphans",
      workDir: path.join(root, "orphans"),
      gpus: [0, 1],
    });
    const first = await drain(ref, (e) => e.type === "metric" && e.step === 3);
    const rank = Number(readFileSync(path.join(root, "orphans", "rank.pid"), "utf8"));
    expect(isWorkerAlive(rank) || processExists(rank)).toBe(true);
    process.kill((first.ref.state as { pid: number }).pid, "SIGKILL");
    const rest = await drain(first.ref);
    expect(processExists(rank)).toBe(false);
    expect(rest.seen.at(-1)!.event.type).toBe("completed");
    expect(launches("orphans")).toEqual(Array(2).fill("launcher=torchrun nproc=2 cuda=0,1"));
    delete process.env.FAKE_STEP_S;
  });

  it("refuses a spec it cannot run before starting anything", () => {
    const issues = localBackend.validate({
      ...spec,
      baseModel: "/nope/model",
      train: [],
      quantization: { type: "nf4", doubleQuant: true },
    });
    expect(issues.map((i) => i.field)).toEqual(["baseModel", "train", "quantization"]);
  });
});
