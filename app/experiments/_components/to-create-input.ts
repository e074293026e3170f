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
    evalSuite: {
      metrics: f.suite.metrics,
      primaryMetric: f.suite.primary,
      split: "eval",
      generation: { maxNewTokens: f.suite.maxNewTokens, temperature: f.suite.temperature },
      rules: parseRulesText(f.suite.rulesText ?? ""),
      ...(f.suite.customScorers?.length ? { customScorers: f.suite.customScorers } : {}),
      ...(f.suite.gates?.length ? { gates: toGateSpecs(f.suite.gates) } : {}),
    },
  } as CreateInput;
}
