import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experiments, runs } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { ensureDefaultProject } from "@/server/services/projects";
import { getRunMetrics } from "@/server/services/runs/run-metrics";
import { apiToken, useApi } from "@/tests/app/api/v1/setup";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { tinyModelDir } from "@/tests/helpers/tiny-model";
import { startMlflowServer } from "./mlflow-server";

// MLflow's own Python client (mlflow-skinny, tests/requirements-dev.in) logs to Tunebench's
// MLflow-compatible API over HTTP and reads back; Tunebench's own services read the same run.

const PYTHON = path.resolve(".venv/bin/python");
const run = promisify(execFile);

type Point = { key: string; value: number; step: number };
type Report = {
  run_id: string;
  experiment_id: string;
  sent: { params: Record<string, string>; tags: Record<string, string>; metrics: Point[] };
  changed_param_error: string | null;
  read: {
    status: string;
    run_name: string;
    params: Record<string, string>;
    tags: Record<string, string>;
    latest: Record<string, number | string>;
    history: Record<string, Point[]>;
    logged: Record<string, { value: number | string; timestamp: number; step: number }[]>;
  };
  search: string[];
  order: Record<string, string[]> & { refused: Record<string, [string, string]> };
  by_name: string;
  missing: null;
};

let t: TestDb;
let restore: () => void;
let server: Awaited<ReturnType<typeof startMlflowServer>>;
let ctx: DomainCtx;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  t = await createTestDb();
  restore = useApi(t.db);
  server = await startMlflowServer();
  ctx = { db: t.db, projectId: (await ensureDefaultProject(t.db)).id, user: null };
  env = {
    ...process.env,
    MLFLOW_TRACKING_URI: server.uri,
    MLFLOW_TRACKING_TOKEN: await apiToken(t.db, "member", ["read", "write"]),
    // A failure must fail the test now, not after minutes of the client's retries.
    MLFLOW_HTTP_REQUEST_MAX_RETRIES: "0",
  };
});
afterAll(async () => {
  await server?.close();
  restore?.();
  await t?.close();
});

const byStep = (points: Point[], key: string) =>
  points.filter((p) => p.key === key).sort((a, b) => a.step - b.step);

describe("MLflow's Python client against /api/mlflow", () => {
  let report: Report;
  beforeAll(async () => {
    const script = path.resolve(import.meta.dirname, "mlflow_client.py");
    const { stdout } = await run(PYTHON, [script], { env, maxBuffer: 64 << 20 });
    report = JSON.parse(stdout.trim().split("\n").at(-1)!);
  }, 120_000);

  it("params, tags and every metric step arrive exactly, read back by mlflow's own client", () => {
    const { sent, read } = report;
    expect(read.params).toEqual(sent.params);
    expect(read.tags).toEqual(sent.tags);
    for (const key of ["loss", "lr", "single"])
      expect(read.history[key]!.sort((a, b) => a.step - b.step)).toEqual(byStep(sent.metrics, key));
    const lastLoss = byStep(sent.metrics, "loss").at(-1)!;
    expect(read.latest.loss).toBe(lastLoss.value);
    expect(read.status).toBe("FINISHED");
    expect(read.run_name).toBe("client run");
  });

  it("NaN and ±infinity read back as from an MLflow server; every value of a step is kept, an exact repeat once", async () => {
    const { logged, latest } = report.read;
    // MLflow's SQL store keeps ±infinity as ±the largest double.
    expect(logged.odd!.map((p) => [p.step, p.value])).toEqual([
      [0, "nan"],
      [1, Number.MAX_VALUE],
      [2, -Number.MAX_VALUE],
      [3, 1],
    ]);
    expect(latest.odd).toBe(1);
    const t0 = 1_700_000_000_000;
    expect(logged.repeat).toEqual([
      { value: 1, timestamp: t0, step: 5 },
      { value: 2, timestamp: t0 + 1, step: 5 },
    ]);
    // Tunebench's charts: finite values only, the latest of a step.
    const { series } = await getRunMetrics({ ctx, input: { runId: report.run_id, maxPoints: 10 } });
    expect(series.find((s) => s.name === "odd")!.points).toEqual([{ step: 3, value: 1 }]);
    expect(series.find((s) => s.name === "repeat")!.points).toEqual([{ step: 5, value: 2 }]);
  });

  it("params are write-once; search and get-by-name answer as MLflow's client expects", () => {
    expect(report.changed_param_error).toBe("INVALID_PARAMETER_VALUE");
    expect(report.search).toEqual([report.run_id]);
    expect(report.by_name).toBe(report.experiment_id);
    expect(report.missing).toBeNull();
  });

  it("search orders by MLflow's order_by, NaN and missing values last, pages exactly, refuses bad clauses", () => {
    const { refused, ...orders } = report.order;
    expect(orders).toEqual({
      default: ["e", "d", "c", "b", "a"],
      "metrics.loss DESC": ["e", "a", "d", "b", "c"],
      "metrics.loss": ["d", "a", "e", "b", "c"],
      "params.lr DESC,attributes.run_name": ["d", "b", "e", "a", "c"],
      created: ["a", "b", "c", "d", "e"],
      paged: ["e", "a", "d", "b", "c"],
    });
    for (const clause of ["metrics.loss sideways", "attributes.bogus", "datasets.name"]) {
      const [code, message] = refused[clause]!;
      expect(code).toBe("INVALID_PARAMETER_VALUE");
      expect(message).toContain(clause);
    }
  });

  it("the run is an external run of an external experiment, its metrics in Tunebench's own store", async () => {
    const [row] = await t.db.select().from(runs).where(eq(runs.id, report.run_id));
    expect(row!.status).toBe("succeeded");
    expect(row!.externalRef?.backend).toBe("external");
    expect(row!.mlflow?.params).toEqual(report.sent.params);
    const [experiment] = await t.db
      .select()
      .from(experiments)
      .where(eq(experiments.id, report.experiment_id));
    expect(experiment).toMatchObject({
      backend: "external",
      baseModel: null,
      datasetVersionId: null,
    });
    const { series } = await getRunMetrics({
      ctx,
      input: { runId: report.run_id, maxPoints: 100_000 },
    });
    for (const key of ["loss", "lr", "single"])
      expect(series.find((s) => s.name === key)!.points).toEqual(
        byStep(report.sent.metrics, key).map(({ step, value }) => ({ step, value })),
      );
  });
});

describe("transformers.Trainer with report_to='mlflow' against /api/mlflow", () => {
  type TrainerReport = {
    run_id: string;
    sent: { params: Record<string, string>; metrics: Point[] };
    read: { status: string; params: Record<string, string>; history: Record<string, Point[]> };
  };
  let report: TrainerReport;
  beforeAll(async () => {
    const script = path.resolve(import.meta.dirname, "transformers_trainer.py");
    const out = mkdtempSync(path.join(tmpdir(), "tb-hf-mlflow-"));
    const { stdout } = await run(PYTHON, [script, tinyModelDir(), out], {
      env: { ...env, MLFLOW_EXPERIMENT_NAME: "transformers" },
      maxBuffer: 64 << 20,
    });
    report = JSON.parse(stdout.trim().split("\n").at(-1)!);
  }, 180_000);

  it("every param the callback sends and every logged number at every step arrive exactly", () => {
    expect(report.read.params).toEqual(report.sent.params);
    expect(report.read.status).toBe("FINISHED");
    const loss = report.sent.metrics.filter((p) => p.key === "loss");
    expect(loss.map((p) => p.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // Every logged value arrives; the Trainer logs `epoch` twice at the last step with the same
    // value, kept once if both calls fell in the same millisecond (an exact repeat), else twice.
    const tally = (points: Point[]) => {
      const counts = new Map<string, number>();
      for (const p of points) {
        const id = `${p.key}@${p.step}=${p.value}`;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    };
    const sent = tally(report.sent.metrics);
    const read = tally(Object.values(report.read.history).flat());
    expect([...read.keys()].sort()).toEqual([...sent.keys()].sort());
    for (const [id, n] of read) expect(n, id).toBeLessThanOrEqual(sent.get(id)!);
    for (const [key, points] of Object.entries(report.read.history))
      expect(
        points.map((p) => p.step),
        key,
      ).toEqual(byStep(points, key).map((p) => p.step));
  });
});

describe("Lightning's MLFlowLogger against /api/mlflow", () => {
  type LightningReport = {
    run_id: string;
    sent: { params: Record<string, string> };
    logged: Point[];
    read: { status: string; params: Record<string, string>; history: Record<string, Point[]> };
  };
  let report: LightningReport;
  beforeAll(async () => {
    const script = path.resolve(import.meta.dirname, "lightning_logger.py");
    const { stdout } = await run(PYTHON, [script], { env, maxBuffer: 64 << 20 });
    report = JSON.parse(stdout.trim().split("\n").at(-1)!);
  }, 120_000);

  it("hyperparameters, every metric at every step and the final status arrive exactly", async () => {
    expect(report.read.params).toEqual(report.sent.params);
    expect(report.read.status).toBe("FINISHED");
    const steps = report.logged.filter((p) => p.key === "train_loss").map((p) => p.step);
    expect(steps).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const keys = [...new Set(report.logged.map((p) => p.key))].sort();
    expect(keys).toEqual(["epoch", "train_loss", "weight_norm"]);
    for (const key of keys)
      expect(report.read.history[key], key).toEqual(byStep(report.logged, key));
    const [row] = await t.db.select().from(runs).where(eq(runs.id, report.run_id));
    expect([row!.name, row!.status, row!.externalRef?.backend]).toEqual([
      "lightning run",
      "succeeded",
      "external",
    ]);
  });
});
