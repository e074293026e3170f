import { asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/v1/experiments/[id]/export/route";
import { evaluationSamples, evaluations, runMetrics, runs } from "@/drizzle/schema";
import { setRequestDb } from "@/server/db";
import { IngestMetricsRequest } from "@/server/schemas/ingest";
import { csvRow, exportExperiment, parseCsv } from "@/server/services/export";
import { ingestMetrics } from "@/server/services/ingest";
import { setRunTags } from "@/server/services/runs-table";
import { createToken } from "@/server/services/tokens";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
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
    await ingestMetrics(
      t.db,
      { projectId: f.ctx.projectId!, runId },
      IngestMetricsRequest.parse({
        points: ["train/loss", 'a,b "odd" name'].flatMap((name) =>
          Array.from({ length: 2600 }, (_, s) => ({
            name,
            step: s,
            value: Math.sin(s + k) / 3,
            time: 1.7e9 + s / 7,
          })),
        ),
      }),
    );
  }
  await setRunTags({ ctx: f.ctx, input: { runId: f.runIds[0]!, tags: ['say "x"', "keep"] } });
});
afterAll(() => t?.close());

const text = async (what: "runs" | "metrics" | "samples", format: "csv" | "json") =>
  new Response(
    await exportExperiment(t.db, f.ctx.projectId!, f.experimentId, { what, format }),
  ).text();

function fromCsv(body: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(body);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

describe("export", () => {
  it("round-trips metric points through CSV and JSON, across pages", async () => {
    const db = await t.db
      .select()
      .from(runMetrics)
      .where(inArray(runMetrics.runId, f.runIds))
      .orderBy(asc(runMetrics.runId), asc(runMetrics.name), asc(runMetrics.step));
    expect(db).toHaveLength(2 * 2 * 2600);
    const expected = db.map((m) => ({
      run_id: m.runId,
      name: m.name,
      step: m.step,
      value: m.value,
      time: m.time.toISOString(),
    }));
    expect(JSON.parse(await text("metrics", "json"))).toEqual(expected);
    const csv = fromCsv(await text("metrics", "csv")).map((r) => ({
      ...r,
      step: Number(r.step),
      value: Number(r.value),
    }));
    expect(csv).toEqual(expected);
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

  it("exports runs with hyperparameters, tags and scores", async () => {
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
      expect((await get("missing", "what=runs")).status).toBe(404);
      expect((await get(f.experimentId, "what=runs", "Bearer tb_wrong")).status).toBe(401);
      const other = await makeExperiment(t.db, "other");
      expect(
        await new Response(
          await exportExperiment(t.db, other.ctx.projectId!, other.experimentId, {
            what: "samples",
            format: "json",
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
