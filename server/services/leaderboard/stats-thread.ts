/**
 * The leaderboard refresh's statistics thread (started by stats-thread-pool.ts): evals' paired
 * tests, off the main thread. A batch holds one refresh chunk's systems, so its tests share their
 * segment statistics as they do in `pairedComparer`.
 */
import { parentPort } from "node:worker_threads";
import { type PairedMetric, type PairedSystem, pairedComparer } from "@/evals";

export type StatsRequest =
  | {
      kind: "open";
      batch: number;
      metric: PairedMetric;
      systems: [string, PairedSystem][];
      references: (string | null)[][];
    }
  | { kind: "test"; batch: number; call: number; a: string; b: string }
  | { kind: "close"; batch: number };
export type StatsReply = { call: number; pValue: number } | { call: number; error: string };

const port = parentPort;
if (!port) throw new Error("stats-thread.ts runs only as a worker thread (stats-thread-pool.ts)");
const batches = new Map<number, (a: string, b: string) => number>();

port.on("message", (m: StatsRequest) => {
  if (m.kind === "open") {
    const systems = new Map(m.systems);
    const systemOf = (id: string) => {
      const s = systems.get(id);
      if (!s) throw new Error(`stats thread: no samples for evaluation ${id}`);
      return s;
    };
    batches.set(m.batch, pairedComparer(m.metric, systemOf, m.references));
  } else if (m.kind === "close") batches.delete(m.batch);
  else {
    let reply: StatsReply;
    try {
      const compare = batches.get(m.batch);
      if (!compare) throw new Error(`stats thread: batch ${m.batch} was never opened here`);
      reply = { call: m.call, pValue: compare(m.a, m.b) };
    } catch (e) {
      reply = { call: m.call, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(reply);
  }
});
