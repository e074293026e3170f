import path from "node:path";
import type { Server } from "@/bench/servers";
import { freePort, startServer } from "@/bench/servers";

const VENV = path.resolve(import.meta.dirname, ".venv");

/** MLflow's tracking server on its SQLite store in `dir`, 4 workers (bench/vs-mlflow/setup.sh). */
export async function startMlflow(dir: string): Promise<Server> {
  const port = await freePort();
  return startServer({
    command: path.join(VENV, "bin/mlflow"),
    args: [
      "server",
      "--backend-store-uri",
      `sqlite:///${dir}/mlflow.db`,
      "--default-artifact-root",
      `${dir}/artifacts`,
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--workers",
      "4",
      // uvicorn restarts a worker that does not answer its health check within 5 s; importing
      // MLflow takes longer than that on a busy machine, and the workers never come up.
      "--uvicorn-opts",
      "--timeout-worker-healthcheck 120",
    ],
    env: { MLFLOW_TRACKING_URI: "" },
    url: `http://127.0.0.1:${port}`,
    ready: "/health",
    timeoutMs: 300_000,
  });
}

/** The REST calls the benchmark makes, as MLflow's own clients make them. */
export function mlflowClient(url: string) {
  const call = async <T>(method: "GET" | "POST", p: string, body?: unknown): Promise<T> => {
    const res = await fetch(url + p, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`MLflow ${method} ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    async createExperiment(name: string): Promise<string> {
      return (
        await call<{ experiment_id: string }>("POST", "/api/2.0/mlflow/experiments/create", {
          name,
        })
      ).experiment_id;
    },
    async createRun(experimentId: string, name: string): Promise<string> {
      const r = await call<{ run: { info: { run_id: string } } }>(
        "POST",
        "/api/2.0/mlflow/runs/create",
        { experiment_id: experimentId, run_name: name, start_time: Date.now() },
      );
      return r.run.info.run_id;
    },
    /** runs/log-batch: at most 1,000 metrics (MLflow's limit) and 100 params per call. */
    logBatch(
      runId: string,
      metrics: { key: string; value: number; timestamp: number; step: number }[],
      params: { key: string; value: string }[] = [],
    ) {
      return call("POST", "/api/2.0/mlflow/runs/log-batch", { run_id: runId, metrics, params });
    },
    /** What MLflow's UI reads for a chart: a sampled history of up to maxResults points. */
    chart(runId: string, key: string, maxResults: number) {
      const q = new URLSearchParams({
        run_ids: runId,
        metric_key: key,
        max_results: String(maxResults),
      });
      return call<{ metrics: unknown[] }>(
        "GET",
        `/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval?${q}`,
      );
    },
    /** Every point of one series, paged (MLflow's export path: metrics/get-history). */
    async history(runId: string, key: string): Promise<number> {
      let n = 0,
        token: string | undefined;
      for (let page = 0; page < 10_000; page++) {
        const q = new URLSearchParams({ run_id: runId, metric_key: key, max_results: "25000" });
        if (token) q.set("page_token", token);
        const r = await call<{ metrics?: unknown[]; next_page_token?: string }>(
          "GET",
          `/api/2.0/mlflow/metrics/get-history?${q}`,
        );
        n += r.metrics?.length ?? 0;
        token = r.next_page_token;
        if (!token) return n;
      }
      throw new Error("get-history: too many pages");
    },
    /** runs/search: runs with their params and latest metrics. */
    async search(experimentId: string, maxResults: number): Promise<number> {
      const r = await call<{ runs?: unknown[] }>("POST", "/api/2.0/mlflow/runs/search", {
        experiment_ids: [experimentId],
        max_results: maxResults,
      });
      return r.runs?.length ?? 0;
    },
  };
}
