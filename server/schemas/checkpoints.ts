import { z } from "zod";
import { CHECKPOINT_EVALUATION_STATUSES, CHECKPOINT_KINDS } from "../../core/enums";
import { Step } from "./bounds";

export const CheckpointsListInput = z.object({ runId: z.string().min(1) });
export const CheckpointStepInput = z.object({
  runId: z.string().min(1),
  step: Step,
});
export type CheckpointStepInput = z.infer<typeof CheckpointStepInput>;

export const CheckpointRow = z.object({
  step: z.number(),
  path: z.string(),
  kind: z.enum(CHECKPOINT_KINDS),
  /** False when its adapter is no longer on disk. */
  available: z.boolean(),
  evaluated: z.boolean(),
  evaluation: z
    .object({ status: z.enum(CHECKPOINT_EVALUATION_STATUSES), error: z.string().nullable() })
    .nullable(),
  scores: z
    .record(
      z.string(),
      z.object({ score: z.number(), ci: z.tuple([z.number(), z.number()]).nullable() }),
    )
    .optional(),
  isBest: z.boolean(),
  isPromoted: z.boolean(),
});
export type CheckpointRow = z.infer<typeof CheckpointRow>;

export const CheckpointsListOutput = z.object({
  primaryMetric: z.string(),
  checkpoints: z.array(CheckpointRow),
});
export type CheckpointsListOutput = z.infer<typeof CheckpointsListOutput>;
