import { sql } from "drizzle-orm";
import type { Db } from "@/server/db";
import { notFound } from "@/server/errors";
import type { StreamPointsEvent, StreamQuery } from "@/server/schemas/series";
import { intArray, textArray } from "@/server/services/ingest/pg-array";
import {
  CHUNK_STEPS,
  type PackedChunkRow,
  packedColumns,
  unpackChunk,
} from "@/server/services/metric-store";
import { type RunX, xMapper } from "./x-axis";

export type StreamOptions = { pollMs?: number; heartbeatMs?: number; signal?: AbortSignal };

/** Chunks (up to 1,000 points each) read per (run, name) per poll: a long backlog arrives over
 *  several polls, in order. */
const CHUNKS_PER_POLL = 5;

/**
 * Server-sent events of new metric points. Append-only: a cursor per (run, name) starts at the
 * client's `after` step for the run and moves to the last step sent, so every point is sent once
 * and history the client already holds is never re-read. A point that arrives later with a step
 * at or below its cursor (out of order) is not sent; a reload picks it up through series.get.
 * Comment lines (": ping") every heartbeatMs keep proxies from closing an idle stream. The loop
 * stops when the client goes away (signal aborted or the stream cancelled).
 */
export async function streamPoints(
  db: Db,
  projectId: string,
  q: StreamQuery,
  opts: StreamOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  const pollMs = opts.pollMs ?? 1000,
    heartbeatMs = opts.heartbeatMs ?? 15_000;
  const runIds = [...new Set(q.runIds)];
  const { rows: runs } = await db.execute<RunX & { id: string }>(sql`
    SELECT id, step, epoch, tokens_seen, total_steps, hyperparams -> 'epochs' AS epochs FROM runs
    WHERE id = ANY(${textArray(runIds)}) AND project_id = ${projectId}`);
  if (runs.length !== runIds.length) throw notFound("Run");
  const toX = new Map(runs.map((r) => [r.id, xMapper(q.x, r)]));
  const pairs = runIds.flatMap((runId) =>
    q.names.map((name) => ({ runId, name, cursor: q.after[runId] ?? -1 })),
  );
  const encoder = new TextEncoder();
  let stopped = false;
  let wake: (() => void) | null = null;
  const stop = () => {
    stopped = true;
    wake?.();
  };
  opts.signal?.addEventListener("abort", stop, { once: true });
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!stopped) controller.enqueue(encoder.encode(text));
      };
      send("retry: 3000\n\n");
      let lastBeat = Date.now();
      try {
        while (!stopped) {
          const { rows } = await db.execute<PackedChunkRow & { i: number }>(sql`
            SELECT k.i, ${packedColumns(true)}
            FROM unnest(${textArray(pairs.map((p) => p.runId))}, ${textArray(pairs.map((p) => p.name))}, ${intArray(pairs.map((p) => p.cursor))},
                        ${intArray(pairs.map((_, i) => i))}) AS k(r, n, s, i)
            CROSS JOIN LATERAL (SELECT * FROM run_metric_chunks c WHERE c.run_id = k.r AND c.name = k.n
              AND c.chunk >= floor((k.s + 1)::float8 / ${CHUNK_STEPS}) AND c.last_step > k.s ORDER BY c.chunk LIMIT ${CHUNKS_PER_POLL}) c
            ORDER BY k.i, c.chunk`);
          const groups = new Map<number, StreamPointsEvent>();
          const full = new Map<number, number>();
          for (const r of rows) {
            const pair = pairs[r.i]!;
            const chunk = unpackChunk(r);
            full.set(r.i, (full.get(r.i) ?? 0) + 1);
            let g = groups.get(r.i);
            if (!g) {
              g = { runId: pair.runId, name: pair.name, points: [] };
              groups.set(r.i, g);
            }
            const x = toX.get(pair.runId)!;
            for (let j = 0; j < chunk.steps.length; j++) {
              const step = chunk.steps[j]!;
              if (step <= pair.cursor) continue;
              g.points.push({ x: x({ step, time: chunk.times![j]! }), y: chunk.values[j]!, step });
            }
          }
          for (const [i, g] of groups) {
            if (g.points.length === 0) continue;
            pairs[i]!.cursor = g.points[g.points.length - 1]!.step;
            send(`event: points\ndata: ${JSON.stringify(g)}\n\n`);
          }
          if (Date.now() - lastBeat >= heartbeatMs) {
            send(": ping\n\n");
            lastBeat = Date.now();
          }
          // A pair that filled its chunks has more waiting: poll again at once.
          if (![...full.values()].some((n) => n === CHUNKS_PER_POLL))
            await sleep(Math.min(pollMs, heartbeatMs));
        }
      } catch (e) {
        if (!stopped) controller.error(e);
        return;
      }
      try {
        controller.close();
      } catch {
        // already closed by a cancel
      }
    },
    cancel() {
      stop();
    },
  });
}
