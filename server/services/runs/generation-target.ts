import { existsSync } from "node:fs";
import path from "node:path";
import type { BackendKind } from "@/core/enums";
import { methodOf } from "@/trainers/method";
import type { StoredRunSpec } from "@/trainers/types";
import { isTrainable } from "./build-run-spec";

/**
 * What generation loads for a run's trained output (its "adapter" artifact or a checkpoint). A
 * LoRA / QLoRA output is an adapter on the base model. A local full run's output is a Hugging
 * Face model folder (DIR/model), which is the model itself: it replaces the base model and no
 * adapter is applied (the worker's generate refuses a folder without adapter_config.json). An
 * external run's output is either (checked when attached): a folder without adapter_config.json
 * is a model folder, generated from the same way. A SageMaker run's output is its job's
 * model.tar.gz, whichever it holds: the backend reads what the job trained from the job's own
 * request (trainers/sagemaker, generate).
 */
export function generationTarget(
  spec: StoredRunSpec,
  backend: BackendKind,
  baseModel: string,
  trainedPath: string | null,
): { baseModel: string; adapterPath: string | null } {
  const full = isTrainable(spec) && methodOf(spec).parameters === "full";
  const externalModel =
    backend === "external" &&
    trainedPath !== null &&
    !existsSync(path.join(trainedPath, "adapter_config.json"));
  if (trainedPath && ((full && backend === "local") || externalModel))
    return { baseModel: trainedPath, adapterPath: null };
  return { baseModel, adapterPath: trainedPath };
}
