import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experiments, runs } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { evaluateGates } from "@/server/services/gates";
import { ensureDefaultProject } from "@/server/services/projects";
import { apiToken, useApi } from "@/tests/app/api/v1/setup";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { dateExamples, toChatJsonl } from "@/tests/helpers/domain";
import { insertPoints } from "@/tests/helpers/metrics";
import {
  gatedExperiment,
  outputsWithWrong,
  REFERENCES,
  storeEvaluation,
} from "@/tests/server/services/gates/fixtures";
import { startApiServer } from "./http-server";
import { runCli, startCli } from "./run-cli";

let t: TestDb;
let restore: () => void;
let server: Awaited<ReturnType<typeof startApiServer>>;
let ctx: DomainCtx;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  t = await createTestDb();
  restore = useApi(t.db);
  server = await startApiServer();
  ctx = { db: t.db, projectId: (await ensureDefaultProject(t.db)).id, user: null };
  env = {
    TUNEBENCH_URL: server.url,
    TUNEBENCH_TOKEN: await apiToken(t.db, "member", ["read", "write"]),
  };
  dir = mkdtempSync(path.join(tmpdir(), "tb-cli-"));
  writeFileSync(path.join(dir, "train.jsonl"), toChatJsonl(dateExamples(20)));
  writeFileSync(path.join(dir, "eval.jsonl"), toChatJsonl(dateExamples(5, 100)));
});
afterAll(async () => {
  await server?.close();
  restore?.();
  await t?.close();
});

const SPEC = `# an experiment file as a person writes it
name: from the CLI
baseModel: tiny-model
backend: local
dataset:
  train: train.jsonl
  eval: eval.jsonl
grid:
  learningRate: [0.0001, 0.0002]
  loraRank: [4]
  epochs: [1]
evalSuite:
  metrics: [accuracy, chrf]
  primaryMetric: accuracy
  gates:
    - { metric: accuracy, maxDrop: 2 }
`;

function specFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe("tunebench create", () => {
  it("uploads the named dataset files, creates the experiment and prints its ids", async () => {
    const res = await runCli(["create", "-f", specFile("experiment.yaml", SPEC)], env);
    expect(res.stderr).toMatch(/dataset train: version \S+ \(20 train, 5 eval\)/);
    expect(res.code).toBe(0);
    const id = res.stdout.match(/^experiment (\S+)/)![1]!;
    const [row] = await t.db.select().from(experiments).where(eq(experiments.id, id));
    expect(row).toMatchObject({
      name: "from the CLI",
      baseModel: "tiny-model",
      projectId: ctx.projectId,
    });
    const created = await t.db.select().from(runs).where(eq(runs.experimentId, id));
    expect(created).toHaveLength(3);
    for (const r of created.filter((r) => !r.isBaseline))
      expect(res.stdout).toContain(`run ${r.id}`);
  });

  it("accepts the same experiment as JSON", async () => {
    const json = {
      name: "json",
      baseModel: "tiny-model",
      dataset: { train: "train.jsonl" },
      grid: { learningRate: [1e-4], loraRank: [4], epochs: [1] },
      evalSuite: { metrics: ["chrf"], primaryMetric: "chrf" },
    };
    const res = await runCli(
      ["create", "-f", specFile("experiment.json", JSON.stringify(json, null, 2))],
      env,
    );
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^experiment \S+ {2}json \(local, 1 runs\)/);
  });

  it("overrides the file's backend and model from flags, and reports a bad backend by field", async () => {
    const file = specFile("override.yaml", SPEC);
    const res = await runCli(
      ["create", "-f", file, "--name", "overridden", "--base-model", "other-model"],
      env,
    );
    expect(res.code).toBe(0);
    const [row] = await t.db
      .select()
      .from(experiments)
      .where(eq(experiments.id, res.stdout.match(/^experiment (\S+)/)![1]!));
    expect(row).toMatchObject({ name: "overridden", baseModel: "other-model", backend: "local" });
    const bad = await runCli(["create", "-f", file, "--backend", "tpu"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      `${file}:4: backend: Invalid option: expected one of "local"|"sagemaker"|"openai"`,
    );
  });

  it("names file:line: field for each problem in the file, and creates nothing", async () => {
    const before = (await t.db.select().from(experiments)).length;
    const bad = SPEC.replace("learningRate: [0.0001, 0.0002]", "learningRate: []")
      .replace("backend: local", "backend: local\nbakend: typo")
      .replace("- { metric: accuracy, maxDrop: 2 }", "- { metric: accuracy, maxDrop: -1 }");
    const file = specFile("bad.yaml", bad);
    const res = await runCli(["create", "-f", file], env);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(
      `${file}:10: grid.learningRate: Learning rate: give at least one value`,
    );
    expect(res.stderr).toContain(`${file}:5: bakend: unknown key (misspelt?)`);
    expect(res.stderr).toMatch(
      new RegExp(
        `${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:17: evalSuite\\.gates\\.0\\.maxDrop: maxDrop must be between 0 and 100`,
      ),
    );
    expect((await t.db.select().from(experiments)).length).toBe(before);
  });

  it("points at the dataset file and line the server refused, and at a missing file", async () => {
    writeFileSync(
      path.join(dir, "broken.jsonl"),
      `${toChatJsonl(dateExamples(3))}{"messages": "nope"}\n`,
    );
    const res = await runCli(
      [
        "create",
        "-f",
        specFile("broken.yaml", SPEC.replace("train: train.jsonl", "train: broken.jsonl")),
      ],
      env,
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      new RegExp(`${path.join(dir, "broken.jsonl").replace(/[.]/g, "\\.")}:4: `),
    );
    const missing = specFile(
      "missing.yaml",
      SPEC.replace("eval: eval.jsonl", "eval: nowhere.jsonl"),
    );
    const res2 = await runCli(["create", "-f", missing], env);
    expect(res2.code).toBe(2);
    expect(res2.stderr).toContain(`${missing}:7: dataset.eval: cannot read nowhere.jsonl (ENOENT)`);
  });

  it("names the dataset lines that are not UTF-8 and sends nothing", async () => {
    const before = (await t.db.select().from(experiments)).length;
    const latin1 = Buffer.concat([
      Buffer.from(toChatJsonl(dateExamples(1))),
      Buffer.from('{"prompt":"caf'),
      Buffer.from([0xe9]), // "é" in Latin-1, not UTF-8
      Buffer.from('","completion":"x"}\n'),
    ]);
    writeFileSync(path.join(dir, "latin1.jsonl"), latin1);
    const spec = SPEC.replace("train: train.jsonl", "train: latin1.jsonl");
    const res = await runCli(["create", "-f", specFile("latin1.yaml", spec)], env);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(
      `${path.join(dir, "latin1.jsonl")}:2: is not valid UTF-8 (save the file as UTF-8)`,
    );
    expect((await t.db.select().from(experiments)).length).toBe(before);
  });
});

describe("tunebench gate", () => {
  it("exits 1 on a regression and 0 when the gates pass, saying why", async () => {
    const {
      experimentId,
      baseline,
      runs: [good, regressed],
    } = await gatedExperiment(ctx, [
      { metric: "accuracy", maxDrop: 2, baseline: "baseline", alpha: 0.05 },
      { metric: "accuracy", min: 50, baseline: "baseline", alpha: 0.05 },
    ]);
    await storeEvaluation(t.db, baseline, REFERENCES);
    await storeEvaluation(t.db, good!, outputsWithWrong(1));
    await storeEvaluation(t.db, regressed!, outputsWithWrong(16));
    for (const r of [baseline, good!, regressed!]) await evaluateGates(t.db, r.id);

    const all = await runCli(["gate", experimentId], env);
    expect(all.code).toBe(1);
    expect(all.stdout).toContain(`FAIL  ${regressed!.name}  ${regressed!.id}`);
    expect(all.stdout).toMatch(
      /✗ accuracy 100\.00 → 60\.00 vs baseline: drop 40\.00 > maxDrop 2\.00 and significant \(p = [\d.e-]+ < α 0\.05\)/,
    );
    expect(all.stdout).toContain(`PASS  ${good!.name}`);
    expect(all.stdout).toContain(
      `-     ${baseline.name}  ${baseline.id} (the reference, not gated)`,
    );
    expect(all.stdout).toContain("1 failed, 1 passed, 0 pending, 1 without a verdict"); // the baseline is the reference

    const one = await runCli(["gate", experimentId, "--run", good!.id], env);
    expect(one.code).toBe(0);
    expect(one.stdout).not.toContain(regressed!.id);

    const json = await runCli(["gate", experimentId, "--json"], env);
    expect(JSON.parse(json.stdout).verdicts.map((v: { verdict: string }) => v.verdict)).toEqual([
      "none",
      "passed",
      "failed",
    ]);
  });

  it("exits 3 while verdicts are pending, and 2 on usage, auth and connection errors", async () => {
    const { experimentId } = await gatedExperiment(ctx, [
      { metric: "accuracy", min: 50, baseline: "baseline", alpha: 0.05 },
    ]);
    const pending = await runCli(["gate", experimentId], env);
    expect(pending.code).toBe(3);
    expect(pending.stdout).toMatch(/WAIT .*queued, not evaluated yet/);

    expect((await runCli(["gate"], env)).code).toBe(2);
    const unauth = await runCli(["gate", experimentId], { TUNEBENCH_URL: server.url });
    expect(unauth.code).toBe(2);
    expect(unauth.stderr).toMatch(/401 UNAUTHORIZED/);
    const missing = await runCli(["gate", "no-such-experiment"], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/404 NOT_FOUND: Experiment not found/);
    const down = await runCli(["gate", experimentId], {
      ...env,
      TUNEBENCH_URL: "http://127.0.0.1:1",
    });
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/Cannot reach Tunebench at http:\/\/127\.0\.0\.1:1\/api\/v1/);
  });
});

describe("tunebench watch and evaluate", () => {
  it("prints plain lines off a TTY and exits when every run is terminal (1 when one failed)", async () => {
    const {
      experimentId,
      baseline,
      runs: [a, b],
    } = await gatedExperiment(ctx, undefined);
    await t.db
      .update(runs)
      .set({ status: "running", step: 5, totalSteps: 10 })
      .where(eq(runs.id, a!.id));
    const watching = startCli(["watch", experimentId, "--interval", "0.3"], env);
    await watching.waitForOutput(/running 50%/);
    await t.db.update(runs).set({ status: "evaluated" }).where(eq(runs.id, baseline.id));
    await t.db.update(runs).set({ status: "evaluated", step: 10 }).where(eq(runs.id, a!.id));
    await t.db
      .update(runs)
      .set({ status: "failed", error: "CUDA out of memory" })
      .where(eq(runs.id, b!.id));
    const res = await watching.done;
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`${a!.name} running 50% (step 5/10)`);
    expect(res.stdout).toContain(`${b!.name} failed: CUDA out of memory`);
    expect(res.stdout).toContain(`2/3 runs evaluated; ${b!.name} failed`);
    expect(res.stdout).not.toContain("\x1b["); // no terminal control codes in logs
  });

  it.runIf(existsSync("/usr/bin/script"))(
    "draws progress bars in place on a terminal",
    async () => {
      const {
        experimentId,
        baseline,
        runs: [a],
      } = await gatedExperiment(ctx, undefined, 1);
      await t.db
        .update(runs)
        .set({ status: "running", step: 3, totalSteps: 12, etaSeconds: 30 })
        .where(eq(runs.id, a!.id));
      const watching = startCli(["watch", experimentId, "--interval", "0.3"], env, { tty: true });
      await watching.waitForOutput(/running step 3\/12/);
      await t.db
        .update(runs)
        .set({ status: "evaluated" })
        .where(inArray(runs.id, [baseline.id, a!.id]));
      const res = await watching.done;
      expect(res.code).toBe(0);
      // Names are padded to one column (the baseline's is the longest).
      expect(res.stdout).toMatch(/· 1 ep +\[######\.{18}\] {2}25% running step 3\/12 eta 30s/);
      expect(res.stdout).toContain("\x1b[2A"); // moved back up over the two bars to redraw them
      expect(res.stdout).toMatch(/· 1 ep +\[#{24}\] 100% evaluated/);
    },
  );

  it("requests an evaluation once, however often asked", async () => {
    const { baseline } = await gatedExperiment(ctx, undefined, 1);
    const res = await runCli(["evaluate", baseline.id], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(
      new RegExp(
        `evaluation of run ${baseline.id} was already requested \\(job \\S+\\); status succeeded`,
      ),
    );
    const queued = await runCli(
      [
        "evaluate",
        (await t.db.select().from(runs).where(eq(runs.experimentId, baseline.experimentId)))[1]!.id,
      ],
      env,
    );
    expect(queued.code).toBe(2);
    expect(queued.stderr).toMatch(/409 CONFLICT: Run \S+ is queued/);
  });
});

const EXPORT_ROUTE = path.resolve(
  import.meta.dirname,
  "../../app/api/v1/experiments/[id]/export/route.ts",
);

describe("tunebench export", () => {
  it.runIf(existsSync(EXPORT_ROUTE))(
    "streams the runs as CSV to a file and samples as JSON to stdout",
    async () => {
      const { experimentId, baseline } = await gatedExperiment(ctx, undefined, 1);
      await storeEvaluation(t.db, baseline, REFERENCES);
      const out = path.join(dir, "runs.csv");
      const res = await runCli(
        ["export", experimentId, "--what", "runs", "--format", "csv", "-o", out],
        env,
      );
      expect(res.code).toBe(0);
      const csv = readFileSync(out, "utf8").trim().split("\n");
      expect(csv[0]).toMatch(/^id,name,/);
      expect(csv).toHaveLength(3); // header, baseline, one run
      const samples = await runCli(
        ["export", experimentId, "--what", "samples", "--format", "json"],
        env,
      );
      expect(samples.code).toBe(0);
      expect(JSON.parse(samples.stdout)).toHaveLength(REFERENCES.length);
      const runId = (await t.db.select().from(runs).where(eq(runs.experimentId, experimentId)))
        .map((r) => r.id)
        .find((id) => id !== baseline.id)!;
      await insertPoints(t.db, runId, [
        { name: "train/loss", step: 1, value: 2 },
        { name: "a, b", step: 1, value: 3 },
      ]);
      await insertPoints(t.db, baseline.id, [{ name: "train/loss", step: 1, value: 9 }]);
      const metrics = await runCli(
        ["export", experimentId, "--what", "metrics", "--format", "json"].concat([
          "--run",
          runId,
          "--metric",
          "a, b",
          "--metric",
          "train/loss",
        ]),
        env,
      );
      expect(metrics.code).toBe(0);
      expect(
        (JSON.parse(metrics.stdout) as { run_id: string; name: string; value: number }[]).map(
          (r) => [r.run_id, r.name, r.value],
        ),
      ).toEqual([
        [runId, "a, b", 3],
        [runId, "train/loss", 2],
      ]);
    },
  );

  it("refuses an unknown --what, and --metric without --what metrics, before calling the server", async () => {
    const res = await runCli(["export", "x", "--what", "everything"], env);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--what takes runs, metrics, samples, not "everything"');
    const metric = await runCli(["export", "x", "--metric", "train/loss"], env);
    expect(metric.code).toBe(2);
    expect(metric.stderr).toContain("--metric filters the metrics export only");
  });
});
