import { AttachOutputInput } from "@/server/schemas/mlflow";
import {
  ListRunsInput,
  RunIdInput,
  RunLogsInput,
  RunMetricsInput,
  RunSamplesInput,
} from "@/server/schemas/runs";
import { RunsTableInput, SetTagsInput } from "@/server/schemas/runs-table";
import { requestEvaluation } from "@/server/services/evaluations";
import {
  cancelRun,
  getRun,
  getRunLogs,
  getRunMetrics,
  getRunSamples,
  listRuns,
} from "@/server/services/runs";
import { attachAdapter } from "@/server/services/runs/attach-adapter";
import { getRunsTable, setRunTags } from "@/server/services/runs-table";
import { createTRPCRouter, memberProcedure } from "@/server/trpc";

export const runsRouter = createTRPCRouter({
  list: memberProcedure.input(ListRunsInput).query(({ ctx, input }) => listRuns({ ctx, input })),
  get: memberProcedure.input(RunIdInput).query(({ ctx, input }) => getRun({ ctx, input })),
  cancel: memberProcedure.input(RunIdInput).mutation(({ ctx, input }) => cancelRun({ ctx, input })),
  evaluate: memberProcedure
    .input(RunIdInput)
    .mutation(({ ctx, input }) =>
      requestEvaluation(ctx.db, { projectId: ctx.projectId, runId: input.runId }),
    ),
  attachOutput: memberProcedure
    .input(AttachOutputInput)
    .mutation(({ ctx, input }) => attachAdapter({ ctx, input })),
  metrics: memberProcedure
    .input(RunMetricsInput)
    .query(({ ctx, input }) => getRunMetrics({ ctx, input })),
  logs: memberProcedure.input(RunLogsInput).query(({ ctx, input }) => getRunLogs({ ctx, input })),
  samples: memberProcedure
    .input(RunSamplesInput)
    .query(({ ctx, input }) => getRunSamples({ ctx, input })),
  table: memberProcedure
    .input(RunsTableInput)
    .query(({ ctx, input }) => getRunsTable({ ctx, input })),
  setTags: memberProcedure
    .input(SetTagsInput)
    .mutation(({ ctx, input }) => setRunTags({ ctx, input })),
});
