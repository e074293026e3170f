import { defineJob } from "@/server/jobs/define";
import { fetchRunOutput } from "@/server/services/runs/fetch-run-output";

/** Downloads an external run's output from S3 and requests its evaluation; keyed by run and URI. */
export const fetchRunOutputJob = defineJob({
  kind: "run.fetch-output",
  async handler({ ctx, payload }) {
    await fetchRunOutput(ctx.db, payload);
  },
});
