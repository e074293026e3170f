import { and, asc, eq } from "drizzle-orm";
import { checkpointEvaluations, checkpointEvaluationSamples, datasetExamples, experiments, runs } from "@/drizzle/schema";
import { withTransaction, type Db } from "@/server/db";
import type { EvalSuite } from "@/server/schemas/experiments";
import { scoreOutputs } from "@/server/services/evaluations/score-outputs";
import { runWorkDir } from "@/server/services/runs/job-kinds";
import { projectBackend } from "@/server/services/settings/project-backend";
import type { ChatMessage, ExternalRef } from "@/trainers/types";

export const CHECKPOINT_JOB = "checkpoint.evaluate";
const BATCH = 500;

/**
 * Generates with the checkpoint's adapter (the local worker's DIR/checkpoints/step_N holds
 * adapter_config.json + adapter_model.safetensors, which `worker generate` loads like the final
 * adapter) on the run's eval split, scores with evals/ exactly as the run's own evaluation, and
 * stores scores and samples per (run, step) in one transaction. Idempotent: a completed one is
 * left alone.
 */
export async function evaluateCheckpoint(db: Db, runId: string, step: number): Promise<"evaluated" | "skipped"> {
  const [ce] = await db.select().from(checkpointEvaluations).where(and(eq(checkpointEvaluations.runId, runId), eq(checkpointEvaluations.step, step)));
  if (!ce || ce.status === "completed") return "skipped";
  const [row] = await db.select({ run: runs, experiment: experiments }).from(runs).innerJoin(experiments, eq(experiments.id, runs.experimentId)).where(eq(runs.id, runId));
  if (!row) return "skipped";
  const { run, experiment } = row;
  await db.update(checkpointEvaluations).set({ status: "running", error: null }).where(eq(checkpointEvaluations.id, ce.id));

  const suite = experiment.evalSuite as EvalSuite;
  const examples = await db
    .select()
    .from(datasetExamples)
    .where(and(eq(datasetExamples.versionId, experiment.datasetVersionId), eq(datasetExamples.split, suite.split)))
    .orderBy(asc(datasetExamples.idx));
  const ref = (run.externalRef as ExternalRef | null) ?? null;
  const backend = await projectBackend(db, run.projectId, ref?.backend ?? experiment.backend);
  const outputs: string[] = [];
  for await (const p of backend.generate({
    baseModel: experiment.baseModel,
    ref,
    adapterPath: ce.adapterPath,
    prompts: examples.map((e) => ({ id: String(e.idx), messages: (e.messages as ChatMessage[]).slice(0, -1) })),
    settings: suite.generation,
    workDir: `${runWorkDir(runId)}/eval-step-${step}`,
  })) outputs.push(p.output);
  const { perSample, corpus } = scoreOutputs(outputs, examples.map((e) => e.reference), suite.metrics, suite.accuracyMode);

  return withTransaction(db, async (tx) => {
    await tx.delete(checkpointEvaluationSamples).where(eq(checkpointEvaluationSamples.checkpointEvaluationId, ce.id));
    const rows = examples.map((e, i) => ({
      checkpointEvaluationId: ce.id,
      idx: e.idx,
      prompt: promptText(e.messages as ChatMessage[]),
      reference: e.reference,
      output: outputs[i]!,
      scores: perSample[i]!,
      primaryScore: perSample[i]![suite.primaryMetric],
    }));
    for (let i = 0; i < rows.length; i += BATCH) await tx.insert(checkpointEvaluationSamples).values(rows.slice(i, i + BATCH));
    await tx.update(checkpointEvaluations).set({ status: "completed", scores: corpus, sampleCount: examples.length, finishedAt: new Date() }).where(eq(checkpointEvaluations.id, ce.id));
    return "evaluated" as const;
  });
}

export async function failCheckpointEvaluation(db: Db, runId: string, step: number, error: string) {
  await db.update(checkpointEvaluations).set({ status: "failed", error }).where(and(eq(checkpointEvaluations.runId, runId), eq(checkpointEvaluations.step, step)));
}

/** The same prompt text the run's own evaluation stores, so samples align by prompt. */
function promptText(messages: ChatMessage[]): string {
  const prompt = messages.slice(0, -1);
  return prompt.length === 1 ? prompt[0]!.content : prompt.map((m) => `${m.role}: ${m.content}`).join("\n");
}
