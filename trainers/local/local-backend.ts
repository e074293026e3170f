import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type {
  ExternalRef,
  GenerateRequest,
  PolledEvent,
  Prediction,
  RunContext,
  RunSpec,
  TrainingBackend,
} from "../types";
import { isTerminalEvent } from "../types";
import { parseWorkerLine } from "./events";
import { generateLocal } from "./generate";
import { likelihoodLocal } from "./likelihood";
import { isWorkerAlive, killWorkerGroup, lastLogLines, signalWorker, spawnWorker } from "./process";
import { toWorkerTrainSpec, trainingLines } from "./spec";
import { readLinesFrom } from "./tail";
import { validateLocalSpec } from "./validate";

// How often a worker that died without a terminal event (kill -9, OOM, machine restart) is
// restarted with --resume before the run is failed.
const MAX_RESTARTS = 3;
// stderr lines get seq numbers above any byte offset of the events file, so both streams share
// one (run, seq) identity space for exactly-once log storage.
const STDERR_SEQ_BASE = 2 ** 40;
const MAX_LOG_LINE = 2000;

type LocalState = {
  runDir: string;
  pid: number;
  /** The GPUs the run was given (CUDA_VISIBLE_DEVICES), kept so a restart uses the same ones. */
  gpus: number[] | null;
  restarts: number;
  stderrCursor: number;
  finished: boolean;
};

const files = (runDir: string) => ({
  events: path.join(runDir, "events.jsonl"),
  stderr: path.join(runDir, "worker.log"),
  spec: path.join(runDir, "spec.json"),
  pid: path.join(runDir, "worker.pid"),
  gpus: path.join(runDir, "worker.gpus.json"),
  cancel: path.join(runDir, "cancel-requested"),
});

function stateOf(ref: ExternalRef): LocalState {
  const s = ref.state as Partial<LocalState>;
  if (typeof s.runDir !== "string")
    throw new Error(`local backend: ref for ${ref.id} has no runDir`);
  return {
    runDir: s.runDir,
    pid: s.pid ?? 0,
    gpus: s.gpus ?? null,
    restarts: s.restarts ?? 0,
    stderrCursor: s.stderrCursor ?? 0,
    finished: s.finished ?? false,
  };
}

const withState = (ref: ExternalRef, cursor: number, state: LocalState): ExternalRef => ({
  ...ref,
  cursor: String(cursor),
  state,
});

async function startTrain(runDir: string, resume: boolean, gpus: number[] | null) {
  const f = files(runDir);
  const pid = spawnWorker(
    ["train", "--spec", f.spec, "--out", runDir, ...(resume ? ["--resume"] : [])],
    { stdout: f.events, stderr: f.stderr },
    gpus,
  );
  await writeFile(f.gpus, JSON.stringify(gpus));
  await writeFile(f.pid, String(pid));
  return pid;
}

export const localBackend: TrainingBackend = {
  kind: "local",

  validate: validateLocalSpec,

  async submit(spec: RunSpec, ctx: RunContext): Promise<ExternalRef> {
    const runDir = path.resolve(ctx.workDir);
    const f = files(runDir);
    const gpus = ctx.gpus?.length ? ctx.gpus : null;
    const ref = (pid: number, on: number[] | null): ExternalRef => ({
      backend: "local",
      id: ctx.runId,
      cursor: "0",
      state: { runDir, pid, gpus: on, restarts: 0, stderrCursor: 0, finished: false },
    });
    // A dispatch that crashed after spawning but before its ref was stored must not start a
    // second trainer on the same folder: reattach to it (on the GPUs it was started on), or
    // resume what it left.
    const previous = existsSync(f.pid) ? Number(await readFile(f.pid, "utf8")) : 0;
    if (isWorkerAlive(previous)) {
      const on = JSON.parse(await readFile(f.gpus, "utf8").catch(() => "null")) as number[] | null;
      return ref(previous, on);
    }
    await mkdir(runDir, { recursive: true });
    const resume = existsSync(f.events);
    if (!resume) {
      const lines = trainingLines(spec);
      await writeFile(path.join(runDir, "train.jsonl"), lines.train);
      if (lines.eval !== null) await writeFile(path.join(runDir, "eval.jsonl"), lines.eval);
      const worker = toWorkerTrainSpec(spec, {
        train: path.join(runDir, "train.jsonl"),
        eval: lines.eval !== null ? path.join(runDir, "eval.jsonl") : null,
      });
      await writeFile(f.spec, JSON.stringify(worker, null, 2));
    }
    return ref(await startTrain(runDir, resume, gpus), gpus);
  },

  async *poll(ref: ExternalRef, opts: { waitMs?: number } = {}): AsyncIterable<PolledEvent> {
    let state = stateOf(ref);
    let cursor = Number(ref.cursor ?? 0);
    if (state.finished) return;
    const f = files(state.runDir);
    const deadline = Date.now() + (opts.waitMs ?? 0);
    for (;;) {
      const stderr = await readLinesFrom(f.stderr, state.stderrCursor);
      const events = await readLinesFrom(f.events, cursor);
      let yielded = stderr.lines.length > 0;
      if (stderr.lines.length) {
        state = { ...state, stderrCursor: stderr.next };
        for (const line of stderr.lines) {
          const event = {
            type: "log",
            time: Date.now() / 1000,
            level: "info",
            message: line.text.slice(0, MAX_LOG_LINE),
          } as const;
          yield { event, seq: STDERR_SEQ_BASE + line.at, ref: withState(ref, cursor, state) };
        }
      }
      for (const line of events.lines) {
        cursor = line.end;
        const event = parseWorkerLine(line.text, `${f.events}@${line.at}`);
        if (!event) continue;
        if (isTerminalEvent(event)) state = { ...state, finished: true };
        yielded = true;
        yield { event, seq: line.at, ref: withState(ref, cursor, state) };
        if (state.finished) return;
      }
      cursor = events.next;
      if (yielded) return;
      if (!isWorkerAlive(state.pid)) {
        // Read once more: the worker may have written its last line just before exiting.
        if ((await readLinesFrom(f.events, cursor)).lines.length) continue;
        yield* recoverDeadWorker(ref, cursor, state);
        return;
      }
      if (Date.now() >= deadline) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  },

  async cancel(ref: ExternalRef): Promise<void> {
    const state = stateOf(ref);
    await writeFile(files(state.runDir).cancel, new Date().toISOString());
    // The worker finishes its step, checkpoints and reports `cancelled`; poll stores that.
    signalWorker(state.pid, "SIGTERM");
  },

  async *generate(req: GenerateRequest): AsyncIterable<Prediction> {
    yield* await generateLocal(req);
  },

  likelihood: likelihoodLocal,
};

async function* recoverDeadWorker(
  ref: ExternalRef,
  cursor: number,
  state: LocalState,
): AsyncIterable<PolledEvent> {
  const f = files(state.runDir);
  const time = Date.now() / 1000;
  // Ranks of a torchrun whose launcher died would keep their GPUs; a restart must not share them.
  killWorkerGroup(state.pid, state.runDir);
  if (existsSync(f.cancel)) {
    const done = { ...state, finished: true };
    yield {
      event: { type: "cancelled", time, step: 0 },
      seq: -100,
      ref: withState(ref, cursor, done),
    };
    return;
  }
  if (state.restarts >= MAX_RESTARTS) {
    const error = `the worker stopped ${MAX_RESTARTS + 1} times without finishing; last log lines:\n${await lastLogLines(f.stderr)}`;
    yield {
      event: { type: "failed", time, error },
      seq: -101,
      ref: withState(ref, cursor, { ...state, finished: true }),
    };
    return;
  }
  await rm(f.pid, { force: true });
  const pid = await startTrain(state.runDir, true, state.gpus);
  const next = { ...state, pid, restarts: state.restarts + 1 };
  const message = `worker process ${state.pid} stopped without finishing; restarted it with --resume (restart ${next.restarts} of ${MAX_RESTARTS})`;
  yield {
    event: { type: "log", time, level: "warning", message },
    seq: -next.restarts,
    ref: withState(ref, cursor, next),
  };
}
