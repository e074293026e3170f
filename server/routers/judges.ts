import {
  CampaignCalibrationInput,
  CreateJudgeInput,
  JudgeIdInput,
  JudgePreferencesInput,
  RunVerdictsInput,
  TryJudgeInput,
  UpdateJudgeInput,
} from "@/server/schemas/judges";
import {
  campaignCalibration,
  createJudge,
  getJudge,
  listJudges,
  preferencesFromJudge,
  runVerdicts,
  tryJudge,
  updateJudge,
} from "@/server/services/judges";
import { adminProcedure, createTRPCRouter, memberProcedure } from "@/server/trpc";

// Creating and editing a judge is admin-only: its calls spend the project's API key. Members list
// and read judges, use them in suites and try them (cached, capped at 30 calls per judge).
export const judgesRouter = createTRPCRouter({
  list: memberProcedure.query(({ ctx }) => listJudges({ ctx })),
  get: memberProcedure.input(JudgeIdInput).query(({ ctx, input }) => getJudge({ ctx, input })),
  create: adminProcedure
    .input(CreateJudgeInput)
    .mutation(({ ctx, input }) => createJudge({ ctx, input })),
  update: adminProcedure
    .input(UpdateJudgeInput)
    .mutation(({ ctx, input }) => updateJudge({ ctx, input })),
  /** Each sample's verdicts and rationale on a run (run and compare pages). */
  verdicts: memberProcedure
    .input(RunVerdictsInput)
    .query(({ ctx, input }) => runVerdicts({ ctx, input })),
  /** Pairwise judges vs the people of a review campaign (the review results' calibration card). */
  calibration: memberProcedure
    .input(CampaignCalibrationInput)
    .query(({ ctx, input }) => campaignCalibration({ ctx, input })),
  /** A pairwise judge's agreeing verdicts on a run as a preference dataset version. */
  toPreferenceDataset: memberProcedure
    .input(JudgePreferencesInput)
    .mutation(({ ctx, input }) => preferencesFromJudge({ ctx, input })),
  try: memberProcedure.input(TryJudgeInput).mutation(({ ctx, input }) => tryJudge({ ctx, input })),
});
