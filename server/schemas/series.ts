import { z } from "zod";
import { DEFAULT_SERIES_POINTS } from "../../core/series";
import { boundedInt, INT4_MAX } from "./bounds";

export const SeriesX = z.enum(["step", "epoch", "tokens", "time"]);
export type SeriesX = z.infer<typeof SeriesX>;

export const SeriesInput = z.object({
  runIds: z.array(z.string().min(1)).min(1).max(100),
  names: z.array(z.string().min(1).max(200)).min(1).max(50),
  x: SeriesX.default("step"),
  maxPoints: z.number().int().min(10).max(10_000).default(DEFAULT_SERIES_POINTS),
});
export type SeriesInput = z.input<typeof SeriesInput>;

/** A downsampled point: (x, y) is a real point of the series; min/max envelope its bucket. */
export const SeriesPoint = z.object({
  x: z.number(),
  y: z.number(),
  min: z.number(),
  max: z.number(),
});
export type SeriesPoint = z.infer<typeof SeriesPoint>;

export const SeriesOutput = z.object({
  series: z.array(
    z.object({
      runId: z.string(),
      name: z.string(),
      points: z.array(SeriesPoint),
      /** Raw points in the series. */
      total: z.number(),
      /** The last step present: the SSE cursor to continue from. */
      lastStep: z.number(),
    }),
  ),
});
export type SeriesOutput = z.infer<typeof SeriesOutput>;

/** GET /api/runs/stream query: runIds=a,b&names=train/loss,eval/loss&after=<runId:step,...>&x=step */
export const StreamQuery = z.object({
  runIds: z.array(z.string().min(1)).min(1).max(100),
  names: z.array(z.string().min(1)).min(1).max(50),
  /** Per run: only points with step > this are sent (default: -1, everything from the start). */
  after: z.record(z.string(), boundedInt("after", -1, INT4_MAX)),
  x: SeriesX.default("step"),
});
export type StreamQuery = z.infer<typeof StreamQuery>;
export type StreamPointsEvent = {
  runId: string;
  name: string;
  points: { x: number; y: number; step: number }[];
};
