import type { RouterInputs } from "@/app/_trpc/types";
import { toDevicesSetting } from "./devices-field";
import type { EvalSuiteState } from "./eval-suite-picker";
import { toGateSpecs } from "./gates-draft";
import { GRID_AXES, type GridText, parseAxis } from "./grid-editor";
import { type MethodState, methodAxes } from "./method-field";
import { parseRulesText } from "./rules-editor";
import type { TrainingState } from "./training-fields";

type GridInput = RouterInputs["experiments"]["previewGrid"];
type CreateInput = RouterInputs["experiments"]["create"];

/** The form's text state → the previewGrid input, or the first problem as a sentence. */
export function toGridInput(
  text: GridText,
  method: MethodState,
): { input: GridInput | null; error: string | null } {
  const out: Record<string, number[]> = {};
  for (const axis of GRID_AXES) {
    const { values, error } = parseAxis(text[axis.key], axis);
    if (error) return { input: null, error };
    out[axis.key] = values;
  }
  const numeric = out as unknown as Omit<GridInput, "objective" | "parameters">;
  return { input: { ...numeric, ...methodAxes(method) }, error: null };
}

export function toCreateInput(f: {
  name: string;
  baseModel: string;
  datasetVersionId: string;
  grid: GridInput;
  training: TrainingState;
  method: MethodState;
  suite: EvalSuiteState;
}): CreateInput {
  return {
    name: f.name.trim(),
    baseModel: f.baseModel.trim(),
    datasetVersionId: f.datasetVersionId,
    backend: "local",
    grid: f.grid,
    training: {
      batchSize: f.training.batchSize,
      maxSeqLen: f.training.maxSeqLen,
      devices: toDevicesSetting(f.training.devices).value ?? "auto",
      ...(f.training.maxSteps ? { maxSteps: Number(f.training.maxSteps) } : {}),
      ...(f.method.objective.includes("dpo") ? { dpo: { beta: f.method.dpoBeta } } : {}),
      ...(f.method.initFromRunId ? { initFromRunId: f.method.initFromRunId } : {}),
    },
    evalSuite: toEvalSuiteInput(f.suite),
  } as CreateInput;
}

/** The suite picker's state → an experiment's evalSuite (creation and setEvaluation alike). */
export function toEvalSuiteInput(suite: EvalSuiteState): CreateInput["evalSuite"] {
  return {
    metrics: suite.metrics,
    primaryMetric: suite.primary,
    split: "eval",
    generation: { maxNewTokens: suite.maxNewTokens, temperature: suite.temperature },
    rules: parseRulesText(suite.rulesText ?? ""),
    ...(suite.customScorers?.length ? { customScorers: suite.customScorers } : {}),
    ...(suite.gates?.length ? { gates: toGateSpecs(suite.gates) } : {}),
    ...(suite.retentionVersionId
      ? { retention: { datasetVersionId: suite.retentionVersionId } }
      : {}),
    ...(suite.judges?.length
      ? {
          judges: suite.judges.map((j) => ({
            judgeId: j.judgeId,
            name: j.name,
            mode: j.mode,
            ...(j.mode === "pairwise" ? { against: j.against } : {}),
          })),
        }
      : {}),
  } as CreateInput["evalSuite"];
}
