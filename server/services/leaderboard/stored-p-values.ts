import type { RowInputs } from "@/evals";
import type { BoardRun } from "./load-board";

/** A stored p-value that still answers the row's current question (it may be null: not due). */
export type Fresh = { value: number | null };

/**
 * Which of a row's stored p-values were computed from the evaluations the row compares now: its
 * own, the best run's and the baseline's, on the primary metric. Null where the inputs changed.
 */
export function storedPValues(
  stored: BoardRun["stored"],
  inputs: RowInputs,
  metric: string,
): { vsBest: Fresh | null; vsBaseline: Fresh | null } {
  const same =
    stored !== null && stored.metric === metric && stored.evaluationId === inputs.evaluationId;
  return {
    vsBest:
      same && stored.bestEvaluationId === inputs.bestEvaluationId
        ? { value: stored.pValueVsBest }
        : null,
    vsBaseline:
      same && stored.baselineEvaluationId === inputs.baselineEvaluationId
        ? { value: stored.pValueVsBaseline }
        : null,
  };
}
