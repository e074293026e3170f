import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { pythonPath, repoRoot, workerEnv } from "../local/process";
import type { JudgeAnswer, JudgeChat, JudgeMessage } from "./types";

type Pending = { resolve: (a: JudgeAnswer) => void; reject: (e: Error) => void };

/**
 * A judge served by `python -m worker judge` (trainers/local/worker/judge.py): started on the
 * first call, fed one request per stdin line, answering one JSON line each, until closed. The model
 * loads once for the whole judging; one request is decoded at a time (concurrency 1).
 */
export function createLocalJudgeChat(o: { model: string; maxNewTokens?: number }): JudgeChat {
  let child: ChildProcessWithoutNullStreams | null = null;
  let failure: Error | null = null;
  let stderr = "";
  let next = 0;
  const pending = new Map<string, Pending>();
  const failAll = (e: Error) => {
    failure ??= e;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
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
      const p = pending.get(String(ev.id));
      if (!p) return;
      pending.delete(String(ev.id));
      if (ev.type === "judgment_error") p.reject(new Error(`local judge: ${String(ev.error)}`));
      else if (ev.type === "judgment")
        p.resolve({
          text: String(ev.text ?? ""),
          promptTokens: Number(ev.prompt_tokens) || 0,
          completionTokens: Number(ev.completion_tokens) || 0,
          costUsd: null,
        });
    });
    return c;
  };

  return {
    concurrency: 1,
    complete(messages: JudgeMessage[]) {
      if (failure) return Promise.reject(failure);
      child ??= start();
      const id = String(++next);
      return new Promise<JudgeAnswer>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child!.stdin.write(`${JSON.stringify({ id, messages })}\n`);
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
