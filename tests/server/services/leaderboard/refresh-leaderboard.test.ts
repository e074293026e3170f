import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  evaluationSamples,
  evaluations,
  gateVerdicts,
  jobs,
  leaderboardRows,
  runArtifacts,
  runCheckpoints,
  runs,
} from "@/drizzle/schema";
import { pairedPValue, rankBoard } from "@/evals";

// Generation answers with the outputs the test chose for the adapter ("baseline": none).
vi.mock("@/server/services/settings/project-backend", async (importOriginal) =>
  (await import("@/tests/helpers/fake-generate")).withScriptedOutputs(importOriginal),
);
// A change that commits while a refresh computes its tests (once, when set).
let duringTests: (() => Promise<void>) | null = null;
vi.mock("@/server/services/leaderboard/paired-tests", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/server/services/leaderboard/paired-tests")>();
  return {
    ...real,
    runDueTests: async (...args: Parameters<typeof real.runDueTests>) => {
      const out = await real.runDueTests(...args);
      const change = duringTests;
      duringTests = null;
      await change?.();
      return out;
    },
  };
});

const { evaluateRun } = await import("@/server/services/evaluations");
const { evaluateCheckpoint } = await import("@/server/services/checkpoints/evaluate-checkpoint");
const { promoteCheckpoint, requestCheckpointEvaluation } = await import(
  "@/server/services/checkpoints"
);
const { getLeaderboard, leaderboardChanged, refreshLeaderboard } = await import(
  "@/server/services/leaderboard"
);
const { refreshLeaderboardJob } = await import("@/server/jobs/handlers/refresh-leaderboard");
const { claimJobs, completeJob } = await import("@/server/jobs/queue");
const { createTestDb } = await import("@/tests/helpers/db");
const { outputsByAdapter } = await import("@/tests/helpers/fake-generate");
const { makeProjectCtx } = await import("@/tests/helpers/domain");
const { gatedExperiment, outputsWithWrong, REFERENCES } = await import("../gates/fixtures");

type Run = { id: string; projectId: string; experimentId: string; name: string };
let t: Awaited<ReturnType<typeof createTestDb>>;
let ctx: Awaited<ReturnType<typeof makeProjectCtx>>;
let experimentId = "";
let baseline: Run;
let runList: Run[] = [];
beforeAll(async () => {
  t = await createTestDb();
  ctx = await makeProjectCtx(t.db, "board");
  const gate = { metric: "chrf" as const, maxDrop: 1, baseline: "baseline", alpha: 0.05 };
  const exp = await gatedExperiment(ctx, [gate], 5, ["chrf", "accuracy"]);
  experimentId = exp.experimentId;
  baseline = exp.baseline;
  runList = exp.runs;
});
afterAll(() => t?.close());

/** Evaluates a run through the evaluate job's service, its first `wrong` answers wrong. */
async function land(run: Run, wrong: number) {
  const isBaseline = run.id === baseline.id;
  const adapter = isBaseline ? "baseline" : `adapter:${run.id}`;
  outputsByAdapter.set(adapter, outputsWithWrong(wrong));
  await t.db
    .update(runs)
    .set({
      status: "succeeded",
      step: 20,
      totalSteps: 20,
      externalRef: { backend: "local", id: run.id, cursor: "0", state: {} },
    })
    .where(eq(runs.id, run.id));
  if (!isBaseline)
    await t.db.insert(runArtifacts).values({ runId: run.id, kind: "adapter", path: adapter });
  expect(await evaluateRun(t.db, run.id)).toBe("evaluated");
}

/** The whole leaderboard computed in one pass from every current evaluation's samples. */
async function reference() {
  const current = await t.db
    .select({ runId: runs.id, isBaseline: runs.isBaseline, index: runs.index, e: evaluations })
    .from(runs)
    .innerJoin(evaluations, eq(evaluations.runId, runs.id))
    .where(eq(runs.experimentId, experimentId));
  const outputs = new Map<string, string[]>();
  for (const { e } of current)
    outputs.set(
      e.id,
      (
        await t.db
          .select({ output: evaluationSamples.output })
          .from(evaluationSamples)
          .where(eq(evaluationSamples.evaluationId, e.id))
          .orderBy(asc(evaluationSamples.idx))
      ).map((s) => s.output),
    );
  const system = (id: string) => ({ outputs: outputs.get(id)!, sampleScores: [] });
  return rankBoard(
    current.map((c) => ({
      runId: c.runId,
      evaluationId: c.e.id,
      isBaseline: c.isBaseline,
      score: (c.e.scores as Record<string, { score: number }>).chrf!.score,
      order: c.index,
    })),
    (a, b) => pairedPValue("chrf", system(a), system(b), REFERENCES),
    0.05,
  );
}

const board = () => getLeaderboard({ ctx, input: { experimentId } });
const ranking = (rows: Awaited<ReturnType<typeof board>>["rows"]) =>
  rows.map(({ runId, rank, tiedWithBest, pValueVsBest, pValueVsBaseline, betterThanBaseline }) => ({
    runId,
    rank,
    tiedWithBest,
    pValueVsBest,
    pValueVsBaseline,
    betterThanBaseline,
  }));
async function expectFreshAndEqualToReference() {
  const b = await board();
  expect(b.updating).toBe(false);
  expect(ranking(b.rows)).toEqual(await reference());
  return b;
}
const updatingRuns = async () =>
  (await board()).rows
    .filter((r) => r.updating)
    .map((r) => r.runId)
    .sort();
const queuedRefreshes = () =>
  t.db
    .select({ key: jobs.key, runAt: jobs.runAt })
    .from(jobs)
    .where(and(eq(jobs.kind, "leaderboard.refresh"), eq(jobs.status, "queued")));
const handlerArgs = (job: Awaited<ReturnType<typeof claimJobs>>[number], signal: AbortSignal) => ({
  ctx: { db: t.db, user: null, projectId: null, role: null, via: null },
  payload: job.payload as { experimentId: string },
  job,
  signal,
  heartbeat: async () => {},
});
const claim = async () =>
  (
    await claimJobs(t.db, {
      workerId: "test",
      kinds: ["leaderboard.refresh"],
      limit: 1,
      leaseSeconds: 60,
    })
  )[0];
/** Works the queued refresh jobs (delayed ones too) as the worker loop would. */
async function drain() {
  await t.db
    .update(jobs)
    .set({ runAt: sql`now()` })
    .where(and(eq(jobs.kind, "leaderboard.refresh"), eq(jobs.status, "queued")));
  for (let job = await claim(); job; job = await claim()) {
    await refreshLeaderboardJob.handler(handlerArgs(job, new AbortController().signal));
    expect(await completeJob(t.db, job)).toBe(true);
  }
}
const sameRuns = (...rs: Run[]) => rs.map((r) => r.id).sort();

describe("leaderboard: stored, refreshed when its inputs change", () => {
  it("shows a landed evaluation as updating, then equals the one-pass computation after its refresh", async () => {
    const [a] = runList;
    await land(baseline, 20);
    await land(a!, 8);
    expect(await queuedRefreshes()).toHaveLength(1); // both landings share the pending round
    const before = await board();
    expect(before.updating).toBe(true);
    expect(before.rows.find((r) => r.runId === a!.id)).toMatchObject({
      updating: true,
      pValueVsBaseline: null,
      betterThanBaseline: false,
    });
    expect(await refreshLeaderboard(t.db, experimentId)).toMatchObject({ tests: 1, rows: 2 });
    await drain(); // the queued job finds nothing left to do
    await expectFreshAndEqualToReference();
  });

  it("runs a new evaluation's two paired tests only, while the best stays", async () => {
    const [, b] = runList;
    await land(b!, 10);
    expect(await updatingRuns()).toEqual(sameRuns(b!));
    expect(await refreshLeaderboard(t.db, experimentId)).toMatchObject({ tests: 2, rows: 1 });
    await drain();
    await expectFreshAndEqualToReference();
  });

  it("tests every ranked run against a new best run", async () => {
    const [a, b, c] = runList;
    await land(c!, 2);
    expect(await updatingRuns()).toEqual(sameRuns(a!, b!, c!)); // not the baseline
    // c against the baseline; a and b against c. Their tests against the baseline still hold.
    expect(await refreshLeaderboard(t.db, experimentId)).toMatchObject({ tests: 3, rows: 3 });
    await drain();
    const fresh = await expectFreshAndEqualToReference();
    expect(fresh.rows[0]!.runId).toBe(c!.id);
    expect(fresh.rows.find((r) => r.isBaseline)!.gate).toEqual({
      verdict: "none",
      checks: [],
      baselineFailed: false,
    });
  });

  it("re-decides the gate and the paired tests of a promoted checkpoint, in the refresh", async () => {
    const [a, b, c] = runList;
    await t.db.update(runs).set({ status: "evaluated" }).where(eq(runs.id, b!.id));
    await t.db.insert(runCheckpoints).values({ runId: b!.id, step: 10, path: "s3://ckpt/b/10" });
    outputsByAdapter.set("s3://ckpt/b/10", outputsWithWrong(0));
    await requestCheckpointEvaluation({ ctx, input: { runId: b!.id, step: 10 } });
    await evaluateCheckpoint(t.db, b!.id, 10);
    await promoteCheckpoint({ ctx, input: { runId: b!.id, step: 10 } });
    const before = await board();
    expect(before.rows.find((r) => r.runId === b!.id)).toMatchObject({
      updating: true,
      gate: null,
    });
    expect(await updatingRuns()).toEqual(sameRuns(a!, b!, c!)); // b is the best now
    const summary = await refreshLeaderboard(t.db, experimentId);
    expect(summary).toMatchObject({ gates: 1, tests: 3 });
    await drain();
    const fresh = await expectFreshAndEqualToReference();
    expect(fresh.rows[0]!.runId).toBe(b!.id);
    const [verdict] = await t.db.select().from(gateVerdicts).where(eq(gateVerdicts.runId, b!.id));
    expect(fresh.rows[0]!.gate).toEqual({
      verdict: verdict!.verdict,
      checks: verdict!.checks,
      baselineFailed: false,
    });
    expect(verdict!.evaluationId).toBe(
      (await t.db.select().from(evaluations).where(eq(evaluations.runId, b!.id)))[0]!.id,
    );
  });

  it("queues the next round when an evaluation lands while a refresh computes", async () => {
    const [, , , d] = runList;
    await leaderboardChanged(t.db, experimentId);
    const [pending] = await queuedRefreshes();
    duringTests = () => land(d!, 12);
    const job = (await claim())!;
    await refreshLeaderboardJob.handler(handlerArgs(job, new AbortController().signal));
    await completeJob(t.db, job);
    expect(await updatingRuns()).toEqual(sameRuns(d!));
    const next = await queuedRefreshes();
    expect(next).toHaveLength(1);
    expect(next[0]!.key).not.toBe(pending!.key);
    await drain();
    await expectFreshAndEqualToReference();
  });

  it("is idempotent across a crash before or after its results are stored", async () => {
    const [, , , , e] = runList;
    await land(e!, 15);
    const lapse = () =>
      t.db
        .update(jobs)
        .set({ lockedUntil: sql`now() - interval '1 minute'` })
        .where(and(eq(jobs.kind, "leaderboard.refresh"), eq(jobs.status, "running")));
    const stored = () =>
      t.db.select().from(leaderboardRows).where(eq(leaderboardRows.experimentId, experimentId));
    const rowsBefore = await stored();

    // The worker stops mid-computation: nothing is stored; the re-claimed job computes it all.
    const stopped = new AbortController();
    stopped.abort();
    const first = (await claim())!;
    await expect(
      refreshLeaderboardJob.handler(handlerArgs(first, stopped.signal)),
    ).rejects.toThrow();
    expect(await stored()).toEqual(rowsBefore);
    await lapse();
    await drain();
    const computed = await stored();
    await expectFreshAndEqualToReference();

    // The worker dies after storing, before completing its job: the re-run changes nothing.
    await leaderboardChanged(t.db, experimentId);
    const second = (await claim())!;
    await refreshLeaderboardJob.handler(handlerArgs(second, new AbortController().signal));
    await lapse();
    await drain();
    expect(await stored()).toEqual(computed);
    expect(await queuedRefreshes()).toEqual([]);
    expect(await refreshLeaderboard(t.db, experimentId)).toEqual({
      tests: 0,
      rows: 0,
      gates: 0,
      review: false,
    });
    await expectFreshAndEqualToReference();
  });
});
