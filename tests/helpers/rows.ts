import type { DatasetSplitSource, DatasetStats } from "@/server/schemas/datasets";
import { type HyperparameterGrid, TrainingSettings } from "@/server/schemas/experiments";

const NO_LENGTHS = { min: 0, mean: 0, p50: 0, p95: 0, max: 0 };
const NO_SPLIT = {
  count: 0,
  promptChars: NO_LENGTHS,
  completionChars: NO_LENGTHS,
  turns: NO_LENGTHS,
};

/** Well-formed jsonb values for rows that tests and benchmarks insert without the services. */
export const ROW_STUBS = {
  split: { evalSource: "file" } satisfies DatasetSplitSource,
  stats: { train: NO_SPLIT, eval: NO_SPLIT } satisfies DatasetStats,
  grid: { learningRate: [1e-4], loraRank: [4], epochs: [1] } satisfies HyperparameterGrid,
  training: TrainingSettings.parse({}),
};
