import { defineJob } from "@/server/jobs/define";
import { evaluateRun, failEvaluation } from "@/server/services/evaluations";
import { leaseSeconds } from "./lease";

/** Evaluates a succeeded run (or an experiment's baseline); enqueued once per run by key. */
export const evaluateRunJob = defineJob({
  kind: "run.evaluate",
  leaseSeconds: leaseSeconds(),
  async handler({ ctx, payload }) {
    await evaluateRun(ctx.db, payload.runId);
  },
  // Recorded on the run, so a run whose evaluation cannot succeed does not look stuck.
  async onFinalFailure({ ctx, payload, error }) {
    await failEvaluation(ctx.db, payload.runId, error.message);
  },
});
