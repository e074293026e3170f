import { and, asc, eq } from "drizzle-orm";
import { isUnsuccessful } from "@/core/run-status";
import { experiments, gateVerdicts, runs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { notFound } from "@/server/errors";
import type { GateVerdictList, GateVerdictValue, RunGateVerdict } from "@/server/schemas/gates";

type Input = { projectId: string; experimentId: string; runId?: string };

/**
 * Every run of the experiment (or one, with runId) with its gate verdict. A run without a stored
 * verdict is "pending" while it can still be evaluated, and "none" once it cannot (training failed
 * or was cancelled), when the suite declares no gates, and always for the baseline row (the
 * reference every run is compared with, not a candidate).
 */
export async function listGateVerdicts(db: Db, input: Input): Promise<RunGateVerdict[]> {
  return (await getExperimentGates(db, input)).verdicts;
}

/** The experiment's gates and every run's verdict (REST and CLI). */
export async function getExperimentGates(db: Db, input: Input): Promise<GateVerdictList> {
  const [experiment] = await db
    .select({ id: experiments.id, evalSuite: experiments.evalSuite })
    .from(experiments)
    .where(and(eq(experiments.id, input.experimentId), eq(experiments.projectId, input.projectId)));
  if (!experiment) throw notFound("Experiment");
  const gates = experiment.evalSuite.gates ?? [];
  const rows = await db
    .select({ run: runs, verdict: gateVerdicts })
    .from(runs)
    .leftJoin(gateVerdicts, eq(gateVerdicts.runId, runs.id))
    .where(
      and(eq(runs.experimentId, experiment.id), input.runId ? eq(runs.id, input.runId) : undefined),
    )
    .orderBy(asc(runs.index));
  if (input.runId && rows.length === 0) throw notFound("Run");
  const undecided = (status: string, isBaseline: boolean): GateVerdictValue =>
    gates.length === 0 || isBaseline || isUnsuccessful(status) ? "none" : "pending";
  const verdicts = rows.map(({ run, verdict }) => {
    const checks = verdict?.checks ?? [];
    return {
      runId: run.id,
      runName: run.name,
      isBaseline: run.isBaseline,
      runStatus: run.status,
      verdict: verdict?.verdict ?? undecided(run.status, run.isBaseline),
      baselineFailed: verdict?.verdict === "none" && checks.some((c) => c.skipped),
      checks,
      decidedAt: verdict?.decidedAt?.toISOString() ?? null,
    };
  });
  return { experimentId: experiment.id, gates, verdicts };
}
