import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runs } from "@/drizzle/schema";
import { handleMlflow } from "@/server/api/mlflow";
import type { DomainCtx } from "@/server/ctx";
import { exportExperiment } from "@/server/services/export";
import { ingestMetrics } from "@/server/services/ingest";
import { ensureDefaultProject } from "@/server/services/projects";
import { getRunMetrics } from "@/server/services/runs/run-metrics";
import { getSeries } from "@/server/services/series";
import { apiToken, useApi } from "@/tests/app/api/v1/setup";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

// How metric points logged through /api/mlflow are kept: every logged (key, value, timestamp,
// step) for MLflow's reads, as an MLflow server keeps them, while Tunebench's charts, summaries
// and exports see one finite value per step.

let t: TestDb;
let restore: () => void;
let ctx: DomainCtx;
let writer: string;
const NOW = 1_760_000_000_000;

beforeAll(async () => {
  t = await createTestDb();
  restore = useApi(t.db);
  ctx = { db: t.db, projectId: (await ensureDefaultProject(t.db)).id, user: null };
  writer = await apiToken(t.db, "member", ["read", "write"]);
});
afterAll(async () => {
  restore?.();
  await t?.close();
});

type Body = Record<string, unknown> & { error_code?: string };
async function call(method: string, path: string, body?: unknown, query = "") {
  const res = await handleMlflow(
    new Request(`http://localhost/api/mlflow/api/2.0/mlflow/${path}${query && `?${query}`}`, {
      method,
      headers: { authorization: `Bearer ${writer}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    ["api", "2.0", "mlflow", ...path.split("/")],
  );
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Body;
}

async function newRun(name: string) {
  const exp = await call("POST", "experiments/create", { name });
  const created = await call("POST", "runs/create", {
    experiment_id: exp.experiment_id,
    start_time: NOW,
  });
  return {
    experimentId: exp.experiment_id as string,
    runId: (created.run as { info: { run_id: string } }).info.run_id,
  };
}

type Point = { key: string; value: number | string; timestamp: number; step: number };
const history = async (runId: string, key: string, extra = "") =>
  (await call("GET", "metrics/get-history", undefined, `run_id=${runId}&metric_key=${key}${extra}`))
    .metrics as Point[];
const chart = async (runId: string) =>
  Object.fromEntries(
    (await getRunMetrics({ ctx, input: { runId, maxPoints: 1000 } })).series.map((s) => [
      s.name,
      s.points,
    ]),
  );
const point = (key: string, value: number | string, step: number, dt = 0): Point => ({
  key,
  value,
  timestamp: NOW + dt,
  step,
});

describe("NaN and ±infinity", () => {
  it("are kept for MLflow's reads as an MLflow server answers them, and skipped by charts, summaries and exports", async () => {
    const { experimentId, runId } = await newRun("non-finite");
    const sent = [
      point("loss", 1.5, 0),
      point("loss", "NaN", 1),
      point("loss", "Infinity", 2),
      point("loss", "-Infinity", 3),
      point("loss", 0.25, 4),
      point("loss", "NaN", 5),
      point("only_nan", "NaN", 0),
    ];
    await call("POST", "runs/log-batch", { run_id: runId, metrics: sent });
    await call("POST", "runs/log-metric", { run_id: runId, ...point("loss", "NaN", 5) });
    // MLflow's SQL store keeps ±infinity as ±the largest double and answers NaN as "NaN".
    const answered = (v: number | string) =>
      v === "Infinity" ? Number.MAX_VALUE : v === "-Infinity" ? -Number.MAX_VALUE : v;
    expect(await history(runId, "loss")).toEqual(
      sent.slice(0, 6).map((p) => ({ ...p, value: answered(p.value) })),
    );
    const got = await call("GET", "runs/get", undefined, `run_id=${runId}`);
    const latest = (got.run as { data: { metrics: Point[] } }).data.metrics;
    expect(latest.sort((a, b) => a.key.localeCompare(b.key))).toEqual([sent[5], sent[6]]);

    expect(await chart(runId)).toEqual({
      loss: [
        { step: 0, value: 1.5 },
        { step: 4, value: 0.25 },
      ],
    });
    // The chart's series (tiles and envelopes): finite numbers only; a key logged only as NaN
    // has no series to draw.
    const { series } = await getSeries({
      ctx,
      input: { runIds: [runId], names: ["loss", "only_nan"] },
    });
    expect(
      series.map((x) => [x.name, x.total, x.points.map((p) => [p.x, p.y, p.min, p.max])]),
    ).toEqual([
      [
        "loss",
        2,
        [
          [0, 1.5, 1.5, 1.5],
          [4, 0.25, 0.25, 0.25],
        ],
      ],
    ]);
    const [row] = await t.db.select().from(runs).where(eq(runs.id, runId));
    expect(row!.summary).toEqual({ loss: 0.25 });
    const exported = await new Response(
      await exportExperiment({ ctx, input: { experimentId, what: "metrics", format: "json" } }),
    ).json();
    expect(exported.map((r: { step: number; value: number }) => [r.step, r.value])).toEqual([
      [0, 1.5],
      [4, 0.25],
    ]);
  });
});

describe("MLflow's append semantics", () => {
  it("keeps every logged value of a step, an exact repeat once; charts show the latest", async () => {
    const { runId } = await newRun("append");
    const log = (metrics: Point[]) => call("POST", "runs/log-batch", { run_id: runId, metrics });
    const batches = [
      [point("acc", 0.5, 0, 0)],
      [point("acc", 0.6, 0, 10), point("acc", 0.5, 0, 0)], // a second value; an exact repeat
      // Repeats of the kept point and of a displaced one, within one request.
      [point("acc", 0.8, 1, 15), point("acc", 0.9, 1, 20), point("acc", 0.9, 1, 20)],
      [point("acc", 0.8, 1, 15), point("acc", 0.8, 1, 15)],
      [point("acc", 0.7, 1, 5)], // older than the charted value of step 1: kept, not charted
    ];
    for (const b of batches) await log(b);
    const expected = [
      point("acc", 0.5, 0, 0),
      point("acc", 0.6, 0, 10),
      point("acc", 0.7, 1, 5),
      point("acc", 0.8, 1, 15),
      point("acc", 0.9, 1, 20),
    ];
    expect(await history(runId, "acc")).toEqual(expected);
    expect((await chart(runId)).acc).toEqual([
      { step: 0, value: 0.6 },
      { step: 1, value: 0.9 },
    ]);
    // A client retrying its requests changes nothing.
    for (const b of batches) await log(b);
    expect(await history(runId, "acc")).toEqual(expected);

    // Pages split a step's values without repeating or losing one.
    const paged: Point[] = [];
    let token: string | undefined;
    do {
      const page = await call(
        "GET",
        "metrics/get-history",
        undefined,
        `run_id=${runId}&metric_key=acc&max_results=2${token ? `&page_token=${token}` : ""}`,
      );
      paged.push(...(page.metrics as Point[]));
      token = page.next_page_token as string | undefined;
    } while (token);
    expect(paged).toEqual(expected);
  });

  it("leaves the first-wins idempotency of /api/v1 ingestion as it was", async () => {
    const { runId } = await newRun("v1 beside mlflow");
    const ingest = (value: number) =>
      ingestMetrics({ ctx, input: { runId, points: [{ name: "m", step: 3, value }] } });
    expect((await ingest(1)).inserted).toBe(1);
    expect((await ingest(2)).inserted).toBe(0);
    expect((await chart(runId)).m).toEqual([{ step: 3, value: 1 }]);
  });
});
