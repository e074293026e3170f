import { createHash } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { evaluationSamples, evaluations, experiments, runs } from "@/drizzle/schema";
import type { ApiErrorBody } from "@/server/api/errors";

// Generation answers with the outputs the test chose; custom scorers then run in the real worker.
let outputs: string[] = [];
vi.mock("@/server/services/settings/project-backend", async (importOriginal) =>
  (await import("@/tests/helpers/fake-generate")).withGenerate(
    importOriginal,
    (_req, p) => outputs[Number(p.id)]!,
  ),
);

const { evaluateRun } = await import("@/server/services/evaluations");
const { createExperiment } = await import("@/server/services/experiments");
const { createTestDb } = await import("@/tests/helpers/db");
const { dateExamples, makeProjectCtx, uploadDates } = await import("@/tests/helpers/domain");
const { api, apiToken, useApi } = await import("@/tests/app/api/v1/setup");

const EVAL = dateExamples(12, 100);
const SECRET = "fake-secret-0f3a9c";

// Each branch is one way a scorer fails; line 5 raises.
const SCORER = `import math, os

def score(prompt, output, reference):
    if output == "boom":
        raise ValueError("no date in " + output)
    if output == "slow":
        while True:
            pass
    if output == "nan":
        return math.nan
    if output == "text":
        return "high"
    if output == "env":
        seen = any("${SECRET}" in v for v in os.environ.values())
        return 1.0 if seen or os.getcwd().startswith("${process.cwd()}") else -1.0
    print("scoring", output)  # a scorer's prints must not disturb the protocol
    return len(output) / len(reference) - 0.5
`;

let t: Awaited<ReturnType<typeof createTestDb>>;
let ctx: Awaited<ReturnType<typeof makeProjectCtx>>;
let versionId = "";
beforeAll(async () => {
  process.env.TUNEBENCH_TEST_SECRET = SECRET; // in the server process, as a real secret would be
  t = await createTestDb();
  ctx = await makeProjectCtx(t.db, "custom");
  versionId = await uploadDates(ctx, EVAL);
});
afterAll(async () => {
  delete process.env.TUNEBENCH_TEST_SECRET;
  await t?.close();
});

const input = (customScorers: unknown[], extra: Record<string, unknown> = {}) => ({
  name: "custom",
  baseModel: "tiny",
  datasetVersionId: versionId,
  grid: { learningRate: [1e-4], loraRank: [4], epochs: [1] },
  evalSuite: { metrics: ["chrf"], primaryMetric: "chrf", customScorers, ...extra } as never,
});
const admin = () => ({ ...ctx, role: "admin" as const });

/** Creates the experiment as an admin and evaluates its baseline on `answers`. */
async function evaluateBaseline(customScorers: unknown[], answers: string[]) {
  const exp = await createExperiment({ ctx: admin(), input: input(customScorers) });
  const [baseline] = await t.db
    .select()
    .from(runs)
    .where(eq(runs.experimentId, exp.id))
    .orderBy(runs.index);
  outputs = answers;
  expect(await evaluateRun(t.db, baseline!.id)).toBe("evaluated");
  const [evaluation] = await t.db
    .select()
    .from(evaluations)
    .where(eq(evaluations.runId, baseline!.id));
  const samples = await t.db
    .select()
    .from(evaluationSamples)
    .where(eq(evaluationSamples.evaluationId, evaluation!.id))
    .orderBy(asc(evaluationSamples.idx));
  return { experimentId: exp.id, evaluation: evaluation!, samples };
}

describe("custom scorers through the evaluation service", () => {
  it("scores every sample; an exception, a timeout or a non-number is that sample's error; no secret reaches it", async () => {
    const refs = EVAL.map((e) => e.completion);
    const special: Record<number, string> = {
      1: "boom",
      3: "slow",
      4: "nan",
      6: "text",
      8: "env",
    };
    const answers = refs.map((r, i) => special[i] ?? r.slice(0, 4 + i));
    const scorer = { name: "ratio", code: SCORER, sampleTimeoutS: 0.5 };
    const { experimentId, evaluation, samples } = await evaluateBaseline([scorer], answers);

    const sha = createHash("sha256").update(SCORER).digest("hex");
    const [exp] = await t.db.select().from(experiments).where(eq(experiments.id, experimentId));
    expect(exp!.evalSuite.customScorers![0]).toMatchObject({
      name: "ratio",
      sha256: sha,
      sampleTimeoutS: 0.5,
      totalTimeoutS: 300,
    });

    const metric = "custom:ratio";
    const errors = samples.map((s) => s.scoreErrors?.[metric] ?? null);
    expect(errors[1]).toBe("ValueError: no date in boom (line 5)");
    expect(errors[3]).toBe("timed out after 0.5 s");
    expect(errors[4]).toBe("score returned nan, not a finite number");
    expect(errors[6]).toBe("score returned str, not a number");
    // The scorer sees neither the server's environment nor the server's folder.
    expect(samples[8]!.scores[metric]).toBe(-1);
    const scored = samples.filter((_, i) => !(i in special));
    for (const s of scored) {
      expect(s.scoreErrors).toBeNull();
      expect(s.scores[metric]).toBeCloseTo(s.output.length / s.reference.length - 0.5, 12);
    }
    // The samples after the timeout (5–11, of which 6 fails) were scored by a fresh process.
    expect(samples.slice(5).filter((s) => s.scores[metric] !== undefined)).toHaveLength(6);
    // Errors are left out of the mean, counted beside it; the other metrics are untouched.
    const values = samples.flatMap((s) =>
      s.scores[metric] === undefined ? [] : [s.scores[metric]],
    );
    const corpus = evaluation.scores[metric]!;
    expect(values).toHaveLength(8);
    expect(corpus.score).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 12);
    expect(corpus.errors).toBe(4);
    expect(corpus.ci![0]).toBeLessThan(corpus.score);
    expect(corpus.signature).toMatch(new RegExp(`^custom\\|sha256:${sha}\\|scale:raw\\|bs:1000`));
    expect(samples.every((s) => typeof s.scores.chrf === "number")).toBe(true);
  });

  it("stops at the total time limit: the samples left are recorded as not scored and the evaluation completes", async () => {
    const code =
      "import time\n\ndef score(prompt, output, reference):\n    time.sleep(0.3)\n    return 1.0\n";
    const { evaluation, samples } = await evaluateBaseline(
      [{ name: "slow", code, sampleTimeoutS: 2, totalTimeoutS: 1 }],
      EVAL.map((e) => e.completion),
    );
    const scored = samples.filter((s) => s.scores["custom:slow"] === 1).length;
    expect(scored).toBeGreaterThanOrEqual(1);
    expect(scored).toBeLessThan(EVAL.length);
    const left = samples.filter((s) => s.scores["custom:slow"] === undefined);
    expect(left.length + scored).toBe(EVAL.length);
    for (const s of left)
      expect(s.scoreErrors!["custom:slow"]).toBe(
        "not scored: the scorer's total time limit (1 s) was reached",
      );
    expect(evaluation.status).toBe("completed");
    expect(evaluation.scores["custom:slow"]).toMatchObject({ score: 1, errors: left.length });
  });

  it("refuses code that does not compile or defines no score(prompt, output, reference), naming the line", async () => {
    const issues = async (customScorers: unknown[], extra?: Record<string, unknown>) => {
      const e = await createExperiment({ ctx: admin(), input: input(customScorers, extra) }).then(
        () => null,
        (x: { issues?: { path: PropertyKey[]; message: string }[] }) => x,
      );
      return e?.issues?.map((i) => [i.path.join("."), i.message]);
    };
    const ok = { name: "ok", code: "def score(p, o, r):\n    return 1.0\n" };
    expect(
      await issues([
        ok,
        { name: "broken", code: "def score(p, o, r):\n    x = (\n    return x\n" },
      ]),
    ).toEqual([
      ["evalSuite.customScorers.1.code", expect.stringMatching(/^line 2: SyntaxError: /)],
    ]);
    expect(await issues([{ name: "none", code: "def scorer(p, o, r):\n    return 1\n" }])).toEqual([
      [
        "evalSuite.customScorers.0.code",
        "define a top-level function score(prompt, output, reference)",
      ],
    ]);
    expect(
      await issues([{ name: "two", code: "x = 1\n\ndef score(p, o):\n    return 1\n" }]),
    ).toEqual([
      [
        "evalSuite.customScorers.0.code",
        "line 3: score must take three positional arguments: (prompt, output, reference)",
      ],
    ]);
    expect(await issues([{ name: "big", code: `# ${"x".repeat(70_000)}\n` }])).toEqual([
      ["evalSuite.customScorers.0.code", "code is larger than 64 KiB"],
    ]);
    expect(await issues([{ ...ok, sampleTimeoutS: 600 }])).toEqual([
      ["evalSuite.customScorers.0.sampleTimeoutS", "sampleTimeoutS must be at most 60 s"],
    ]);
    expect((await issues([ok], { primaryMetric: "custom:ok" }))?.[0]?.[0]).toBe(
      "evalSuite.primaryMetric",
    );
  });

  it("lets only an admin add custom scorers in multi-user mode", async () => {
    const ok = { name: "ok", code: "def score(p, o, r):\n    return 1.0\n" };
    await expect(
      createExperiment({ ctx: { ...ctx, role: "member" }, input: input([ok]) }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const restore = useApi(t.db);
    try {
      const member = await apiToken(t.db, "member", ["read", "write"], ctx.projectId!);
      const refused = await api<ApiErrorBody>("POST", "/experiments", {
        token: member,
        body: input([ok]),
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(/Only an admin can add custom scorers/);
      // The same member may create the experiment without them.
      const plain = await api("POST", "/experiments", { token: member, body: input([]) });
      expect(plain.status).toBe(201);
      const adminToken = await apiToken(t.db, "admin", ["read", "write"], ctx.projectId!);
      const created = await api<{ id: string }>("POST", "/experiments", {
        token: adminToken,
        body: input([ok]),
      });
      expect(created.status).toBe(201);
    } finally {
      restore();
    }
  });
});
