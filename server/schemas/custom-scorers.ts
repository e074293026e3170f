import { z } from "zod";
import { RULE_NAME } from "./rules";

/**
 * Custom scorers in an eval suite: Python files defining score(prompt, output, reference) -> float,
 * run by the worker (trainers/local/worker/score.py) on every sample, each as the metric
 * "custom:<name>". Whether the code compiles and defines `score` is decided on the server by the
 * worker's check-scorers (server/services/experiments/check-suite-scorers.ts); `sha256` is the
 * code's hash, set there when the experiment is created, so a score names the code that gave it.
 */
export const CUSTOM_SCORER_MAX_BYTES = 64 * 1024;
export const SAMPLE_TIMEOUT_S = { default: 5, min: 0.1, max: 60 };
export const TOTAL_TIMEOUT_S = { default: 300, min: 1, max: 3600 };

const seconds = (what: string, b: { min: number; max: number }) =>
  z
    .number({ error: `${what} must be a number of seconds` })
    .min(b.min, `${what} must be at least ${b.min} s`)
    .max(b.max, `${what} must be at most ${b.max} s`);

export const CustomScorer = z.strictObject({
  name: z
    .string()
    .regex(
      RULE_NAME,
      "name must start with a letter and use only letters, digits, _ . - (64 at most)",
    ),
  code: z
    .string({ error: "code must be the text of a Python file" })
    .min(1, "code must not be empty")
    .refine(
      (c) => new TextEncoder().encode(c).length <= CUSTOM_SCORER_MAX_BYTES,
      `code is larger than ${CUSTOM_SCORER_MAX_BYTES / 1024} KiB`,
    ),
  /** Set by the server from `code` when the experiment is created; any value sent is replaced. */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  sampleTimeoutS: seconds("sampleTimeoutS", SAMPLE_TIMEOUT_S).default(SAMPLE_TIMEOUT_S.default),
  totalTimeoutS: seconds("totalTimeoutS", TOTAL_TIMEOUT_S).default(TOTAL_TIMEOUT_S.default),
});
export type CustomScorer = z.infer<typeof CustomScorer>;

export const CustomScorers = z
  .array(CustomScorer)
  .max(10, "At most 10 custom scorers")
  .superRefine((scorers, ctx) => {
    const seen = new Set<string>();
    scorers.forEach((s, i) => {
      if (seen.has(s.name))
        ctx.addIssue({
          code: "custom",
          message: `two custom scorers are named ${JSON.stringify(s.name)}`,
          path: [i, "name"],
        });
      seen.add(s.name);
    });
  });

/** A custom scorer's metric name, as suites, scores and the leaderboard call it. */
export const customMetric = (scorerName: string): CustomMetric => `custom:${scorerName}`;
export type CustomMetric = `custom:${string}`;
export const isCustomMetric = (metric: string): metric is CustomMetric =>
  metric.startsWith("custom:");
