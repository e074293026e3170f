import { asc, eq, type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/v1/experiments/[id]/export/route";
import { evaluationSamples, evaluations, runs } from "@/drizzle/schema";
import { setRequestDb } from "@/server/db";
import type { ExportQuery } from "@/server/schemas/export";
import { IngestMetricsRequest } from "@/server/schemas/ingest";
import {
  chunkKeysSql,
  chunkPageSql,
  csvRow,
  exportExperiment,
  parseCsv,
} from "@/server/services/export";
import { ingestMetrics } from "@/server/services/ingest";
import { setRunTags } from "@/server/services/runs-table";
import { createToken } from "@/server/services/tokens";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { insertPoints, storedPoints } from "@/tests/helpers/metrics";
import { addEvaluation, type Fixture, makeExperiment } from "../runs-table/fixture";

let t: TestDb;
let f: Fixture;
// Hostile text: commas, quotes, CR/LF, unicode, a leading quote.
const nasty = ["a,b", 'say "hi"', "two\r\nlines", "ünï ✓", '"quoted"', "", "x\ny"];
beforeAll(async () => {
  t = await createTestDb();
  f = await makeExperiment(t.db);
  for (const [k, runId] of f.runIds.slice(0, 2).entries()) {
    await addEvaluation(
      t.db,
      f,
      runId,
      nasty.map((s, i) => ({
        prompt: `${s} ${i}`,
        reference: s,
        output: k ? s : `${s}!`,
        chrf: 10 * i + k,
        accuracy: k * 100,
      })),
    );
    // 2,600 points per series crosses the export's page size for metrics (10,000) with 4 series.
    await ingestMetrics({
      ctx: f.ctx,
      input: {
        runId,
        ...IngestMetricsRequest.parse({
          points: ["train/loss", 'a,b "odd" name'].flatMap((name) =>
            Array.from({ length: 2600 }, (_, s) => ({
              name,
              step: s,
              value: Math.sin(s + k) / 3,
              time: 1.7e9 + s / 7,
            })),
          ),
        }),
      },
    });
  }
  await setRunTags({ ctx: f.ctx, input: { runId: f.runIds[0]!, tags: ['say "x"', "keep"] } });
});
afterAll(() => t?.close());

const text = async (
  what: ExportQuery["what"],
  format: ExportQuery["format"],
  filters: Pick<ExportQuery, "run" | "metric"> = {},
) =>
  new Response(
    await exportExperiment({
      ctx: f.ctx,
      input: { experimentId: f.experimentId, what, format, ...filters },
    }),
  ).text();

/** Every node of an EXPLAIN (FORMAT JSON) plan. */
function planNodes(plan: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (node: Record<string, unknown>) => {
    out.push(node);
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  const root = (typeof plan === "string" ? JSON.parse(plan) : plan) as { Plan: object }[];
  walk(root[0]!.Plan as Record<string, unknown>);
  return out;
}

function fromCsv(body: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(body);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

describe("export", () => {
  it("round-trips metric points through CSV and JSON, across pages", async () => {
    const db = (await storedPoints(t.db)).filter((p) => f.runIds.includes(p.runId));
    expect(db).toHaveLength(2 * 2 * 2600);
    const expected = db.map((m) => ({
      run_id: m.runId,
      name: m.name,
      step: m.step,
      value: m.value,
      time: new Date(m.time).toISOString(),
    }));
    expect(JSON.parse(await text("metrics", "json"))).toEqual(expected);
    const csv = fromCsv(await text("metrics", "csv")).map((r) => ({
      ...r,
      step: Number(r.step),
      value: Number(r.value),
    }));
    expect(csv).toEqual(expected);
  });

  it("filters to runs and metric names, and refuses runs of other experiments", async () => {
    const [a, b] = f.runIds as [string, string];
    const rows = (
      body: string,
    ): { run_id: string; name: string; step: number; value: number; time: string }[] =>
      JSON.parse(body);
    const one = rows(await text("metrics", "json", { run: [b], metric: ['a,b "odd" name'] }));
    expect(one).toHaveLength(2600);
    expect(new Set(one.map((r) => `${r.run_id} ${r.name}`))).toEqual(
      new Set([`${b} a,b "odd" name`]),
    );
    expect(one.map((r) => r.step)).toEqual(Array.from({ length: 2600 }, (_, s) => s));
    const both = rows(await text("metrics", "json", { run: [b, a], metric: ["train/loss"] }));
    expect(both.map((r) => r.run_id)).toEqual(
      [...f.runIds.slice(0, 2)].sort().flatMap((id) => Array<string>(2600).fill(id)),
    );
    expect(rows(await text("metrics", "json", { metric: ["nope"] }))).toEqual([]);
    const runRows = JSON.parse(await text("runs", "json", { run: [b] })) as { id: string }[];
    expect(runRows.map((r) => r.id)).toEqual([b]);
    const sampleRows = JSON.parse(await text("samples", "json", { run: [a] })) as {
      run_id: string;
    }[];
    expect(sampleRows.map((r) => r.run_id)).toEqual(Array(nasty.length).fill(a));
    const other = await makeExperiment(t.db, "filter-other");
    await expect(text("metrics", "json", { run: [other.runIds[0]!] })).rejects.toThrow(/not found/);
    await expect(text("runs", "json", { metric: ["train/loss"] })).rejects.toThrow(/what=metrics/);
  });

  it("reads every metrics page by an index range scan, whatever else the database holds", async () => {
    // Another experiment's runs hold many more chunks than the exported ones.
    const other = await makeExperiment(t.db, "bulk");
    for (const runId of other.runIds)
      await insertPoints(
        t.db,
        runId,
        Array.from({ length: 40_000 }, (_, s) => ({ name: "train/loss", step: s * 3, value: s })),
      );
    const explain = async (q: SQL) => {
      const { rows } = await t.db.execute<{ "QUERY PLAN": unknown }>(
        sql`EXPLAIN (ANALYZE, FORMAT JSON) ${q}`,
      );
      const nodes = planNodes(rows[0]!["QUERY PLAN"]);
      const chunkScans = nodes.filter((n) => n["Relation Name"] === "run_metric_chunks");
      expect(chunkScans.length).toBeGreaterThan(0);
      // Each read of the table is pinned to one run's range of the primary key: an index scan,
      // or a bitmap heap scan over a bitmap index scan of that range.
      for (const scan of chunkScans) {
        const range =
          scan["Node Type"] === "Bitmap Heap Scan"
            ? (scan.Plans as Record<string, unknown>[])[0]!
            : scan;
        expect(range).toMatchObject({
          "Node Type": expect.stringMatching(/^(Bitmap )?Index (Only )?Scan$/),
          "Index Name": "run_metric_chunks_run_id_name_chunk_pk",
          "Index Cond": expect.stringMatching(/run_id = /),
        });
      }
      // Rows read from the table: what the query returns, nothing of the other runs.
      return chunkScans.reduce(
        (n, s) => n + Number(s["Actual Rows"]) * Number(s["Actual Loops"] ?? 1),
        0,
      );
    };
    const runs = sql`SELECT id FROM unnest(${`{${f.runIds[0]},${f.runIds[1]}}`}::text[]) AS r(id)`;
    expect(await explain(chunkKeysSql(runs, null))).toBe(4 * 3); // 2 runs × 2 names × 3 chunks
    expect(await explain(chunkKeysSql(runs, ["train/loss"]))).toBe(2 * 3);
    const page = [0, 1, 2].map((chunk) => ({ runId: f.runIds[0]!, name: "train/loss", chunk }));
    expect(await explain(chunkPageSql(page))).toBe(3);
  });

  it("round-trips per-sample results with hostile text (RFC 4180 quoting)", async () => {
    const db = await t.db
      .select({
        runId: evaluations.runId,
        idx: evaluationSamples.idx,
        prompt: evaluationSamples.prompt,
        reference: evaluationSamples.reference,
        output: evaluationSamples.output,
        primaryScore: evaluationSamples.primaryScore,
        scores: evaluationSamples.scores,
      })
      .from(evaluationSamples)
      .innerJoin(evaluations, eq(evaluations.id, evaluationSamples.evaluationId))
      .orderBy(asc(evaluations.runId), asc(evaluationSamples.idx));
    const expected = db.map((s) => ({
      run_id: s.runId,
      idx: s.idx,
      prompt: s.prompt,
      reference: s.reference,
      output: s.output,
      primary_score: s.primaryScore,
      scores: s.scores,
    }));
    expect(JSON.parse(await text("samples", "json"))).toEqual(expected);
    const raw = fromCsv(await text("samples", "csv"));
    const csv = raw.map((r) => ({
      ...r,
      idx: Number(r.idx),
      primary_score: Number(r.primary_score),
      scores: JSON.parse(r.scores!),
    }));
    expect(csv).toEqual(expected);
    expect(raw.map((r) => r.reference)).toContain("two\r\nlines");
  });

  it("exports runs with hyperparameters, tags, scores and peak memory", async () => {
    await t.db.update(runs).set({ peakMemBytes: 6_442_450_944 }).where(eq(runs.id, f.runIds[1]!));
    const rows = JSON.parse(await text("runs", "json")) as Record<string, unknown>[];
    const all = await t.db
      .select()
      .from(runs)
      .where(eq(runs.experimentId, f.experimentId))
      .orderBy(asc(runs.index), asc(runs.id));
    expect(rows.map((r) => r.id)).toEqual(all.map((r) => r.id));
    expect(rows.map((r) => r.hyperparams)).toEqual(all.map((r) => r.hyperparams));
    expect(rows.map((r) => r.tags)).toEqual(all.map((r) => r.tags));
    const first = rows.find((r) => r.id === f.runIds[1])!;
    expect(first.scores).toEqual({ chrf: expect.any(Number), accuracy: 100 });
    const csv = fromCsv(await text("runs", "csv"));
    expect(csv.map((r) => JSON.parse(r.tags!))).toEqual(all.map((r) => r.tags));
    // Bigger than 2^32: stored and exported as bytes, exactly; unknown stays empty, not 0.
    expect(rows.map((r) => r.peak_mem_bytes)).toEqual(all.map((r) => r.peakMemBytes));
    expect(first.peak_mem_bytes).toBe(6_442_450_944);
    expect(csv.find((r) => r.id === f.runIds[1])!.peak_mem_bytes).toBe("6442450944");
    expect(csv.find((r) => r.id === f.runIds[0])!.peak_mem_bytes).toBe("");
    expect(csvRow(['a"b', "c,d", 1, null])).toBe('"a""b","c,d",1,\r\n');
  });

  it("serves the route with a read token, and an empty JSON array for nothing", async () => {
    setRequestDb(t.db);
    const prev = process.env.TUNEBENCH_AUTH;
    process.env.TUNEBENCH_AUTH = "multi";
    try {
      const member = await createTestCtx(t.db, { role: "member", projectId: f.ctx.projectId! });
      const { secret } = await createToken({ ctx: member, input: { name: "t", scopes: ["read"] } });
      const get = (id: string, qs: string, auth = `Bearer ${secret}`) =>
        exportRoute(
          new Request(`http://localhost/api/v1/experiments/${id}/export?${qs}`, {
            headers: { authorization: auth },
          }),
          { params: Promise.resolve({ id }) },
        );
      const res = await get(f.experimentId, "what=samples&format=csv");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/csv/);
      expect(fromCsv(await res.text())).toHaveLength(2 * nasty.length);
      expect((await get(f.experimentId, "what=nope")).status).toBe(400);
      const filtered = await get(
        f.experimentId,
        `what=metrics&format=json&run=${f.runIds[1]}&metric=train%2Floss&metric=train%2Floss`,
      );
      expect(filtered.status).toBe(200);
      expect((await filtered.json()) as unknown[]).toHaveLength(2600);
      const tooMany = Array.from({ length: 1001 }, (_, i) => `run=r${i}`).join("&");
      const refused = await get(f.experimentId, `what=metrics&${tooMany}`);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(await refused.json())).toContain("run");
      expect((await get("missing", "what=runs")).status).toBe(404);
      expect((await get(f.experimentId, "what=runs", "Bearer tb_wrong")).status).toBe(401);
      const other = await makeExperiment(t.db, "other");
      expect(
        await new Response(
          await exportExperiment({
            ctx: other.ctx,
            input: { experimentId: other.experimentId, what: "samples", format: "json" },
          }),
        ).json(),
      ).toEqual([]);
    } finally {
      setRequestDb(null);
      if (prev === undefined) delete process.env.TUNEBENCH_AUTH;
      else process.env.TUNEBENCH_AUTH = prev;
    }
  });
});
