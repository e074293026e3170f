import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { SuiteMetric } from "@/server/schemas/experiments";
import { cachedPValue, type Evaluated, referenceStreams, rememberPValue } from "./compare-runs";
import type { StatsReply, StatsRequest } from "./stats-thread";

type Pending = { resolve: (p: number) => void; reject: (e: Error) => void };
type Thread = { worker: Worker; pending: Map<number, Pending>; failed: Error | null };

// One thread, reused: the refresh's tests run one at a time, and the machines this serves have
// few cores. It holds the process open only while a test is pending.
let thread: Thread | null = null;
let nextId = 0;

function spawnThread(): Worker {
  // Next bundles the entry (and evals) into a JavaScript chunk of its own.
  if (process.env.NEXT_RUNTIME) return new Worker(new URL("./stats-thread.ts", import.meta.url));
  // Run from source (tsx, vitest), the entry is TypeScript, and Node 20's threads do not inherit
  // tsx's loader: tsx's API loads it, with the same tsconfig paths.
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), "stats-thread.ts");
  const load = `import("tsx/esm/api").then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(load, { eval: true });
}

function startThread(): Thread {
  const worker = spawnThread();
  worker.unref();
  const t: Thread = { worker, pending: new Map(), failed: null };
  const failAll = (error: Error) => {
    t.failed ??= error;
    if (thread === t) thread = null;
    for (const p of t.pending.values()) p.reject(error);
    t.pending.clear();
  };
  worker.on("message", (r: StatsReply) => {
    const p = t.pending.get(r.call);
    if (!p) return;
    t.pending.delete(r.call);
    if (t.pending.size === 0) worker.unref();
    if ("error" in r) p.reject(new Error(r.error));
    else p.resolve(r.pValue);
  });
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`the statistics thread exited (code ${code})`)));
  return t;
}

const post = (t: Thread, m: StatsRequest) => t.worker.postMessage(m);

/**
 * `pValueComparer` (compare-runs.ts) computed in the statistics thread: the same evals function on
 * the same samples, so the same p-values bit for bit, and the same process-wide memo. `close`
 * frees the systems in the thread.
 */
export function threadComparer(
  metric: SuiteMetric,
  byEvaluation: Map<string, Evaluated>,
  references: string[][],
) {
  thread ??= startThread();
  const t = thread;
  const batch = nextId++;
  const systems = [...byEvaluation].map(([id, e]): [string, Evaluated] => [
    id,
    { outputs: e.outputs, sampleScores: e.sampleScores },
  ]);
  post(t, { kind: "open", batch, metric, systems, references: referenceStreams(references) });
  return {
    async pValue(a: string, b: string): Promise<number> {
      const hit = cachedPValue(metric, a, b);
      if (hit !== undefined) return hit;
      // Its thread died with this batch's systems: the refresh fails, and its retry starts anew.
      if (t.failed) throw t.failed;
      const call = nextId++;
      const p = await new Promise<number>((resolve, reject) => {
        if (t.pending.size === 0) t.worker.ref();
        t.pending.set(call, { resolve, reject });
        post(t, { kind: "test", batch, call, a, b });
      });
      rememberPValue(metric, a, b, p);
      return p;
    },
    close: () => {
      if (thread === t) post(t, { kind: "close", batch });
    },
  };
}

/** Ends the statistics thread (server and worker shutdown); the next test starts a fresh one. */
export async function closeStatsThread(): Promise<void> {
  const t = thread;
  thread = null;
  if (t) await t.worker.terminate();
}
