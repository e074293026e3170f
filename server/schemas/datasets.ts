import { z } from "zod";
import { DATASET_FORMATS, DATASET_SPLITS, JUDGE_PREFERENCE_EXCLUSIONS } from "../../core/enums";
import { Seed } from "./bounds";

/** "auto": detected from the first line. */
export const DatasetFormatInput = z.enum(["auto", ...DATASET_FORMATS]);

export const UploadDatasetInput = z.object({
  name: z.string().trim().min(1, "Give the dataset a name").max(120),
  format: DatasetFormatInput.default("auto"),
  trainJsonl: z.string().min(1, "Choose a training file (JSONL)"),
  /** A separate eval file; without it, `evalFraction` of the train file is held out by a seeded split. */
  evalJsonl: z.string().min(1, "Choose an evaluation file (JSONL)").optional(),
  evalFraction: z
    .number({ error: "The held-out share must be a number" })
    .min(0.01, "Hold out at least 1%")
    .max(0.5, "Hold out at most 50%")
    .default(0.1),
  splitSeed: Seed.default(42),
});
export type UploadDatasetInput = z.input<typeof UploadDatasetInput>;

const LengthStats = z.object({
  min: z.number(),
  mean: z.number(),
  p50: z.number(),
  p95: z.number(),
  max: z.number(),
});
export type LengthStats = z.infer<typeof LengthStats>;
/** Length statistics of one split (characters of prompt and completion, turns per example). */
export const SplitStats = z.object({
  count: z.number(),
  promptChars: LengthStats,
  completionChars: LengthStats,
  turns: LengthStats,
});
export type SplitStats = z.infer<typeof SplitStats>;
/** dataset_versions.stats. */
export const DatasetStats = z.object({ train: SplitStats, eval: SplitStats });
export type DatasetStats = z.infer<typeof DatasetStats>;
/** dataset_versions.split: where the eval examples came from. */
export const DatasetSplitSource = z.discriminatedUnion("evalSource", [
  z.object({ evalSource: z.literal("file") }),
  z.object({ evalSource: z.literal("split"), evalFraction: z.number(), splitSeed: z.number() }),
]);
export type DatasetSplitSource = z.infer<typeof DatasetSplitSource>;

/** dataset_versions.source: a version made from verdicts. From a review campaign's pairwise
 *  votes: the filter it applied and each example's vote counts (in the train split's order). */
const CampaignSource = z.object({
  type: z.literal("review_campaign"),
  campaignId: z.string(),
  filter: z.object({ minAgreement: z.number().nullable() }),
  votes: z.array(z.object({ itemId: z.string(), chosen: z.number(), total: z.number() })),
});
/** From a pairwise judge version's verdicts on one run against its reference run: a sample counts
 *  only when both orders name the same winner (the swap rule); the rest are counted by reason. */
const JudgeSource = z.object({
  type: z.literal("judge"),
  judgeId: z.string(),
  judgeName: z.string(),
  judgeVersion: z.number().int(),
  experimentId: z.string(),
  runId: z.string(),
  againstRunId: z.string(),
  filter: z.object({ rule: z.literal("same_winner_in_both_orders") }),
  counts: z.object({
    pairs: z.number().int(),
    qualified: z.number().int(),
    excluded: z.record(z.enum(JUDGE_PREFERENCE_EXCLUSIONS), z.number().int()),
  }),
});
export const DatasetSource = z.discriminatedUnion("type", [CampaignSource, JudgeSource]);
export type DatasetSource = z.infer<typeof DatasetSource>;

export const DatasetIdInput = z.object({ id: z.string().min(1) });
export type DatasetIdInput = z.infer<typeof DatasetIdInput>;

export const DatasetVersionIdInput = z.object({
  versionId: z.string().min(1),
  split: z.enum(DATASET_SPLITS).default("eval"),
  limit: z.number().int().min(1).max(500).default(50),
});
export type DatasetVersionIdInput = z.input<typeof DatasetVersionIdInput>;

/** The shape of `error.data.details` when an upload is refused. */
export const DatasetUploadErrorDetails = z.object({
  errors: z.array(
    z.object({
      file: z.enum(DATASET_SPLITS),
      line: z.number(),
      field: z.string(),
      reason: z.string(),
    }),
  ),
  more: z.number(),
});
export type DatasetUploadErrorDetails = z.infer<typeof DatasetUploadErrorDetails>;
