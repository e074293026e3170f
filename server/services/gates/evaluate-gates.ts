import { and, asc, eq, ne, or, sql } from "drizzle-orm";
import { isUnsuccessful } from "@/core/run-status";
import { evaluationSamples, evaluations, experiments, gateVerdicts, runs } from "@/drizzle/schema";
import { type Db, withTransaction } from "@/server/db";
import type { GateCheck, GateVerdictValue } from "@/server/schemas/gates";
import { sampleReferences } from "@/server/services/evaluations/sample-references";
import { emitWebhookEvent } from "@/server/services/webhooks/emit-event";
import {
  absoluteCheck,
  type BaselineInput,
  type RunInput,
  relativeCheck,
  type Samples,
  verdictOf,
} from "./decide-checks";
import { riseCheck } from "./rise-check";

/**
 * Decides a run's gate verdict from its stored evaluation and stores it (one row per run). Called
 * by evaluate-run once the evaluation is committed, and again by a retried evaluation job that
 * finds the evaluation done (so a crash in between loses no verdict). Idempotent: a decided verdict
 * stands while the run points at the evaluation it checked; it is decided again when it is
 * "pending" (baseline not evaluated yet) or when the run points at another evaluation (a promoted
 * checkpoint's).
 * Runs of the same experiment that were waiting for this run as their baseline are decided too.
 */
export async function evaluateGates(
  db: Db,
  runId: string,
): Promise<{ verdict: GateVerdictValue; checks: GateCheck[] } | null> {
  const result = await decideRun(db, runId);
  if (!result) return null;
  await settlePendingGates(db, result.experimentId, { exceptRunId: runId });
  return { verdict: result.verdict, checks: result.checks };
}

/**
 * Decides again the experiment's verdicts that wait for a baseline or skipped a check because it
 * had failed: after a baseline's evaluation lands (a retried one included), or after a baseline
 * failed for good, in training or in evaluation (its dependants then have no verdict, "none
 * (baseline failed)", instead of waiting forever). With `baselineRunId`, only the verdicts that
 * compare with that run.
 */
export async function settlePendingGates(
  db: Db,
  experimentId: string,
  opts: { exceptRunId?: string; baselineRunId?: string } = {},
): Promise<void> {
  const waiting = await db
    .select({ runId: gateVerdicts.runId })
    .from(gateVerdicts)
    .where(
      and(
        eq(gateVerdicts.experimentId, experimentId),
        or(eq(gateVerdicts.verdict, "pending"), hasCheck({ skipped: true })),
        opts.exceptRunId ? ne(gateVerdicts.runId, opts.exceptRunId) : undefined,
        opts.baselineRunId ? hasCheck({ baseline: { runId: opts.baselineRunId } }) : undefined,
      ),
    );
  for (const w of waiting) await decideRun(db, w.runId);
}

/** Whether one of the verdict's stored checks contains `fields` (jsonb containment). */
const hasCheck = (fields: { skipped: true } | { baseline: { runId: string } }) =>
  sql`${gateVerdicts.checks} @> ${JSON.stringify([fields])}::jsonb`;

/** The verdict may change once its baseline's state does. */
const undecided = (v: { verdict: GateVerdictValue; checks: GateCheck[] }) =>
  v.verdict === "pending" || v.checks.some((c) => c.skipped);

async function decideRun(db: Db, runId: string) {
  const [row] = await db
    .select({ run: runs, experiment: experiments, evaluation: evaluations })
    .from(runs)
    .innerJoin(experiments, eq(experiments.id, runs.experimentId))
    .innerJoin(evaluations, eq(evaluations.runId, runs.id))
    .where(and(eq(runs.id, runId), eq(evaluations.status, "completed")));
  if (!row) return null;
  const { run, experiment, evaluation } = row;
  const [existing] = await db.select().from(gateVerdicts).where(eq(gateVerdicts.runId, runId));
  const scores = evaluation.scores;
  if (existing && !undecided(existing) && existing.evaluationId === evaluation.id) {
    return {
      experimentId: experiment.id,
      verdict: existing.verdict,
      checks: existing.checks,
    };
  }

  // The baseline row (the base model without an adapter) is the reference, not a candidate: it
  // gets no verdict, so a weak base model never fails CI by itself.
  const gates = run.isBaseline ? [] : (experiment.evalSuite.gates ?? []);
  const checks: GateCheck[] = [];
  if (gates.length > 0) {
    const samples = await loadSamples(db, evaluation.id, runId);
    const input: RunInput = {
      scores,
      samples: samples.evaluated,
      references: samples.references,
      likelihood: evaluation.likelihood,
    };
    const baselines = new Map<string, BaselineInput>();
    for (const gate of gates) {
      if (gate.min !== undefined) checks.push(absoluteCheck({ ...gate, min: gate.min }, input));
      if (gate.maxDrop === undefined && gate.maxRise === undefined) continue;
      if (!baselines.has(gate.baseline))
        baselines.set(
          gate.baseline,
          await resolveBaseline(db, experiment.id, runId, gate.baseline),
        );
      const baseline = baselines.get(gate.baseline)!;
      if (gate.maxDrop !== undefined)
        checks.push(relativeCheck({ ...gate, maxDrop: gate.maxDrop }, input, baseline));
      if (gate.maxRise !== undefined)
        checks.push(riseCheck({ ...gate, maxRise: gate.maxRise }, input, baseline));
    }
  }
  const verdict = verdictOf(gates, checks);
  const decidedAt = verdict === "pending" ? null : new Date();
  const values = {
    projectId: run.projectId,
    experimentId: experiment.id,
    runId,
    evaluationId: evaluation.id,
    verdict,
    checks,
    gates,
    decidedAt,
  };
  // The verdict and its webhook event commit together; the statistics above ran outside any
  // transaction. Only an undecided verdict may be overwritten: a decider that lost a race writes nothing.
  await withTransaction(db, async (tx) => {
    // Compare-and-set on the row as read: a concurrent decider that wrote first wins.
    const asRead = existing
      ? and(
          eq(gateVerdicts.verdict, existing.verdict),
          sql`${gateVerdicts.checks} = ${JSON.stringify(existing.checks)}::jsonb`,
        )
      : undefined;
    const [stored] = await tx
      .insert(gateVerdicts)
      .values(values)
      .onConflictDoUpdate({
        target: gateVerdicts.runId,
        set: { verdict, checks, gates, decidedAt, evaluationId: evaluation.id },
        setWhere: asRead,
      })
      .returning({ verdict: gateVerdicts.verdict });
    if (stored?.verdict !== "failed") return;
    await emitWebhookEvent(tx, {
      projectId: run.projectId,
      type: "gate.failed",
      // Once per run and result: a promoted checkpoint that fails again is a new event.
      key: `gate.failed:${runId}:${fingerprint(checks)}`,
      data: {
        runId,
        runName: run.name,
        experimentId: experiment.id,
        experimentName: experiment.name,
        checks: checks.filter((c) => !c.passed && !c.pending),
      },
    });
  });
  return { experimentId: experiment.id, verdict, checks };
}

async function loadSamples(
  db: Db,
  evaluationId: string,
  runId: string,
): Promise<{ evaluated: Samples; references: string[][] }> {
  const rows = await db
    .select({
      output: evaluationSamples.output,
      reference: evaluationSamples.reference,
      extraReferences: evaluationSamples.extraReferences,
      scores: evaluationSamples.scores,
    })
    .from(evaluationSamples)
    .where(eq(evaluationSamples.evaluationId, evaluationId))
    .orderBy(asc(evaluationSamples.idx));
  return {
    evaluated: {
      evaluationId,
      runId,
      outputs: rows.map((r) => r.output),
      perMetric: rows.map((r) => r.scores),
    },
    references: rows.map(sampleReferences),
  };
}

async function resolveBaseline(
  db: Db,
  experimentId: string,
  runId: string,
  which: string,
): Promise<BaselineInput> {
  const [base] = await db
    .select({ run: runs, evaluation: evaluations })
    .from(runs)
    .leftJoin(evaluations, eq(evaluations.runId, runs.id))
    .where(
      and(
        eq(runs.experimentId, experimentId),
        which === "baseline" ? eq(runs.isBaseline, true) : eq(runs.id, which),
      ),
    );
  if (!base)
    return {
      state: "missing",
      runId: which === "baseline" ? null : which,
      why:
        which === "baseline"
          ? "the experiment has no baseline run"
          : `baseline run ${which} is not a run of this experiment`,
    };
  if (base.run.id === runId) return { state: "self", runId };
  if (base.evaluation?.status !== "completed") {
    const terminal = isUnsuccessful(base.run.status) || base.evaluation?.status === "failed";
    return terminal
      ? {
          state: "failed",
          runId: base.run.id,
          why: `the baseline run ${base.run.name} ${base.run.status === "cancelled" ? "was cancelled" : "failed"}, so there is nothing to compare with`,
        }
      : { state: "pending", runId: base.run.id };
  }
  const samples = await loadSamples(db, base.evaluation.id, base.run.id);
  return {
    state: "ready",
    runId: base.run.id,
    scores: base.evaluation.scores,
    samples: samples.evaluated,
    likelihood: base.evaluation.likelihood,
  };
}

function fingerprint(checks: GateCheck[]): string {
  return checks.map((c) => `${c.metric}=${c.value}`).join(",");
}
