import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/server/db";
import { type RepeatPolicy, type StoredPoint, storePoints } from "@/server/services/metric-store";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { storedPoints } from "@/tests/helpers/metrics";
import { type Fixture, makeExperiment } from "../runs-table/fixture";

let t: TestDb;
let f: Fixture;
beforeAll(async () => {
  t = await createTestDb();
  f = await makeExperiment(t.db);
});
afterAll(() => t?.close());

const store = (runId: string, points: StoredPoint[], policy: RepeatPolicy = "first") =>
  t.db.transaction((tx) => storePoints(tx as unknown as Db, runId, points, policy));
const p = (step: number, value: number, name = "loss"): StoredPoint => ({
  name,
  step,
  value,
  time: 1_700_000_000_000 + step,
});
const chunks = async (runId: string) =>
  (
    await t.db.execute<{
      name: string;
      chunk: number;
      n: number;
      first_step: number;
      last_step: number;
      last_value: number;
    }>(sql`SELECT name, chunk, n, first_step, last_step, last_value FROM run_metric_chunks
      WHERE run_id = ${runId} ORDER BY name, chunk`)
  ).rows;

describe("storePoints", () => {
  it("splits a batch into 1,000-step chunks whose summaries match their points", async () => {
    const runId = f.runIds[0]!;
    const r = await store(runId, [
      ...Array.from({ length: 2500 }, (_, i) => p(i, i / 10)),
      p(7, 1, "other"),
    ]);
    expect(r.inserted).toBe(2501);
    expect([...r.changed]).toEqual([
      ["loss", { lowest: 0, highest: 2499 }],
      ["other", { lowest: 7, highest: 7 }],
    ]);
    expect(await chunks(runId)).toEqual([
      { name: "loss", chunk: 0, n: 1000, first_step: 0, last_step: 999, last_value: 99.9 },
      { name: "loss", chunk: 1, n: 1000, first_step: 1000, last_step: 1999, last_value: 199.9 },
      { name: "loss", chunk: 2, n: 500, first_step: 2000, last_step: 2499, last_value: 249.9 },
      { name: "other", chunk: 0, n: 1, first_step: 7, last_step: 7, last_value: 1 },
    ]);
    const stored = await storedPoints(t.db, runId);
    expect(stored.filter((x) => x.name === "loss").map((x) => [x.step, x.value, x.time])).toEqual(
      Array.from({ length: 2500 }, (_, i) => [i, i / 10, 1_700_000_000_000 + i]),
    );
  });

  it("merges late, overlapping and repeated points: the first value of a step stays", async () => {
    const runId = f.runIds[1]!;
    await store(runId, [p(10, 1), p(30, 3), p(2000, 5)]);
    // Out of order, a repeat within the batch, steps already stored and new ones between them.
    const r = await store(runId, [
      p(20, 2),
      p(30, -1),
      p(5, 0.5),
      p(20, -2),
      p(2500, 6),
      p(10, -1),
    ]);
    expect(r.inserted).toBe(3);
    expect([...r.changed]).toEqual([["loss", { lowest: 5, highest: 2500 }]]);
    expect((await storedPoints(t.db, runId)).map((x) => [x.step, x.value])).toEqual([
      [5, 0.5],
      [10, 1],
      [20, 2],
      [30, 3],
      [2000, 5],
      [2500, 6],
    ]);
    expect((await chunks(runId)).map((c) => [c.chunk, c.n, c.last_step, c.last_value])).toEqual([
      [0, 4, 30, 3],
      [2, 2, 2500, 6],
    ]);
  });

  it("changes nothing when a batch is replayed", async () => {
    const runId = f.runIds[2]!;
    const batch = Array.from({ length: 3000 }, (_, i) => p(i * 2, Math.sin(i)));
    await store(runId, batch);
    const before = await t.db.execute<{ chunk: number; xmin: string }>(
      sql`SELECT chunk, xmin::text FROM run_metric_chunks WHERE run_id = ${runId} ORDER BY chunk`,
    );
    const again = await store(runId, [...batch].reverse());
    expect(again).toEqual({ inserted: 0, changed: new Map(), displaced: [] });
    // Not even rewritten: the row versions are the same.
    const after = await t.db.execute<{ chunk: number; xmin: string }>(
      sql`SELECT chunk, xmin::text FROM run_metric_chunks WHERE run_id = ${runId} ORDER BY chunk`,
    );
    expect(after.rows).toEqual(before.rows);
  });

  it("policy 'latest': the latest timestamp holds a step, the other points come back displaced", async () => {
    const runId = f.runIds[3]!;
    const at = (step: number, value: number, time: number): StoredPoint => ({
      name: "loss",
      step,
      value,
      time,
    });
    await store(runId, [at(1, 1, 100), at(2, 2, 100), at(3, 3, 100)], "latest");
    const r = await store(
      runId,
      [at(2, 2.5, 200), at(3, 3.5, 50), at(1, 1, 100), at(4, 4, 100), at(4, 4.5, 90)],
      "latest",
    );
    expect(r.inserted).toBe(1);
    // Step 2 replaced and step 4 new change the series; step 3's older point and step 1's exact
    // repeat do not.
    expect([...r.changed]).toEqual([["loss", { lowest: 2, highest: 4 }]]);
    expect(r.displaced.map((x) => [x.step, x.value]).sort()).toEqual([
      [2, 2],
      [3, 3.5],
      [4, 4.5],
    ]);
    expect((await storedPoints(t.db, runId)).map((x) => [x.step, x.value])).toEqual([
      [1, 1],
      [2, 2.5],
      [3, 3],
      [4, 4],
    ]);
  });
});
