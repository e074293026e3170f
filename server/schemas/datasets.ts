import { z } from "zod";
import { Seed } from "./bounds";

export const DatasetFormatInput = z.enum(["auto", "chat", "prompt_completion"]);

export const UploadDatasetInput = z.object({
  name: z.string().trim().min(1, "Give the dataset a name").max(120),
  format: DatasetFormatInput.default("auto"),
  trainJsonl: z.string(),
  /** A separate eval file; without it, `evalFraction` of the train file is held out by a seeded split. */
  evalJsonl: z.string().optional(),
  evalFraction: z.number().min(0.01).max(0.5).default(0.1),
  splitSeed: Seed.default(42),
});
export type UploadDatasetInput = z.input<typeof UploadDatasetInput>;

export const DatasetIdInput = z.object({ id: z.string().min(1) });
export type DatasetIdInput = z.infer<typeof DatasetIdInput>;

export const DatasetVersionIdInput = z.object({
  versionId: z.string().min(1),
  split: z.enum(["train", "eval"]).default("eval"),
  limit: z.number().int().min(1).max(500).default(50),
});
export type DatasetVersionIdInput = z.input<typeof DatasetVersionIdInput>;

/** The shape of `error.data.details` when an upload is refused. */
export const DatasetUploadErrorDetails = z.object({
  errors: z.array(
    z.object({
      file: z.enum(["train", "eval"]),
      line: z.number(),
      field: z.string(),
      reason: z.string(),
    }),
  ),
  more: z.number(),
});
export type DatasetUploadErrorDetails = z.infer<typeof DatasetUploadErrorDetails>;
