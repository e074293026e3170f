import { ListRunsInput, RunIdInput, RunLogsInput, RunMetricsInput, RunSamplesInput } from "@/server/schemas/runs";
import { cancelRun, getRun, getRunLogs, getRunMetrics, getRunSamples, listRuns } from "@/server/services/runs";
import { RunsTableInput, SetTagsInput } from "@/server/schemas/runs-table";
import { getRunsTable, setRunTags } from "@/server/services/runs-table";
import { createTRPCRouter, memberProcedure, protectedProcedure } from "@/server/trpc";

export const runsRouter = createTRPCRouter({
  list: protectedProcedure.input(ListRunsInput).query(({ ctx, input }) => listRuns({ ctx, input })),
  get: protectedProcedure.input(RunIdInput).query(({ ctx, input }) => getRun({ ctx, input })),
  cancel: memberProcedure.input(RunIdInput).mutation(({ ctx, input }) => cancelRun({ ctx, input })),
  metrics: protectedProcedure.input(RunMetricsInput).query(({ ctx, input }) => getRunMetrics({ ctx, input })),
  logs: protectedProcedure.input(RunLogsInput).query(({ ctx, input }) => getRunLogs({ ctx, input })),
  samples: protectedProcedure.input(RunSamplesInput).query(({ ctx, input }) => getRunSamples({ ctx, input })),
  table: protectedProcedure.input(RunsTableInput).query(({ ctx, input }) => getRunsTable({ ctx, input })),
  setTags: memberProcedure.input(SetTagsInput).mutation(({ ctx, input }) => setRunTags({ ctx, input })),
});
