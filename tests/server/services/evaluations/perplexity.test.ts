import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { evaluationSamples, evaluations, gateVerdicts, runs } from "@/drizzle/schema";
import { corpusPerplexity, perplexityRatio } from "@/evals";
import type { GenerateRequest, Prediction, TrainingBackend } from "@/trainers/types";

// Generation echoes the reference (its outputs do not matter here); perplexity is the real worker.
vi.mock("@/server/services/settings/project-backend", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/server/services/settings/project-backend")>();
  async function* generate(req: GenerateRequest): AsyncIterable<Prediction> {
    for (const p of req.prompts) yield { id: p.id, output: "1 May 2020" };
  }
  return {
    ...real,
    projectBackend: async (...args: Parameters<typeof real.projectBackend>) =>
      new Proxy(await real.projectBackend(...args), {
        get: (target, key) => (key === "generate" ? generate : Reflect.get(target, key)),
      }) as TrainingBackend,
  };
});

const { evaluateRun } = await import("@/server/services/evaluations");
const { createExperiment } = await import("@/server/services/experiments");
const { uploadDataset } = await import("@/server/services/datasets");
const { createTestDb } = await import("@/tests/helpers/db");
const { dateExamples, makeProjectCtx, toChatJsonl } = await import("@/tests/helpers/domain");
const { tinyModelDir } = await import("@/tests/helpers/tiny-model");
const { markSucceeded } = await import("@/tests/helpers/land-run");
const { getLeaderboard, refreshLeaderboard } = await import("@/server/services/leaderboard");

let t: Awaited<ReturnType<typeof createTestDb>>;
let ctx: Awaited<ReturnType<typeof makeProjectCtx>>;
let versionId = "";
let retentionId = "";
let base = "";
let tuned = "";
beforeAll(async () => {
  t = await createTestDb();
  ctx = await makeProjectCtx(t.db, "ppl");
  const upload = async (name: string, start: number) =>
    (
      await uploadDataset({
        ctx,
        input: {
          name,
          trainJsonl: toChatJsonl(dateExamples(4, start)),
          evalJsonl: toChatJsonl(dateExamples(6, start + 10)),
        },
      })
    ).versionId;
  versionId = await upload("dates", 0);
  retentionId = await upload("other dates", 50);
  base = tinyModelDir();
  // A "full fine-tune" of the tiny model whose head is 4× sharper: confidently wrong, so its
  // perplexity of any text rises well above the base model's.
  tuned = mkdtempSync(path.join(tmpdir(), "ppl-tuned-"));
  const python = process.env.TUNEBENCH_PYTHON || path.resolve(".venv/bin/python");
  execFileSync(python, [
    "-c",
    `import sys, torch
from transformers import AutoModelForCausalLM, AutoTokenizer
m = AutoModelForCausalLM.from_pretrained(sys.argv[1], dtype=torch.float32)
with torch.no_grad(): m.lm_head.weight.mul_(4)
m.save_pretrained(sys.argv[2]); AutoTokenizer.from_pretrained(sys.argv[1]).save_pretrained(sys.argv[2])`,
    base,
    tuned,
  ]);
}, 120_000);
afterAll(() => t?.close());

const create = (evalSuite: Record<string, unknown>, backend: "local" | "openai" = "local") =>
  createExperiment({
    ctx,
    input: {
      name: "ppl",
      baseModel: base,
      datasetVersionId: versionId,
      backend,
      grid: { learningRate: [1e-4], loraRank: [4], epochs: [1], parameters: ["full"] },
      evalSuite: evalSuite as never,
    },
  });

async function land(run: { id: string; isBaseline: boolean }) {
  await markSucceeded(t.db, run, tuned);
  expect(await evaluateRun(t.db, run.id)).toBe("evaluated");
}

describe("perplexity through the evaluation service", () => {
  it("scores the references for the baseline and a run, the retention set too, and fails a retention gate", async () => {
    const exp = await create({
      metrics: ["chrf", "perplexity"],
      primaryMetric: "chrf",
      retention: { datasetVersionId: retentionId },
      gates: [{ metric: "retention:perplexity", maxRise: 10 }],
    });
    const [baseline, run] = await t.db
      .select()
      .from(runs)
      .where(eq(runs.experimentId, exp.id))
      .orderBy(runs.index);
    await land(baseline!);
    await land(run!);

    const stored = async (runId: string) => {
      const [e] = await t.db.select().from(evaluations).where(eq(evaluations.runId, runId));
      const samples = await t.db
        .select()
        .from(evaluationSamples)
        .where(eq(evaluationSamples.evaluationId, e!.id))
        .orderBy(asc(evaluationSamples.idx));
      return { e: e!, samples };
    };
    const [b, r] = [await stored(baseline!.id), await stored(run!.id)];
    for (const { e, samples } of [b, r]) {
      const nlls = (s: { nll: number[]; tokens: number[] }) =>
        s.nll.map((nll, i) => ({ nll, tokens: s.tokens[i]! }));
      const evalNll = nlls(e.likelihood!.eval!);
      expect(evalNll).toHaveLength(6);
      expect(e.likelihood!.retention).toMatchObject({
        datasetVersionId: retentionId,
        split: "eval",
      });
      expect(e.scores.perplexity).toEqual(corpusPerplexity(evalNll));
      expect(e.scores["retention:perplexity"]).toEqual(
        corpusPerplexity(nlls(e.likelihood!.retention!)),
      );
      expect(samples.map((s) => s.scores.perplexity)).toEqual(
        evalNll.map((s) => Math.exp(s.nll / s.tokens)),
      );
      expect(e.scores.chrf).toBeDefined();
    }
    // The same answers under the same tokenizer: as many tokens for both models.
    expect(r.e.likelihood!.eval!.tokens).toEqual(b.e.likelihood!.eval!.tokens);
    expect(r.e.scores.perplexity!.score).toBeGreaterThan(b.e.scores.perplexity!.score * 1.1);

    const [verdict] = await t.db.select().from(gateVerdicts).where(eq(gateVerdicts.runId, run!.id));
    expect(verdict!.verdict).toBe("failed");
    const ratio = perplexityRatio(
      b.e.likelihood!.retention!.nll.map((nll, i) => ({
        nll,
        tokens: b.e.likelihood!.retention!.tokens[i]!,
      })),
      r.e.likelihood!.retention!.nll.map((nll, i) => ({
        nll,
        tokens: r.e.likelihood!.retention!.tokens[i]!,
      })),
    );
    expect(ratio.score).toBeGreaterThan(1.1);
    expect(ratio.ci[0]).toBeGreaterThan(1);
    expect(verdict!.checks[0]).toMatchObject({
      metric: "retention:perplexity",
      kind: "relative",
      threshold: 10,
      value: r.e.scores["retention:perplexity"]!.score,
      baseline: { runId: baseline!.id, value: b.e.scores["retention:perplexity"]!.score },
      passed: false,
      reason: expect.stringMatching(/rises more than maxRise 10% and significantly/),
    });

    // The leaderboard reads the change stored by the refresh, never computing it on read.
    const read = () => getLeaderboard({ ctx, input: { experimentId: exp.id } });
    const before = (await read()).rows.find((x) => x.runId === run!.id)!;
    expect(before.retention).toBeNull();
    expect(before.updating).toBe(true);
    await refreshLeaderboard(t.db, exp.id);
    const board = await read();
    expect(board.metrics).toEqual(["chrf", "perplexity"]);
    const row = board.rows.find((x) => x.runId === run!.id)!;
    expect(row.retention).toEqual({ ratio: ratio.score, ci: ratio.ci });
    expect(row.scores.perplexity).toEqual(r.e.scores.perplexity);
    expect(board.rows.find((x) => x.isBaseline)!.retention).toBeNull();
  }, 120_000);

  it("refuses what cannot be scored, naming the field, before creating anything", async () => {
    const fieldOf = async (evalSuite: Record<string, unknown>, backend?: "openai") => {
      const e = await create(evalSuite, backend).then(
        () => null,
        (x: { message: string; issues?: { path: PropertyKey[] }[] }) => x,
      );
      return e?.issues?.[0]?.path.join(".") ?? e?.message;
    };
    const ppl = { metrics: ["chrf", "perplexity"], primaryMetric: "chrf" };
    expect(await fieldOf({ ...ppl, retention: { datasetVersionId: "nope" } })).toBe(
      "evalSuite.retention.datasetVersionId: dataset version nope does not exist in this project",
    );
    expect(await fieldOf({ ...ppl, primaryMetric: "perplexity" })).toBe("evalSuite.primaryMetric");
    expect(await fieldOf({ ...ppl, gates: [{ metric: "retention:perplexity", maxRise: 5 }] })).toBe(
      "evalSuite.gates.0.metric",
    );
    expect(await fieldOf({ ...ppl, gates: [{ metric: "perplexity", maxDrop: 5 }] })).toBe(
      "evalSuite.gates.0.maxDrop",
    );
    expect(await fieldOf({ ...ppl, gates: [{ metric: "chrf", maxRise: 5 }] })).toBe(
      "evalSuite.gates.0.maxRise",
    );
    vi.stubEnv("OPENAI_API_KEY", "sk-test");
    try {
      expect(await fieldOf(ppl, "openai")).toMatch(
        /^evalSuite\.metrics: the openai backend cannot compute perplexity: OpenAI's fine-tuned chat models give no log-probabilities/,
      );
      expect(
        await fieldOf(
          {
            metrics: ["chrf"],
            primaryMetric: "chrf",
            retention: { datasetVersionId: retentionId },
          },
          "openai",
        ),
      ).toMatch(/^evalSuite\.retention: the openai backend cannot compute perplexity/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
