import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { metricsBody } from "@/bench/ingest/run";
import { type Server, startTunebench } from "@/bench/servers";
import { seedRuns } from "@/bench/tunebench-seed";
import { openDb } from "@/server/db";
import { mlflowClient, startMlflow } from "./mlflow";

export const METRIC = "train/loss";
export const LISTING_RUNS = 1000;

/** One system under test, started fresh on an empty store; every call is one client request
 *  sequence, the same work on both sides. */
export type Target = {
  server: Server;
  /** Runs to ingest into (created before any timing). */
  runs: string[];
  /** Request bodies of one series, prepared before timing: `size`-point batches. */
  bodies(runId: string, points: number, size: number): string[];
  post(runId: string, body: string): Promise<void>;
  /** A chart of one series, maxPoints 1,000: what each one's UI asks for. */
  chart(runId: string): Promise<void>;
  /** 1,000 runs with their params and latest metrics; returns the count. */
  listing(): Promise<number>;
  /** Every point of one series; returns the count. */
  export(runId: string): Promise<number>;
  cleanup(): Promise<void>;
};

/** Listing data for both: 1,000 runs with five params and three metrics of two steps each. */
const listingMetrics = (i: number) =>
  ["train/loss", "eval/loss", "eval/accuracy"].flatMap((name, k) =>
    [1, 2].map((step) => ({ name, step, value: (i % 97) / 97 + k + step / 10 })),
  );

export async function tunebenchTarget(ingestRuns: number): Promise<Target> {
  const dir = mkdtempSync(path.join(tmpdir(), "tb-vs-mlflow-"));
  const pgliteDir = path.join(dir, "pglite");
  const { db, close } = await openDb({ dataDir: pgliteDir });
  const listing = await seedRuns(db, "listing", LISTING_RUNS);
  const ingestion = await seedRuns(db, "ingestion", ingestRuns);
  await close();
  const server = await startTunebench({ pgliteDir });
  const post = async (runId: string, body: string) => {
    const res = await fetch(`${server.url}/api/v1/runs/${runId}/metrics`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    if (!res.ok) throw new Error(`ingest ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };
  for (const [i, runId] of listing.runIds.entries())
    await post(runId, JSON.stringify({ points: listingMetrics(i) }));
  return {
    server,
    runs: ingestion.runIds,
    bodies: (_runId, points, size) =>
      Array.from({ length: Math.ceil(points / size) }, (_, k) =>
        metricsBody(k * size, Math.min(size, points - k * size), METRIC),
      ),
    post,
    async chart(runId) {
      const input = { json: { runIds: [runId], names: [METRIC], maxPoints: 1000 } };
      const res = await fetch(
        `${server.url}/api/trpc/series.get?input=${encodeURIComponent(JSON.stringify(input))}`,
      );
      if (!res.ok) throw new Error(`series.get ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    },
    async listing() {
      let n = 0;
      for (const offset of [0, 500]) {
        const res = await fetch(
          `${server.url}/api/v1/runs?experimentId=${listing.experimentId}&limit=500&offset=${offset}`,
        );
        if (!res.ok) throw new Error(`runs ${res.status}: ${await res.text()}`);
        n += ((await res.json()) as { rows: unknown[] }).rows.length;
      }
      return n;
    },
    async export(runId) {
      const res = await fetch(
        `${server.url}/api/v1/experiments/${ingestion.experimentId}/export?what=metrics&format=csv&run=${runId}&metric=${encodeURIComponent(METRIC)}`,
      );
      if (!res.ok) throw new Error(`export ${res.status}: ${await res.text()}`);
      return (await res.text()).trimEnd().split("\r\n").length - 1;
    },
    async cleanup() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function mlflowTarget(ingestRuns: number): Promise<Target> {
  const dir = mkdtempSync(path.join(tmpdir(), "mlflow-vs-tb-"));
  const server = await startMlflow(dir);
  try {
    const c = mlflowClient(server.url);
    const listingExperiment = await c.createExperiment("listing");
    for (let i = 0; i < LISTING_RUNS; i++) {
      const runId = await c.createRun(listingExperiment, `run-${i + 1}`);
      const params = {
        learningRate: (1 + (i % 10)) * 1e-4,
        loraRank: 4 << (i % 4),
        epochs: 1 + (i % 3),
        batchSize: 8 << (i % 2),
        seed: i + 1,
      };
      await c.logBatch(
        runId,
        listingMetrics(i).map((m) => ({
          key: m.name,
          value: m.value,
          step: m.step,
          timestamp: Date.now(),
        })),
        Object.entries(params).map(([key, value]) => ({ key, value: String(value) })),
      );
    }
    const ingestExperiment = await c.createExperiment("ingestion");
    const runs: string[] = [];
    for (let i = 0; i < ingestRuns; i++) runs.push(await c.createRun(ingestExperiment, `run-${i}`));
    return {
      server,
      runs,
      bodies: (runId, points, size) =>
        Array.from({ length: Math.ceil(points / size) }, (_, k) => {
          const from = k * size;
          return JSON.stringify({
            run_id: runId,
            metrics: Array.from({ length: Math.min(size, points - from) }, (_, i) => ({
              key: METRIC,
              step: from + i,
              value: 2.5 / Math.sqrt(from + i + 1) + ((from + i) % 7) * 1e-3,
              timestamp: Math.round((1.7e9 + (from + i) * 0.1) * 1000),
            })),
          });
        }),
      async post(_runId, body) {
        const res = await fetch(`${server.url}/api/2.0/mlflow/runs/log-batch`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        if (!res.ok) throw new Error(`log-batch ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      },
      async chart(runId) {
        await c.chart(runId, METRIC, 1000);
      },
      listing: () => c.search(listingExperiment, LISTING_RUNS),
      export: (runId) => c.history(runId, METRIC),
      async cleanup() {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
