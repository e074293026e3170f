import { likelihoodLocal } from "../local/likelihood";
import { localBackend } from "../local/local-backend";
import type { ExternalRef, GenerateRequest, Prediction, RunSpec, TrainingBackend } from "../types";

// An external run was trained elsewhere (an MLflow client logged it to /api/mlflow): Tunebench
// never starts, polls or stops its training, so those verbs refuse. What it can do is evaluate:
// once an adapter or model folder is attached, generation and perplexity run through the local
// worker exactly as for a local run, so the scores are comparable with the experiment's baseline.

const TRAINED_ELSEWHERE =
  "external runs are trained elsewhere and logged through the MLflow API; Tunebench cannot start or stop them";

export const externalBackend: TrainingBackend = {
  kind: "external",
  validate(_spec: RunSpec) {
    return [{ field: "backend", message: TRAINED_ELSEWHERE }];
  },
  async submit(): Promise<ExternalRef> {
    throw new Error(TRAINED_ELSEWHERE);
  },
  /** An external run has no event stream: its client reports through the MLflow API instead. */
  async *poll() {},
  async cancel() {
    throw new Error(TRAINED_ELSEWHERE);
  },
  generate(req: GenerateRequest): AsyncIterable<Prediction> {
    return localBackend.generate({ ...req, ref: null });
  },
  likelihood: likelihoodLocal,
};
