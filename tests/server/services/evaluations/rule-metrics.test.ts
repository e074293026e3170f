import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { evaluationSamples, evaluations, gateVerdicts, runs } from "@/drizzle/schema";
import { rankRuns } from "@/evals";
import type { ApiErrorBody } from "@/server/api/errors";

// Generation answers with the outputs the test chose for the adapter ("baseline": none).
vi.mock("@/server/services/settings/project-backend", async (importOriginal) =>
  (await import("@/tests/helpers/fake-generate")).withScriptedOutputs(importOriginal),
);

const { createExperiment } = await import("@/server/services/experiments");
const { getLeaderboard, refreshLeaderboard } = await import("@/server/services/leaderboard");
const { createTestDb } = await import("@/tests/helpers/db");
const { dateExamples, makeProjectCtx, uploadDates } = await import("@/tests/helpers/domain");
const { landRun } = await import("@/tests/helpers/land-run");
const { api, apiToken, useApi } = await import("@/tests/app/api/v1/setup");

const EVAL = dateExamples(40, 100);
// Every reference is "<day> <Month> <year>", e.g. "12 May 2023".
const DATE = "^\\d{1,2} [A-Z][a-z]+ \\d{4}$";
const RULES = [
  { kind: "regex" as const, name: "is-date", pattern: DATE },
  { kind: "contains" as const, name: "no-idea", value: "IDEA", ignoreCase: true, negate: true },
  { kind: "lengthBounds" as const, name: "short", unit: "words" as const, max: 2 },
  { kind: "validJson" as const, name: "json" },
  {
    kind: "jsonSchema" as const,
    name: "dated",
    schema: { type: "object", required: ["date"], properties: { date: { pattern: DATE } } },
  },
];

let t: Awaited<ReturnType<typeof createTestDb>>;
let ctx: Awaited<ReturnType<typeof makeProjectCtx>>;
let versionId = "";
beforeAll(async () => {
  t = await createTestDb();
  ctx = await makeProjectCtx(t.db, "rules");
  versionId = await uploadDates(ctx, EVAL);
});
afterAll(() => t?.close());

const suite = (extra: Record<string, unknown> = {}) => ({
  metrics: ["accuracy" as const],
  primaryMetric: "rule:is-date" as const,
  rules: RULES,
  ...extra,
});
const create = (evalSuite: Record<string, unknown>) =>
  createExperiment({
    ctx,
    input: {
      name: "rules",
      baseModel: "tiny",
      datasetVersionId: versionId,
      grid: { learningRate: [1e-4], loraRank: [4], epochs: [1] },
      evalSuite: evalSuite as never,
    },
  });

async function land(run: { id: string; isBaseline: boolean }, outputs: string[]) {
  expect(await landRun(t.db, run, outputs)).toBe("evaluated");
}

describe("rule metrics through the evaluation service", () => {
  it("scores every rule 0/100 per sample, stores pass rates with CIs, ranks, tests and gates on them", async () => {
    const gates = [{ metric: "rule:no-idea", min: 90, baseline: "baseline", alpha: 0.05 }];
    const exp = await create(suite({ gates }));
    const [baseline, run] = await t.db
      .select()
      .from(runs)
      .where(eq(runs.experimentId, exp.id))
      .orderBy(runs.index);
    // The baseline answers nonsense on 30 of 40 items, the run on 2; run item 5 is JSON.
    const references = EVAL.map((e) => e.completion);
    const baselineOut = references.map((r, i) => (i < 30 ? "no idea at all, sorry" : r));
    const runOut = references.map((r, i) =>
      i < 2 ? "no idea" : i === 5 ? JSON.stringify({ date: r }) : r,
    );
    await land(baseline!, baselineOut);
    await land(run!, runOut);

    const [evaluation] = await t.db
      .select()
      .from(evaluations)
      .where(eq(evaluations.runId, run!.id));
    const samples = await t.db
      .select()
      .from(evaluationSamples)
      .where(eq(evaluationSamples.evaluationId, evaluation!.id))
      .orderBy(asc(evaluationSamples.idx));
    const pass = (ok: (i: number) => boolean) => samples.map((_, i) => (ok(i) ? 100 : 0));
    const expected = {
      "rule:is-date": pass((i) => i >= 2 && i !== 5),
      "rule:no-idea": pass((i) => i >= 2),
      "rule:short": pass((i) => i < 2), // "no idea" is 2 words; a date, and its JSON, 3
      "rule:json": pass((i) => i === 5),
      "rule:dated": pass((i) => i === 5),
    };
    for (const [metric, want] of Object.entries(expected))
      expect(
        samples.map((s) => s.scores[metric]),
        metric,
      ).toEqual(want);
    expect(samples.map((s) => s.primaryScore)).toEqual(expected["rule:is-date"]);
    expect(evaluation!.scores["rule:is-date"]!.score).toBe(92.5); // 37 of 40
    expect(evaluation!.scores["rule:no-idea"]!.score).toBe(95);
    expect(evaluation!.scores["rule:json"]!.score).toBe(2.5);
    const ci = evaluation!.scores["rule:is-date"]!.ci!;
    expect(ci[0]).toBeLessThan(92.5);
    expect(ci[1]).toBeGreaterThan(92.5);
    expect(evaluation!.scores["rule:is-date"]!.signature).toMatch(/^regex\|scale:0-100\|bs:1000/);

    await refreshLeaderboard(t.db, exp.id);
    const board = await getLeaderboard({ ctx, input: { experimentId: exp.id } });
    expect(board.primaryMetric).toBe("rule:is-date");
    expect(board.metrics).toEqual([
      "accuracy",
      "rule:is-date",
      "rule:no-idea",
      "rule:short",
      "rule:json",
      "rule:dated",
    ]);
    const row = board.rows.find((r) => r.runId === run!.id)!;
    expect(row.rank).toBe(1);
    expect(row.primary!.score).toBe(92.5);
    // The paired test on per-sample 0/100 scores, as for accuracy (rankRuns' paired bootstrap).
    const basePass = baselineOut.map((o) => (new RegExp(DATE).test(o) ? 100 : 0));
    const want = rankRuns(
      [
        { id: "base", scores: basePass },
        { id: "run", scores: expected["rule:is-date"] },
      ],
      { baselineId: "base" },
    ).find((r) => r.id === "run")!.pValue;
    expect(row.pValueVsBaseline).toBe(want);

    const [verdict] = await t.db.select().from(gateVerdicts).where(eq(gateVerdicts.runId, run!.id));
    expect(verdict!.verdict).toBe("passed");
    expect(verdict!.checks[0]).toMatchObject({ metric: "rule:no-idea", value: 95, passed: true });
  });

  it("refuses a bad pattern or schema, and a primary metric or gate naming no rule, with the field's path", async () => {
    const bad = async (evalSuite: Record<string, unknown>) => {
      const e = await create(evalSuite).then(
        () => null,
        (x: { issues?: { path: PropertyKey[]; message: string }[] }) => x,
      );
      return e?.issues?.map((i) => [i.path.join("."), i.message]);
    };
    expect(
      await bad(
        suite({ rules: [{ kind: "regex", name: "r", pattern: "(a" }], primaryMetric: "accuracy" }),
      ),
    ).toEqual([["evalSuite.rules.0.pattern", expect.stringMatching(/not a valid RE2 pattern/)]]);
    // Lookahead is not RE2: it could backtrack.
    expect(
      (
        await bad(
          suite({
            rules: [{ kind: "regex", name: "r", pattern: "a(?=b)" }],
            primaryMetric: "accuracy",
          }),
        )
      )?.[0]?.[0],
    ).toBe("evalSuite.rules.0.pattern");
    expect(
      await bad(
        suite({
          rules: [{ kind: "jsonSchema", name: "s", schema: { type: "thing" } }],
          primaryMetric: "accuracy",
        }),
      ),
    ).toEqual([["evalSuite.rules.0.schema", expect.stringMatching(/not a valid JSON Schema/)]]);
    expect(await bad(suite({ primaryMetric: "rule:nope" }))).toEqual([
      ["evalSuite.primaryMetric", expect.stringMatching(/no rule named "nope"/)],
    ]);
    expect(await bad(suite({ gates: [{ metric: "rule:nope", min: 50 }] }))).toEqual([
      ["evalSuite.gates.0.metric", expect.stringMatching(/no rule named "nope"/)],
    ]);
    expect(
      await bad(
        suite({ rules: [RULES[0], { kind: "lengthBounds", name: "is-date", unit: "words" }] }),
      ),
    ).toEqual([
      ["evalSuite.rules.1.min", "give min, max or both"],
      ["evalSuite.rules.1.name", 'two rules are named "is-date"'],
    ]);
  });

  it("answers the REST API's create with a 400 naming the rule's field", async () => {
    const restore = useApi(t.db);
    try {
      const token = await apiToken(t.db, "member", ["read", "write"], ctx.projectId!);
      const res = await api<ApiErrorBody>("POST", "/experiments", {
        token,
        body: {
          name: "rules",
          baseModel: "tiny",
          datasetVersionId: versionId,
          grid: { learningRate: [1e-4], loraRank: [4], epochs: [1] },
          evalSuite: suite({
            rules: [{ kind: "regex", name: "r", pattern: "(a+)+\\1" }],
            primaryMetric: "rule:r",
          }),
        },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.issues?.map((i) => i.path)).toEqual(["evalSuite.rules.0.pattern"]);
    } finally {
      restore();
    }
  });
});
