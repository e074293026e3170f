import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { pythonPath, repoRoot, workerEnv } from "../local/process";
import type { JudgeAnswer, JudgeChat, JudgeMessage } from "./types";

type Pending = { resolve: (a: JudgeAnswer) => void; reject: (e: Error) => void };
type Queued = { id: string; messages: JudgeMessage[] };
const BATCH_WAIT_MS = 25;

export type LocalJudgeChat = JudgeChat & {
  /** The batches sent to the worker so far: each is one batch generation. */
  readonly batches: number;
};

/**
 * A judge served by `python -m worker judge` (trainers/local/worker/judge.py): started on the
 * first call and fed until closed, so the model loads once for the whole judging. Calls that
 * arrive together go to the worker as one stdin line, up to `batchSize` of them, and are decoded
 * in one greedy batch generation; calls arriving meanwhile wait for the next batch. Each answer
 * still resolves its own call, so the service stores (and budgets) every call as before.
 */
export function createLocalJudgeChat(o: {
  model: string;
  maxNewTokens?: number;
  batchSize?: number;
}): LocalJudgeChat {
  const batchSize = Math.max(1, o.batchSize ?? 8);
  let child: ChildProcessWithoutNullStreams | null = null;
  let failure: Error | null = null;
  let stderr = "";
  let next = 0;
  let batches = 0;
  let inFlight = 0;
  let flushing = false;
  const queue: Queued[] = [];
  const pending = new Map<string, Pending>();
  const failAll = (e: Error) => {
    failure ??= e;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
    queue.length = 0;
  };
  // One batch at a time: the worker decodes a line before reading the next, and calls that queue
  // up meanwhile make a fuller batch than a line each would.
  const flush = () => {
    flushing = false;
    if (inFlight > 0 || queue.length === 0 || failure) return;
    const requests = queue.splice(0, batchSize);
    inFlight = requests.length;
    batches++;
    child ??= start();
    child.stdin.write(`${JSON.stringify({ requests })}\n`);
  };
  // The service answers a batch's calls by committing each and then asking the next, so the next
  // batch waits a moment (short beside a generation) for them, unless it is full already.
  const schedule = () => {
    if (queue.length >= batchSize && inFlight === 0) return flush();
    if (flushing) return;
    flushing = true;
    setTimeout(flush, BATCH_WAIT_MS);
  };
  const settle = (id: string, outcome: (p: Pending) => void) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    inFlight--;
    outcome(p);
    if (inFlight === 0) schedule();
  };

  const start = () => {
    const c = spawn(
      pythonPath(),
      [
        "-m",
        "worker",
        "judge",
        "--model",
        o.model,
        "--max-new-tokens",
        String(o.maxNewTokens ?? 512),
      ],
      { cwd: repoRoot, env: workerEnv(), stdio: ["pipe", "pipe", "pipe"] },
    );
    c.stderr.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    c.on("error", (e) => failAll(new Error(`could not start the Python worker: ${e.message}`)));
    c.on("exit", (code) =>
      failAll(new Error(`the local judge worker exited (${code}): ${stderr.trim().slice(-1000)}`)),
    );
    createInterface({ input: c.stdout }).on("line", (line) => {
      let ev: Record<string, unknown>;
      try {
        ev = JSON.parse(line);
      } catch {
        return;
      }
      if (ev.type === "failed") return failAll(new Error(`local judge: ${String(ev.error)}`));
      if (ev.type === "judgment_error")
        settle(String(ev.id), (p) => p.reject(new Error(`local judge: ${String(ev.error)}`)));
      else if (ev.type === "judgment")
        settle(String(ev.id), (p) =>
          p.resolve({
            text: String(ev.text ?? ""),
            promptTokens: Number(ev.prompt_tokens) || 0,
            completionTokens: Number(ev.completion_tokens) || 0,
            costUsd: null,
          }),
        );
    });
    return c;
  };

  return {
    concurrency: batchSize,
    get batches() {
      return batches;
    },
    complete(messages: JudgeMessage[]) {
      if (failure) return Promise.reject(failure);
      const id = String(++next);
      return new Promise<JudgeAnswer>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        queue.push({ id, messages });
        schedule();
      });
    },
    async close() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((r) => child!.once("exit", r));
      child.stdin.end();
      await exited;
    },
  };
}
