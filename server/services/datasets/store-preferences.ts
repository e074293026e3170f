import { and, eq, inArray } from "drizzle-orm";
import {
  datasetExamples,
  evaluationSamples,
  evaluations,
  type experiments,
} from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { badRequest } from "@/server/errors";
import type { DatasetSource } from "@/server/schemas/datasets";
import type { Example } from "./parse-jsonl";
import { prepareDataset } from "./prepare-dataset";
import { storeVersion } from "./store-version";

/** Fewer examples than this cannot be split into train and eval. */
export const MIN_PREFERENCE_EXAMPLES = 2;

/** One verdict that became an example: on this sample of the experiment, one run's answer beat
 *  another's. */
export type PreferencePick = { sampleIdx: number; chosenRunId: string; rejectedRunId: string };

/**
 * Verdicts (a review campaign's, a judge's) as a preference dataset version: the prompt is the
 * experiment's eval example the verdict was about, chosen and rejected are the two runs' outputs
 * for it. Stored through the upload path, so the lines meet exactly the rules an uploaded file
 * does, and the same examples again resolve to the stored version (`reused`). `report` (why
 * verdicts were left out) rides along in every refusal's details.
 */
export async function storePreferences(
  db: Db,
  args: {
    projectId: string;
    experiment: Pick<typeof experiments.$inferSelect, "datasetVersionId" | "evalSuite">;
    picks: PreferencePick[];
    name: string;
    splitSeed: number;
    source: DatasetSource;
    report: Record<string, unknown>;
  },
) {
  const { experiment, picks, report } = args;
  // The prompts are the experiment's eval examples; an MLflow-made experiment may have none yet.
  const datasetVersionId = experiment.datasetVersionId;
  if (!datasetVersionId) throw badRequest("The experiment has no dataset.", report);
  const runIds = [...new Set(picks.flatMap((p) => [p.chosenRunId, p.rejectedRunId]))];
  const idxs = [...new Set(picks.map((p) => p.sampleIdx))];
  const [outputs, prompts] = await Promise.all([
    db
      .select({
        runId: evaluations.runId,
        idx: evaluationSamples.idx,
        output: evaluationSamples.output,
      })
      .from(evaluationSamples)
      .innerJoin(evaluations, eq(evaluations.id, evaluationSamples.evaluationId))
      .where(and(inArray(evaluations.runId, runIds), inArray(evaluationSamples.idx, idxs))),
    db
      .select({ idx: datasetExamples.idx, messages: datasetExamples.messages })
      .from(datasetExamples)
      .where(
        and(
          eq(datasetExamples.versionId, datasetVersionId),
          eq(datasetExamples.split, experiment.evalSuite.split),
          inArray(datasetExamples.idx, idxs),
        ),
      ),
  ]);
  const outputOf = (runId: string, idx: number) =>
    outputs.find((o) => o.runId === runId && o.idx === idx)?.output;
  const examples: Example[] = picks.map((p, i) => {
    const prompt = prompts.find((q) => q.idx === p.sampleIdx)?.messages.slice(0, -1);
    const chosen = outputOf(p.chosenRunId, p.sampleIdx);
    const rejected = outputOf(p.rejectedRunId, p.sampleIdx);
    // Only if the experiment's dataset or a run's evaluation changed after the verdict.
    if (!prompt || chosen === undefined || rejected === undefined)
      throw badRequest(
        `Sample ${p.sampleIdx} has a verdict, but its prompt or a run's output is no longer stored.`,
        report,
      );
    return { line: i + 1, messages: [...prompt, { role: "assistant", content: chosen }], rejected };
  });
  const prepared = prepareDataset({
    format: "preference",
    trainJsonl: examples.map(toPreferenceLine).join("\n"),
    evalFraction: 0.1,
    splitSeed: args.splitSeed,
  });
  if (!prepared.ok) throw badRequest(prepared.message, { ...report, errors: prepared.errors });
  return storeVersion(db, {
    projectId: args.projectId,
    name: args.name,
    dataset: prepared.dataset,
    source: args.source,
  });
}

const toPreferenceLine = (e: Example) =>
  JSON.stringify({
    input: { messages: e.messages.slice(0, -1) },
    preferred_output: [e.messages[e.messages.length - 1]],
    non_preferred_output: [{ role: "assistant", content: e.rejected }],
  });
