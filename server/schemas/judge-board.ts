import { z } from "zod";

/**
 * What an experiment's pairwise judges found: per judge version, each run's win rate against its
 * reference run (tie = ½) with a bootstrap CI, the judge's Bradley–Terry rating across runs, its
 * biases (flip rate, first-slot preference, length bias, each share with a binomial p against ½),
 * and its agreement with people where a pairwise review campaign covered the same (sample, pair).
 */
export const JudgeBoardInput = z.object({ experimentId: z.string().min(1).max(100) });
export type JudgeBoardInput = z.infer<typeof JudgeBoardInput>;

const Ci = z.tuple([z.number(), z.number()]).nullable();
const Share = z.object({
  share: z.number().nullable(),
  k: z.number().int(),
  n: z.number().int(),
  p: z.number().nullable(),
});

export const JudgeCalibrationOut = z.object({
  n: z.number().int(),
  agreement: z.number().nullable(),
  kappa: z.number().nullable(),
  band: z.string().nullable(),
  /** κ below 0.4, or κ undefined: the judge's scores carry a warning. */
  warning: z.boolean(),
  /** confusion[human][judge], rows and columns x (first run), y (second run), tie. */
  confusion: z.array(z.array(z.number().int())),
  winRates: z.array(
    z.object({
      runId: z.string(),
      human: z.number().nullable(),
      judge: z.number().nullable(),
      n: z.number().int(),
    }),
  ),
});
export type JudgeCalibrationOut = z.infer<typeof JudgeCalibrationOut>;

export const JudgeBoardEntry = z.object({
  judgeId: z.string(),
  judgeName: z.string(),
  version: z.number().int(),
  runs: z.array(
    z.object({
      runId: z.string(),
      againstRunId: z.string(),
      /** 0–1, tie = ½; null when no sample has a parsed verdict in both orders. */
      winRate: z.number().nullable(),
      ci: Ci,
      n: z.number().int(),
      /** Samples left out because a game had no verdict. */
      unparsed: z.number().int(),
    }),
  ),
  ratings: z.array(
    z.object({ runId: z.string(), rating: z.number(), ci: Ci, battles: z.number().int() }),
  ),
  bias: z.object({
    pairs: z.number().int(),
    flipRate: z.number().nullable(),
    firstSlot: Share,
    longerWins: Share,
  }),
  calibration: JudgeCalibrationOut.nullable(),
});
export type JudgeBoardEntry = z.infer<typeof JudgeBoardEntry>;
